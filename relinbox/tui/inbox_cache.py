"""The last inbox computed for a store, kept so the next start can paint it at once.

Computing today's inbox means parsing every contact's digest (about half a second at 10,000
contacts on a slow machine). The app saves what it computed, with the identity (inode, mtime,
size) of every store file it was computed from, the day and the cadence settings. At the next
start the saved inbox is used only if all of these are still exactly the same, so it is never
stale: any write to the store, by any process, changes a file's identity. The real inbox is
computed right after in a worker and replaces it (it also knows the overflow list).

Files: `paths.state_path()/inbox-cache/<hash of the store path>.json`, written atomically. A
missing, damaged or mismatched file just means no head start.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from relinbox.core import paths
from relinbox.core.cadence import Inbox, InboxItem
from relinbox.core.store.files import atomic_write, make_private_dir

VERSION = 1
CACHE_DIR = "inbox-cache"

Signature = list[list[Any]]


def cache_file(store: Path) -> Path:
    key = str(Path(store).expanduser().resolve())
    return paths.state_path() / CACHE_DIR / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


def signature(store: Path) -> Signature:
    """Identity of every file the inbox depends on (the store's meta file and shards)."""
    root = Path(store)
    found: Signature = []
    for path in [root / "meta.json", *sorted((root / "shards").glob("*.jsonl"))]:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            continue
        found.append([path.name, stat.st_ino, stat.st_mtime_ns, stat.st_size])
    return found


def settings_key(settings: Any, tz: Any) -> str:
    return hashlib.sha256(f"{settings!r}|{tz}".encode()).hexdigest()[:16]


def _item(doc: dict[str, Any]) -> InboxItem:
    return InboxItem(
        doc["uid"], doc["display_name"], doc["kind"], date.fromisoformat(doc["due"]),
        doc["status"], doc["stage"], doc["counted_touches"], doc["target"], doc["reason"],
        doc["overdue_days"], doc["tier"], doc["suggested_channel"], doc["followup_uid"],
        doc["progress"], doc["date_kind"], tuple(doc["flags"]),
    )


def load(store: Path, today: date, key: str) -> Inbox | None:
    """The saved inbox, if it was computed from exactly the store's current files."""
    try:
        doc = json.loads(cache_file(store).read_text(encoding="utf-8"))
        if (doc.get("version") != VERSION or doc.get("today") != today.isoformat()
                or doc.get("settings") != key or doc.get("signature") != signature(store)):
            return None
        inbox = doc["inbox"]
        return Inbox(
            date.fromisoformat(inbox["date"]),
            tuple(_item(i) for i in inbox["items"]),
            tuple(_item(i) for i in inbox["tomorrow"]["items"]),
            date.fromisoformat(inbox["tomorrow"]["date"]),
            more=inbox["more"],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(store: Path, inbox: Inbox, before: Signature, key: str) -> None:
    """Remember `inbox`, computed from the files as they were in `before` (taken before the
    store was read, so a write during the computation makes the cache miss, never lie)."""
    doc = {"version": VERSION, "today": inbox.date.isoformat(), "settings": key,
           "signature": before, "inbox": inbox.to_json()}
    path = cache_file(store)
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    make_private_dir(path.parent)
    atomic_write(path, data)
