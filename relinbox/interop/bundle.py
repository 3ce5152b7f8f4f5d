"""The handover bundle: contacts with their whole timelines in one JSON file (docs/handover.md).

    {"format": "relinbox-bundle", "version": 1, "exported_at": "…",
     "contacts": [...], "touches": [...], "notes": [...], "followups": [...], "snoozes": [...]}

Every record is the store's own document (`to_doc()`), uids included, so another relinbox can
take the relationships over with their history intact. Pure reading and writing: applying a
bundle to a store is `relinbox.services.handover.import_bundle`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from relinbox.core.models import (
    CadenceSnooze,
    Contact,
    FollowUp,
    Note,
    RecordError,
    Touch,
    parse_instant,
)
from relinbox.core.store import Timeline

BUNDLE_FILE = "relinbox-bundle.json"
FORMAT = "relinbox-bundle"
VERSION = 1
TIMELINE_TABLES = ("touches", "notes", "followups", "snoozes")
RECORD_TYPES: Mapping[str, Any] = {
    "contacts": Contact,
    "touches": Touch,
    "notes": Note,
    "followups": FollowUp,
    "snoozes": CadenceSnooze,
}
MAX_LISTED_PROBLEMS = 20
_HEAD_BYTES = 4096
_FORMAT_MARK = re.compile(rb'"format"\s*:\s*"relinbox-bundle"')


class BundleError(ValueError):
    """A bundle that cannot be used; the message names the file and each bad record."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        if len(problems) == 1:
            message = f"{self.path}: {problems[0]}"
        else:
            shown = problems[:MAX_LISTED_PROBLEMS]
            more = len(problems) - len(shown)
            message = f"{self.path}: {len(problems)} problems\n  " + "\n  ".join(shown)
            if more:
                message += f"\n  …and {more} more"
        super().__init__(message)


