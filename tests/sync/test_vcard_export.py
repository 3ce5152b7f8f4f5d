"""vCard 4.0 / 3.0 export: fields, escaping, folding, extra lines and groups, round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relinbox.core.models import (
    Address,
    Contact,
    ContactPoint,
    ImportantDate,
    Name,
    Org,
    Related,
)
from relinbox.interop.export import vcard
from relinbox.interop.problems import Problems
from relinbox.interop.sources import read_source
from relinbox.interop.vcard.mapping import read_vcards
from relinbox.interop.vcard.reader import read_cards


def sample_contact() -> Contact:
    return Contact(
        display_name="Ada Lovelace",
        uid="urn:uuid:0b1d6c1e-5a0e-4c55-9f0a-ada000000001",
        name=Name("Countess", "Ada", "Augusta", "Lovelace", ""),
        nickname="Ada",
        emails=[
            ContactPoint("ada.king@home.example", "home"),
            ContactPoint("ada@analytical.example", "Work", primary=True),
        ],
        phones=[ContactPoint("+44 20 7946 0001", "cell")],
        org=Org("Analytical Engine Society, Ltd.", "Mathematician", "Research"),
        tags=["Mentors", "Royal Society, London"],
        starred=True,
        birthday="--12-10",
        anniversary="1835-07-08",
        important_dates=[ImportantDate("Joined", "1843-01-01")],
        related=[Related("William King", "spouse"), Related("Byron", "Father")],
        notes="Line one; with, punctuation\\back\nLine two",
        urls=["https://analytical.example/ada"],
        addresses=[Address("home", street="12 St James's Square", city="London",
                           formatted="12 St James's Square\nLondon")],
        custom={"Met via": "Royal Society; 1833"},
        extra=[
            "item1.X-ABLabel:Leftover label",
            "X-RELINBOX-NEXT-FOLLOWUP:2020-01-01",
            "X-UNKNOWN;PARAM=1:value kept",
        ],
    )


def lines_of(data: bytes) -> list[str]:
    return data.decode().replace("\r\n ", "").split("\r\n")


def reimport(data: bytes) -> Contact:
    problems = Problems("export.vcf")
    cards, skipped, found = read_vcards(data, problems)
    assert found and not skipped and not problems, [str(p) for p in problems]
    assert len(cards) == 1
    return cards[0][0]


def test_vcard4_fields_and_choices():
    data = vcard.export([sample_contact()], {sample_contact().uid: date(2026, 12, 1)})
    lines = lines_of(data)
    assert lines[:4] == ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{vcard.PRODID}",
                         "UID:urn:uuid:0b1d6c1e-5a0e-4c55-9f0a-ada000000001"]
    assert lines[-2:] == ["END:VCARD", ""]
    assert "N:Lovelace;Ada;Augusta;Countess;" in lines
    assert "ORG:Analytical Engine Society\\, Ltd.;Research" in lines
    assert "item2.EMAIL;PREF=1:ada@analytical.example" in lines  # "Work" is not a vCard type
    assert "item2.X-ABLabel:Work" in lines
    assert "EMAIL;TYPE=home:ada.king@home.example" in lines
    assert "TEL;TYPE=cell:+44 20 7946 0001" in lines
    assert "BDAY:--1210" in lines
    assert "ANNIVERSARY:18350708" in lines
    assert "RELATED;VALUE=text;TYPE=spouse:William King" in lines
    assert "CATEGORIES:Mentors,Royal Society\\, London,starred" in lines
    assert "NOTE:Line one\\; with\\, punctuation\\\\back\\nLine two" in lines
    assert 'X-RELINBOX-CUSTOM;X-LABEL="Met via":Royal Society\\; 1833' not in lines
    assert "X-RELINBOX-CUSTOM;X-LABEL=Met via:Royal Society\\; 1833" in lines
    assert "ADR;LABEL=12 St James's Square^nLondon;TYPE=home:;;12 St James's Square;London;;;" \
        in lines
    # the fresh follow-up date, never the stale one kept in extra
    assert "X-RELINBOX-NEXT-FOLLOWUP:2026-12-01" in lines
    assert "X-RELINBOX-NEXT-FOLLOWUP:2020-01-01" not in lines
    assert "X-UNKNOWN;PARAM=1:value kept" in lines
    assert "item1.X-ABLabel:Leftover label" in lines


def test_generated_groups_skip_groups_used_by_extra():
    lines = lines_of(vcard.export([sample_contact()]))
    work = [line for line in lines if line.endswith(":ada@analytical.example")]
    assert work and not work[0].startswith("item1."), work  # item1 is taken by extra
    group = work[0].split(".")[0]
    assert f"{group}.X-ABLabel:Work" in lines


def test_vcard3_pref_and_dates():
    lines = lines_of(vcard.export([sample_contact()], version="3.0"))
    assert "VERSION:3.0" in lines
    assert any(line.endswith("EMAIL;TYPE=pref:ada@analytical.example") for line in lines)
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10" in lines
    assert "X-ANNIVERSARY:1835-07-08" in lines
    assert any(line.endswith("X-ABRELATEDNAMES:William King") for line in lines)
    assert "LABEL;TYPE=home:12 St James's Square\\nLondon" in lines


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_round_trip_of_a_full_contact(version):
    original = sample_contact()
    back = reimport(vcard.export([original], {original.uid: date(2026, 12, 1)}, version=version))
    assert back.uid == original.uid
    for name in ("display_name", "name", "nickname", "org", "starred", "birthday",
                 "anniversary", "important_dates", "notes", "urls", "addresses"):
        assert getattr(back, name) == getattr(original, name), name
    assert back.tags == original.tags
    assert [(p.value, p.label, p.primary) for p in back.emails] == [
        ("ada@analytical.example", "Work", True), ("ada.king@home.example", "home", False)
    ]
    assert [(r.name, r.relation) for r in back.related] == [
        ("William King", "spouse"), ("Byron", "Father")
    ]
    assert "X-UNKNOWN;PARAM=1:value kept" in back.extra
    assert "item1.X-ABLabel:Leftover label" in back.extra
    assert "X-RELINBOX-NEXT-FOLLOWUP:2026-12-01" in back.extra


def test_folding_at_75_octets_never_splits_a_character():
    contact = Contact(display_name="Long", uid="u1", notes="長いメモ " * 40 + "é" * 90)
    data = vcard.export([contact])
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # each physical line is whole UTF-8
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert reimport(data).notes == contact.notes


@given(st.text(min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_any_note_survives_escaping_and_folding(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    contact = Contact(display_name="N", uid="u2", notes=text)
    data = vcard.export([contact])
    assert all(len(p) <= 75 for p in data.split(b"\r\n"))
    assert reimport(data).notes == text.strip("\n")


def test_uid_is_kept_exactly():
    for uid in ("6F9619FF-8B86-D011-B42D-00C04FC964FF", "urn:uuid:x", "a;b,c"):
        assert reimport(vcard.export([Contact(display_name="U", uid=uid)])).uid == uid


@pytest.mark.parametrize("version", ["4.0", "3.0"])
@pytest.mark.parametrize("source", [
    "contacts_v3.vcf", "vdir/contacts", "google_contacts.csv", "linkedin_connections.csv",
    "outlook_contacts.csv",
])  # fmt: skip
def test_samples_round_trip_through_our_importer(samples, tmp_path: Path, source, version):
    contacts = [r.contact for r in read_source(samples / source).records]
    followups = {}
    for contact in contacts:
        for line in contact.extra:
            if line.startswith("X-RELINBOX-NEXT-FOLLOWUP:"):
                followups[contact.uid] = date.fromisoformat(line.split(":", 1)[1])
    out = tmp_path / "export.vcf"
    out.write_bytes(vcard.export(contacts, followups, version=version))
    result = read_source(out)
    assert not result.problems, [str(p) for p in result.problems]
    back = {r.contact.uid: r.contact for r in result.records}
    assert set(back) == {c.uid for c in contacts}
    for contact in contacts:
        before, after = comparable(contact), comparable(back[contact.uid])
        assert after == before, contact.display_name


def comparable(contact: Contact) -> dict:
    doc = contact.to_doc()
    for key in ("created_at", "updated_at", "provenance", "custom"):
        doc.pop(key)
    for key in ("emails", "phones"):
        doc[key].sort(key=lambda p: not p["primary"])
    # custom fields come back as X-RELINBOX-CUSTOM lines (see docs/sync.md)
    doc["extra"] = [line for line in doc["extra"] if not line.startswith("X-RELINBOX-CUSTOM")]
    return doc


def test_apple_groups_come_back_verbatim(samples):
    grace = next(
        r.contact for r in read_source(samples / "contacts_v3.vcf").records
        if r.contact.display_name == "Grace Hopper"
    )
    data = vcard.export([grace], version="3.0")
    assert b"X-ABUID:6F9619FF-8B86-D011-B42D-00C04FC964FF:ABPerson\r\n" in data
    cards = read_cards(data, Problems("x")).cards
    labels = {p.group: p.value for p in cards[0].props if p.name == "X-ABLABEL"}
    assert "COBOL committee" in labels.values()


def test_the_card_nested_in_a_vcard21_agent_comes_back_whole(tmp_path: Path):
    agent = ["AGENT:", "BEGIN:VCARD", "VERSION:2.1", "N:Assistant;Ann", "FN:Ann Assistant",
             "TEL;WORK:+1 555 0100 " + "9" * 70, "END:VCARD"]  # fmt: skip
    source = tmp_path / "boss.vcf"
    source.write_bytes("\r\n".join(
        ["BEGIN:VCARD", "VERSION:2.1", "FN:Big Boss", "N:Boss;Big", *agent,
         "EMAIL;INTERNET:boss@corp.example", "END:VCARD", ""]
    ).encode())  # fmt: skip
    (boss,) = [r.contact for r in read_source(source).records]
    assert boss.extra == ["\n".join(agent)]
    written = vcard.export([boss], version="3.0")
    assert b"\n" not in written.replace(b"\r\n", b"")  # every line ends in CRLF
    again = tmp_path / "again.vcf"
    again.write_bytes(written)
    result = read_source(again)
    assert not result.problems
    (copy,) = [r.contact for r in result.records]
    assert copy.extra == boss.extra and [e.value for e in copy.emails] == ["boss@corp.example"]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_a_second_kind_kept_from_the_import_does_not_make_the_export_a_group(version):
    card = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nKIND:INDIVIDUAL\r\nFN:Forrest Gump\r\n"
        b"EMAIL:forrest@example.com\r\nKIND:GROUP\r\nEND:VCARD\r\n"
    )
    (imported, _line), *_ = read_vcards(card, Problems("in.vcf"))[0]
    assert imported.extra == ["KIND:GROUP"]
    back = reimport(vcard.export([imported], version=version))
    assert back.display_name == "Forrest Gump" and back.emails[0].value == "forrest@example.com"
