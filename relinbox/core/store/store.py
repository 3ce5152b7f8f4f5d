"""The repository: the only code that knows how records are kept in TinyDB.

A store is a folder:

    meta.json          format, schema version, shard count
    shards/NN.jsonl    one TinyDB database per shard (see shard.py)
    backups/…          rotating hard-link snapshots (see backups.py)
    .lock              taken around every read-modify-write

Each contact lives in one shard chosen by a hash of its uid, together with its whole timeline
(touches, notes, follow-ups, snoozes) and its digest. So every change to one contact is one
atomic, durable file replacement, and a write costs a small file, not the whole store. Changes
that span contacts in different shards (bulk import, merge) are written shard by shard.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from filelock import Timeout

from relinbox.core.digest import Digest, build_digest
from relinbox.core.models import (
    CadenceSnooze,
    Contact,
    FollowUp,
    Note,
    RecordError,
    Touch,
)
from relinbox.core.store import backups, migrations
from relinbox.core.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreVersionError,
)
from relinbox.core.store.files import make_private_dir, remove_orphan_tmp_files
from relinbox.core.store.meta import (
    last_good_backup,
    locked,
    read_meta,
    store_lock,
    write_meta,
)
from relinbox.core.store.records import (
    DIGESTS,
    TABLE_OF,
    TIMELINE_TABLES,
    Batch,
    Record,
    Timeline,
    TimelineRecord,
    contact_of,
)
from relinbox.core.store.shard import ShardFormatError
from relinbox.core.store.tables import Shard, write_shards

DEFAULT_SHARDS = 512  # ~20 contacts and ~200 touches a shard at 10k/100k: a write stays small

__all__ = ["DEFAULT_SHARDS", "Batch", "Record", "Store", "Timeline", "locked", "store_lock"]


class Store:
    """All reads and writes of relinbox data. Open with `Store.open(path)`."""

    def __init__(self, root: Path, shard_count: int) -> None:
        self.root = root
        self.shard_count = shard_count
        self._shards: dict[int, Shard] = {}
        self._lock = store_lock(root)
        self._backup_checked = False

    # --- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        root = Path(path).expanduser()
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file; the store is a folder (give a folder path)")
        meta_path = root / "meta.json"
        meta = read_meta(meta_path)
        if meta is None:
            if root.exists() and any(p for p in root.iterdir() if p.name != ".lock"):
                raise StoreError(f"{root} is not empty and is not a relinbox store")
            if not create:
                raise StoreError(f"no relinbox store at {root}")
            make_private_dir(root)
            make_private_dir(root / "shards")
            store = cls(root, DEFAULT_SHARDS)
            with store._locked():
                if read_meta(meta_path) is None:  # another process may have won the race
                    write_meta(meta_path, migrations.SCHEMA_VERSION, DEFAULT_SHARDS)
            meta = read_meta(meta_path)
            assert meta is not None
        store = cls(root, meta["shards"])
        store._upgrade(meta["schema_version"])
        store._clean_up_after_crashes()
        return store

    def _upgrade(self, version: int) -> None:
        current = migrations.SCHEMA_VERSION
        if version > current:
            raise StoreVersionError(
                f"{self.root / 'meta.json'}: the store has schema version {version}, newer than"
                f" this relinbox understands ({current}); upgrade relinbox"
            )
        if version == current:
            return
        with self._locked():
            meta = read_meta(self.root / "meta.json")
            assert meta is not None
            if meta["schema_version"] == current:
                return
            try:
                steps = migrations.pending(meta["schema_version"])
            except LookupError as error:
                raise StoreVersionError(
                    f"{self.root / 'meta.json'}: schema version {meta['schema_version']} cannot"
                    f" be upgraded by this relinbox ({error})"
                ) from None
            backups.take_backup(self.root, f"before-v{meta['schema_version']}-to-v{current}")
            for number in self._existing_shard_numbers():
                shard = self._shard(number)
                shard.make_complete()
                tables = {name: shard.storage.tables[name] for name in shard.storage.tables}
                for _version, migrate in steps:
                    migrate(tables)
                for name, table in tables.items():
                    shard.storage.tables[name] = table  # marks every table for rewriting
                shard.storage.flush()
                shard.reload()
            write_meta(self.root / "meta.json", current, self.shard_count)

    def _clean_up_after_crashes(self) -> None:
        try:
            with self._lock.acquire(timeout=0):
                remove_orphan_tmp_files(self.root / "shards")
                remove_orphan_tmp_files(self.root)
        except Timeout:
            pass  # another process is writing; its temp files are not orphans

    def close(self) -> None:
        self._shards.clear()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- shards ------------------------------------------------------------------------

    def shard_number(self, contact_uid: str) -> int:
        return zlib.crc32(contact_uid.encode("utf-8")) % self.shard_count

    def shard_path(self, number: int) -> Path:
        return self.root / "shards" / f"{number:03d}.jsonl"

    def _shard(self, number: int) -> Shard:
        shard = self._shards.get(number)
        if shard is None:
            path = self.shard_path(number)
            shard = Shard(path, lambda error, path=path: self._corrupt(path, error))
            self._shards[number] = shard
        else:
            shard.reload_if_stale()
        return shard

    def _existing_shard_numbers(self) -> list[int]:
        numbers = []
        for path in (self.root / "shards").glob("*.jsonl"):
            try:
                numbers.append(int(path.stem))
            except ValueError:
                continue
        return sorted(n for n in numbers if n < self.shard_count)

    def _corrupt(self, path: Path, error: ShardFormatError | RecordError) -> StoreCorruptError:
        line = getattr(error, "line", None)
        problem = getattr(error, "problem", None) or str(error)
        return StoreCorruptError(path, line, problem, self.last_good_backup(path))

    def last_good_backup(self, path: Path) -> Path | None:
        return last_good_backup(self.root, path)

    # --- reads -------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Pick up changes written by other processes; True when anything changed."""
        changed = False
        for shard in self._shards.values():
            changed |= shard.reload_if_stale()
        for number in self._existing_shard_numbers():
            if number not in self._shards:
                self._shard(number)
                changed = True
        return changed

    def digests(self) -> list[Digest]:
        """One digest per contact: what the inbox is computed from."""
        return [digest for group in self.digest_groups() for digest in group]

    def digest_groups(self) -> list[list[Digest]]:
        """The digests shard by shard. A shard that has not changed returns the very same
        list object, so callers can cache whatever they derive from it by identity."""
        groups: list[list[Digest]] = []
        for number in self._existing_shard_numbers():
            shard = self._shard(number)
            if shard.digest_cache is None:
                shard.digest_cache = [
                    self._record(Digest, shard, doc) for doc in shard.docs(DIGESTS).values()
                ]
            groups.append(shard.digest_cache)
        return groups

    def digest(self, uid: str) -> Digest | None:
        shard = self._shard(self.shard_number(uid))
        doc_id = shard.by_uid(DIGESTS).get(uid)
        return None if doc_id is None else self._record(Digest, shard, shard.get(DIGESTS, doc_id))

    def contact(self, uid: str) -> Contact | None:
        shard = self._shard(self.shard_number(uid))
        doc_id = shard.by_uid("contacts").get(uid)
        if doc_id is None:
            return None
        return self._record(Contact, shard, shard.get("contacts", doc_id))

    def contacts(self) -> list[Contact]:
        """Every contact, archived ones included (parsed once per shard version)."""
        result: list[Contact] = []
        for number in self._existing_shard_numbers():
            shard = self._shard(number)
            if shard.contact_cache is None:
                shard.contact_cache = {
                    doc["uid"]: self._record(Contact, shard, doc)
                    for doc in shard.docs("contacts").values()
                }
            result.extend(shard.contact_cache.values())
        return result

    def timeline(self, uid: str) -> Timeline:
        shard = self._shard(self.shard_number(uid))
        return Timeline(
            touches=self._records(shard, Touch, "touches", uid),
            notes=self._records(shard, Note, "notes", uid),
            followups=self._records(shard, FollowUp, "followups", uid),
            snoozes=self._records(shard, CadenceSnooze, "snoozes", uid),
        )

    def _record(self, kind: Any, shard: Shard, doc: dict[str, Any]) -> Any:
        try:
            return kind.from_doc(doc)
        except RecordError as error:
            path = shard.storage.path
            line = None
            for table, docs in ((t, shard.docs(t)) for t in shard.storage.tables):
                key = next((k for k, d in docs.items() if d is doc), None)
                if key is not None:
                    line = shard.storage.tables.line_of(table, key)
                    break
            problem = f"bad {kind.__name__.lower()} {doc.get('uid', '?')!r}: {error}"
            raise StoreCorruptError(path, line, problem, self.last_good_backup(path)) from None

    # --- writes ------------------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """Collect changes; on a clean exit they are applied and fsync'd before returning."""
        batch = Batch()
        yield batch
        if batch.operations:
            self.apply(batch.operations)

    def put(self, *records: Record) -> None:
        """Insert or replace records by uid. A timeline record is looked up in its contact's
        shard only: to give one to another contact, use `move`."""
        with self.batch() as batch:
            for record in records:
                batch.put(record)

    def delete(self, *records: Record) -> None:
        with self.batch() as batch:
            for record in records:
                batch.delete(record)

    def move(self, records: Iterable[TimelineRecord], contact: str) -> list[TimelineRecord]:
        """Give timeline records, as stored, to `contact`; returns them as now stored.

        The copies are written first and the originals deleted after, as a second durable
        step: a crash in between leaves a record on both timelines, never on neither. A record
        that stays in the same shard is replaced in place by the first step."""
        originals = list(records)
        if any(isinstance(record, Contact) for record in originals):
            raise TypeError("move() takes timeline records; contacts are merged instead")
        moved = [dataclasses.replace(record, contact=contact) for record in originals]
        self.put(*moved)
        target = self.shard_number(contact)
        left_behind = [r for r in originals if self.shard_number(r.contact) != target]
        if left_behind:
            self.delete(*left_behind)
        return moved

    def apply(self, operations: Iterable[tuple[str, Record]]) -> None:
        by_shard: dict[int, list[tuple[str, Record]]] = defaultdict(list)
        for operation in operations:
            by_shard[self.shard_number(contact_of(operation[1]))].append(operation)
        with self._locked():
            self._backup_if_due()
            changed: list[Shard] = []
            try:  # every shard's change is made in memory first: a bad record writes nothing
                for number in sorted(by_shard):
                    shard = self._shard(number)  # re-read under the lock if another wrote
                    shard.make_complete()
                    changed.append(shard)
                    self._apply_to_shard(shard, by_shard[number])
            except BaseException:
                for shard in changed:
                    shard.reload()  # drop the half-applied change; the files are untouched
                raise
            write_shards(changed, self.root / "shards")

    def _apply_to_shard(self, shard: Shard, operations: list[tuple[str, Record]]) -> None:
        affected: set[str] = set()
        # New records are inserted together at the end: TinyDB rebuilds a table on every
        # insert, so one insert per record would make a bulk import quadratic.
        new: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # table -> uid -> doc
        given: dict[str, Contact] = {}  # contacts as the batch gives them (no re-parsing)
        for action, record in operations:
            table = TABLE_OF[type(record)]
            contact = contact_of(record)
            affected.add(contact)
            if isinstance(record, Contact):
                given[record.uid] = record
            if action == "put":
                if record.uid in new[table] or record.uid not in shard.by_uid(table):
                    new[table][record.uid] = record.to_doc()
                else:
                    previous = shard.put(table, record.to_doc())
                    if previous:
                        affected.add(previous)
                continue
            new[table].pop(record.uid, None)
            if isinstance(record, Contact):
                given.pop(record.uid, None)
                for timeline_table in TIMELINE_TABLES:
                    new[timeline_table] = {
                        uid: doc for uid, doc in new[timeline_table].items()
                        if doc["contact"] != contact
                    }
                    for doc in list(shard.timeline_docs(timeline_table, contact)):
                        shard.delete(timeline_table, doc["uid"])
            stored_contact = shard.delete(table, record.uid)  # the record as stored may differ
            if stored_contact:
                affected.add(stored_contact)
        for table, docs in new.items():
            shard.insert_many(table, list(docs.values()))
        self._rebuild_digests(shard, affected, given)

    def _rebuild_digests(
        self, shard: Shard, contacts: set[str], given: dict[str, Contact] | None = None
    ) -> None:
        given = given or {}
        contact_ids = shard.by_uid("contacts")
        digest_ids = shard.by_uid(DIGESTS)
        fresh: list[dict[str, Any]] = []
        for uid in contacts:
            doc_id = contact_ids.get(uid)
            if doc_id is None:
                shard.delete(DIGESTS, uid)
                continue
            contact = given.get(uid) or self._record(Contact, shard, shard.get("contacts", doc_id))
            digest = build_digest(
                contact,
                self._records(shard, Touch, "touches", uid),
                self._records(shard, CadenceSnooze, "snoozes", uid),
                self._records(shard, FollowUp, "followups", uid),
            ).to_doc()
            if uid in digest_ids:
                shard.put(DIGESTS, digest)
            else:
                fresh.append(digest)
        shard.insert_many(DIGESTS, fresh)

    def _records(self, shard: Shard, kind: Any, table: str, contact: str) -> list[Any]:
        return [self._record(kind, shard, doc) for doc in shard.timeline_docs(table, contact)]

    def _locked(self) -> AbstractContextManager[None]:
        return locked(self.root, self._lock)

    def _backup_if_due(self) -> None:
        if self._backup_checked:
            return
        self._backup_checked = True
        if self._existing_shard_numbers() and backups.needs_backup(self.root):
            backups.take_backup(self.root, "daily")

    # --- maintenance (doctor) ------------------------------------------------------------

    def rebuild_all_digests(self) -> int:
        """Recompute every digest from the records; returns how many were wrong."""
        wrong = 0
        with self._locked():
            for number in self._existing_shard_numbers():
                shard = self._shard(number)
                shard.make_complete()
                # copies: a rebuilt digest is written into the same dict in place
                before = {d["uid"]: dict(d) for d in shard.docs(DIGESTS).values()}
                self._rebuild_digests(shard, set(shard.by_uid("contacts")) | set(before))
                after = {d["uid"]: d for d in shard.docs(DIGESTS).values()}
                wrong += sum(1 for uid in before.keys() | after.keys()
                             if before.get(uid) != after.get(uid))
                shard.storage.flush()
        return wrong
