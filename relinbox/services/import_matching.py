"""Which stored contact an imported record describes.

1. The one with the record's uid (a vCard UID, compared exactly; or the uid minted for a card
   without one, or for a CSV row).
2. Else the one whose provenance has the record's (source, key).
3. Else, for a CSV export whose key for the row moved since the last export (the first e-mail
   changed or swapped places; a row keyed by its name gained an e-mail or a LinkedIn profile):
   the one contact from the same source that shares an e-mail or profile with the row, or
   whose key was the row's name. Never across sources, never when two contacts qualify, and
   never a contact that another record of the same run finds by 1 or 2.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from relinbox.core.models import Contact
from relinbox.core.text import fold
from relinbox.interop.keys import email_key, linkedin_key

CSV_SOURCES = frozenset({"google", "outlook", "outlook-com", "linkedin"})
_REPEATED_KEY = re.compile(r"#\d+$")  # the second row with a key in one file: not moved


@dataclass(frozen=True, slots=True)
class Target:
    uid: str  # the stored contact, or the record's own uid when it is new
    moved: tuple[str, str] | None = None  # the stored (source, key) the record's key replaces


def match_records(contacts: Sequence[Contact], existing: Sequence[Contact]) -> list[Target]:
    """The target of each of `contacts` (imported records, in order) among `existing`."""
    by_uid = {c.uid for c in existing}
    by_source = {(p.source, p.key): c.uid for c in existing for p in c.provenance if p.key}
    direct: list[str | None] = []
    for contact in contacts:
        uid = contact.uid if contact.uid in by_uid else None
        if uid is None:
            uid = next(
                (by_source[k] for p in contact.provenance if (k := (p.source, p.key)) in by_source),
                None,
            )
        direct.append(uid)
    claimed = {uid for uid in direct if uid is not None}
    moved = _MovedKeys(existing) if len(claimed) < len(contacts) else None
    targets = []
    for contact, uid in zip(contacts, direct, strict=True):
        if uid is not None:
            targets.append(Target(uid))
            continue
        found = moved.find(contact, claimed) if moved else None
        if found is None:
            targets.append(Target(contact.uid))
            continue
        claimed.add(found.uid)
        targets.append(found)
    return targets


def _row_keys(contact: Contact) -> list[str]:
    keys = ["email:" + email_key(e.value) for e in contact.emails]
    profile = linkedin_key(contact.linkedin) if contact.linkedin else None
    if profile:
        keys.append(profile)
    return keys


class _MovedKeys:
    """Stored contacts from CSV sources by (source, e-mail / profile / stored key)."""

    def __init__(self, existing: Sequence[Contact]) -> None:
        self.index: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.keys: dict[tuple[str, str], str] = {}  # (uid, source) -> stored key
        for contact in existing:
            sources = [p for p in contact.provenance if p.source in CSV_SOURCES and p.key]
            if not sources:
                continue
            alternates = _row_keys(contact)
            for provenance in sources:
                self.keys.setdefault((contact.uid, provenance.source), provenance.key)
                for key in (provenance.key, *alternates):
                    self.index[(provenance.source, key)].add(contact.uid)

    def find(self, contact: Contact, claimed: set[str]) -> Target | None:
        if not self.index:
            return None
        own = next((p for p in contact.provenance if p.source in CSV_SOURCES), None)
        if own is None or _REPEATED_KEY.search(own.key):
            return None
        keys = _row_keys(contact)
        name = fold(contact.display_name)
        if name:
            keys.append("name:" + name)
        found: set[str] = set()
        for key in keys:
            found |= self.index.get((own.source, key), set())
        if len(found) != 1:
            return None  # none, or ambiguous: left to the merge candidates
        uid = found.pop()
        if uid in claimed:
            return None
        return Target(uid, (own.source, self.keys[(uid, own.source)]))
