"""Text helpers shared by matching, sorting and de-duplication."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Accent- and case-folded, whitespace collapsed: "  Zoë  Ålund" -> "zoe alund".

    Used wherever people type or compare names: "zoe" finds "Zoë", "JOSE" finds "José".
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def cells(char: str) -> int:
    """Terminal cells a character takes: two for wide East Asian ones, none for a combining
    mark."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def pad_to_cells(text: str, width: int) -> str:
    """Exactly `width` terminal cells: padded, or cut with an ellipsis."""
    if text.isascii():
        return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
    used, kept = 0, []
    total = sum(map(cells, text))
    limit = width if total <= width else width - 1
    for char in text:
        size = cells(char)
        if used + size > limit:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ("" if total <= width else "…") + " " * (limit - used)
