"""Damaged and unusual CSV text: a quote left open, notes of many lines, rows trimmed of their
empty cells, classic Mac line ends, a stray Windows-1252 byte in a UTF-8 line."""

from __future__ import annotations

from pathlib import Path

from tests.interop.conftest import contacts_of, emails

LINKEDIN = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def write(tmp_path: Path, data: str | bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def google_header(samples: Path) -> str:
    return (samples / "google_contacts.csv").read_bytes().decode().split("\r\n")[0]


def google_row(given: str, family: str, note: str, email: str, width: int) -> str:
    cells = [given, "", family] + [""] * 11 + [note] + [""] * 3 + [email]
    return ",".join(cells + [""] * (width - len(cells)))


def test_an_open_quote_does_not_take_in_the_next_row_of_the_same_width(tmp_path):
    text = "\r\n".join([
        LINKEDIN,
        'Ada,Lovelace,"https://www.linkedin.com/in/ada-example,,AES,Math,14 Mar 2024',
        'Grace,Hopper,"https://www.linkedin.com/in/grace-example",grace@navy.example,Navy,'
        "Admiral,02 Jan 2023",
    ]) + "\r\n"  # fmt: skip
    people, result = contacts_of(write(tmp_path, text))
    assert set(people) == {"Ada Lovelace", "Grace Hopper"}
    ada, grace = people["Ada Lovelace"], people["Grace Hopper"]
    assert ada.linkedin == "https://www.linkedin.com/in/ada-example"
    assert (ada.org.name, ada.org.title, ada.connected_on) == ("AES", "Math", "2024-03-14")
    assert not ada.emails and emails(grace) == ["grace@navy.example"]
    assert grace.connected_on == "2023-01-02"
    assert [(p.line, p.severity) for p in result.problems] == [(2, "warning")]
    assert "not closed" in result.problems[0].message


def test_a_line_read_alone_keeps_its_later_cells_in_their_columns(samples, tmp_path):
    header = google_header(samples)
    width = header.count(",") + 1
    broken = google_row("Ada", "Lovelace", '"Met at the demo', "ada@x.example", width)
    text = "\n".join([header, broken, "Not,,a,row"]) + "\n"
    people, result = contacts_of(write(tmp_path, text))
    ada = people["Ada Lovelace"]
    assert ada.notes == "Met at the demo" and emails(ada) == ["ada@x.example"]
    assert (2, "warning") in [(p.line, p.severity) for p in result.problems]


def test_an_open_quote_on_the_last_line_is_reported(tmp_path):
    text = LINKEDIN + "\nAda,Lovelace,,,\"Analytical Engine Society,Math,14 Mar 2024\n"
    people, result = contacts_of(write(tmp_path, text))
    ada = people["Ada Lovelace"]
    assert (ada.org.name, ada.org.title, ada.connected_on) == (
        "Analytical Engine Society", "Math", "2024-03-14"
    )
    assert [(p.line, p.severity) for p in result.problems] == [(2, "warning")]


def test_a_note_of_hundreds_of_lines_is_one_cell(samples, tmp_path):
    header = google_header(samples)
    width = header.count(",") + 1
    log = "\n".join(f"meeting log line {i}" for i in range(250))
    text = "\r\n".join([
        header,
        google_row("Ada", "Lovelace", f'"{log}"', "ada@x.example", width),
        google_row("Grace", "Hopper", "", "grace@x.example", width),
    ]) + "\r\n"  # fmt: skip
    people, result = contacts_of(write(tmp_path, text))
    assert set(people) == {"Ada Lovelace", "Grace Hopper"} and not result.problems
    assert people["Ada Lovelace"].notes == log
    assert emails(people["Ada Lovelace"]) == ["ada@x.example"]


def test_a_trimmed_row_with_a_multiline_note_is_padded_not_split(samples, tmp_path):
    header = google_header(samples)
    trimmed = 'Ada,,Lovelace,,,,,,,,,,,,"Met at the demo\nFollow up re: Note G",,,,ada@x.example'
    text = header + "\r\n" + trimmed + "\r\n"
    people, result = contacts_of(write(tmp_path, text))
    assert list(people) == ["Ada Lovelace"]
    ada = people["Ada Lovelace"]
    assert ada.notes == "Met at the demo\nFollow up re: Note G"
    assert emails(ada) == ["ada@x.example"]
    assert [(p.line, p.severity) for p in result.problems] == [(2, "warning")]
    assert "fields, expected" in result.problems[0].message


def test_classic_mac_line_ends_with_a_line_break_inside_a_cell(samples, tmp_path):
    header = google_header(samples)
    width = header.count(",") + 1
    rows = [
        header,
        google_row("Grace", "Hopper", '"two\nlines"', "grace@x.example", width),
        google_row("Alan", "Turing", "", "alan@x.example", width),
    ]
    people, result = contacts_of(write(tmp_path, "\r".join(rows) + "\r"))
    assert set(people) == {"Grace Hopper", "Alan Turing"} and not result.problems
    assert people["Grace Hopper"].notes == "two\nlines"


def test_one_stray_byte_does_not_turn_a_utf8_line_into_mojibake(tmp_path):
    data = (LINKEDIN + "\n").encode() + "José,Núñez,,,Caf".encode() + b"\xe9 Ltd,CEO,1 Feb 2020\n"
    people, result = contacts_of(write(tmp_path, data))
    jose = people["José Núñez"]
    assert jose.org.name == "Café Ltd"
    assert [(p.line, p.severity) for p in result.problems] == [(2, "warning")]
    assert "Windows-1252" in result.problems[0].message


def test_a_cell_longer_than_the_csv_modules_default_limit_is_one_cell(samples, tmp_path):
    header = google_header(samples)
    width = header.count(",") + 1
    log = "\n".join(f"Meeting log 2020-{i:05d}: " + "x" * 60 for i in range(3000))  # ~200 KB
    text = "\r\n".join([
        header,
        google_row("Ada", "Lovelace", f'"{log}"', "ada@x.example", width),
        google_row("Grace", "Hopper", "x" * 300_000, "grace@x.example", width),
    ]) + "\r\n"  # fmt: skip
    people, result = contacts_of(write(tmp_path, text))
    assert set(people) == {"Ada Lovelace", "Grace Hopper"} and not result.problems
    assert people["Ada Lovelace"].notes == log
    assert emails(people["Ada Lovelace"]) == ["ada@x.example"]


def test_two_exports_joined_into_one_file_read_as_one(tmp_path):
    preamble = 'Notes:\n"When exporting your connection data, you may notice..."\n\n'
    export = preamble + LINKEDIN + "\nAda,Lovelace,https://www.linkedin.com/in/ada,,AES,Math,"
    export += "14 Mar 2024\n,,,,,,30 Apr 2021\n"
    second = export.replace("ada", "grace").replace("Ada,Lovelace", "Grace,Hopper")
    people, result = contacts_of(write(tmp_path, export + second))
    assert set(people) == {"Ada Lovelace", "Grace Hopper"} and result.skipped == 2
    assert [(p.line, p.severity) for p in result.problems] == [(10, "notice")]
    assert "2 line(s) of its preamble" in result.problems[0].message


def test_a_contact_with_only_a_first_name_before_a_repeated_header_stays(samples, tmp_path):
    header = google_header(samples)
    width = header.count(",") + 1
    madonna = google_row("Madonna", "", "", "", width)
    text = "\n".join([header, madonna, header, google_row("Al", "Bo", "", "", width)]) + "\n"
    people, result = contacts_of(write(tmp_path, text))
    assert set(people) == {"Madonna", "Al Bo"}
    assert [(p.line, p.severity) for p in result.problems] == [(3, "notice")]


def test_a_table_pasted_into_a_note_is_one_cell(samples, tmp_path):
    header = google_header(samples)
    width = header.count(",") + 1
    table = "\n".join(",".join(f"r{r}c{c}" for c in range(width + 10)) for r in range(3))
    text = "\r\n".join([
        header,
        google_row("Bob", "Ray", f'"{table}"', "bob@x.example", width),
        google_row("Cat", "Sun", "", "cat@x.example", width),
    ]) + "\r\n"  # fmt: skip
    people, result = contacts_of(write(tmp_path, text))
    assert set(people) == {"Bob Ray", "Cat Sun"} and not result.problems
    assert people["Bob Ray"].notes == table
