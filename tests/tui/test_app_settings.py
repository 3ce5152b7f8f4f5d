"""Themes (switch, remember, bad files), key rebinding from the config file, and the palette."""

from __future__ import annotations

import json
from pathlib import Path

from relinbox.core.config import Config, load_config
from relinbox.tui import state
from relinbox.tui.commands import COMMANDS, bindings, keys_markdown
from relinbox.tui.screens.help import HelpScreen
from relinbox.tui.themes import load_themes, shipped_dir
from relinbox.tui.widgets.inbox_list import InboxList

REPO = Path(__file__).resolve().parents[2]


def test_three_shipped_themes_load_cleanly():
    themes, problems = load_themes([shipped_dir()])
    assert problems == []
    names = {t.name for t in themes}
    assert {"relinbox-dark", "relinbox-light", "relinbox-contrast"} <= names
    assert any(not t.dark for t in themes)


async def test_theme_switch_from_the_palette_is_remembered(make, ready, wait_for):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.theme == "relinbox-dark"
        await pilot.press("ctrl+p")
        await pilot.press(*"theme: light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "relinbox-light")
        await wait_for(pilot, lambda: state.load_state().get("theme") == "relinbox-light")
    second = make()
    async with second.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert second.theme == "relinbox-light"


async def test_a_bad_theme_file_is_reported_and_skipped(make, ready, isolated_env):
    user_themes = isolated_env / "config" / "themes"
    user_themes.mkdir(parents=True)
    (user_themes / "broken.toml").write_text('name = "broken"\n[colors]\nprimary = "nope"\n')
    (user_themes / "garbage.toml").write_text("this is = = not toml")
    (user_themes / "mine.toml").write_text(
        'name = "mine"\ndark = false\n[colors]\nprimary = "#336699"\n')
    state.remember(theme="broken")
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        messages = " | ".join(n.message for n in app._notifications)
        assert "broken.toml" in messages and "not a colour" in messages
        assert "garbage.toml" in messages and "not valid TOML" in messages
        assert "'broken' is not available" in messages
        assert app.theme == "relinbox-dark"
        assert "mine" in app.available_themes


async def test_config_theme_is_the_default_until_one_is_chosen(make, ready):
    app = make(config=Config(theme="relinbox-contrast"))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert app.theme == "relinbox-contrast"


async def test_keys_can_be_rebound_in_the_config_file(make, ready, config_file):
    config_file.write_text('[keys]\ndone = "x"\ndown = "n"\nnot-a-command = "z"\n')
    app = make(config=load_config(config_file))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        inbox_list = app.screen.query_one(InboxList)
        await pilot.press("n")  # moved from j
        await ready(pilot)
        assert inbox_list.current.display_name == "Maya Okafor"
        await pilot.press("d")  # no longer done
        await ready(pilot)
        assert inbox_list.current.display_name == "Maya Okafor"
        await pilot.press("x")
        await ready(pilot)
        assert inbox_list.current.display_name == "Yuki Mori"
        assert any("not-a-command" in n.message for n in app._notifications)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = screen_text(app.screen)
        assert "x\nDone: log" in help_text


async def test_palette_runs_inbox_commands(make, ready, wait_for):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"snooze")
        await pilot.pause(0.3)
        await pilot.press("enter")
        from relinbox.tui.screens.forms import SnoozeScreen

        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen))


async def test_help_lists_every_command(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        text = screen_text(app.screen).split("\n")
        for command in COMMANDS:
            assert command.id in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def screen_text(screen) -> str:
    return "\n".join(str(static.render()) for static in screen.query("Static"))


def test_command_ids_are_unique_and_bindings_carry_them():
    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids))
    assert {b.id for b in bindings("inbox")} == {c.id for c in COMMANDS if c.scope == "inbox"}


def test_keys_doc_is_in_sync():
    assert (REPO / "docs" / "keys.md").read_text(encoding="utf-8") == keys_markdown(), (
        "docs/keys.md is stale: python -m relinbox.tui.commands > docs/keys.md"
    )


def test_state_file_survives_damage(isolated_env):
    path = state.state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    assert state.load_state() == {}
    state.remember(theme="relinbox-light")
    assert json.loads(path.read_text()) == {"theme": "relinbox-light"}
