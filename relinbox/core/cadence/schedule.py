"""One contact's cadence: stage, next due date and why, computed from its `Digest` alone.

`schedule()` does not depend on today's date, so a `Schedule` can be kept until the digest or
the settings change; `contact_status()` and `stage_on()` then place it relative to a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Any, NamedTuple

from relinbox.core.cadence.dates import (
    LookupKey,
    PersonalDate,
    parse_dates_with_keys,
    roll_to_working_day,
)
from relinbox.core.cadence.settings import CadenceSettings
from relinbox.core.digest import Digest

BUILDING = "building"
NURTURE = "nurture"
ONE_WAY = "one-way"
DORMANT = "dormant"
ARCHIVED = "archived"

CADENCE = "cadence"
FOLLOW_UP = "follow-up"

UPCOMING = "upcoming"
DUE = "due"
OVERDUE = "overdue"
AT_RISK = "at-risk"
PAUSED = "paused"

# Flags a schedule may carry.
FLAG_NEVER_TOUCHED = "never-touched"
FLAG_ONE_WAY = "one-way"
FLAG_ASKS = "asks>gives"
FLAG_SNOOZED = "snoozed"
FLAG_PAUSED = "paused"
FLAG_ARCHIVED = "archived"

TIER_RANK = {"A": 0, "B": 1, "C": 2}

# A never-touched contact without a creation time (damaged data) is due from here.
UNKNOWN_CREATED = date(1970, 1, 1)

_CALL_CHANNELS = frozenset({"call", "message"})


class ScheduleError(ValueError):
    """A digest holds a value the cadence cannot read; the message names contact and field."""


class Schedule(NamedTuple):
    """A contact's cadence, independent of today's date.

    Immutable. A NamedTuple rather than a frozen dataclass because building 10,000 of them is on
    the start-up path and a frozen dataclass costs ten times as much to construct.
    """

    uid: str
    display_name: str
    tier: str
    stage: str  # base stage: building / nurture / one-way (see stage_on for dormant, archived)
    counted: int  # counted touches so far
    target: int  # building target: 7, or 9 while building past 7 without reciprocity
    next_due: date | None  # None only when archived or paused
    kind: str  # "cadence" or "follow-up"
    reason: str
    followup_uid: str | None
    interval_days: int  # the interval that scheduled the cadence due (for at-risk)
    cadence_due: date | None  # what the cadence alone says (ignores follow-ups)
    last_counted_on: date | None
    dormant_after: date  # dormant from this day on without a counted touch
    suggested_channel: str | None
    inbound: int
    outbound: int
    gives: int
    asks: int
    flags: tuple[str, ...]
    dates: tuple[PersonalDate, ...]
    archived: bool
    paused: bool
    # precomputed for the inbox (plain ints compare faster than dates)
    due_ordinal: int | None
    dormant_ordinal: int
    at_risk_days: int  # at risk when overdue by more days than this
    date_lead_days: int
    # personal-date look-up keys, aligned with `dates`: (month, day) for a recurring date, the
    # day's ordinal for a one-off; empty when archived (archived contacts get no date items)
    date_keys: tuple[LookupKey, ...]
    # inbox priority while active and once dormant (see inbox.priority_key); None without due
    sort_key: tuple[int, int, int, int, str, str] | None
    dormant_sort_key: tuple[int, int, int, int, str, str] | None

    @property
    def progress(self) -> str | None:
        """"4/7" while building, None otherwise."""
        return f"{self.counted}/{self.target}" if self.stage == BUILDING else None

    @property
    def snoozed(self) -> bool:
        return FLAG_SNOOZED in self.flags

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "display_name": self.display_name,
            "tier": self.tier,
            "stage": self.stage,
            "counted_touches": self.counted,
            "target": self.target,
            "progress": self.progress,
            "next_due": _iso(self.next_due),
            "kind": self.kind,
            "reason": self.reason,
            "followup_uid": self.followup_uid,
            "interval_days": self.interval_days,
            "cadence_due": _iso(self.cadence_due),
            "last_counted_on": _iso(self.last_counted_on),
            "dormant_after": self.dormant_after.isoformat(),
            "suggested_channel": self.suggested_channel,
            "inbound": self.inbound,
            "outbound": self.outbound,
            "gives": self.gives,
            "asks": self.asks,
            "flags": list(self.flags),
            "dates": [d.to_json() for d in self.dates],
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def base_stage(counted: int, inbound: int, settings: CadenceSettings) -> tuple[str, int]:
    """(stage, target) from the counts alone, so the stage never depends on history's order."""
    target = settings.building_target
    if counted < target:
        return BUILDING, target
    if inbound >= settings.reciprocity_inbound:
        return NURTURE, target
    if counted < settings.building_max:
        return BUILDING, settings.building_max
    return ONE_WAY, settings.building_max


