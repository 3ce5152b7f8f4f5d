"""LinkedIn "Connections.csv": a preamble of notes, then
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`.

A row with no name, profile or e-mail is a member who hides their details: it is skipped and
counted. "Connected On" (`14 Mar 2024`) is a fact about the contact, not a touch.
"""

from __future__ import annotations

import re

from relinbox.core.models import ContactPoint, Name, Org
from relinbox.interop.csv.common import Rows
from relinbox.interop.dates import MONTHS, parse_date
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


_TIME = re.compile(r",?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?")
_SHORT_YEAR = re.compile(r"(\d{1,2})([/-])(\d{1,2}|[A-Za-z]{3})\2(\d{2})")


def connection_date(text: str) -> str | None:
    """"Connected On" as `YYYY-MM-DD`: `14 Mar 2024` today; `1/8/18, 6:14 PM` in exports of
    2018 (month first), `23-Apr-23` once Excel has saved the file. A two-digit year is this
    century's: LinkedIn began in 2003 (a birthday's two-digit year is not guessed)."""
    text = _TIME.sub("", text.strip(), count=1) if ":" in text else text.strip()
    found = parse_date(text)
    if found or not (match := _SHORT_YEAR.fullmatch(text)):
        return found
    first, _, second, year = match.groups()
    if second.isdigit():
        month, day = (int(first), int(second))
        if month > 12:
            month, day = day, month
    else:
        month, day = MONTHS.get(second.lower(), 0), int(first)
    return parse_date(f"20{year}-{month:02d}-{day:02d}")


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
        if "@" in email:
            contact.emails.append(ContactPoint(email, ""))
        elif email:  # a member id ("urn:li:member:…") in older exports, not an address
            custom["Email Address"] = email
            problems.warning(line, f"'Email Address' {email!r} is not an e-mail address; "
                             "kept as a custom field")
        contact.org = Org(get(fields, "company"), get(fields, "position"))
        if url:
            contact.linkedin = normalize_linkedin(url)
            if contact.linkedin is None:
                contact.urls.append(url)
                problems.warning(line, f"URL {url!r} is not a readable LinkedIn profile "
                                 "address; kept as a web address")
        connected = get(fields, "connected")
        if connected:
            contact.connected_on = connection_date(connected)
            if contact.connected_on is None:
                custom["Connected On"] = connected
                problems.warning(line, f"'Connected On' {connected!r} is not a date")
        for position, column in unmapped:
            value = fields[position].strip()
            if value:
                custom[column] = value
        contact.custom = custom
        rows.add(contact, line, prefer_profile=True)
