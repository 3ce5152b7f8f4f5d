"""vCard properties to a `Contact`. Every property we do not map is kept verbatim in `extra`."""

from __future__ import annotations

import re
from datetime import datetime

from relinbox.core.models import (
    Address,
    Contact,
    ContactPoint,
    ImportantDate,
    Name,
    Org,
    Provenance,
    Related,
    utc_now,
)
from relinbox.core.text import fold
from relinbox.interop.build import NO_NAME, finish
from relinbox.interop.dates import parse_date
from relinbox.interop.keys import (
    content_digest,
    distinguisher,
    email_key,
    mint_uid,
    normalize_linkedin,
    phone_key,
)
from relinbox.interop.problems import Problems
from relinbox.interop.vcard.properties import Prop
from relinbox.interop.vcard.reader import RawCard, read_cards
from relinbox.interop.vcard.values import (
    apple_label,
    components,
    date_of,
    label_of,
    list_value,
    rank_of,
    ranked_points,
    split_escaped,
    unescape,
)

FOLLOWUP_PROPERTY = "X-RELINBOX-NEXT-FOLLOWUP"
CUSTOM_PROPERTY = "X-RELINBOX-CUSTOM"
CONNECTED_PROPERTY = "X-RELINBOX-CONNECTED-ON"  # LinkedIn's "Connected On", kept as a fact
_ANNIVERSARY = frozenset(
    {"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
)
_RELATIONS = {
    "X-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-KADDRESSBOOK-X-SPOUSENAME": "spouse",
    "X-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-KADDRESSBOOK-X-ASSISTANTSNAME": "assistant",
    "X-MANAGER": "manager",
    "X-EVOLUTION-MANAGER": "manager",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "manager",
}


class _Card:
    """The state of one card being mapped."""

    __slots__ = (
        "contact", "emails", "extra", "formatted_labels", "full_names", "group", "kind",
        "labels", "names", "notes", "phones", "problems", "used_groups",
    )  # fmt: skip

    def __init__(self, contact: Contact, problems: Problems) -> None:
        self.contact = contact
        self.problems = problems
        self.labels: dict[str, str] = {}
        self.used_groups: set[str] = set()
        self.extra: list[Prop] = []
        self.emails: list[tuple[int, ContactPoint]] = []
        self.phones: list[tuple[int, ContactPoint]] = []
        self.formatted_labels: list[Prop] = []
        self.names: list[Prop] = []
        self.full_names: list[Prop] = []
        self.notes: list[str] = []
        self.group = False  # `KIND:group` (Apple: `X-ADDRESSBOOKSERVER-KIND`): not a person
        self.kind: str | None = None  # the first KIND: a card has one


def card_to_contact(
    card: RawCard,
    problems: Problems,
    *,
    source: str = "vcard",
    key: str | None = None,
    now: datetime | None = None,
) -> Contact | None:
    """The contact in `card`, or None (with a problem) when it holds nothing to import."""
    now = now or utc_now()
    contact = Contact(display_name="", uid="", created_at=now, updated_at=now)
    state = _Card(contact, problems)
    if card.grouped:
        for prop in card.props:
            if prop.name == "X-ABLABEL" and prop.group:
                state.labels[prop.group] = apple_label(unescape(prop.value))
    handlers = _HANDLERS
    for prop in card.props:
        handler = handlers.get(prop.name)
        if handler is None or not handler(state, prop):
            state.extra.append(prop)
    _names(state)
    if state.group:
        name = contact.display_name or "no name"
        problems.notice(card.line, f"a contact group ({name}), not a person; not imported")
        return None
    contact.emails = ranked_points(state.emails)
    contact.phones = ranked_points(state.phones)
    contact.notes = "\n\n".join(state.notes)
    _attach_labels(state)
    contact.extra = [p.text for p in state.extra]
    if card.grouped:
        contact.extra += [
            p.text
            for p in card.props
            if p.name == "X-ABLABEL" and p.group and p.group not in state.used_groups
        ]
    if len(contact.extra) > 1:  # a line written twice is one fact (as a later update sees it)
        contact.extra = list(dict.fromkeys(contact.extra))
    if not finish(contact):
        problems.warning(card.line, "card has no name, e-mail, phone or other data; skipped")
        return None
    nameless = contact.display_name == NO_NAME
    if nameless:
        problems.warning(card.line, f"no name, e-mail or phone; imported as {NO_NAME!r}")
    if not contact.uid:
        if nameless:
            first = content_digest(contact)  # else every nameless card would be one contact
        elif contact.emails:
            first = email_key(contact.emails[0].value)
        else:
            first = phone_key(contact.phones[0].value) if contact.phones else ""
        contact.uid = mint_uid("vcard", fold(contact.display_name), first)
    contact.provenance = [Provenance(source, key or contact.uid)]
    return contact


def _preferred_first(props: list[Prop]) -> list[Prop]:
    """The one a vCard 4 `PREF=` marks (lowest wins) first, else the order as written."""
    if len(props) > 1 and any("PREF" in prop.params for prop in props):
        return sorted(props, key=lambda prop: rank_of(prop, []))  # stable: ties keep order
    return props


def _alternative(prop: Prop) -> tuple[str | None, str | None]:
    """The ALTID and LANGUAGE that say which alternative (often a language) `prop` is."""
    language = prop.param("LANGUAGE")
    return prop.param("ALTID"), language.lower() if language else None


def _names(state: _Card) -> None:
    """One FN and one N: the preferred, else the first, and the N of the chosen FN's
    alternative (alternatives in other languages share an ALTID and stay in `extra`)."""
    contact = state.contact
    full_name = None
    if state.full_names:
        full_names = _preferred_first(state.full_names)
        full_name = full_names[0]
        contact.display_name = unescape(full_name.value).strip()
        state.extra.extend(full_names[1:])
    if state.names:
        names = _preferred_first(state.names)
        chosen = _alternative(full_name) if full_name and len(names) > 1 else (None, None)
        if chosen != (None, None):  # stable: ties keep the preferred order
            names = sorted(names, key=lambda prop: _alternative(prop) != chosen)
        value = names[0].value
        if "," in value:  # vCard 4 lists ("Philip,Paul"); an escaped "\," is a comma in a name
            parts = [
                " ".join(p for p in (unescape(x).strip() for x in split_escaped(raw, ",")) if p)
                for raw in split_escaped(value, ";")
            ]
            parts += [""] * (5 - len(parts))
        else:
            parts = components(value, 5)
        family, given, additional, prefix, suffix = parts[:5]
        contact.name = Name(prefix, given, additional, family, suffix)
        state.extra.extend(names[1:])


def _attach_labels(state: _Card) -> None:
    """vCard 3 `LABEL` (a formatted address) goes to the address of the same type; with no
    such address (a card with only `LABEL`s) it is an address of its own, formatted."""
    addresses = state.contact.addresses
    for prop in state.formatted_labels:
        text = unescape(prop.value).strip()
        if not text:
            state.extra.append(prop)
            continue
        label = _label(state, prop)
        target = next(
            (a for a in addresses if not a.formatted and a.label == label), None
        ) or next((a for a in addresses if not a.formatted), None)
        if target is None:
            addresses.append(Address(label, formatted=text))
        else:
            target.formatted = text


def _label(state: _Card, prop: Prop, types: list[str] | None = None) -> str:
    """`label_of` for a value stored with its label: the Apple `X-ABLabel` of its group is
    then not kept in `extra` as well. (The label of a URL, a note… has no field: it stays.)"""
    if prop.group in state.labels:
        state.used_groups.add(prop.group)
    return label_of(prop, state.labels, types)


def _as_text(prop: Prop) -> bool:
    """`VALUE=text`: the card itself says the value is not a date."""
    value = prop.param("VALUE") if prop.params else None
    return value is not None and value.lower() == "text"


# --- one handler per property: True when the property was mapped, False to keep it in extra


def _skip(state: _Card, prop: Prop) -> bool:
    return True


def _fn(state: _Card, prop: Prop) -> bool:
    state.full_names.append(prop)
    return True


def _n(state: _Card, prop: Prop) -> bool:
    state.names.append(prop)
    return True


def _email(state: _Card, prop: Prop) -> bool:
    value = unescape(prop.value).strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    if value:
        types = prop.types() if prop.params else []
        point = ContactPoint(value, _label(state, prop, types))
        state.emails.append((rank_of(prop, types), point))
    return True


def _tel(state: _Card, prop: Prop) -> bool:
    value = unescape(prop.value).strip()
    if value[:4].lower() == "tel:":
        value = value[4:].replace(";ext=", " ext. ")
    if value:
        types = prop.types() if prop.params else []
        point = ContactPoint(value, _label(state, prop, types))
        state.phones.append((rank_of(prop, types), point))
    return True


def _uid(state: _Card, prop: Prop) -> bool:
    value = prop.value.strip()
    if state.contact.uid or not value:
        return False
    state.contact.uid = value
    return True


def _note(state: _Card, prop: Prop) -> bool:
    text = unescape(prop.value).strip("\n")
    if text.strip():
        state.notes.append(text)
    return True


def _org(state: _Card, prop: Prop) -> bool:
    org = state.contact.org
    if org.name or org.department:
        return False
    # ORG is the name, then units: an empty name ("ORG:;Research") stays empty.
    name, *units = components(prop.value, 1)
    state.contact.org = Org(name, org.title, "; ".join(unit for unit in units if unit))
    return True


def _title(state: _Card, prop: Prop) -> bool:
    if state.contact.org.title:
        return False
    state.contact.org.title = unescape(prop.value).strip()
    return True


def _nickname(state: _Card, prop: Prop) -> bool:
    nick = ", ".join(n for n in list_value(prop.value) if n)
    contact = state.contact
    contact.nickname = f"{contact.nickname}, {nick}" if contact.nickname and nick else (
        contact.nickname or nick
    )
    return True


def _categories(state: _Card, prop: Prop) -> bool:
    contact = state.contact
    for tag in list_value(prop.value):
        folded = tag.casefold()
        if folded == "starred":
            contact.starred = True
        elif tag and folded != "mycontacts":
            contact.tags.append(tag)
    return True


# vCard 4 dates with reduced accuracy and no day: a year, a year and month, a month alone.
# RFC 6350 dates that are not whole: a year, a year and month, a month, a day of the month
_PARTIAL_DATE = re.compile(r"\d{4}|\d{4}-\d{2}|--\d{2}|---\d{2}")


def _bday(state: _Card, prop: Prop) -> bool:
    contact = state.contact
    if contact.birthday or contact.birthday_text:
        return False
    when, text = date_of(prop)
    as_text = _as_text(prop)
    if as_text or when is None:
        contact.birthday_text = text or None
        if not as_text and text and _PARTIAL_DATE.fullmatch(text):
            # RFC 6350 allows a year or a month alone; there is no day to remind of.
            state.problems.notice(prop.line, f"birthday {text!r} is a partial date; kept as text")
        elif not as_text and text:
            state.problems.warning(prop.line, f"birthday {text!r} is not a date; kept as text")
    else:
        contact.birthday = when
    return True


def _anniversary(state: _Card, prop: Prop) -> bool:
    if _as_text(prop):
        return False  # no field for a text anniversary: kept as is, as the card asks
    when, text = date_of(prop)
    if when is None:
        if _PARTIAL_DATE.fullmatch(text):
            state.problems.notice(prop.line, f"anniversary {text!r} is a partial date; kept as is")
        else:
            state.problems.warning(prop.line, f"anniversary {text!r} is not a date; kept as is")
        return False
    if state.contact.anniversary:
        return False
    state.contact.anniversary = when
    return True


def _abdate(state: _Card, prop: Prop) -> bool:
    if _as_text(prop):
        return False
    when, text = date_of(prop)
    if when is None:
        state.problems.warning(prop.line, f"date {text!r} is not a date; kept as is")
        return False
    label = _label(state, prop, [])
    contact = state.contact
    if label.casefold() == "anniversary" and not contact.anniversary:
        contact.anniversary = when
    else:
        contact.important_dates.append(ImportantDate(label or "date", when))
    return True


def _adr(state: _Card, prop: Prop) -> bool:
    po_box, extended, street, city, region, postcode, country = components(prop.value, 7)[:7]
    formatted = unescape(prop.param("LABEL") or "")
    state.contact.addresses.append(
        Address(
            _label(state, prop), street, city, region, postcode, country, formatted,
            po_box, extended,
        )
    )
    return True


def _label_prop(state: _Card, prop: Prop) -> bool:
    state.formatted_labels.append(prop)
    return True


def _url(state: _Card, prop: Prop) -> bool:
    url = unescape(prop.value).strip()
    contact = state.contact
    if url:
        contact.urls.append(url)
        if contact.linkedin is None and "linkedin" in url.lower():
            contact.linkedin = normalize_linkedin(url)
    return True


def _social(state: _Card, prop: Prop) -> bool:
    url = unescape(prop.value).strip()
    if state.contact.linkedin is None and "linkedin" in url.lower():
        state.contact.linkedin = normalize_linkedin(url)
        # The plain line our export writes says nothing more than the profile: mapped.
        # Others (Apple's carry a user name, a group) are kept as written.
        plain = not prop.group and prop.params == {"TYPE": ("linkedin",)}
        return plain and state.contact.linkedin == url
    return False


def _related(state: _Card, prop: Prop) -> bool:
    value = unescape(prop.value).strip()
    if value:
        relation = _RELATIONS.get(prop.name) or _label(state, prop)
        state.contact.related.append(Related(value, relation))
    return True


def _kind(state: _Card, prop: Prop) -> bool:
    kind = prop.value.strip().lower()
    if state.kind is not None and kind != state.kind:
        # one card is one kind: a later KIND:group must not drop a person's whole card
        state.problems.warning(
            prop.line, f"a second KIND ({kind}) after {state.kind}; the first is kept"
        )
        return False
    state.kind = kind
    if kind in ("org", "organization"):
        state.contact.kind = "org"
    state.group = state.group or kind == "group"
    return kind in ("org", "organization", "individual", "group")


def _show_as(state: _Card, prop: Prop) -> bool:
    if prop.value.strip().upper() == "COMPANY":
        state.contact.kind = "org"
        return not prop.group and not prop.params  # what a 3.0 export writes for `kind`
    return False


def _connected(state: _Card, prop: Prop) -> bool:
    when = parse_date(prop.value.strip())
    if when is None or when.startswith("--"):
        state.problems.warning(prop.line, f"{CONNECTED_PROPERTY} {prop.value!r} is not a date")
        return False
    state.contact.connected_on = when
    return True


def _followup(state: _Card, prop: Prop) -> bool:
    value = prop.value.strip()
    if parse_date(value) is None or value.startswith("--"):
        state.problems.warning(prop.line, f"{FOLLOWUP_PROPERTY} {value!r} is not a date")
    return False  # kept in extra: the importer opens the follow-up, exports write it back


def _custom(state: _Card, prop: Prop) -> bool:
    """relinbox's own labelled custom fields (what our vCard export writes)."""
    label = (prop.param("X-LABEL") or "").strip() or "Custom field"
    state.contact.custom[label] = unescape(prop.value)
    return True


_HANDLERS = {
    "FN": _fn, "N": _n, "EMAIL": _email, "TEL": _tel, "UID": _uid, "NOTE": _note,
    "ORG": _org, "TITLE": _title, "NICKNAME": _nickname, "CATEGORIES": _categories,
    "BDAY": _bday, "X-ABDATE": _abdate, "ADR": _adr, "LABEL": _label_prop, "URL": _url,
    "X-SOCIALPROFILE": _social, "X-ABRELATEDNAMES": _related, "RELATED": _related,
    "KIND": _kind, "X-ADDRESSBOOKSERVER-KIND": _kind, "X-ABSHOWAS": _show_as,
    FOLLOWUP_PROPERTY: _followup, CUSTOM_PROPERTY: _custom, CONNECTED_PROPERTY: _connected,
    "X-ABLABEL": _skip,
    "VERSION": _skip, "PRODID": _skip,
    "BEGIN": _skip, "END": _skip,
    **{name: _anniversary for name in _ANNIVERSARY},
    **{name: _related for name in _RELATIONS},
}  # fmt: skip


def read_vcards(
    data: bytes,
    problems: Problems,
    *,
    source: str = "vcard",
    key: str | None = None,
    now: datetime | None = None,
) -> tuple[list[tuple[Contact, int]], int, bool]:
    """(contacts with their BEGIN line, cards skipped, whether any BEGIN:VCARD was found)."""
    now = now or utc_now()
    read = read_cards(data, problems)
    contacts = []
    skipped = read.truncated
    minted: dict[str, list[tuple[Contact, int]]] = {}  # a uid minted here -> its cards
    for card in read.cards:
        contact = card_to_contact(card, problems, source=source, key=key, now=now)
        if contact is None:
            skipped += 1
            continue
        if not any(prop.name == "UID" for prop in card.props):
            minted.setdefault(contact.uid, []).append((contact, card.line))
        contacts.append((contact, card.line))
    for cards in minted.values():
        if len(cards) > 1:
            _apart(cards, problems)
    return contacts, skipped, read.found_begin


def _apart(cards: list[tuple[Contact, int]], problems) -> None:
    """Cards of one file with no UID and the same name and first e-mail or phone stay
    separate contacts, told apart as rows of a CSV file that share key and name are (by
    `distinguisher`, never by position: a namesake added first must not take over)."""
    uid, first = cards[0][0].uid, cards[0][1]
    seen: dict[str, int] = {}
    for contact, line in cards:
        # the first e-mail or phone is what they share: with no e-mail, the first phone
        shared = "" if contact.emails or not contact.phones else phone_key(contact.phones[0].value)
        told = distinguisher(contact, shared)
        count = seen[told] = seen.get(told, 0) + 1
        contact.uid = mint_uid(uid, told, *([f"#{count}"] if count > 1 else []))
        for provenance in contact.provenance:
            if provenance.key == uid:
                provenance.key = contact.uid
        if line != first:
            problems.notice(
                line, f"no UID, and the same name and first e-mail or phone as the card at "
                f"line {first}; kept as a separate contact"
            )
