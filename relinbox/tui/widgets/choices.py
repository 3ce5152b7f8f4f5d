"""A one-line choice: "call  email  meeting …", ← → to change, a letter to jump to it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceBar(Widget, can_focus=True):
    """Pick one of a few values without leaving the keyboard's home row."""

    DEFAULT_CSS = """
    ChoiceBar {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $surface;
    }
    ChoiceBar:focus { background: $boost; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    index: reactive[int] = reactive(0)

    class Changed(Message):
        def __init__(self, bar: ChoiceBar, value: str) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> ChoiceBar:
            return self.bar

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        letter_jumps: bool = True,
        id: str | None = None,
    ) -> None:
        """`options`: (value, label) pairs. With `letter_jumps`, typing a letter selects the
        next option whose label starts with it."""
        super().__init__(id=id)
        self.options = list(options)
        self.letter_jumps = letter_jumps
        values = [v for v, _ in self.options]
        self.set_reactive(ChoiceBar.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> str:
        return self.options[self.index][0]

    @value.setter
    def value(self, value: str) -> None:
        for position, (option, _) in enumerate(self.options):
            if option == value:
                self.index = position
                return
        raise ValueError(f"{value!r} is not one of the choices")

    def render(self) -> Content:
        cells = [f" {label} " for _, label in self.options]
        first, last = self._window(cells, max(8, self.content_region.width or 80))
        parts: list[str | tuple[str, str]] = []
        if first > 0:
            parts.append(("‹", "$text-muted"))
        for position in range(first, last):
            if position == self.index:
                style = "bold reverse $primary" if self.has_focus else "bold underline"
                parts.append((cells[position], style))
            else:
                parts.append((cells[position], "$text-muted"))
            if position < last - 1:
                parts.append(" ")
        if last < len(cells):
            parts.append(("›", "$text-muted"))
        return Content.assemble(*parts)

    def _window(self, cells: list[str], width: int) -> tuple[int, int]:
        """The run of options that fits in `width` and holds the selected one."""
        def size(first: int, last: int) -> int:
            edges = (first > 0) + (last < len(cells))
            return sum(len(c) for c in cells[first:last]) + (last - first - 1) + edges

        first, last = 0, len(cells)
        while size(first, last) > width and last - first > 1:
            if last - 1 > self.index:
                last -= 1
            else:
                first += 1
        return first, last

    def watch_index(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def action_move(self, step: int) -> None:
        self.index = (self.index + step) % len(self.options)

    def action_jump(self, position: int) -> None:
        self.index = position % len(self.options)

    def on_key(self, event) -> None:
        char = event.character
        if not (self.letter_jumps and char and char.isprintable() and not char.isspace()):
            return
        count = len(self.options)
        for step in range(1, count + 1):
            position = (self.index + step) % count
            if self.options[position][1].lower().startswith(char.lower()):
                self.index = position
                event.stop()
                return
