"""Personal dates as the sources write them, normalised to `YYYY-MM-DD` or `--MM-DD`.

No `strptime`: it follows the locale and defaults to 1900, which has no 29 February.
"""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{2,4})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?,?[ -](\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})")
_PLACEHOLDER = re.compile(r"0{1,4}(?P<sep>[/.-])0{1,2}(?P=sep)0{2,4}")

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
LEAP_YEAR = 2000  # stands in for an unknown year so that --02-29 is a valid date


def _make(year: int | None, month: int, day: int) -> str | None:
    try:
        date(year or LEAP_YEAR, month, day)
    except ValueError:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_placeholder(text: str) -> bool:
    """Outlook writes `0/0/00` (or `0.0.00`) for "no date"."""
    return bool(_PLACEHOLDER.fullmatch(text.strip()))


def parse_date(text: str, *, day_first: bool = False) -> str | None:
    """`YYYY-MM-DD`, `--MM-DD` or None when `text` is not a date we can read.

    Accepts ISO dates (basic or extended, a time part is ignored), `--MM-DD` / `--MMDD`,
    `M/D/YYYY` (or `D/M/YYYY` with `day_first`), `D.M.YYYY`, `YYYY/MM/DD`, `14 Mar 2024` and
    `Mar 14, 2024`. Year 0000 means "no year". Two-digit years are not guessed.
    """
    text = text.strip()
    if not text:
        return None
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year or None, month, day)
    match = _NO_YEAR.fullmatch(text)
    if match:
        return _make(None, int(match.group(1)), int(match.group(2)))
    match = _NUMERIC.fullmatch(text)
    if match:
        first, sep, second, year_text = match.groups()
        if len(year_text) != 4:
            return None
        if sep == "." or day_first:
            first, second = second, first
        return _make(int(year_text) or None, int(first), int(second))
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year or None, month, day)
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match:
        month = MONTHS.get(match.group(2).lower())
        return _make(int(match.group(3)), month, int(match.group(1))) if month else None
    match = _MONTH_DAY_YEAR.fullmatch(text)
    if match:
        month = MONTHS.get(match.group(1).lower())
        return _make(int(match.group(3)), month, int(match.group(2))) if month else None
    return None


def prefers_day_first(values: list[str]) -> bool:
    """True when a file's slash dates can only be D/M/YYYY (a first number above 12)."""
    for value in values:
        match = _NUMERIC.fullmatch(value.strip())
        if match and match.group(2) == "/" and int(match.group(1)) > 12:
            return True
    return False
