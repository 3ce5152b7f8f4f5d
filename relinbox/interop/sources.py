"""Read one input (a file or a vdir folder) into contacts and problems. No store access."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from relinbox.core.models import Contact, utc_now
from relinbox.interop.csv import read_csv
from relinbox.interop.detect import detect_format
from relinbox.interop.formats import IMPORT_FORMATS
from relinbox.interop.problems import Problem, Problems
from relinbox.interop.vcard.mapping import read_vcards
from relinbox.interop.vdir import read_vdir

FORMATS = IMPORT_FORMATS


@dataclass(slots=True)
class Parsed:
    """A contact read from `file`, starting on `line`."""

    contact: Contact
    file: str
    line: int


@dataclass(slots=True)
class SourceResult:
    file: str
    kind: str | None = None
    records: list[Parsed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    refused: bool = False  # the input as a whole could not be read


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading: an import allocates hundreds of
    thousands of small objects with no reference cycles (refcounting frees them), and the
    collector's passes over them would double the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_source(path: Path, fmt: str = "auto", now: datetime | None = None) -> SourceResult:
    """Everything in `path`. Never raises for bad content; unreadable input is `refused`."""
    with paused_gc():
        result = _read_source(path, fmt, now)
    if result.refused:  # nothing was read: how it was decoded on the way is noise
        result.problems[:] = [p for p in result.problems if p.severity == "error"]
    result.problems.sort(key=lambda problem: (problem.file, problem.line))  # stable: same line
    return result


def _read_source(path: Path, fmt: str, now: datetime | None) -> SourceResult:
    now = now or utc_now()
    label = str(path)
    result = SourceResult(label)
    problems = Problems(label)
    result.problems = problems
    if path.is_dir():
        if fmt not in ("auto", "vdir"):
            problems.error(1, f"is a folder; --format {fmt} reads files")
            result.refused = True
            return result
        contacts, item_problems, skipped = read_vdir(path, label, now)
        result.kind = "vdir"
        result.records = [Parsed(c, file, line) for c, file, line in contacts]
        problems.extend(item_problems)
        result.skipped = skipped
        return result
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.error(1, f"cannot read: {error.strerror or error}")
        result.refused = True
        return result
    if fmt == "vdir":
        problems.error(1, "is a file; --format vdir reads a folder")
        result.refused = True
        return result
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        problems.notice(1, "empty file")
        return result
    kind = detect_format(path, data)
    if fmt not in ("auto", "vcard") and kind == "vcard":
        problems.error(1, f"this is a vCard file, not a CSV export (--format {fmt})")
        result.refused = True
        return result
    if fmt != "auto":
        kind = fmt
    if kind == "vcard":
        result.kind = "vcard"
        cards, skipped, found_begin = read_vcards(data, problems, source="vcard", now=now)
        if not found_begin:
            problems.error(1, "no BEGIN:VCARD found")
            result.refused = True
        result.records = [Parsed(c, label, line) for c, line in cards]
        result.skipped = skipped
        return result
    csv_result = read_csv(data, problems, fmt="auto" if kind == "csv" else kind, now=now)
    result.kind = csv_result.kind
    result.refused = csv_result.refused
    result.skipped = csv_result.skipped
    result.records = [Parsed(c, label, line) for c, line in csv_result.contacts]
    return result
