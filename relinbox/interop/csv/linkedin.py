"""LinkedIn "Connections.csv": a preamble of notes, then
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`.

A row with no name, profile or e-mail is a member who hides their details: it is skipped and
counted. "Connected On" (`14 Mar 2024`) is a fact about the contact, not a touch.
"""

from __future__ import annotations

from relinbox.core.models import ContactPoint, Name, Org
from relinbox.interop.csv.common import Rows
from relinbox.interop.dates import parse_date
from relinbox.interop.keys import normalize_linkedin

SOURCE = "linkedin"
_COLUMNS = {
    "first name": "given",
    "last name": "family",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "e-mail address": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}


def linkedin_columns(columns: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for position, column in enumerate(columns):
        key = _COLUMNS.get(column.strip().casefold())
        if key and key not in found:
            found[key] = position
    if {"given", "family"} <= set(found) and ("connected" in found or "url" in found):
        return found
    return None


def map_rows(layout: dict[str, int], columns: list[str], table_rows, rows: Rows) -> None:
    problems = rows.problems
    mapped = set(layout.values())
    unmapped = [(i, c) for i, c in enumerate(columns) if i not in mapped]

    def get(fields: list[str], key: str) -> str:
        position = layout.get(key)
        return fields[position].strip() if position is not None else ""

    for line, raw in table_rows:
        fields, custom = rows.fit(raw, line)
        given, family = get(fields, "given"), get(fields, "family")
        url, email = get(fields, "url"), get(fields, "email")
        if not (given or family or url or email):
            rows.skipped += 1  # a member who hides their details
            continue
        contact = rows.new_contact()
        contact.name = Name(given=given, family=family)
        if email:
            contact.emails.append(ContactPoint(email, ""))
        contact.org = Org(get(fields, "company"), get(fields, "position"))
        if url:
            contact.linkedin = normalize_linkedin(url)
            if contact.linkedin is None:
                contact.urls.append(url)
                problems.warning(line, f"URL {url!r} is not a readable LinkedIn profile "
                                 "address; kept as a web address")
        connected = get(fields, "connected")
        if connected:
            contact.connected_on = parse_date(connected)
            if contact.connected_on is None:
                custom["Connected On"] = connected
                problems.warning(line, f"'Connected On' {connected!r} is not a date")
        for position, column in unmapped:
            value = fields[position].strip()
            if value:
                custom[column] = value
        contact.custom = custom
        rows.add(contact, line, prefer_profile=True)
