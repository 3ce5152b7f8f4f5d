"""vCard files and vdir folders: the samples, then vCard 2.1 / 4.0 features and malformed input."""

from __future__ import annotations

import pytest

from relinbox.interop.decoding import Fallbacks
from relinbox.interop.problems import Problems
from relinbox.interop.sources import read_source
from relinbox.interop.vcard import properties
from tests.interop.conftest import contacts_of, emails, one, phones, primary, vcards


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
