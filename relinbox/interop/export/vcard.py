"""`relinbox export --format vcard`: vCard 4.0 (RFC 6350) or 3.0 (RFC 2426).

Every card: `BEGIN`, `VERSION`, `PRODID`, `UID` (exactly as stored), then the properties
relinbox owns (written from the contact's fields, see `FIELDS`), then the lines kept in
`Contact.extra` verbatim (unknown properties and Apple `itemN.` groups from the import), then
`END`. Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character.

Choices (docs/sync.md, "What a vCard export holds"):

- the primary e-mail / phone is `PREF=1` (4.0) or `TYPE=pref` (3.0);
- a label that is a vCard type (`home`, `work`, `cell`…) is written as `TYPE`; any other label
  ("Mobile", "COBOL committee") as an Apple group: `itemN.EMAIL:…` + `itemN.X-ABLabel:…`;
- dates: 4.0 `BDAY:18151210` / `BDAY:--1209`; 3.0 `BDAY:1815-12-10` and, without a year,
  Apple's `BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-09` (3.0 has no year-less date; Apple
  Contacts, iOS and our importer read this form);
- `X-RELINBOX-NEXT-FOLLOWUP:YYYY-MM-DD` is the contact's earliest open *explicit* follow-up
  (the `followups` mapping). The cadence due is not written: an importer that opens a
  follow-up from this line would turn the implicit cadence into a promise. A stale
  `X-RELINBOX-NEXT-FOLLOWUP` line in `extra` is never written;
- custom fields: `X-RELINBOX-CUSTOM;X-LABEL=<label>:<value>`;
- an `extra` line identical to a line written from the fields is written once, and the
  `itemN` groups we create skip every group name that `extra` already uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from relinbox.core.models import Address, Contact, ContactPoint
from relinbox.interop.vcard.mapping import (
    CONNECTED_PROPERTY,
    CUSTOM_PROPERTY,
    FOLLOWUP_PROPERTY,
)

PRODID = "-//relinbox//relinbox//EN"
VERSIONS = ("4.0", "3.0")
FOLD_OCTETS = 75
OMIT_YEAR = "1604"  # a leap year, as Apple writes it

_EMAIL_TYPES = frozenset({"home", "work", "internet"})
_TEL_TYPES = frozenset(
    {"home", "work", "cell", "fax", "pager", "voice", "text", "video", "textphone", "msg"}
)
_ADR_TYPES = frozenset({"home", "work", "dom", "intl", "postal", "parcel"})
_RELATED_TYPES = frozenset(
    {
        "contact", "acquaintance", "friend", "met", "co-worker", "colleague", "co-resident",
        "neighbor", "child", "parent", "sibling", "spouse", "kin", "muse", "crush", "date",
        "sweetheart", "me", "agent", "emergency",
    }
)  # fmt: skip
_GROUP = re.compile(r"item(\d+)$", re.I)
_SAFE_PARAM = re.compile(r"[^\";:,\x00-\x1f\x7f]*")


# --- value encoding -------------------------------------------------------------------


def escape(text: str) -> str:
    """A TEXT value: backslash, newline, comma and semicolon escaped."""
    text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def structured(*parts: str) -> str:
    """A structured value (N, ADR, ORG): components escaped and joined with `;`."""
    return ";".join(escape(part) for part in parts)


def param_value(text: str) -> str:
    """A parameter value with RFC 6868 escapes, quoted when it holds `;`, `:` or `,`."""
    text = text.replace("^", "^^").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\n", "^n").replace('"', "^'")
    return text if _SAFE_PARAM.fullmatch(text) else f'"{text}"'


def fold(line: str) -> bytes:
    """One content line as bytes: folded at 75 octets (CRLF + space), never inside a
    UTF-8 character, ending in CRLF."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return data + b"\r\n"
    chunks = []
    start, limit = 0, FOLD_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        chunks.append(data[start:cut])
        start, limit = cut, FOLD_OCTETS - 1  # continuation lines start with a space
    chunks.append(data[start:])
    return b"\r\n ".join(chunks) + b"\r\n"


def vcard_date(value: str, version: str) -> tuple[str, str]:
    """(parameters, value) for a `YYYY-MM-DD` or `--MM-DD` date."""
    if value.startswith("--"):
        month_day = value[2:]
        if version == "4.0":
            return "", "--" + month_day.replace("-", "")
        return f";X-APPLE-OMIT-YEAR={OMIT_YEAR}", f"{OMIT_YEAR}-{month_day}"
    return "", value.replace("-", "") if version == "4.0" else value


def property_name(line: str) -> tuple[str, str]:
    """(group, upper-case name) of a content line as written."""
    head = re.split(r"[;:]", line, maxsplit=1)[0].strip()
    group, _, name = head.rpartition(".")
    return group, name.upper()


