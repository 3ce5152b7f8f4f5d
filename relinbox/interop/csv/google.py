"""Google Contacts "Google CSV": the current header layout and the legacy one.

Current: `First Name, Middle Name, Last Name, …, Labels, E-mail 1 - Label, E-mail 1 - Value…`
Legacy:  `Name, Given Name, Additional Name, Family Name, …, Group Membership, E-mail 1 - Type…`
Both are read by column name. A column we do not map is kept as a custom field.
"""

from __future__ import annotations

import re

from relinbox.core.models import Address, ContactPoint, ImportantDate, Name, Org, Related
from relinbox.interop.csv.common import MULTI_VALUE, Rows, add_custom, split_multi
from relinbox.interop.csv.injection import guarded, unguard
from relinbox.interop.dates import parse_date
from relinbox.interop.keys import normalize_linkedin

SOURCE = "google"
_NUMBERED = re.compile(r"(.+?) (\d+) - (.+)")
_SIMPLE = {
    "first name": "given",
    "given name": "given",
    "middle name": "additional",
    "additional name": "additional",
    "last name": "family",
    "family name": "family",
    "name prefix": "prefix",
    "name suffix": "suffix",
    "nickname": "nickname",
    "file as": "file_as",
    "name": "full",
    "organization name": "org",
    "organization title": "title",
    "organization department": "department",
    "birthday": "birthday",
    "notes": "notes",
    "labels": "labels",
    "group membership": "labels",
}
_ORG_FIELDS = {"name": "org", "title": "title", "department": "department"}
_GROUPS = ("e-mail", "phone", "address", "website", "event", "relation", "custom field")


def is_google(columns: list[str]) -> bool:
    names = {c.casefold() for c in columns}
    numbered = any(
        (m := _NUMBERED.fullmatch(n)) and m.group(1) in ("e-mail", "phone") for n in names
    )
    return numbered and bool(names & {"first name", "given name", "name"})


class GoogleLayout:
    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.simple: dict[str, int] = {}
        self.groups: dict[tuple[str, int], dict[str, int]] = {}
        used: set[int] = set()
        for index, column in enumerate(columns):
            name = column.casefold()
            if name in _SIMPLE and _SIMPLE[name] not in self.simple:
                self.simple[_SIMPLE[name]] = index
                used.add(index)
                continue
            match = _NUMBERED.fullmatch(name)
            if not match:
                continue
            kind, number, part = match.group(1), int(match.group(2)), match.group(3)
            part = "label" if part == "type" else part
            if kind == "organization" and number == 1 and part in _ORG_FIELDS:
                self.simple.setdefault(_ORG_FIELDS[part], index)
                used.add(index)
            elif kind in _GROUPS:
                self.groups.setdefault((kind, number), {})[part] = index
                used.add(index)
        self.unmapped = [i for i in range(len(columns)) if i not in used]
        # label columns of groups with a value column: a label with no value beside it is
        # kept as it stands (in a row shifted by a stray delimiter it may be the value)
        self.labels = [
            (group["label"], group["value"])
            for group in self.groups.values()
            if "label" in group and "value" in group
        ]

    def of(self, kind: str) -> list[dict[str, int]]:
        return [fields for (k, _), fields in sorted(self.groups.items()) if k == kind]


def _labelled(cells: list[str], fields: dict[str, int]) -> list[tuple[str, bool, str]]:
    """(label, primary, value) for each value of a `… - Value` cell; a "* " label prefix
    marks the primary value."""
    value_at, label_at = fields.get("value"), fields.get("label")
    if value_at is None or not cells[value_at]:
        return []
    values = split_multi(cells[value_at])
    labels = split_multi(cells[label_at]) if label_at is not None else []
    result = []
    for position, value in enumerate(values):
        label = labels[min(position, len(labels) - 1)] if labels else ""
        primary = label.startswith("*") and position == 0
        result.append((label.lstrip("* ").strip(), primary, value))
    return result


