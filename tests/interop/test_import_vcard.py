"""vCard files and vdir folders: the samples, then vCard 2.1 / 4.0 features and malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest

from relinbox.interop.decoding import Fallbacks
from relinbox.interop.problems import Problems
from relinbox.interop.sources import read_source
from relinbox.interop.vcard import properties, read_vcards
from tests.interop.conftest import contacts_of, emails, phones, primary


def vcards(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    problems = Problems("test.vcf")
    cards, skipped, _found = read_vcards(data, problems)
    return [c for c, _ in cards], problems, skipped


def one(text: str | bytes):
    cards, problems, _ = vcards(text)
    assert len(cards) == 1, problems
    return cards[0], problems


def test_contacts_v3_counts(samples):
    people, result = contacts_of(samples / "contacts_v3.vcf")
    contacts = [r.contact for r in result.records]
    assert result.kind == "vcard" and not result.problems and not result.refused
    assert len(contacts) == 6
    assert sum(len(c.emails) for c in contacts) == 7
    assert sum(len(c.phones) for c in contacts) == 7
    birthdays = [c.birthday for c in contacts if c.birthday]
    assert len(birthdays) == 5 and sum(b.startswith("--") for b in birthdays) == 2
    assert set(people) == {
        "Ada Lovelace", "Grace Hopper", "José Núñez", "山田 太郎", "Wiz",
        "Dr. Mary Somerville FRS",
    }  # fmt: skip


def test_contacts_v3_ada(samples):
    ada = contacts_of(samples / "contacts_v3.vcf")[0]["Ada Lovelace"]
    assert ada.uid == "urn:uuid:0b1d6c1e-5a0e-4c55-9f0a-ada000000001"
    name = ada.name
    assert (name.family, name.given, name.additional, name.prefix) == (
        "Lovelace", "Ada", "Augusta", "Countess",
    )  # fmt: skip
    assert primary(ada.emails) == "ada@analytical.example"
    assert set(emails(ada)) == {"ada@analytical.example", "ada.king@home.example"}
    assert phones(ada) == ["+44 20 7946 0001", "+44 20 7946 0002"]
    assert ada.birthday == "1815-12-10" and ada.anniversary == "1835-07-08"
    assert ada.org.name == "Analytical Engine Society, Ltd." and ada.org.department == "Research"
    assert ada.tags == ["Mentors", "VIP", "Royal Society, London"]
    assert ada.notes.split("\n") == [
        'Met at the "Difference Engine" demo, London.',
        "Follow up re: Note G; Bernoulli numbers.",
        "Prefers email — never call before 10:00. Mention the punched-card loom from Lyon "
        "next time.",
    ]
    assert "X-RELINBOX-NEXT-FOLLOWUP:2026-03-14" in ada.extra
    assert "REV:2026-01-15T10:00:00Z" in ada.extra


def test_contacts_v3_apple_google_and_folding(samples):
    people = contacts_of(samples / "contacts_v3.vcf")[0]
    grace = people["Grace Hopper"]
    assert grace.uid == "6F9619FF-8B86-D011-B42D-00C04FC964FF"
    assert [(p.value, p.label, p.primary) for p in grace.emails] == [
        ("grace@navy.example", "Other", True),
        ("g.hopper@cobol.example", "COBOL committee", False),
    ]
    assert primary(grace.phones) == "+1 202 555 0147"
    assert grace.birthday == "--12-09" and grace.anniversary == "1930-06-15"
    assert grace.org.name == "US Navy"
    assert any(line.startswith("X-ABUID:") for line in grace.extra)
    assert not any("X-ABLabel" in line for line in grace.extra)  # consumed as labels
    jose = people["José Núñez"]
    assert jose.birthday == "--03-14" and jose.tags == ["Clientes"]
    assert jose.org.name == "Compañía Ñandú, S.A."
    assert [p.label for p in jose.phones] == ["cell", "Oficina"]
    assert jose.uid  # minted
    assert contacts_of(samples / "contacts_v3.vcf")[0]["José Núñez"].uid == jose.uid
    taro = people["山田 太郎"]
    assert (taro.name.family, taro.name.given, taro.uid) == ("山田", "太郎", "yamada-taro-0001")
    assert taro.notes == (
        "長いメモ: this note mixes Japanese and ASCII and is long enough to need folding; "
        "折り返しのテストです。工務店の見積もりを来月確認する。"
    )
    wiz = people["Wiz"]
    assert phones(wiz) == ["+1 (415) 555-0123"] and not wiz.emails
    assert wiz.notes == "Continuation line uses a TAB character instead of a space."
    mary = people["Dr. Mary Somerville FRS"]
    assert (mary.name.prefix, mary.name.suffix) == ("Dr.", "FRS")
    assert mary.birthday == "1780-12-26" and mary.tags == ["Mentors", "Scotland"]
    assert mary.urls == ["https://somerville.example/mary"]


def test_vdir_collection(samples):
    for folder in (samples / "vdir" / "contacts", samples / "vdir"):
        people, result = contacts_of(folder)
        assert result.kind == "vdir" and not result.problems
        assert len(people) == 3
        contacts = list(people.values())
        assert sum(len(c.emails) for c in contacts) == 3
        assert sum(len(c.phones) for c in contacts) == 3
        assert sum(1 for c in contacts if c.birthday) == 2
        assert "Should Not Be Imported" not in people
        assert people["Grace Hopper"].uid == "urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff"
        taro = people["山田 太郎"]
        assert phones(taro) == ["+81-90-1234-5678"] and taro.birthday == "--04-01"
        assert taro.uid == "k3x9q2m7w1v8r5t0y4u6i2o9p3a7s1d5f8g0"
        assert people["Ada Lovelace"].tags == ["Mentors"]
        files = {r.file.rsplit("/", 1)[-1] for r in result.records}
        assert "0d4c8e7a-partial.vcf.tmp" not in files and len(files) == 3


def test_malformed_vcards(samples):
    bad = samples / "malformed"
    people, result = contacts_of(bad / "vcf_empty.vcf")
    assert not people and not result.refused
    assert [(p.severity, p.message) for p in result.problems] == [("notice", "empty file")]

    people, result = contacts_of(bad / "vcf_utf8_bom.vcf")
    assert list(people) == ["Ada Lovelace"] and not result.problems

    people, result = contacts_of(bad / "vcf_truncated.vcf")
    assert list(people) == ["Ada Lovelace"]
    assert [(p.line, p.severity) for p in result.problems] == [(7, "error")]
    assert "truncated" in result.problems[0].message

    people, result = contacts_of(bad / "vcf_missing_end.vcf")
    assert set(people) == {"Ada Lovelace", "Grace Hopper"}  # Ada recovered
    assert [p.line for p in result.problems] == [1]

    people, result = contacts_of(bad / "vcf_not_a_vcard.vcf")
    assert not people and result.refused
    assert [p.message for p in result.problems] == ["no BEGIN:VCARD found"]



def test_of_several_fn_and_n_the_one_marked_pref_wins():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\n"
        "FN;ALTID=1;LANGUAGE=ja:山田太郎\r\nFN;ALTID=1;LANGUAGE=en;PREF=1:Taro Yamada\r\n"
        "N;ALTID=1;LANGUAGE=ja:山田;太郎;;;\r\nN;ALTID=1;LANGUAGE=en;PREF=1:Yamada;Taro;;;\r\n"
        "END:VCARD\r\n"
    )
    assert not problems
    assert card.display_name == "Taro Yamada"
    assert (card.name.given, card.name.family) == ("Taro", "Yamada")
    # the other language is kept, not lost
    assert "FN;ALTID=1;LANGUAGE=ja:山田太郎" in card.extra
    assert "N;ALTID=1;LANGUAGE=ja:山田;太郎;;;" in card.extra


def test_vcard_40_features():
    card, problems = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\n"
        "FN;ALTID=1;LANGUAGE=ja:山田工務店\r\nFN;ALTID=1;LANGUAGE=en:Yamada Builders\r\n"
        "N;ALTID=1;LANGUAGE=ja:;;;;\r\n"
        "EMAIL;PREF=2:second@example.org\r\nEMAIL:third@example.org\r\n"
        "EMAIL;PREF=1:first@example.org\r\n"
        "TEL;VALUE=uri;TYPE=\"voice,cell\";PREF=1:tel:+1-555-555-5555;ext=55\r\n"
        "BDAY;VALUE=text:circa 1800\r\n"
        "ADR;LABEL=\"Mr. John Q. Public^nPublic's Mountain^'s\";TYPE=work:;;1 Main St;Town;"
        "ST;12345;USA\r\n"
        "ANNIVERSARY:19960415\r\nEND:VCARD\r\n"
    )
    assert not problems
    assert card.display_name == "山田工務店" and card.kind == "org"
    assert any(line.startswith("FN;ALTID=1;LANGUAGE=en") for line in card.extra)
    assert emails(card) == ["first@example.org", "second@example.org", "third@example.org"]
    assert primary(card.emails) == "first@example.org"
    assert phones(card) == ["+1-555-555-5555 ext. 55"]
    assert card.phones[0].label == "cell" and card.phones[0].primary
    assert card.birthday is None and card.birthday_text == "circa 1800"
    assert card.addresses[0].formatted == "Mr. John Q. Public\nPublic's Mountain\"s"
    assert card.addresses[0].street == "1 Main St" and card.addresses[0].label == "work"
    assert card.anniversary == "1996-04-15"


def test_vcard_21_quoted_printable_and_charsets():
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
        b"N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
        b"FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:J=C3=BCrgen M=C3=BC=\r\n"
        b"ller\r\n"
        b"TEL;CELL;PREF:+49 170 1234567\r\nTEL;WORK;VOICE:+49 30 1234567\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Zeile eins=0D=0AZeile zwei =E2=\r\n"
        b"=80=94 Ende\r\n"
        b"ORG;CHARSET=ISO-8859-1:Stra\xdfenbau GmbH\r\n"
        b"END:VCARD\r\n"
    )
    card, problems = one(data)
    assert not problems
    assert card.display_name == "Jürgen Müller"
    assert (card.name.family, card.name.given) == ("Müller", "Jürgen")
    assert [(p.value, p.label, p.primary) for p in card.phones] == [
        ("+49 170 1234567", "cell", True),
        ("+49 30 1234567", "work", False),
    ]
    assert card.notes == "Zeile eins\nZeile zwei — Ende"
    assert card.org.name == "Straßenbau GmbH"


def test_folds_inside_multibyte_characters_and_lowercase():
    dash = "—".encode()
    data = (
        b"begin:vcard\r\nversion:3.0\r\nfn:Ada\r\nnote:before " + dash[:2] + b"\r\n "
        + dash[2:] + b" after\r\n\tand tab\r\nend:vcard\r\n"
    )
    card, problems = one(data)
    assert not problems
    assert card.notes == "before — afterand tab"


def test_structured_names_with_lists_and_escaped_commas():
    card, _ = one(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nN:Johnson\\, PhD;Katherine;Coleman,Goble;Dr.;\r\n"
        "END:VCARD\r\n"
    )
    assert (card.name.family, card.name.additional) == ("Johnson, PhD", "Coleman Goble")
    assert card.display_name == "Dr. Katherine Coleman Goble Johnson, PhD"


def test_rfc6868_carets_and_quoted_colons():
    card, problems = one(
        'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\nX-THING;LABEL="a:b ^^ ^\'q^\'":value\r\n'
        "END:VCARD\r\n"
    )
    assert not problems
    assert card.extra == ['X-THING;LABEL="a:b ^^ ^\'q^\'":value']


def test_several_problems_in_one_file():
    data = (
        b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
        b"EMAIL:ada@analytical.example\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos\xe9 N\xfa\xf1ez\r\nNOTE:caf\xc3\xa9\r\nEND:VCARD\r\n"
        b"garbage line\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Gra"
    )
    cards, problems, skipped = vcards(data)
    assert [c.display_name for c in cards] == ["Ada Lovelace", "José Núñez", "Grace Hopper"]
    assert cards[1].notes == "café"
    found = {(p.line, p.severity) for p in problems}
    assert (1, "warning") in found  # Ada: no END
    assert (7, "warning") in found  # cp1252 bytes on line 7
    assert (10, "warning") in found  # text outside a card
    assert (15, "error") in found  # truncated at the end
    assert skipped == 1
    assert not any("\ufffd" in c.display_name for c in cards)


def test_utf16_with_bom_both_orders():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ålund\r\nEND:VCARD\r\n"
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        card, problems = one(bom + text.encode(encoding))
        assert card.display_name == "Zoë Ålund" and not problems


def test_card_without_fn_falls_back_and_empty_card_is_skipped():
    cards, problems, skipped = vcards(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nORG:Acme Ltd\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:x@example.org\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n"
    )
    assert [c.display_name for c in cards] == ["Acme Ltd", "x@example.org"]
    assert skipped == 1 and [p.line for p in problems] == [10]


def test_minted_uid_is_stable_and_depends_on_identity():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEMAIL:ada@x.example\r\nEND:VCARD\r\n"
    first, _ = one(text)
    again, _ = one(text.replace("FN:Ada", "FN:  ada "))
    other, _ = one(text.replace("ada@x", "lovelace@x"))
    assert first.uid == again.uid != other.uid


def test_format_forced_and_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    result = read_source(path, "vcard")
    assert result.refused and result.problems[0].message == "no BEGIN:VCARD found"


@pytest.mark.parametrize(
    "name",
    ["contacts_v3.vcf", "malformed/vcf_missing_end.vcf",
     "vdir/contacts/k3x9q2m7w1v8r5t0y4u6i2o9p3a7s1d5f8g0.vcf"],
)  # fmt: skip
def test_fast_and_careful_paths_agree(samples, name):
    data = (samples / name).read_bytes()
    text = data.decode("utf-8")

    def shape(props):
        return [(p.group, p.name, p.params, p.value, p.line, p.text) for p in props]

    quick = properties._quick_props(text)
    assert quick is not None
    logical = properties._logical_text(text)[0]
    careful = [properties.parse_text_property(raw, n) for n, raw in logical]
    problems = Problems(name)
    in_bytes = [
        properties.parse_property(raw, n, Fallbacks(), problems, breaks)
        for n, raw, breaks in properties._logical_lines(data)[0]
    ]
    assert shape(quick) == shape(careful) == shape(in_bytes) and not problems


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
