"""Applying a handover bundle to a store, keeping every uid (docs/handover.md)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relinbox.core.models import (
    Contact,
    FollowUp,
    Note,
)
from relinbox.core.store import Store, Timeline
from relinbox.interop.bundle import BUNDLE_FILE, TIMELINE_TABLES, Bundle
from relinbox.interop.problems import NOTICE, WARNING, Problem

# --- importing a bundle ----------------------------------------------------------------------


@dataclass(slots=True)
class BundleResult:
    """What `import_bundle` did (or would do, in a dry run), counted in contacts."""

    imported: int = 0  # new contacts
    updated: int = 0  # contacts whose record or timeline changed
    unchanged: int = 0
    skipped: int = 0
    added_records: int = 0  # timeline records added
    updated_records: int = 0  # timeline records replaced by a newer revision
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {len(self.problems)} problems "
            f"({self.added_records} timeline records added, {self.updated_records} updated)"
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "added_records": self.added_records,
            "updated_records": self.updated_records,
            "problems": [p.to_doc() for p in self.problems],
        }


_KIND = {"touches": "touch", "notes": "note", "followups": "follow-up", "snoozes": "snooze"}


def import_bundle(store: Store, bundle: Bundle, *, dry_run: bool = False) -> BundleResult:
    """Apply a bundle to the store, keeping every uid; written in one batch.

    - A new contact is added with its whole timeline.
    - A contact already here is updated only when the bundle's copy is newer (`updated_at`):
      each field that differs takes the bundle's value (provenance is joined). Otherwise the
      stored copy is kept (a notice says so when they differ).
    - Timeline records are added by uid and never duplicated. A record already here is
      replaced only by a newer revision: a follow-up with a higher `sequence` (or a later
      change), a note edited later. Touches and snoozes never change once written.
    - A record whose uid is on another contact's timeline here (after a merge) is left there.
      A bundle contact that is missing here but whose records are all found on one contact
      was merged into it: its new records go to that contact, and it is not re-created.
    """
    importer = _Importer(store, bundle)
    importer.run()
    if importer.writes and not dry_run:
        with store.batch() as batch:
            for record in importer.writes:
                batch.put(record)
    return importer.result


@dataclass
class _Importer:
    store: Store
    bundle: Bundle
    result: BundleResult = field(default_factory=BundleResult)
    writes: list[Any] = field(default_factory=list)
    _owners: dict[tuple[str, str], str] | None = None  # (table, uid) -> contact, whole store

    @property
    def file(self) -> str:
        return str(self.bundle.path) if self.bundle.path else BUNDLE_FILE

    def problem(self, severity: str, message: str) -> None:
        self.result.problems.append(Problem(self.file, 1, severity, message))

    def owners(self) -> dict[tuple[str, str], str]:
        """Which contact holds each timeline record of the store (read once, when needed)."""
        if self._owners is None:
            owners: dict[tuple[str, str], str] = {}
            for contact in self.store.contacts():
                timeline = self.store.timeline(contact.uid)
                for table in TIMELINE_TABLES:
                    for record in getattr(timeline, table):
                        owners[(table, record.uid)] = contact.uid
            self._owners = owners
        return self._owners

    def run(self) -> None:
        timelines = self.bundle.timelines()
        for contact in self.bundle.contacts:
            self.contact(contact, timelines.get(contact.uid) or Timeline())

    def contact(self, incoming: Contact, timeline: Timeline) -> None:
        stored = self.store.contact(incoming.uid)
        if stored is None:
            target = self.merged_into(incoming, timeline)
            if target is None:
                self.writes.append(incoming)
                for table in TIMELINE_TABLES:
                    self.writes += getattr(timeline, table)
                    self.result.added_records += len(getattr(timeline, table))
                self.result.imported += 1
                return
            owner = self.store.contact(target)
            assert owner is not None
            self.problem(
                NOTICE,
                f"{incoming.display_name} ({incoming.uid}) is not in this store, but its "
                f"timeline is on {owner.display_name} ({owner.uid}), merged here: new records "
                "go to that contact",
            )
            timeline = _moved(timeline, owner.uid)
            changed = self.timeline(owner, timeline)
        else:
            changed = self.contact_fields(stored, incoming)
            changed = self.timeline(stored, timeline) or changed
        if changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def merged_into(self, incoming: Contact, timeline: Timeline) -> str | None:
        """The contact of this store that holds the records of a missing contact, if any."""
        keys = [(t, r.uid) for t in TIMELINE_TABLES for r in getattr(timeline, t)]
        if not keys:
            return None
        owners = self.owners()
        found = Counter(owners[key] for key in keys if key in owners)
        if not found:
            return None
        return min(found, key=lambda uid: (-found[uid], uid))

    def contact_fields(self, stored: Contact, incoming: Contact) -> bool:
        if _comparable(stored) == _comparable(incoming):
            return False
        if incoming.updated_at <= stored.updated_at:
            if incoming.updated_at < stored.updated_at:
                self.problem(
                    NOTICE,
                    f"kept this store's copy of {stored.display_name} ({stored.uid}): it was "
                    "changed here after the bundle's copy",
                )
            return False
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(Contact):
            name = item.name
            mine, theirs = getattr(stored, name), getattr(incoming, name)
            if mine != theirs:
                changes[name] = theirs
        changes["provenance"] = _union_provenance(stored, incoming)
        changes["created_at"] = min(stored.created_at, incoming.created_at)
        self.writes.append(dataclasses.replace(stored, **changes))
        return True

    def timeline(self, owner: Contact, incoming: Timeline) -> bool:
        mine = self.store.timeline(owner.uid)
        changed = False
        for table in TIMELINE_TABLES:
            stored_by_uid = {record.uid: record for record in getattr(mine, table)}
            for record in getattr(incoming, table):
                kept = stored_by_uid.get(record.uid)
                if kept is None:
                    elsewhere = self.owners().get((table, record.uid))
                    if elsewhere is not None and elsewhere != owner.uid:
                        self.problem(
                            WARNING,
                            f"{_KIND[table]} {record.uid} of {owner.display_name} is already "
                            f"on another contact's timeline here ({elsewhere}); left there",
                        )
                        continue
                    self.writes.append(record)
                    self.result.added_records += 1
                    changed = True
                elif kept.to_doc() == record.to_doc():
                    continue
                elif _newer(table, record, kept):
                    self.writes.append(record)
                    self.result.updated_records += 1
                    changed = True
                elif table in ("touches", "snoozes") or not _newer(table, kept, record):
                    self.problem(
                        NOTICE,
                        f"{_KIND[table]} {record.uid} of {owner.display_name} differs from "
                        "the one here; kept this store's",
                    )
        return changed


def _newer(table: str, candidate: Any, than: Any) -> bool:
    """Is `candidate` a later revision of the same record than `than`?"""
    revision: Callable[[Any], tuple[Any, ...]]
    if table == "followups":
        def revision(f: FollowUp) -> tuple[Any, ...]:
            return (f.sequence, f.updated_at or f.created_at)
    elif table == "notes":
        def revision(n: Note) -> tuple[Any, ...]:
            return (n.edited_at or n.created_at,)
    else:
        return False  # touches and snoozes are never revised
    return revision(candidate) > revision(than)


def _moved(timeline: Timeline, contact_uid: str) -> Timeline:
    return Timeline(
        **{
            table: [dataclasses.replace(r, contact=contact_uid) for r in getattr(timeline, table)]
            for table in TIMELINE_TABLES
        }
    )


def _comparable(contact: Contact) -> dict[str, Any]:
    doc = contact.to_doc()
    del doc["updated_at"]
    return doc


def _union_provenance(stored: Contact, incoming: Contact) -> list[Any]:
    seen = {(p.source, p.key) for p in incoming.provenance}
    return list(incoming.provenance) + [
        p for p in stored.provenance if (p.source, p.key) not in seen
    ]
