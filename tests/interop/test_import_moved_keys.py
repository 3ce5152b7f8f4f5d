"""Re-importing an updated CSV export whose key for a row moved (a first e-mail changed or
swapped places, a row keyed by its name gained an e-mail or profile) updates the same contact."""

from __future__ import annotations

from pathlib import Path

import pytest

from relinbox.core.store import Store
from relinbox.services.importing import import_paths

OUTLOOK_COM = (
    "First Name,Last Name,E-mail Address,E-mail 2 Address,Mobile Phone,Given Yomi,Notes\n"
)
LINKEDIN_OLD = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
LINKEDIN_NEW = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "store")
    yield opened
    opened.close()


def export(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(report) -> tuple[int, int, int]:
    return report.imported, report.updated, report.unchanged


ADA = "Ada,Lovelace,ada@a.example,ada@b.example,,,\n"


@pytest.mark.parametrize(("before", "after"), [
    (ADA, "Ada,Lovelace,ada@b.example,ada@a.example,,,\n"),  # e-mails swapped
    (ADA, "Ada,Lovelace,ada@c.example,ada@b.example,,,\n"),  # the first e-mail changed
    ("Wiz,,,,+1 415 555 0123,,\n", "Wiz,,wiz@w.example,,+1 415 555 0123,,\n"),  # keyed by name
    (ADA, "Ada M.,Lovelace,ada@a.example,ada@b.example,,,\n"),  # the given name corrected
    (  # the only e-mail replaced; the phone number tells
        "Ada,Lovelace,ada@a.example,,+44 20 7946 0001,,\n",
        "Ada,Lovelace,ada@new.example,,+44 (20) 7946-0001,,\n",
    ),
])  # fmt: skip
def test_an_updated_export_updates_the_same_contact(store, tmp_path, before, after):
    first = import_paths([export(tmp_path, "v1.csv", OUTLOOK_COM + before)], store)
    assert counts(first) == (1, 0, 0)
    (uid,) = [c.uid for c in store.contacts()]
    second = import_paths([export(tmp_path, "v2.csv", OUTLOOK_COM + after)], store)
    assert counts(second) == (0, 1, 0) and not second.merge_candidates
    (contact,) = store.contacts()
    assert contact.uid == uid
    assert [p.source for p in contact.provenance] == ["outlook-com"]
    again = import_paths([export(tmp_path, "v2.csv", OUTLOOK_COM + after)], store)
    assert counts(again) == (0, 0, 1)


def test_a_linkedin_export_that_gained_profile_urls_updates_its_contacts(store, tmp_path):
    old = LINKEDIN_OLD + "Ada,Lovelace,,AES,Math,14 Mar 2024\n"
    old += "Grace,Hopper,grace@navy.example,Navy,Admiral,02 Jan 2023\n"
    new = LINKEDIN_NEW + "Ada,Lovelace,https://www.linkedin.com/in/ada,,AES,Math,14 Mar 2024\n"
    new += "Grace,Hopper,https://www.linkedin.com/in/grace,grace@navy.example,Navy,Admiral,"
    new += "02 Jan 2023\n"
    assert counts(import_paths([export(tmp_path, "old.csv", old)], store)) == (2, 0, 0)
    report = import_paths([export(tmp_path, "new.csv", new)], store)
    assert counts(report) == (0, 2, 0)
    profiles = sorted(c.linkedin for c in store.contacts())
    assert profiles == ["https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/grace"]


def test_a_moved_key_never_matches_across_sources_two_contacts_or_a_claimed_one(store, tmp_path):
    header = "First Name,Last Name,E-mail Address,E-mail 2 Address,E-mail 3 Address,Given Yomi\n"
    google = "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\nAda,Lovelace,,ada@a.example\n"
    import_paths([export(tmp_path, "google.csv", google)], store)
    v1 = header + "Ada,King,ada@k.example,,,\nAnne,Byron,anne@b.example,,,\n"
    import_paths([export(tmp_path, "v1.csv", v1)], store)
    assert len(store.contacts()) == 3
    v2 = header + "".join([
        "Ada,Lovelace,ada@x.example,ada@a.example,,\n",  # shares only with the Google contact
        "Ada,King,ada@k.example,,,\n",  # found by its own key, so claimed
        "Ada,Other,ada@y.example,ada@k.example,,\n",  # shares only with the claimed one
        "Two,Matches,two@t.example,ada@k.example,anne@b.example,\n",  # two candidates
    ])  # fmt: skip
    report = import_paths([export(tmp_path, "v2.csv", v2)], store)
    assert counts(report) == (3, 0, 1)
    assert len(store.contacts()) == 6
    reasons = {(c["a_name"], c["b_name"], c["reason"]) for c in report.merge_candidates}
    assert ("Ada Lovelace", "Ada Lovelace", "same e-mail ada@a.example; same name") in reasons


GOOGLE = "First Name,Last Name,E-mail 1 - Value,E-mail 2 - Value,Phone 1 - Value\n"


def test_two_people_sharing_an_address_keep_their_own_contacts_when_rows_move(store, tmp_path):
    anna = "Anna,Berg,home@berg.example,,+1 555 0101\n"
    ben = "Ben,Berg,home@berg.example,ben@work.example,+1 555 0202\n"
    import_paths([export(tmp_path, "v1.csv", GOOGLE + anna + ben)], store)
    before = {c.display_name: c.uid for c in store.contacts()}
    report = import_paths([export(tmp_path, "v2.csv", GOOGLE + ben + anna)], store)
    assert counts(report) == (0, 0, 2)
    after = {c.display_name: (c.uid, [p.value for p in c.phones]) for c in store.contacts()}
    assert after == {
        "Anna Berg": (before["Anna Berg"], ["+1 555 0101"]),
        "Ben Berg": (before["Ben Berg"], ["+1 555 0202"]),
    }


def test_an_address_handed_on_to_a_colleague_does_not_rename_its_old_owner(store, tmp_path):
    v1 = GOOGLE + "Carl,Ames,sales@acme.example,,+1 555 0301\nDana,Bell,dana@acme.example,,\n"
    v2 = GOOGLE + "Carl,Ames,carl@globex.example,,+1 555 0301\n"
    v2 += "Dana,Bell,sales@acme.example,dana@acme.example,\n"
    import_paths([export(tmp_path, "v1.csv", v1)], store)
    carl = next(c for c in store.contacts() if c.display_name == "Carl Ames")
    report = import_paths([export(tmp_path, "v2.csv", v2)], store)
    assert store.contact(carl.uid).display_name == "Carl Ames"  # never renamed to Dana
    dana = [c for c in store.contacts() if c.display_name == "Dana Bell"]
    assert len(dana) == 1 and {e.value for e in dana[0].emails} == {
        "sales@acme.example", "dana@acme.example"
    }
    assert any("same e-mail sales@acme.example" in c["reason"] for c in report.merge_candidates)
    for _ in range(2):  # and it settles: the next imports change nothing
        assert counts(import_paths([export(tmp_path, "v2.csv", v2)], store)) == (0, 0, 2)


def card(name: str, *lines: str, uid: str = "") -> str:
    head = f"BEGIN:VCARD\r\nVERSION:3.0\r\n{f'UID:{uid}' + chr(13) + chr(10) if uid else ''}"
    return head + f"FN:{name}\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VCARD\r\n"


@pytest.mark.parametrize(("before", "after"), [
    (card("Jo Smith", "EMAIL:jo@old.example"),  # Google's vCards have no UID
     card("Jo Smith", "EMAIL;TYPE=pref:jo@new.example", "EMAIL:jo@old.example")),
    (card("Wiz", "TEL:+1 415 555 0100"), card("Wiz", "EMAIL:wiz@x.example", "TEL:+1 415 555 0100")),
])  # fmt: skip
def test_an_edited_vcard_without_uid_updates_the_same_contact(store, tmp_path, before, after):
    import_paths([export(tmp_path, "v1.vcf", before)], store)
    (uid,) = [c.uid for c in store.contacts()]
    report = import_paths([export(tmp_path, "v2.vcf", after)], store)
    assert counts(report) == (0, 1, 0) and not report.merge_candidates
    assert [c.uid for c in store.contacts()] == [uid]
    assert counts(import_paths([export(tmp_path, "v2.vcf", after)], store)) == (0, 0, 1)


def test_a_vcard_uid_is_never_overruled_by_shared_values(store, tmp_path):
    import_paths([export(tmp_path, "v1.vcf", card("Jo Smith", "EMAIL:jo@x.example", uid="a"))],
                 store)
    report = import_paths(
        [export(tmp_path, "v2.vcf", card("Jo Smith", "EMAIL:jo@x.example", uid="b"))], store
    )
    assert counts(report) == (1, 0, 0) and len(report.merge_candidates) == 1
    assert sorted(c.uid for c in store.contacts()) == ["a", "b"]


def _orgs(store) -> dict[str, tuple[str, str | None]]:
    return {c.uid: (c.org.name, c.connected_on) for c in store.contacts()}


AJAY_TCS = "Ajay,Kumar,,,TCS,Engineer,31 Mar 2023\n"
AJAY_INFOSYS = "Ajay,Kumar,,,Infosys,Test Lead,12 Jan 2022\n"
AJAY_WIPRO = "Ajay,Kumar,,,Wipro,Intern,01 May 2023\n"


@pytest.mark.parametrize(("before", "after"), [
    # LinkedIn lists the newest first: a namesake added at the top of a file that had two
    (AJAY_TCS + AJAY_INFOSYS, AJAY_WIPRO + AJAY_TCS + AJAY_INFOSYS),
    # ... or of a file that had one, the older one changing title the same time
    (AJAY_TCS, AJAY_WIPRO + AJAY_TCS.replace("Engineer", "Lead Engineer")),
    (AJAY_TCS + AJAY_INFOSYS, AJAY_INFOSYS + AJAY_TCS),  # the same rows in another order
])  # fmt: skip
def test_namesakes_keyed_by_name_keep_their_own_contacts(store, tmp_path, before, after):
    import_paths([export(tmp_path, "v1.csv", LINKEDIN_NEW + before)], store)
    kept = _orgs(store)
    report = import_paths([export(tmp_path, "v2.csv", LINKEDIN_NEW + after)], store)
    now = _orgs(store)
    assert {uid: now[uid] for uid in kept} == kept  # nobody took over another's contact
    assert report.imported == len(now) - len(kept)
    assert sorted(org for org, _ in now.values()) == sorted(
        line.split(",")[4] for line in after.splitlines()
    )
    again = import_paths([export(tmp_path, "v2.csv", LINKEDIN_NEW + after)], store)
    assert (again.imported, again.updated) == (0, 0)


def test_google_namesakes_are_told_apart_by_their_phone_numbers(store, tmp_path):
    kim = "Kim,,,,+82 10 1111 2222\n"
    other_kim = "Kim,,,,+82 10 3333 4444\n"
    import_paths([export(tmp_path, "v1.csv", GOOGLE + kim)], store)
    (uid,) = [c.uid for c in store.contacts()]
    report = import_paths([export(tmp_path, "v2.csv", GOOGLE + other_kim + kim)], store)
    assert counts(report) == (1, 1, 0)  # the stored key moved: "name:kim" is two people's
    assert [p.value for p in store.contact(uid).phones] == ["+82 10 1111 2222"]
    again = import_paths([export(tmp_path, "v2.csv", GOOGLE + kim + other_kim)], store)
    assert counts(again) == (0, 0, 2)


def test_vcards_without_uid_sharing_name_are_not_told_apart_by_position(store, tmp_path):
    jo_a = card("Jo Smith", "ORG:Acme", "TEL:+1 415 555 0100")
    jo_b = card("Jo Smith", "ORG:Globex", "TEL:+1 415 555 0100")
    import_paths([export(tmp_path, "v1.vcf", jo_a + jo_b)], store)
    kept = {c.uid: c.org.name for c in store.contacts()}
    report = import_paths([export(tmp_path, "v2.vcf", jo_b + jo_a)], store)
    assert counts(report) == (0, 0, 2)
    assert {c.uid: c.org.name for c in store.contacts()} == kept


def test_a_renamed_phone_only_entry_is_listed_with_its_old_self(store, tmp_path):
    import_paths([export(tmp_path, "v1.csv", GOOGLE + "Main Office,,,,+91 89431 06987\n")], store)
    report = import_paths(
        [export(tmp_path, "v2.csv", GOOGLE + "Head Office,,,,+91 89431 06987\n")], store
    )
    assert counts(report) == (1, 0, 0)  # never merged silently: listed to review
    assert [(c["a_name"], c["b_name"], c["reason"]) for c in report.merge_candidates] == [
        ("Main Office", "Head Office", "same phone number +918943106987")
    ]
    # a number shared by people who have e-mail addresses (a switchboard) pairs nobody
    office = GOOGLE + "Ann,Lee,ann@acme.example,,+1 415 555 0100\n"
    office += "Bo,Ray,bo@acme.example,,+1 415 555 0100\n"
    assert import_paths([export(tmp_path, "office.csv", office)], store).merge_candidates == []


@pytest.mark.parametrize(("before", "after"), [
    ("1st DC,,,,+91 89431 06987\n", "1st DC Office,,,,+91 89431 06987\n"),  # completed
    ("Mike,,,,+49 171 2345678\n", "Mike,Meier,mike@meier.example,,+49 171 2345678\n"),
])  # fmt: skip
def test_a_name_completed_with_the_same_number_updates_the_contact(store, tmp_path, before, after):
    import_paths([export(tmp_path, "v1.csv", GOOGLE + before)], store)
    (uid,) = [c.uid for c in store.contacts()]
    report = import_paths([export(tmp_path, "v2.csv", GOOGLE + after)], store)
    assert counts(report) == (0, 1, 0)
    assert [c.uid for c in store.contacts()] == [uid]
    assert counts(import_paths([export(tmp_path, "v2.csv", GOOGLE + after)], store)) == (0, 0, 1)


def test_two_files_giving_one_address_to_two_people_settle_in_one_import(store, tmp_path):
    carl = export(tmp_path, "a.csv", GOOGLE + "Carl,Ames,sales@acme.example,,\n")
    dana = export(tmp_path, "b.csv", GOOGLE + "Dana,Bell,sales@acme.example,,\n")
    first = import_paths([carl, dana], store)
    assert first.imported == 2 and sorted(c.display_name for c in store.contacts()) == [
        "Carl Ames", "Dana Bell"
    ]  # fmt: skip
    assert counts(import_paths([carl, dana], store)) == (0, 0, 2)


@pytest.mark.parametrize("source", ["google", "linkedin"])
def test_a_namesake_left_alone_keeps_updating_its_own_contact(store, tmp_path, source):
    if source == "google":
        header, initech = GOOGLE, "John,Smith,,,+1 555 0100\n"
        globex = "John,Smith,,,+1 555 0199\n"
        globex_v2 = "John,Smith,,,+1 555 0199 ::: +1 555 0142\n"
    else:
        header, initech = LINKEDIN_NEW, AJAY_INFOSYS
        globex, globex_v2 = AJAY_WIPRO, AJAY_WIPRO.replace("Intern", "Engineer")
    import_paths([export(tmp_path, "n1.csv", header + initech)], store)
    (first,) = store.contacts()
    import_paths([export(tmp_path, "n2.csv", header + globex + initech)], store)
    (second,) = [c for c in store.contacts() if c.uid != first.uid]
    kept = store.contact(first.uid).to_doc()
    report = import_paths([export(tmp_path, "n3.csv", header + globex_v2)], store)
    assert counts(report) == (0, 1, 0)
    assert store.contact(first.uid).to_doc() == kept  # the one who left is left alone
    assert store.contact(second.uid).to_doc() != second.to_doc()
    again = import_paths([export(tmp_path, "n3.csv", header + globex_v2)], store)
    assert counts(again) == (0, 0, 1)


def test_a_vdir_item_with_another_uid_under_a_known_file_name_is_another_person(
    store, tmp_path
):
    work, home = tmp_path / "work", tmp_path / "home"
    work.mkdir()
    home.mkdir()
    (work / "1.vcf").write_text(card("Alice Archer", "EMAIL:alice@a.example", uid="alice-1"))
    (home / "1.vcf").write_text(card("Dave Dunn", "TEL:+1 555 0104", uid="dave-4"))
    import_paths([work], store)
    report = import_paths([home], store)
    assert counts(report) == (1, 0, 0)
    assert sorted((c.uid, c.display_name) for c in store.contacts()) == [
        ("alice-1", "Alice Archer"), ("dave-4", "Dave Dunn")
    ]  # fmt: skip


def test_an_address_handed_on_to_a_namesake_by_first_name_leaves_the_owner_his_contact(
    store, tmp_path
):
    v1 = GOOGLE + "Alan,Turing,sales@acme.example,alan.turing@acme.example,+44 20 7946 0001\n"
    v2 = GOOGLE + "Alan,Turing,alan.turing@acme.example,,+44 20 7946 0001\n"
    v2 += "Alan,Smith,sales@acme.example,,+44 20 7946 0002\n"
    import_paths([export(tmp_path, "v1.csv", v1)], store)
    (turing,) = store.contacts()
    import_paths([export(tmp_path, "v2.csv", v2)], store)
    assert store.contact(turing.uid).display_name == "Alan Turing"
    assert sorted(c.display_name for c in store.contacts()) == ["Alan Smith", "Alan Turing"]
    for _ in range(2):  # and it settles
        assert counts(import_paths([export(tmp_path, "v2.csv", v2)], store)) == (0, 0, 2)
