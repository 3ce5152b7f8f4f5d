"""The one list of commands: it builds the key bindings, the footer, the `?` help screen, the
`ctrl+p` palette entries and docs/keys.md.

Every command has a binding id; the config file's `[keys]` table maps ids to keys
(`done = "d,space"`) and the app hands that table to `App.set_keymap`.

    python -m relinbox.tui.commands > docs/keys.md
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding

MAIN = "inbox"
CALL = "call"
FORM = "forms"
NOTE = "note form"
ENTRIES = "entries"
SCOPES = (MAIN, CALL, FORM, NOTE, ENTRIES)


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # binding id, used in the config file's [keys]
    keys: str  # default keys, comma-separated Textual key names
    action: str  # action on the screen of `scope`
    title: str  # footer and palette label
    description: str  # help screen and palette help
    scope: str = MAIN
    footer: bool = True
    palette: bool = True
    priority: bool = False  # also while a text field has focus


COMMANDS: tuple[Command, ...] = (
    # --- the inbox (main screen) ------------------------------------------------------
    Command("down", "j,down", "cursor_down", "Next", "Move to the next item", footer=False,
            palette=False),
    Command("up", "k,up", "cursor_up", "Previous", "Move to the previous item", footer=False,
            palette=False),
    Command("open", "enter", "open", "Open", "Open the contact: its timeline and card"),
    Command("back", "escape", "back", "Back", "Back to the inbox", footer=False, palette=False),
    Command("done", "d", "done", "Done",
            "Done: log the suggested touch now and close the follow-up that is due"),
    Command("snooze", "s", "snooze", "Snooze",
            "Move the next due date without a touch (1d, 3d, 1w, 2w or any WHEN)"),
    Command("log", "l", "log", "Log", "Log a touch: channel, direction, outcome, give/ask, "
            "note and the next follow-up"),
    Command("follow-up", "f", "follow_up", "Follow-up", "Set an explicit, dated follow-up"),
    Command("note", "n", "note", "Note", "Write a note (pin it to keep it on the card)"),
    Command("call", "c", "call", "Call", "Start call capture: context, timer and a note that "
            "is saved as you type"),
    Command("search", "slash", "search", "Search", "Find a contact as you type"),
    Command("help", "question_mark", "help", "Help", "Show every key"),
    Command("add", "a", "add", "Add", "Add a contact"),
    Command("edit", "e", "edit", "Edit", "Edit the contact"),
    Command("undo", "u", "undo", "Undo", "Undo the last action"),
    Command("fix-entry", "x", "fix_entry", "Fix entry",
            "Remove a touch, note or follow-up logged by mistake, or move it to the right "
            "contact", footer=False),
    Command("more", "m", "more", "More", "Show or hide what is due over today's capacity",
            footer=False),
    Command("theme", "ctrl+t", "app.change_theme", "Theme", "Choose a colour theme",
            footer=False),
    Command("quit", "q", "app.quit", "Quit", "Quit relinbox"),
    # --- call capture -----------------------------------------------------------------
    Command("call.end", "ctrl+s", "end_call", "End call",
            "End the call: outcome, give/ask and the next follow-up, then log it",
            scope=CALL, priority=True),
    Command("call.editor", "ctrl+e", "editor", "$EDITOR", "Edit the note in $EDITOR",
            scope=CALL, priority=True),
    # --- forms (log, snooze, follow-up, contact, end of call) -------------------------
    Command("form.submit", "ctrl+s", "submit", "Save", "Save the form (enter works too)",
            scope=FORM, priority=True, palette=False),
    Command("form.cancel", "escape", "cancel", "Cancel", "Close the form without saving",
            scope=FORM, palette=False),
    # --- the note form ----------------------------------------------------------------
    Command("note.save", "ctrl+s", "submit", "Save", "Save the note", scope=NOTE,
            priority=True, palette=False),
    Command("note.editor", "ctrl+e", "editor", "$EDITOR", "Write the note in $EDITOR",
            scope=NOTE, priority=True, palette=False),
    Command("note.cancel", "escape", "cancel", "Cancel", "Close without saving", scope=NOTE,
            palette=False),
    # --- fixing an entry: remove it, or move it to another contact ---------------------
    Command("entries.down", "j", "cursor_down", "Next", "Highlight the next (older) entry",
            scope=ENTRIES, footer=False, palette=False),
    Command("entries.up", "k", "cursor_up", "Previous", "Highlight the previous entry",
            scope=ENTRIES, footer=False, palette=False),
    Command("entries.remove", "enter", "remove", "Remove", "Remove the highlighted entry",
            scope=ENTRIES, priority=True, palette=False),
    Command("entries.move", "m", "move", "Move", "Move the highlighted entry to another contact "
            "(chosen by search)", scope=ENTRIES, palette=False),
    Command("entries.cancel", "escape", "cancel", "Cancel", "Close without changing anything",
            scope=ENTRIES, palette=False),
)

BY_ID = {command.id: command for command in COMMANDS}

_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "down": "↓",
    "up": "↑",
    "enter": "enter",
    "escape": "esc",
    "space": "space",
}


def in_scope(scope: str) -> tuple[Command, ...]:
    return tuple(command for command in COMMANDS if command.scope == scope)


def bindings(scope: str) -> list[Binding]:
    """The BINDINGS of the screen that owns `scope`."""
    return [
        Binding(
            c.keys,
            c.action,
            c.title,
            show=c.footer,
            id=c.id,
            priority=c.priority,
            tooltip=c.description,
            key_display=key_label(c.keys.split(",")[0]),
        )
        for c in in_scope(scope)
    ]


def key_label(key: str) -> str:
    """How a Textual key name is written for people: "slash" → "/", "ctrl+s" → "ctrl+s"."""
    key = key.strip()
    return _KEY_NAMES.get(key, key)


def keys_of(command: Command, keymap: Mapping[str, str] | None = None) -> list[str]:
    """The keys that run `command` (the config's `[keys]` wins over the default)."""
    keys = (keymap or {}).get(command.id) or command.keys
    return [key_label(k) for k in keys.split(",") if k.strip()]


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    return sorted(set(keymap) - set(BY_ID))


def palette_entries(scope: str) -> Iterable[Command]:
    return (command for command in in_scope(scope) if command.palette)


def keys_markdown() -> str:
    """docs/keys.md, generated from COMMANDS."""
    lines = [
        "# Keys",
        "",
        "Generated from `relinbox/tui/commands.py` by `python -m relinbox.tui.commands`;",
        "a test keeps this file in sync. Rebind any key in the config file (`relinbox` reads",
        "`$RELINBOX_CONFIG` or the user config folder's `relinbox/config.toml`) with the id:",
        "",
        "```toml",
        "[keys]",
        'done = "d,space"',
        'search = "slash,ctrl+f"',
        "```",
        "",
        "Key names are Textual's: letters, `enter`, `escape`, `space`, `slash`,",
        "`question_mark`, `ctrl+x`, and so on. `ctrl+p` opens the command palette and `ctrl+q`",
        "quits from anywhere.",
    ]
    titles = {
        MAIN: "Inbox (main screen)",
        CALL: "Call capture",
        FORM: "Forms (log, snooze, follow-up, contact, end of call)",
        NOTE: "Note form",
        ENTRIES: "Fixing an entry",
    }
    for scope in SCOPES:
        lines += ["", f"## {titles[scope]}", "", "| keys | id | what it does |", "|---|---|---|"]
        for command in in_scope(scope):
            keys = ", ".join(f"`{k}`" for k in keys_of(command))
            lines.append(f"| {keys} | `{command.id}` | {command.description} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(keys_markdown(), end="")