@dataclass(slots=True)
class Bundle:
    exported_at: datetime
    contacts: list[Contact] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    snoozes: list[CadenceSnooze] = field(default_factory=list)
    version: int = VERSION
    path: Path | None = None  # the file it was read from

    def timeline(self, contact_uid: str) -> Timeline:
        """The bundle's records of one contact."""
        return Timeline(
            touches=[r for r in self.touches if r.contact == contact_uid],
            notes=[r for r in self.notes if r.contact == contact_uid],
            followups=[r for r in self.followups if r.contact == contact_uid],
            snoozes=[r for r in self.snoozes if r.contact == contact_uid],
        )

    def timelines(self) -> dict[str, Timeline]:
        """Every contact's records, in one pass."""
        result = {contact.uid: Timeline() for contact in self.contacts}
        for table in TIMELINE_TABLES:
            for record in getattr(self, table):
                timeline = result.setdefault(record.contact, Timeline())
                getattr(timeline, table).append(record)
        return result

    def to_doc(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": self.version,
            "exported_at": self.exported_at.isoformat(),
            "contacts": [c.to_doc() for c in self.contacts],
            **{table: [r.to_doc() for r in getattr(self, table)] for table in TIMELINE_TABLES},
        }

    def to_bytes(self) -> bytes:
        return orjson.dumps(self.to_doc(), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def make_bundle(
    contacts: Iterable[Contact], timelines: Mapping[str, Timeline], *, exported_at: datetime
) -> Bundle:
    """A bundle of `contacts` and their timelines, in a fixed order (same data, same bytes):
    contacts by name, then each contact's records oldest first."""
    ordered = sorted(contacts, key=lambda c: (_sort_name(c.display_name), c.uid))
    bundle = Bundle(exported_at=exported_at, contacts=ordered)
    for contact in ordered:
        timeline = timelines.get(contact.uid) or Timeline()
        bundle.touches += sorted(timeline.touches, key=lambda r: (r.when, r.logged_at, r.uid))
        bundle.notes += sorted(timeline.notes, key=lambda r: (r.created_at, r.uid))
        bundle.followups += sorted(timeline.followups, key=lambda r: (r.created_at, r.uid))
        bundle.snoozes += sorted(timeline.snoozes, key=lambda r: (r.snooze.at, r.uid))
    return bundle


def bundle_file(path: Path | str) -> Path:
    """The bundle file of `path`: `path/relinbox-bundle.json` for a folder, else `path`."""
    path = Path(path)
    return path / BUNDLE_FILE if path.is_dir() else path


def is_bundle(path: Path | str) -> bool:
    """True for a handover folder (holding relinbox-bundle.json) or a bundle file."""
    path = Path(path)
    if path.is_dir():
        return (path / BUNDLE_FILE).is_file()
    if not path.is_file():
        return False
    if path.name == BUNDLE_FILE:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and _FORMAT_MARK.search(head) is not None


def read_bundle(path: Path | str) -> Bundle:
    """Read and validate a bundle (a handover folder or the file itself).

    Every record is checked with its `from_doc`, must carry a uid, must not repeat one, and
    a timeline record must belong to a contact of the bundle. Raises `BundleError` naming the
    file and every bad record (`touches[3]: …`); nothing is returned half-read.
    """
    file = bundle_file(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise BundleError(file, [f"no such file (a handover folder holds {BUNDLE_FILE})"]) from None
    except OSError as error:
        raise BundleError(file, [f"cannot read it ({error.strerror})"]) from None
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise BundleError(file, [f"not valid JSON ({error})"]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BundleError(file, [f"not a relinbox bundle (no \"format\": \"{FORMAT}\")"])
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BundleError(file, [f"'version' is {version!r}; expected a whole number"])
    if version > VERSION:
        raise BundleError(
            file,
            [f"bundle version {version} was made by a newer relinbox; this one reads version "
             f"{VERSION}: upgrade relinbox"],
        )
    problems: list[str] = []
    try:
        exported_at = parse_instant(doc.get("exported_at"), "exported_at")  # type: ignore[arg-type]
    except RecordError as error:
        problems.append(str(error))
        exported_at = datetime.min
    if "contacts" not in doc:
        problems.append("'contacts' is missing")
    records: dict[str, list[Any]] = {}
    for table, kind in RECORD_TYPES.items():
        items = doc.get(table, [])
        if not isinstance(items, list):
            problems.append(f"'{table}' must be a list")
            items = []
        records[table] = _records(table, kind, items, problems)
    # a bad contact is reported once, not again through each of its timeline records
    contact_uids = {
        item.get("uid") for item in doc.get("contacts") or [] if isinstance(item, dict)
    }
    for table in TIMELINE_TABLES:
        for index, record in enumerate(records[table]):
            if record is not None and record.contact not in contact_uids:
                problems.append(
                    f"{table}[{index}] (uid {record.uid!r}): contact {record.contact!r} is not "
                    "one of the bundle's contacts"
                )
    if problems:
        raise BundleError(file, problems)
    return Bundle(
        exported_at=exported_at,
        version=version,
        path=file,
        **{table: list(items) for table, items in records.items()},
    )


def _records(table: str, kind: Any, items: list[Any], problems: list[str]) -> list[Any]:
    """The records of one table, with `None` in place of each bad one (reported)."""
    result: list[Any] = []
    first_index: dict[str, int] = {}
    for index, item in enumerate(items):
        where = f"{table}[{index}]"
        uid = item.get("uid") if isinstance(item, dict) else None
        if not isinstance(item, dict):
            problems.append(f"{where}: must be an object, not {type(item).__name__}")
        elif not isinstance(uid, str) or not uid.strip():
            problems.append(f"{where}: 'uid' is missing or empty")
        elif uid in first_index:
            problems.append(
                f"{where}: uid {uid!r} appears twice (first as {table}[{first_index[uid]}])"
            )
        else:
            first_index[uid] = index
            try:
                record = kind.from_doc(item)
            except RecordError as error:
                problems.append(f"{where} (uid {uid!r}): {error}")
            else:
                if table != "contacts" and not record.contact:
                    problems.append(f"{where} (uid {uid!r}): 'contact' is empty")
                else:
                    result.append(record)
                    continue
        result.append(None)
    return result


def _sort_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
