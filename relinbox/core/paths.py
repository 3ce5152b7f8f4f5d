"""Where relinbox keeps things: XDG folders from platformdirs, overridable by flags and env."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "relinbox"
DB_ENV = "RELINBOX_DB"
CONFIG_ENV = "RELINBOX_CONFIG"


def default_store_path() -> Path:
    return platformdirs.user_data_path(APP) / "store"


def store_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH` wins, then `$RELINBOX_DB`, then the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_store_path()


def demo_store_path() -> Path:
    """The demo store: rebuilt on every `--demo`, never the user's own."""
    return platformdirs.user_cache_path(APP) / "demo-store"


def config_path() -> Path:
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_config_path(APP) / "config.toml"


def state_path() -> Path:
    """Small UI state the app remembers (theme, drafts); not user-edited."""
    return platformdirs.user_state_path(APP)
