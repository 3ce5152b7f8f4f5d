"""vCards the samples do not have, from real exporters and damaged files: charsets and
decoding, line numbers, recovery, labels, alternatives, groups, AGENT, identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.interop.conftest import contacts_of, emails, one, phones, vcards


def said(problems) -> list[tuple[int, str, str]]:
    return [(p.line, p.severity, p.message) for p in problems]


@pytest.mark.parametrize(
    "charset", ["UTF\x00-8", "rot13", "uu", "zip", "hex", "base64", "no-such-codec"]
)
def test_a_charset_that_is_not_a_text_encoding_is_read_as_utf8(charset):
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=%s:Ada\r\nEND:VCARD\r\n" % charset.encode()
    card, problems = one(data)
    assert card.display_name == "Ada"
    assert said(problems) == [(3, "warning", f"unknown CHARSET={charset}; read as UTF-8")]


def test_a_text_codec_that_fails_reads_windows_1252():
    card, problems = one(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=undefined:Ada\r\nEND:VCARD\r\n")
    assert card.display_name == "Ada"
    assert said(problems) == [(3, "warning", "text is not valid undefined; read as Windows-1252")]


def test_a_quoted_printable_soft_break_keeps_the_space_that_starts_the_next_line():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:one two three=\r\n four five\r\nEND:VCARD\r\n"
    )
    assert card.notes == "one two three four five" and not problems


def test_a_byte_order_mark_where_two_files_were_joined_is_ignored():
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{0}\r\nEMAIL:{0}@x.example\r\nEND:VCARD\r\n"
    data = b"".join(b"\xef\xbb\xbf" + card.format(name).encode() for name in ("Ada", "Grace"))
    cards, problems, skipped = vcards(data)
    assert [c.display_name for c in cards] == ["Ada", "Grace"]
    assert not problems and not skipped


def test_a_blank_line_ends_vcard_21_base64_data():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:AAAA\r\n"
        " BBBB\r\nCCCC\r\n\r\nno colon here\r\nDDDD\r\nTEL;CELL:1\r\nEND:VCARD\r\n"
    )
    assert card.extra == ["PHOTO;ENCODING=BASE64;TYPE=JPEG:AAAABBBBCCCC"]
    assert phones(card) == ["1"]
    assert said(problems) == [
        (8, "warning", "not a property (no ':'); line ignored"),
        (9, "warning", "not a property (no ':'); line ignored"),
    ]


def test_windows_1252_in_a_parameter_is_read_and_reported():
    card, problems = one(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:J\xc3\xbcrgen\r\n"
        b'ADR;TYPE=home;LABEL="Stra\xdfe 1":;;Stra\xc3\x9fe 1;Berlin;;;\r\nEND:VCARD\r\n'
    )
    assert card.addresses[0].formatted == "Straße 1" and card.addresses[0].street == "Straße 1"
    assert said(problems) == [
        (4, "warning", "bytes that are not UTF-8; this line was read as Windows-1252")
    ]


@pytest.mark.parametrize(
    "note",
    [b"NOTE:first part and\r\n  the caf\xe9 part\r\n",
     b"NOTE;ENCODING=QUOTED-PRINTABLE:first part and=\r\n the caf=E9 part\r\n",
     b"NOTE;CHARSET=UTF-8:first part and\r\n  the caf\xe9 part\r\n"],
)  # fmt: skip
def test_windows_1252_on_a_continued_line_is_reported_at_that_line(note):
    card, problems = one(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zo\xc3\xab\r\n%sEND:VCARD\r\n" % note)
    assert card.notes == "first part and the café part"
    assert said(problems) == [
        (5, "warning", "bytes that are not UTF-8; this line was read as Windows-1252")
    ]


def test_the_apple_label_of_a_url_is_kept():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hedy\r\nitem1.URL:https://hedy.example/blog\r\n"
        "item1.X-ABLabel:Blog\r\nitem2.EMAIL:hedy@x.example\r\nitem2.X-ABLabel:Lab\r\n"
        "END:VCARD\r\n"
    )
    assert card.urls == ["https://hedy.example/blog"]
    assert card.extra == ["item1.X-ABLabel:Blog"]  # the e-mail's label is its label
    assert card.emails[0].label == "Lab" and not problems


def test_a_missing_end_at_the_end_of_a_complete_file_is_read_with_a_warning():
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@navy.example\r\n"
    )
    cards, problems, skipped = vcards(text)
    assert [c.display_name for c in cards] == ["Ada", "Grace Hopper"] and not skipped
    assert emails(cards[1]) == ["grace@navy.example"]
    message = "card has no END:VCARD at the end of the file; read to the end: check it is complete"
    assert said(problems) == [(5, "warning", message)]
    cards, problems, skipped = vcards(text[:-2])  # cut in the middle of a line: not imported
    assert [c.display_name for c in cards] == ["Ada"] and skipped == 1
    assert said(problems) == [
        (5, "error", "card at line 5 is truncated (file ends in the middle of a line)")
    ]


def test_a_vcard_21_agent_keeps_its_nested_card_inside_the_outer_card():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Boss;Big\r\nFN:Big Boss\r\nAGENT:\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Assistant Person\r\nTEL:+1 555 0101\r\nEND:VCARD\r\n"
        "EMAIL;INTERNET:boss@x.example\r\nTEL;WORK:+1 555 0100\r\nEND:VCARD\r\n"
    )
    assert card.display_name == "Big Boss" and not problems
    assert emails(card) == ["boss@x.example"] and phones(card) == ["+1 555 0100"]
    assert card.extra == [
        "AGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant Person\nTEL:+1 555 0101\nEND:VCARD"
    ]


def test_dates_the_card_marks_as_text_are_kept_without_a_warning():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nBDAY;VALUE=text:circa 1800\r\n"
        "ANNIVERSARY;VALUE=text:summer of 69\r\nEND:VCARD\r\n"
    )
    assert card.birthday_text == "circa 1800" and card.anniversary is None
    assert card.extra == ["ANNIVERSARY;VALUE=text:summer of 69"] and not problems
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nBDAY:circa 1800\r\n"
        "ANNIVERSARY:summer of 69\r\nEND:VCARD\r\n"
    )
    assert card.birthday_text == "circa 1800" and card.extra == ["ANNIVERSARY:summer of 69"]
    assert said(problems) == [
        (4, "warning", "birthday 'circa 1800' is not a date; kept as text"),
        (5, "warning", "anniversary 'summer of 69' is not a date; kept as is"),
    ]


def test_the_structured_name_comes_from_the_alternative_of_the_chosen_fn():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\n"
        "FN;ALTID=1;LANGUAGE=en;PREF=1:Taro Yamada\r\nFN;ALTID=1;LANGUAGE=ja:山田太郎\r\n"
        "N;ALTID=1;LANGUAGE=ja:山田;太郎;;;\r\nN;ALTID=1;LANGUAGE=en:Yamada;Taro;;;\r\n"
        "END:VCARD\r\n"
    )
    assert card.display_name == "Taro Yamada" and not problems
    assert (card.name.family, card.name.given) == ("Yamada", "Taro")
    assert card.extra == ["FN;ALTID=1;LANGUAGE=ja:山田太郎", "N;ALTID=1;LANGUAGE=ja:山田;太郎;;;"]


def test_contact_groups_are_skipped_with_a_notice():
    cards, problems, skipped = vcards(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Family\r\nFN:Family\r\n"
        "X-ADDRESSBOOKSERVER-KIND:group\r\nX-ADDRESSBOOKSERVER-MEMBER:urn:uuid:5AD3\r\n"
        "UID:group-1\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Book Club\r\nMEMBER:urn:uuid:03a0\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:Ada\r\nEND:VCARD\r\n"
    )
    assert [c.display_name for c in cards] == ["Ada"] and skipped == 2
    assert said(problems) == [
        (1, "notice", "a contact group (Family), not a person; not imported"),
        (9, "notice", "a contact group (Book Club), not a person; not imported"),
    ]


def test_a_sub_folder_of_a_vdir_collection_is_named_in_a_notice(tmp_path):
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{0}\r\nFN:{0}\r\nEND:VCARD\r\n"
    (tmp_path / "old").mkdir()
    (tmp_path / "empty").mkdir()
    for path in (tmp_path / "a.vcf", tmp_path / "old" / "b.vcf"):
        path.write_text(card.format(path.stem))
    people, result = contacts_of(tmp_path)
    assert list(people) == ["a"]
    assert [(p.file, p.line, p.severity, p.message) for p in result.problems] == [
        (str(tmp_path), 1, "notice", "sub-folder old not read: a vdir collection is one folder")
    ]


def test_cards_with_no_name_stay_apart_and_are_reported():
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:just a note\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:another\r\nEND:VCARD\r\n"
    )
    cards, problems, _ = vcards(data)
    assert [c.notes for c in cards] == ["just a note", "another"]
    assert len({c.uid for c in cards}) == 2
    assert [(p.line, p.severity) for p in problems] == [(1, "warning"), (5, "warning")]
    again, _, _ = vcards(data)
    assert [c.uid for c in again] == [c.uid for c in cards]


def test_a_symlink_loop_or_a_broken_link_in_a_vdir_is_reported_not_fatal(tmp_path):
    folder = tmp_path / "contacts"
    folder.mkdir()
    (folder / "a.vcf").write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    (folder / "loop.vcf").symlink_to("loop.vcf")
    (folder / "gone.vcf").symlink_to("nowhere.vcf")
    people, result = contacts_of(folder)
    assert list(people) == ["Ada"] and result.skipped == 2
    assert sorted((Path(p.file).name, p.severity) for p in result.problems) == [
        ("gone.vcf", "error"), ("loop.vcf", "error"),
    ]  # fmt: skip


def test_two_cards_of_one_file_with_no_uid_and_the_same_name_stay_two():
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nORG:Plumbing Ltd\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Smith\r\nORG:Dental Care\r\nEND:VCARD\r\n"
    )
    cards, problems, _ = vcards(data)
    assert [c.org.name for c in cards] == ["Plumbing Ltd", "Dental Care"]
    assert len({c.uid for c in cards}) == 2
    assert [(p.line, p.severity) for p in problems] == [(6, "notice")]
    again, _, _ = vcards(data)
    assert [c.uid for c in again] == [c.uid for c in cards]  # stable across re-imports


def test_an_org_with_only_a_unit_keeps_its_name_empty():
    card, _ = one("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nORG:;Research;Lab 2\r\nEND:VCARD\r\n")
    assert (card.org.name, card.org.department) == ("", "Research; Lab 2")


PARTIAL_DATES = [
    ("1985", "notice"), ("1985-04", "notice"), ("--04", "notice"), ("---12", "notice"),
    ("circa 1800", "warning"),
]


@pytest.mark.parametrize(("bday", "severity"), PARTIAL_DATES)
def test_a_birthday_with_no_day_is_kept_as_text_with_a_notice(bday, severity):
    card, problems = one(f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nBDAY:{bday}\r\nEND:VCARD\r\n")
    assert card.birthday is None and card.birthday_text == bday
    assert [(p.line, p.severity) for p in problems] == [(4, severity)]


@pytest.mark.parametrize(("date", "severity"), PARTIAL_DATES)
def test_an_anniversary_with_no_day_is_kept_as_is_with_a_notice(date, severity):
    text = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nANNIVERSARY:{date}\r\nEND:VCARD\r\n"
    card, problems = one(text)
    assert card.anniversary is None and card.extra == [f"ANNIVERSARY:{date}"]
    assert [(p.line, p.severity) for p in problems] == [(4, severity)]


def test_android_custom_types_are_labels():
    # Android's vCard 2.1 writes a type the user named as `X-<name>` when it is plain ASCII
    # and as `X-CUSTOM(CHARSET=…,ENCODING=QUOTED-PRINTABLE,<name>)` otherwise.
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Marion Schrage\r\n"
        "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=41=72=62=65=69=74=20=4D=6F"
        "=62=69=6C):+491621079892\r\n"
        "TEL;X-Boat:+491621079899\r\n"
        "TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,Soccer coach):555-010-5656\r\n"
        "EMAIL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=D7=A0=D7=99=D7=99=D7=93):"
        "n@x.example\r\nEND:VCARD\r\n"
    )
    assert [(p.value, p.label) for p in card.phones] == [
        ("+491621079892", "Arbeit Mobil"), ("+491621079899", "Boat"),
        ("555-010-5656", "Soccer coach"),
    ]  # fmt: skip
    assert [(e.value, e.label) for e in card.emails] == [("n@x.example", "נייד")]
    assert not card.extra and not list(problems)


@pytest.mark.parametrize("join", ["", "\ufeff"])
def test_files_joined_without_a_line_end_between_them_stay_two_cards(join):
    first = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Doug White\r\nTEL:+1 555 0100\r\nEND:VCARD"
    second = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:nat\r\nFN:Nat Friedman\r\nEND:VCARD\r\n"
    cards, problems, _ = vcards(first + join + second)
    assert [(c.display_name, c.uid == "nat") for c in cards] == [
        ("Doug White", False), ("Nat Friedman", True)
    ]  # fmt: skip
    assert [(p.line, p.severity) for p in problems] == [(5, "warning")]
    assert phones(cards[0]) == ["+1 555 0100"] and not cards[1].phones


def test_a_quoted_printable_soft_break_before_a_blank_line_ends_the_value():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A B\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:line1=\r\n\r\nTEL;CELL:123\r\nEND:VCARD\r\n"
    )
    assert card.notes == "line1" and phones(card) == ["123"] and not problems


@pytest.mark.parametrize("param", ["ENCODING=b", "BASE64", "ENCODING=BASE64;CHARSET=UTF-8"])
def test_text_sent_as_base64_is_decoded(param):
    card, _ = one(
        f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;{param}:SsO2cmcgTcO8bGxlcg==\r\n"
        f"NOTE;{param}:THVkd2lnLUfDtnR6IEdyYcOfbA==\r\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:SsO2cmcgTcO8bGxlcg==\r\nEND:VCARD\r\n"
    )
    assert (card.display_name, card.notes) == ("Jörg Müller", "Ludwig-Götz Graßl")
    assert card.extra == ["PHOTO;ENCODING=b;TYPE=JPEG:SsO2cmcgTcO8bGxlcg=="]  # binary: as is


def test_a_later_kind_does_not_turn_a_person_into_a_group():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:Forrest Gump\r\n"
        "EMAIL:forrest@example.com\r\nKIND:group\r\nEND:VCARD\r\n"
    )
    assert emails(card) == ["forrest@example.com"] and card.extra == ["KIND:group"]
    assert said(problems) == [
        (6, "warning", "a second KIND (group) after individual; the first is kept")
    ]


def test_a_line_written_twice_is_kept_once():
    card, _ = one(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nREV:20080424T195243Z\r\nX-A:1\r\n"
        "REV:20080424T195243Z\r\nEND:VCARD\r\n"
    )
    assert card.extra == ["REV:20080424T195243Z", "X-A:1"]


def test_a_formatted_address_with_no_structured_one_is_an_address():
    card, _ = one(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Andrew Hsu\r\n"
        "LABEL;TYPE=WORK:1 Infinite Loop\\nCupertino\\, CA\r\nEND:VCARD\r\n"
    )
    (address,) = card.addresses
    assert (address.label, address.formatted) == ("work", "1 Infinite Loop\nCupertino, CA")
    assert card.extra == []


def test_a_refused_file_reports_the_refusal_alone(tmp_path):
    from relinbox.interop.sources import read_source

    path = tmp_path / "photo.vcf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xe9\xe8\n\x93\x94\x95\n")
    result = read_source(path)
    assert result.refused
    assert said(result.problems) == [(1, "error", "no BEGIN:VCARD found")]


def test_an_apple_label_written_without_its_underscores_is_read():
    card, _ = one(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nitem1.EMAIL:ada@x.example\r\n"
        "item1.X-ABLabel:$!<Email>!$\r\nEND:VCARD\r\n"
    )
    assert card.emails[0].label == "Email" and card.extra == []
