"""CSV exports: Google (both header generations), Outlook desktop (en, de), Outlook.com,
LinkedIn; broken quotes, short rows, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from relinbox.interop.csv.outlook_columns import DESKTOP, GERMAN, OUTLOOK_COM
from relinbox.interop.sources import read_source
from tests.interop.conftest import contacts_of, emails, phones, primary


def write(tmp_path: Path, text: str | bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_google_sample(samples):
    people, result = contacts_of(samples / "google_contacts.csv")
    contacts = list(people.values())
    assert result.kind == "google" and not result.problems
    assert len(contacts) == 10
    assert sum(len(c.emails) for c in contacts) == 11
    assert sum(len(c.phones) for c in contacts) == 9
    birthdays = [c.birthday for c in contacts if c.birthday]
    assert len(birthdays) == 7 and sum(b.startswith("--") for b in birthdays) == 3

    ada = people["Ada Augusta Lovelace"]
    assert primary(ada.emails) == "ada@analytical.example"
    assert [p.label for p in ada.emails] == ["Work", "Home"]
    assert phones(ada) == ["+44 20 7946 0001", "+44 20 7946 0002"]
    assert ada.tags == ["Mentors"] and ada.starred
    assert (ada.org.name, ada.org.title, ada.org.department) == (
        "Analytical Engine Society", "Mathematician", "Research",
    )  # fmt: skip
    assert ada.anniversary == "1835-07-08"
    assert [(r.name, r.relation) for r in ada.related] == [("William King", "Spouse")]
    assert ada.custom["Met via"] == "Royal Society"
    assert ada.urls == ["https://analytical.example/ada"]
    assert ada.addresses[0].formatted.count("\n") == 2
    assert ada.notes.split("\n") == [
        'Met at the "Difference Engine" demo, London.',
        "Follow up re: Note G, Bernoulli numbers.",
        "Prefers email; never call before 10:00.",
    ]
    grace = people["Grace Brewster Hopper"]
    assert emails(grace) == ["grace@navy.example", "g.hopper@cobol.example"]
    assert primary(grace.phones) == "+1 202 555 0147"
    assert grace.birthday == "--12-09" and grace.nickname == "Amazing Grace"
    assert grace.tags == ["Navy"] and not grace.starred
    assert people["José Núñez"].org.name == "Compañía Ñandú, S.A."
    taro = people["太郎 山田"]
    assert (taro.name.given, taro.name.family) == ("太郎", "山田")
    assert people["Björn Åkesson"].birthday == "--02-29"
    assert people["Babbage & Sons, Ltd."].name.joined() == ""
    charles = people["Charles Babbage"]
    assert charles.notes.startswith("=SUM(A1:A2)") and '"the engine is nearly done", again.' in (
        charles.notes
    )
    assert charles.tags == ["Inventors"]
    assert "noname@example.org" in people and "Wiz" in people
    assert people["Dr. Mary Somerville FRS"].tags == ["Mentors", "Scotland"]


def test_outlook_sample(samples):
    people, result = contacts_of(samples / "outlook_contacts.csv")
    contacts = list(people.values())
    assert result.kind == "outlook" and not result.problems
    assert len(contacts) == 6
    assert sum(len(c.emails) for c in contacts) == 7
    assert sum(len(c.phones) for c in contacts) == 8
    assert sum(1 for c in contacts if c.birthday) == 3
    ada = people["Countess Ada Augusta Lovelace"]
    assert [(p.value, p.label) for p in ada.phones] == [
        ("+44 20 7946 0002", "Business"),
        ("+44 20 7946 0001", "Mobile"),
    ]
    assert ada.birthday == "1815-12-10" and ada.anniversary == "1835-07-08"
    assert ada.tags == ["Mentors", "VIP"]
    assert ada.notes == "Met at the demo.\nFollow up re: Note G, Bernoulli numbers."
    assert [(r.name, r.relation) for r in ada.related] == [("William King", "spouse")]
    assert ada.custom["Gender"] == "Female"
    grace = people["Grace Hopper"]
    assert grace.birthday is None and grace.anniversary is None
    assert "Gender" not in grace.custom and "Priority" not in grace.custom
    assert "Private" not in grace.custom and "Sensitivity" not in grace.custom
    alan = people["Alan Turing"]
    assert emails(alan) == ["alan@bletchley.example"]
    assert alan.birthday == "1912-06-23"
    assert people["Babbage & Sons, Ltd."].phones[0].label == "Company Main"
    assert people["Dr. Mary Somerville FRS"].birthday == "1780-12-26"


def test_linkedin_sample(samples):
    people, result = contacts_of(samples / "linkedin_connections.csv")
    contacts = list(people.values())
    assert result.kind == "linkedin" and result.skipped == 1
    assert len(contacts) == 7
    assert sum(len(c.emails) for c in contacts) == 2
    assert not any(c.phones or c.birthday for c in contacts)
    assert people["Ada Lovelace"].connected_on == "2024-03-14"
    assert people["Ada Lovelace"].linkedin == "https://www.linkedin.com/in/ada-lovelace-example"
    grace = people["Grace Hopper"]
    assert grace.linkedin == "https://www.linkedin.com/in/grace-hopper-example"
    assert grace.org.name == "US Navy, Reserve" and grace.connected_on == "2023-01-02"
    assert people["José Núñez"].linkedin == "https://www.linkedin.com/in/josé-núñez-example"
    kj = people["Katherine Johnson, PhD"]
    assert kj.name.family == "Johnson, PhD" and kj.org.title == 'Senior "Computer"'
    assert kj.linkedin == "https://www.linkedin.com/in/kjohnson-example"
    assert people["Mary Somerville"].org.name == ""
    keys = {c.provenance[0].key for c in contacts}
    assert "linkedin.com/in/kjohnson-example" in keys


def test_malformed_csv(samples):
    bad = samples / "malformed"
    people, result = contacts_of(bad / "csv_empty.csv")
    assert not people and [p.message for p in result.problems] == ["empty file"]
    people, result = contacts_of(bad / "csv_header_only.csv")
    assert result.kind == "google" and not people and not result.problems
    people, result = contacts_of(bad / "csv_google_utf8_bom.csv")
    assert set(people) == {"Ada Augusta Lovelace", "Grace Brewster Hopper"}
    assert not result.problems


GOOGLE_LEGACY = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,"
    "Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,"
    "Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,"
    "Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,"
    "Organization 1 - Name,Organization 1 - Title,Website 1 - Type,Website 1 - Value\n"
)


def test_google_legacy_header(tmp_path):
    row = (
        "Ada Lovelace,Ada,,Lovelace,,,,,,,,,,,1815-12-10,,,,,,,,,,,Note,,,"
        "* myContacts ::: * starred ::: Friends,* Work,ada@a.example,Home,ada@b.example,"
        "Mobile,+44 1,,Engines Ltd,Analyst,Profile,https://uk.linkedin.com/in/Ada-L/?x=1\n"
    )
    people, result = contacts_of(write(tmp_path, GOOGLE_LEGACY + row))
    assert result.kind == "google" and not result.problems
    ada = people["Ada Lovelace"]
    assert primary(ada.emails) == "ada@a.example" and len(ada.emails) == 2
    assert ada.starred and ada.tags == ["Friends"] and ada.birthday == "1815-12-10"
    assert ada.org.name == "Engines Ltd" and ada.org.title == "Analyst"
    assert ada.linkedin == "https://www.linkedin.com/in/Ada-L"


def _row(columns: tuple[str, ...], values: dict[str, str]) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    return ",".join(quote(values.get(c, "")) for c in columns) + "\r\n"


def test_outlook_com_61_columns(tmp_path):
    assert len(OUTLOOK_COM) == 61
    text = _row(OUTLOOK_COM, {c: c for c in OUTLOOK_COM}) + _row(
        OUTLOOK_COM,
        {
            "First Name": "Grace", "Last Name": "Hopper", "Nickname": "Amazing",
            "E-mail Address": "grace@navy.example", "Mobile Phone": "+1 202 555 0147",
            "Primary Phone": "+1 202 555 0147", "Birthday": "12/9/1906",
            "Personal Web Page": "https://www.linkedin.com/in/grace/", "Schools": "Yale",
        },
    )  # fmt: skip
    people, result = contacts_of(write(tmp_path, text))
    assert result.kind == "outlook-com" and not result.problems
    grace = people["Grace Hopper"]
    assert grace.nickname == "Amazing" and grace.birthday == "1906-12-09"
    assert [(p.value, p.primary) for p in grace.phones] == [("+1 202 555 0147", True)]
    assert grace.linkedin == "https://www.linkedin.com/in/grace"
    assert grace.custom == {"Schools": "Yale"}
    assert grace.provenance[0].source == "outlook-com"


def test_outlook_german_headers(tmp_path):
    english_to_german = {english: german for german, english in GERMAN.items()}
    columns = tuple(english_to_german.get(c, c) for c in DESKTOP)
    values = {
        "Vorname": "Jürgen", "Nachname": "Müller", "Firma": "Straßenbau GmbH",
        "E-Mail-Adresse": "jm@example.de", "E-Mail-Typ": "SMTP", "Mobiltelefon": "+49 170 1",
        "Geburtstag": "5.11.1970", "Jahrestag": "0.0.00", "Kategorien": "Kunden;VIP",
        "Geschlecht": "Nicht angegeben", "Priorität": "Normal", "Vertraulichkeit": "Normal",
        "Notizen": "Zeile 1\r\nZeile 2",
    }  # fmt: skip
    text = ",".join(f'"{c}"' for c in columns) + "\r\n" + _row(columns, values)
    people, result = contacts_of(write(tmp_path, text))
    assert result.kind == "outlook" and not result.problems
    jm = people["Jürgen Müller"]
    assert jm.org.name == "Straßenbau GmbH" and emails(jm) == ["jm@example.de"]
    assert jm.birthday == "1970-11-05" and jm.anniversary is None
    assert jm.tags == ["Kunden", "VIP"] and jm.notes == "Zeile 1\nZeile 2"
    assert jm.phones[0].label == "Mobile" and jm.custom == {}


def test_outlook_day_first_file_and_cp1252(tmp_path):
    header = ",".join(DESKTOP) + "\r\n"
    rows = _row(DESKTOP, {"First Name": "Zoë", "Last Name": "Ålund", "Birthday": "23/6/1912"})
    rows += _row(DESKTOP, {"First Name": "Ana", "Birthday": "1/2/1990"})
    people, result = contacts_of(write(tmp_path, (header + rows).encode("cp1252")))
    assert people["Zoë Ålund"].birthday == "1912-06-23"
    assert people["Ana"].birthday == "1990-02-01"  # the file's dates are D/M/YYYY
    assert [(p.line, p.severity) for p in result.problems] == [(2, "warning")]
    assert "Windows-1252" in result.problems[0].message


def test_unterminated_quote_does_not_swallow_later_rows(samples, tmp_path):
    header = (samples / "google_contacts.csv").read_bytes().decode().split("\r\n")[0]
    good = [
        f"Given{i},,Family{i},,,,,,,,,,,,note {i},,,,g{i}@example.org,,,,,,,,,,,,,,,,,,,,,,,,,"
        for i in range(6)
    ]
    broken = good[:]
    broken[2] = broken[2].replace("note 2", '"note 2 never closed')
    broken[4] = "Short,Row"
    text = "\r\n".join([header, *broken]) + "\r\n"
    people, result = contacts_of(write(tmp_path, text))
    assert {f"Given{i} Family{i}" for i in (0, 1, 2, 3, 5)} <= set(people)
    assert "Short Row" in people or "Short" in people
    assert [(p.line, p.severity) for p in result.problems] == [(4, "warning"), (6, "warning")]
    assert "not closed" in result.problems[0].message
    assert all(p.line >= 1 for p in result.problems)


def test_legitimate_multiline_fields_are_kept(samples):
    people, result = contacts_of(samples / "google_contacts.csv")
    assert not result.problems and len(people) == 10


def test_unknown_columns_are_refused_by_name(tmp_path):
    people, result = contacts_of(write(tmp_path, "Foo,Bar,Baz\n1,2,3\n"))
    assert result.refused and not people
    message = result.problems[0].message
    assert "no known export" in message and "'Foo', 'Bar', 'Baz'" in message


def test_a_refused_export_in_another_language_gets_a_hint(tmp_path):
    header = '"Titre","Prénom","Nom","Société","Adresse de messagerie","Anniversaire"\r\n'
    people, result = contacts_of(write(tmp_path, header + '"","Amélie","Dupont","","",""\r\n'))
    assert result.refused and not people
    assert "'Prénom'" in result.problems[0].message
    assert "read in English" in result.problems[0].message


def test_a_binary_file_is_refused_as_one(tmp_path):
    people, result = contacts_of(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "x.csv"))
    assert result.refused and not people
    assert "binary file" in result.problems[-1].message


def test_a_vcard_pasted_into_a_note_does_not_make_the_file_a_vcard(tmp_path):
    text = (
        "First Name,Last Name,E-mail 1 - Value,Notes\n"
        'Ada,Lovelace,ada@x.example,"Her card:\nBEGIN:VCARD\nFN:Ada\nEND:VCARD"\n'
        "Grace,Hopper,grace@x.example,\n"
    )
    people, result = contacts_of(write(tmp_path, text, "contacts.vcf"))
    assert result.kind == "google" and not result.problems
    assert emails(people["Ada Lovelace"]) == ["ada@x.example"]
    assert people["Ada Lovelace"].notes.startswith("Her card:\nBEGIN:VCARD")
    assert "Grace Hopper" in people


def test_a_vcard_file_read_as_a_csv_export_is_refused_as_a_vcard(tmp_path):
    path = write(tmp_path, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n", "a.txt")
    result = read_source(path, "google")
    assert result.refused and "this is a vCard file" in result.problems[0].message


def test_semicolon_delimiter_and_utf16(tmp_path):
    text = "First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\n"
    text += "Zoë;Ålund;https://www.linkedin.com/in/zoe;;Acme;CEO;3 Feb 2020\r\n"
    for name, data in (
        ("semi.csv", text.encode("utf-8")),
        ("le.csv", b"\xff\xfe" + text.encode("utf-16-le")),
        ("be.csv", b"\xfe\xff" + text.encode("utf-16-be")),
    ):
        people, result = contacts_of(write(tmp_path, data, name))
        assert people["Zoë Ålund"].connected_on == "2020-02-03", name
        assert not result.problems


def test_forced_format_mismatch_is_refused(samples):
    result = read_source(samples / "linkedin_connections.csv", "google")
    assert result.refused and "LinkedIn" in result.problems[0].message


@pytest.mark.parametrize("row", ["", ",,,,,,", ",,,,,,1 Jan 2020"])
def test_rows_without_a_person_are_skipped(tmp_path, row):
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + row + "\n"
    people, result = contacts_of(write(tmp_path, text))
    assert not people and not result.problems
    assert result.skipped == (1 if row.endswith("2020") else 0)
