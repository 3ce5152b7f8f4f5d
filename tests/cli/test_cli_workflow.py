"""The CLI as a user drives it from a shell: add, log, note, follow up, snooze, done, today."""

from __future__ import annotations

import json


def test_add_prints_the_uid_and_show_finds_it(run_cli):
    added = run_cli("add", "Ada Lovelace", "--email", "ada@analytical.example",
                    "--phone", "+44 20 7946 0001", "--tag", "mentor", "--tier", "a",
                    "--birthday=--12-10")
    assert added.returncode == 0, added.stderr
    uid = added.stdout.strip()
    assert len(uid) == 36

    shown = run_cli("show", uid, "--json")
    assert shown.returncode == 0, shown.stderr
    card = json.loads(shown.stdout)
    assert card["uid"] == uid
    assert card["display_name"] == "Ada Lovelace"
    assert card["tier"] == "A"
    assert card["birthday"] == "--12-10"
    assert card["tags"] == ["mentor"]
    assert card["stage"] == "building"
    assert card["counted_touches"] == 0
    assert card["next_due"] == "2026-11-23"  # a new contact is due the day it is added
    assert card["inbound"] == card["outbound"] == 0
    assert card["timeline"] == []


def test_log_counts_connected_touches_and_moves_the_next_due(run_cli):
    run_cli("add", "Grace Hopper", "--email", "grace@navy.example")
    logged = run_cli("log", "grace", "call", "--note", "Talked about COBOL", "--minutes", "12")
    assert logged.returncode == 0, logged.stderr
    assert "logged call touch with Grace Hopper" in logged.stdout
    assert "next: " in logged.stdout

    attempt = run_cli("log", "grace@navy.example", "call", "--outcome", "voicemail")
    assert attempt.returncode == 0, attempt.stderr
    inbound = run_cli("log", "Grace Hopper", "email", "--in", "--give")
    assert inbound.returncode == 0, inbound.stderr

    card = json.loads(run_cli("show", "grace", "--json").stdout)
    assert card["counted_touches"] == 2  # the voicemail is an attempt, not a touch
    assert card["inbound"] == 1 and card["outbound"] == 1
    assert card["gives"] == 1
    # two counted touches today: the gap after touch 2 is 3 days -> Thursday
    assert card["next_due"] == "2026-11-26"
    kinds = [event["type"] for event in card["timeline"]]
    assert sorted(kinds) == ["attempt", "touch", "touch"]
    call = next(e for e in card["timeline"] if e.get("duration_seconds"))
    assert call["duration_seconds"] == 720 and call["note"] == "Talked about COBOL"


def test_backdated_log_and_future_log(run_cli):
    run_cli("add", "Alan Turing")
    past = run_cli("log", "alan", "meeting", "--at", "2026-11-20")
    assert past.returncode == 0, past.stderr
    card = json.loads(run_cli("show", "alan", "--json").stdout)
    assert card["timeline"][0]["when"].startswith("2026-11-20")
    future = run_cli("log", "alan", "call", "--at", "tomorrow")
    assert future.returncode == 1
    assert "future" in future.stderr
    assert "Traceback" not in future.stderr


def test_note_from_argument_and_stdin(run_cli):
    run_cli("add", "Mary Somerville")
    assert run_cli("note", "mary", "Prefers tea to coffee", "--pin").returncode == 0
    piped = run_cli("note", "mary", stdin="Daughter's wedding in June\nsecond line\n")
    assert piped.returncode == 0, piped.stderr
    card = json.loads(run_cli("show", "mary", "--json").stdout)
    assert [n["text"] for n in card["pinned_notes"]] == ["Prefers tea to coffee"]
    texts = sorted(e["text"] for e in card["timeline"] if e["type"] == "note")
    assert texts == ["Daughter's wedding in June\nsecond line", "Prefers tea to coffee"]
    empty = run_cli("note", "mary", stdin="")
    assert empty.returncode == 1 and "empty" in empty.stderr


