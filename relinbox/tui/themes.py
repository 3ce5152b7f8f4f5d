"""Colour themes as TOML files: the shipped ones (`themes/` in a checkout, `relinbox/_themes`
in the wheel) and the user's own (`themes/` beside the config file).

    name = "relinbox-dark"            # how it is listed in the palette
    dark = true
    [colors]                          # Textual theme colours, CSS colour syntax
    primary = "#7aa2f7"
    background = "#1a1b26"            # also: secondary, accent, warning, error, success,
                                      # foreground, surface, panel, boost
    [variables]                       # optional Textual design variables
    "block-cursor-background" = "#33467c"

A file that cannot be used is reported (one line naming the file) and skipped; the app then
falls back to the default theme. Nothing here raises.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from relinbox.core import paths

DEFAULT_THEME = "relinbox-dark"
COLOR_KEYS = frozenset({
    "primary", "secondary", "accent", "warning", "error", "success",
    "foreground", "background", "surface", "panel", "boost",
})  # fmt: skip
TOP_KEYS = frozenset({"name", "dark", "colors", "variables", "description"})


class ThemeError(ValueError):
    """A theme file that cannot be used; the message names the file."""


def shipped_dir() -> Path | None:
    """The themes that come with relinbox: inside the wheel, else the checkout's `themes/`."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_themes", package.parent / "themes"):
        if candidate.is_dir():
            return candidate
    return None


def user_dir() -> Path:
    return paths.config_path().parent / "themes"


def theme_files(directories: Iterable[Path | None]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if directory is not None and directory.is_dir():
            files += sorted(directory.glob("*.toml"))
    return files


def parse_theme(data: dict[str, Any], source: str) -> Theme:
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ThemeError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeError(f"{source}: 'name' must be text")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{source}: 'dark' must be true or false")
    colors = data.get("colors", {})
    if not isinstance(colors, dict):
        raise ThemeError(f"{source}: [colors] must be a table")
    unknown = set(colors) - COLOR_KEYS
    if unknown:
        raise ThemeError(f"{source}: unknown colour(s) {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(COLOR_KEYS))}")
    if "primary" not in colors:
        raise ThemeError(f"{source}: [colors] needs at least 'primary'")
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeError(f"{source}: [variables] must be a table")
    for key, value in [*colors.items(), *variables.items()]:
        if not isinstance(value, str):
            raise ThemeError(f"{source}: {key!r} must be a colour in quotes")
    for key, value in colors.items():
        try:
            Color.parse(value)
        except ColorParseError:
            raise ThemeError(f"{source}: {key} = {value!r} is not a colour") from None
    return Theme(name=name.strip(), dark=dark, variables=dict(variables), **colors)


def load_theme(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeError(f"{path}: cannot read it ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ThemeError(f"{path}: not valid TOML ({error})") from None
    return parse_theme(data, str(path))


def load_themes(directories: Iterable[Path | None] | None = None) -> tuple[list[Theme],
                                                                          list[str]]:
    """Every usable theme (a user theme replaces a shipped one of the same name) and one
    problem line per file that could not be used."""
    if directories is None:
        directories = (shipped_dir(), user_dir())
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for path in theme_files(directories):
        try:
            theme = load_theme(path)
        except ThemeError as error:
            problems.append(f"theme skipped: {error}")
            continue
        themes[theme.name] = theme
    return list(themes.values()), problems
