"""Fuzzing: random bytes and mutated real files never raise, every problem has a line >= 1,
and every contact read is one the store accepts."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relinbox.core.models import Contact
from relinbox.interop.csv import read_csv
from relinbox.interop.problems import SEVERITIES, Problems
from relinbox.interop.sources import read_source
from relinbox.interop.vcard import read_vcards
from tests.conftest import SAMPLES

FUZZ = settings(
    max_examples=int(os.environ.get("RELINBOX_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SAMPLE_FILES = [
    "contacts_v3.vcf",
    "google_contacts.csv",
    "outlook_contacts.csv",
    "linkedin_connections.csv",
    "malformed/vcf_missing_end.vcf",
    "malformed/csv_google_utf8_bom.csv",
    "vdir/contacts/k3x9q2m7w1v8r5t0y4u6i2o9p3a7s1d5f8g0.vcf",
]
# Bytes that matter to the parsers, so mutations hit the interesting paths often.
SPECIAL = st.sampled_from(
    [b"\r\n", b"\n", b"\r\n ", b"\r\n\t", b'"', b",", b";", b":", b"=", b"=\r\n", b"\\",
     b"\\n", b"BEGIN:VCARD\r\n", b"END:VCARD\r\n", b" ::: ", b"\xef\xbb\xbf", b"\xff\xfe",
     b"\x00", b"\xe9", b"\xc3", b"\xe2\x80", b"^", b"ENCODING=QUOTED-PRINTABLE",
     b";CHARSET=ISO-8859-1", b"TYPE=pref", b"item1.", b"BDAY:--0229\r\n", b"0/0/00"]
)  # fmt: skip


def check(problems, contacts) -> None:
    for problem in problems:
        assert problem.line >= 1 and problem.severity in SEVERITIES and problem.message
    for contact in contacts:
        assert contact.uid and contact.display_name.strip()
        Contact.from_doc(contact.to_doc())  # the store would accept it


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for position, cut, insert in edits:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + cut :]
    return data


EDITS = st.lists(
    st.tuples(
        st.integers(0, 10_000), st.integers(0, 40), st.one_of(SPECIAL, st.binary(max_size=8))
    ),
    min_size=1,
    max_size=6,
)


def _samples_or_skip() -> Path:
    if not SAMPLES.is_dir():
        reason = f"interop samples not found at {SAMPLES}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return SAMPLES


@FUZZ
@given(st.binary(max_size=600))
def test_vcard_reader_random_bytes(data):
    problems = Problems("fuzz.vcf")
    cards, _skipped, _found = read_vcards(b"BEGIN:VCARD\r\n" + data, problems)
    check(problems, [c for c, _ in cards])
    problems = Problems("fuzz.vcf")
    cards, _, _ = read_vcards(data, problems)
    check(problems, [c for c, _ in cards])


# Parameter values that name codecs Python has but that are not text encodings, or that fail
# in unusual ways: a reader must report them, never raise.
CODEC_NAMES = st.sampled_from(
    ["rot13", "base64", "uu", "zip", "hex", "bz2", "utf-16", "utf-32", "idna", "punycode",
     "undefined", "unicode_escape", "raw_unicode_escape", "UTF\x00-8", "", "utf-8-sig", "cp1252"]
)  # fmt: skip


@FUZZ
@given(
    st.sampled_from(["2.1", "3.0", "4.0"]),
    st.sampled_from(["FN", "N", "NOTE", "TEL", "EMAIL", "BDAY", "ADR", "ORG", "X-FOO",
                     "item1.URL"]),
    st.lists(
        st.tuples(
            st.sampled_from(["CHARSET", "ENCODING", "VALUE", "TYPE", "PREF", "ALTID", "LABEL",
                             "LANGUAGE", "X-APPLE-OMIT-YEAR"]),
            st.one_of(CODEC_NAMES, st.sampled_from(["QUOTED-PRINTABLE", "b", "text", "1"]),
                      st.text(max_size=10)),
        ),
        max_size=3,
    ),
    st.text(max_size=40),
)  # fmt: skip
def test_vcard_parameters_of_any_value(version, name, params, value):
    head = name + "".join(f";{key}={text}" for key, text in params)
    card = f"BEGIN:VCARD\r\nVERSION:{version}\r\nFN:Fuzz\r\n{head}:{value}\r\nEND:VCARD\r\n"
    problems = Problems("fuzz.vcf")
    cards, _skipped, _found = read_vcards(card.encode("utf-8", "surrogatepass"), problems)
    check(problems, [c for c, _ in cards])


@FUZZ
@given(st.sampled_from(["google", "outlook", "outlook-com", "linkedin", "auto"]),
       st.binary(max_size=600))
def test_csv_reader_random_bytes(fmt, data):
    headers = {
        "google": b"First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Birthday\n",
        "linkedin": b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        "outlook": b"First Name,Last Name,E-mail Address,E-mail Type,Birthday,Categories,"
        b"Mobile Phone,Primary Phone,Notes,Gender\n",
        "outlook-com": b"First Name,Last Name,Given Yomi,E-mail Address,Birthday,Schools\n",
        "auto": b"",
    }
    problems = Problems("fuzz.csv")
    result = read_csv(headers[fmt] + data, problems, fmt=fmt)
    check(problems, [c for c, _ in result.contacts])


@FUZZ
@given(st.sampled_from(SAMPLE_FILES), EDITS)
def test_mutated_sample_files(name, edits):
    source = _samples_or_skip() / name
    data = mutate(source.read_bytes(), edits)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        path.write_bytes(data)
        result = read_source(path)
        check(result.problems, [r.contact for r in result.records])
        assert all(r.line >= 1 for r in result.records)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.vcf", "b.vcf", "c.tmp", "color"]),
                          st.binary(max_size=300)), max_size=4))
def test_vdir_random_items(items):
    with tempfile.TemporaryDirectory() as folder:
        for name, data in items:
            (Path(folder) / name).write_bytes(b"BEGIN:VCARD\r\nFN:x\r\n" + data)
        result = read_source(Path(folder))
        check(result.problems, [r.contact for r in result.records])
