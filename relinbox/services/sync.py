"""Two-way sync between the store and vdir address books (and the subscribed .ics file).

For every folder, `<store>/sync/<key>.json` records each item synced so far: its filename,
the contact's uid, a hash of the item's bytes, and content hashes of both sides as they were
after the last sync (`vdir_sync.content_hash`: the synced fields plus the next explicit
follow-up). A sync compares each side with its own hash:

| remote (file) | local (store) | what happens |
|---|---|---|
| changed | unchanged | the item's fields replace the contact's synced fields |
| unchanged | changed | the item is rewritten in place (only the changed properties) |
| changed | changed | a conflict, unless both now hold the same content |
| deleted | unchanged | pending deletion: listed; `confirm_deletions` deletes the contact |
| unchanged | deleted | pending deletion: listed; `confirm_deletions` deletes the file |
| deleted | changed, or changed / deleted | a conflict |
| new file | — | a new contact (or paired with the contact of the same uid) |
| — | new contact | a new item, unless the contact already belongs to another address book |

A conflict leaves both sides untouched (a copy of the item is also kept under
`<store>/sync/<key>/conflicts/`) and is listed by every sync until `resolve` picks a side.
Nothing is overwritten without a rule above saying so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from relinbox.core.config import AddressBook, Config
from relinbox.core.models import Contact, FollowUp, Provenance, utc_now
from relinbox.core.store import Store
from relinbox.core.store.files import atomic_write, make_private_dir
from relinbox.interop import vdir_sync
from relinbox.interop.keys import mint_uid
from relinbox.interop.vdir_sync import Item
from relinbox.services.errors import UserError
from relinbox.services.sync_state import (
    Conflict,
    PendingDeletion,
    State,
    all_states,
    sync_lock,
)

FOLLOWUP_REASON = "follow-up date from the address book"
CHANGED_BOTH = "changed on both sides"
DELETED_REMOTE = "deleted in the folder, changed in relinbox"
DELETED_LOCAL = "deleted in relinbox, changed in the folder"
FIRST_SYNC = "differs from the contact of the same uid (first sync)"


@dataclass(slots=True)
class SyncReport:
    folder: str
    name: str = ""
    pulled: int = 0  # contacts created or updated from items
    pushed: int = 0  # items created or rewritten from contacts
    deleted: int = 0  # deletions carried out (after confirmation)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    deletions: list[PendingDeletion] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        label = f"{self.name} ({self.folder})" if self.name else self.folder
        return (
            f"{label}: {self.pulled} from the folder, {self.pushed} to the folder, "
            f"{self.deleted} deleted, {self.unchanged} unchanged, "
            f"{len(self.conflicts)} conflicts, {len(self.deletions)} deletions to confirm"
        )


# --- helpers ----------------------------------------------------------------------------


def next_followups(store: Store) -> dict[str, date]:
    """Contact uid -> due date of its earliest open explicit follow-up."""
    result = {}
    for digest in store.digests():
        if digest.followups:
            try:
                result[digest.uid] = date.fromisoformat(digest.followups[0][1])
            except (ValueError, IndexError):
                continue
    return result


def _local_hash(contact: Contact, followups: dict[str, date]) -> str:
    return vdir_sync.content_hash(contact, followups.get(contact.uid))


def _apply_item(local: Contact, item: Item, now: datetime) -> Contact:
    """`local` with its synced fields taken from the item; relinbox's own fields kept."""
    remote = item.contact
    assert remote is not None
    changes: dict[str, Any] = {name: getattr(remote, name) for name in vdir_sync.SYNCED}
    changes["linkedin"] = remote.linkedin or local.linkedin
    provenance = list(local.provenance)
    if not any(p.source == vdir_sync.SOURCE and p.key == item.name for p in provenance):
        provenance.append(Provenance(vdir_sync.SOURCE, item.name, now.isoformat()))
    return dataclasses.replace(local, **changes, provenance=provenance, updated_at=now)


def _new_from_item(item: Item, now: datetime) -> Contact:
    contact = item.contact
    assert contact is not None
    contact.created_at = contact.updated_at = now
    contact.provenance = [Provenance(vdir_sync.SOURCE, item.name, now.isoformat())]
    return contact


