"""The file side of two-way vdir sync: read items, name new ones, write them back safely.

No store access (relinbox/services/sync.py decides what to do). The rules, from the vdir
spec (pimutils) and vdirsyncer's behaviour:

- an item is a `*.vcf` file directly in the folder, not hidden; `*.tmp`, hidden files and
  files without an extension are not items;
- every write goes to a hidden `*.tmp` file in the same folder, is fsynced and then renamed
  over the target (and the folder fsynced): a reader sees the old item or the new, whole;
- an existing item keeps its filename, whatever its UID;
- a new item is `UID.vcf` when the UID uses only `[A-Za-z0-9_.+-]` (and does not start with
  a dot), otherwise a random UUID4 name; no name can leave the folder;
- writing back an item that came from the folder rewrites only the properties relinbox owns
  whose values changed; every other line stays byte-identical (folding and line ends
  included), so sync partners see small diffs.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from relinbox.core.models import Contact
from relinbox.core.store.files import FILE_MODE, atomic_write, fsync_dir
from relinbox.interop.export import vcard
from relinbox.interop.problems import Problems
from relinbox.interop.vcard.mapping import read_vcards
from relinbox.interop.vcard.properties import parse_params
from relinbox.interop.vcard.values import unescape
from relinbox.interop.vdir import read_file

SOURCE = "vdir"
SAFE_UID = re.compile(r"[A-Za-z0-9_.+-]+")
MAX_NAME_BYTES = 200

# Which field group of `vcard.FIELDS` a mapped property belongs to.
FIELD_OF = {
    "KIND": "kind", "X-ADDRESSBOOKSERVER-KIND": "kind",
    "FN": "display_name", "N": "name", "NICKNAME": "nickname",
    "ORG": "org", "TITLE": "org", "EMAIL": "emails", "TEL": "phones",
    "ADR": "addresses", "LABEL": "addresses", "URL": "urls",
    "BDAY": "birthday",
    "ANNIVERSARY": "dates", "X-ANNIVERSARY": "dates", "X-MS-ANNIVERSARY": "dates",
    "X-EVOLUTION-ANNIVERSARY": "dates", "X-ABDATE": "dates",
    "RELATED": "related", "X-ABRELATEDNAMES": "related", "X-SPOUSE": "related",
    "X-MS-SPOUSE": "related", "X-EVOLUTION-SPOUSE": "related",
    "X-KADDRESSBOOK-X-SPOUSENAME": "related", "X-ASSISTANT": "related",
    "X-EVOLUTION-ASSISTANT": "related", "X-KADDRESSBOOK-X-ASSISTANTSNAME": "related",
    "X-MANAGER": "related", "X-EVOLUTION-MANAGER": "related",
    "X-KADDRESSBOOK-X-MANAGERSNAME": "related",
    "CATEGORIES": "tags", "NOTE": "notes",
    vcard.CUSTOM_PROPERTY: "custom", vcard.FOLLOWUP_PROPERTY: "followup",
}  # fmt: skip
# relinbox's own properties: owned even though the importer keeps them in `extra`
OWN_EXTRA = frozenset({vcard.CUSTOM_PROPERTY, vcard.FOLLOWUP_PROPERTY})
# the Contact fields that two-way sync takes from an item (the rest is relinbox's own)
SYNCED = (
    "display_name", "name", "nickname", "kind", "emails", "phones", "org", "tags", "starred",
    "birthday", "birthday_text", "anniversary", "important_dates", "related", "notes", "urls",
    "addresses", "custom", "extra",
)  # fmt: skip


def is_item(name: str) -> bool:
    return name.lower().endswith(".vcf") and not name.startswith(".")


def list_items(folder: Path) -> list[str]:
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries if is_item(e.name) and e.is_file())


def safe_item_path(folder: Path, name: str) -> Path:
    """`folder/name`, refusing any name that is not a plain item name in `folder`."""
    if (
        not name
        or name != os.path.basename(name)
        or "/" in name
        or "\\" in name
        or "\x00" in name
        or name in (".", "..")
        or not is_item(name)
    ):
        raise ValueError(f"{name!r} is not an item name")
    return folder / name


def new_item_name(uid: str, taken: set[str]) -> str:
    """`UID.vcf` for a UID of `[A-Za-z0-9_.+-]` only, else (or when taken) a UUID4 name."""
    name = f"{uid}.vcf"
    if (
        SAFE_UID.fullmatch(uid)
        and not uid.startswith(".")
        and len(name.encode()) <= MAX_NAME_BYTES
        and name.lower() not in {t.lower() for t in taken}
    ):
        return name
    while True:
        name = f"{uuid.uuid4()}.vcf"
        if name not in taken:
            return name


def atomic_write_item(path: Path, data: bytes) -> None:
    """Write to a hidden `*.tmp` file in the item's folder (never taken for an item), fsync,
    rename over the item, fsync the folder: the store's own atomic write. An item that is
    replaced keeps its permissions (the folder is shared with other tools); a new one is
    private, like the store."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = FILE_MODE
    atomic_write(path, data, mode=mode)


