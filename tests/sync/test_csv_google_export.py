"""Google CSV export: layout, CSV-injection guard, round trip through `relinbox import`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from relinbox.core.models import Contact, ContactPoint, Name
from relinbox.interop.export import csv_google
from relinbox.interop.sources import read_source

TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_character_is_neutralised(trigger):
    hostile = f"{trigger}cmd|' /C calc'!A0"
    contact = Contact(
        display_name="X", uid="x", name=Name(given=hostile), notes=hostile, tags=[hostile],
        emails=[ContactPoint(f"{trigger}a@example.org", hostile)],
        phones=[ContactPoint(f"{trigger}44 20 7946 0001")], custom={hostile: hostile},
    )
    data = csv_google.export([contact])
    header, row = rows_of(data)
    for cell in row:
        assert not cell.startswith(tuple(TRIGGERS)), repr(cell)
    assert row[header.index("First Name")] == "'" + hostile
    assert row[header.index("Phone 1 - Value")] == f"'{trigger}44 20 7946 0001"
    # every field is quoted
    first_line = data.split(b"\r\n")[1]
    assert first_line.startswith(b'"') and b',"' in first_line


def test_layout_is_googles_current_header():
    header, *_ = rows_of(csv_google.export([Contact(display_name="A", uid="a")]))
    assert header[:3] == ["First Name", "Middle Name", "Last Name"]
    assert header[16] == "Labels"
    assert "E-mail 1 - Label" in header and "Phone 1 - Value" in header
    assert "Group Membership" not in header


def test_primary_labels_yearless_dates_and_labels():
    contact = Contact(
        display_name="Grace Hopper", uid="g", name=Name(given="Grace", family="Hopper"),
        emails=[ContactPoint("g@cobol.example", "Other"),
                ContactPoint("grace@navy.example", "Work", primary=True)],
        birthday="--12-09", tags=["Navy"], starred=True,
    )
    header, row = rows_of(csv_google.export([contact]))
    cell = dict(zip(header, row, strict=True))
    assert cell["E-mail 1 - Label"] == "* Work"
    assert cell["E-mail 1 - Value"] == "grace@navy.example"
    assert cell["Birthday"] == " --12-09"
    assert cell["Labels"] == "Navy ::: * starred ::: * myContacts"


def test_sample_round_trip_through_the_importer(samples, tmp_path: Path):
    before = {r.contact.display_name: r.contact for r in
              read_source(samples / "google_contacts.csv").records}
    out = tmp_path / "export.csv"
    out.write_bytes(csv_google.export(list(before.values())))
    result = read_source(out)
    assert result.kind == "google" and not result.problems
    after = {r.contact.display_name: r.contact for r in result.records}
    assert set(after) == set(before)
    for name, contact in before.items():
        again = after[name]
        for field in ("name", "nickname", "org", "tags", "starred", "birthday", "anniversary",
                      "important_dates", "related", "urls", "addresses", "custom"):
            assert getattr(again, field) == getattr(contact, field), (name, field)
        ordered = sorted(contact.emails, key=lambda p: not p.primary)
        assert [(p.value, p.label, p.primary) for p in again.emails] == [
            (p.value, p.label, p.primary) for p in ordered
        ]
        assert again.notes == contact.notes  # "=SUM(…)" comes back literally
        assert [p.value for p in again.phones] == [p.value for p in contact.phones]


def test_round_trip_through_relinbox_import(cli, samples, tmp_path: Path):
    assert cli("import", str(samples / "google_contacts.csv")).returncode == 0
    out = tmp_path / "export.csv"
    from relinbox.core.store import Store

    with Store.open(cli.db) as store:
        out.write_bytes(csv_google.export(store.contacts()))
        before = {c.display_name: c for c in store.contacts()}
    second = tmp_path / "second"
    result = cli_in(cli, second, "import", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("10 imported"), result.stdout
    with Store.open(second) as store:
        after = {c.display_name: c for c in store.contacts()}
    assert set(after) == set(before)
    for name, contact in before.items():
        assert after[name].birthday == contact.birthday
        assert {e.value for e in after[name].emails} == {e.value for e in contact.emails}
        assert [p.value for p in after[name].phones] == [p.value for p in contact.phones]


def cli_in(cli, db: Path, *args: str):
    import subprocess

    from tests.sync.conftest import relinbox_command

    return subprocess.run([*relinbox_command(), "--db", str(db), *args], capture_output=True,
                          text=True, timeout=120)
