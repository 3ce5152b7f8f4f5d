"""CSV fields that were easy to lose: repeated custom labels, several addresses in one group,
e-mail display names typed into Outlook, rows with no name, system labels, bad profile URLs."""

from __future__ import annotations

from pathlib import Path

from relinbox.interop.csv.outlook_columns import DESKTOP, OUTLOOK_COM
from relinbox.interop.sources import read_source
from tests.interop.conftest import contacts_of, emails

GOOGLE = (
    "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Event 1 - Label,"
    "Event 1 - Value,Custom Field 1 - Label,Custom Field 1 - Value,Custom Field 2 - Label,"
    "Custom Field 2 - Value,Address 1 - Label,Address 1 - Street,Address 1 - City,Notes\n"
)


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def row(columns: tuple[str, ...], values: dict[str, str]) -> str:
    return ",".join('"' + values.get(c, "").replace('"', '""') + '"' for c in columns) + "\n"


def said(result) -> list[tuple[int, str]]:
    return [(p.line, p.severity) for p in result.problems]


def test_values_under_one_custom_label_are_all_kept(tmp_path):
    text = GOOGLE + (
        "Ada,Lovelace,,,ada@x.example,first gig ::: second gig,not a date ::: nor this,"
        "Met via,Hilbert ::: Klein,Met via,Göttingen seminar,,,,\n"
    )
    people, result = contacts_of(write(tmp_path, text))
    ada = people["Ada Lovelace"]
    assert ada.custom["Met via"] == "Hilbert ::: Klein ::: Göttingen seminar"
    assert ada.custom["first gig"] == "not a date"
    assert ada.custom["second gig"] == "nor this"
    assert said(result) == [(2, "warning"), (2, "warning")]


def test_several_addresses_in_one_google_group(tmp_path):
    text = GOOGLE + ",,,,,,,,,,,Home ::: Work,1 Main St ::: 2 Side St,London ::: Leeds,Ada\n"
    people, _result = contacts_of(write(tmp_path, text))
    (contact,) = people.values()
    assert [(a.label, a.street, a.city) for a in contact.addresses] == [
        ("Home", "1 Main St", "London"), ("Work", "2 Side St", "Leeds"),
    ]  # fmt: skip


def test_legacy_my_contacts_is_a_system_label_not_a_tag(tmp_path):
    labels = "* My Contacts ::: * Starred ::: Friends"
    text = GOOGLE + f"Ada,Lovelace,{labels},,ada@x.example,,,,,,,,,,\n"
    people, _result = contacts_of(write(tmp_path, text))
    ada = people["Ada Lovelace"]
    assert ada.tags == ["Friends"] and ada.starred


def test_rows_with_no_name_are_warned_about_and_kept_apart(tmp_path):
    text = GOOGLE + ",,Friends,,,,,,,,,,,,Met at the gala\n" + ",,Family,,,,,,,,,,,,Cousin\n"
    _people, result = contacts_of(write(tmp_path, text))
    records = [r.contact for r in result.records]
    assert [c.display_name for c in records] == ["(no name)", "(no name)"]
    assert [c.notes for c in records] == ["Met at the gala", "Cousin"]
    assert len({c.uid for c in records}) == 2
    assert said(result) == [(2, "warning"), (3, "warning")]
    assert "(no name)" in result.problems[0].message
    again = read_source(write(tmp_path, text, "again.csv"))
    assert [r.contact.uid for r in again.records] == [c.uid for c in records]


def test_a_typed_outlook_display_name_is_kept_and_the_default_is_not(tmp_path):
    header = ",".join(DESKTOP) + "\n"
    ada = {"First Name": "Ada", "Last Name": "Lovelace", "E-mail Address": "ada@x.example",
           "E-mail Display Name": "Ada the Countess", "E-mail 2 Address": "ada@y.example",
           "E-mail 2 Display Name": "Ada Lovelace (ada@y.example)",
           "E-mail 3 Address": "/o=ExchangeLabs/cn=ada", "E-mail 3 Type": "EX"}  # fmt: skip
    two_dns = {"First Name": "Alan", "E-mail Address": "/o=ExchangeLabs/cn=one",
               "E-mail Type": "EX", "E-mail 2 Address": "/o=ExchangeLabs/cn=two",
               "E-mail 2 Type": "EX"}  # fmt: skip
    text = header + row(DESKTOP, ada) + row(DESKTOP, two_dns)
    people, result = contacts_of(write(tmp_path, text))
    assert not result.problems
    ada_contact = people["Ada Lovelace"]
    assert emails(ada_contact) == ["ada@x.example", "ada@y.example"]
    assert ada_contact.custom == {
        "E-mail Display Name": "Ada the Countess",
        "Exchange address": "/o=ExchangeLabs/cn=ada",
    }
    alan = people["Alan"]
    assert not alan.emails
    assert alan.custom["Exchange address"] == "/o=ExchangeLabs/cn=one ::: /o=ExchangeLabs/cn=two"


