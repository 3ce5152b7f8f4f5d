"""Outlook CSV: the classic desktop export (92 columns, headers in the UI language) and the
Outlook.com / new Outlook export (61 columns). Both are read by column name."""

from __future__ import annotations

from relinbox.core.models import Address, ContactPoint, Name, Org, Related
from relinbox.interop.csv.common import Rows, add_custom
from relinbox.interop.csv.outlook_columns import ALIASES, GERMAN_NAMES, OUTLOOK_COM_ONLY, norm
from relinbox.interop.dates import is_placeholder, parse_date, prefers_day_first
from relinbox.interop.keys import normalize_linkedin, phone_key

PHONES = (
    ("Primary Phone", "Primary"), ("Business Phone", "Business"),
    ("Business Phone 2", "Business 2"), ("Mobile Phone", "Mobile"), ("Home Phone", "Home"),
    ("Home Phone 2", "Home 2"), ("Company Main Phone", "Company Main"),
    ("Assistant's Phone", "Assistant"), ("Business Fax", "Business Fax"),
    ("Callback", "Callback"), ("Car Phone", "Car"), ("Home Fax", "Home Fax"), ("ISDN", "ISDN"),
    ("Other Fax", "Other Fax"), ("Other Phone", "Other"), ("Pager", "Pager"),
    ("Radio Phone", "Radio"), ("TTY/TDD Phone", "TTY/TDD"), ("Telex", "Telex"),
)  # fmt: skip
PHONE_LABELS = dict(PHONES)
# The order of the columns in the export, in which the phones are listed.
PHONE_ORDER = (
    "Assistant's Phone", "Business Fax", "Business Phone", "Business Phone 2", "Callback",
    "Car Phone", "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN",
    "Mobile Phone", "Other Fax", "Other Phone", "Pager", "Radio Phone", "TTY/TDD Phone", "Telex",
)  # fmt: skip
EMAILS = tuple(
    (f"E-mail{n} Address", f"E-mail{n} Type", f"E-mail{n} Display Name") for n in ("", " 2", " 3")
)
ADDRESSES = {
    kind: (f"{kind} Street", f"{kind} Street 2", f"{kind} Street 3", f"{kind} City",
           f"{kind} State", f"{kind} Postal Code", f"{kind} Country/Region",
           f"{kind} Address PO Box", f"{kind} Address")
    for kind in ("Business", "Home", "Other")
}  # fmt: skip
# Google's "Outlook CSV" export writes its system groups into Categories.
GOOGLE_SYSTEM_GROUPS = {"mycontacts", "starred"}
RELATED = {
    "Spouse": "spouse",
    "Assistant's Name": "assistant",
    "Manager's Name": "manager",
    "Children": "children",
    "Referred By": "referred by",
}
# Values Outlook writes into empty records: defaults, not data.
DEFAULTS = {
    "Gender": {"unspecified", "nicht angegeben", "0"},
    "Priority": {"normal"},
    "Sensitivity": {"normal"},
    "Private": {"false", "falsch", "aus", "0"},
}
NAME_PARTS = ("Title", "First Name", "Middle Name", "Last Name", "Suffix")
CONSUMED = frozenset(
    {*NAME_PARTS, "Name", "Nickname", "Company", "Department", "Job Title", "Birthday",
     "Anniversary", "Categories", "Notes", "Web Page", "Personal Web Page", *RELATED,
     *(p for p, _ in PHONES), *(c for group in EMAILS for c in group),
     *(c for g in ADDRESSES.values() for c in g)}
)  # fmt: skip


FEWEST_COLUMNS = 6  # recognised unasked; fewer (a file trimmed in a spreadsheet) on request
FEWEST_COLUMNS_ASKED = 2


def outlook_kind(columns: list[str], fewest: int = FEWEST_COLUMNS) -> str | None:
    """"outlook" (desktop), "outlook-com", or None when these are not Outlook columns."""
    mapped = {ALIASES.get(norm(c)) for c in columns} - {None}
    if len(mapped) < fewest:
        return None
    if not ({"First Name", "Last Name"} <= mapped or "E-mail Address" in mapped):
        return None
    if mapped & OUTLOOK_COM_ONLY and "E-mail Type" not in mapped:
        return "outlook-com"
    return "outlook"