def suggest_channel(
    recent: list[str] | tuple[str, ...],
    has_phone: bool,
    has_email: bool,
    preference: tuple[str, ...],
) -> str | None:
    """The first preferred channel not used by the last touches and possible for the contact;
    else the first possible one; None when none is possible."""
    fallback = None
    for channel in preference:
        if channel in _CALL_CHANNELS and not has_phone:
            continue
        if channel == "email" and not has_email:
            continue
        if channel not in recent:
            return channel
        if fallback is None:
            fallback = channel
    return fallback


def schedule(digest: Digest, settings: CadenceSettings, tz: tzinfo) -> Schedule:
    """The cadence of one contact. `settings` are the global ones (with tier tables); the
    contact's tier and overrides are applied here. Dates are calendar days in `tz`."""
    uid = digest.uid
    tier = digest.tier
    eff = settings.for_contact(tier, digest.cadence)
    counted = digest.counted
    inbound = digest.inbound
    stage, target = base_stage(counted, inbound, eff)
    field_name = "last_counted_at"
    last = digest.last_counted_at
    last_on: date | None = None
    created_ord = 0
    try:
        if counted and last:
            last_on = datetime.fromisoformat(last).astimezone(tz).date()
        elif digest.created_at:
            field_name = "created_at"
            created_ord = (
                datetime.fromisoformat(digest.created_at).astimezone(tz).date().toordinal()
            )
        else:
            created_ord = UNKNOWN_CREATED.toordinal()
    except (ValueError, TypeError):
        raise ScheduleError(
            f"contact {uid}: digest {field_name} is {getattr(digest, field_name)!r}, "
            "not an ISO 8601 date-time"
        ) from None

    interval = eff.interval_days
    flags: list[str] = []
    if last_on is None:  # never touched (or, in damaged data, no time for the last touch)
        if not counted:
            flags.append(FLAG_NEVER_TOUCHED)
        gap = interval  # at-risk measure for a never-touched contact: the tier interval
        base_ord = created_ord
        due_ord = roll_to_working_day(base_ord, eff)
        reason = "first touch (new contact)" if not counted else f"building {counted}/{target}"
    else:
        base_ord = last_on.toordinal()
        if stage == BUILDING:
            gap = eff.gap_after(counted)
            reason = f"building {counted}/{target}"
            if target > eff.building_target:
                reason += f" (inbound {inbound}/{eff.reciprocity_inbound})"
        elif stage == NURTURE:
            gap = interval
            reason = f"nurture: every {interval} days"
        else:
            gap = eff.one_way_checkin_days
            flags.append(FLAG_ONE_WAY)
            reason = f"one-way: quiet check-in every {gap} days"
        # a touch logged late (backdated) is never due before the day after it was logged
        due_ord = base_ord + gap
        logged = digest.last_counted_logged_at
        if logged and not (
            # logged within a day of the touch (same date and offset in the text): its local
            # day is at most one after the touch's, so with a gap of 2+ it cannot matter
            gap > 1
            and last is not None
            and logged[:10] == last[:10]
            and logged[-6:] == last[-6:]
        ):
            try:
                logged_ord = datetime.fromisoformat(logged).astimezone(tz).date().toordinal()
            except (ValueError, TypeError):
                raise ScheduleError(
                    f"contact {uid}: digest last_counted_logged_at is {logged!r}, "
                    "not an ISO 8601 date-time"
                ) from None
            if logged_ord + 1 > due_ord:
                due_ord = logged_ord + 1
        due_ord = roll_to_working_day(due_ord, eff)

    if digest.asks > digest.gives:
        flags.append(FLAG_ASKS)
    archived = digest.archived
    paused = eff.paused
    kind = CADENCE
    followup_uid = None
    cadence_ord: int | None = due_ord
    if digest.snoozed_until:  # a cadence snooze (follow-up snoozes are in their due dates)
        try:
            cadence_ord = date.fromisoformat(digest.snoozed_until).toordinal()
        except (ValueError, TypeError):
            raise ScheduleError(
                f"contact {uid}: digest snoozed_until is {digest.snoozed_until!r}, "
                "not a YYYY-MM-DD date"
            ) from None
        flags.append(FLAG_SNOOZED)
        reason = f"{reason} (snoozed)"
    next_ord: int | None = cadence_ord
    if archived or paused:
        flags.append(FLAG_ARCHIVED if archived else FLAG_PAUSED)
        next_ord = cadence_ord = None
        reason = ARCHIVED if archived else PAUSED
    elif digest.followups:
        rows = digest.followups
        row = rows[0] if len(rows) == 1 else min(rows, key=lambda r: (r[1], r[0]))
        try:
            next_ord = date.fromisoformat(row[1]).toordinal()
        except (ValueError, TypeError, IndexError):
            raise ScheduleError(f"contact {uid}: follow-up has a bad due date {row!r}") from None
        kind = FOLLOW_UP
        followup_uid = row[0]
        reason = (row[2] if len(row) > 2 else "") or "follow-up"

    dormant_ord = base_ord + eff.dormant_intervals * interval
    if digest.dates:
        dates, date_keys = parse_dates_with_keys(digest.dates)
        if archived:
            date_keys = ()
    else:
        dates = date_keys = ()
    name = digest.display_name
    sort_key = dormant_key = None
    next_due = cadence_due = None
    if next_ord is not None:
        # Inbox priority, smaller first: explicit follow-ups first, by due date, then tier;
        # then cadence items by tier (A, B, C), dormant contacts after the others within a
        # tier, the most overdue (earliest due) first; then name; the uid makes it total.
        next_due = date.fromordinal(next_ord)
        rank = TIER_RANK.get(tier, 3)
        sort_name = name.casefold()
        if kind == CADENCE:
            sort_key = (1, rank, 0, next_ord, sort_name, uid)
            dormant_key = (1, rank, 1, next_ord, sort_name, uid)
        else:
            sort_key = dormant_key = (0, next_ord, rank, 0, sort_name, uid)
    if cadence_ord is not None:
        cadence_due = next_due if cadence_ord == next_ord else date.fromordinal(cadence_ord)
    return Schedule(
        uid,
        name,
        tier,
        stage,
        counted,
        target,
        next_due,
        kind,
        reason,
        followup_uid,
        gap,
        cadence_due,
        last_on,
        date.fromordinal(dormant_ord),
        suggest_channel(
            digest.recent_channels, digest.has_phone, digest.has_email, eff.channel_preference
        ),
        inbound,
        digest.outbound,
        digest.gives,
        digest.asks,
        tuple(flags),
        dates,
        archived,
        paused,
        next_ord,
        dormant_ord,
        int(eff.at_risk_fraction * gap),  # floor: both are positive
        eff.date_lead_days,
        date_keys,
        sort_key,
        dormant_key,
    )


