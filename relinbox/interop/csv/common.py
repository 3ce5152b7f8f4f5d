"""What every CSV mapping shares: row width checks, source keys and minted uids."""

from __future__ import annotations

from datetime import datetime

from relinbox.core.models import Contact, Provenance
from relinbox.core.text import fold
from relinbox.interop.build import NO_NAME, finish
from relinbox.interop.keys import (
    content_digest,
    distinguisher,
    email_key,
    linkedin_key,
    mint_uid,
    phone_key,
)
from relinbox.interop.problems import Problems

MULTI_VALUE = ":::"


def split_multi(cell: str) -> list[str]:
    """Google joins several values in one cell with " ::: "."""
    if MULTI_VALUE not in cell:
        value = cell.strip()
        return [value] if value else []
    return [v.strip() for v in cell.split(MULTI_VALUE) if v.strip()]


def add_custom(custom: dict[str, str], label: str, value: str) -> None:
    """Keep `value` under `label`; a second value for the same label joins the first (" ::: ",
    Google's own separator) instead of replacing it."""
    known = custom.get(label)
    if not known:
        custom[label] = value
    elif value not in known.split(f" {MULTI_VALUE} "):
        custom[label] = f"{known} {MULTI_VALUE} {value}"


def source_key(contact: Contact, prefer_profile: bool = False) -> str:
    """The key that finds this row's contact again in the next export of the same source."""
    profile = linkedin_key(contact.linkedin) if contact.linkedin else None
    if prefer_profile and profile:
        return profile
    if contact.emails:
        return "email:" + email_key(contact.emails[0].value)
    if profile:
        return profile
    name = fold(contact.display_name) if contact.display_name != NO_NAME else ""
    if name:
        return "name:" + name
    # Nothing that names the row: its content does (a changed row becomes a new contact).
    return "phone:" + phone_key(contact.phones[0].value) if contact.phones else (
        "row:" + content_digest(contact)
    )


class Rows:
    """Collects the contacts of one CSV file."""

    def __init__(self, source: str, problems: Problems, width: int, now: datetime) -> None:
        self.source = source
        self.problems = problems
        self.width = width
        self.now = now
        self.contacts: list[tuple[Contact, int]] = []
        self.skipped = 0
        self._keys: list[str] = []  # the source key of each of `contacts`

    def fit(self, fields: list[str], line: int) -> tuple[list[str], dict[str, str]]:
        """Pad a short row; move the cells of a long one into `custom`."""
        extra: dict[str, str] = {}
        count = len(fields)
        if count < self.width:
            self.problems.warning(
                line, f"row has {count} fields, expected {self.width}; the missing ones are empty"
            )
            fields = fields + [""] * (self.width - count)
        elif count > self.width:
            extra = {f"Column {i + 1}": v for i, v in enumerate(fields) if i >= self.width and v}
            note = "; their values are kept as custom fields" if extra else ""
            self.problems.warning(line, f"row has {count} fields, expected {self.width}{note}")
        return fields, extra

    def new_contact(self) -> Contact:
        return Contact(display_name="", uid="", created_at=self.now, updated_at=self.now)

    def add(
        self, contact: Contact, line: int, *, file_as: str = "", prefer_profile: bool = False
    ) -> None:
        if not finish(contact, file_as):
            self.skipped += 1
            return
        if contact.display_name == NO_NAME:
            self.problems.warning(
                line, f"no name, e-mail, phone or profile; imported as {NO_NAME!r}"
            )
        self._keys.append(source_key(contact, prefer_profile))
        self.contacts.append((contact, line))

    def assign_keys(self) -> None:
        """Give every row its key and uid once all are read. Rows that share a key (a
        couple's shared address) add their name to it, and rows that share the name too add
        what tells them apart (`distinguisher`), never their position: so a new row at the
        top of the next export, or rows in another order, cannot swap two people."""
        sharing: dict[str, list[int]] = {}
        for index, key in enumerate(self._keys):
            sharing.setdefault(key, []).append(index)
        for key, indexes in sharing.items():
            finals = {indexes[0]: key} if len(indexes) == 1 else self._shared(key, indexes)
            for index, final in finals.items():
                contact = self.contacts[index][0]
                contact.uid = mint_uid(self.source, final)
                contact.provenance = [Provenance(self.source, final)]

    def _shared(self, key: str, indexes: list[int]) -> dict[int, str]:
        """The keys of rows that share `key`: `key#name`, and `key#name#<distinguisher>` for
        rows that share the name too (with `#2`, `#3` only when even that is the same)."""
        first_line = self.contacts[indexes[0]][1]
        by_name: dict[str, list[int]] = {}
        for index in indexes:
            contact, line = self.contacts[index]
            by_name.setdefault(fold(contact.display_name), []).append(index)
            if index != indexes[0]:
                self.problems.notice(line, f"same key ({key}) as the row at line "
                                     f"{first_line}; kept as a separate contact")
        finals: dict[int, str] = {}
        for name, named in by_name.items():
            if len(named) == 1:
                finals[named[0]] = f"{key}#{name}"
                continue
            seen: dict[str, int] = {}
            for index in named:
                told = distinguisher(self.contacts[index][0])
                count = seen[told] = seen.get(told, 0) + 1
                finals[index] = f"{key}#{name}#{told}" + (f"#{count}" if count > 1 else "")
        return finals