def delete_item(path: Path) -> None:
    path.unlink(missing_ok=True)
    fsync_dir(path.parent)


# --- reading ------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """One item as read: its contact (owned extras split off), raw bytes and hashes."""

    name: str
    data: bytes
    contact: Contact | None
    followup: date | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def raw_hash(self) -> str:
        return sha256(self.data)

    @property
    def content_hash(self) -> str:
        return content_hash(self.contact, self.followup) if self.contact else ""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split_own_extra(extra: list[str]) -> tuple[list[str], dict[str, str], date | None]:
    """(other lines, custom fields, follow-up date) from `extra`: relinbox's own lines."""
    kept: list[str] = []
    custom: dict[str, str] = {}
    followup = None
    for line in extra:
        _group, name = vcard.property_name(line)
        if name not in OWN_EXTRA:
            kept.append(line)
            continue
        head, _, value = _split_line(line)
        if name == vcard.FOLLOWUP_PROPERTY:
            try:
                followup = followup or date.fromisoformat(value.strip())
            except ValueError:
                kept.append(line)
            continue
        params = parse_params(head.split(";")[1:]) if ";" in head else {}
        label = (params.get("X-LABEL") or [""])[0]
        custom[label or "Custom field"] = unescape(value)
    return kept, custom, followup


def _split_line(line: str) -> tuple[str, str, str]:
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], ":", line[index + 1 :]
    return line, "", ""


def parse_item(name: str, data: bytes, now: datetime) -> Item:
    problems = Problems(name)
    cards, _skipped, found = read_vcards(data, problems, source=SOURCE, key=name, now=now)
    item = Item(name, data, None, problems=[str(p) for p in problems])
    if not found or not cards:
        item.problems.append(f"{name}: no card to read")
        return item
    if len(cards) > 1:
        item.problems.append(f"{name}: holds {len(cards)} cards; not synced")
        return item
    contact = cards[0][0]
    contact.extra, custom, item.followup = split_own_extra(contact.extra)
    contact.custom = {**contact.custom, **custom}
    item.contact = contact
    return item


def read_item(folder: Path, name: str, now: datetime) -> Item | None:
    try:
        data = read_file(str(safe_item_path(folder, name)))
    except FileNotFoundError:
        return None
    return parse_item(name, data, now)


def synced_doc(contact: Contact) -> dict[str, Any]:
    """The part of a contact that sync compares and carries."""
    doc = contact.to_doc()
    result = {key: doc[key] for key in SYNCED}
    for key in ("emails", "phones"):
        result[key] = sorted(result[key], key=lambda p: not p["primary"])
    result["extra"] = split_own_extra(contact.extra)[0]
    return result


def content_hash(contact: Contact, followup: date | None) -> str:
    doc = synced_doc(contact)
    doc["followup"] = followup.isoformat() if followup else None
    return sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS))


# --- writing ------------------------------------------------------------------------------


def _physical_units(data: bytes) -> list[bytes]:
    """The logical lines of `data`, each with its folds and line ends as written."""
    units: list[bytes] = []
    for line in data.splitlines(keepends=True):
        if units and line[:1] in (b" ", b"\t"):
            units[-1] += line
        else:
            units.append(line)
    return units


