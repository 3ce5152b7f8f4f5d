"""Call-note drafts: what is typed during a call, saved atomically so a killed terminal loses
nothing. One JSON file per store and contact under `paths.state_path()/drafts/`; the next start
offers it back; logging (or discarding) the call deletes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from relinbox.core import paths
from relinbox.core.store.files import atomic_write, make_private_dir

DRAFT_DIR = "drafts"
VERSION = 1


@dataclass(slots=True)
class Draft:
    store: str  # the store folder, resolved
    contact: str  # uid
    name: str  # display name, to offer it back without opening the contact
    started_at: str  # ISO instant the call started
    seconds: float = 0.0  # call time when last saved
    text: str = ""
    version: int = VERSION
    path: Path | None = field(default=None, compare=False)

    def to_json(self) -> bytes:
        doc = asdict(self)
        doc.pop("path")
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def drafts_dir() -> Path:
    return paths.state_path() / DRAFT_DIR


def store_key(store: Path) -> str:
    return str(Path(store).expanduser().resolve())


def draft_path(store: Path, contact: str) -> Path:
    digest = hashlib.sha256(store_key(store).encode("utf-8")).hexdigest()[:12]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", contact)[:80]
    return drafts_dir() / f"{digest}-{safe}.json"


def save(draft: Draft) -> Path:
    path = draft.path or draft_path(Path(draft.store), draft.contact)
    make_private_dir(path.parent)
    atomic_write(path, draft.to_json())
    draft.path = path
    return path


def read(path: Path) -> Draft | None:
    """The draft in `path`, or None when it is unreadable (damaged files are left alone)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        draft = Draft(**{k: v for k, v in doc.items() if k != "path"})
    except (OSError, ValueError, TypeError):
        return None
    if not (isinstance(draft.contact, str) and isinstance(draft.text, str)):
        return None
    draft.path = path
    return draft


def for_store(store: Path) -> list[Draft]:
    """Drafts left for this store, oldest first."""
    directory = drafts_dir()
    if not directory.is_dir():
        return []
    key = store_key(store)
    found = [d for d in (read(p) for p in sorted(directory.glob("*.json"))) if d is not None]
    return sorted((d for d in found if d.store == key), key=lambda d: d.started_at)


def find(store: Path, contact: str) -> Draft | None:
    path = draft_path(store, contact)
    return read(path) if path.exists() else None


def discard(draft: Draft) -> None:
    if draft.path is not None:
        draft.path.unlink(missing_ok=True)


TASK = re.compile(r"^\s*(?:[-*]\s+)?\[ \]\s*(.*\S)\s*$")


def task_lines(text: str) -> list[str]:
    """Reasons of the note's `[ ]` lines (also `- [ ]`), which become follow-ups."""
    return [m.group(1) for m in (TASK.match(line) for line in text.splitlines()) if m]
