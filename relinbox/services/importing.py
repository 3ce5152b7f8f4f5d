"""Apply imported contacts to the store: match, classify, write; list possible duplicates.

Matching (see `import_matching`): a contact with the same uid (vCard UID, compared exactly;
or the uid minted for a card without one or for a CSV row), else one whose provenance has the
same (source, key), else for a CSV row whose key moved since the last export the one contact
of that source sharing an e-mail or profile with it. A match is updated by `merging.combine`:
nothing stored is lost, and the import's values win for single fields unless the contact
combines several sources (then it only gains what it lacks). "Unchanged" when that changes
nothing but timestamps; unchanged contacts are not written. Contacts are never merged across
sources here: the same e-mail, LinkedIn profile or folded name only makes a merge candidate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from relinbox.core.models import Contact, FollowUp, utc_now
from relinbox.core.store import Store
from relinbox.interop.build import NO_NAME
from relinbox.interop.keys import email_key, linkedin_key, mint_uid, telling_phone_key
from relinbox.interop.problems import NOTICE, Problem
from relinbox.interop.sources import Parsed, paused_gc, read_source
from relinbox.interop.vcard.mapping import FOLLOWUP_PROPERTY
from relinbox.services.import_matching import match_records, names_of
from relinbox.services.merging import combine, keep_source_values

FOLLOWUP_REASON = "follow-up date from an imported card"


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    merge_candidates: list[dict[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # inputs that could not be read at all

    @property
    def status(self) -> int:
        return 1 if self.refused else 0

    def summary(self) -> str:
        return (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {len(self.problems)} problems"
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "problems": [p.to_doc() for p in self.problems],
            "merge_candidates": self.merge_candidates,
        }


def _comparable(contact: Contact) -> dict[str, Any]:
    doc = contact.to_doc()
    del doc["created_at"], doc["updated_at"]
    doc["provenance"] = [(p["source"], p["key"]) for p in doc["provenance"]]
    return doc


def followup_due(contact: Contact) -> tuple[str, date] | None:
    """The `X-RELINBOX-NEXT-FOLLOWUP:YYYY-MM-DD` line kept in `extra`, and its date."""
    for line in contact.extra:
        head, _, value = line.partition(":")
        if head.split(";", 1)[0].split(".")[-1].strip().upper() == FOLLOWUP_PROPERTY:
            try:
                return line, date.fromisoformat(value.strip())
            except ValueError:
                return None
    return None


def import_paths(
    paths: Sequence[Path],
    store: Store | None,
    *,
    fmt: str = "auto",
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Read every input and apply it; with `dry_run` (or no store) nothing is written."""
    with paused_gc():
        return _import_paths(paths, store, fmt, dry_run, now or utc_now())


def _import_paths(
    paths: Sequence[Path], store: Store | None, fmt: str, dry_run: bool, now: datetime
) -> ImportReport:
    report = ImportReport()
    records: list[Parsed] = []
    for path in paths:
        result = read_source(path, fmt, now)
        report.problems.extend(result.problems)
        report.skipped += result.skipped
        if result.refused:
            report.refused.append(result.file)
        records.extend(result.records)
    existing = store.contacts() if store is not None else []
    plan = plan_import(records, existing, report, now)
    writes: list[Any] = list(plan.contacts)
    writes += followups(plan, store, now)
    if writes and store is not None and not dry_run:
        with store.batch() as batch:
            for record in writes:
                batch.put(record)
    everyone = {c.uid: c for c in existing}
    everyone.update((c.uid, c) for c in plan.contacts)
    report.merge_candidates = merge_candidates(plan.subjects, everyone)
    report.problems = in_file_order(report.problems)
    return report


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """By file (in the order the files were read), then by line: matching adds problems of
    its own ("same contact as …") after every file was read."""
    rank: dict[str, int] = {}
    for problem in problems:
        rank.setdefault(problem.file, len(rank))
    return sorted(problems, key=lambda problem: (rank[problem.file], problem.line))


@dataclass(slots=True)
class Plan:
    contacts: list[Contact] = field(default_factory=list)  # to write (new or updated)
    subjects: list[str] = field(default_factory=list)  # uids of every contact imported
    previous: dict[str, Contact] = field(default_factory=dict)  # stored version of updates


