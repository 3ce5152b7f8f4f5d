"""relinbox benchmarks: the numbers docs/performance.md promises, measured on this machine.

    python bench/run.py              10,000 contacts / 100,000 touches, built in a temp folder
    python bench/run.py --quick      1,000 / 10,000 and fewer samples: a smoke run
    python bench/run.py --db PATH    reuse (or build once, then reuse) the data set at PATH
    python bench/run.py --profile    also print where the time goes (cProfile)

Rows (median of several runs, with min and max):

    a  log one touch durably (fsync'd) through the in-process API, on random contacts
    b  today's inbox from an open store: from cached schedules, and from the store's digests
       (schedule every contact, then build the inbox)
    c  a fresh process: `Store.open` until the inbox is ready (imports not included)
    d  `relinbox today` as a whole process (interpreter start and imports included)
    e  peak resident memory of that process

Benchmark runs add touches to the store (row a); a reused `--db` grows a little each run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

try:
    from bench.make_dataset import build_dataset
except ImportError:  # run as `python bench/run.py`
    from make_dataset import build_dataset

from relinbox.core.clock import user_timezone
from relinbox.core.models import Channel, Direction, Outcome, Touch
from relinbox.core.store import Store

FULL = (10_000, 100_000)
QUICK = (1_000, 10_000)


@dataclass
class Row:
    key: str
    label: str
    unit: str  # "ms" or "MB"
    target: float | None
    samples: list[float]
    note: str = ""
    cpu: list[float] = field(default_factory=list)  # CPU time (user + system) per sample

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def verdict(self) -> str:
        if not self.samples:
            return "pending"
        if self.target is None:
            return "info"
        return "PASS" if self.median <= self.target else "FAIL"


# --- the measurements ---------------------------------------------------------------------

Samples = tuple[list[float], list[float]]  # wall ms, CPU ms


def timed(action: Callable[[], object], runs: int, before: Callable[[], object] | None = None
          ) -> Samples:
    """Wall-clock and CPU milliseconds of `action`, `runs` times (`before` is not timed)."""
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        cpu = time.process_time()
        wall = time.perf_counter()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def _inbox_parts():
    """The cadence engine, or None while it is not there."""
    try:
        from relinbox.core.cadence import CadenceSettings, build_inbox, schedule
    except ImportError:
        return None
    return CadenceSettings, build_inbox, schedule


def bench_log_touch(db: Path, samples: int, seed: int) -> Samples:
    store = Store.open(db)
    uids = [d.uid for d in store.digests()]
    rng = random.Random(seed)
    now = datetime.now(UTC)
    pending: list[Touch] = []

    def make_touch() -> None:
        pending[:] = [Touch(
            rng.choice(uids),
            now - timedelta(minutes=rng.randrange(60 * 24 * 30)),
            rng.choice([Channel.CALL, Channel.EMAIL, Channel.MEETING]),
            rng.choice(list(Direction)),
            rng.choice([Outcome.CONNECTED, Outcome.CONNECTED, Outcome.VOICEMAIL]),
            note="benchmark",
        )]

    make_touch()
    store.put(*pending)  # the first write of the day takes the daily backup: not measured
    return timed(lambda: store.put(*pending), samples, before=make_touch)


def bench_inbox(db: Path, runs: int) -> tuple[Samples, Samples, Samples | None] | None:
    parts = _inbox_parts()
    if parts is None:
        return None
    settings_cls, build_inbox, schedule = parts
    settings = settings_cls()
    tz = user_timezone(None)
    today = datetime.now(tz).date()
    store = Store.open(db)
    schedules = [schedule(d, settings, tz) for d in store.digests()]  # warms the digest cache

    cached = timed(lambda: build_inbox(schedules, today, settings), runs)
    from_digests = timed(
        lambda: build_inbox([schedule(d, settings, tz) for d in store.digests()], today, settings),
        runs,
    )
    try:
        from relinbox.services.planner import Clock, Planner
    except ImportError:
        return cached, from_digests, None
    planner = Planner(settings, Clock(tz))
    planner.inbox(store, today)
    return cached, from_digests, timed(lambda: planner.inbox(store, today), runs)


COLD_SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    t0 = time.perf_counter()
    from datetime import datetime
    from relinbox.core.cadence import CadenceSettings, build_inbox, schedule
    from relinbox.core.clock import user_timezone
    from relinbox.core.store import Store
    t1 = time.perf_counter()
    c1 = time.process_time()
    store = Store.open(sys.argv[1])
    t2 = time.perf_counter()
    digests = store.digests()
    t3 = time.perf_counter()
    settings = CadenceSettings()
    tz = user_timezone(None)
    schedules = [schedule(d, settings, tz) for d in digests]
    t4 = time.perf_counter()
    inbox = build_inbox(schedules, datetime.now(tz).date(), settings)
    t5 = time.perf_counter()
    c5 = time.process_time()
    print(json.dumps({"imports": t1 - t0, "open": t2 - t1, "digests": t3 - t2,
                      "schedule": t4 - t3, "inbox": t5 - t4, "total": t5 - t1,
                      "cpu": c5 - c1, "contacts": len(digests)}))
    """
)


