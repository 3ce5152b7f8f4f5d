"""App benchmarks at 10,000 contacts / 100,000 touches (docs/performance.md).

    python bench/bench_app.py                 build the data set in a temp folder, measure
    python bench/bench_app.py --db PATH       reuse (or build once at) PATH
    python bench/bench_app.py --quick         1,000 / 10,000 and fewer runs: a smoke run

Rows (median of several runs, with min and max):

    start   a fresh `relinbox` process until the inbox is painted (interpreter start, imports,
            store, inbox, first frame; headless, 120x36), the store unchanged since the last
            run (the usual case: the saved inbox is painted, then recomputed)
    cold    the same with no saved inbox (first run, or the store changed since): the inbox
            is computed from the digests before the first frame
    search  one keystroke in `/` search until the results are updated (all contacts loaded)
    cursor  `j` in the inbox until the timeline and card of the next contact are re-rendered
    call    a fresh `relinbox call NAME` process until the note editor has focus

The app runs headless (Textual's `headless=True`): the same code paths without a terminal.
Nothing is written to the store except by `build_dataset`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = date(2026, 11, 23)
TARGETS = {"start": 1.0, "cold": 1.0, "search": 0.050, "cursor": 0.050, "call": 0.6}


def ensure_dataset(path: Path, contacts: int, touches: int) -> Path:
    if (path / "meta.json").exists():
        return path
    sys.path.insert(0, str(HERE))
    from make_dataset import build_dataset

    stats = build_dataset(path, contacts, touches, seed=1, today=TODAY)
    print(f"built {stats.contacts} contacts / {stats.touches} touches in {stats.seconds:.1f} s")
    return path


def child_env(state: Path, pycache: Path) -> dict[str, str]:
    """A child's environment: its own state folders, and compiled bytecode as an installed
    package has it (cached in `pycache`, even where PYTHONDONTWRITEBYTECODE is set), so a
    start is not charged for compiling relinbox's sources."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        RELINBOX_TODAY=TODAY.isoformat(),
        RELINBOX_CONFIG=str(state / "config.toml"),
        XDG_STATE_HOME=str(state / "state"),
        XDG_CONFIG_HOME=str(state / "config"),
        XDG_CACHE_HOME=str(state / "cache"),
        PYTHONPYCACHEPREFIX=str(pycache),
    )
    return env


# --- child processes -----------------------------------------------------------------


def child_start(db: str) -> None:
    from relinbox.tui.app import make_app

    app = make_app(db)

    def painted() -> None:
        print("READY", flush=True)
        app.exit()

    app.on_inbox_painted.append(lambda: app.call_after_refresh(painted))
    app.run(headless=True, size=(120, 36))


def child_call(db: str, name: str) -> None:
    import relinbox.tui.app as tui_app
    from relinbox.cli.main import main

    def run_app(db_path, *, demo=False, call=None) -> int:
        app = tui_app.make_app(db_path, demo=demo, call=call)

        def ready() -> None:
            print("READY", flush=True)
            app.exit()

        app.on_editor_ready.append(lambda: app.call_after_refresh(ready))
        app.run(headless=True, size=(120, 36))
        return 0

    tui_app.run_app = run_app
    main(["--db", db, "call", name])


def time_process(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(60)
    if line.strip() != "READY":
        raise RuntimeError(f"child failed: {line}{process.stderr.read() if process.stderr else ''}")
    return elapsed


# --- in-process measurements ---------------------------------------------------------


async def interactive(db: Path, keys: int) -> tuple[list[float], list[float]]:
    from relinbox.core.config import Config
    from relinbox.tui.app import make_app
    from relinbox.tui.screens.main import MainScreen

    app = make_app(db, config=Config())
    cursor: list[float] = []
    search: list[float] = []
    stamp: list[float] = []
    app.on_view_painted.append(lambda: stamp.append(time.perf_counter()))
    app.on_search_answered.append(lambda: stamp.append(time.perf_counter()))

    async def settle(pilot) -> None:
        while any(w.is_running and w.group != "poll" for w in app.workers):
            await pilot.pause(0.01)

    async with app.run_test(size=(120, 36)) as pilot:
        while not (isinstance(app.screen, MainScreen) and app.screen.inbox is not None):
            await pilot.pause(0.05)
        await settle(pilot)
        app.screen.action_more()  # the whole due list, so the cursor never runs out
        await settle(pilot)
        for _ in range(keys):
            stamp.clear()
            started = time.perf_counter()
            await pilot.press("j")
            while not stamp:
                await pilot.pause(0.001)
            cursor.append(stamp[-1] - started)
            await settle(pilot)
        await pilot.press("slash")
        screen = app.screen
        while not getattr(screen, "full", False):
            await pilot.pause(0.05)
        for word in ("maria", "lopez", "ander", "xq", "smith"):
            for char in word:
                stamp.clear()
                started = time.perf_counter()
                await pilot.press(char)
                while not stamp:
                    await pilot.pause(0.001)
                search.append(stamp[-1] - started)
            for _ in word:
                await pilot.press("backspace")
        await pilot.press("escape")
    return cursor, search


def first_name(db: Path) -> str:
    from relinbox.core.store import Store

    with Store.open(db) as store:
        digests = sorted(store.digests(), key=lambda d: d.uid)
    counts: dict[str, int] = {}
    for digest in digests:
        counts[digest.display_name] = counts.get(digest.display_name, 0) + 1
    unique = [d.display_name for d in digests if counts[d.display_name] == 1]
    return unique[len(unique) // 2]


def summary(name: str, samples: list[float]) -> str:
    median = statistics.median(samples)
    target = TARGETS[name]
    verdict = "ok" if median <= target else "OVER"
    return (f"{name:<7} median {median * 1000:8.1f} ms   min {min(samples) * 1000:8.1f}   "
            f"max {max(samples) * 1000:8.1f}   n={len(samples):<3} target {target * 1000:.0f} ms "
            f"{verdict}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    args = parser.parse_args(argv)
    contacts, touches = (1000, 10000) if args.quick else (10000, 100000)
    runs = args.runs or (3 if args.quick else 9)
    with tempfile.TemporaryDirectory(prefix="relinbox-bench-app-") as tmp:
        scratch = Path(tmp)
        db = args.db or scratch / "store"
        ensure_dataset(db, contacts, touches)
        pycache = scratch / "pycache"
        env = child_env(scratch, pycache)
        os.environ.update(env)
        name = first_name(db)
        time_process(["--child-start", str(db)], env)  # warm the file and bytecode caches
        start = [time_process(["--child-start", str(db)], env) for _ in range(runs)]
        cold = []
        for run in range(runs):
            fresh = child_env(scratch / f"cold-{run}", pycache)
            cold.append(time_process(["--child-start", str(db)], fresh))
        call = [time_process(["--child-call", str(db), name], env) for _ in range(runs)]
        cursor, search = asyncio.run(interactive(db, 40 if not args.quick else 10))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"relinbox app benchmarks: {contacts} contacts / {touches} touches, "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {load:.1f}")
        for row, samples in (("start", start), ("cold", cold), ("search", search),
                             ("cursor", cursor), ("call", call)):
            print(summary(row, samples))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child-start":
        child_start(sys.argv[2])
    elif len(sys.argv) > 3 and sys.argv[1] == "--child-call":
        child_call(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(main())
