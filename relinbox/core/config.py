"""The user's config file (TOML): time zone, cadence numbers, key bindings.

    timezone = "Europe/London"        # default: the system's
    [cadence]                         # see docs/cadence.md
    daily_capacity = 10
    [cadence.tiers.A]
    interval_days = 21
    [keys]                            # binding id = keys, see `?` in the app
    done = "d,space"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relinbox.core import paths


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file (and line when known)."""


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None = None
    timezone: str | None = None
    cadence: Mapping[str, Any] = field(default_factory=dict)
    keys: Mapping[str, str] = field(default_factory=dict)
    theme: str | None = None


KNOWN_KEYS = {"timezone", "cadence", "keys", "theme"}


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file means all defaults."""
    path = path or paths.config_path()
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the config file ({error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(sorted(unknown))};"
            f" known: {', '.join(sorted(KNOWN_KEYS))}"
        )
    timezone = data.get("timezone")
    if timezone is not None and not isinstance(timezone, str):
        raise ConfigError(f"{path}: 'timezone' must be text such as \"Europe/London\"")
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{path}: 'theme' must be a theme name")
    cadence = data.get("cadence", {})
    if not isinstance(cadence, dict):
        raise ConfigError(f"{path}: [cadence] must be a table")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise ConfigError(f'{path}: [keys] maps binding ids to keys, e.g. done = "d"')
    return Config(path=path, timezone=timezone, cadence=cadence, keys=keys, theme=theme)
