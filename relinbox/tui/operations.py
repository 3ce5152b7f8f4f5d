"""What the app's keys do to the store: thin calls into `services.actions`, run in workers.

Each function takes the session (`AppData`) and returns the service's `ActionResult`; the
session remembers it for `u` (undo).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from relinbox.core.models import Channel, Contact, ContactPoint, Direction, Exchange, Outcome, Tier
from relinbox.core.store import TimelineRecord
from relinbox.services import actions
from relinbox.services.actions import ActionResult
from relinbox.services.errors import UserError
from relinbox.tui.data import AppData

if TYPE_CHECKING:
    from relinbox.tui.screens.contact_form import ContactFields
    from relinbox.tui.screens.forms import TouchForm


def _contact(data: AppData, uid: str) -> Contact:
    contact = data.contact(uid)
    if contact is None:
        raise UserError("that contact has just been removed")
    return contact


def _plan(data: AppData, uid: str):
    plan = data.schedule(uid)
    if plan is None:
        raise UserError("that contact has just been removed")
    return plan


def done(data: AppData, uid: str) -> ActionResult:
    plan = _plan(data, uid)
    return data.apply(
        lambda store: actions.complete(store, plan, today=data.today(), now=data.now())
    )


def snooze(data: AppData, uid: str, until: date) -> ActionResult:
    plan = _plan(data, uid)
    return data.apply(lambda store: actions.snooze(store, plan, until, now=data.now()))


def _answered(store, data: AppData, uid: str, outcome: Outcome):
    """The due follow-up a connected touch answers (attempts leave it open)."""
    if outcome is not Outcome.CONNECTED:
        return None
    plan = data.planner.schedule_for(store, uid)
    return None if plan is None else actions.due_followup(store, plan, data.today())


def log(data: AppData, uid: str, form: TouchForm) -> ActionResult:
    """Log a touch; a connected one closes the follow-up that is due, as `done` does."""
    contact = _contact(data, uid)
    now = data.now()
    return data.apply(
        lambda store: actions.log_touch(
            store,
            contact,
            form.channel,
            when=form.when or now,
            now=now,
            direction=form.direction,
            outcome=form.outcome,
            note=form.note,
            exchange=form.exchange,
            followups=[form.followup] if form.followup else [],
            close=_answered(store, data, uid, form.outcome),
        )
    )


def follow_up(data: AppData, uid: str, due: date, reason: str) -> ActionResult:
    contact = _contact(data, uid)
    return data.apply(
        lambda store: actions.set_followup(store, contact, due, reason, now=data.now())
    )


def note(data: AppData, uid: str, text: str, pinned: bool) -> ActionResult:
    contact = _contact(data, uid)
    return data.apply(
        lambda store: actions.add_note(store, contact, text, now=data.now(), pinned=pinned)
    )


def log_call(
    data: AppData,
    uid: str,
    *,
    seconds: int,
    note_text: str,
    outcome: Outcome,
    direction: Direction,
    exchange: Exchange | None,
    followups: Sequence[tuple[date, str]],
) -> ActionResult:
    contact = _contact(data, uid)
    now = data.now()
    return data.apply(
        lambda store: actions.log_touch(
            store,
            contact,
            Channel.CALL,
            when=now,
            now=now,
            direction=direction,
            outcome=outcome,
            note=note_text,
            seconds=seconds,
            exchange=exchange,
            followups=followups,
            close=_answered(store, data, uid, outcome),
        )
    )


def add_contact(data: AppData, fields: ContactFields) -> ActionResult:
    now = data.now()
    return data.apply(
        lambda store: actions.add_contact(
            store,
            fields.name,
            now=now,
            emails=fields.emails,
            phones=fields.phones,
            tags=fields.tags,
            tier=fields.tier,
            birthday=fields.birthday,
            org=fields.org,
            title=fields.title,
            timezone=fields.timezone,
        )
    )


def edit_contact(data: AppData, uid: str, fields: ContactFields) -> ActionResult:
    before = _contact(data, uid)
    after = with_fields(before, fields)
    return data.apply(
        lambda store: actions.update_contact(store, before, after, now=data.now())
    )


def with_fields(contact: Contact, fields: ContactFields) -> Contact:
    """The contact with the form's values; labels of unchanged e-mails and phones are kept."""
    name = contact.name
    if fields.name != contact.display_name:
        given, _, family = fields.name.rpartition(" ")
        name = dataclasses.replace(name, given=given or family, family=family if given else "")
    return dataclasses.replace(
        contact,
        display_name=fields.name,
        name=name,
        org=dataclasses.replace(contact.org, name=fields.org, title=fields.title),
        emails=_points(contact.emails, fields.emails),
        phones=_points(contact.phones, fields.phones),
        tags=list(fields.tags),
        tier=Tier(fields.tier),
        birthday=fields.birthday,
        timezone=fields.timezone,
    )


def _points(old: list[ContactPoint], values: Sequence[str]) -> list[ContactPoint]:
    by_value = {point.value: point for point in old}
    points = []
    for index, value in enumerate(values):
        kept = by_value.get(value)
        label = kept.label if kept else ""
        points.append(ContactPoint(value, label, primary=index == 0))
    return points


def remove_entry(data: AppData, entry: TimelineRecord) -> ActionResult:
    return data.apply(lambda store: actions.remove_entry(store, entry))


def move_entry(data: AppData, entry: TimelineRecord, uid: str) -> ActionResult:
    contact = _contact(data, uid)
    return data.apply(lambda store: actions.move_entry(store, entry, contact))
