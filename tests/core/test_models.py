"""Records survive the trip to a doc and back; the hand-written serialisers stay complete."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta

import pytest

from relinbox.core.models import (
    Address,
    Contact,
    ContactPoint,
    ImportantDate,
    Name,
    Org,
    Provenance,
    Related,
    Tier,
)
from relinbox.core.models.fields import iso


def full_contact() -> Contact:
    instant = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=UTC)
    return Contact(
        display_name="Dr. Ana María Pérez-Ruiz",
        uid="c-1",
        name=Name("Dr.", "Ana", "María", "Pérez-Ruiz", "PhD"),
        nickname="Ana",
        emails=[ContactPoint("ana@example.org", "work", True), ContactPoint("a@example.net")],
        phones=[ContactPoint("+34 600 000 000", "mobile", True)],
        org=Org("Banco Ejemplo", "Advisor", "Private banking"),
        tags=["Clients", "Madrid"],
        starred=True,
        birthday="--02-29",
        anniversary="2001-06-30",
        important_dates=[ImportantDate("daughter's wedding", "2027-05-08", yearly=False)],
        related=[Related("Luis", "spouse")],
        notes="Prefers calls after 17:00.",
        urls=["https://example.org/ana"],
        addresses=[Address("work", "Calle 1", "Madrid", "MD", "28001", "ES", "", "PO 9", "3º")],
        linkedin="https://www.linkedin.com/in/ana",
        connected_on="2020-01-15",
        tier=Tier.A,
        timezone="Europe/Madrid",
        cadence={"interval_days": 30},
        custom={"Assistant": "Marta"},
        extra=["X-FOO:bar"],
        provenance=[Provenance("vcard", "ana.vcf", "2026-11-23T09:30:15+00:00")],
        created_at=instant,
        updated_at=instant + timedelta(days=1),
    )


def test_a_contact_with_every_field_set_round_trips():
    contact = full_contact()
    assert Contact.from_doc(contact.to_doc()) == contact


@pytest.mark.parametrize("part", [Name("a", "b", "c", "d", "e"), Address(*"abcdefghi")])
def test_spelled_out_serialisers_cover_every_field(part):
    names = [f.name for f in fields(part)]
    assert list(part.to_doc()) == names
    assert list(part.to_doc().values()) == [getattr(part, name) for name in names]
    assert type(part).from_doc(part.to_doc()) == part


def test_iso_formats_each_instant_not_just_the_last_one():
    first = datetime(2026, 1, 1, tzinfo=UTC)
    second = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    assert [iso(first), iso(second), iso(first), iso(first)] == [
        "2026-01-01T00:00:00+00:00",
        "2026-01-02T03:04:05.000006+00:00",
        "2026-01-01T00:00:00+00:00",
        "2026-01-01T00:00:00+00:00",
    ]