def _item_followup(store: Store, contact: Contact, item: Item, now: datetime) -> FollowUp | None:
    """An open follow-up for the item's `X-RELINBOX-NEXT-FOLLOWUP` date, unless the contact
    already has one on that day (or had this one and closed it)."""
    if item.followup is None:
        return None
    uid = mint_uid("followup", contact.uid, item.followup.isoformat())
    existing = store.timeline(contact.uid).followups
    if any(f.uid == uid or (f.is_open and f.due == item.followup) for f in existing):
        return None
    return FollowUp(contact=contact.uid, due=item.followup, reason=FOLLOWUP_REASON, uid=uid,
                    created_at=now)  # fmt: skip


# --- one folder -------------------------------------------------------------------------


class _FolderSync:
    def __init__(
        self,
        store: Store,
        book: AddressBook,
        now: datetime,
        confirm_deletions: bool,
        claimed: set[str],
    ) -> None:
        self.store = store
        self.book = book
        self.folder = book.path
        self.now = now
        self.confirm = confirm_deletions
        self.claimed = claimed  # uids that belong to other address books
        self.state = State(store, book.path)
        self.state.name = book.name or self.state.name
        self.report = SyncReport(str(book.path), book.name or self.state.name)
        self.contacts: dict[str, Contact] = {}
        self.followups: dict[str, date] = {}

    def refresh(self) -> None:
        self.contacts = {c.uid: c for c in self.store.contacts()}
        self.followups = next_followups(self.store)

    # -- side effects

    def put(self, contact: Contact, item: Item) -> Contact:
        records: list[Any] = [contact]
        followup = _item_followup(self.store, contact, item, self.now)
        if followup is not None:
            records.append(followup)
        self.store.put(*records)
        self.contacts[contact.uid] = contact
        if followup is not None:
            self.followups = next_followups(self.store)
        return contact

    def write(self, name: str, contact: Contact, current: bytes | None) -> bytes:
        followup = self.followups.get(contact.uid)
        data = None
        if current is not None:
            data = vdir_sync.write_back(current, contact, followup, self.now)
        if data is None:
            data = vdir_sync.new_item(contact, followup, self.book.version)
        if data != current:
            vdir_sync.atomic_write_item(vdir_sync.safe_item_path(self.folder, name), data)
        return data

    def record(self, name: str, uid: str, data: bytes) -> None:
        """Remember both sides as they are now."""
        item = vdir_sync.parse_item(name, data, self.now)
        contact = self.contacts.get(uid)
        self.state.items[name] = {
            "uid": uid,
            "raw": item.raw_hash,
            "remote": item.content_hash,
            "local": _local_hash(contact, self.followups) if contact else "",
        }

    def settle(self, name: str, contact: Contact, item: Item) -> None:
        """After taking the item's content: write back what only relinbox knows (a follow-up
        date, custom fields) so that both sides hold the same, then record."""
        data = item.data
        if _local_hash(contact, self.followups) != item.content_hash:
            data = self.write(name, contact, item.data)
            self.report.pushed += 1
        self.record(name, contact.uid, data)

    def conflict(self, name: str, uid: str, kind: str, item: Item | None) -> None:
        contact = self.contacts.get(uid)
        display = contact.display_name if contact else (
            item.contact.display_name if item and item.contact else uid
        )
        copy = ""
        if item is not None:
            make_private_dir(self.state.copies)
            target = self.state.copies / name
            atomic_write(target, item.data)
            copy = str(target)
        self.state.conflicts[name] = {
            "uid": uid, "name": display, "kind": kind, "since": self.now.isoformat(),
            "copy": copy,
        }  # fmt: skip

    # -- the pass

    def run(self) -> SyncReport:
        self.refresh()
        names = set(vdir_sync.list_items(self.folder))
        for name in sorted(set(self.state.items) | names):
            try:
                vdir_sync.safe_item_path(self.folder, name)
            except ValueError:
                self.state.items.pop(name, None)
                self.report.problems.append(f"sync state names {name!r}; entry dropped")
                continue
            if name in self.state.items:
                self.known(name, name in names)
            else:
                self.new_item(name)
        self.new_contacts(names)
        for name, doc in sorted(self.state.conflicts.items()):
            self.report.conflicts.append(Conflict(str(self.folder), name, **doc))
        self.state.save()
        return self.report

    def read(self, name: str) -> Item | None:
        return vdir_sync.read_item(self.folder, name, self.now)

    def known(self, name: str, present: bool) -> None:
        entry = self.state.items[name]
        uid = entry["uid"]
        local = self.contacts.get(uid)
        item = self.read(name) if present else None
        if item is not None and item.contact is None:
            self.report.problems.extend(item.problems)
            return
        remote_changed = item is not None and item.raw_hash != entry["raw"] and (
            item.content_hash != entry["remote"]
        )
        if item is not None and not remote_changed:
            entry["raw"] = item.raw_hash
        local_hash = _local_hash(local, self.followups) if local else ""
        local_changed = local is not None and local_hash != entry["local"]
        if name in self.state.conflicts:
            if item is None and local is None:
                del self.state.items[name]
                del self.state.conflicts[name]
            elif item is not None and local is not None and item.content_hash == local_hash:
                del self.state.conflicts[name]  # both sides agree again
                self.record(name, uid, item.data)
            return
        if item is not None and local is not None:
            if remote_changed and local_changed:
                if item.content_hash == local_hash:
                    self.record(name, uid, item.data)
                else:
                    self.conflict(name, uid, CHANGED_BOTH, item)
            elif remote_changed:
                contact = self.put(_apply_item(local, item, self.now), item)
                self.report.pulled += 1
                self.settle(name, contact, item)
            elif local_changed:
                data = self.write(name, local, item.data)
                self.report.pushed += 1
                self.record(name, uid, data)
            else:
                self.report.unchanged += 1
        elif item is not None:  # the contact was deleted in relinbox
            if remote_changed:
                self.conflict(name, uid, DELETED_LOCAL, item)
            elif self.confirm:
                vdir_sync.delete_item(vdir_sync.safe_item_path(self.folder, name))
                del self.state.items[name]
                self.report.deleted += 1
            else:
                display = item.contact.display_name if item.contact else uid
                self.report.deletions.append(
                    PendingDeletion(str(self.folder), name, uid, display, "relinbox")
                )
        elif local is not None:  # the item was deleted from the folder
            if local_changed:
                self.conflict(name, uid, DELETED_REMOTE, None)
            elif self.confirm:
                self.store.delete(local)
                del self.contacts[uid]
                del self.state.items[name]
                self.report.deleted += 1
            else:
                self.report.deletions.append(
                    PendingDeletion(str(self.folder), name, uid, local.display_name, "folder")
                )
        else:
            del self.state.items[name]
            self.state.conflicts.pop(name, None)

    def new_item(self, name: str) -> None:
        item = self.read(name)
        if item is None:
            return
        if item.contact is None:
            self.report.problems.extend(item.problems)
            return
        mapped = self.state.uids()
        uid = item.contact.uid
        local = self.contacts.get(uid)
        if local is None:
            local = next(
                (
                    c
                    for c in self.contacts.values()
                    if c.uid not in mapped and c.uid not in self.claimed
                    and any(p.source == vdir_sync.SOURCE and p.key == name for p in c.provenance)
                ),
                None,
            )  # fmt: skip
        if local is not None and (local.uid in mapped or local.uid in self.claimed):
            where = mapped.get(local.uid, "another address book")
            self.report.problems.append(
                f"{name}: UID {uid} is already synced as {where}; item not synced"
            )
            return
        if local is None:
            contact = self.put(_new_from_item(item, self.now), item)
            self.report.pulled += 1
            self.settle(name, contact, item)
            return
        local_hash = _local_hash(local, self.followups)
        if local_hash == item.content_hash:
            self.record(name, local.uid, item.data)
            self.report.unchanged += 1
            return
        self.state.items[name] = {"uid": local.uid, "raw": "", "remote": "", "local": ""}
        self.conflict(name, local.uid, FIRST_SYNC, item)

    def new_contacts(self, names: set[str]) -> None:
        mapped = self.state.uids()
        taken = names | set(self.state.items)
        for uid, contact in sorted(self.contacts.items()):
            if uid in mapped or uid in self.claimed:
                continue
            name = vdir_sync.new_item_name(uid, taken)
            taken.add(name)
            data = self.write(name, contact, None)
            self.report.pushed += 1
            self.record(name, uid, data)


