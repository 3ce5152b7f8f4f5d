"""Combining two contacts field by field without losing a value, and `relinbox merge A B`.

`combine(base, other)` is used twice: by the importer to apply a re-imported record to the
stored contact (the record's values win where both have one, unless the contact combines
several sources), and by `merge` (A's values win; a different value of B's is kept as a
custom field "<field> (merged)").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import datetime

from relinbox.core.models import Address, Contact, ContactPoint, Name, Org, utc_now
from relinbox.core.store import Store
from relinbox.core.text import fold
from relinbox.interop.keys import email_key, phone_key
from relinbox.interop.vcard.mapping import FOLLOWUP_PROPERTY

_ONE_VALUE = frozenset({"REV", FOLLOWUP_PROPERTY})  # a second one would contradict the first
_SCALARS = ("nickname", "birthday", "birthday_text", "anniversary", "linkedin", "connected_on")


def _pick(mine: str | None, theirs: str | None, theirs_win: bool) -> str | None:
    if theirs_win:
        return theirs or mine
    return mine or theirs


def _points(
    first: list[ContactPoint],
    second: list[ContactPoint],
    key: Callable[[str], str],
    second_wins: bool,
) -> list[ContactPoint]:
    result = [ContactPoint(p.value, p.label, False) for p in first]
    index = {key(p.value): p for p in result}
    for point in second:
        known = index.get(key(point.value))
        if known is None:
            known = ContactPoint(point.value, point.label, False)
            index[key(point.value)] = known
            result.append(known)
        elif point.label and (second_wins or not known.label):
            known.label = point.label
    winner, loser = (second, first) if second_wins else (first, second)
    primary = next((p for p in winner if p.primary), None) or next(
        (p for p in loser if p.primary), None
    )
    if primary is not None:
        index[key(primary.value)].primary = True
    return result


def _union(first: Iterable, second: Iterable, key: Callable = lambda item: item) -> list:
    seen, result = set(), []
    for item in (*first, *second):
        k = key(item)
        if k not in seen:
            seen.add(k)
            result.append(item)
    return result


def join_notes(first: str, second: str) -> str:
    if not second.strip() or second in first:
        return first
    if not first.strip() or first in second:
        return second
    return f"{first}\n\n{second}"


def _property(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].strip().upper()


def _extra(base: list[str], other: list[str], replace: bool) -> list[str]:
    """Unknown vCard lines. On import a property the new record carries replaces the stored
    lines of that property (a newer REV replaces the older one); on merge lines are unioned,
    except the properties that hold one value by nature."""
    names = {_property(line) for line in other}
    if not replace:
        names &= _ONE_VALUE
    incoming = set(other)  # a line both have keeps its place: the same facts, no update
    return _union(
        [line for line in base if line in incoming or _property(line) not in names], other
    )


def _name(base: Contact, other: Contact, other_wins: bool, keep_conflicts: bool) -> Name:
    """A merge keeps A's name whole (B's is kept as "(merged)"); a record that wins gives its
    name whole (a middle name someone cleared stays cleared); else the parts are filled in."""
    if keep_conflicts and base.name.joined():
        return base.name
    if other_wins and other.name.joined():
        return other.name
    return Name(
        *(
            _pick(a, b, other_wins) or ""
            for a, b in zip(base.name.parts(), other.name.parts(), strict=True)
        )
    )


def combine(
    base: Contact,
    other: Contact,
    *,
    other_wins: bool,
    keep_conflicts: bool = False,
    now: datetime | None = None,
) -> Contact:
    """A new contact with every value of both. `base` keeps its uid and relinbox-only fields
    (tier, cadence, archived, time zone); for single values `other` wins when `other_wins`,
    and with `keep_conflicts` a value of `other` that lost is kept as a custom field."""
    custom = {**base.custom, **other.custom} if other_wins else {**other.custom, **base.custom}
    if keep_conflicts and not other_wins:
        for label, mine, theirs in _singles(base, other):
            if mine and theirs and mine != theirs:
                custom.setdefault(f"{label} (merged)", theirs)
        for key, value in other.custom.items():
            if key in base.custom and base.custom[key] != value:
                custom.setdefault(f"{key} (merged)", value)
    merged = dataclasses.replace(
        base,
        display_name=_pick(base.display_name, other.display_name, other_wins) or "",
        name=_name(base, other, other_wins, keep_conflicts),
        kind=other.kind if other_wins and other.kind != "individual" else base.kind,
        emails=_points(base.emails, other.emails, email_key, other_wins),
        phones=_points(base.phones, other.phones, phone_key, other_wins),
        org=Org(
            _pick(base.org.name, other.org.name, other_wins) or "",
            _pick(base.org.title, other.org.title, other_wins) or "",
            _pick(base.org.department, other.org.department, other_wins) or "",
        ),
        tags=_union(base.tags, other.tags),
        starred=base.starred or other.starred,
        important_dates=_union(
            base.important_dates, other.important_dates, lambda d: (d.label, d.date, d.yearly)
        ),
        related=_union(base.related, other.related, lambda r: (fold(r.name), r.relation)),
        notes=join_notes(base.notes, other.notes),
        urls=_union(base.urls, other.urls),
        addresses=_union(base.addresses, other.addresses, _address_key),
        timezone=base.timezone or other.timezone,
        cadence={**other.cadence, **base.cadence},
        custom=custom,
        extra=_extra(base.extra, other.extra, replace=other_wins),
        provenance=_union(base.provenance, other.provenance, lambda p: (p.source, p.key)),
        created_at=min(base.created_at, other.created_at),
        updated_at=now or utc_now(),
    )
    for name in _SCALARS:
        setattr(merged, name, _pick(getattr(base, name), getattr(other, name), other_wins))
    merged.nickname = merged.nickname or ""
    return merged


def keep_source_values(contact: Contact, record: Contact, source: str) -> None:
    """On a contact that combines several sources, a single value that one of them now gives
    differently is kept as the custom field `<field> (<source>)`: the source's update is not
    lost, and the contact's own value stays (imports do not flip it between sources). A
    value the source no longer gives differently drops its field."""
    for label, mine, theirs in _singles(contact, record):
        key = f"{label} ({source})"
        if theirs and theirs != mine and contact.custom.get(f"{label} (merged)") != theirs:
            contact.custom[key] = theirs
        else:
            contact.custom.pop(key, None)


def _singles(base: Contact, other: Contact) -> list[tuple[str, str | None, str | None]]:
    """(label, A's value, B's value) of every field that holds one value."""
    theirs = other.name.joined()
    pairs = [
        ("display name", base.display_name, other.display_name),
        # the structured name, when it says more than the display name kept above
        ("name", base.name.joined(), theirs if theirs != other.display_name else None),
        ("organisation", base.org.name, other.org.name),
        ("title", base.org.title, other.org.title),
        ("department", base.org.department, other.org.department),
        ("time zone", base.timezone, other.timezone),
    ]
    pairs += [(n.replace("_", " "), getattr(base, n), getattr(other, n)) for n in _SCALARS]
    return pairs


def _address_key(address: Address) -> tuple[str, ...]:
    return tuple(dataclasses.astuple(address))


def merge(store: Store, a: Contact, b: Contact, now: datetime | None = None) -> Contact:
    """Merge B into A: A gets every value of B and B's whole timeline; then B is deleted.

    Written in two steps so that a crash in between leaves both contacts (a duplicate, never
    a loss); running the merge again finishes it."""
    if a.uid == b.uid:
        raise ValueError("cannot merge a contact with itself")
    merged = combine(a, b, other_wins=False, keep_conflicts=True, now=now)
    timeline = store.timeline(b.uid)
    with store.batch() as batch:
        batch.put(merged)
        for record in (*timeline.touches, *timeline.notes, *timeline.followups, *timeline.snoozes):
            batch.put(dataclasses.replace(record, contact=a.uid))
    with store.batch() as batch:
        batch.delete(b)
    return merged

