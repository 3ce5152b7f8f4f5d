"""Today's inbox: what is due, in priority order, within the daily capacity.

`build_inbox` makes one pass over the schedules with integer day numbers, picks the top
`daily_capacity` items with a partial sort, and leaves the rest (the overflow) unsorted until
someone asks for it. Nothing due is ever dropped: `Inbox.more` counts it and `Inbox.overflow`
lists it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from relinbox.core.cadence.dates import PersonalDate, days_ahead_table, next_working_day
from relinbox.core.cadence.schedule import (
    DUE,
    UPCOMING,
    Schedule,
    stage_on,
    status_at,
)
from relinbox.core.cadence.settings import CadenceSettings

DATE = "date"

# the inbox order; `schedule()` builds the keys and documents the order
_SortKey = tuple[int, int, int, int, str, str]


class InboxItem(NamedTuple):
    """One line of the inbox (immutable)."""

    uid: str
    display_name: str
    kind: str  # "cadence", "follow-up" or "date"
    due: date
    status: str  # "upcoming", "due", "overdue", "at-risk", "dormant"
    stage: str  # "building", "nurture", "one-way", "dormant"
    counted_touches: int
    target: int
    reason: str
    overdue_days: int
    tier: str
    suggested_channel: str | None
    followup_uid: str | None = None
    progress: str | None = None  # "4/7" while building
    date_kind: str | None = None  # for kind "date": birthday / anniversary / date
    flags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "display_name": self.display_name,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "status": self.status,
            "stage": self.stage,
            "counted_touches": self.counted_touches,
            "target": self.target,
            "progress": self.progress,
            "reason": self.reason,
            "overdue_days": self.overdue_days,
            "tier": self.tier,
            "suggested_channel": self.suggested_channel,
            "followup_uid": self.followup_uid,
            "date_kind": self.date_kind,
            "flags": list(self.flags),
        }


def item_for(item: Schedule, today: date, *, today_ordinal: int | None = None) -> InboxItem:
    """The inbox line of a schedule's next due (which must exist), as seen on `today`."""
    if item.next_due is None:
        raise ValueError(f"contact {item.uid} has no next due (archived or paused)")
    ordinal = today.toordinal() if today_ordinal is None else today_ordinal
    status, late = status_at(item, ordinal)
    return InboxItem(
        item.uid,
        item.display_name,
        item.kind,
        item.next_due,
        status,
        stage_on(item, today),
        item.counted,
        item.target,
        item.reason,
        late,
        item.tier,
        item.suggested_channel,
        item.followup_uid,
        item.progress,
        None,
        item.flags,
    )


def date_item(item: Schedule, personal: PersonalDate, on: date, today: date) -> InboxItem:
    """The inbox line of a personal date falling `on` (today or within the lead days)."""
    return InboxItem(
        item.uid,
        item.display_name,
        DATE,
        on,
        DUE if on == today else UPCOMING,
        stage_on(item, today),
        item.counted,
        item.target,
        personal.reason(on, today),
        0,
        item.tier,
        item.suggested_channel,
        None,
        item.progress,
        personal.kind,
        item.flags,
    )


def priority_key(item: Schedule, today: date) -> _SortKey:
    """Where a schedule's due item sorts in the inbox of `today` (smaller first)."""
    key = item.dormant_sort_key if today.toordinal() >= item.dormant_ordinal else item.sort_key
    if key is None:
        raise ValueError(f"contact {item.uid} has no next due (archived or paused)")
    return key