class OutlookLayout:
    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.index: dict[str, int] = {}
        for position, column in enumerate(columns):
            name = ALIASES.get(norm(column))
            if name is not None and name not in self.index:
                self.index[name] = position
        self.day_first = any(norm(c) in GERMAN_NAMES for c in columns)
        self.unmapped = [
            (position, ALIASES.get(norm(column)) or column)
            for position, column in enumerate(columns)
            if ALIASES.get(norm(column)) not in CONSUMED
        ]


def _default_display(display: str, address: str, name: str) -> bool:
    """Outlook fills "E-mail Display Name" itself ("Ada Lovelace (ada@x.example)"); only a
    name someone typed is data."""
    return display in (address, name) or display.endswith(f"({address})")


def map_rows(layout: OutlookLayout, table_rows, rows: Rows) -> None:
    index = layout.index
    problems = rows.problems
    dates = [index[c] for c in ("Birthday", "Anniversary") if c in index]
    values = [fields[i] for _, fields in table_rows for i in dates if i < len(fields)]
    day_first = layout.day_first or prefers_day_first(values)

    def get(fields: list[str], name: str) -> str:
        position = index.get(name)
        return fields[position].strip() if position is not None else ""

    def when(fields: list[str], name: str, line: int) -> tuple[str | None, str]:
        text = get(fields, name)
        if not text or is_placeholder(text):
            return None, ""
        parsed = parse_date(text, day_first=day_first)
        if parsed is None:
            problems.warning(line, f"{name.lower()} {text!r} is not a date; kept as text")
        return parsed, text

    for line, raw in table_rows:
        fields, custom = rows.fit(raw, line)
        contact = rows.new_contact()
        contact.name = Name(*(get(fields, part) for part in NAME_PARTS))
        contact.display_name = get(fields, "Name")
        contact.nickname = get(fields, "Nickname")
        contact.org = Org(
            get(fields, "Company"), get(fields, "Job Title"), get(fields, "Department")
        )
        for address_column, type_column, display_column in EMAILS:
            value = get(fields, address_column)
            if not value:
                continue
            if get(fields, type_column).upper() == "EX" or value.lower().startswith("/o="):
                add_custom(custom, "Exchange address", value)  # an X.500 DN, not an e-mail
            else:
                contact.emails.append(ContactPoint(value, ""))
            display = get(fields, display_column)
            if display and not _default_display(display, value, contact.name.joined()):
                custom[display_column] = display
        primary = get(fields, "Primary Phone")
        for column in PHONE_ORDER:
            value = get(fields, column)
            if value:
                contact.phones.append(ContactPoint(value, PHONE_LABELS[column]))
        if primary:
            key = phone_key(primary)
            same = next((p for p in contact.phones if phone_key(p.value) == key), None)
            if same is None:
                contact.phones.insert(0, ContactPoint(primary, "Primary", True))
            else:
                same.primary = True
        for kind, columns in ADDRESSES.items():
            street1, street2, street3, city, region, postcode, country, po_box, whole = (
                get(fields, c) for c in columns
            )
            street = "\n".join(s for s in (street1, street2, street3) if s)
            if street or city or region or postcode or country or po_box or whole:
                contact.addresses.append(
                    Address(kind, street, city, region, postcode, country, whole, po_box)
                )
        contact.birthday, text = when(fields, "Birthday", line)
        if text and contact.birthday is None:
            contact.birthday_text = text
        contact.anniversary, text = when(fields, "Anniversary", line)
        if text and contact.anniversary is None:
            custom["Anniversary"] = text
        contact.tags = [t.strip() for t in get(fields, "Categories").split(";") if t.strip()]
        if "myContacts" in contact.tags:  # written by Google: its groups are not tags
            contact.starred = "starred" in contact.tags
            contact.tags = [t for t in contact.tags if t.casefold() not in GOOGLE_SYSTEM_GROUPS]
        notes = get(fields, "Notes")
        contact.notes = notes.replace("\r\n", "\n").replace("\r", "\n") if notes else ""
        for column in ("Web Page", "Personal Web Page"):
            url = get(fields, column)
            if url:
                contact.urls.append(url)
                if contact.linkedin is None:
                    contact.linkedin = normalize_linkedin(url)
        for column, relation in RELATED.items():
            name = get(fields, column)
            if name:
                contact.related.append(Related(name, relation))
        for position, name in layout.unmapped:
            value = fields[position].strip()
            if value and value.casefold() not in DEFAULTS.get(name, ()):
                custom[name] = value
        contact.custom = custom
        rows.add(contact, line)
