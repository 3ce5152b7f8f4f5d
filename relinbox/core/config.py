"""The user's config file (TOML): time zone, cadence numbers, key bindings.

    timezone = "Europe/London"        # default: the system's
    [cadence]                         # see docs/cadence.md
    daily_capacity = 10
    [cadence.tiers.A]
    interval_days = 21
    [keys]                            # binding id = keys, see `?` in the app
    done = "d,space"
    [sync]                            # see docs/sync.md
    addressbooks = [{name = "personal", path = "~/.contacts/personal"}]
    calendar = "~/relinbox/follow-ups.ics"
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
    sync: SyncConfig = field(default_factory=lambda: SyncConfig())


@dataclass(frozen=True, slots=True)
class AddressBook:
    """A vdir folder (one vCard per file) that `relinbox sync` keeps in step with the store."""

    name: str
    path: Path
    version: str = "3.0"  # the vCard version of items relinbox creates there


@dataclass(frozen=True, slots=True)
class SyncConfig:
    addressbooks: tuple[AddressBook, ...] = ()
    calendar: Path | None = None  # the iCalendar file `relinbox sync` rewrites


KNOWN_KEYS = {"timezone", "cadence", "keys", "theme", "sync"}
SYNC_KEYS = {"addressbooks", "calendar"}
ADDRESSBOOK_KEYS = {"name", "path", "version"}


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
    sync = _sync_config(path, data.get("sync", {}))
    return Config(
        path=path, timezone=timezone, cadence=cadence, keys=keys, theme=theme, sync=sync
    )


def _config_path(path: Path, value: str) -> Path:
    """A path from the config file: `~` expanded, relative to the config file's folder."""
    target = Path(value).expanduser()
    return target if target.is_absolute() else path.parent / target


def _sync_config(path: Path, data: Any) -> SyncConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: [sync] must be a table")
    unknown = set(data) - SYNC_KEYS
    if unknown:
        raise ConfigError(
            f"{path}: unknown [sync] setting(s) {', '.join(sorted(unknown))};"
            f" known: {', '.join(sorted(SYNC_KEYS))}"
        )
    calendar = data.get("calendar")
    if calendar is not None and (not isinstance(calendar, str) or not calendar.strip()):
        raise ConfigError(f'{path}: [sync] calendar must be a file path such as "relinbox.ics"')
    books = data.get("addressbooks", [])
    example = '[{name = "personal", path = "~/.contacts/personal"}]'
    if not isinstance(books, list):
        raise ConfigError(f"{path}: [sync] addressbooks must be a list such as {example}")
    result: list[AddressBook] = []
    for number, book in enumerate(books, 1):
        where = f"{path}: [sync] addressbooks entry {number}"
        if not isinstance(book, dict):
            raise ConfigError(f"{where} must be a table such as {example}")
        unknown = set(book) - ADDRESSBOOK_KEYS
        if unknown:
            raise ConfigError(f"{where} has unknown key(s) {', '.join(sorted(unknown))}")
        name, folder = book.get("name"), book.get("path")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where} needs a name (text)")
        if not isinstance(folder, str) or not folder.strip():
            raise ConfigError(f"{where} needs a path: the vdir folder")
        if any(other.name == name for other in result):
            raise ConfigError(f"{where}: the name {name!r} is used twice")
        version = book.get("version", "3.0")
        if version not in ("3.0", "4.0"):
            raise ConfigError(f'{where}: version must be "3.0" or "4.0"')
        result.append(AddressBook(name, _config_path(path, folder), version))
    return SyncConfig(
        tuple(result), _config_path(path, calendar) if calendar is not None else None
    )
