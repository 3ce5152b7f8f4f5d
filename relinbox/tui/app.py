"""The Textual app: themes, keymap, palette, polling for changes from other processes.

`make_app` builds it (the CLI and every test use it); `run_app` runs it. Screens live in
`tui/screens/`, widgets in `tui/widgets/`, store access in `tui/data.py` (docs/app.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from relinbox.core.config import Config
from relinbox.tui import drafts
from relinbox.tui.commands import CALL, MAIN, keys_of, palette_entries, unknown_ids
from relinbox.tui.data import AppData
from relinbox.tui.messages import StoreChanged
from relinbox.tui.screens.main import MainScreen
from relinbox.tui.state import load_state, remember
from relinbox.tui.themes import DEFAULT_THEME, load_themes
from relinbox.tui.work import run_in_thread

POLL_SECONDS = 1.5


class RelinboxApp(App[None]):
    TITLE = "relinbox"

    def __init__(
        self,
        data: AppData,
        *,
        config: Config,
        demo: bool = False,
        call: str | None = None,
        theme_dirs: Iterable[Path | None] | None = None,
    ) -> None:
        super().__init__()
        self.data = data
        self.config = config
        self.demo = demo
        self.call_query = call
        self.exit_message: str | None = None
        self.monotonic: Callable[[], float] = time.monotonic  # tests freeze the call timer
        self.poll_seconds = POLL_SECONDS
        # hooks for tests and benchmarks: called after the first paint of each
        self.on_inbox_painted: list[Callable[[], Any]] = []
        self.on_view_painted: list[Callable[[], Any]] = []
        self.on_search_answered: list[Callable[[], Any]] = []
        self.on_editor_ready: list[Callable[[], Any]] = []
        self.problems: list[str] = []
        self._theme_ready = False
        self._setup_themes(theme_dirs)
        self.key_overrides = dict(config.keys)
        for binding_id in unknown_ids(self.key_overrides):
            self.problems.append(f"[keys] in the config file: no command called "
                                 f"{binding_id!r} (see ? for the ids)")
        self.set_keymap(self.key_overrides)

    # --- themes ----------------------------------------------------------------------

    def _setup_themes(self, theme_dirs: Iterable[Path | None] | None) -> None:
        themes, problems = load_themes(theme_dirs)
        self.problems += problems
        for theme in themes:
            self.register_theme(theme)
        wanted = load_state().get("theme") or self.config.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            if wanted != DEFAULT_THEME:
                self.problems.append(f"theme {wanted!r} is not available; using the default")
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted

    def _theme_changed(self, theme) -> None:
        if not self._theme_ready:
            return
        name = theme.name
        run_in_thread(self, lambda: remember(theme=name), group="state")

    # --- start -----------------------------------------------------------------------

    def on_mount(self) -> None:
        for problem in self.problems:
            self.notify(problem, severity="warning", timeout=8)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(setattr, self, "_theme_ready", True)
        if self.call_query is not None:
            from relinbox.tui.screens.call import CallScreen

            self.push_screen(CallScreen(None, query=self.call_query), self._call_finished)
        else:
            self.push_screen(MainScreen())
            run_in_thread(self, lambda: drafts.for_store(self.data.db_path),
                          self._offer_drafts, group="drafts")
            self.check_sync_conflicts()
        self.set_interval(self.poll_seconds, self.poll)

    def check_sync_conflicts(self) -> None:
        """Sync conflicts wait for the user until resolved: say so, with how."""
        from relinbox.services.sync import pending_conflicts

        run_in_thread(self, lambda: pending_conflicts(self.data.store),
                      self._show_conflicts, group="conflicts")

    def _show_conflicts(self, conflicts: list) -> None:
        if not conflicts:
            return
        names = ", ".join(conflict.name for conflict in conflicts[:3])
        more = f" and {len(conflicts) - 3} more" if len(conflicts) > 3 else ""
        self.notify(
            f"{names}{more}: changed both here and in the address book. Both versions are "
            "kept; choose with `relinbox sync --resolve NAME --keep local|remote`.",
            title=f"{len(conflicts)} sync conflict{'s' if len(conflicts) > 1 else ''}",
            severity="warning",
            timeout=20,
        )

    def _call_finished(self, result) -> None:
        self.exit_message = result.message if result is not None else "nothing logged"
        self.exit()

    def _offer_drafts(self, found: list[drafts.Draft]) -> None:
        if not found:
            return
        from relinbox.tui.screens.recover import DISCARD, RESUME, RecoverScreen

        draft = found[0]

        def chosen(choice: str | None) -> None:
            if choice == RESUME and isinstance(self.screen, MainScreen):
                self.screen.start_call(draft.contact, draft=draft)
            elif choice == DISCARD:
                drafts.discard(draft)
                self.notify("draft discarded")
            if len(found) > 1 and choice != RESUME:
                self._offer_drafts(found[1:])

        self.push_screen(RecoverScreen(draft), chosen)

    # --- other processes -------------------------------------------------------------

    def poll(self) -> None:
        """Look for changes made by other processes (`relinbox log` in another shell)."""
        if any(w.group == "poll" and w.is_running for w in self.workers):
            return
        run_in_thread(self, self.data.refresh, self._polled, group="poll")

    def _polled(self, changed: bool) -> None:
        if changed:
            for screen in self.screen_stack:
                screen.post_message(StoreChanged())
            if self.call_query is None:
                self.check_sync_conflicts()

    # --- palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from relinbox.tui.screens.call import CallScreen

        scope = MAIN if isinstance(screen, MainScreen) else CALL if isinstance(
            screen, CallScreen) else None
        if scope is not None:
            for command in palette_entries(scope):
                keys = ", ".join(keys_of(command, self.key_overrides))
                yield SystemCommand(
                    command.title,
                    f"{command.description} ({keys})",
                    lambda action=command.action: screen.run_action(action),
                )
        for name in sorted(self.available_themes):
            if name.startswith("relinbox-"):
                yield SystemCommand(
                    f"Theme: {name.removeprefix('relinbox-')}",
                    f"Switch to the {name} theme (remembered)",
                    lambda name=name: setattr(self, "theme", name),
                )
        yield from super().get_system_commands(screen)

    # --- hooks -----------------------------------------------------------------------

    def _fire(self, hooks: list[Callable[[], Any]]) -> None:
        for hook in list(hooks):
            hook()

    def inbox_painted(self) -> None:
        self._fire(self.on_inbox_painted)

    def view_painted(self) -> None:
        self._fire(self.on_view_painted)

    def search_answered(self) -> None:
        self._fire(self.on_search_answered)

    def editor_ready(self) -> None:
        self._fire(self.on_editor_ready)


def make_app(
    db_path: Path | str,
    *,
    demo: bool = False,
    clock: Any = None,
    config: Config | None = None,
    call: str | None = None,
    theme_dirs: Iterable[Path | None] | None = None,
) -> RelinboxApp:
    """The app on the store at `db_path`. `clock` (with `.tz`, `.today()`, `.now()`) replaces
    the real one; `config` replaces the config file; `call` opens call capture on the contact
    it names (a uid, name, e-mail or prefix, as the CLI accepts)."""
    from relinbox.core.config import load_config
    from relinbox.services.planner import Planner

    config = config if config is not None else load_config()
    planner = Planner.from_config(config)
    if clock is not None:
        planner = Planner(planner.settings, clock)
    data = AppData(Path(db_path), planner)
    return RelinboxApp(data, config=config, demo=demo, call=call, theme_dirs=theme_dirs)


def run_app(db_path: Path | str, *, demo: bool = False, call: str | None = None) -> int:
    app = make_app(db_path, demo=demo, call=call)
    try:
        app.run()
    finally:
        app.data.close()
    if app.exit_message:
        print(f"relinbox: {app.exit_message}")
    return app.return_code or 0
