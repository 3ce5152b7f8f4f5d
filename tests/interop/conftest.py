"""The interop samples live in the shared folder beside the repository, not in it."""

from __future__ import annotations

from pathlib import Path

from relinbox.interop.sources import read_source


def contacts_of(path: Path, fmt: str = "auto"):
    """The contacts read from `path`, by display name, plus the whole result."""
    result = read_source(path, fmt)
    return {r.contact.display_name: r.contact for r in result.records}, result


def emails(contact) -> list[str]:
    return [p.value for p in contact.emails]


def phones(contact) -> list[str]:
    return [p.value for p in contact.phones]


def primary(points) -> str | None:
    marked = [p.value for p in points if p.primary]
    assert len(marked) <= 1
    return marked[0] if marked else None