def schedule_all(
    digests: Iterable[Digest], settings: CadenceSettings, tz: tzinfo
) -> list[Schedule]:
    """`schedule()` for many digests."""
    return [schedule(digest, settings, tz) for digest in digests]


def status_at(item: Schedule, today_ordinal: int) -> tuple[str, int]:
    """`contact_status` on an ordinal; the inbox calls this in its loop."""
    due = item.due_ordinal
    if due is None:
        return (ARCHIVED if item.archived else PAUSED), 0
    late = today_ordinal - due
    if late < 0:
        return UPCOMING, 0
    if item.kind == CADENCE and today_ordinal >= item.dormant_ordinal:
        return DORMANT, late
    if late == 0:
        return DUE, 0
    return (AT_RISK if late > item.at_risk_days else OVERDUE), late


def contact_status(item: Schedule, today: date) -> tuple[str, int]:
    """(status, overdue_days) relative to `today`.

    status is "upcoming", "due", "overdue", "at-risk" or "dormant"; "archived" or "paused" for
    a contact with no next due. overdue_days counts calendar days (0 unless late).
    """
    return status_at(item, today.toordinal())


def stage_on(item: Schedule, today: date) -> str:
    """"building", "nurture", "one-way", "dormant" or "archived" as of `today`."""
    if item.archived:
        return ARCHIVED
    if today.toordinal() >= item.dormant_ordinal:
        return DORMANT
    return item.stage
