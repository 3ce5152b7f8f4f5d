"""Which stored contact an imported record describes.

0. For a CSV row told apart from a namesake in an earlier export and alone now: the one
   holding the key it had then.
1. The one with the record's uid (a vCard UID, compared exactly; or the uid minted for a card
   without one, or for a CSV row).
2. Else the one whose provenance has the record's (source, key) (a vdir item's file name
   only for a card without UID).
3. Else, for a CSV export whose key for the row moved since the last export (the first e-mail
   changed or swapped places; a row keyed by its name gained an e-mail or a LinkedIn profile),
   and for a vCard without UID whose minted uid moved the same way: the one contact from the
   same source that shares an e-mail, profile or phone number with the record and has its
   name (or a name one of them completes: "Mike", "Mike Meier"), or whose key was the
   record's name. Never across sources, and never a contact that another record of the
   same run finds by 1 or 2. When two contacts qualify (namesakes), or
   two records point at one, the pair sharing most beyond the name (e-mails, phones,
   profile, the connection date, organisation, title) goes together; on a tie nothing moves.

A CSV row found by 1 or 2 whose name is another person's (an address handed on to a
colleague) is not that contact: it becomes a new one, listed as a merge candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from relinbox.core.models import Contact, Provenance
from relinbox.core.text import fold
from relinbox.interop.keys import (
    distinguisher,
    email_key,
    is_minted,
    linkedin_key,
    mint_uid,
    telling_phone_key,
)

CSV_SOURCES = frozenset({"google", "outlook", "outlook-com", "linkedin"})


@dataclass(frozen=True, slots=True)
class Target:
    uid: str  # the stored contact, or the record's own uid when it is new
    moved: tuple[str, str] | None = None  # the stored (source, key) the record's key replaces
    key: str | None = None  # a new record's own key, when its usual one is another person's


def match_records(contacts: Sequence[Contact], existing: Sequence[Contact]) -> list[Target]:
    """The target of each of `contacts` (imported records, in order) among `existing`."""
    by_uid = {c.uid: c for c in existing}
    by_source = {(p.source, p.key): c.uid for c in existing for p in c.provenance if p.key}
    # keys that namesakes of one export were told apart with ("name:x#x#tel:…"), by base
    namesakes = {(s, k.split("#", 1)[0]) for s, k in by_source if "#" in k and s in CSV_SOURCES}
    direct: list[str | None] = []
    told: dict[int, str] = {}  # a row found by the key that told it from a namesake
    for contact in contacts:
        uid = None
        if namesakes and (found := _namesake(contact, by_source, namesakes)):
            uid, told[len(direct)] = found
        if uid is None and contact.uid in by_uid:
            uid = contact.uid
        if uid is None and _keyed_by_file_alone(contact):
            uid = next(
                (by_source[k] for p in contact.provenance if (k := (p.source, p.key)) in by_source),
                None,
            )
        if uid is not None and _from_csv(contact) and not same_person(by_uid[uid], contact):
            uid = None  # the row's e-mail now belongs to someone else (sales@ handed on)
        direct.append(uid)
    _prefer_owners(contacts, direct, by_uid)
    claimed = {uid for uid in direct if uid is not None}
    moved = _moves(contacts, direct, existing, claimed) if len(claimed) < len(contacts) else {}
    targets: list[Target] = []
    taken: dict[tuple[str, str], int] = {}  # a row's own key held by another -> the row
    for index, (contact, uid) in enumerate(zip(contacts, direct, strict=True)):
        if uid is not None:
            targets.append(Target(uid, key=told.get(index)))
            continue
        found = moved.get(index)
        if found is None:
            targets.append(_new(contact, by_uid))
            continue
        own = _own_key(contact)
        if by_source.get(own, found.uid) != found.uid:  # its key is another person's
            found = Target(found.uid, found.moved, f"{own[1]}#{fold(contact.display_name)}")
            taken.setdefault(own, len(targets))
        targets.append(found)
    for target in list(targets):  # unless that person moves off it in this same run
        row = taken.pop(target.moved, None) if target.moved else None
        if row is not None:
            targets[row] = Target(targets[row].uid, targets[row].moved)
    _apart_in_run(contacts, targets)
    return targets


def _prefer_owners(
    contacts: Sequence[Contact], direct: list[str | None], by_uid: dict[str, Contact]
) -> None:
    """A CSV row found by a key whose name only shares the first given name with the stored
    contact ("Alan Smith" now on Alan Turing's old `sales@`) gives way when a row of the
    same run has the contact's very name and its key or values: that row is the owner. (A
    contact merged from several rows of the source holds each of their names.)"""
    weak = [
        index
        for index, uid in enumerate(direct)
        if uid is not None
        and fold(contacts[index].display_name) != fold(by_uid[uid].display_name)
        and _from_csv(contacts[index])
        and not _merged_in_source(by_uid[uid], _own_key(contacts[index])[0])
        and not names_of(by_uid[uid]) & names_of(contacts[index])
    ]
    if not weak:
        return
    named: dict[str, list[int]] = defaultdict(list)
    for index, contact in enumerate(contacts):
        if _from_csv(contact):
            for name in names_of(contact):
                named[name].append(index)
    for index in weak:
        uid = direct[index]
        stored = by_uid[uid]
        values = set(_row_keys(stored))
        owners = {other for name in names_of(stored) for other in named.get(name, ())}
        if any(
            direct[other] == uid
            or (direct[other] is None and values & set(_row_keys(contacts[other])))
            for other in owners - {index}
        ):
            direct[index] = None


def _merged_in_source(contact: Contact, source: str) -> bool:
    return sum(p.source == source for p in contact.provenance) > 1


def _namesake(
    contact: Contact, by_source: dict[tuple[str, str], str], namesakes: set[tuple[str, str]]
) -> tuple[str, str] | None:
    """The stored contact of a row that was told apart from a namesake in an earlier export
    and is alone now (its plain key would find whoever had it before the namesake came),
    with the key it keeps."""
    if not _from_csv(contact):
        return None
    source, key = _own_key(contact)
    if "#" in key or (source, key) not in namesakes:
        return None
    name = fold(contact.display_name)
    for told in (f"{key}#{name}#{distinguisher(contact)}", f"{key}#{name}"):
        uid = by_source.get((source, told))
        if uid is not None:
            return uid, told
    return None


def _keyed_by_file_alone(contact: Contact) -> bool:
    """Whether a record may be found by its provenance key: not a vdir item whose card has a
    UID of its own (the UID is the key; the file name only finds cards without one)."""
    return all(p.source != "vdir" for p in contact.provenance) or is_minted(contact.uid)


def _apart_in_run(contacts: Sequence[Contact], targets: list[Target]) -> None:
    """Two CSV rows of one run (from two files) with one target but another person's name
    stay apart, as they would if the first were already stored: so the next import of the
    same files finds what this one made."""
    if len({target.uid for target in targets}) == len(targets):
        return  # no two records share a target (the usual case)
    first: dict[str, Contact] = {}
    for index, (contact, target) in enumerate(zip(contacts, targets, strict=True)):
        if not _from_csv(contact):
            continue
        earlier = first.setdefault(target.uid, contact)
        if earlier is not contact and not same_person(earlier, contact):
            source, key = _own_key(contact)
            key = f"{key}#{fold(contact.display_name)}"
            targets[index] = Target(mint_uid(source, key), key=key)


def _moves(
    contacts: Sequence[Contact],
    direct: list[str | None],
    existing: Sequence[Contact],
    claimed: set[str],
) -> dict[int, Target]:
    """The stored contact each record that matched nothing directly has moved from, by the
    record's index. When several records point at one contact (a namesake added to the
    export), the one sharing most with it takes it; on a tie none does."""
    index = _MovedKeys(existing)
    if not index.index:
        return {}
    proposals: dict[str, list[tuple[int, int, Target]]] = defaultdict(list)
    for position, (contact, uid) in enumerate(zip(contacts, direct, strict=True)):
        if uid is None and (found := index.find(contact, claimed)) is not None:
            target, score = found
            proposals[target.uid].append((score, position, target))
    moves: dict[int, Target] = {}
    for rivals in proposals.values():
        rivals.sort(key=lambda rival: -rival[0])
        if len(rivals) == 1 or rivals[0][0] > rivals[1][0]:
            moves[rivals[0][1]] = rivals[0][2]
    return moves


def _own_key(contact: Contact) -> tuple[str, str]:
    return next((p.source, p.key) for p in contact.provenance if _movable(p))


def _movable(provenance: Provenance) -> bool:
    """A key derived from the record's values, which move when they change: a CSV row's, or
    the uid minted for a vCard without UID (a UID the card carries is authoritative)."""
    if provenance.source in CSV_SOURCES:
        return True
    return provenance.source == "vcard" and is_minted(provenance.key)


def same_person(stored: Contact, row: Contact) -> bool:
    """Whether a CSV row found by its key describes the stored contact: the same first given
    name (a surname may change), else the same family name when a given name is missing,
    else the same display name. Rows without names to compare are trusted."""
    given = _first_word(stored.name.given), _first_word(row.name.given)
    family = plain_name(stored.name.family), plain_name(row.name.family)
    if all(given):
        return given[0] == given[1]
    if all(family):
        return family[0] == family[1]
    names = fold(stored.display_name), fold(row.display_name)
    return not all(names) or names[0] == names[1] or "@" in names[1]


def _first_word(given: str) -> str:
    """"Alan M." is "Alan" corrected, not another person; "Dr. Grace" is "Grace"."""
    words = plain_name(given).split()
    return words[0] if words else ""


def _from_csv(contact: Contact) -> bool:
    return any(p.source in CSV_SOURCES for p in contact.provenance)


def _new(contact: Contact, by_uid: dict[str, Contact]) -> Target:
    """A new contact; a CSV row whose minted uid is another person's gets one of its own."""
    if contact.uid not in by_uid:
        return Target(contact.uid)
    source, key = _own_key(contact)
    key = f"{key}#{fold(contact.display_name)}"
    return Target(mint_uid(source, key), key=key)


