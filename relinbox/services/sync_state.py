"""What sync remembers per folder (<store>/sync/<key>.json), and what waits for the user."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

import orjson
from filelock import FileLock

from relinbox.core.store import Store
from relinbox.core.store.files import atomic_write, make_private_dir
from relinbox.services.errors import UserError

STATE_FOLDER = "sync"
STATE_VERSION = 1


@dataclass(slots=True)
class Conflict:
    folder: str
    item: str  # filename in the folder
    uid: str
    name: str  # display name, for listing
    kind: str
    since: str
    copy: str = ""  # the kept copy of the item's version

    def describe(self) -> str:
        return f"{self.name} ({self.uid}): {self.kind} — {self.folder}/{self.item}"

    def to_doc(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class PendingDeletion:
    folder: str
    item: str
    uid: str
    name: str
    side: str  # "folder": the item was deleted; "relinbox": the contact was deleted

    def describe(self) -> str:
        if self.side == "folder":
            return (
                f"{self.name} ({self.uid}) was deleted from {self.folder}; "
                "--confirm-deletions deletes the contact here too"
            )
        return (
            f"{self.name} ({self.uid}) was deleted in relinbox; "
            f"--confirm-deletions deletes {self.folder}/{self.item} too"
        )


# --- state ----------------------------------------------------------------------------------


def _folder_key(folder: Path) -> str:
    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]


def state_dir(store: Store) -> Path:
    return store.root / STATE_FOLDER


class State:
    """What was synced with one folder (the JSON file is replaced atomically)."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.folder = folder.resolve()
        self.path = state_dir(store) / f"{_folder_key(folder)}.json"
        self.items: dict[str, dict[str, str]] = {}
        self.conflicts: dict[str, dict[str, str]] = {}
        self.name = ""
        try:
            doc = orjson.loads(self.path.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, orjson.JSONDecodeError) as error:
            raise UserError(f"{self.path}: sync state cannot be read ({error})") from None
        self.items = dict(doc.get("items") or {})
        self.conflicts = dict(doc.get("conflicts") or {})
        self.name = doc.get("name") or ""

    @property
    def copies(self) -> Path:
        return self.path.with_suffix("") / "conflicts"

    def save(self) -> None:
        make_private_dir(self.path.parent)
        doc = {
            "version": STATE_VERSION,
            "folder": str(self.folder),
            "name": self.name,
            "items": self.items,
            "conflicts": self.conflicts,
        }
        atomic_write(self.path, orjson.dumps(doc, option=orjson.OPT_INDENT_2))

    def uids(self) -> dict[str, str]:
        return {entry["uid"]: name for name, entry in self.items.items()}


def all_states(store: Store) -> list[State]:
    folder = state_dir(store)
    if not folder.is_dir():
        return []
    states = []
    for path in sorted(folder.glob("*.json")):
        try:
            doc = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            continue
        if isinstance(doc, dict) and isinstance(doc.get("folder"), str):
            states.append(State(store, Path(doc["folder"])))
    return states


def sync_lock(store: Store) -> FileLock:
    make_private_dir(state_dir(store))
    return FileLock(str(state_dir(store) / ".lock"), timeout=30)