def _unfold(unit: bytes) -> str:
    text = unit.decode("utf-8", errors="replace")
    text = re.sub(r"\r?\n[ \t]", "", text)
    return text.rstrip("\r\n")


def _field_values(contact: Contact, followup: date | None) -> dict[str, Any]:
    doc = synced_doc(contact)
    return {
        "kind": doc["kind"], "display_name": doc["display_name"], "name": doc["name"],
        "nickname": doc["nickname"], "org": doc["org"], "emails": doc["emails"],
        "phones": doc["phones"], "addresses": doc["addresses"], "urls": doc["urls"],
        "birthday": (doc["birthday"], doc["birthday_text"]),
        "dates": (doc["anniversary"], doc["important_dates"]), "related": doc["related"],
        "tags": (doc["tags"], doc["starred"]), "notes": doc["notes"], "custom": doc["custom"],
        "followup": followup.isoformat() if followup else None,
    }  # fmt: skip


def write_back(
    original: bytes, contact: Contact, followup: date | None, now: datetime
) -> bytes | None:
    """`original` with the owned properties whose values differ from `contact` rewritten
    and every other line byte-identical; None when the item cannot be edited in place (the
    caller then writes a whole new card)."""
    item = parse_item("item", original, now)
    if item.contact is None:
        return None
    before = _field_values(item.contact, item.followup)
    after = _field_values(contact, followup)
    changed = [name for name in vcard.FIELDS if before[name] != after[name]]
    extra_lines = split_own_extra(item.contact.extra)[0]
    added_extra = [line for line in split_own_extra(contact.extra)[0] if line not in extra_lines]
    if not changed and not added_extra:
        return original
    units = _physical_units(original)
    texts = [_unfold(unit) for unit in units]
    newline = b"\r\n" if b"\r\n" in original else b"\n"
    version = "3.0"
    for text in texts:
        group, name = vcard.property_name(text)
        if name == "VERSION" and not group:
            version = "4.0" if text.partition(":")[2].strip().startswith("4") else "3.0"
    kept = list(extra_lines)  # extra lines (a multiset): never owned
    owner: list[str | None] = []
    for text in texts:
        group, name = vcard.property_name(text)
        if name in OWN_EXTRA:
            owner.append(FIELD_OF[name])
        elif text in kept:
            kept.remove(text)
            owner.append(None)
        else:
            owner.append(FIELD_OF.get(name))
    # an `itemN.X-ABLabel` line belongs with the other lines of its group
    group_fields: dict[str, set[str | None]] = {}
    for text, field_name in zip(texts, owner, strict=True):
        group, name = vcard.property_name(text)
        if group and name != "X-ABLABEL":
            group_fields.setdefault(group.lower(), set()).add(field_name)
    for index, text in enumerate(texts):
        group, name = vcard.property_name(text)
        if group and name == "X-ABLABEL":
            fields = group_fields.get(group.lower(), set())
            owner[index] = next(iter(fields)) if len(fields) == 1 else None
    end = max((i for i, t in enumerate(texts) if t.strip().upper() == "END:VCARD"), default=-1)
    if end < 0:
        return None
    remaining_groups = [
        vcard.property_name(t)[0]
        for t, o in zip(texts, owner, strict=True)
        if o not in changed and vcard.property_name(t)[0]
    ]
    groups = vcard.Groups(remaining_groups)
    inserts: dict[int, list[bytes]] = {}
    for name in changed:
        lines = vcard.field_lines(contact, name, version, groups, followup)
        encoded = [vcard.fold(line).replace(b"\r\n", newline) for line in lines]
        positions = [i for i, o in enumerate(owner) if o == name]
        inserts.setdefault(positions[0] if positions else end, []).extend(encoded)
    encoded_extra = [vcard.fold(line).replace(b"\r\n", newline) for line in added_extra]
    inserts.setdefault(end, []).extend(encoded_extra)
    out: list[bytes] = []
    for index, unit in enumerate(units):
        out.extend(inserts.get(index, []))
        if owner[index] not in changed:
            out.append(unit)
    return b"".join(out)


def new_item(contact: Contact, followup: date | None, version: str = "3.0") -> bytes:
    return vcard.card(contact, version, followup)
