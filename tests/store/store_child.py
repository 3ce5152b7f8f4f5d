"""Child process for the durability and concurrency tests (run with `sys.executable`).

    store_child.py log DB CONTACTS SEED [COUNT [wait]]
                                                  put touches (some with a note in the same put)
                                                  until COUNT or until killed; with `wait`, only
                                                  after a line arrives on stdin
    store_child.py reader DB                      open, summarise, wait for a line on stdin,
                                                  refresh(), summarise again

`CONTACTS` is a file with one contact uid a line. Every record is acknowledged on stdout only
after `Store.put` returned, as `ack TOUCH_UID [NOTE_UID]`, flushed at once.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relinbox.core.models import Channel, Direction, Exchange, Note, Outcome, Touch
from relinbox.core.store import Store


def log(db: str, contacts_file: str, seed: str, count: str = "0", wait: str = "") -> None:
    rng = random.Random(int(seed))
    contacts = Path(contacts_file).read_text().split()
    limit = int(count)
    store = Store.open(db, create=False)
    print("ready", flush=True)
    if wait:
        sys.stdin.readline()
    written = 0
    start = datetime(2023, 1, 1, tzinfo=UTC)
    while not limit or written < limit:
        contact = rng.choice(contacts)
        touch = Touch(
            contact,
            start + timedelta(minutes=rng.randrange(1_000_000)),
            rng.choice(list(Channel)),
            direction=rng.choice(list(Direction)),
            outcome=rng.choice([Outcome.CONNECTED, Outcome.CONNECTED, Outcome.NO_ANSWER]),
            exchange=rng.choice([None, None, Exchange.GIVE, Exchange.ASK]),
            note=f"touch {seed}-{written}",
        )
        if rng.random() < 0.3:
            note = Note(contact, f"note {seed}-{written}")
            store.put(touch, note)
            print("ack", touch.uid, note.uid, flush=True)
        else:
            store.put(touch)
            print("ack", touch.uid, flush=True)
        written += 1


def summary(store: Store) -> dict[str, dict[str, int]]:
    result = {}
    for digest in store.digests():
        timeline = store.timeline(digest.uid)
        result[digest.uid] = {
            "counted": digest.counted,
            "attempts": digest.attempts,
            "touches": len(timeline.touches),
            "notes": len(timeline.notes),
        }
    return result


def reader(db: str) -> None:
    store = Store.open(db, create=False)
    print(json.dumps({"before": summary(store)}), flush=True)
    sys.stdin.readline()
    changed = store.refresh()
    print(json.dumps({"changed": changed, "after": summary(store)}), flush=True)


if __name__ == "__main__":
    commands = {"log": log, "reader": reader}
    commands[sys.argv[1]](*sys.argv[2:])