def test_follow_up_overrides_the_cadence_and_done_closes_it(run_cli):
    run_cli("add", "Hedy Lamarr", "--phone", "+1 555 0100")
    run_cli("log", "hedy", "call")
    set_ = run_cli("follow-up", "hedy", "thu", "--reason", "send the patent draft")
    assert set_.returncode == 0, set_.stderr
    assert "Thu 26 Nov 2026" in set_.stdout
    card = json.loads(run_cli("show", "hedy", "--json").stdout)
    assert card["next_due"] == "2026-11-26"
    assert card["next_kind"] == "follow-up"
    assert card["reason"] == "send the patent draft"

    env = {"RELINBOX_TODAY": "2026-11-26"}
    today = json.loads(run_cli("today", "--json", env=env).stdout)
    item = next(i for i in today["items"] if i["display_name"] == "Hedy Lamarr")
    assert item["kind"] == "follow-up" and item["reason"] == "send the patent draft"

    done = run_cli("done", "hedy", env=env)
    assert done.returncode == 0, done.stderr
    assert "closed" in done.stdout
    card = json.loads(run_cli("show", "hedy", "--json", env=env).stdout)
    assert card["followups"] == []
    assert card["counted_touches"] == 2
    assert card["next_kind"] == "cadence"


def test_snooze_moves_the_due_date_without_counting(run_cli):
    run_cli("add", "Katherine Johnson")
    before = json.loads(run_cli("show", "katherine", "--json").stdout)
    snoozed = run_cli("snooze", "katherine", "2w")
    assert snoozed.returncode == 0, snoozed.stderr
    after = json.loads(run_cli("show", "katherine", "--json").stdout)
    assert after["next_due"] == "2026-12-07"
    assert after["counted_touches"] == before["counted_touches"] == 0
    assert any(e["type"] == "snooze" for e in after["timeline"])
    inbox = json.loads(run_cli("today", "--json").stdout)
    assert all(i["display_name"] != "Katherine Johnson" for i in inbox["items"])


def test_today_json_shape_and_capacity(run_cli):
    for number in range(15):
        run_cli("add", f"Person {number:02d}")
    inbox = json.loads(run_cli("today", "--json").stdout)
    assert inbox["date"] == "2026-11-23"
    assert len(inbox["items"]) == 12
    assert inbox["more"] == 3
    for item in inbox["items"]:
        assert {"uid", "display_name", "kind", "due", "status", "stage", "counted_touches",
                "reason"} <= set(item)
        assert item["kind"] in {"cadence", "follow-up", "date"}
    everything = json.loads(run_cli("today", "--json", "--all").stdout)
    assert len(everything["items"]) + len(everything["overflow"]) == 15


def test_today_text_and_list(run_cli):
    run_cli("add", "Ada Lovelace", "--tag", "mentor", "--birthday", "1815-11-25")
    run_cli("add", "Grace Hopper")
    text = run_cli("today")
    assert text.returncode == 0, text.stderr
    assert "Monday 23 November 2026" in text.stdout
    assert "Ada Lovelace" in text.stdout and "birthday" in text.stdout
    listed = json.loads(run_cli("list", "--tag", "MENTOR", "--json").stdout)
    assert [row["display_name"] for row in listed] == ["Ada Lovelace"]
    building = json.loads(run_cli("list", "--stage", "building", "--json").stdout)
    assert len(building) == 2


def test_demo_builds_a_populated_inbox_and_never_overwrites_a_real_store(run_cli, tmp_path):
    demo = tmp_path / "demo"
    shown = run_cli("--demo", "today", "--json", db_path=demo)
    assert shown.returncode == 0, shown.stderr
    inbox = json.loads(shown.stdout)
    kinds = {item["kind"] for item in inbox["items"]}
    assert kinds == {"cadence", "follow-up", "date"}
    stages = json.loads(run_cli("list", "--json", db_path=demo).stdout)
    assert len(stages) >= 35
    assert {"building", "nurture", "one-way", "dormant", "archived"} <= {
        row["stage"] for row in stages
    }
    # a real store is never wiped by --demo
    run_cli("add", "Someone Real")
    refused = run_cli("--demo", "today")
    assert refused.returncode == 1
    assert "not a demo store" in refused.stderr
    assert "Someone Real" in run_cli("list").stdout


