"""CSV injection (OWASP, CWE-1236): cells a spreadsheet would run as formulas.

Exports put a `'` before a cell that starts with one of the trigger characters; imports take
it off again, so "+44 20 7946 0001" survives a round trip as a phone number — but only from a
file written that way (`guarded`): in a file from a tool that does not guard, such as Google
Contacts itself, an apostrophe is the user's own text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell no spreadsheet reads as a formula: `'` before a leading = + - @ TAB CR."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def unguard(cell: str) -> str:
    """Undo `neutralise`: "'+44 20…" is the phone "+44 20…"."""
    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def guarded(rows: Iterable[Sequence[str]]) -> bool:
    """Whether the cells were written by a guarding exporter: some cell starts with `'` and
    a trigger, and no cell starts with a bare trigger (a guard leaves none)."""
    seen_guard = False
    for fields in rows:
        starts = {cell[:1] for cell in fields}  # one set per row: most cells are empty
        if not starts.isdisjoint(FORMULA_TRIGGERS):
            return False
        if not seen_guard and "'" in starts:
            seen_guard = any(c[:1] == "'" and c[1:].startswith(FORMULA_TRIGGERS) for c in fields)
    return seen_guard