# --- the properties relinbox owns ---------------------------------------------------------


class Groups:
    """Hands out `itemN` group names that no kept line uses."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = {name.lower() for name in taken}
        self.number = 0

    def next(self) -> str:
        while True:
            self.number += 1
            name = f"item{self.number}"
            if name not in self.taken:
                self.taken.add(name)
                return name


def _typed(label: str, allowed: frozenset[str]) -> list[str] | None:
    """The label as TYPE values when it is made of vCard type words, else None."""
    words = label.split()
    if label == label.lower() and words and all(w in allowed for w in words):
        return words
    return None


def _labelled(
    name: str,
    value: str,
    label: str,
    allowed: frozenset[str],
    groups: Groups,
    version: str,
    pref: bool = False,
    params: str = "",
) -> list[str]:
    """`NAME;TYPE=…:value`, or `itemN.NAME:value` + `itemN.X-ABLabel:label`."""
    types = [] if not label else _typed(label, allowed)
    pref_param = ""
    if pref:
        if version == "4.0":
            pref_param = ";PREF=1"
        else:
            types = [*(types or []), "pref"]
    type_param = f";TYPE={','.join(types)}" if types else ""
    if label and _typed(label, allowed) is None:
        group = groups.next()
        return [
            f"{group}.{name}{params}{type_param}{pref_param}:{value}",
            f"{group}.X-ABLabel:{escape(label)}",
        ]
    return [f"{name}{params}{type_param}{pref_param}:{value}"]


def primary_first(points: Sequence[ContactPoint]) -> list[ContactPoint]:
    return sorted(points, key=lambda point: not point.primary)


def _points(
    name: str, points: Sequence[ContactPoint], allowed: frozenset[str], groups: Groups, version: str
) -> list[str]:
    lines: list[str] = []
    marked = False
    for point in primary_first(points):
        pref = point.primary and not marked
        marked = marked or pref
        lines += _labelled(name, escape(point.value), point.label, allowed, groups, version, pref)
    return lines


def _address(address: Address, groups: Groups, version: str) -> list[str]:
    value = structured(
        address.po_box, address.extended, address.street, address.city, address.region,
        address.postcode, address.country,
    )  # fmt: skip
    params = ""
    if version == "4.0" and address.formatted:
        params = f";LABEL={param_value(address.formatted)}"
    lines = _labelled("ADR", value, address.label, _ADR_TYPES, groups, version, params=params)
    if version == "3.0" and address.formatted:
        group, _ = property_name(lines[0])
        if group:
            lines.insert(1, f"{group}.LABEL:{escape(address.formatted)}")
        else:
            types = _typed(address.label, _ADR_TYPES) if address.label else None
            type_param = f";TYPE={','.join(types)}" if types else ""
            lines.append(f"LABEL{type_param}:{escape(address.formatted)}")
    return lines


def _dated(name: str, value: str, version: str) -> str:
    params, text = vcard_date(value, version)
    return f"{name}{params}:{text}"


def field_lines(
    contact: Contact,
    field_name: str,
    version: str,
    groups: Groups,
    followup: date | None = None,
) -> list[str]:
    """The unfolded lines of one field group of `FIELDS`."""
    return _FIELD_WRITERS[field_name](contact, version, groups, followup)


def _kind(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    if c.kind != "org":
        return []
    return ["KIND:org"] if version == "4.0" else ["X-ABShowAs:COMPANY"]


def _fn(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return [f"FN:{escape(c.display_name)}"]


def _n(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    n = c.name
    if version == "4.0" and not any(part.strip() for part in n.parts()):
        return []
    return [f"N:{structured(n.family, n.given, n.additional, n.prefix, n.suffix)}"]


def _nickname(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return [f"NICKNAME:{escape(c.nickname)}"] if c.nickname.strip() else []


def _org(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    lines = []
    if c.org.name or c.org.department:
        parts = [c.org.name]
        if c.org.department:
            parts.append(c.org.department)
        lines.append(f"ORG:{structured(*parts)}")
    if c.org.title:
        lines.append(f"TITLE:{escape(c.org.title)}")
    return lines


def _emails(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return _points("EMAIL", c.emails, _EMAIL_TYPES, groups, version)


def _phones(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return _points("TEL", c.phones, _TEL_TYPES, groups, version)


def _addresses(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return [line for address in c.addresses for line in _address(address, groups, version)]


def _urls(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    lines = [f"URL:{url.replace(chr(10), ' ').replace(chr(13), ' ')}" for url in c.urls]
    if c.linkedin and not any("linkedin" in url.lower() for url in c.urls):
        profile = c.linkedin if "://" in c.linkedin else f"https://www.{c.linkedin}"
        lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{profile}")
    return lines


def _birthday(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    if c.birthday:
        return [_dated("BDAY", c.birthday, version)]
    if c.birthday_text:
        return [f"BDAY;VALUE=text:{escape(c.birthday_text)}"]
    return []


def _dates(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    lines = []
    if c.anniversary:
        lines.append(_dated("ANNIVERSARY" if version == "4.0" else "X-ANNIVERSARY",
                            c.anniversary, version))  # fmt: skip
    for when in c.important_dates:
        group = groups.next()
        lines.append(f"{group}.{_dated('X-ABDATE', when.date, version)}")
        lines.append(f"{group}.X-ABLabel:{escape(when.label)}")
    return lines


def _related(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    lines = []
    for person in c.related:
        name = escape(person.name)
        relation = person.relation
        if not relation:
            lines.append(f"RELATED;VALUE=text:{name}" if version == "4.0"
                         else f"X-ABRELATEDNAMES:{name}")  # fmt: skip
        elif version == "4.0" and relation in _RELATED_TYPES:
            lines.append(f"RELATED;VALUE=text;TYPE={relation}:{name}")
        else:
            group = groups.next()
            lines.append(f"{group}.X-ABRELATEDNAMES:{name}")
            lines.append(f"{group}.X-ABLabel:{escape(relation)}")
    return lines


def _tags(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    items = [escape(tag) for tag in c.tags if tag]
    if c.starred:
        items.append("starred")
    return [f"CATEGORIES:{','.join(items)}"] if items else []


def _notes(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return [f"NOTE:{escape(c.notes)}"] if c.notes.strip() else []


def _custom(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return [
        f"{CUSTOM_PROPERTY};X-LABEL={param_value(label)}:{escape(value)}"
        for label, value in c.custom.items()
    ]


def _followup(c: Contact, version: str, groups: Groups, followup: date | None) -> list[str]:
    return [f"{FOLLOWUP_PROPERTY}:{followup.isoformat()}"] if followup else []


Writer = Callable[[Contact, str, Groups, "date | None"], list[str]]
_FIELD_WRITERS: dict[str, Writer] = {
    "kind": _kind,
    "display_name": _fn,
    "name": _n,
    "nickname": _nickname,
    "org": _org,
    "emails": _emails,
    "phones": _phones,
    "addresses": _addresses,
    "urls": _urls,
    "birthday": _birthday,
    "dates": _dates,
    "related": _related,
    "tags": _tags,
    "notes": _notes,
    "custom": _custom,
    "followup": _followup,
}
FIELDS = tuple(_FIELD_WRITERS)


_WRITTEN_FROM_FIELDS = frozenset({FOLLOWUP_PROPERTY, "KIND", "X-ADDRESSBOOKSERVER-KIND"})


def kept_extra(extra: Iterable[str]) -> list[str]:
    """The `extra` lines an export writes: all but stale follow-up dates and a second KIND
    a card listed (the contact's kind is written from its field: a `KIND:group` kept from
    a card that said individual first would make the export a group)."""
    return [line for line in extra if property_name(line)[1] not in _WRITTEN_FROM_FIELDS]


def card_lines(contact: Contact, version: str = "4.0", followup: date | None = None) -> list[str]:
    """The unfolded lines of one card, BEGIN to END."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version {version!r}; expected one of {', '.join(VERSIONS)}")
    extra = kept_extra(contact.extra)
    groups = Groups(group for group, _ in map(property_name, extra) if group)
    lines = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:{PRODID}", f"UID:{contact.uid}"]
    for name in FIELDS:
        lines += field_lines(contact, name, version, groups, followup)
    if contact.connected_on:  # a fact of the contact's own; two-way sync leaves it alone
        lines.append(f"{CONNECTED_PROPERTY}:{contact.connected_on}")
    written = set(lines)
    # An entry may hold several lines (the card nested in a vCard 2.1 AGENT): each is folded
    # on its own, so no fold lands inside the nested card's lines.
    lines += [part for line in extra if line not in written for part in line.split("\n")]
    lines.append("END:VCARD")
    return lines


def card(contact: Contact, version: str = "4.0", followup: date | None = None) -> bytes:
    return b"".join(fold(line) for line in card_lines(contact, version, followup))


def export(
    contacts: Sequence[Contact],
    followups: Mapping[str, date] | None = None,
    *,
    version: str = "4.0",
) -> bytes:
    """Every contact as one vCard file; `followups` maps contact uid -> next explicit
    follow-up date (`X-RELINBOX-NEXT-FOLLOWUP`)."""
    followups = followups or {}
    ordered = sorted(contacts, key=lambda c: (c.display_name.casefold(), c.uid))
    return b"".join(card(c, version, followups.get(c.uid)) for c in ordered)


def export_v3(contacts: Sequence[Contact], followups: Mapping[str, date] | None = None) -> bytes:
    return export(contacts, followups, version="3.0")
