"""Fixtures for the store tests: a fresh store in `tmp_path`, record factories, and checks.

Helpers are handed out as fixtures (not imported) so the test modules need no package layout.
"""

from __future__ import annotations

import itertools
import sys
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from relinbox.core.digest import build_digest
from relinbox.core.models import (
    CadenceSnooze,
    Channel,
    Contact,
    ContactPoint,
    Direction,
    FollowUp,
    ImportantDate,
    Name,
    Note,
    Outcome,
    Snooze,
    Tier,
    Touch,
)
from relinbox.core.store import Store
from relinbox.core.store.store import DEFAULT_SHARDS

HERE = Path(__file__).resolve().parent
CHILD_SCRIPT = HERE / "store_child.py"
BASE = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def shard_of(uid: str, shards: int = DEFAULT_SHARDS) -> int:
    return zlib.crc32(uid.encode("utf-8")) % shards


@dataclass
class Factory:
    """Builds valid records with deterministic times (minutes after `BASE`)."""

    clock: Iterator[int] = field(default_factory=itertools.count)

    def at(self, minutes: int | None = None) -> datetime:
        return BASE + timedelta(minutes=next(self.clock) if minutes is None else minutes)

    def contact(self, name: str = "Ann Lee", **kwargs: object) -> Contact:
        given, _, family = name.partition(" ")
        defaults: dict[str, object] = {
            "name": Name(given=given, family=family),
            "emails": [ContactPoint(f"{given.lower()}@example.com", "work", True)],
            "phones": [ContactPoint("+44 20 7946 0000", "mobile")],
            "tags": ["client"],
            "tier": Tier.A,
            "birthday": "--04-12",
            "important_dates": [ImportantDate("joined the firm", "2019-06-01", False)],
            "created_at": BASE - timedelta(days=400),
            "updated_at": BASE - timedelta(days=400),
        }
        defaults.update(kwargs)
        return Contact(display_name=name, **defaults)  # type: ignore[arg-type]

    def touch(self, contact: Contact | str, **kwargs: object) -> Touch:
        uid = contact if isinstance(contact, str) else contact.uid
        when = kwargs.pop("when", None) or self.at()
        defaults: dict[str, object] = {
            "channel": Channel.CALL,
            "direction": Direction.OUT,
            "outcome": Outcome.CONNECTED,
            "logged_at": kwargs.pop("logged_at", None) or when,
        }
        defaults.update(kwargs)
        return Touch(uid, when, **defaults)  # type: ignore[arg-type]

    def note(self, contact: Contact | str, text: str = "Prefers calls", **kwargs: object) -> Note:
        uid = contact if isinstance(contact, str) else contact.uid
        kwargs.setdefault("created_at", self.at())
        return Note(uid, text, **kwargs)  # type: ignore[arg-type]

    def followup(self, contact: Contact | str, due: date, **kwargs: object) -> FollowUp:
        uid = contact if isinstance(contact, str) else contact.uid
        kwargs.setdefault("created_at", self.at())
        return FollowUp(uid, due, **kwargs)  # type: ignore[arg-type]

    def snooze(self, contact: Contact | str, to_due: date, **kwargs: object) -> CadenceSnooze:
        uid = contact if isinstance(contact, str) else contact.uid
        at = kwargs.pop("at", None) or self.at()
        return CadenceSnooze(uid, Snooze(at, to_due - timedelta(days=7), to_due), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def make() -> Factory:
    return Factory()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def same_shard_uids() -> Callable[[int], list[str]]:
    """`n` fresh contact uids that all hash to the same shard."""

    def find(n: int) -> list[str]:
        by_shard: dict[int, list[str]] = {}
        while True:
            uid = str(uuid.uuid4())
            group = by_shard.setdefault(shard_of(uid), [])
            group.append(uid)
            if len(group) == n:
                return group

    return find


@pytest.fixture
def other_shard_uid() -> Callable[[str], str]:
    """A fresh contact uid in a different shard from `uid`."""

    def find(uid: str) -> str:
        while True:
            candidate = str(uuid.uuid4())
            if shard_of(candidate) != shard_of(uid):
                return candidate

    return find


def _check_digests(opened: Store) -> None:
    contacts = {c.uid: c for c in opened.contacts()}
    digests = {d.uid: d for d in opened.digests()}
    assert set(digests) == set(contacts), "a digest without a contact, or a contact without one"
    for uid, contact in contacts.items():
        timeline = opened.timeline(uid)
        expected = build_digest(contact, timeline.touches, timeline.snoozes, timeline.followups)
        assert digests[uid] == expected, f"digest of {uid} disagrees with its records"
        assert opened.digest(uid) == expected


@pytest.fixture
def check_digests() -> Callable[[Store], None]:
    """Assert that every stored digest equals one rebuilt from the contact's records."""
    return _check_digests


@pytest.fixture
def child_cmd() -> Callable[..., list[str]]:
    """The command line that runs the helper script `store_child.py` with `args`."""

    def command(*args: object) -> list[str]:
        return [sys.executable, str(CHILD_SCRIPT), *(str(a) for a in args)]

    return command
