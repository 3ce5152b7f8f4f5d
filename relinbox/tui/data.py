"""The app's side of the store: one lock, the planner, the undo history, cheap view models.

Every method here may block on disk, so the app calls them from thread workers only; the lock
keeps one thread at a time inside the store (the store itself is not thread-safe). Nothing in
this module imports Textual.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from relinbox.core.cadence import Inbox, Schedule
from relinbox.core.models import Contact
from relinbox.core.store import Store, Timeline
from relinbox.services import actions
from relinbox.services.actions import ActionResult
from relinbox.services.errors import UserError
from relinbox.tui import inbox_cache
from relinbox.tui.search import SearchIndex

if TYPE_CHECKING:
    from relinbox.services.planner import Planner


@dataclass(frozen=True, slots=True)
class ContactView:
    """Everything the timeline and the card show about one contact."""

    contact: Contact
    timeline: Timeline
    plan: Schedule | None
    today: date
    now: datetime


class AppData:
    """The store, planner and clock of one app session."""

    def __init__(self, db_path: Path, planner: Planner) -> None:
        self.db_path = db_path
        self.planner = planner
        self.clock = planner.clock
        self.lock = threading.RLock()
        self._store: Store | None = None
        self.history: list[ActionResult] = []
        self._index: SearchIndex | None = None
        self._index_full = False

    # --- clock ---------------------------------------------------------------------------

    def today(self) -> date:
        return self.clock.today()

    def now(self) -> datetime:
        return self.clock.now()

    # --- reads ---------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        with self.lock:
            if self._store is None:
                self._store = Store.open(self.db_path)
            return self._store

    def inbox(self) -> Inbox:
        """Today's inbox from the store's digests (and remembered for the next start)."""
        with self.lock:
            before = inbox_cache.signature(self.db_path)
            inbox = self.planner.inbox(self.store, self.today())
        with contextlib.suppress(OSError):  # only a head start for the next run is lost
            inbox_cache.save(self.db_path, inbox, before, self._settings_key())
        return inbox

    def has_contacts(self) -> bool:
        with self.lock:
            return bool(self.store.digests())

    def saved_inbox(self) -> Inbox | None:
        """The inbox saved by the last run, when the store has not changed since (fast)."""
        return inbox_cache.load(self.db_path, self.today(), self._settings_key())

    def _settings_key(self) -> str:
        return inbox_cache.settings_key(self.planner.settings, self.clock.tz)

    def schedule(self, uid: str) -> Schedule | None:
        with self.lock:
            return self.planner.schedule_for(self.store, uid)

    def contact(self, uid: str) -> Contact | None:
        with self.lock:
            return self.store.contact(uid)

    def resolve(self, query: str) -> Contact:
        """The contact a name, e-mail, uid or prefix means (`services.contacts`)."""
        from relinbox.services.contacts import resolve_contact

        with self.lock:
            return resolve_contact(self.store, query)

    def contact_view(self, uid: str) -> ContactView | None:
        with self.lock:
            contact = self.store.contact(uid)
            if contact is None:
                return None
            return ContactView(
                contact,
                self.store.timeline(uid),
                self.planner.schedule_for(self.store, uid),
                self.today(),
                self.now(),
            )

    def refresh(self) -> bool:
        """True when another process changed the store since the last look."""
        with self.lock:
            if self._store is None:
                return False
            changed = self._store.refresh()
            if changed:
                self._index = None
                self._index_full = False
            return changed

    def search_index(self, *, full: bool) -> SearchIndex:
        """Names only (from digests, fast) or names, organisations, e-mails and tags (parses
        every contact: call from a worker)."""
        with self.lock:
            if self._index is None or (full and not self._index_full):
                if full:
                    self._index = SearchIndex.from_contacts(self.store.contacts())
                else:
                    self._index = SearchIndex.from_digests(self.store.digests())
                self._index_full = full
            return self._index

    def search_index_if_full(self) -> SearchIndex | None:
        with self.lock:
            return self._index if self._index_full else None

    # --- writes --------------------------------------------------------------------------

    def apply(self, action: Callable[[Store], ActionResult]) -> ActionResult:
        """Run a service action under the lock and remember it for undo."""
        with self.lock:
            result = action(self.store)
            self.history.append(result)
            self._index = None
            self._index_full = False
            return result

    def undo(self) -> str:
        """Undo the latest action; the message says what was undone."""
        with self.lock:
            if not self.history:
                raise UserError("nothing to undo")
            result = self.history.pop()
            actions.undo(self.store, result)
            self._index = None
            self._index_full = False
            return f"undone: {result.message}"

    def close(self) -> None:
        with self.lock:
            if self._store is not None:
                self._store.close()
                self._store = None