# --- public API -------------------------------------------------------------------------


def sync_addressbooks(
    store: Store,
    books: Iterable[AddressBook],
    *,
    confirm_deletions: bool = False,
    now: datetime | None = None,
) -> list[SyncReport]:
    """Sync each folder in turn. A new contact goes to the first folder only; a contact
    already synced with one folder is never copied into another."""
    now = now or utc_now()
    books = list(books)
    for book in books:
        if not book.path.is_dir():
            raise UserError(f"{book.path}: no such folder (address book {book.name!r})")
    reports = []
    with sync_lock(store):
        for book in books:
            folder = book.path.resolve()
            claimed = {
                entry["uid"]
                for state in all_states(store)
                if state.folder != folder
                for entry in state.items.values()
            }
            sync = _FolderSync(store, book, now, confirm_deletions, claimed)
            reports.append(sync.run())
    return reports


def adhoc_book(folder: Path) -> AddressBook:
    return AddressBook(name="", path=folder.expanduser())


def pending_conflicts(store: Store) -> list[Conflict]:
    """Every conflict recorded by earlier syncs and not resolved yet, for any folder."""
    result = []
    for state in all_states(store):
        for name, doc in sorted(state.conflicts.items()):
            result.append(Conflict(str(state.folder), name, **doc))
    return result


