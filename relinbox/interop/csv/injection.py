"""CSV injection (OWASP, CWE-1236): cells a spreadsheet would run as formulas.

Exports put a `'` before a cell that starts with one of the trigger characters; imports take
it off again, so "+44 20 7946 0001" survives a round trip as a phone number.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell no spreadsheet reads as a formula: `'` before a leading = + - @ TAB CR."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def unguard(cell: str) -> str:
    """Undo `neutralise`: "'+44 20…" is the phone "+44 20…"."""
    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell
