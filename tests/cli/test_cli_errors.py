"""User mistakes give one clear line and the right exit status, never a traceback."""

from __future__ import annotations

import pytest


def _assert_clean_failure(result, status: int, *fragments: str) -> None:
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_unknown_contact(run_cli):
    run_cli("add", "Ada Lovelace")
    _assert_clean_failure(run_cli("log", "nobody", "call"), 1, "no contact matches 'nobody'")


def test_ambiguous_contact_lists_the_candidates(run_cli):
    run_cli("add", "Ada Lovelace")
    run_cli("add", "Ada Byron")
    result = run_cli("log", "ada", "call")
    _assert_clean_failure(result, 1, "matches 2 contacts", "Ada Lovelace", "Ada Byron")
    assert len(result.stderr.strip().splitlines()) == 1


def test_exact_name_beats_prefix(run_cli):
    run_cli("add", "Ada")
    run_cli("add", "Ada Byron")
    assert run_cli("log", "ada", "call").returncode == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("follow-up", "ada", "someday"), "someday"),
        (("snooze", "ada", "next blursday"), "blursday"),
        (("log", "ada", "call", "--at", "yesterdayish"), "--at"),
    ],
)
def test_bad_when(run_cli, args, fragment):
    run_cli("add", "Ada Lovelace")
    _assert_clean_failure(run_cli(*args), 1, fragment)


def test_bad_birthday(run_cli):
    _assert_clean_failure(run_cli("add", "Ada", "--birthday", "1815-13-40"), 1, "birthday")


@pytest.mark.parametrize(
    "args",
    [
        ("log", "ada", "carrier-pigeon"),
        ("log", "ada", "call", "--outcome", "maybe"),
        ("log", "ada", "call", "--minutes", "ten"),
        ("add",),
        ("frobnicate",),
        ("list", "--stage", "sleepy"),
    ],
)
def test_usage_errors_exit_2(run_cli, args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_store_path_that_is_a_file(run_cli, tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("hello")
    _assert_clean_failure(run_cli("today", db_path=file), 1, "is a file")
    assert file.read_text() == "hello"


def test_corrupt_store_names_file_and_line(run_cli):
    run_cli("add", "Ada Lovelace")
    run_cli("log", "ada", "call")  # a second write: the first write of the day took a backup
    shard = next((run_cli.db / "shards").glob("*.jsonl"))
    lines = shard.read_bytes().split(b"\n")
    lines[1] = lines[1][: len(lines[1]) // 2]
    shard.write_bytes(b"\n".join(lines))
    result = run_cli("show", "ada")
    _assert_clean_failure(result, 1, shard.name + ":2", "backup")
    doctor = run_cli("doctor")
    assert doctor.returncode == 1
    assert f"{shard.name}:2: error" in doctor.stdout
    restored = run_cli("doctor", "--restore")
    assert restored.returncode == 0, restored.stderr
    assert run_cli("show", "ada").returncode == 0


def test_bad_config_file(run_cli, isolated_environment):
    config = isolated_environment / "config" / "relinbox" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('timezone = "Europe/London"\n[cadence]\ndaily_capacity = "lots"\n')
    _assert_clean_failure(run_cli("today"), 1, "config.toml", "daily_capacity")
    config.write_text("timezone = \n")
    _assert_clean_failure(run_cli("today"), 1, "config.toml", "line 1")


def test_bad_relinbox_today(run_cli):
    _assert_clean_failure(run_cli("today", env={"RELINBOX_TODAY": "soon"}), 1, "RELINBOX_TODAY")


def test_db_from_environment(run_cli, tmp_path):
    store = tmp_path / "from-env"
    added = run_cli("add", "Env Person", db_path=None, env={"RELINBOX_DB": str(store)})
    assert added.returncode == 0, added.stderr
    assert (store / "meta.json").exists()


def test_doctor_reports_ok_and_repairs_a_stale_digest(run_cli):
    run_cli("add", "Ada Lovelace")
    run_cli("log", "ada", "call")
    healthy = run_cli("doctor")
    assert healthy.returncode == 0, healthy.stdout
    assert "store OK" in healthy.stdout and "1 contacts, 1 touches" in healthy.stdout
    # hand-edit a digest so it disagrees with the records (same length: the fast path)
    shard = next((run_cli.db / "shards").glob("*.jsonl"))
    data = shard.read_bytes()
    assert b'"counted":1' in data
    shard.write_bytes(data.replace(b'"counted":1', b'"counted":7'))
    stale = run_cli("doctor")
    assert stale.returncode == 0
    assert "digest of Ada Lovelace is stale" in stale.stdout
    repaired = run_cli("doctor", "--repair")
    assert "rebuilt digests: 1 changed" in repaired.stdout
    assert "store OK" in repaired.stdout
