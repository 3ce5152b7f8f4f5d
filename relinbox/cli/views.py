"""Read-only views for the shell: today, show, list."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import Any

from relinbox.cli.context import CliContext, UserError
from relinbox.core.cadence import (
    AT_RISK,
    DATE,
    DORMANT,
    OVERDUE,
    STAGES,
    Inbox,
    InboxItem,
    Schedule,
    contact_status,
    stage_on,
)
from relinbox.core.models import Contact, Direction
from relinbox.core.store import Timeline
from relinbox.core.text import pad_to_cells

NAME_WIDTH = 24


def register(commands: argparse._SubParsersAction) -> None:
    today = commands.add_parser("today", help="today's inbox")
    today.add_argument("--json", action="store_true")
    today.add_argument("--all", action="store_true", help="also list what is over capacity")
    today.set_defaults(handler=cmd_today)

    show = commands.add_parser("show", help="a contact's card, stage and timeline")
    show.add_argument("contact")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    listing = commands.add_parser("list", help="contacts, with stage and next due")
    listing.add_argument("--tag", metavar="T")
    listing.add_argument("--stage", choices=STAGES, metavar="S", help=", ".join(STAGES))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)


# --- today ------------------------------------------------------------------------------


def cmd_today(args: argparse.Namespace, ctx: CliContext) -> int:
    inbox = ctx.planner.inbox(ctx.store)
    if args.json:
        data = inbox.to_json()
        if args.all:
            data["overflow"] = [item.to_json() for item in inbox.overflow]
        _print_json(ctx, data)
        return 0
    for line in render_inbox(inbox, show_all=args.all):
        ctx.print(line)
    return 0


def render_inbox(inbox: Inbox, *, show_all: bool = False) -> list[str]:
    day = inbox.date
    cadence = [i for i in inbox.items if i.kind != DATE]
    dates = [i for i in inbox.items if i.kind == DATE]
    header = f"{day:%A %d %B %Y} · {len(cadence)} due"
    if inbox.more:
        header += f" · {inbox.more} more waiting"
    lines = [header]
    if not cadence and not dates:
        lines += ["", "Inbox zero. Nothing is due today."]
        if inbox.tomorrow:
            names = ", ".join(i.display_name for i in inbox.tomorrow[:5])
            lines.append(f"Next ({inbox.tomorrow_date:%a %d %b}): {names}")
        return lines
    late = [i for i in cadence if i.overdue_days > 0]
    on_time = [i for i in cadence if i.overdue_days <= 0]
    for title, items in (("Overdue", late), ("Today", on_time), ("Dates", dates)):
        if items:
            lines += ["", title]
            lines += [f"  {render_item(item, day)}" for item in items]
    if inbox.more:
        if show_all:
            lines += ["", "Also due (over today's capacity)"]
            lines += [f"  {render_item(item, day)}" for item in inbox.overflow]
        else:
            lines += ["", f"…and {inbox.more} more (relinbox today --all)"]
    return lines


def render_item(item: InboxItem, today: date) -> str:
    name = pad_to_cells(item.display_name, NAME_WIDTH)
    if item.kind == DATE:
        return f"{name}  {item.reason}"
    what = "follow-up" if item.kind == "follow-up" else item.stage
    if item.progress:
        what += f" {item.progress}"
    when = _lateness(item)
    channel = f"· {item.suggested_channel}" if item.suggested_channel else ""
    reason = f"  {item.reason}" if item.reason else ""
    return f"{name}  {what:<14} {when:<18} {channel}{reason}".rstrip()


def _lateness(item: InboxItem) -> str:
    if item.overdue_days <= 0:
        return "due today"
    days = f"{item.overdue_days} day{'s' if item.overdue_days != 1 else ''}"
    label = {AT_RISK: "at risk", DORMANT: "dormant", OVERDUE: "overdue"}.get(item.status, "late")
    return f"{label}, {days}"


# --- show -------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace, ctx: CliContext) -> int:
    contact = ctx.resolve(args.contact)
    plan = ctx.planner.schedule_for(ctx.store, contact.uid)
    timeline = ctx.store.timeline(contact.uid)
    today = ctx.today()
    if plan is None:
        raise UserError(f"{contact.display_name} has no digest; run `relinbox doctor --repair`")
    if args.json:
        _print_json(ctx, show_json(contact, plan, timeline, today))
        return 0
    for line in render_card(contact, plan, timeline, today):
        ctx.print(line)
    return 0


def show_json(contact: Contact, plan: Schedule, timeline: Timeline, today: date) -> dict[str, Any]:
    status, overdue = contact_status(plan, today)
    return {
        **contact.to_doc(),
        "stage": stage_on(plan, today),
        "counted_touches": plan.counted,
        "target": plan.target,
        "progress": plan.progress,
        "next_due": plan.next_due.isoformat() if plan.next_due else None,
        "next_kind": plan.kind,
        "reason": plan.reason,
        "status": status,
        "overdue_days": overdue,
        "suggested_channel": plan.suggested_channel,
        "inbound": plan.inbound,
        "outbound": plan.outbound,
        "gives": plan.gives,
        "asks": plan.asks,
        "flags": list(plan.flags),
        "pinned_notes": [n.to_doc() for n in timeline.notes if n.pinned],
        "followups": [f.to_doc() for f in timeline.followups if f.is_open],
        "timeline": timeline_events(timeline),
    }


def timeline_events(timeline: Timeline) -> list[dict[str, Any]]:
    """Touches, notes, follow-ups and snoozes as one list, newest first."""
    events: list[tuple[datetime, dict[str, Any]]] = []
    for touch in timeline.touches:
        doc = touch.to_doc()
        doc["type"] = "touch" if touch.counted else "attempt"
        events.append((touch.when, doc))
    for note in timeline.notes:
        events.append((note.created_at, {"type": "note", **note.to_doc()}))
    for followup in timeline.followups:
        events.append((followup.created_at, {"type": "follow-up", **followup.to_doc()}))
    for snooze in timeline.snoozes:
        events.append((snooze.snooze.at, {"type": "snooze", **snooze.to_doc()}))
    events.sort(key=lambda pair: pair[0], reverse=True)
    return [doc for _, doc in events]


def render_card(contact: Contact, plan: Schedule, timeline: Timeline, today: date) -> list[str]:
    stage = stage_on(plan, today)
    progress = f" {plan.progress}" if plan.progress else f" ({plan.counted} touches)"
    lines = [contact.display_name]
    org = " · ".join(p for p in (contact.org.title, contact.org.name) if p)
    if org:
        lines.append(org)
    lines.append(f"tier {contact.tier.value} · {stage}{progress}")
    if plan.next_due:
        status, overdue = contact_status(plan, today)
        late = f", {status} by {overdue} days" if overdue > 0 else ""
        why = f": {plan.reason}" if plan.reason else ""
        lines.append(f"next: {plan.next_due:%a %d %b %Y} ({plan.kind}{why}){late}")
    lines.append(
        f"reciprocity: {plan.inbound} in / {plan.outbound} out · "
        f"{plan.gives} gives / {plan.asks} asks"
        + ("  ⚠ asking more than giving" if plan.asks > plan.gives else "")
    )
    for point in contact.emails + contact.phones:
        label = f" ({point.label})" if point.label else ""
        lines.append(f"  {point.value}{label}{' *' if point.primary else ''}")
    if contact.birthday:
        lines.append(f"  birthday {contact.birthday}")
    for important in contact.important_dates:
        lines.append(f"  {important.label}: {important.date}")
    for note in (n for n in timeline.notes if n.pinned):
        lines.append(f"  📌 {note.text}")
    for followup in (f for f in timeline.followups if f.is_open):
        lines.append(f"  ☐ {followup.due:%a %d %b}: {followup.reason or 'follow up'}")
    events = timeline_events(timeline)
    if events:
        lines += ["", "Timeline"]
    for event in events[:30]:
        lines.append(f"  {_render_event(event)}")
    if len(events) > 30:
        lines.append(f"  …{len(events) - 30} older (relinbox show --json)")
    return lines


def _render_event(event: dict[str, Any]) -> str:
    kind = event["type"]
    if kind in ("touch", "attempt"):
        when = datetime.fromisoformat(event["when"])
        arrow = "←" if event["direction"] == Direction.IN.value else "→"
        outcome = "" if kind == "touch" else f" ({event['outcome']})"
        minutes = f" {event['duration_seconds'] // 60} min" if event["duration_seconds"] else ""
        tag = f" [{event['exchange']}]" if event["exchange"] else ""
        note = f" — {event['note']}" if event["note"] else ""
        return f"{when:%Y-%m-%d} {arrow} {event['channel']}{outcome}{minutes}{tag}{note}"
    if kind == "note":
        when = datetime.fromisoformat(event["created_at"])
        return f"{when:%Y-%m-%d} ✎ {event['text'].splitlines()[0] if event['text'] else ''}"
    if kind == "follow-up":
        state = "☑" if event["status"] == "done" else "☐"
        return f"{event['created_at'][:10]} {state} follow-up {event['due']}: {event['reason']}"
    return f"{event['at'][:10]} ⏸ snoozed {event['from_due']} → {event['to_due']}"


# --- list -------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    today = ctx.today()
    plans = ctx.planner.schedules(ctx.store)
    if args.tag:
        wanted = args.tag.casefold()
        tagged = {
            c.uid for c in ctx.store.contacts() if any(t.casefold() == wanted for t in c.tags)
        }
        plans = [p for p in plans if p.uid in tagged]
    rows = [(p, stage_on(p, today)) for p in plans]
    if args.stage:
        rows = [(p, s) for p, s in rows if s == args.stage]
    rows.sort(key=lambda row: (row[0].display_name.casefold(), row[0].uid))
    if args.json:
        _print_json(
            ctx,
            [
                {
                    "uid": p.uid,
                    "display_name": p.display_name,
                    "tier": p.tier,
                    "stage": stage,
                    "counted_touches": p.counted,
                    "next_due": p.next_due.isoformat() if p.next_due else None,
                }
                for p, stage in rows
            ],
        )
        return 0
    for plan, stage in rows:
        due = f"{plan.next_due:%Y-%m-%d}" if plan.next_due else "—"
        progress = plan.progress or str(plan.counted)
        ctx.print(
            f"{plan.uid[:8]}  {pad_to_cells(plan.display_name, NAME_WIDTH)}  {plan.tier}  "
            f"{stage:<9} {progress:>5}  {due}"
        )
    if not rows:
        ctx.print("no contacts match")
    return 0




def _print_json(ctx: CliContext, data: Any) -> None:
    ctx.print(json.dumps(data, ensure_ascii=False, indent=2))