def find_conflict(store: Store, query: str) -> Conflict:
    """The conflict of a contact given by uid, item filename or display name."""
    conflicts = pending_conflicts(store)
    text = query.strip()
    for test in (
        lambda c: c.uid == text,
        lambda c: c.item == text,
        lambda c: c.name.casefold() == text.casefold(),
        lambda c: c.uid.startswith(text) or c.name.casefold().startswith(text.casefold()),
    ):
        found = [c for c in conflicts if test(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            listed = "; ".join(c.describe() for c in found)
            raise UserError(f"{query!r} matches several conflicts: {listed}")
    if not conflicts:
        raise UserError("there are no sync conflicts to resolve")
    raise UserError(f"no sync conflict for {query!r}; `relinbox sync` lists them")


def resolve(
    store: Store, query: str, keep: str, *, now: datetime | None = None, version: str = "3.0"
) -> Conflict:
    """Settle a conflict: `keep="local"` writes relinbox's version to the folder (or deletes
    the item when the contact was deleted here); `keep="remote"` takes the folder's version
    (or deletes the contact when the item was deleted there)."""
    if keep not in ("local", "remote"):
        raise UserError("--keep is local or remote")
    now = now or utc_now()
    with sync_lock(store):
        conflict = find_conflict(store, query)
        book = AddressBook("", Path(conflict.folder), version)
        sync = _FolderSync(store, book, now, False, set())
        state = sync.state
        sync.refresh()
        name, uid = conflict.item, conflict.uid
        item = sync.read(name)
        if item is not None and item.contact is None:
            raise UserError(f"{conflict.folder}/{name} cannot be read: {'; '.join(item.problems)}")
        local = sync.contacts.get(uid)
        path = vdir_sync.safe_item_path(sync.folder, name)
        if keep == "local":
            if local is None:
                vdir_sync.delete_item(path)
                state.items.pop(name, None)
            else:
                data = sync.write(name, local, item.data if item else None)
                sync.record(name, uid, data)
        elif item is None:
            if local is not None:
                store.delete(local)
            state.items.pop(name, None)
        else:
            contact = _apply_item(local, item, now) if local else _new_from_item(item, now)
            contact = sync.put(contact, item)
            sync.settle(name, contact, item)
        state.conflicts.pop(name, None)
        copy = state.copies / name
        copy.unlink(missing_ok=True)
        state.save()
    return conflict


def write_calendar(store: Store, planner: Any, path: Path, today: date, now: datetime) -> None:
    """Rewrite the subscribed iCalendar file atomically (`export_ics`)."""
    from relinbox.services.calendar import export_ics

    target = path.expanduser()
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder (for the calendar file {target.name})")
    atomic_write(target, export_ics(store, planner, today, now))


def configured_books(config: Config) -> list[AddressBook]:
    return list(config.sync.addressbooks)