def test_forcing_desktop_outlook_on_an_outlook_com_file_keeps_its_source(tmp_path):
    text = row(OUTLOOK_COM, {c: c for c in OUTLOOK_COM}) + row(
        OUTLOOK_COM, {"First Name": "Grace", "E-mail Address": "grace@navy.example"}
    )
    path = write(tmp_path, text)
    forced = read_source(path, "outlook")
    assert forced.kind == "outlook-com"
    assert said(forced) == [(1, "notice")] and "Outlook.com" in forced.problems[0].message
    auto = read_source(path)
    assert [r.contact.uid for r in forced.records] == [r.contact.uid for r in auto.records]
    refused = read_source(path, "google")
    assert "columns of an Outlook.com export" in refused.problems[0].message


def test_an_unreadable_profile_url_is_kept_and_reported(tmp_path):
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    text += "Latin,One,https://www.linkedin.com/in/caf%E9-example,,,,01 May 2021\n"
    people, result = contacts_of(write(tmp_path, text))
    latin = people["Latin One"]
    assert latin.linkedin is None
    assert latin.urls == ["https://www.linkedin.com/in/caf%E9-example"]
    assert said(result) == [(2, "warning")]


def test_problems_are_listed_in_line_order(tmp_path):
    # Decoding reports line 3's byte before the rows are mapped and line 2 is found short.
    data = GOOGLE.encode() + b"Short,Row\n" + b"Zo\xeb,Lovelace,,,,,,,,,,,,,\n"
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    result = read_source(path)
    assert said(result) == [(2, "warning"), (3, "warning")]
    assert "Windows-1252" in result.problems[1].message


def test_an_apostrophe_is_the_users_text_in_a_file_that_was_not_guarded(tmp_path):
    # Google writes "+44…" as it is: a file with a bare trigger was not guarded, so the
    # apostrophes in it were typed by the user and are kept.
    text = GOOGLE + (
        "Ada,Lovelace,,,ada@x.example,,,,,,,,,,'=not a formula\n"
        "Bob,Babbage,,,'@bob,,,,,,,,,,-- call after lunch\n"
    )
    people, _result = contacts_of(write(tmp_path, text))
    assert people["Ada Lovelace"].notes == "'=not a formula"
    assert emails(people["Bob Babbage"]) == ["'@bob"]


def test_a_guarded_file_loses_its_guards(tmp_path):
    text = GOOGLE + "Ada,Lovelace,,,ada@x.example,,,,,,,,,,'=SUM(A1)\nBob,Babbage,,,,,,,,,,,,,'-x\n"
    people, _result = contacts_of(write(tmp_path, text))
    assert people["Ada Lovelace"].notes == "=SUM(A1)"
    assert people["Bob Babbage"].notes == "-x"


LINKEDIN_2018 = "First Name,Last Name,Email Address,Company,Position,Connected On\n"


def test_older_linkedin_connection_dates_and_member_ids(tmp_path):
    text = LINKEDIN_2018 + (
        'Claus,Bergh,claus@approve.example,ApproveIT,Owner,"1/8/18, 6:14 PM"\n'
        "Kavya,Sawadi,,FarMart,Data Analyst,23-Apr-23\n"
        'Mia,Lund,urn:li:member:664293716,Acme,CTO,"25/12/18, 10:35 AM"\n'
    )
    people, result = contacts_of(write(tmp_path, text))
    assert [people[n].connected_on for n in ("Claus Bergh", "Kavya Sawadi", "Mia Lund")] == [
        "2018-01-08", "2023-04-23", "2018-12-25"
    ]  # fmt: skip
    mia = people["Mia Lund"]
    assert mia.emails == [] and mia.custom["Email Address"] == "urn:li:member:664293716"
    assert [(p.line, p.severity) for p in result.problems] == [(4, "warning")]
    assert "not an e-mail address" in result.problems[0].message