def bench_cold_open(db: Path, runs: int, env: dict[str, str]) -> list[dict[str, float]] | None:
    if _inbox_parts() is None:
        return None
    result = []
    for run in range(runs + 1):  # the first run only fills the bytecode cache
        out = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT, str(db)],
            capture_output=True, text=True, check=True, env=env,
        )
        if run:
            result.append(json.loads(out.stdout))
    return result


# Run by a small launcher process, so that the peak RSS of its only child is that of
# `relinbox today` alone (a child forked from this big process would report this process's
# size as its high-water mark), and the wall time excludes the launcher's own start.
LAUNCHER_SCRIPT = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_kib": usage.ru_maxrss, "status": done.returncode,
                      "output": len(done.stdout.strip()),
                      "error": done.stderr.decode(errors="replace").strip()[-300:]}))
    """
)


def bench_today_process(db: Path, runs: int, env: dict[str, str]) -> tuple[
    Samples, list[float], str
]:
    """Wall and CPU time (ms) and peak RSS (MB) of `relinbox today`; empty when it fails."""
    command = [sys.executable, "-m", "relinbox", "--db", str(db), "today"]
    walls, cpus, peaks = [], [], []
    subprocess.run(command, capture_output=True, env=env)  # fills the bytecode cache
    for _ in range(runs):
        launched = subprocess.run(
            [sys.executable, "-c", LAUNCHER_SCRIPT, *command],
            capture_output=True, text=True, check=True, env=env,
        )
        result = json.loads(launched.stdout)
        if result["status"] != 0 or not result["output"]:
            lines = result["error"].splitlines()
            problem = lines[-1] if lines else f"exit status {result['status']}, no output"
            return ([], []), [], problem
        walls.append(result["wall"] * 1000)
        cpus.append(result["cpu"] * 1000)
        peaks.append(result["peak_kib"] / 1024)  # Linux reports KiB
    return (walls, cpus), peaks, ""


# --- profiling ------------------------------------------------------------------------------


def profile(db: Path, top: int = 25) -> str:
    """cProfile of a cold open to inbox and of logging touches, in this process."""
    report = io.StringIO()
    parts = _inbox_parts()
    if parts is not None:
        settings_cls, build_inbox, schedule = parts
        tz = user_timezone(None)
        profiler = cProfile.Profile()
        profiler.enable()
        store = Store.open(db)
        settings = settings_cls()
        schedules = [schedule(d, settings, tz) for d in store.digests()]
        build_inbox(schedules, datetime.now(tz).date(), settings)
        profiler.disable()
        report.write("== cold open to inbox (cumulative) ==\n")
        pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(top)
    profiler = cProfile.Profile()
    profiler.enable()
    bench_log_touch(db, 50, seed=99)
    profiler.disable()
    report.write("== log a touch, 50 times (cumulative) ==\n")
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(top)
    return report.getvalue()


# --- the report -----------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def _load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def table(rows: list[Row]) -> str:
    lines = [
        "| row | measurement | median | min | max | CPU median | target | result |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if row.samples:
            median = f"{row.median:.1f} {row.unit}"
            low = f"{min(row.samples):.1f}"
            high = f"{max(row.samples):.1f}"
        else:
            median = low = high = "—"
        cpu = f"{statistics.median(row.cpu):.1f} ms" if row.cpu else ""
        target = f"≤ {row.target:g} {row.unit}" if row.target is not None else ""
        label = row.label + (f" ({row.note})" if row.note else "")
        lines.append(
            f"| {row.key} | {label} | {median} | {low} | {high} | {cpu} | {target} "
            f"| {row.verdict} |"
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    contacts, touches = QUICK if args.quick else FULL
    samples = args.samples or (40 if args.quick else 200)
    runs = args.runs or (3 if args.quick else 7)
    scratch = Path(tempfile.mkdtemp(prefix="relinbox-bench-"))
    try:
        db = args.db or scratch / "store"
        if not (db / "meta.json").exists():
            print(f"building {contacts:,} contacts / {touches:,} touches …", file=sys.stderr)
            stats = build_dataset(db, contacts, touches, seed=args.seed)
            print(f"built in {stats.seconds:.1f} s", file=sys.stderr)
        store = Store.open(db)
        contacts = len(store.contacts())
        touches = sum(d.counted + d.attempts for d in store.digests())
        size = sum(p.stat().st_size for p in (db / "shards").glob("*.jsonl")) / 1e6
        del store

        load_before = _load_average()
        # Child processes: no user config, the real date, and compiled bytecode as an installed
        # package has (cached outside the source tree, even where PYTHONDONTWRITEBYTECODE is set).
        env = {
            **os.environ,
            "RELINBOX_CONFIG": str(scratch / "no-config.toml"),
            "PYTHONPYCACHEPREFIX": str(scratch / "pycache"),
        }
        env.pop("RELINBOX_TODAY", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        rows: list[Row] = []
        print("a: logging touches …", file=sys.stderr)
        walls, cpus = bench_log_touch(db, samples, args.seed)
        rows.append(Row("a", "log one touch, fsync'd, in-process API", "ms", 10, walls,
                        f"{samples} samples", cpu=cpus))
        print("b: inbox from an open store …", file=sys.stderr)
        inbox = bench_inbox(db, max(runs, 15))
        if inbox is None:
            rows.append(Row("b1", "inbox from cached schedules", "ms", 30, [], "cadence pending"))
            rows.append(Row("b2", FULL_RESCHEDULE, "ms", None, [], "cadence pending"))
        else:
            cached, from_digests, planner_warm = inbox
            rows.append(Row("b1", "inbox from cached schedules", "ms", 30, cached[0],
                            cpu=cached[1]))
            rows.append(Row("b2", FULL_RESCHEDULE, "ms", None, from_digests[0],
                            cpu=from_digests[1]))
            if planner_warm is not None:
                rows.append(Row("b3", "Planner.inbox, warm (stat shards, reuse schedules)",
                                "ms", 30, planner_warm[0], cpu=planner_warm[1]))
        print("c: cold open in a fresh process …", file=sys.stderr)
        cold = bench_cold_open(db, runs, env)
        if cold is None:
            rows.append(Row("c", "fresh process: open → inbox ready", "ms", 300, [],
                            "cadence pending"))
        else:
            rows.append(Row("c", "fresh process: open → inbox ready", "ms", 300,
                            [c["total"] * 1000 for c in cold], "imports excluded",
                            cpu=[c["cpu"] * 1000 for c in cold]))
        print("d, e: relinbox today …", file=sys.stderr)
        (walls, cpus), peaks, problem = bench_today_process(db, runs, env)
        note = f"pending: {problem}" if problem else ""
        rows.append(Row("d", "`relinbox today`, whole process", "ms", 800, walls, note,
                        cpu=cpus))
        rows.append(Row("e", "peak RSS of `relinbox today`", "MB", 200, peaks, note))

        print(f"\nrelinbox benchmarks: {contacts:,} contacts, {touches:,} touches, "
              f"{size:.0f} MB of shards")
        print(f"machine: {machine()}; load average before: {load_before}\n")
        print(table(rows))
        if cold:
            parts = ("imports", "open", "digests", "schedule", "inbox")
            medians = {k: statistics.median(c[k] for c in cold) * 1000 for k in parts}
            print("\nrow c by phase (median ms): " + ", ".join(
                f"{k} {v:.1f}" for k, v in medians.items()))
        if args.profile:
            print()
            print(profile(db))
        failed = [r.key for r in rows if r.verdict == "FAIL"]
        if failed:
            print(f"\nFAIL: {', '.join(failed)}")
        return 1 if failed and args.strict else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# Scheduling every contact again happens once, when the store is opened (row c includes it);
# after that the app keeps schedules and recomputes only a changed shard's (rows b1, b3).
FULL_RESCHEDULE = "every contact scheduled again + inbox (done once at open; in c)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="relinbox performance benchmarks (see docs/performance.md)"
    )
    parser.add_argument("--quick", action="store_true", help="1,000 / 10,000, fewer samples")
    parser.add_argument("--db", type=Path, help="data set to reuse (built there when missing)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--samples", type=int, help="touches logged for row a")
    parser.add_argument("--runs", type=int, help="repetitions of rows b to e")
    parser.add_argument("--profile", action="store_true", help="print cProfile summaries")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())