def plan_import(
    records: Sequence[Parsed], existing: list[Contact], report: ImportReport, now: datetime
) -> Plan:
    by_uid = {c.uid: c for c in existing}
    targets = match_records([record.contact for record in records], existing)
    moved = {t.uid: t.moved for t in targets if t.moved}
    incoming: dict[str, tuple[Contact, Parsed]] = {}
    combined: dict[str, int] = defaultdict(int)  # records of this run per target
    for record, found in zip(records, targets, strict=True):
        contact = record.contact
        target = found.uid
        if found.key:  # its usual key is another person's (see `import_matching`)
            contact.provenance[0].key = found.key
        combined[target] += 1
        seen = incoming.get(target)
        if seen is None:
            incoming[target] = (contact, record)
            continue
        first = seen[1]
        report.problems.append(
            Problem(
                record.file,
                record.line,
                NOTICE,
                f"same contact as {first.file}:{first.line} ({target}); the two were combined",
            )
        )
        # Nothing either record says is lost: where they differ, the first wins and the
        # second's value is kept as "<field> (merged)", as a merge does.
        merged = combine(seen[0], contact, other_wins=False, keep_conflicts=True, now=now)
        incoming[target] = (merged, first)
    stamp = now.isoformat()
    plan = Plan()
    for target, (contact, _record) in incoming.items():
        plan.subjects.append(target)
        old = by_uid.get(target)
        if old is None:
            contact.uid = target
            contact.created_at = contact.updated_at = now
            for provenance in contact.provenance:
                provenance.imported_at = stamp
            plan.contacts.append(contact)
            report.imported += 1
            continue
        old_keys = {(p.source, p.key) for p in old.provenance}
        own_card = combined[target] == 1 and _own_card(contact, target, old_keys)
        if own_card:
            # The contact as relinbox exported it (an export, a backup, another store's
            # copy): not another source, and possibly stale, so it only gains what the
            # contact lacks and a value that differs is kept as "<field> (merged)".
            contact.provenance = []
            only_this = False
        else:
            # A contact from this one record takes the export's changes; one that combines
            # several records or sources (a merge) only gains what it lacks, so imports can
            # neither flip it between its sources nor drop what one of them said.
            only_this = combined[target] == 1 and len(old_keys) <= 1 and old_keys <= (
                {(p.source, p.key) for p in contact.provenance} | {moved.get(target)}
            )
        keys = {(p.source, p.key) for p in contact.provenance}
        replaced = moved.get(target)  # the old key of a row whose key moved: the new one wins
        if replaced in keys:
            replaced = None  # it did not move after all
        merged = combine(old, contact, other_wins=only_this, keep_conflicts=own_card, now=now)
        if not (only_this or own_card) and combined[target] == 1 and contact.provenance:
            keep_source_values(merged, contact, contact.provenance[0].source)
        merged.provenance = [p for p in merged.provenance if (p.source, p.key) != replaced]
        if _comparable(merged) == _comparable(old):
            report.unchanged += 1
            continue
        merged.provenance = [
            type(p)(p.source, p.key, stamp) if (p.source, p.key) in keys else p
            for p in merged.provenance
        ]
        plan.contacts.append(merged)
        plan.previous[target] = old
        report.updated += 1
    return plan


def _own_card(contact: Contact, target: str, old_keys: set[tuple[str, str]]) -> bool:
    """A vCard carrying the stored contact's own uid that is not one of its sources: the
    contact as relinbox exported it (an export, a sync's vdir, a backup read back)."""
    return contact.uid == target and all(
        (p.source == "vdir" or (p.source == "vcard" and p.key == target))
        and (p.source, p.key) not in old_keys
        for p in contact.provenance
    ) and bool(contact.provenance)


def followups(plan: Plan, store: Store | None, now: datetime) -> list[FollowUp]:
    """An open follow-up for each card bringing an `X-RELINBOX-NEXT-FOLLOWUP` date the
    contact did not have before, unless one with that date already exists."""
    result = []
    for contact in plan.contacts:
        found = followup_due(contact)
        if found is None:
            continue
        line, due = found
        uid = mint_uid("followup", contact.uid, due.isoformat())
        old = plan.previous.get(contact.uid)
        if old is not None:
            if line in old.extra:
                continue
            if store is not None and any(
                f.uid == uid or f.due == due for f in store.timeline(contact.uid).followups
            ):
                continue
        result.append(
            FollowUp(contact=contact.uid, due=due, reason=FOLLOWUP_REASON, uid=uid, created_at=now)
        )
    return result


