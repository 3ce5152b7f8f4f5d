"""A contact and its parts: how to reach them, who they are, what to remember."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Self

from relinbox.core.models.enums import Tier
from relinbox.core.models.fields import (
    RecordError,
    _bool,
    _enum,
    _instant,
    _list,
    _nested,
    _opt_personal_date,
    _opt_str,
    _str,
    check_personal_date,
    iso,
    new_uid,
    utc_now,
)

# --- contact parts --------------------------------------------------------------------


@dataclass(slots=True)
class ContactPoint:
    """An e-mail address or phone number, as written by the source."""

    value: str
    label: str = ""
    primary: bool = False

    def to_doc(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "primary": self.primary}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        value = _str(doc, "value")
        if not value:
            raise RecordError("'value' is empty")
        return cls(value, _str(doc, "label"), _bool(doc, "primary"))


@dataclass(slots=True)
class Name:
    prefix: str = ""
    given: str = ""
    additional: str = ""
    family: str = ""
    suffix: str = ""

    def parts(self) -> list[str]:
        return [self.prefix, self.given, self.additional, self.family, self.suffix]

    def joined(self) -> str:
        return " ".join(part.strip() for part in self.parts() if part.strip())

    def to_doc(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "given": self.given,
            "additional": self.additional,
            "family": self.family,
            "suffix": self.suffix,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(*(_str(doc, name) for name in _NAME_FIELDS))


@dataclass(slots=True)
class Org:
    name: str = ""
    title: str = ""
    department: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "department": self.department}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "name"), _str(doc, "title"), _str(doc, "department"))


@dataclass(slots=True)
class Address:
    label: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    formatted: str = ""
    po_box: str = ""
    extended: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "street": self.street,
            "city": self.city,
            "region": self.region,
            "postcode": self.postcode,
            "country": self.country,
            "formatted": self.formatted,
            "po_box": self.po_box,
            "extended": self.extended,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(*(_str(doc, name) for name in _ADDRESS_FIELDS))


# Spelled out rather than read with dataclasses.fields() on every call: contacts are
# serialised by the ten thousand in an import, and fields() is most of that cost.
_NAME_FIELDS = tuple(f.name for f in fields(Name))
_ADDRESS_FIELDS = tuple(f.name for f in fields(Address))


@dataclass(slots=True)
class ImportantDate:
    """A date worth remembering: "daughter's wedding", "joined the firm"."""

    label: str
    date: str  # YYYY-MM-DD or --MM-DD
    yearly: bool = True  # False: a one-off event, shown only in its own year

    def to_doc(self) -> dict[str, Any]:
        return {"label": self.label, "date": self.date, "yearly": self.yearly}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        when = check_personal_date(_str(doc, "date"))
        return cls(_str(doc, "label"), when, _bool(doc, "yearly", True))


@dataclass(slots=True)
class Related:
    """A related person: spouse, assistant, daughter…"""

    name: str
    relation: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"name": self.name, "relation": self.relation}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "name"), _str(doc, "relation"))


@dataclass(slots=True)
class Provenance:
    """Where a contact came from; `key` identifies it again on the next import."""

    source: str  # "manual", "vcard", "google", "outlook", "outlook-com", "linkedin", "demo", …
    key: str = ""
    imported_at: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"source": self.source, "key": self.key, "imported_at": self.imported_at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "source"), _str(doc, "key"), _str(doc, "imported_at"))


# Per-contact cadence overrides: any of these CadenceSettings fields (docs/cadence.md).
CADENCE_OVERRIDE_KEYS = frozenset(
    {
        "interval_days",
        "building_gaps",
        "building_target",
        "building_max",
        "reciprocity_inbound",
        "one_way_checkin_days",
        "dormant_intervals",
        "date_lead_days",
        "paused",
    }
)


def check_cadence_overrides(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError("'cadence' must be an object")
    unknown = set(value) - CADENCE_OVERRIDE_KEYS
    if unknown:
        raise RecordError(f"'cadence' has unknown setting(s): {', '.join(sorted(unknown))}")
    for key, item in value.items():
        if key == "paused":
            if not isinstance(item, bool):
                raise RecordError("'cadence.paused' must be true or false")
        elif key == "building_gaps":
            if not (isinstance(item, list) and item and all(_positive_int(g) for g in item)):
                raise RecordError("'cadence.building_gaps' must list positive whole numbers")
        elif not _positive_int(item):
            raise RecordError(f"'cadence.{key}' must be a positive whole number")
    return dict(value)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# --- records ----------------------------------------------------------------------------


@dataclass(slots=True)
class Contact:
    display_name: str
    uid: str = field(default_factory=new_uid)
    name: Name = field(default_factory=Name)
    nickname: str = ""
    kind: str = "individual"  # or "org" (vCard KIND)
    emails: list[ContactPoint] = field(default_factory=list)
    phones: list[ContactPoint] = field(default_factory=list)
    org: Org = field(default_factory=Org)
    tags: list[str] = field(default_factory=list)
    starred: bool = False
    birthday: str | None = None  # YYYY-MM-DD or --MM-DD
    birthday_text: str | None = None  # a birthday the source gave as free text
    anniversary: str | None = None
    important_dates: list[ImportantDate] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    notes: str = ""  # free text carried by the source (vCard NOTE, CSV Notes)
    urls: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    linkedin: str | None = None
    connected_on: str | None = None  # LinkedIn "Connected On": a fact, not a touch
    tier: Tier = Tier.B
    timezone: str | None = None  # IANA name, e.g. "Europe/London"
    cadence: dict[str, Any] = field(default_factory=dict)
    archived: bool = False
    custom: dict[str, str] = field(default_factory=dict)  # labelled fields with no home
    extra: list[str] = field(default_factory=list)  # unknown vCard lines, verbatim
    provenance: list[Provenance] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    @property
    def primary_email(self) -> str | None:
        return _primary(self.emails)

    @property
    def primary_phone(self) -> str | None:
        return _primary(self.phones)

    def to_doc(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "display_name": self.display_name,
            "name": self.name.to_doc(),
            "nickname": self.nickname,
            "kind": self.kind,
            "emails": [p.to_doc() for p in self.emails],
            "phones": [p.to_doc() for p in self.phones],
            "org": self.org.to_doc(),
            "tags": list(self.tags),
            "starred": self.starred,
            "birthday": self.birthday,
            "birthday_text": self.birthday_text,
            "anniversary": self.anniversary,
            "important_dates": [d.to_doc() for d in self.important_dates],
            "related": [r.to_doc() for r in self.related],
            "notes": self.notes,
            "urls": list(self.urls),
            "addresses": [a.to_doc() for a in self.addresses],
            "linkedin": self.linkedin,
            "connected_on": self.connected_on,
            "tier": self.tier.value,
            "timezone": self.timezone,
            "cadence": dict(self.cadence),
            "archived": self.archived,
            "custom": dict(self.custom),
            "extra": list(self.extra),
            "provenance": [p.to_doc() for p in self.provenance],
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        uid = _str(doc, "uid")
        if not uid:
            raise RecordError("'uid' is empty")
        tags = _list(doc, "tags")
        urls = _list(doc, "urls")
        extra = _list(doc, "extra")
        custom = doc.get("custom") or {}
        for key, items in (("tags", tags), ("urls", urls), ("extra", extra)):
            if not all(isinstance(item, str) for item in items):
                raise RecordError(f"{key!r} must be a list of text")
        if not isinstance(custom, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in custom.items()
        ):
            raise RecordError("'custom' must map text to text")
        return cls(
            uid=uid,
            display_name=_str(doc, "display_name"),
            name=Name.from_doc(doc.get("name") or {}),
            nickname=_str(doc, "nickname"),
            kind=_str(doc, "kind", "individual") or "individual",
            emails=_nested(ContactPoint.from_doc, _list(doc, "emails"), "emails"),
            phones=_nested(ContactPoint.from_doc, _list(doc, "phones"), "phones"),
            org=Org.from_doc(doc.get("org") or {}),
            tags=tags,
            starred=_bool(doc, "starred"),
            birthday=_opt_personal_date(doc, "birthday"),
            birthday_text=_opt_str(doc, "birthday_text"),
            anniversary=_opt_personal_date(doc, "anniversary"),
            important_dates=_nested(
                ImportantDate.from_doc, _list(doc, "important_dates"), "important_dates"
            ),
            related=_nested(Related.from_doc, _list(doc, "related"), "related"),
            notes=_str(doc, "notes"),
            urls=urls,
            addresses=_nested(Address.from_doc, _list(doc, "addresses"), "addresses"),
            linkedin=_opt_str(doc, "linkedin"),
            connected_on=_opt_str(doc, "connected_on"),
            tier=_enum(Tier, doc, "tier", Tier.B),
            timezone=_opt_str(doc, "timezone"),
            cadence=check_cadence_overrides(doc.get("cadence")),
            archived=_bool(doc, "archived"),
            custom=dict(custom),
            extra=extra,
            provenance=_nested(Provenance.from_doc, _list(doc, "provenance"), "provenance"),
            created_at=_instant(doc, "created_at"),
            updated_at=_instant(doc, "updated_at"),
        )


def _primary(points: list[ContactPoint]) -> str | None:
    for point in points:
        if point.primary:
            return point.value
    return points[0].value if points else None
