"""Capture from any shell: add, log, note, follow-up, snooze, done."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TypeVar

from relinbox.cli.context import CliContext, UserError
from relinbox.core.models import Channel, Direction, Exchange, Outcome
from relinbox.core.when import WhenError, describe, parse_moment, parse_when
from relinbox.services import actions

E = TypeVar("E", bound=StrEnum)
WHEN_HELP = "ISO date, today, tomorrow, thu, next fri, +3d, 2w, 1m"


def register(commands: argparse._SubParsersAction) -> None:
    add = commands.add_parser("add", help="add a contact; prints its uid")
    add.add_argument("name")
    add.add_argument("--email", action="append", default=[], metavar="E")
    add.add_argument("--phone", action="append", default=[], metavar="P")
    add.add_argument("--tag", action="append", default=[], metavar="T")
    add.add_argument("--tier", default="B", type=str.upper, choices=["A", "B", "C"])
    add.add_argument(
        "--birthday", metavar="DATE", help="YYYY-MM-DD, or --MM-DD without a year"
    )
    add.add_argument("--org", default="", metavar="NAME")
    add.add_argument("--timezone", metavar="ZONE", help="IANA name, e.g. Europe/Paris")
    add.set_defaults(handler=cmd_add)

    log = commands.add_parser("log", help="log a touch with a contact")
    log.add_argument("contact")
    log.add_argument("channel", type=enum_arg(Channel), metavar="CHANNEL", help=_choices(Channel))
    log.add_argument("--in", dest="inbound", action="store_true", help="they reached out")
    log.add_argument(
        "--outcome", type=enum_arg(Outcome), default=Outcome.CONNECTED, metavar="OUTCOME",
        help=_choices(Outcome),
    )
    log.add_argument("--note", default="", metavar="TEXT")
    log.add_argument("--at", metavar="WHEN", help="when it happened (default now): "
                     "yesterday, mon, -2d, 2026-11-20 14:30")
    log.add_argument("--minutes", type=_minutes, metavar="N")
    exchange = log.add_mutually_exclusive_group()
    exchange.add_argument("--give", dest="exchange", action="store_const", const=Exchange.GIVE)
    exchange.add_argument("--ask", dest="exchange", action="store_const", const=Exchange.ASK)
    log.set_defaults(handler=cmd_log)

    note = commands.add_parser("note", help="add a note (text from stdin when omitted)")
    note.add_argument("contact")
    note.add_argument("text", nargs="?")
    note.add_argument("--pin", action="store_true", help="pin it to the contact card")
    note.set_defaults(handler=cmd_note)

    followup = commands.add_parser("follow-up", help="set an explicit follow-up")
    followup.add_argument("contact")
    followup.add_argument("when", metavar="WHEN", help=WHEN_HELP)
    followup.add_argument("--reason", default="", metavar="TEXT")
    followup.set_defaults(handler=cmd_followup)

    snooze = commands.add_parser("snooze", help="move the next due date without a touch")
    snooze.add_argument("contact")
    snooze.add_argument("when", metavar="WHEN", help=WHEN_HELP)
    snooze.set_defaults(handler=cmd_snooze)

    done = commands.add_parser("done", help="log the suggested touch; close a due follow-up")
    done.add_argument("contact")
    done.add_argument("--channel", type=enum_arg(Channel), metavar="CHANNEL")
    done.add_argument("--note", default="", metavar="TEXT")
    done.set_defaults(handler=cmd_done)


def cmd_add(args: argparse.Namespace, ctx: CliContext) -> int:
    result = actions.add_contact(
        ctx.store,
        args.name,
        now=ctx.now(),
        emails=args.email,
        phones=args.phone,
        tags=args.tag,
        tier=args.tier,
        birthday=args.birthday,
        org=args.org,
        timezone=args.timezone,
    )
    ctx.print(result.records[0].uid)
    return 0


def cmd_log(args: argparse.Namespace, ctx: CliContext) -> int:
    contact = ctx.resolve(args.contact)
    now = ctx.now()
    when = now
    if args.at:
        try:
            when = parse_moment(args.at, now, ctx.planner.clock.tz)
        except WhenError as error:
            raise UserError(f"--at: {error}") from None
    result = actions.log_touch(
        ctx.store,
        contact,
        args.channel,
        when=when,
        now=now,
        direction=Direction.IN if args.inbound else Direction.OUT,
        outcome=args.outcome,
        note=args.note,
        seconds=args.minutes * 60 if args.minutes is not None else None,
        exchange=args.exchange,
    )
    ctx.print(result.message)
    _print_next(ctx, contact.uid)
    return 0


def cmd_note(args: argparse.Namespace, ctx: CliContext) -> int:
    contact = ctx.resolve(args.contact)
    text = args.text
    if text is None:
        if sys.stdin is None or sys.stdin.isatty():
            ctx.print("Type the note; end with Ctrl-D.")
        text = sys.stdin.read() if sys.stdin is not None else ""
    result = actions.add_note(ctx.store, contact, text, now=ctx.now(), pinned=args.pin)
    ctx.print(result.message)
    return 0


def cmd_followup(args: argparse.Namespace, ctx: CliContext) -> int:
    contact = ctx.resolve(args.contact)
    due = _when(args.when, ctx)
    actions.set_followup(ctx.store, contact, due, args.reason, now=ctx.now())
    ctx.print(f"follow-up with {contact.display_name}: {describe(due, ctx.today())}")
    return 0


def cmd_snooze(args: argparse.Namespace, ctx: CliContext) -> int:
    contact = ctx.resolve(args.contact)
    until = _when(args.when, ctx)
    plan = ctx.planner.schedule_for(ctx.store, contact.uid)
    if plan is None:
        raise UserError(f"{contact.display_name} has no schedule yet")
    actions.snooze(ctx.store, plan, until, now=ctx.now())
    ctx.print(f"snoozed {contact.display_name} until {describe(until, ctx.today())}")
    return 0


def cmd_done(args: argparse.Namespace, ctx: CliContext) -> int:
    contact = ctx.resolve(args.contact)
    plan = ctx.planner.schedule_for(ctx.store, contact.uid)
    if plan is None:
        raise UserError(f"{contact.display_name} has no schedule yet")
    result = actions.complete(
        ctx.store, plan, today=ctx.today(), now=ctx.now(), channel=args.channel, note=args.note
    )
    ctx.print(result.message)
    _print_next(ctx, contact.uid)
    return 0


def _print_next(ctx: CliContext, uid: str) -> None:
    plan = ctx.planner.schedule_for(ctx.store, uid)
    if plan is not None and plan.next_due is not None:
        progress = f" {plan.progress}" if plan.progress else ""
        ctx.print(f"next: {describe(plan.next_due, ctx.today())} — {plan.stage}{progress}")


def _when(text: str, ctx: CliContext) -> date:
    try:
        return parse_when(text, ctx.today())
    except WhenError as error:
        raise UserError(str(error)) from None


def enum_arg(kind: type[E]) -> Callable[[str], E]:
    """An argparse type that accepts an enum's values, case-insensitively."""

    def convert(text: str) -> E:
        try:
            return kind(text.lower())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not one of {_choices(kind)}"
            ) from None

    return convert


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of minutes")
    return value


def _choices(kind: type[StrEnum]) -> str:
    return ", ".join(member.value for member in kind)
