"""Succession handover: briefs, selection, the bundle's round trip, and the CLI."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from relinbox.core.models import Channel, FollowUp, Touch
from relinbox.core.store import Store
from relinbox.interop.bundle import BUNDLE_FILE, BundleError, is_bundle, read_bundle
from relinbox.services import actions
from relinbox.services.errors import UserError
from relinbox.services.handover import (
    import_bundle,
    select_contacts,
    slug,
    unique_slugs,
    write_handover,
)
from relinbox.services.merging import merge

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TABLES = ("touches", "notes", "followups", "snoozes")


def hand_over(store, planner, folder: Path, **selection) -> Path:
    contacts = select_contacts(store, **selection)
    write_handover(store, planner, contacts, folder, today=TODAY, now=NOW)
    return folder


def timeline_docs(store: Store, uid: str) -> dict[str, list[dict]]:
    timeline = store.timeline(uid)
    return {
        table: sorted((r.to_doc() for r in getattr(timeline, table)), key=lambda d: d["uid"])
        for table in TABLES
    }


def store_state(store: Store) -> dict[str, object]:
    contacts = {c.uid: c.to_doc() for c in store.contacts()}
    return {
        "contacts": contacts,
        "timelines": {uid: timeline_docs(store, uid) for uid in contacts},
        "digests": {d.uid: d.to_doc() for d in store.digests()},
    }


def store_files(store: Store) -> dict[str, bytes]:
    return {
        str(p.relative_to(store.root)): p.read_bytes()
        for p in store.root.rglob("*.jsonl")
        if "backups" not in p.parts
    }


# --- the brief ---------------------------------------------------------------------------------


def test_brief_of_a_seeded_contact(seeded, planner, tmp_path):
    store = seeded.store
    ada = seeded.uid("ada")
    store.put(
        FollowUp(ada, date(2026, 12, 1), "send the Note G draft",
                 created_at=datetime(2026, 11, 16, 16, tzinfo=UTC)),
        Touch(ada, datetime(2026, 11, 1, 10, tzinfo=UTC), Channel.MEETING,
              note="Lunch | talked *engines*\nsecond line",
              logged_at=datetime(2026, 11, 1, 10, tzinfo=UTC), duration_seconds=3600),
    )
    folder = hand_over(store, planner, tmp_path / "out", queries=["ada"])
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md", "ada-lovelace.md", BUNDLE_FILE
    ]
    brief = (folder / "ada-lovelace.md").read_text(encoding="utf-8")
    lines = brief.splitlines()
    assert lines[0] == "# Ada Lovelace"
    # who they are
    assert "**Mathematician, Research at Analytical Engines Ltd**" in lines
    assert "Tier A · tags: mentor, london" in lines
    assert "- E-mail: ada@analytical.example (work, primary)" in lines
    assert "- Phone: +44 20 7946 0001 (mobile, primary)" in lines
    assert "- Time zone: Europe/London" in lines
    # where things stand: 5 counted touches now (the meeting above), reciprocity
    assert "- **Stage:** building 5/7" in lines
    assert ("- **Next due:** Tue 01 Dec 2026 — send the Note G draft (follow-up, upcoming)"
            in lines)
    assert "- **Reciprocity:** 0 in / 5 out · 1 give / 1 ask" in lines
    assert "- **Attempts without an answer:** 1" in lines
    assert "- **Last counted touch:** Mon 16 Nov 2026" in lines
    # promises, pinned notes, personal details
    assert ("- [ ] **Tue 01 Dec 2026** — send the Note G draft (promised Mon 16 Nov 2026)"
            in lines)
    pinned = brief.split("## Pinned notes")[1].split("##")[0]
    assert "- Call her 'Countess' only in jest" in pinned
    assert "Royal Society" not in pinned
    assert "- Birthday: 10 December" in lines
    assert "- Daughter's wedding: 12 June 2027 (once)" in lines
    assert "- Related: William King (husband)" in lines
    assert "- Preferences and notes: Prefers e-mail before 10am; allergic to lilies." in lines
    # last touches, newest first, with markup in user text escaped
    table = [line for line in brief.split("## Last touches")[1].splitlines()
             if line.startswith("| ")]
    assert table[0] == "| Date | Channel | Direction | Outcome | Give/ask | Note |"
    assert table[1].startswith("| Wed 18 Nov 2026 | call | we reached out | voicemail (attempt)"
                               " | ask |")
    assert table[2] == ("| Mon 16 Nov 2026 | gift | we reached out | connected | give | "
                        "Sent the Babbage biography |")
    assert table[-1] == (r"| Sun 01 Nov 2026 | meeting, 60 min | we reached out | connected |  |"
                         r" Lunch \| talked \*engines\* / second line |")
    assert "- Sun 01 Nov 2026 — Met at the Royal Society dinner" in lines
    assert f"relinbox contact `{ada}`" in brief


def test_brief_lists_only_the_last_ten_touches(seeded, planner, tmp_path):
    store = seeded.store
    grace = seeded.uid("grace")
    start = datetime(2026, 10, 2, 10, tzinfo=UTC)
    store.put(*(Touch(grace, start + timedelta(days=n), Channel.EMAIL, logged_at=start
                      + timedelta(days=n)) for n in range(6)))
    brief = (hand_over(store, planner, tmp_path / "out", queries=["grace"])
             / "grace-hopper.md").read_text(encoding="utf-8")
    rows = [line for line in brief.split("## Last touches")[1].splitlines()
            if line.startswith("| ") and "Date" not in line]
    assert len(rows) == 10
    assert rows[0].startswith("| Wed 07 Oct 2026 |")
    assert "_The 10 most recent of 13 touches; the bundle holds them all._" in brief
    assert "- **Stage:** nurture (13 touches)" in brief


def test_index_lists_every_brief(seeded, planner, tmp_path):
    folder = hand_over(seeded.store, planner, tmp_path / "out")
    index = (folder / "README.md").read_text(encoding="utf-8")
    assert index.startswith("# Handover: 6 relationships\n")
    assert "relinbox import" in index
    assert "| Name | Stage | Next due | File |" in index
    assert "| Ada Lovelace | building 4/7 | 2026-11-23 | [ada-lovelace.md](ada-lovelace.md) |" in (
        index
    )
    assert "| Mary Somerville | dormant (0 touches) | — | " in index  # paused: no next due
    rows = [line for line in index.splitlines() if line.startswith("| ") and ".md)" in line]
    names = [row.split(" | ")[0][2:] for row in rows]
    assert names == sorted(names)
    for row in rows:
        linked = row.rsplit("(", 1)[1].rstrip(") |")
        assert (folder / linked).is_file()


def test_slugs_are_unique_and_safe():
    assert slug("Zoë Ålund") == "zoe-alund"
    assert slug("Ольга Иванова") == "ольга-иванова"
    assert slug("../etc/passwd") == "etc-passwd"
    assert slug("***") == "contact"
    from relinbox.core.models import Contact

    people = [Contact("Ann Lee", uid="aaaa1111-x"), Contact("ann lee", uid="bbbb2222-y"),
              Contact("Readme", uid="cccc3333-z")]
    assert unique_slugs(people) == ["ann-lee", "ann-lee-bbbb2222", "readme-cccc3333"]


def test_handover_refuses_a_folder_that_is_not_empty(seeded, planner, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(UserError, match="not empty"):
        hand_over(seeded.store, planner, folder)
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


# --- selection ---------------------------------------------------------------------------------


def names(contacts) -> list[str]:
    return [c.display_name for c in contacts]


def test_selection_by_default_tag_and_contact(seeded):
    store = seeded.store
    everyone = names(select_contacts(store))
    assert everyone == ["Ada Lovelace", "Grace Hopper", "Hedy Lamarr", "Katherine Johnson",
                        "Mary Somerville", "Olga Ivanova"]  # archived Alan left out
    assert names(select_contacts(store, tags=["MENTOR"])) == ["Ada Lovelace", "Hedy Lamarr"]
    assert names(select_contacts(store, tags=["navy", "london"])) == [
        "Ada Lovelace", "Grace Hopper"
    ]
    named = select_contacts(store, queries=["alan", "ada@analytical.example", "Ada Lovelace"])
    assert names(named) == ["Ada Lovelace", "Alan Turing"]  # named: archived or not
    with pytest.raises(UserError, match="no active contact is tagged 'nobody'"):
        select_contacts(store, tags=["nobody"])
    with pytest.raises(UserError, match="no contact matches"):
        select_contacts(store, queries=["zzz"])


# --- the bundle --------------------------------------------------------------------------------


def test_round_trip_into_an_empty_store(seeded, planner, tmp_path):
    store = seeded.store
    hedy = seeded.uid("hedy")
    # some history worth keeping: a snoozed follow-up and a closed one
    plan = planner.schedule_for(store, hedy)
    actions.snooze(store, plan, date(2026, 11, 27), now=NOW + timedelta(hours=1))
    store.put(FollowUp(hedy, date(2026, 11, 21), "old promise", created_at=NOW
                       - timedelta(days=5)).revised(NOW, status=actions.FollowUpStatus.DONE))
    folder = hand_over(store, planner, tmp_path / "out", queries=[
        c.uid for c in store.contacts()
    ])
    bundle = read_bundle(folder)
    assert len(bundle.contacts) == 7
    assert len(bundle.touches) == sum(len(store.timeline(c.uid).touches)
                                      for c in store.contacts())
    assert len(bundle.notes) == 2
    assert len(bundle.followups) == 4  # Hedy's two, Alan's and Mary's
    assert len(bundle.snoozes) == 1  # Katherine's (a follow-up keeps its own snoozes)

    with Store.open(tmp_path / "other") as other:
        result = import_bundle(other, bundle, dry_run=False)
        assert (result.imported, result.updated, result.unchanged) == (7, 0, 0)
        assert result.problems == []
        assert store_state(other) == store_state(store)
        for contact in seeded.contacts.values():
            mine = planner.schedule_for(store, contact.uid)
            assert planner.schedule_for(other, contact.uid) == mine
        assert planner.inbox(other, TODAY).to_json() == planner.inbox(store, TODAY).to_json()


def test_reimporting_the_same_bundle_changes_nothing(seeded, planner, tmp_path):
    bundle = read_bundle(hand_over(seeded.store, planner, tmp_path / "out"))
    with Store.open(tmp_path / "other") as other:
        dry = import_bundle(other, bundle, dry_run=True)
        assert dry.imported == 6
        assert other.contacts() == []  # a dry run writes nothing
        import_bundle(other, bundle, dry_run=False)
        files = store_files(other)
        again = import_bundle(other, bundle, dry_run=False)
        assert (again.imported, again.updated, again.unchanged) == (0, 0, 6)
        assert (again.added_records, again.updated_records) == (0, 0)
        assert again.problems == []
        assert store_files(other) == files


def test_a_newer_bundle_updates_without_duplicates(seeded, planner, tmp_path):
    store = seeded.store
    with Store.open(tmp_path / "other") as other:
        first = read_bundle(hand_over(store, planner, tmp_path / "first"))
        import_bundle(other, first, dry_run=False)

        # the predecessor keeps working: edits Grace, logs a touch, snoozes Hedy's follow-up
        grace = store.contact(seeded.uid("grace"))
        actions.update_contact(store, grace, dataclasses.replace(grace, nickname="Amazing Grace"),
                               now=NOW + timedelta(hours=1))
        ada = store.contact(seeded.uid("ada"))
        actions.log_touch(store, ada, Channel.CALL, when=NOW, now=NOW)
        plan = planner.schedule_for(store, seeded.uid("hedy"))
        actions.snooze(store, plan, date(2026, 11, 30), now=NOW + timedelta(hours=2))
        # meanwhile the successor edited Olga on their side
        olga = other.contact(seeded.uid("olga"))
        actions.update_contact(other, olga, dataclasses.replace(olga, nickname="Olya"),
                               now=NOW + timedelta(hours=3))
        theirs_olga = store.contact(seeded.uid("olga"))
        store.put(dataclasses.replace(theirs_olga, notes="changed before the successor's edit",
                                      updated_at=NOW + timedelta(minutes=30)))

        result = import_bundle(other, read_bundle(hand_over(store, planner, tmp_path / "second")),
                               dry_run=False)
        assert (result.imported, result.updated, result.unchanged) == (0, 3, 3)
        assert (result.added_records, result.updated_records) == (1, 1)
        assert other.contact(seeded.uid("grace")).nickname == "Amazing Grace"
        kept = other.contact(seeded.uid("olga"))
        assert kept.nickname == "Olya" and kept.notes == ""
        assert [p.severity for p in result.problems] == ["notice"]
        assert "kept this store's copy of Olga Ivanova" in result.problems[0].message
        for name in ("ada", "hedy"):
            assert timeline_docs(other, seeded.uid(name)) == timeline_docs(
                store, seeded.uid(name))
        (followup,) = other.timeline(seeded.uid("hedy")).followups
        assert followup.sequence == 1 and followup.due == date(2026, 11, 30)


def test_a_contact_merged_here_is_not_recreated(seeded, planner, tmp_path):
    store = seeded.store
    bundle = read_bundle(hand_over(store, planner, tmp_path / "out"))
    with Store.open(tmp_path / "other") as other:
        import_bundle(other, bundle, dry_run=False)
        grace = other.contact(seeded.uid("grace"))
        hedy = other.contact(seeded.uid("hedy"))
        merge(other, grace, hedy, now=NOW)
        touches = len(other.timeline(grace.uid).touches)
        again = import_bundle(other, bundle, dry_run=False)
        assert other.contact(hedy.uid) is None
        assert len(other.timeline(grace.uid).touches) == touches
        assert again.imported == 0
        assert any("merged here" in p.message for p in again.problems)


def test_corrupt_bundles_name_the_file_and_the_record(seeded, planner, tmp_path):
    folder = hand_over(seeded.store, planner, tmp_path / "out")
    path = folder / BUNDLE_FILE
    good = orjson.loads(path.read_bytes())

    def broken(change) -> str:
        doc = orjson.loads(orjson.dumps(good))
        change(doc)
        path.write_bytes(orjson.dumps(doc))
        with pytest.raises(BundleError) as caught:
            read_bundle(folder)
        message = str(caught.value)
        assert message.startswith(f"{path}: ")
        return message

    def bad_when(doc):
        doc["touches"][1]["when"] = "yesterday"

    assert "touches[1]" in broken(bad_when) and "'when' is 'yesterday'" in broken(bad_when)

    def no_uid(doc):
        del doc["notes"][0]["uid"]

    assert "notes[0]: 'uid' is missing" in broken(no_uid)

    def twice(doc):
        doc["touches"].append(doc["touches"][0])

    assert f"touches[{len(good['touches'])}]: uid" in broken(twice)

    def orphan(doc):
        doc["followups"][0]["contact"] = "somebody-else"

    assert "followups[0]" in broken(orphan) and "not one of the bundle's contacts" in broken(
        orphan)

    def bad_contact(doc):
        doc["contacts"][2]["tier"] = "Z"

    assert "contacts[2]" in broken(bad_contact)

    def newer(doc):
        doc["version"] = 2

    assert "newer relinbox" in broken(newer)

    def two(doc):
        doc["touches"][0]["channel"] = "pigeon"
        doc["snoozes"][0]["to_due"] = "soon"

    message = broken(two)
    assert "2 problems" in message and "touches[0]" in message and "snoozes[0]" in message

    path.write_bytes(b'{"format": "relinbox-bundle", "version": 1, "contacts": [')
    with pytest.raises(BundleError, match="not valid JSON"):
        read_bundle(path)
    path.write_bytes(b'{"contacts": []}')
    with pytest.raises(BundleError, match="not a relinbox bundle"):
        read_bundle(path)
    with pytest.raises(BundleError, match="no such file"):
        read_bundle(tmp_path)


def test_is_bundle(seeded, planner, tmp_path):
    folder = hand_over(seeded.store, planner, tmp_path / "out")
    assert is_bundle(folder)
    assert is_bundle(folder / BUNDLE_FILE)
    renamed = tmp_path / "handed-over.json"
    renamed.write_bytes((folder / BUNDLE_FILE).read_bytes())
    assert is_bundle(renamed)
    other = tmp_path / "contacts.json"
    other.write_text('{"schema": 1, "contacts": []}')
    assert not is_bundle(other)
    assert not is_bundle(tmp_path)  # a folder without a bundle
    assert not is_bundle(tmp_path / "missing")
    assert not is_bundle(folder / "README.md")


def test_bundle_bytes_are_deterministic(seeded, planner, tmp_path):
    first = hand_over(seeded.store, planner, tmp_path / "one")
    second = hand_over(seeded.store, planner, tmp_path / "two")
    for name in os.listdir(first):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# --- the command line --------------------------------------------------------------------------


@pytest.fixture
def relinbox(tmp_path):
    """`python -m relinbox --db STORE ARGS`."""
    db = tmp_path / "store"
    prefix = [sys.executable, "-m", "relinbox"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, "--db", str(db), *args], capture_output=True,
                              text=True, timeout=60, cwd=tmp_path,
                              env={**os.environ, "RELINBOX_TODAY": "2026-11-23"})

    return run


def test_cli_handover(relinbox, tmp_path):
    assert relinbox("add", "Ada Lovelace", "--tag", "mentor", "--tier", "A",
                    "--email", "ada@analytical.example").returncode == 0
    assert relinbox("add", "Grace Hopper").returncode == 0
    assert relinbox("log", "ada", "call", "--note", "Talked about Note G").returncode == 0
    assert relinbox("note", "ada", "Prefers tea", "--pin").returncode == 0
    assert relinbox("follow-up", "ada", "fri", "--reason", "send the paper").returncode == 0

    out = tmp_path / "handover"
    done = relinbox("handover", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "handed over 2 contacts" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md", "ada-lovelace.md", "grace-hopper.md", BUNDLE_FILE
    ]
    brief = (out / "ada-lovelace.md").read_text(encoding="utf-8")
    assert "- **Stage:** building 1/7" in brief
    assert "- [ ] **Fri 27 Nov 2026** — send the paper" in brief
    assert "- Prefers tea" in brief

    tagged = relinbox("handover", "--tag", "mentor", "-o", str(tmp_path / "tagged"))
    assert tagged.returncode == 0, tagged.stderr
    assert sorted(p.name for p in (tmp_path / "tagged").iterdir()) == [
        "README.md", "ada-lovelace.md", BUNDLE_FILE
    ]
    named = relinbox("handover", "--contact", "grace", "-o", str(tmp_path / "named"))
    assert named.returncode == 0, named.stderr
    assert read_bundle(tmp_path / "named").contacts[0].display_name == "Grace Hopper"

    for args, error in (
        (("--tag", "nobody", "-o", str(tmp_path / "x")), "no active contact is tagged"),
        (("--contact", "zzz", "-o", str(tmp_path / "y")), "no contact matches"),
        (("-o", str(out)), "not empty"),
    ):
        refused = relinbox("handover", *args)
        assert refused.returncode == 1, args
        assert error in refused.stderr
        assert "Traceback" not in refused.stderr
    both = relinbox("handover", "--tag", "a", "--contact", "b", "-o", str(tmp_path / "z"))
    assert both.returncode == 2  # usage: one way of choosing