def test_backup_and_restore_round_trip_losslessly(run_cli, tmp_path):
    run_cli("add", "Ada Lovelace", "--email", "ada@analytical.example")
    run_cli("log", "ada", "call", "--note", "Talked about Note G")
    run_cli("note", "ada", "Prefers e-mail", "--pin")
    run_cli("follow-up", "ada", "fri", "--reason", "send the paper")
    before = run_cli("show", "ada", "--json").stdout
    files_before = {
        p.relative_to(run_cli.db): p.read_bytes()
        for p in run_cli.db.rglob("*.jsonl") if "backups" not in p.parts
    }
    archive = tmp_path / "out" / "ada.zip"
    written = run_cli("backup", "-o", str(archive))
    assert written.returncode == 0, written.stderr
    assert archive.exists()

    # restore into a new, empty store: byte-identical files, same answers
    other = tmp_path / "other"
    restored = run_cli("restore", str(archive), db_path=other)
    assert restored.returncode == 0, restored.stderr
    files_after = {
        p.relative_to(other): p.read_bytes()
        for p in other.rglob("*.jsonl") if "backups" not in p.parts
    }
    assert files_after == files_before
    assert run_cli("show", "ada", "--json", db_path=other).stdout == before

    # restoring over a changed store brings the old state back and keeps the new one aside
    run_cli("add", "Grace Hopper")
    assert run_cli("restore", str(archive)).returncode == 0
    assert "Grace Hopper" not in run_cli("list").stdout
    assert "before-restore" in run_cli("doctor").stdout


def test_restore_refuses_a_damaged_archive(run_cli, tmp_path):
    run_cli("add", "Ada Lovelace")
    archive = tmp_path / "a.zip"
    run_cli("backup", "-o", str(archive))
    data = bytearray(archive.read_bytes())
    data[len(data) // 3] ^= 0xFF
    archive.write_bytes(bytes(data))
    result = run_cli("restore", str(archive))
    assert result.returncode == 1
    assert "a.zip" in result.stderr and "Traceback" not in result.stderr
    assert "Ada Lovelace" in run_cli("list").stdout
    not_zip = tmp_path / "notes.txt"
    not_zip.write_text("hello")
    refused = run_cli("restore", str(not_zip))
    assert refused.returncode == 1 and "notes.txt" in refused.stderr


def test_export_ics_and_handover_import_through_the_cli(run_cli, tmp_path):
    run_cli("add", "Ada Lovelace", "--tag", "mentor")
    run_cli("log", "ada", "call")
    run_cli("follow-up", "ada", "thu", "--reason", "send the paper")
    calendar = run_cli("export", "--format", "ics")
    assert calendar.returncode == 0, calendar.stderr
    assert calendar.stdout.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:" in calendar.stdout and "send the paper" in calendar.stdout

    handover = tmp_path / "handover"
    written = run_cli("handover", "--tag", "mentor", "-o", str(handover))
    assert written.returncode == 0, written.stderr
    successor = tmp_path / "successor"
    imported = run_cli("import", str(handover), db_path=successor)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("1 imported")
    original = json.loads(run_cli("show", "ada", "--json").stdout)
    taken_over = json.loads(run_cli("show", "ada", "--json", db_path=successor).stdout)
    for key in ("uid", "stage", "counted_touches", "next_due", "timeline"):
        assert taken_over[key] == original[key]
    again = run_cli("import", str(handover), db_path=successor)
    assert again.stdout.startswith("0 imported, 0 updated, 1 unchanged")