def test_multi_line_cells_of_a_windows_file_keep_plain_line_breaks(tmp_path):
    columns = ("First Name", "Last Name", "Business Street", "Business City", "Notes")
    values = {"First Name": "Zoë", "Business Street": "1 Main St.\r\nApt 4",
              "Business City": "Springfield", "Notes": "one\r\ntwo"}  # fmt: skip
    path = tmp_path / "outlook.csv"
    path.write_bytes((",".join(DESKTOP) + "\r\n" + row(DESKTOP, values)).encode("utf-8"))
    assert all(column in DESKTOP for column in columns)
    people, _ = contacts_of(path)
    (address,) = people["Zoë"].addresses
    assert address.street == "1 Main St.\nApt 4" and people["Zoë"].notes == "one\ntwo"


def test_google_website_labels_and_lone_labels_are_kept(tmp_path):
    text = (
        "First Name,E-mail 1 - Label,E-mail 1 - Value,Website 1 - Label,Website 1 - Value,"
        "Website 2 - Label,Website 2 - Value\n"
        "Ada,*,,Blog ::: Portfolio,https://blog.example ::: https://folio.example,"
        "ada@shifted.example,\n"
    )
    people, _ = contacts_of(write(tmp_path, text))
    ada = people["Ada"]
    assert ada.urls == ["https://blog.example", "https://folio.example"]
    assert ada.custom == {
        "Website labels": "Blog: https://blog.example ::: Portfolio: https://folio.example",
        "Website 2 - Label": "ada@shifted.example",  # a value in a label column stays
    }


def test_an_outlook_export_trimmed_in_a_spreadsheet_is_read_when_asked(tmp_path):
    path = write(tmp_path, (
        "First Name,Last Name,E-mail Address,Mobile Phone,Company\n"
        "Heinrich,Müller,h.mueller@example.de,+49 171 2345678,Bäckerei Müller GmbH\n"
    ))  # fmt: skip
    _, refused = contacts_of(path)
    assert refused.refused and "`--format outlook` reads" in refused.problems[0].message
    people, result = contacts_of(path, "outlook")
    heinrich = people["Heinrich Müller"]
    assert emails(heinrich) == ["h.mueller@example.de"]
    assert heinrich.org.name == "Bäckerei Müller GmbH" and heinrich.phones[0].label == "Mobile"
    assert said(result) == [(1, "notice")]
    _, not_outlook = contacts_of(write(tmp_path, "Name,Shoe size\nAda,38\n"), "outlook")
    assert not_outlook.refused


def test_googles_outlook_csv_export_keeps_its_groups_and_formatted_addresses(tmp_path):
    header = "First Name,Last Name,Home Address,Home Street,Home City,Mobile Phone,Categories\n"
    text = header + (
        'Jane,Doe,"Industrigata 50B\r\nOslo, 0357",50B Industrigata,Oslo,+47 416 44 000,'
        "myContacts;starred;Family\n"
        "Per,Berg,,,,+47 416 44 001,Clients;starred\n"  # not Google's: a category of the user
    )
    people, _ = contacts_of(write(tmp_path, text))
    jane = people["Jane Doe"]
    assert jane.starred and jane.tags == ["Family"]
    (home,) = jane.addresses
    assert (home.street, home.formatted) == ("50B Industrigata", "Industrigata 50B\nOslo, 0357")
    assert not people["Per Berg"].starred and people["Per Berg"].tags == ["Clients", "starred"]


def test_a_windows_contacts_name_column_is_the_display_name(tmp_path):
    header = "Name,E-mail Address,Mobile Phone,Company,Job Title,Business Address\n"
    text = header + "Adam Glacius,adam@any.example,+1 555 3227 8544,Acme Inc.,Planner,1 Way\n"
    people, _ = contacts_of(write(tmp_path, text), "outlook")
    adam = people["Adam Glacius"]
    assert adam.org.name == "Acme Inc." and adam.addresses[0].formatted == "1 Way"
    assert "Name" not in adam.custom


def test_legacy_google_internet_type_is_not_a_label(tmp_path):
    text = (
        "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,"
        "E-mail 2 - Value\nAda Lovelace,Ada,Lovelace,* INTERNET,ada@x.example,Work,ada@w.example\n"
    )
    people, _ = contacts_of(write(tmp_path, text))
    ada = people["Ada Lovelace"]
    assert [(e.value, e.label, e.primary) for e in ada.emails] == [
        ("ada@x.example", "", True), ("ada@w.example", "Work", False)
    ]  # fmt: skip
