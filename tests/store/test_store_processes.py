"""Real processes: writers killed with SIGKILL mid-write, and writers running side by side.

The child processes run `store_child.py` with this interpreter and acknowledge every record
on stdout only after `Store.put` returned; whatever was acknowledged must be in the store.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from relinbox.core.store import Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

KILL_ROUNDS = 60
KILL_BUDGET_S = 30.0  # stop earlier on a slow machine


def _acks(output: str) -> tuple[set[str], set[str]]:
    """Touch and note uids from complete `ack` lines (a cut-off last line does not count)."""
    touches: set[str] = set()
    notes: set[str] = set()
    for line in output.splitlines(keepends=True):
        parts = line.split()
        if not line.endswith("\n") or not parts or parts[0] != "ack":
            continue
        touches.add(parts[1])
        notes.update(parts[2:])
    return touches, notes


def _contents(opened: Store) -> tuple[dict[str, object], dict[str, object]]:
    touches: dict[str, object] = {}
    notes: dict[str, object] = {}
    for contact in opened.contacts():
        timeline = opened.timeline(contact.uid)
        touches.update((t.uid, t) for t in timeline.touches)
        notes.update((n.uid, n) for n in timeline.notes)
    return touches, notes


def _setup(db_path: Path, tmp_path: Path, make, same_shard_uids) -> tuple[Path, list[str]]:
    """Nine contacts, four of them sharing one shard; their uids in a file for the children."""
    uids = same_shard_uids(4)
    contacts = [make.contact(f"Shared {i}", uid=uid) for i, uid in enumerate(uids)]
    contacts += [make.contact(f"Other {i}") for i in range(5)]
    Store.open(db_path).put(*contacts)
    listing = tmp_path / "contacts.txt"
    listing.write_text("\n".join(c.uid for c in contacts))
    return listing, [c.uid for c in contacts]


def test_acknowledged_touches_survive_sigkill(
    db_path, tmp_path, make, same_shard_uids, child_cmd, check_digests
) -> None:
    listing, _uids = _setup(db_path, tmp_path, make, same_shard_uids)
    rng = random.Random(20240301)
    acked_touches: set[str] = set()
    acked_notes: set[str] = set()
    orphans_seen = 0
    started = time.monotonic()
    rounds = 0
    while rounds < KILL_ROUNDS and time.monotonic() - started < KILL_BUDGET_S:
        rounds += 1
        child = subprocess.Popen(
            child_cmd("log", db_path, listing, rounds),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        ready = child.stdout.readline()
        assert ready == "ready\n", child.communicate()[1]
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        output, errors = child.communicate()
        assert child.returncode == -signal.SIGKILL, errors
        touches, notes = _acks(output)
        acked_touches |= touches
        acked_notes |= notes
        orphans_seen += bool(list(db_path.rglob("*.tmp")))

        opened = Store.open(db_path)  # must open, and clean up after the killed writer
        assert not list(db_path.rglob("*.tmp"))
        stored_touches, stored_notes = _contents(opened)
        missing = acked_touches - stored_touches.keys()
        assert not missing, f"round {rounds}: {len(missing)} acknowledged touches lost"
        assert not acked_notes - stored_notes.keys(), f"round {rounds}: notes lost"
        # a touch and a note put together (one shard) are written together or not at all
        touch_texts = {t.note for t in stored_touches.values()}
        for note in stored_notes.values():
            assert note.text.replace("note", "touch", 1) in touch_texts
        check_digests(opened)
    assert rounds >= 20
    assert len(acked_touches) > rounds  # the children did get work done between kills
    print(f"{rounds} kills, {len(acked_touches)} touches acknowledged, "
          f"{orphans_seen} rounds left temp files")


def test_concurrent_writers_lose_nothing_and_a_reader_sees_it(
    db_path, tmp_path, make, same_shard_uids, child_cmd, check_digests
) -> None:
    listing, uids = _setup(db_path, tmp_path, make, same_shard_uids)
    reader = subprocess.Popen(
        child_cmd("reader", db_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    before = json.loads(reader.stdout.readline())["before"]
    assert set(before) == set(uids)
    assert all(entry["touches"] == 0 for entry in before.values())

    per_writer = 80
    writers = [
        subprocess.Popen(
            child_cmd("log", db_path, listing, seed, per_writer, "wait"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2, 3)
    ]
    for writer in writers:  # every writer has the store open before any starts writing
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    acked_touches: set[str] = set()
    acked_notes: set[str] = set()
    for writer in writers:
        output, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
        touches, notes = _acks(output)
        assert len(touches) == per_writer
        acked_touches |= touches
        acked_notes |= notes

    final = Store.open(db_path)
    stored_touches, stored_notes = _contents(final)
    assert stored_touches.keys() == acked_touches
    assert stored_notes.keys() == acked_notes
    check_digests(final)
    shared = uids[:4]
    assert sum(len(final.timeline(uid).touches) for uid in shared) > 0  # the busy shard

    reader.stdin.write("refresh\n")
    reader.stdin.flush()
    output, errors = reader.communicate(timeout=60)
    assert reader.returncode == 0, errors
    seen = json.loads(output)
    assert seen["changed"] is True
    expected = {}
    for digest in final.digests():
        timeline = final.timeline(digest.uid)
        expected[digest.uid] = {
            "counted": digest.counted,
            "attempts": digest.attempts,
            "touches": len(timeline.touches),
            "notes": len(timeline.notes),
        }
    assert seen["after"] == expected
    assert sum(entry["touches"] for entry in seen["after"].values()) == 3 * per_writer


def test_an_open_store_sees_another_process_after_refresh(
    db_path, tmp_path, make, same_shard_uids, child_cmd
) -> None:
    """The reader here is this process; the writer a child."""
    listing, uids = _setup(db_path, tmp_path, make, same_shard_uids)
    reader = Store.open(db_path)
    assert all(d.counted == 0 for d in reader.digests())
    assert not reader.refresh()
    result = subprocess.run(
        child_cmd("log", db_path, listing, 7, 25),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    touches, _notes = _acks(result.stdout)
    assert reader.refresh()
    seen = {t.uid for uid in uids for t in reader.timeline(uid).touches}
    assert seen == touches
    assert sum(d.counted + d.attempts for d in reader.digests()) == 25
