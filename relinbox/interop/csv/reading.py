"""CSV rows with their physical line numbers, read so that one broken quote cannot swallow
the rest of the file.

The stdlib `csv` reader does the parsing. A record that spans several lines is checked: when
it has more fields than the header, when its first line and the next are each a whole record
read on their own, or when a line inside it looks like a whole record, its opening quote is
taken to be unterminated. That line is then read on its own (the open quote's cell ends at
the next delimiter, the cells after it are read as usual), reported, and reading starts again
on the next line.
A record with fewer fields than the header is not suspect by itself: exports trimmed of
their empty trailing cells hold quoted multi-line notes too.
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
# The stdlib's default cell limit (128 KiB) would break a long note into junk rows; a file
# is read whole into memory anyway, so a cell may be as long as the file.
csv.field_size_limit(max(csv.field_size_limit(), (1 << 31) - 1))

# A safety net only: a real runaway is caught by the checks on its lines long before this,
# while a note of a few hundred lines is real data.
MAX_RECORD_LINES = 10_000


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


def _unclosed_quote(line: str, delimiter: str) -> int | None:
    """Where the quote that the line leaves open begins (as the csv module reads quotes: one
    opens a field only at its start, and a doubled quote inside is text); None if all close."""
    quoted = False
    field_start = True
    opened = 0
    index, end = 0, len(line)
    while index < end:
        char = line[index]
        if quoted:
            if char == '"':
                if line.startswith('"', index + 1):
                    index += 1  # a doubled quote is text
                else:
                    quoted = False
        elif char == '"' and field_start:
            quoted, opened = True, index
        field_start = not quoted and char == delimiter
        index += 1
    return opened if quoted else None


def read_alone(line: str, delimiter: str) -> list[str]:
    """The fields of one line whose quote may not be closed: the open quote's cell ends at the
    next delimiter, and the cells after it are read as usual instead of being swallowed."""
    line = line.rstrip("\r\n")
    start = _unclosed_quote(line, delimiter)
    if start is None:
        return parse_line(line, delimiter)
    before = parse_line(line[:start], delimiter)[:-1] if start else []
    end = line.find(delimiter, start)
    if end < 0:
        return [*before, line[start + 1 :]]
    rest = line[end + 1 :]
    return [*before, line[start + 1 : end], *(read_alone(rest, delimiter) if rest else [""])]


def header_cell(cell: str) -> str:
    """A header cell as compared: no spaces around it, no byte-order mark before it."""
    return cell.strip().lstrip("\ufeff").strip()


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
            columns = [header_cell(c) for c in parse_line(line, delimiter)]
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
                if first + span == total and _unclosed_quote(
                    "".join(lines[first:total]), delimiter
                ):
                    restart = first  # the file ends inside the quote
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
        fields = read_alone(lines[restart], delimiter)
        rows.append((restart + 1, fields + [""] * (width - len(fields))))
        position = restart + 1
    return rows


def _runaway(
    lines: list[str], first: int, span: int, fields: list[str], delimiter: str, width: int
) -> bool:
    if span > MAX_RECORD_LINES or len(fields) > width:
        return True
    if _whole(lines[first], delimiter, width) and _whole(lines[first + 1], delimiter, width):
        return True  # two records joined by the quote, not one with a multi-line cell
    inner = range(first + 1, first + span - 1)
    return any(_whole(lines[index], delimiter, width) for index in inner)


def _whole(line: str, delimiter: str, width: int) -> bool:
    """Is the line, read alone, a whole record: exactly the header's width (a pasted table in
    a note has more)? Counting delimiters first keeps the usual multi-line note, whose first
    line has far fewer, from being read again."""
    return _looks_like_record(line, delimiter, width) and len(read_alone(line, delimiter)) == width
