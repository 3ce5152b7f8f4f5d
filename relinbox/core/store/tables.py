"""One shard seen through TinyDB, with the indexes the repository needs."""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from relinbox.core.digest import Digest
from relinbox.core.models import Contact
from relinbox.core.store.files import fsync_dir
from relinbox.core.store.records import DIGESTS, DIGESTS_ONLY, TIMELINE_TABLES
from relinbox.core.store.shard import ShardStorage

PARALLEL_WRITES_FROM = 4  # shards in one batch before they are written in parallel
WRITE_THREADS = 8


class Shard:
    """One shard file seen through TinyDB, with the indexes the repository needs."""

    def __init__(self, path: Path, on_error: Any) -> None:
        # Only the digests at first: the inbox needs nothing else, and they are a tenth of
        # the file. Anything else (and every write) reads the whole file first.
        self.storage = ShardStorage(path, on_error, only=DIGESTS_ONLY)
        self._reset()

    def _reset(self) -> None:
        self.db = TinyDB(storage=lambda: self.storage)
        self._by_uid: dict[str, dict[str, int]] = {}
        self._by_contact: dict[str, dict[str, list[int]]] = {}
        self.digest_cache: list[Digest] | None = None
        self.contact_cache: dict[str, Contact] | None = None

    def reload(self) -> None:
        self.storage.load(None if self.storage.complete else DIGESTS_ONLY)
        self._reset()

    def make_complete(self) -> None:
        if not self.storage.complete:
            self.storage.load()
            self._reset()

    def reload_if_stale(self) -> bool:
        if self.storage.is_stale():
            self.reload()
            return True
        return False

    def docs(self, table: str) -> dict[str, dict[str, Any]]:
        if table != DIGESTS:
            self.make_complete()
        try:
            return self.storage.tables[table]
        except KeyError:
            return {}

    def by_uid(self, table: str) -> dict[str, int]:
        index = self._by_uid.get(table)
        if index is None:
            index = {doc.get("uid"): int(key) for key, doc in self.docs(table).items()}
            self._by_uid[table] = index
        return index

    def by_contact(self, table: str) -> dict[str, list[int]]:
        index = self._by_contact.get(table)
        if index is None:
            index = defaultdict(list)
            for key, doc in self.docs(table).items():
                index[doc.get("contact")].append(int(key))
            self._by_contact[table] = index
        return index

    def get(self, table: str, doc_id: int) -> dict[str, Any]:
        return self.docs(table)[str(doc_id)]

    def put(self, table: str, doc: dict[str, Any]) -> str | None:
        """Insert or replace by uid; returns the contact the replaced doc belonged to."""
        uid = doc["uid"]
        tiny = self.db.table(table)
        if table in TIMELINE_TABLES:
            self.by_contact(table)  # index the table before it changes
        doc_id = self.by_uid(table).get(uid)
        if doc_id is None:
            doc_id = tiny.insert(doc)
            self.by_uid(table)[uid] = doc_id
            previous_contact = None
        else:
            previous_contact = self.get(table, doc_id).get("contact")

            def replace(stored: dict[str, Any]) -> None:
                stored.clear()
                stored.update(doc)

            tiny.update(replace, doc_ids=[doc_id])
        if table in TIMELINE_TABLES:
            index = self.by_contact(table)
            if previous_contact is not None and previous_contact != doc["contact"]:
                index[previous_contact].remove(doc_id)
            if previous_contact != doc["contact"]:
                index[doc["contact"]].append(doc_id)
        self.contact_cache = None
        self.digest_cache = None
        return previous_contact

    def insert_many(self, table: str, docs: list[dict[str, Any]]) -> None:
        """Insert records whose uids are not in the table yet, in one TinyDB operation."""
        if not docs:
            return
        by_uid = self.by_uid(table)
        by_contact = self.by_contact(table) if table in TIMELINE_TABLES else None
        for doc, doc_id in zip(docs, self.db.table(table).insert_multiple(docs), strict=True):
            by_uid[doc["uid"]] = doc_id
            if by_contact is not None:
                by_contact[doc["contact"]].append(doc_id)
        self.contact_cache = None
        self.digest_cache = None

    def delete(self, table: str, uid: str) -> str | None:
        """Delete by uid; returns the contact it belonged to (None when absent)."""
        if table in TIMELINE_TABLES:
            self.by_contact(table)  # index the table before it changes
        doc_id = self.by_uid(table).pop(uid, None)
        if doc_id is None:
            return None
        contact = self.get(table, doc_id).get("contact", uid)
        self.db.table(table).remove(doc_ids=[doc_id])
        if table in TIMELINE_TABLES:
            self.by_contact(table)[contact].remove(doc_id)
        self.contact_cache = None
        self.digest_cache = None
        return contact

    def timeline_docs(self, table: str, contact: str) -> list[dict[str, Any]]:
        doc_ids = self.by_contact(table).get(contact)
        if not doc_ids:  # the usual answer in an import: skip the table lookup
            return []
        docs = self.docs(table)
        return [docs[str(doc_id)] for doc_id in doc_ids]


def write_shards(shards: list[Shard], folder: Path) -> None:
    """Write changed shards, then make their renames durable with one fsync of `folder`.

    Shards are written in parallel when there are many (a bulk import): each write waits on
    its own fsync, and those waits overlap. A shard whose write fails is re-read, so memory
    never claims what the disk does not hold.
    """

    def write(shard: Shard) -> BaseException | None:
        try:
            shard.storage.flush(sync_dir=False)  # the shared folder is fsync'd once, below
        except BaseException as error:
            shard.reload()
            return error
        return None

    if len(shards) > PARALLEL_WRITES_FROM:
        with ThreadPoolExecutor(max_workers=WRITE_THREADS) as pool:
            errors = list(pool.map(write, shards))
    else:
        errors = [write(shard) for shard in shards]
    fsync_dir(folder)  # the renames are durable before the caller returns
    failure = next((error for error in errors if error is not None), None)
    if failure is not None:
        raise failure
