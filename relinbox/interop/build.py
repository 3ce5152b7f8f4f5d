"""Finishing a `Contact` read from any source: display-name fallback, duplicates, primaries."""

from __future__ import annotations

from dataclasses import astuple

from relinbox.core.models import Contact, ContactPoint
from relinbox.interop.keys import email_key, phone_key

NO_NAME = "(no name)"


def display_name(contact: Contact, file_as: str = "") -> str:
    """Name parts, else nickname, "File As", organisation, first e-mail, first phone."""
    joined = contact.name.joined()
    if joined:
        return joined
    for candidate in (contact.nickname, file_as, contact.org.name):
        if candidate.strip():
            return candidate.strip()
    if contact.emails:
        return contact.emails[0].value
    if contact.phones:
        return contact.phones[0].value
    if contact.linkedin:
        return contact.linkedin
    return contact.urls[0] if contact.urls else ""


def unique_points(points: list[ContactPoint], key) -> list[ContactPoint]:
    """Drop repeated values (keeping the first, and its label if it had none); at most one
    value stays primary."""
    if len(points) == 1:
        point = points[0]
        point.value = point.value.strip()
        return points if point.value else []
    seen: dict[str, ContactPoint] = {}
    result = []
    for point in points:
        value = point.value.strip()
        if not value:
            continue
        point.value = value
        k = key(value)
        known = seen.get(k)
        if known is None:
            seen[k] = point
            result.append(point)
            continue
        known.primary = known.primary or point.primary
        if not known.label:
            known.label = point.label
    primary_seen = False
    for point in result:
        if point.primary:
            if primary_seen:
                point.primary = False
            primary_seen = True
    return result


def unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def has_identity(contact: Contact) -> bool:
    """Something that tells who this is: a name, a nickname, an organisation, an e-mail,
    a phone number or a profile."""
    return bool(
        contact.name.joined()
        or contact.nickname.strip()
        or contact.org.name.strip()
        or contact.emails
        or contact.phones
        or contact.linkedin
        or contact.urls
    )


def has_content(contact: Contact) -> bool:
    return bool(
        contact.notes.strip()
        or contact.addresses
        or contact.birthday
        or contact.birthday_text
        or contact.anniversary
        or contact.important_dates
        or contact.related
        or contact.custom
        or contact.org.title
        or contact.org.department
        or [t for t in contact.tags if t]
    )


def finish(contact: Contact, file_as: str = "") -> bool:
    """Tidy `contact` in place; False when it holds nothing worth importing."""
    contact.emails = unique_points(contact.emails, email_key)
    contact.phones = unique_points(contact.phones, phone_key)
    contact.tags = unique(contact.tags)
    contact.urls = unique(contact.urls)
    if len(contact.addresses) > 1:  # one written twice is one (as a later update sees it)
        contact.addresses = list({astuple(a): a for a in contact.addresses}.values())
    if not contact.display_name.strip():
        contact.display_name = display_name(contact, file_as)
    else:
        contact.display_name = contact.display_name.strip()
    if contact.display_name:
        return True
    if has_content(contact):
        contact.display_name = NO_NAME
        return True
    return False


def primary_first(points: list[ContactPoint]) -> list[ContactPoint]:
    return sorted(points, key=lambda p: not p.primary)
