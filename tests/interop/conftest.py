"""The interop samples live in the shared folder beside the repository, not in it."""

from __future__ import annotations

from pathlib import Path

from relinbox.interop.problems import Problems
from relinbox.interop.sources import read_source
from relinbox.interop.vcard import read_vcards


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


def vcards(text: str | bytes):
    """The contacts, problems and skipped count of vCard text read on its own."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    problems = Problems("test.vcf")
    cards, skipped, _found = read_vcards(data, problems)
    return [c for c, _ in cards], problems, skipped


def one(text: str | bytes):
    cards, problems, _ = vcards(text)
    assert len(cards) == 1, problems
    return cards[0], problems