def _row_keys(contact: Contact) -> list[str]:
    """What a row shares with its earlier self: e-mails, profile, phone numbers."""
    keys = ["email:" + email_key(e.value) for e in contact.emails]
    profile = linkedin_key(contact.linkedin) if contact.linkedin else None
    if profile:
        keys.append(profile)
    for phone in contact.phones:
        number = telling_phone_key(phone.value)
        if number:
            keys.append("tel:" + number)
    return keys


def _facts(contact: Contact) -> set[str]:
    """What two records of one person share beyond the name, to choose between namesakes."""
    facts = set(_row_keys(contact))
    facts |= {"distinct:" + distinguisher(contact)}
    if contact.org.name.strip():
        facts.add("org:" + fold(contact.org.name))
    if contact.org.title.strip():
        facts.add("title:" + fold(contact.org.title))
    return facts


_PREFIXES = frozenset({
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "lady", "lord", "rev", "fr",
    "hon",
})  # fmt: skip
_SUFFIXES = frozenset({
    "jr", "sr", "ii", "iii", "iv", "phd", "md", "dds", "dvm", "jd", "mba", "cpa", "cfa", "esq",
    "frs", "obe", "mbe", "cbe", "kbe", "qc", "kc",
})  # fmt: skip


def plain_name(text: str) -> str:
    """A name as people are compared: folded, titles and post-nominals off, "Family, Given"
    turned round. "Dr. Grace Hopper PhD", "Hopper, Grace" and "Grace Hopper" are one."""
    parts = fold(text).replace(".", " ").split(",")
    while len(parts) > 1 and all(word in _SUFFIXES for word in parts[-1].split()):
        parts.pop()  # "Johnson, PhD"
    if len(parts) == 2:
        parts.reverse()  # "Hopper, Grace"
    words = " ".join(parts).split()
    start = 0
    while start < len(words) - 1 and words[start] in _PREFIXES:
        start += 1
    end = len(words)
    while end > start + 1 and words[end - 1] in _SUFFIXES:
        end -= 1
    return " ".join(words[start:end])


