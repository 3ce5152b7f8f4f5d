"""Succession handover: briefs a successor can read, and a bundle their relinbox imports.

`relinbox handover -o DIR` writes, for the chosen contacts:

- `DIR/<slug>.md`: one readable brief per contact (who they are, where the relationship
  stands, promises, the details that build trust, the last touches);
- `DIR/README.md`: an index of the briefs;
- `DIR/relinbox-bundle.json`: the contacts with their whole timelines (`interop.bundle`).

`import_bundle` applies a bundle to a store, keeping every uid, so importing the same bundle
again changes nothing. docs/handover.md describes both sides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from relinbox.core.models import (
    Contact,
)
from relinbox.core.store import Store, Timeline
from relinbox.core.store.files import atomic_write, make_private_dir
from relinbox.core.text import fold
from relinbox.interop.bundle import BUNDLE_FILE, make_bundle
from relinbox.services.calendar import stage_text
from relinbox.services.contacts import resolve_contact
from relinbox.services.errors import UserError
from relinbox.services.handover_brief import (
    IndexRow,
    personal_date,
    render_brief,
    render_index,
)
from relinbox.services.handover_import import BundleResult, import_bundle
from relinbox.services.planner import Planner

INDEX_FILE = "README.md"
SLUG_LENGTH = 60
_RESERVED_SLUGS = frozenset({"readme", "relinbox-bundle"})


# --- choosing contacts ----------------------------------------------------------------------


def select_contacts(
    store: Store, *, tags: Sequence[str] = (), queries: Sequence[str] = ()
) -> list[Contact]:
    """The contacts to hand over, by name.

    `queries` are CONTACT queries (uid, name, e-mail, prefix), each resolved to exactly one
    contact, archived ones included; else `tags` pick the non-archived contacts carrying any
    of them (case-insensitive); with neither, every non-archived contact.
    """
    if queries:
        chosen = {c.uid: c for c in (resolve_contact(store, q) for q in queries)}
        contacts = list(chosen.values())
    else:
        contacts = [c for c in store.contacts() if not c.archived]
        if tags:
            wanted = {tag.strip().casefold() for tag in tags}
            contacts = [c for c in contacts if wanted & {t.casefold() for t in c.tags}]
            if not contacts:
                named = ", ".join(repr(t) for t in tags)
                raise UserError(f"no active contact is tagged {named} (try `relinbox list`)")
    if not contacts:
        raise UserError("there is no contact to hand over")
    return sorted(contacts, key=lambda c: (fold(c.display_name), c.uid))


# --- writing a handover --------------------------------------------------------------------


@dataclass(slots=True)
class HandoverResult:
    folder: Path
    briefs: list[Path]
    index: Path
    bundle: Path
    contacts: int

    def summary(self) -> str:
        people = f"{self.contacts} contact{'s' if self.contacts != 1 else ''}"
        return (
            f"handed over {people} to {self.folder}: {len(self.briefs)} briefs, "
            f"{INDEX_FILE}, {BUNDLE_FILE}"
        )


def write_handover(
    store: Store,
    planner: Planner,
    contacts: Sequence[Contact],
    folder: Path,
    *,
    today: date,
    now: datetime,
) -> HandoverResult:
    """Write the briefs, the index and the bundle of `contacts` into `folder`.

    `folder` must be new or empty, so a handover never mixes with older files. Each file is
    written atomically and readable by the owner only, like the store; the bundle comes last.
    """
    folder = Path(folder).expanduser()
    if folder.exists():
        if not folder.is_dir():
            raise UserError(f"{folder} is a file; give a new or empty folder")
        if any(folder.iterdir()):
            raise UserError(f"{folder} is not empty; give a new or empty folder")
    make_private_dir(folder)
    tz = planner.clock.tz
    timelines: dict[str, Timeline] = {}
    rows: list[IndexRow] = []
    briefs: list[Path] = []
    for contact, stem in zip(contacts, unique_slugs(contacts), strict=True):
        plan = planner.schedule_for(store, contact.uid)
        if plan is None:
            raise UserError(
                f"{contact.display_name} has no digest; run `relinbox doctor --repair`"
            )
        timeline = store.timeline(contact.uid)
        timelines[contact.uid] = timeline
        path = folder / f"{stem}.md"
        text = render_brief(contact, plan, timeline, today=today, now=now, tz=tz)
        atomic_write(path, text.encode("utf-8"))
        briefs.append(path)
        stage = stage_text(plan, today)
        rows.append(IndexRow(contact.display_name, stage, plan.next_due, path.name))
    index = folder / INDEX_FILE
    atomic_write(index, render_index(rows, now=now, tz=tz).encode("utf-8"))
    bundle = make_bundle(contacts, timelines, exported_at=now)
    bundle_path = folder / BUNDLE_FILE
    atomic_write(bundle_path, bundle.to_bytes())
    return HandoverResult(folder, briefs, index, bundle_path, len(contacts))


def slug(name: str) -> str:
    """A file name stem for a person: "Zoë Ålund" -> "zoe-alund"; letters of any script stay."""
    text = re.sub(r"[\W_]+", "-", fold(name)).strip("-")
    return text[:SLUG_LENGTH].rstrip("-") or "contact"


def unique_slugs(contacts: Sequence[Contact]) -> list[str]:
    """One slug per contact, distinct even on case-insensitive file systems: a repeated name
    gets the start of the uid appended."""
    taken = set(_RESERVED_SLUGS)
    result = []
    for contact in contacts:
        base = slug(contact.display_name)
        safe_uid = re.sub(r"[\W_]+", "-", contact.uid.casefold()).strip("-") or "x"
        for candidate in (base, f"{base}-{safe_uid[:8]}", f"{base}-{safe_uid}"):
            if candidate.casefold() not in taken:
                break
        else:
            number = 2
            while f"{base}-{safe_uid}-{number}" in taken:
                number += 1
            candidate = f"{base}-{safe_uid}-{number}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


__all__ = [  # the brief and the bundle import have their own modules; these stay importable here
    "BundleResult",
    "HandoverResult",
    "import_bundle",
    "personal_date",
    "render_brief",
    "render_index",
    "select_contacts",
    "slug",
    "unique_slugs",
    "write_handover",
]
