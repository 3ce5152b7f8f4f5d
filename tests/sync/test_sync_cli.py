"""`relinbox sync` as a user runs it (subprocess, RELINBOX_TODAY=2026-11-23)."""

from __future__ import annotations

import os
from pathlib import Path

ADA = "7f3c2b9e-1d4a-4f6b-9c2e-5a8d0e1f2a3b.vcf"


def test_sync_vdir_both_directions_conflict_and_resolve(cli, sample_vdir: Path):
    added = cli("add", "Zed New", "--email", "zed@new.example")
    assert added.returncode == 0, added.stderr
    uid = added.stdout.strip().splitlines()[-1]
    first = cli("sync", "--vdir", str(sample_vdir))
    assert first.returncode == 0, first.stderr
    assert "3 from the folder, 1 to the folder" in first.stdout
    assert (sample_vdir / f"{uid}.vcf").is_file()

    path = sample_vdir / ADA
    path.write_bytes(path.read_bytes().replace(b"FN:Ada Lovelace", b"FN:Ada King"))
    assert cli("follow-up", "ada", "2026-11-30").returncode == 0
    conflicted = cli("sync", "--vdir", str(sample_vdir))
    assert conflicted.returncode == 3
    assert "conflict: Ada Lovelace" in conflicted.stdout
    assert b"FN:Ada King" in path.read_bytes()
    listed = cli("sync", "--conflicts")
    assert listed.returncode == 3 and "changed on both sides" in listed.stdout

    resolved = cli("sync", "--resolve", "ada", "--keep", "local")
    assert resolved.returncode == 0, resolved.stderr
    data = path.read_bytes()
    assert b"FN:Ada Lovelace\r\n" in data and b"X-RELINBOX-NEXT-FOLLOWUP:2026-11-30\r\n" in data
    assert cli("sync", "--vdir", str(sample_vdir)).returncode == 0


def test_deletion_listed_until_confirmed(cli, sample_vdir: Path):
    assert cli("sync", "--vdir", str(sample_vdir)).returncode == 0
    (sample_vdir / ADA).unlink()
    listed = cli("sync", "--vdir", str(sample_vdir))
    assert listed.returncode == 3 and "deletion: Ada Lovelace" in listed.stdout
    assert "Ada Lovelace" in cli("list").stdout
    confirmed = cli("sync", "--vdir", str(sample_vdir), "--confirm-deletions")
    assert confirmed.returncode == 0 and "1 deleted" in confirmed.stdout
    assert "Ada Lovelace" not in cli("list").stdout


def test_configured_books_and_calendar(cli, sample_vdir: Path, tmp_path: Path):
    config = Path(os.environ["RELINBOX_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    calendar = tmp_path / "cal" / "relinbox.ics"
    calendar.parent.mkdir()
    config.write_text(
        f'[sync]\naddressbooks = [{{name = "personal", path = "{sample_vdir.as_posix()}"}}]\n'
        f'calendar = "{calendar.as_posix()}"\n',
        encoding="utf-8",
    )
    result = cli("sync")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("personal (")
    assert calendar.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert b"Ada Lovelace" in calendar.read_bytes()


def test_usage_errors(cli, tmp_path: Path):
    missing = cli("sync", "--vdir", str(tmp_path / "nope"))
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    assert cli("sync", "--keep", "local").returncode == 2
    nothing = cli("sync")
    assert nothing.returncode == 1 and "[sync]" in nothing.stderr
    none = cli("sync", "--resolve", "x", "--keep", "remote")
    assert none.returncode == 1 and "no sync conflicts" in none.stderr