def names_of(contact: Contact) -> set[str]:
    """The folded display name and its plain form, and given and family name alone in
    either order."""
    display = contact.display_name
    names = {fold(display), plain_name(display)}
    given, family = plain_name(contact.name.given), plain_name(contact.name.family)
    if given and family:
        names |= {f"{given} {family}", f"{family} {given}"}
    return names - {""}


class _MovedKeys:
    """Stored contacts with movable keys by (source, e-mail / profile / phone / stored key)."""

    def __init__(self, existing: Sequence[Contact]) -> None:
        self.index: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.keys: dict[tuple[str, str], list[str]] = defaultdict(list)  # (uid, source) -> keys
        self.names: dict[str, set[str]] = {}
        self.words: dict[str, frozenset[str]] = {}
        self.contacts: dict[str, Contact] = {}
        for contact in existing:
            sources = [p for p in contact.provenance if p.key and _movable(p)]
            if not sources:
                continue
            self.names[contact.uid] = names_of(contact)
            self.words[contact.uid] = _words(contact)
            self.contacts[contact.uid] = contact
            alternates = _row_keys(contact)
            for provenance in sources:
                self.keys[(contact.uid, provenance.source)].append(provenance.key)
                # a namesake's key ("name:x#x#tel:…", or "#2" from older versions) is found
                # by its name as well
                for key in {provenance.key, _base(provenance.key), *alternates}:
                    self.index[(provenance.source, key)].add(contact.uid)

    def find(self, contact: Contact, claimed: set[str]) -> tuple[Target, int] | None:
        """The stored contact `contact` moved from, and how many facts they share; None when
        there is none, or several that nothing tells apart."""
        if not self.index:
            return None
        own = next((p for p in contact.provenance if _movable(p)), None)
        if own is None:
            return None
        source, keys = own.source, _row_keys(contact)
        names, words = names_of(contact), _words(contact)
        # A shared e-mail or profile counts only with the same name, or one completing the
        # other ("Mike" → "Mike Meier"): an address handed on to a colleague, or a couple's
        # shared one, must not rename the other person.
        found = {
            uid
            for key in keys
            for uid in self.index.get((source, key), ())
            if self.names[uid] & names or _completes(self.words[uid], words)
        }
        for name in names:  # a row once keyed by its name, now by an e-mail or profile
            found |= self.index.get((source, "name:" + name), set())
        found -= claimed
        if not found:
            return None
        facts = _facts(contact)
        scores = sorted(((len(facts & _facts(self.contacts[uid])), uid) for uid in found),
                        reverse=True)  # fmt: skip
        if len(scores) > 1 and scores[0][0] == scores[1][0]:
            return None  # ambiguous: left to the merge candidates
        score, uid = scores[0]
        stored = self.keys[(uid, source)]
        ours = set(keys) | {"name:" + name for name in names}
        # The stored key this row had: the one among its e-mails, profile or name, else the
        # only one; when a merged contact holds several and none is the row's, none goes.
        replaced = next((key for key in stored if _base(key) in ours), None)
        if replaced is None and len(stored) == 1:
            replaced = stored[0]
        return Target(uid, (source, replaced) if replaced else None), score


def _words(contact: Contact) -> frozenset[str]:
    return frozenset(plain_name(contact.display_name).split())


def _completes(stored: frozenset[str], row: frozenset[str]) -> bool:
    """One name holds every word of the other: a name completed or shortened."""
    return bool(stored and row) and (stored <= row or row <= stored)


def _base(key: str) -> str:
    """A key without what `Rows.assign_keys` adds to keys that rows share ("#name", "#2")."""
    return key.split("#", 1)[0]
