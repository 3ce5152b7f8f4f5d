"""`relinbox doctor`: read every line of the store and say what is wrong, where."""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from relinbox.core.digest import Digest, build_digest
from relinbox.core.models import (
    CadenceSnooze,
    Contact,
    FollowUp,
    Note,
    RecordError,
    Touch,
)
from relinbox.core.store import backups
from relinbox.core.store.shard import ShardFormatError, parse_section, split_file

KINDS: dict[str, Any] = {
    "contacts": Contact,
    "touches": Touch,
    "notes": Note,
    "followups": FollowUp,
    "snoozes": CadenceSnooze,
    "digests": Digest,
}


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str  # "error" (data unreadable or inconsistent) or "warning" (derived data stale)
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.severity}: {self.message}"


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def examine(root: Path) -> Report:
    """Check meta.json and every shard line; nothing is changed."""
    report = Report()
    meta_path = root / "meta.json"
    try:
        meta = orjson.loads(meta_path.read_bytes())
        shard_count = int(meta["shards"])
    except FileNotFoundError:
        report.findings.append(Finding("error", meta_path, None, "missing: not a relinbox store"))
        return report
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        report.findings.append(Finding("error", meta_path, None, f"unreadable ({error})"))
        return report
    owners: dict[str, Path] = {}
    for path in sorted((root / "shards").glob("*.jsonl")):
        _examine_shard(path, shard_count, owners, report)
    return report


def _examine_shard(path: Path, shard_count: int, owners: dict[str, Path], report: Report) -> None:
    def problem(line: int | None, message: str, severity: str = "error") -> None:
        report.findings.append(Finding(severity, path, line, message))

    try:
        sections = split_file(path.read_bytes())
    except ShardFormatError as error:
        problem(error.line, error.problem)
        return
    records: dict[str, dict[str, tuple[int, Any]]] = {}
    for table, section in sections.items():
        kind = KINDS.get(table)
        if kind is None:
            problem(section.first_line, f"unknown table {table!r}", "warning")
            continue
        try:
            docs = parse_section(table, section)
        except ShardFormatError as error:
            problem(error.line, error.problem)
            continue
        records[table] = {}
        for offset, doc in enumerate(docs.values()):
            line = section.first_line + offset
            try:
                record = kind.from_doc(doc)
            except RecordError as error:
                problem(line, f"{table}: {error}")
                continue
            records[table][record.uid] = (line, record)
            report.counts[table] += 1
    number = int(path.stem) if path.stem.isdigit() else -1
    for uid, (line, _contact) in records.get("contacts", {}).items():
        if zlib.crc32(uid.encode("utf-8")) % shard_count != number:
            problem(line, f"contact {uid} is in the wrong shard file")
        if uid in owners:
            problem(line, f"contact {uid} also appears in {owners[uid]}")
        owners[uid] = path
    contacts = records.get("contacts", {})
    for table in ("touches", "notes", "followups", "snoozes"):
        for uid, (line, record) in records.get(table, {}).items():
            if record.contact not in contacts:
                problem(line, f"{table[:-1]} {uid} belongs to missing contact {record.contact}")
    digests = records.get("digests", {})
    for uid, (line, contact) in contacts.items():
        expected = build_digest(
            contact,
            [r for _, r in records.get("touches", {}).values() if r.contact == uid],
            [r for _, r in records.get("snoozes", {}).values() if r.contact == uid],
            [r for _, r in records.get("followups", {}).values() if r.contact == uid],
        )
        stored = digests.get(uid)
        if stored is None or stored[1] != expected:
            problem(
                stored[0] if stored else line,
                f"digest of {contact.display_name} is stale (`relinbox doctor --repair`)",
                "warning",
            )
    for uid, (line, _digest) in digests.items():
        if uid not in contacts:
            problem(line, f"digest {uid} has no contact", "warning")


def describe_backups(root: Path) -> list[str]:
    return [backup.describe() for backup in backups.list_backups(root)]
