"""`relinbox import / export / merge` as a user runs them: exit codes, text and JSON output."""

from __future__ import annotations

import json
import re

from relinbox.interop.export import EXPORTERS
from relinbox.interop.formats import EXPORT_FORMATS

PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<severity>error|warning|notice): .+$")


def test_import_text_output_and_exit_codes(samples, run_cli):
    bad = samples / "malformed"
    result = run_cli("import", str(bad / "vcf_truncated.vcf"), str(bad / "vcf_empty.vcf"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1 imported, 0 updated, 0 unchanged, 1 skipped, 2 problems"
    assert lines[1] == f"{bad / 'vcf_truncated.vcf'}:7: error: card at line 7 is truncated " \
        "(file ends in the middle of a line)"
    assert PROBLEM_LINE.match(lines[2]) and lines[2].endswith("notice: empty file")

    refused = run_cli("import", str(bad / "vcf_not_a_vcard.vcf"))
    assert refused.returncode == 1
    assert "error: no BEGIN:VCARD found" in refused.stdout

    columns = run_cli("import", str(samples / "EXPECTED.md"))
    assert columns.returncode == 1 and "no known export" in columns.stdout

    usage = run_cli("import", "--format", "nonsense", str(bad / "vcf_empty.vcf"))
    assert usage.returncode == 2


SUMMARY = re.compile(r"^\d+ imported, \d+ updated, \d+ unchanged, \d+ skipped, \d+ problems$")


def test_standard_output_is_the_summary_and_problem_lines_in_line_order(samples, run_cli):
    bad = samples / "malformed"
    run_cli("import", str(samples / "google_contacts.csv"))
    result = run_cli(
        "import", "--dry-run", str(bad / "vcf_missing_end.vcf"), str(bad / "vcf_truncated.vcf"),
        str(samples / "contacts_v3.vcf"),
    )
    assert result.returncode == 0, result.stderr
    summary, *problems = result.stdout.splitlines()
    assert SUMMARY.match(summary)
    assert problems and all(PROBLEM_LINE.match(line) for line in problems)
    places = [(m["file"], int(m["line"])) for m in map(PROBLEM_LINE.match, problems)]
    files = list(dict.fromkeys(file for file, _ in places))
    assert places == sorted(places, key=lambda place: (files.index(place[0]), place[1]))
    assert "same contact as" in result.stdout  # a problem matching adds, in its place
    assert "possible duplicate: " in result.stderr  # advice for the person, not for scripts
    assert result.stderr.rstrip().endswith("dry run: nothing written")


def test_import_json_then_reimport_unchanged(samples, run_cli):
    args = ["import", "--json", str(samples / "contacts_v3.vcf"), str(samples / "vdir")]
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert set(report) == {
        "imported", "updated", "unchanged", "skipped", "problems", "merge_candidates",
    }  # fmt: skip
    assert (report["imported"], report["updated"], report["unchanged"]) == (9, 0, 0)
    assert report["problems"] == []
    candidate = next(c for c in report["merge_candidates"] if c["a_name"] == "Ada Lovelace")
    assert set(candidate) == {"a", "b", "a_name", "b_name", "reason"}
    again = json.loads(run_cli(*args).stdout)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 9)

    bad = run_cli("import", "--json", str(samples / "malformed" / "vcf_truncated.vcf"))
    problem = json.loads(bad.stdout)["problems"][0]
    assert problem["line"] == 7 and problem["severity"] == "error"
    assert problem["file"].endswith("vcf_truncated.vcf")


def test_dry_run_writes_nothing(samples, run_cli):
    result = run_cli("import", "--dry-run", "--json", str(samples / "google_contacts.csv"))
    assert result.returncode == 0 and json.loads(result.stdout)["imported"] == 10
    assert not run_cli.db.exists()
    run_cli("import", str(samples / "linkedin_connections.csv"))
    dry = json.loads(run_cli("import", "--dry-run", "--json",
                             str(samples / "google_contacts.csv")).stdout)
    assert dry["imported"] == 10
    exported = json.loads(run_cli("export", "--format", "json").stdout)
    assert len(exported["contacts"]) == 7


def test_export_json_document(samples, run_cli, tmp_path):
    run_cli("import", str(samples / "contacts_v3.vcf"))
    target = tmp_path / "out.json"
    result = run_cli("export", "--format", "json", "-o", str(target))
    assert result.returncode == 0 and result.stdout == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    contacts = {c["display_name"]: c for c in document["contacts"]}
    assert len(contacts) == 6
    grace = contacts["Grace Hopper"]
    for key in (
        "uid", "display_name", "name", "nickname", "emails", "phones", "birthday",
        "birthday_text", "anniversary", "org", "tags", "starred", "notes", "urls", "addresses",
        "linkedin", "extra",
    ):  # fmt: skip
        assert key in grace
    assert grace["emails"][0] == {"value": "grace@navy.example", "label": "Other", "primary": True}
    assert set(grace["name"]) == {"prefix", "given", "additional", "family", "suffix"}
    assert set(grace["org"]) == {"name", "title", "department"}
    address = contacts["Ada Lovelace"]["addresses"][0]
    assert {"label", "street", "city", "region", "postcode", "country", "formatted"} <= set(
        address
    )
    assert json.loads(run_cli("export").stdout) == document


def test_merge_command(samples, run_cli):
    run_cli("import", str(samples / "contacts_v3.vcf"), str(samples / "google_contacts.csv"))
    result = run_cli("merge", "urn:uuid:0b1d6c1e-5a0e-4c55-9f0a-ada000000001",
                     "Ada Augusta Lovelace")
    assert result.returncode == 0, result.stderr
    contacts = json.loads(run_cli("export").stdout)["contacts"]
    assert len(contacts) == 15
    ada = next(c for c in contacts if c["uid"].endswith("ada000000001"))
    assert {p["source"] for p in ada["provenance"]} == {"vcard", "google"}
    assert ada["starred"] and "Mentors" in ada["tags"]
    missing = run_cli("merge", "nobody at all", "Wiz")
    assert missing.returncode == 1 and "relinbox:" in missing.stderr


def test_every_exporter_is_offered():
    assert set(EXPORTERS) == set(EXPORT_FORMATS)