def merge_candidates(subjects: list[str], everyone: dict[str, Contact]) -> list[dict[str, str]]:
    """Pairs (one of them among `subjects`) with the same e-mail, LinkedIn profile or name."""
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    keys_of: dict[str, list[tuple[str, str]]] = {}
    for uid, contact in everyone.items():
        keys = _match_keys(contact)
        keys_of[uid] = keys
        for key in keys:
            index[key].append(uid)
    order = {uid: position for position, uid in enumerate(everyone)}
    pairs: dict[tuple[str, str], list[str]] = {}
    for uid in subjects:
        for key in keys_of.get(uid, ()):
            for other in index[key]:
                if other == uid:
                    continue
                pair = (other, uid) if order[other] < order[uid] else (uid, other)
                reasons = pairs.setdefault(pair, [])
                reason = _REASONS[key[0]](key[1])
                if reason not in reasons:
                    reasons.append(reason)
    return [
        {
            "a": a,
            "b": b,
            "a_name": everyone[a].display_name,
            "b_name": everyone[b].display_name,
            "reason": "; ".join(reasons),
        }
        for (a, b), reasons in pairs.items()
    ]


_REASONS = {
    "email": lambda value: f"same e-mail {value}",
    "linkedin": lambda value: f"same LinkedIn profile {value}",
    "name": lambda value: "same name",
    "phone": lambda value: f"same phone number {value}",
}


def _match_keys(contact: Contact) -> list[tuple[str, str]]:
    keys = [("email", email_key(e.value)) for e in contact.emails]
    if contact.linkedin:
        profile = linkedin_key(contact.linkedin)
        if profile:
            keys.append(("linkedin", profile))
    # The display name, and given and family name alone in either order: "Dr. Mary
    # Somerville FRS" is "Mary Somerville" on LinkedIn, "山田 太郎" is "太郎 山田" in Google.
    if contact.display_name != NO_NAME:
        keys += [("name", name) for name in sorted(names_of(contact)) if "@" not in name]
    if not contact.emails and not contact.linkedin:
        # Known by a phone alone (exports from a phone): a renamed entry ("1st DC" to "1st
        # DC Office") meets its old self here. Numbers on contacts with an address are left
        # out: an office switchboard would pair everyone who works there.
        numbers = (telling_phone_key(phone.value) for phone in contact.phones)
        keys += [("phone", number) for number in numbers if number]
    return keys


def import_inputs(
    paths: Sequence[Path], store: Store | None, *, fmt: str = "auto", dry_run: bool = False
) -> ImportReport:
    """`relinbox import`: contact files and folders, and handover bundles from another relinbox.

    A folder holding a handover bundle (see docs/handover.md) brings whole timelines along;
    everything else goes through the contact importers.
    """
    from relinbox.interop.bundle import BundleError, is_bundle, read_bundle
    from relinbox.services.handover import import_bundle

    bundles = [path for path in paths if fmt == "auto" and is_bundle(path)]
    others = [path for path in paths if path not in bundles]
    report = import_paths(others, store, fmt=fmt, dry_run=dry_run) if others else ImportReport()
    for path in bundles:
        try:
            bundle = read_bundle(path)
        except BundleError as error:
            report.refused.append(str(path))
            report.problems.append(Problem(str(path), 1, "error", str(error)))
            continue
        if store is None:  # a dry run before any store exists: count against an empty one
            result_counts = (len(bundle.contacts), 0, 0, 0)
            problems: list[Problem] = []
        else:
            result = import_bundle(store, bundle, dry_run=dry_run)
            result_counts = (result.imported, result.updated, result.unchanged, result.skipped)
            problems = result.problems
        report.imported += result_counts[0]
        report.updated += result_counts[1]
        report.unchanged += result_counts[2]
        report.skipped += result_counts[3]
        report.problems.extend(problems)
    return report
