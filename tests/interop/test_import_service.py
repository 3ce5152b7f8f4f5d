"""Applying imports to a real store: identity, idempotence, updates, follow-ups, candidates."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest

from relinbox.core.models import Tier
from relinbox.core.store import Store
from relinbox.services.importing import import_paths
from relinbox.services.merging import merge


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "store")
    yield opened
    opened.close()


def by_name(store: Store) -> dict[str, list]:
    result: dict[str, list] = {}
    for contact in store.contacts():
        result.setdefault(contact.display_name, []).append(contact)
    return result


def test_every_sample_then_reimport_is_unchanged(samples, store):
    inputs = [
        samples / "contacts_v3.vcf",
        samples / "google_contacts.csv",
        samples / "outlook_contacts.csv",
        samples / "linkedin_connections.csv",
        samples / "vdir" / "contacts",
    ]
    first = import_paths(inputs, store)
    assert (first.imported, first.updated, first.unchanged) == (32, 0, 0)
    assert first.skipped == 1 and not first.problems and first.status == 0
    assert len(store.contacts()) == 32
    again = import_paths(inputs, store)
    assert (again.imported, again.updated, again.unchanged, again.skipped) == (0, 0, 32, 1)
    assert not again.problems


def test_same_uid_in_two_files_is_one_contact(samples, store, tmp_path):
    copy = tmp_path / "copy.vcf"
    shutil.copy(samples / "contacts_v3.vcf", copy)
    report = import_paths([samples / "contacts_v3.vcf", copy], store)
    assert report.imported == 6 and len(store.contacts()) == 6
    assert {p.severity for p in report.problems} == {"notice"}
    assert all(p.file == str(copy) for p in report.problems)
    assert import_paths([copy], store).unchanged == 6


def test_two_cards_of_one_uid_that_differ_lose_nothing(store, tmp_path):
    first, second = tmp_path / "a.vcf", tmp_path / "b.vcf"
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:dup-1\r\nFN:{}\r\nORG:{}\r\nEND:VCARD\r\n"
    first.write_text(card.format("Dup One", "Acme"))
    second.write_text(card.format("Dup Uno", "Acme"))
    report = import_paths([first, second], store)
    assert report.imported == 1 and [p.severity for p in report.problems] == ["notice"]
    (dup,) = store.contacts()
    assert dup.display_name == "Dup One" and dup.org.name == "Acme"
    assert dup.custom == {"display name (merged)": "Dup Uno"}
    assert import_paths([first, second], store).unchanged == 1


def test_uid_is_compared_exactly(samples, store):
    import_paths([samples / "contacts_v3.vcf", samples / "vdir" / "contacts"], store)
    graces = by_name(store)["Grace Hopper"]
    assert {g.uid for g in graces} == {
        "6F9619FF-8B86-D011-B42D-00C04FC964FF",
        "urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff",
    }


def test_updated_export_updates_the_same_contacts(samples, store, tmp_path):
    import_paths([samples / "google_contacts.csv"], store)
    ada = by_name(store)["Ada Augusta Lovelace"][0]
    store.put(dataclasses.replace(ada, tier=Tier.A, archived=True, cadence={"interval_days": 9}))
    text = (samples / "google_contacts.csv").read_bytes().decode()
    text = text.replace("Research,1815-12-10", "Research & Development,1815-12-10")
    text = text.replace("Prefers email; never call", "Prefers letters; never call")
    newer = tmp_path / "google_contacts.csv"
    newer.write_bytes(text.encode())
    report = import_paths([newer], store)
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 9)
    after = store.contact(ada.uid)
    assert after.org.department == "Research & Development"
    assert "Prefers letters" in after.notes and "Prefers email" in after.notes
    assert (after.tier, after.archived, after.cadence) == (Tier.A, True, {"interval_days": 9})
    assert after.created_at == ada.created_at
    assert import_paths([newer], store).unchanged == 10


def test_importing_is_not_a_touch_and_opens_one_followup(samples, store):
    import_paths([samples / "contacts_v3.vcf", samples / "linkedin_connections.csv"], store)
    import_paths([samples / "contacts_v3.vcf"], store)
    ada = store.contact("urn:uuid:0b1d6c1e-5a0e-4c55-9f0a-ada000000001")
    timeline = store.timeline(ada.uid)
    assert not timeline.touches
    assert [(f.due, f.is_open) for f in timeline.followups] == [(date(2026, 3, 14), True)]
    assert "X-RELINBOX-NEXT-FOLLOWUP:2026-03-14" in ada.extra
    alan = by_name(store)["Alan Turing"][0]
    assert alan.connected_on == "2020-06-07" and not store.timeline(alan.uid).touches


def test_merge_candidates_across_sources(samples, store):
    report = import_paths([samples / "contacts_v3.vcf", samples / "google_contacts.csv"], store)
    pairs = {
        frozenset((c["a_name"], c["b_name"])): c["reason"] for c in report.merge_candidates
    }
    reason = pairs[frozenset(("Ada Lovelace", "Ada Augusta Lovelace"))]
    assert "same e-mail ada@analytical.example" in reason
    assert pairs[frozenset(("Wiz",))] == "same name; same phone number +14155550123"
    assert len(store.contacts()) == 16  # never merged silently
    linked = import_paths([samples / "linkedin_connections.csv"], store)
    assert any(
        c["reason"] == "same name" and {c["a_name"], c["b_name"]} == {"José Núñez"}
        for c in linked.merge_candidates
    )
    # Given and family name alone, whatever the prefix, suffix or order around them.
    linked_pairs = {frozenset((c["a_name"], c["b_name"])) for c in linked.merge_candidates}
    assert frozenset(("Dr. Mary Somerville FRS", "Mary Somerville")) in linked_pairs
    assert frozenset(("山田 太郎", "太郎 山田")) in pairs


@pytest.mark.parametrize("written", [
    "FN:Hopper\\, Grace", "FN:Hopper\\,Grace", "FN:Dr. Grace Hopper", "FN:Grace Hopper PhD",
    "FN:Rear Admiral Grace Hopper\r\nN:Hopper;Grace;;Rear Admiral;",
    "N:Hopper\\, PhD;Dr. Grace;;;",  # LinkedIn's habit: titles typed into the name fields
])  # fmt: skip
def test_a_name_with_titles_or_turned_round_is_a_merge_candidate(store, tmp_path, written):
    first = tmp_path / "a.vcf"
    first.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Grace Hopper\r\nEND:VCARD\r\n")
    second = tmp_path / "b.vcf"
    second.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b\r\n{written}\r\nEND:VCARD\r\n")
    import_paths([first], store)
    report = import_paths([second], store)
    assert [(c["a"], c["b"], c["reason"]) for c in report.merge_candidates] == [
        ("a", "b", "same name")
    ]


def test_dry_run_writes_nothing(samples, store):
    report = import_paths([samples / "google_contacts.csv"], store, dry_run=True)
    assert report.imported == 10 and store.contacts() == []
    assert import_paths([samples / "google_contacts.csv"], None).imported == 10


def test_reimport_after_merge_finds_the_merged_contact(samples, store):
    import_paths([samples / "contacts_v3.vcf", samples / "google_contacts.csv"], store)
    names = by_name(store)
    keep, gone = names["Ada Lovelace"][0], names["Ada Augusta Lovelace"][0]
    merge(store, keep, gone)
    report = import_paths([samples / "google_contacts.csv"], store)
    assert report.imported == 0 and report.unchanged == 10
    assert store.contact(gone.uid) is None
    assert {p.source for p in store.contact(keep.uid).provenance} == {"vcard", "google"}


def test_a_merged_contact_keeps_what_its_source_now_says_differently(store, tmp_path):
    header = "First Name,Last Name,Organization Title,E-mail 1 - Value\n"
    v1, v2 = tmp_path / "v1.csv", tmp_path / "v2.csv"
    v1.write_text(header + "Ada,Lovelace,Mathematician,ada@x.example\n")
    v2.write_text(header + "Ada,Lovelace,Countess,ada@x.example\n")
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada\r\nFN:Ada King\r\n"
                    "TITLE:Analyst\r\nEMAIL:ada@x.example\r\nEND:VCARD\r\n")
    import_paths([card, v1], store)
    names = by_name(store)
    merge(store, names["Ada King"][0], names["Ada Lovelace"][0])
    assert store.contact("ada").custom["title (merged)"] == "Mathematician"
    report = import_paths([v2], store)
    assert (report.updated, report.unchanged) == (1, 0)
    ada = store.contact("ada")
    assert ada.org.title == "Analyst" and ada.custom["title (google)"] == "Countess"
    again = import_paths([v2], store)
    assert (again.updated, again.unchanged) == (0, 1)
    back = import_paths([v1], store)  # the source says what the merge kept: nothing new
    assert (back.updated, back.unchanged) == (1, 0)
    assert "title (google)" not in store.contact("ada").custom


def test_a_merged_contact_follows_its_cards_next_follow_up_and_revision(store, tmp_path):
    def card(day: str, rev: str) -> Path:
        path = tmp_path / f"{day}.vcf"
        path.write_text(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:fu\r\nFN:Fu Two\r\nEMAIL:fu@x.example\r\n"
            f"X-RELINBOX-NEXT-FOLLOWUP:{day}\r\nREV:{rev}\r\nEND:VCARD\r\n"
        )
        return path

    header = "First Name,Last Name,E-mail 1 - Value\n"
    (tmp_path / "g.csv").write_text(header + "Fu,Two,fu@x.example\n")
    import_paths([card("2026-12-01", "20260101T000000Z"), tmp_path / "g.csv"], store)
    names = by_name(store)
    merge(store, names["Fu Two"][0], names["Fu Two"][1])
    (kept,) = store.contacts()
    import_paths([card("2026-12-15", "20261101T000000Z")], store)
    assert {f.due for f in store.timeline(kept.uid).followups} == {
        date(2026, 12, 1), date(2026, 12, 15)
    }
    assert store.contact(kept.uid).extra == [
        "X-RELINBOX-NEXT-FOLLOWUP:2026-12-15", "REV:20261101T000000Z"
    ]


def test_refused_input_sets_status_but_others_are_imported(samples, store):
    bad = samples / "malformed" / "vcf_not_a_vcard.vcf"
    report = import_paths([bad, samples / "malformed" / "vcf_utf8_bom.vcf"], store)
    assert report.status == 1 and report.imported == 1
    assert report.refused == [str(bad)]


def ada_from_google(store, tmp_path: Path) -> Path:
    """Ada imported from a Google export; returns the next export, where her title changed."""
    header = "First Name,Last Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value\n"
    v1, v2 = tmp_path / "v1.csv", tmp_path / "v2.csv"
    v1.write_text(header + "Ada,Lovelace,Mathematician,,ada@x.example\n")
    v2.write_text(header + "Ada,Lovelace,Countess,,ada@x.example\n")
    import_paths([v1], store)
    return v2


def test_our_own_vcard_export_read_back_is_the_contact_not_another_source(store, tmp_path):
    from relinbox.interop.export import vcard

    v2 = ada_from_google(store, tmp_path)
    card = tmp_path / "ada.vcf"
    card.write_bytes(vcard.export(store.contacts()))
    again = import_paths([card], store)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)
    (ada,) = store.contacts()
    assert [p.source for p in ada.provenance] == ["google"]
    card.write_bytes(card.read_bytes().replace(b"TITLE:Mathematician", b"TITLE:Analyst"))
    assert import_paths([card], store).updated == 1  # a stale or edited copy cannot flip it
    assert store.contacts()[0].org.title == "Mathematician"
    assert store.contacts()[0].custom == {"title (merged)": "Analyst"}
    assert import_paths([v2], store).updated == 1  # and the source still updates it
    assert store.contacts()[0].org.title == "Countess"


def test_a_card_repeating_lines_is_unchanged_when_imported_again(store, tmp_path):
    path = tmp_path / "repeats.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Forrest Gump\r\n"
        "ADR;POSTAL:;;42 Plantation St.;Baytown\r\n"
        "ADR;HOME:;;42 Plantation St.;Baytown\r\nADR;POSTAL:;;42 Plantation St.;Baytown\r\n"
        "REV:20080424T195243Z\r\nREV:20080424T195243Z\r\nEND:VCARD\r\n"
    )
    first = import_paths([path], store)
    (contact,) = store.contacts()
    assert [a.label for a in contact.addresses] == ["postal", "home"]
    again = import_paths([path], store)
    assert (first.imported, again.unchanged, again.updated) == (1, 1, 0)


def test_cards_of_one_uid_in_two_files_are_unchanged_when_imported_again(store, tmp_path):
    one_file = tmp_path / "a.vcf"
    one_file.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:fg\r\nFN:Forrest Gump\r\n"
                        "REV:20080424T195243Z\r\nEND:VCARD\r\n")  # fmt: skip
    other_file = tmp_path / "b.vcf"
    other_file.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:fg\r\nFN:Forrest Gump\r\n"
                          "LANG:fr-CA\r\nREV:20080424T195243Z\r\nEND:VCARD\r\n")  # fmt: skip
    import_paths([one_file, other_file], store)
    again = import_paths([one_file, other_file], store)
    assert (again.updated, again.unchanged) == (0, 1)
    assert store.contact("fg").extra == ["REV:20080424T195243Z", "LANG:fr-CA"]


def test_a_name_part_cleared_in_the_export_is_cleared_in_the_contact(store, tmp_path):
    header = "First Name,Middle Name,Last Name,E-mail 1 - Value\n"
    path = tmp_path / "v1.csv"
    path.write_text(header + "Adrian,von,Gunten,adrian@x.example\n")
    import_paths([path], store)
    path.write_text(header + "Adrian,,Gunten,adrian@x.example\n")
    assert import_paths([path], store).updated == 1
    (contact,) = store.contacts()
    assert (contact.display_name, contact.name.additional) == ("Adrian Gunten", "")


def test_our_own_vdir_read_back_is_the_contact_not_another_source(store, tmp_path):
    from relinbox.interop.export import vcard

    v2 = ada_from_google(store, tmp_path)
    folder = tmp_path / "vdir"
    folder.mkdir()
    for contact in store.contacts():
        (folder / f"{contact.uid}.vcf").write_bytes(vcard.export([contact]))
    again = import_paths([folder], store)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)
    assert [p.source for p in store.contacts()[0].provenance] == ["google"]
    assert import_paths([v2], store).updated == 1  # the source still updates it
    assert store.contacts()[0].org.title == "Countess"