class Inbox:
    """The inbox of one day.

    - `items`: up to `daily_capacity` follow-up and cadence items in priority order, then the
      personal-date items (not limited by capacity), soonest first;
    - `more`: how many due follow-up/cadence items did not fit;
    - `overflow`: those items, in priority order (built on first access);
    - `tomorrow`: follow-up/cadence items falling due after today up to the next working day
      (`tomorrow_date`), in priority order.
    """

    __slots__ = (
        "_due_keys",
        "_due_schedules",
        "_overflow",
        "date",
        "items",
        "more",
        "tomorrow",
        "tomorrow_date",
    )

    def __init__(
        self,
        day: date,
        items: tuple[InboxItem, ...],
        tomorrow: tuple[InboxItem, ...],
        tomorrow_date: date,
        *,
        more: int = 0,
        due_keys: list[_SortKey] | None = None,
        due_schedules: list[Schedule] | None = None,
    ) -> None:
        self.date = day
        self.items = items
        self.more = more
        self.tomorrow = tomorrow
        self.tomorrow_date = tomorrow_date
        self._due_keys = due_keys or []
        self._due_schedules = due_schedules or []
        self._overflow: tuple[InboxItem, ...] | None = None

    @property
    def overflow(self) -> tuple[InboxItem, ...]:
        """The due items beyond the daily capacity, in priority order."""
        if self._overflow is None:
            if self.more:
                keys = self._due_keys
                order = sorted(range(len(keys)), key=keys.__getitem__)
                ordinal = self.date.toordinal()
                schedules = self._due_schedules
                self._overflow = tuple(
                    item_for(schedules[i], self.date, today_ordinal=ordinal)
                    for i in order[len(order) - self.more :]
                )
            else:
                self._overflow = ()
        return self._overflow

    @property
    def capped(self) -> tuple[InboxItem, ...]:
        """The follow-up and cadence items shown today (without date items)."""
        return tuple(item for item in self.items if item.kind != DATE)

    @property
    def dates(self) -> tuple[InboxItem, ...]:
        """The personal-date items."""
        return tuple(item for item in self.items if item.kind == DATE)

    def all_due(self) -> tuple[InboxItem, ...]:
        """Every due follow-up and cadence item: the shown ones, then the overflow."""
        return self.capped + self.overflow

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "items": [item.to_json() for item in self.items],
            "more": self.more,
            "tomorrow": {
                "date": self.tomorrow_date.isoformat(),
                "items": [item.to_json() for item in self.tomorrow],
            },
        }


def build_inbox(schedules: Iterable[Schedule], today: date, settings: CadenceSettings) -> Inbox:
    """The inbox for `today`. `settings` supply the capacity and the working days."""
    t = today.toordinal()
    tomorrow_date = next_working_day(today, settings)
    horizon = tomorrow_date.toordinal()
    get_ahead = days_ahead_table(today).get
    # parallel lists: appending existing objects allocates nothing per due item
    due_keys: list[_SortKey] = []
    due_schedules: list[Schedule] = []
    add_key = due_keys.append
    add_schedule = due_schedules.append
    soon: list[Schedule] = []
    date_hits: list[tuple[int, str, str, Schedule, PersonalDate]] = []
    for s in schedules:
        o = s.due_ordinal
        if o is not None:
            if o <= t:
                add_key(s.dormant_sort_key if t >= s.dormant_ordinal else s.sort_key)
                add_schedule(s)
            elif o <= horizon:
                soon.append(s)
        keys = s.date_keys
        if keys:
            for lookup in keys:
                ahead = get_ahead(lookup)
                if ahead is not None and ahead <= s.date_lead_days:
                    personal = s.dates[keys.index(lookup)]
                    date_hits.append((ahead, s.display_name.casefold(), s.uid, s, personal))

    capacity = settings.daily_capacity
    indices = range(len(due_keys))
    if len(due_keys) > capacity:
        top = heapq.nsmallest(capacity, indices, key=due_keys.__getitem__)
    else:
        top = sorted(indices, key=due_keys.__getitem__)
    shown = [item_for(due_schedules[i], today, today_ordinal=t) for i in top]
    date_hits.sort(key=lambda hit: hit[:3])
    shown.extend(
        date_item(s, personal, date.fromordinal(t + ahead), today)
        for ahead, _, _, s, personal in date_hits
    )
    soon.sort(key=lambda s: priority_key(s, today))
    tomorrow = tuple(item_for(s, today, today_ordinal=t) for s in soon)
    return Inbox(
        today,
        tuple(shown),
        tomorrow,
        tomorrow_date,
        more=len(due_keys) - len(top),
        due_keys=due_keys,
        due_schedules=due_schedules,
    )


def due_items(schedules: Iterable[Schedule], today: date) -> list[InboxItem]:
    """Every follow-up and cadence item due on or before `today`, in priority order, with no
    capacity limit (for `list --due` and the like)."""
    t = today.toordinal()
    due = [s for s in schedules if s.due_ordinal is not None and s.due_ordinal <= t]
    due.sort(key=lambda s: priority_key(s, today))
    return [item_for(s, today, today_ordinal=t) for s in due]
