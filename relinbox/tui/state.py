"""Small UI state the app remembers between runs (the chosen theme), as JSON under
`paths.state_path()`; written atomically. A missing or damaged file means defaults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from relinbox.core import paths
from relinbox.core.store.files import atomic_write, make_private_dir

STATE_FILE = "app.json"


def state_file() -> Path:
    return paths.state_path() / STATE_FILE


def load_state() -> dict[str, Any]:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(**values: Any) -> None:
    """Merge `values` into the state file."""
    state = load_state()
    state.update(values)
    path = state_file()
    make_private_dir(path.parent)
    atomic_write(path, (json.dumps(state, indent=2, sort_keys=True) + "\n").encode("utf-8"))
