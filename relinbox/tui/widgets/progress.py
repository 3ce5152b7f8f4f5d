"""Progress bars as text: the building stage ("4 of 7") and the day's review counter."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

FULL = "█"
EMPTY = "░"


def bar(done: int, total: int, width: int = 14) -> str:
    """`width` cells, filled in proportion to done/total."""
    if total <= 0:
        return EMPTY * width
    filled = round(min(done, total) / total * width)
    return FULL * filled + EMPTY * (width - filled)


def stage_bar(counted: int, target: int, width: int = 14) -> Content:
    """"███████░░░░░░░ 4 of 7"."""
    return Content.assemble(
        (bar(counted, target, width), "$accent"), f" {counted} of {target}"
    )


class DayProgress(Static):
    """"5 of 27 done" with a small bar: how far today's review has come."""

    DEFAULT_CSS = """
    DayProgress { width: auto; height: 1; }
    """

    def show(self, done: int, total: int) -> None:
        if total == 0:
            self.update("")
            return
        self.update(
            Content.assemble(
                (bar(done, total, 10), "$success"), f" {done} of {total} done"
            )
        )