def map_rows(layout: GoogleLayout, table_rows, rows: Rows) -> None:
    simple = layout.simple
    emails, phones = layout.of("e-mail"), layout.of("phone")
    addresses, websites = layout.of("address"), layout.of("website")
    events, relations = layout.of("event"), layout.of("relation")
    customs = layout.of("custom field")
    columns = layout.columns
    problems = rows.problems

    def cell(fields: list[str], key: str) -> str:
        index = simple.get(key)
        return fields[index].strip() if index is not None else ""

    unguarding = guarded(fields for _, fields in table_rows)
    for line, raw in table_rows:
        fields, custom = rows.fit(raw, line)
        if unguarding:
            fields = [unguard(field) if field[:1] == "'" else field for field in fields]
        contact = rows.new_contact()
        contact.name = Name(
            cell(fields, "prefix"),
            cell(fields, "given"),
            cell(fields, "additional"),
            cell(fields, "family"),
            cell(fields, "suffix"),
        )
        contact.display_name = cell(fields, "full")
        contact.nickname = cell(fields, "nickname")
        contact.org = Org(cell(fields, "org"), cell(fields, "title"), cell(fields, "department"))
        birthday = cell(fields, "birthday")
        if birthday:
            contact.birthday = parse_date(birthday)
            if contact.birthday is None:
                contact.birthday_text = birthday
                problems.warning(line, f"birthday {birthday!r} is not a date; kept as text")
        notes = cell(fields, "notes")
        contact.notes = notes.replace("\r\n", "\n").replace("\r", "\n") if notes else ""
        for label in split_multi(cell(fields, "labels")):
            system = label.casefold().replace(" ", "")  # legacy exports: "* My Contacts"
            if system == "*starred":
                contact.starred = True
            elif system != "*mycontacts":
                contact.tags.append(label[2:].strip() if label.startswith("* ") else label)
        for group in emails:
            for label, primary, value in _labelled(fields, group):
                if label.casefold() == "internet":  # legacy exports' type of every address
                    label = ""
                contact.emails.append(ContactPoint(value, label, primary))
        for group in phones:
            for label, primary, value in _labelled(fields, group):
                contact.phones.append(ContactPoint(value, label, primary))
        for group in websites:
            for label, _primary, value in _labelled(fields, group):
                contact.urls.append(value)
                if label:  # web addresses are plain in the model: the label is kept beside
                    add_custom(custom, "Website labels", f"{label}: {value}")
                if contact.linkedin is None:
                    contact.linkedin = normalize_linkedin(value)
        for group in events:
            for label, _primary, value in _labelled(fields, group):
                when = parse_date(value)
                if when is None:
                    add_custom(custom, label or "Event", value)
                    problems.warning(line, f"event {value!r} is not a date; kept as a custom field")
                elif label.casefold() == "anniversary" and not contact.anniversary:
                    contact.anniversary = when
                else:
                    contact.important_dates.append(ImportantDate(label or "date", when))
        for group in relations:
            for label, _primary, value in _labelled(fields, group):
                contact.related.append(Related(value, label))
        for group in customs:
            for label, _primary, value in _labelled(fields, group):
                add_custom(custom, label or "Custom field", value)
        for group in addresses:
            contact.addresses.extend(_addresses(fields, group))
        for index in layout.unmapped:
            value = fields[index].strip()
            if value:
                custom[columns[index]] = value
        for label_at, value_at in layout.labels:
            if fields[label_at] and not fields[value_at].strip() and fields[label_at].strip(" *"):
                custom[columns[label_at]] = fields[label_at].strip()
        file_as = cell(fields, "file_as")
        if file_as:
            custom["File As"] = file_as
        contact.custom = custom
        rows.add(contact, line, file_as=file_as)


def _addresses(fields: list[str], group: dict[str, int]) -> list[Address]:
    """The addresses of one `Address n - …` group: several when its cells hold " ::: "."""
    cells = {name: fields[index] for name, index in group.items()}
    if MULTI_VALUE not in "\n".join(cells.values()):  # the usual case, checked in one pass
        address = _address({name: cell.strip() for name, cell in cells.items()})
        return [address] if address else []
    split = {name: [v.strip() for v in cell.split(MULTI_VALUE)] for name, cell in cells.items()}
    count = max(len(values) for values in split.values())
    found = (
        _address({name: values[i] if i < len(values) else "" for name, values in split.items()})
        for i in range(count)
    )
    return [address for address in found if address]


def _address(parts: dict[str, str]) -> Address | None:
    """An address from the stripped cells of its group, or None when they are all empty."""
    address = Address(
        label=parts.get("label", "").lstrip("* "),
        street=parts.get("street", ""),
        city=parts.get("city", ""),
        region=parts.get("region", ""),
        postcode=parts.get("postal code", ""),
        country=parts.get("country", ""),
        formatted=parts.get("formatted", "").replace("\r\n", "\n"),
        po_box=parts.get("po box", ""),
        extended=parts.get("extended address", ""),
    )
    if any((address.street, address.city, address.region, address.postcode, address.country,
            address.formatted, address.po_box, address.extended)):
        return address
    return None
