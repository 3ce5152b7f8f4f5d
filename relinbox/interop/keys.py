"""Normalised forms used to recognise the same person or profile twice."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from urllib.parse import unquote, urlsplit

from relinbox.core.models import Contact
from relinbox.core.text import fold

# Minted uids are uuid5 names in this namespace, so the same input always gets the same uid.
_NOT_DIGIT = re.compile(r"\D")
MIN_PHONE_DIGITS = 7  # fewer is an extension or a short code, shared by many
MINT_NAMESPACE = uuid.UUID("6b0c5a52-8f3e-4f0e-9d4c-72656c696e62")


def mint_uid(*parts: str) -> str:
    return str(uuid.uuid5(MINT_NAMESPACE, "\x1f".join(parts)))


def is_minted(uid: str) -> bool:
    """Whether `uid` has the form `mint_uid` gives: a name-based UUID, written as Python
    writes it. (A card's own UID of that form is rare, and is then read the same way.)"""
    if len(uid) != 36 or uid[14] != "5":
        return False
    try:
        return str(uuid.UUID(uid)) == uid
    except ValueError:
        return False


def content_digest(contact: Contact) -> str:
    """The key of a record with no name, e-mail, phone or profile: a digest of what it holds,
    so the same record is found again and two such records never collide."""
    doc = contact.to_doc()
    for moving in ("uid", "created_at", "updated_at", "provenance"):
        doc.pop(moving, None)
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]


def telling_phone_key(value: str) -> str | None:
    """`phone_key` of a number long enough to tell people apart (an extension is not)."""
    number = phone_key(value)
    return number if sum(c.isdigit() for c in number) >= MIN_PHONE_DIGITS else None


def distinguisher(contact: Contact, shared: str = "") -> str:
    """What tells apart two records of one export that share key and name (two people
    called Ajay Kumar): a fact about the person that rarely changes, so a namesake added at
    the top of the next export, or rows in another order, cannot hand one person's record to
    the other. The LinkedIn connection date, else a phone number, a birthday, the
    organisation, else the record's content. `shared` is a phone key the records have in
    common (it made their key), so it tells nothing."""
    if contact.connected_on:
        return "on:" + contact.connected_on
    for phone in contact.phones:
        number = telling_phone_key(phone.value)
        if number and number != shared:
            return "tel:" + number
    if contact.birthday:
        return "born:" + contact.birthday
    if contact.org.name.strip():
        return "org:" + fold(contact.org.name)
    return "row:" + content_digest(contact)


def email_key(value: str) -> str:
    return value.strip().casefold()


def phone_key(value: str) -> str:
    """Digits (and a leading +) only, so "+44 20 7946 0001" equals "+442079460001"."""
    digits = _NOT_DIGIT.sub("", value)
    plus = "+" if value.lstrip().startswith("+") else ""
    return plus + digits if digits else value.strip().casefold()


def _linkedin_parts(url: str) -> tuple[str, str] | None:
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    path = unquote(parts.path, errors="strict") if "%" in parts.path else parts.path
    return host, path.rstrip("/")


def normalize_linkedin(url: str) -> str | None:
    """A LinkedIn URL with a lower-case host and no query, fragment or trailing slash, its
    path percent-decoded; profiles (`/in/…`) always as `https://www.linkedin.com/in/slug`.
    None when `url` is not a LinkedIn URL."""
    try:
        parts = _linkedin_parts(url)
    except UnicodeDecodeError:
        parts = None
    if parts is None:
        return None
    host, path = parts
    if path.lower().startswith("/in/"):
        return "https://www.linkedin.com/in/" + path[4:]
    return f"https://{host}{path}"


def linkedin_key(url: str) -> str | None:
    """`linkedin.com/in/slug` with the slug case-folded: the dedupe key of a profile."""
    normal = normalize_linkedin(url)
    if normal is None:
        return None
    path = normal.split("linkedin.com", 1)[1]
    return "linkedin.com" + path.casefold()
