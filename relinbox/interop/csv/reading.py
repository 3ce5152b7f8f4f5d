"""CSV rows with their physical line numbers, read so that one broken quote cannot swallow
the rest of the file.

The stdlib `csv` reader does the parsing. A record that spans several lines is checked: when
its field count is wrong, when a line inside it looks like a whole record, or when it spans
very many lines, its opening quote is taken to be unterminated. That line is then read on its
own, reported, and reading starts again on the next line.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from relinbox.interop.problems import Problems

L = TypeVar("L")
DELIMITERS = (",", ";", "\t")
HEADER_SCAN_LINES = 10
MAX_RECORD_LINES = 200  # a quoted field spanning more lines than this is taken as runaway


@dataclass(slots=True)
class Table:
    header: list[str]
    header_line: int
    delimiter: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    """Physical lines with their "\\n" ends (only "\\n" ends a line; "\\r" stays with it)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def parse_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, strict=False), [])
    except csv.Error:
        return line.rstrip("\r\n").split(delimiter)


def find_header(
    lines: list[str], detect: Callable[[list[str]], L | None]
) -> tuple[int, str, list[str], L] | None:
    """The first of the first few non-blank lines that `detect` recognises as a header:
    (line index, delimiter, columns, what `detect` returned)."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > HEADER_SCAN_LINES:
            break
        for delimiter in DELIMITERS:
            if delimiter not in line and delimiter != ",":
                continue
            columns = [c.strip().lstrip("\ufeff").strip() for c in parse_line(line, delimiter)]
            found = detect(columns)
            if found is not None:
                return index, delimiter, columns, found
    return None


def _feed(lines: list[str], start: int) -> Iterator[str]:
    for index in range(start, len(lines)):
        yield lines[index]


def _looks_like_record(line: str, delimiter: str, width: int) -> bool:
    return width > 2 and line.count(delimiter) >= width - 1


def read_rows(
    lines: list[str], start: int, delimiter: str, width: int, problems: Problems
) -> list[tuple[int, list[str]]]:
    """Rows from line index `start` on, as (first physical line number, fields)."""
    rows: list[tuple[int, list[str]]] = []
    position = start
    total = len(lines)
    while position < total:
        reader = csv.reader(_feed(lines, position), delimiter=delimiter, strict=False)
        consumed = 0
        restart = None
        try:
            for fields in reader:
                first = position + consumed
                span = reader.line_num - consumed
                consumed = reader.line_num
                if span > 1 and _runaway(lines, first, span, fields, delimiter, width):
                    restart = first
                    break
                if any(field.strip() for field in fields):
                    rows.append((first + 1, fields))
        except csv.Error as error:
            restart = position + consumed
            problems.warning(restart + 1, f"unreadable CSV ({error}); the line was read alone")
            rows.append((restart + 1, parse_line(lines[restart], delimiter)))
            position = restart + 1
            continue
        if restart is None:
            break
        problems.warning(
            restart + 1, "a quoted field is not closed; this line was read on its own"
        )
        fields = parse_line(lines[restart], delimiter)
        rows.append((restart + 1, fields + [""] * (width - len(fields))))
        position = restart + 1
    return rows


def _runaway(
    lines: list[str], first: int, span: int, fields: list[str], delimiter: str, width: int
) -> bool:
    if span > MAX_RECORD_LINES or len(fields) != width:
        return True
    return any(
        _looks_like_record(lines[index], delimiter, width)
        for index in range(first + 1, first + span - 1)
    )
