"""Touches per month as a one-line sparkline: "▁▃▅█▂ ▁" with month initials below."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo

from textual.content import Content
from textual.widgets import Static

BARS = "▁▂▃▄▅▆▇█"
MONTH_INITIALS = "JFMAMJJASOND"


def monthly_counts(moments: Iterable[datetime], today: date, tz: tzinfo,
                   months: int = 12) -> list[int]:
    """How many of `moments` fall in each of the last `months` calendar months (oldest
    first, the current month last)."""
    current = today.year * 12 + today.month - 1
    counts = [0] * months
    for when in moments:
        local = when.astimezone(tz)
        back = current - (local.year * 12 + local.month - 1)
        if 0 <= back < months:
            counts[months - 1 - back] += 1
    return counts


def spark(counts: list[int]) -> str:
    """One character a count: a space for none, then ▁ … █ scaled to the largest."""
    top = max(counts, default=0)
    if top == 0:
        return " " * len(counts)
    steps = len(BARS) - 1
    return "".join(" " if n == 0 else BARS[round(n / top * steps)] for n in counts)


def month_axis(today: date, months: int = 12) -> str:
    current = today.month - 1
    return "".join(MONTH_INITIALS[(current - back) % 12] for back in range(months - 1, -1, -1))


class Sparkline(Static):
    """Touches per month over the last year, with month initials underneath."""

    DEFAULT_CSS = """
    Sparkline { height: 2; width: auto; }
    """

    def show(self, counts: list[int], today: date) -> None:
        total = sum(counts)
        self.update(
            Content.assemble(
                (spark(counts), "$accent"),
                f"  {total} touch{'es' if total != 1 else ''}\n",
                (month_axis(today, len(counts)), "$text-muted"),
                ("  per month, last 12", "$text-muted"),
            )
        )
