"""`relinbox export --format csv`: Google Contacts CSV, current header layout.

`First Name, Middle Name, Last Name, Phonetic…, Name Prefix, Name Suffix, Nickname, File As,
Organization Name/Title/Department, Birthday, Notes, Photo, Labels`, then numbered groups
(`E-mail 1 - Label`, `E-mail 1 - Value`, … `Phone n`, `Address n - …`, `Website n`, `Event n`,
`Relation n`, `Custom Field n`), as many of each as the contact with the most values needs
(at least one). The primary e-mail / phone comes first with a `* ` label prefix, as Google
writes it; tags are `Labels` joined with ` ::: `, plus `* starred` and `* myContacts`.

Spreadsheet safety (OWASP CSV injection, CWE-1236): every field is quoted, and a cell that
begins with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, so no spreadsheet runs it as a
formula. Phone numbers such as `+44 20 7946 0001` are therefore written `'+44 20 7946 0001`;
docs/sync.md says how they come back. Year-less dates are written ` --MM-DD` with Google's own
leading space (which also keeps them from starting with `-`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from relinbox.core.models import Contact
from relinbox.interop.build import display_name
from relinbox.interop.csv.injection import neutralise
from relinbox.interop.export.vcard import primary_first

SEPARATOR = " ::: "
FILE_AS = "File As"

HEAD = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", FILE_AS,
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels",
]  # fmt: skip
ADDRESS_PARTS = [
    "Label", "Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country",
    "Extended Address",
]  # fmt: skip
# (header word, parts) in Google's order
GROUPS = [
    ("E-mail", ["Label", "Value"]),
    ("Phone", ["Label", "Value"]),
    ("Address", ADDRESS_PARTS),
    ("Website", ["Label", "Value"]),
    ("Event", ["Label", "Value"]),
    ("Relation", ["Label", "Value"]),
    ("Custom Field", ["Label", "Value"]),
]


def google_date(value: str) -> str:
    return " " + value if value.startswith("--") else value


def _label(label: str, primary: bool) -> str:
    return f"* {label}" if primary else label


def _groups(contact: Contact) -> dict[str, list[list[str]]]:
    """The values of each numbered group, one list of cells per number."""
    emails = [
        [_label(p.label, p.primary), p.value] for p in primary_first(contact.emails)
    ]
    phones = [
        [_label(p.label, p.primary), p.value] for p in primary_first(contact.phones)
    ]
    addresses = [
        [a.label, a.formatted, a.street, a.city, a.po_box, a.region, a.postcode, a.country,
         a.extended]
        for a in contact.addresses
    ]  # fmt: skip
    websites = [["", url] for url in contact.urls]
    if contact.linkedin and not any("linkedin" in url.lower() for url in contact.urls):
        profile = contact.linkedin
        websites.append(["LinkedIn", profile if "://" in profile else f"https://www.{profile}"])
    events = []
    if contact.anniversary:
        events.append(["Anniversary", google_date(contact.anniversary)])
    events += [[d.label, google_date(d.date)] for d in contact.important_dates]
    relations = [[r.relation, r.name] for r in contact.related]
    custom = [[label, value] for label, value in contact.custom.items() if label != FILE_AS]
    return {
        "E-mail": emails, "Phone": phones, "Address": addresses, "Website": websites,
        "Event": events, "Relation": relations, "Custom Field": custom,
    }  # fmt: skip


def _names(contact: Contact) -> list[str]:
    """Prefix, given, additional, family, suffix; a display name the parts (or Google's
    fallbacks) would not give goes in First Name, so that Google shows it."""
    name = contact.name
    parts = [name.prefix, name.given, name.additional, name.family, name.suffix]
    if not name.joined():
        file_as = contact.custom.get(FILE_AS, "")
        if contact.display_name and display_name(contact, file_as) != contact.display_name:
            parts[1] = contact.display_name
    return parts


def _row(contact: Contact, groups: dict[str, list[list[str]]], sizes: dict[str, int]) -> list:
    prefix, given, additional, family, suffix = _names(contact)
    labels = [*contact.tags]
    if contact.starred:
        labels.append("* starred")
    labels.append("* myContacts")
    birthday = google_date(contact.birthday) if contact.birthday else contact.birthday_text or ""
    row = [
        given, additional, family, "", "", "", prefix, suffix, contact.nickname,
        contact.custom.get(FILE_AS, ""), contact.org.name, contact.org.title,
        contact.org.department, birthday, contact.notes, "", SEPARATOR.join(labels),
    ]  # fmt: skip
    for word, parts in GROUPS:
        values = groups[word]
        for index in range(sizes[word]):
            row += values[index] if index < len(values) else [""] * len(parts)
    return row


def header(sizes: dict[str, int]) -> list[str]:
    columns = list(HEAD)
    for word, parts in GROUPS:
        for number in range(1, sizes[word] + 1):
            columns += [f"{word} {number} - {part}" for part in parts]
    return columns


def export(contacts: Sequence[Contact]) -> bytes:
    ordered = sorted(contacts, key=lambda c: (c.display_name.casefold(), c.uid))
    per_contact = [_groups(c) for c in ordered]
    sizes = {
        word: max([1, *(len(groups[word]) for groups in per_contact)]) for word, _ in GROUPS
    }
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header(sizes))
    for contact, groups in zip(ordered, per_contact, strict=True):
        writer.writerow([neutralise(str(cell)) for cell in _row(contact, groups, sizes)])
    return out.getvalue().encode("utf-8")
