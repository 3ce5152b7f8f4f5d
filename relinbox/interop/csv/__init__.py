"""CSV exports: Google (both header generations), Outlook desktop (92 columns, en/de),
Outlook.com (61 columns) and LinkedIn Connections. Detected by their header row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from relinbox.core.models import Contact, utc_now
from relinbox.interop.csv import google, linkedin, outlook
from relinbox.interop.csv.common import Rows
from relinbox.interop.csv.reading import (
    find_header,
    header_cell,
    parse_line,
    read_rows,
    split_lines,
)
from relinbox.interop.decoding import decode_text
from relinbox.interop.problems import Problems

_NAMES = {
    "google": "a Google",
    "outlook": "an Outlook",
    "outlook-com": "an Outlook.com",
    "linkedin": "a LinkedIn",
}
MAX_COLUMNS_SHOWN = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(slots=True)
class CsvResult:
    kind: str | None
    contacts: list[tuple[Contact, int]] = field(default_factory=list)
    skipped: int = 0
    refused: bool = False


def detect_columns(columns: list[str]) -> tuple[str, Any] | None:
    """(format, layout) when `columns` is the header of an export we know."""
    found = linkedin.linkedin_columns(columns)
    if found is not None:
        return "linkedin", found
    if google.is_google(columns):
        return "google", google.GoogleLayout(columns)
    kind = outlook.outlook_kind(columns)
    if kind is not None:
        return kind, outlook.OutlookLayout(columns)
    return None


def sniff_csv(text: str) -> str | None:
    """The format of a CSV export whose first lines are `text`, or None."""
    found = find_header(split_lines(text), detect_columns)
    return found[3][0] if found else None


def read_csv(
    data: bytes, problems: Problems, *, fmt: str = "auto", now: datetime | None = None
) -> CsvResult:
    text = decode_text(data, problems)
    if not text.strip():
        problems.notice(1, "empty file")
        return CsvResult(None)
    if "\r\n" in text:  # Windows line ends, also inside cells over several lines: "\n"
        text = text.replace("\r\n", "\n")
    lines = split_lines(text)
    found = find_header(lines, detect_columns)
    if found is None and fmt in ("outlook", "outlook-com"):
        found = find_header(lines, lambda columns: _trimmed_outlook(columns, fmt))
        if found is not None:
            problems.notice(found[0] + 1, f"read as {_NAMES[fmt]} export with some of its "
                            f"columns (--format {fmt})")
    if found is None:
        return _refuse(lines, problems)
    index, delimiter, columns, (kind, layout) = found
    if fmt not in ("auto", kind):
        if {fmt, kind} <= {"outlook", "outlook-com"}:
            # Both are read by column name; the columns decide, so that the contacts keep
            # one source (and their keys) however the file is named on the command line.
            problems.notice(
                index + 1, f"read as {_NAMES[kind]} export: its columns say so (--format {fmt})"
            )
        else:
            problems.error(
                index + 1, f"these are the columns of {_NAMES[kind]} export, not {fmt}"
            )
            return CsvResult(kind, refused=True)
    if index and kind != "linkedin" and any(line.strip() for line in lines[:index]):
        problems.notice(1, f"{index} line(s) before the header on line {index + 1} ignored")
    table = _without_repeated_headers(
        read_rows(lines, index + 1, delimiter, len(columns), problems), columns, problems
    )
    rows = Rows(kind, problems, len(columns), now or utc_now())
    if kind == "google":
        google.map_rows(layout, table, rows)
    elif kind == "linkedin":
        linkedin.map_rows(layout, columns, table, rows)
    else:
        outlook.map_rows(layout, table, rows)
    rows.assign_keys()
    return CsvResult(kind, rows.contacts, rows.skipped)


def _trimmed_outlook(columns: list[str], fmt: str) -> tuple[str, Any] | None:
    """An Outlook export whose empty columns were deleted in a spreadsheet: read when asked."""
    if outlook.outlook_kind(columns, outlook.FEWEST_COLUMNS_ASKED) is None:
        return None
    return fmt, outlook.OutlookLayout(columns)


def _header_key(cells: list[str]) -> list[str]:
    return [header_cell(cell).casefold() for cell in cells]


def _without_repeated_headers(
    rows: list[tuple[int, list[str]]], columns: list[str], problems: Problems
) -> list[tuple[int, list[str]]]:
    """Two exports joined into one file: the second one's header row (and LinkedIn's preamble
    before it: a "Notes:" line and its sentence) are not contacts."""
    header = _header_key(columns)
    first = header[0]
    kept: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if cells and header_cell(cells[0]).casefold() == first and (
            _header_key(cells) == header
        ):
            preamble = _preamble(kept)
            del kept[len(kept) - preamble :]
            also = f" (and {preamble} line(s) of its preamble)" if preamble else ""
            problems.notice(line, f"the header row again, as where two exports were joined; "
                            f"skipped{also}")
            continue
        kept.append((line, cells))
    return kept


def _preamble(rows: list[tuple[int, list[str]]]) -> int:
    """How many of the last rows are a LinkedIn preamble: "Notes:", then at most two lines
    of one cell each. 0 when there is none (a contact with only a first name stays)."""
    for back in range(1, min(3, len(rows)) + 1):
        cells = rows[-back][1]
        if not cells or any(cell.strip() for cell in cells[1:]):
            return 0
        if cells[0].strip().casefold() == "notes:":
            return back
    return 0


def _refuse(lines: list[str], problems: Problems) -> CsvResult:
    number, first = next((i, line) for i, line in enumerate(lines) if line.strip())
    delimiter = max((",", ";", "\t"), key=first.count)
    columns = [c.strip() for c in parse_line(first, delimiter)]
    shown = ", ".join(repr(c) for c in columns[:MAX_COLUMNS_SHOWN])
    if len(columns) > MAX_COLUMNS_SHOWN:
        shown += f", … ({len(columns)} columns)"
    problems.error(
        number + 1,
        f"columns match no known export (Google, Outlook, Outlook.com, LinkedIn): {shown}"
        f"{_hint(lines[number:number + 10], columns)}",
    )
    return CsvResult(None, refused=True)


def _hint(head: list[str], columns: list[str]) -> str:
    if _CONTROL.search("".join(head)):  # text files hold no C0 controls but these
        return "; this looks like a binary file, not a contact export"
    if outlook.outlook_kind(columns, outlook.FEWEST_COLUMNS_ASKED) is not None:
        return (
            "; these are some of Outlook's columns: `--format outlook` reads an export whose"
            " columns were trimmed"
        )
    return (
        "; column names are read in English (and German for Outlook): an export made in"
        " another language can be saved as vCards instead"
    )
