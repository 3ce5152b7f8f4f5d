"""Fixtures for the app tests: a frozen clock, the demo store, an app factory, waiting helpers.

Every test runs with `RELINBOX_TODAY`, the config file and the XDG folders inside `tmp_path`,
so nothing reads or writes the real home folder. Helpers are fixtures (not imports) so the
test modules need no package layout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relinbox.core.config import Config
from relinbox.services.demo import build_demo
from relinbox.services.planner import Clock

TODAY = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=ZONE)


@dataclass(frozen=True, slots=True)
class FrozenClock(Clock):
    """The planner's clock, stopped at one moment (date and time) for stable screens."""

    at: datetime = NOW

    def today(self) -> date:
        return self.at.date()

    def now(self) -> datetime:
        return self.at


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("RELINBOX_TODAY", TODAY.isoformat())
    monkeypatch.setenv("RELINBOX_CONFIG", str(home / "config" / "config.toml"))
    monkeypatch.delenv("RELINBOX_DB", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    return home


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(ZONE)


@pytest.fixture
def demo_path(tmp_path: Path, clock: FrozenClock) -> Path:
    path = tmp_path / "demo"
    build_demo(path, today=clock.today(), now=clock.now()).close()
    return path


@pytest.fixture
def config_file(isolated_env: Path) -> Path:
    path = isolated_env / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def make(demo_path: Path, clock: FrozenClock) -> Callable:
    """make(**kwargs) -> a RelinboxApp on the demo store with the frozen clock."""
    from relinbox.tui.app import make_app

    def build(path: Path | None = None, **kwargs):
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("demo", True)
        if "config" not in kwargs:
            kwargs["config"] = Config()
        app = make_app(path or demo_path, **kwargs)
        app.monotonic = lambda: 0.0
        return app

    return build


async def _wait(pilot, predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Let the app run until `predicate()` is true (workers finish on threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await pilot.pause(0.02)
    await pilot.pause()


@pytest.fixture
def wait_for() -> Callable:
    return _wait


@pytest.fixture
def ready() -> Callable:
    """await ready(pilot): the inbox and the selected contact are painted, no work pending."""

    async def wait_ready(pilot, timeout: float = 5.0) -> None:
        app = pilot.app
        await _wait(pilot, lambda: _settled(app), timeout)

    return wait_ready


def _settled(app) -> bool:
    from relinbox.tui.screens.main import MainScreen

    screen = app.screen
    busy = any(w.is_running and w.group != "poll" for w in app.workers)
    if isinstance(screen, MainScreen):
        return screen.inbox is not None and not busy
    return not busy
