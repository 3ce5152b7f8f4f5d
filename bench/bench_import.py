"""Import benchmarks: a vdir of 10,000 vCards and a 10,000-row Google CSV (budget: 1.0 s each).

Run alone: `python bench/bench_import.py [--runs N] [--count N] [--anchor]`. The inputs are
generated into a temporary folder. Prints the median of several runs for reading (parsing into
contacts) and for a whole import into a fresh store, each against the budget, and the
import's phases (not judged); exits 1 when either is over it.

`--anchor` also times the issue's anchor on the same cards in the same minute: vobject 0.9.9
parsing the vdir (install it with `pip install -e '.[bench]'`). The issue measured it at 2.3 s
where the 1.0 s budget was set, so the budget on this machine is 1.0 s scaled by the anchor's
time here over 2.3 s. With `--anchor` every time is judged against both budgets, and the exit
status follows the scaled one; without it, against 1.0 s alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from relinbox.interop.sources import read_source

BUDGET_S = 1.0
BUDGET_COUNT = 10_000
ANCHOR_S = 2.3  # vobject parsing 10,000 vCards where the budget was set (the anchor)
GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,"
    "E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Website 1 - Label,Website 1 - Value,Event 1 - Label,Event 1 - Value,Relation 1 - Label,"
    "Relation 1 - Value,Custom Field 1 - Label,Custom Field 1 - Value"
)


def write_vdir(folder: Path, count: int) -> Path:
    collection = folder / "contacts"
    collection.mkdir()
    (collection / "displayname").write_text("Bench\n")
    for i in range(count):
        uid = f"bench-{i:05d}"
        card = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"UID:{uid}\r\nN:Person{i};Given{i % 97};;;\r\nFN:Given{i % 97} Person{i}\r\n"
            f"EMAIL;TYPE=INTERNET,WORK,PREF:person{i}@example.org\r\n"
            f"TEL;TYPE=CELL:+44 20 7946 {i % 10000:04d}\r\n"
            f"ORG:Company {i % 300};Sales\r\nTITLE:Advisor\r\n"
            f"BDAY:19{i % 90 + 10}-0{i % 9 + 1}-1{i % 9}\r\n"
            f"CATEGORIES:Clients,Tier{i % 3}\r\n"
            f"NOTE:Met at the conference\\, talked about pensions.\\nCall back in spring about \r\n"
            " the portfolio review.\r\n"
            "item1.X-ABLabel:_$!<Other>!$_\r\n"
            f"item1.URL:https://example.org/p/{i}\r\n"
            "REV:2026-01-15T10:00:00Z\r\nEND:VCARD\r\n"
        )
        (collection / f"{uid}.vcf").write_bytes(card.encode())
    return collection


def write_google_csv(folder: Path, count: int) -> Path:
    path = folder / "google.csv"
    rows = [GOOGLE_HEADER]
    for i in range(count):
        rows.append(
            f"Given{i % 97},,Person{i},,,,,,,,Company {i % 300},Advisor,Sales,"
            f'19{i % 90 + 10}-0{i % 9 + 1}-1{i % 9},"Met at the conference, pensions.\n'
            f'Call back in spring.",,Clients ::: * myContacts,* Work,person{i}@example.org,'
            f"Home,home{i}@example.net,Mobile,+44 20 7946 {i % 10000:04d},,,Home,,"
            f"{i} High Street,London,,,SW1 {i % 9}AA,GB,,,,,,,,,"
        )
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode())
    return path


def median_of(runs: int, action) -> tuple[float, float]:
    """Medians of wall-clock and CPU seconds (CPU time varies less on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


_EMPTY_LOOP = compile("for _ in range(1_000_000): pass", "<calibration>", "exec")


def _empty_loop() -> None:
    """The yardstick of the budgets: an empty 1M-iteration loop at module level."""
    exec(_EMPTY_LOOP, {})


def import_into_fresh_store(path: Path, scratch: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole import into a new store: creating the store,
    reading, matching and the durable write are timed; removing the store afterwards is not."""
    from relinbox.core.store import Store
    from relinbox.services.importing import import_paths

    with tempfile.TemporaryDirectory(dir=scratch) as db:
        start, start_cpu = time.perf_counter(), time.process_time()
        store = Store.open(Path(db) / "store")
        try:
            report = import_paths([path], store)
        finally:
            store.close()
        timing = time.perf_counter() - start, time.process_time() - start_cpu
        assert report.imported > 0 and not report.problems, report.summary()
    os.sync()  # let the removal reach the disk now, not during the next run's fsyncs
    return timing


def import_phases(path: Path, scratch: Path) -> dict[str, float]:
    """Seconds of each step of one import into a new store, run step by step through the
    same service functions `import_paths` calls (information only: not judged)."""
    from relinbox.core.models import utc_now
    from relinbox.core.store import Store
    from relinbox.interop.sources import paused_gc
    from relinbox.services.importing import (
        ImportReport,
        followups,
        merge_candidates,
        plan_import,
    )

    with tempfile.TemporaryDirectory(dir=scratch) as db, paused_gc():
        now = utc_now()
        store = Store.open(Path(db) / "store")
        start = time.perf_counter()
        records = read_source(path, "auto", now).records
        read = time.perf_counter()
        plan = plan_import(records, store.contacts(), ImportReport(), now)
        writes = [*plan.contacts, *followups(plan, store, now)]
        planned = time.perf_counter()
        with store.batch() as batch:
            for record in writes:
                batch.put(record)
        stored = time.perf_counter()
        merge_candidates(plan.subjects, {c.uid: c for c in plan.contacts})
        done = time.perf_counter()
        store.close()
    os.sync()
    return {
        "read": read - start,
        "match": planned - read,
        "store (serialise, digest, write the shard files durably)": stored - planned,
        "merge candidates": done - stored,
    }


def vobject_parse(collection: Path) -> None:
    """The anchor: vobject parses every item of the vdir (each file read as text)."""
    import vobject

    for item in sorted(collection.glob("*.vcf")):
        for _ in vobject.readComponents(item.read_text(encoding="utf-8")):
            pass


def measure_anchor(runs: int, collection: Path) -> float | None:
    """Median seconds vobject takes to parse the vdir here, or None when it is not installed."""
    try:
        import vobject  # noqa: F401
    except ImportError:
        print("anchor: vobject is not installed (pip install -e '.[bench]'); not measured")
        return None
    anchor, _ = median_of(runs, lambda: vobject_parse(collection))
    budget = BUDGET_S * anchor / ANCHOR_S
    print(
        f"anchor: vobject parses the same vdir in {anchor:.3f} s here (median of {runs}), "
        f"{ANCHOR_S} s where the {BUDGET_S:.1f} s budget was set: the budget on this machine "
        f"is {budget:.3f} s"
    )
    return anchor


def judge(seconds: float, anchor: float | None, count: int) -> tuple[str, bool]:
    """The verdict on one median, and whether it fails: against the budget scaled to this
    machine when the anchor was measured (the absolute budget shown beside it), else 1.0 s.
    The budget is for the issue's 10,000 records, so other counts are not judged (the durable
    write of every shard file costs about the same for 40 records as for 10,000)."""
    if count != BUDGET_COUNT:
        return (f"not judged: the budget is for {BUDGET_COUNT:,} records", False)
    absolute = "ok" if seconds <= BUDGET_S else "over"
    if anchor is None:
        return (f"{absolute}; budget {BUDGET_S:.1f} s", seconds > BUDGET_S)
    scaled = BUDGET_S * anchor / ANCHOR_S
    verdict = "ok" if seconds <= scaled else "OVER BUDGET"
    return (
        f"{verdict}: {seconds / anchor:.0%} of the anchor here, budget {BUDGET_S / ANCHOR_S:.0%}"
        f" ({scaled:.2f} s here); {absolute} against {BUDGET_S:.1f} s unscaled",
        seconds > scaled,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=BUDGET_COUNT)
    parser.add_argument("--no-store", action="store_true", help="only time the reading")
    parser.add_argument(
        "--anchor", action="store_true", help="also time vobject on the same vCards"
    )
    args = parser.parse_args()
    failed = False
    loop, _ = median_of(args.runs, _empty_loop)
    print(f"machine speed: an empty 1M-iteration loop takes {loop * 1000:.0f} ms (median)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        vdir = write_vdir(folder, args.count)
        inputs = {
            f"vdir of {args.count} vCards": vdir,
            f"Google CSV of {args.count} rows": write_google_csv(folder, args.count),
        }
        anchor = measure_anchor(args.runs, vdir) if args.anchor else None
        for name, path in inputs.items():
            result = read_source(path)
            assert len(result.records) == args.count and not result.problems, result.problems[:3]
            read, read_cpu = median_of(args.runs, lambda p=path: read_source(p))
            verdict, over = judge(read, anchor, args.count)
            failed |= over
            print(
                f"read {name}: median {read:.3f} s wall, {read_cpu:.3f} s CPU "
                f"of {args.runs} runs ({verdict})"
            )
            if not args.no_store:
                timings = [import_into_fresh_store(path, folder) for _ in range(args.runs)]
                whole = statistics.median(wall for wall, _ in timings)
                whole_cpu = statistics.median(cpu for _, cpu in timings)
                verdict, over = judge(whole, anchor, args.count)
                failed |= over
                print(
                    f"import {name} into a fresh store: median {whole:.3f} s wall, "
                    f"{whole_cpu:.3f} s CPU of {args.runs} runs ({verdict})"
                )
                phases = [import_phases(path, folder) for _ in range(args.runs)]
                print(
                    "  by phase (median ms): "
                    + ", ".join(
                        f"{phase} {statistics.median(run[phase] for run in phases) * 1000:.0f}"
                        for phase in phases[0]
                    )
                )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
