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
