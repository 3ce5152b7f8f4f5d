"""Cadence settings: defaults, config validation, tiers and per-contact overrides."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from relinbox.core.cadence import DEFAULT_SETTINGS, CadenceSettings, SettingsError
from relinbox.core.models import CADENCE_OVERRIDE_KEYS


def from_toml(text: str) -> CadenceSettings:
    return CadenceSettings.from_mapping(tomllib.loads(text)["cadence"], source="config.toml")


def test_defaults_are_the_method() -> None:
    s = CadenceSettings()
    assert s.building_gaps == (2, 3, 5, 7, 10, 14, 21, 30)
    assert (s.building_target, s.building_max, s.reciprocity_inbound) == (7, 9, 2)
    assert s.one_way_checkin_days == 90
    assert s.dormant_intervals == 3
    assert s.date_lead_days == 3
    assert s.daily_capacity == 12
    assert s.at_risk_fraction == 0.5
    assert s.working_days == frozenset({0, 1, 2, 3, 4})
    assert s.holidays == frozenset()
    assert s.channel_preference == ("call", "email", "meeting", "message", "social")
    assert not s.paused
    assert s == DEFAULT_SETTINGS


@pytest.mark.parametrize(("tier", "days"), [("A", 30), ("B", 60), ("C", 90), ("Z", 60)])
def test_tier_intervals(tier: str, days: int) -> None:
    assert DEFAULT_SETTINGS.for_contact(tier).interval_days == days


def test_every_per_contact_key_is_a_setting() -> None:
    names = set(CadenceSettings.__dataclass_fields__)
    assert names >= CADENCE_OVERRIDE_KEYS


def test_for_contact_applies_overrides_and_caches() -> None:
    s = CadenceSettings()
    plain = s.for_contact("A")
    assert s.for_contact("A") is plain
    custom = s.for_contact("A", {"interval_days": 14, "building_gaps": [1, 2]})
    assert custom.interval_days == 14
    assert custom.building_gaps == (1, 2)
    assert s.for_contact("A", {"building_gaps": [1, 2], "interval_days": 14}) is custom
    assert plain.interval_days == 30  # the cached plain one is untouched
    assert not custom.tiers  # effective settings carry no tier tables


def test_for_contact_lifts_max_to_target() -> None:
    eff = DEFAULT_SETTINGS.for_contact("B", {"building_target": 12})
    assert (eff.building_target, eff.building_max) == (12, 12)


def test_for_contact_rejects_unknown_override() -> None:
    with pytest.raises(SettingsError, match="daily_capacity"):
        DEFAULT_SETTINGS.for_contact("B", {"daily_capacity": 3})


def test_gap_after_repeats_the_last_gap() -> None:
    s = CadenceSettings(building_gaps=(2, 4))
    assert [s.gap_after(n) for n in (1, 2, 3, 9)] == [2, 4, 4, 4]


def test_from_mapping_none_and_empty_are_defaults() -> None:
    assert CadenceSettings.from_mapping(None, source="x") == CadenceSettings()
    assert CadenceSettings.from_mapping({}, source="x") == CadenceSettings()


def test_from_toml_full_example() -> None:
    s = from_toml(
        """
        [cadence]
        daily_capacity = 10
        building_gaps = [1, 2, 4]
        working_days = ["mon", "Tuesday", 3, "thu", "fri", "sat"]
        holidays = ["2026-12-25", 2026-12-26]
        channel_preference = ["email", "Call", "meeting"]
        at_risk_fraction = 1
        date_lead_days = 0

        [cadence.tiers.A]
        interval_days = 21
        one_way_checkin_days = 45

        [cadence.tiers.c]
        paused = true
        """
    )
    assert s.daily_capacity == 10
    assert s.building_gaps == (1, 2, 4)
    assert s.working_days == frozenset({0, 1, 2, 3, 4, 5})
    assert s.holidays == frozenset({date(2026, 12, 25), date(2026, 12, 26)})
    assert s.channel_preference == ("email", "call", "meeting")
    assert s.at_risk_fraction == 1.0
    assert s.date_lead_days == 0
    a = s.for_contact("A")
    assert (a.interval_days, a.one_way_checkin_days, a.paused) == (21, 45, False)
    assert s.for_contact("B").interval_days == 60
    assert s.for_contact("C").paused and s.for_contact("C").interval_days == 90


def test_global_interval_replaces_builtin_tier_intervals() -> None:
    s = CadenceSettings.from_mapping(
        {"interval_days": 45, "tiers": {"A": {"interval_days": 20}}}, source="cfg"
    )
    assert [s.for_contact(t).interval_days for t in "ABC"] == [20, 45, 45]


def test_contact_override_beats_tier() -> None:
    s = CadenceSettings.from_mapping({"tiers": {"A": {"interval_days": 20}}}, source="cfg")
    assert s.for_contact("A", {"interval_days": 7}).interval_days == 7


@pytest.mark.parametrize(
    ("mapping", "where"),
    [
        ({"interval_days": 0}, "interval_days"),
        ({"interval_days": "60"}, "interval_days"),
        ({"interval_days": True}, "interval_days"),
        ({"daily_capacity": -1}, "daily_capacity"),
        ({"building_gaps": []}, "building_gaps"),
        ({"building_gaps": [2, 0]}, "building_gaps"),
        ({"building_gaps": "2,3"}, "building_gaps"),
        ({"at_risk_fraction": 0}, "at_risk_fraction"),
        ({"date_lead_days": -1}, "date_lead_days"),
        ({"paused": "yes"}, "paused"),
        ({"working_days": []}, "working_days"),
        ({"working_days": ["mon", "funday"]}, "working_days"),
        ({"working_days": [0]}, "working_days"),
        ({"working_days": "mon"}, "working_days"),
        ({"holidays": ["25/12/2026"]}, "holidays"),
        ({"holidays": "2026-12-25"}, "holidays"),
        ({"channel_preference": ["pigeon"]}, "channel_preference"),
        ({"channel_preference": []}, "channel_preference"),
        ({"frequency": 3}, "frequency"),
        ({"tiers": {"D": {"interval_days": 3}}}, "tiers.D"),
        ({"tiers": {"A": {"daily_capacity": 3}}}, "daily_capacity"),
        ({"tiers": {"A": {"interval_days": 0}}}, "tiers.A"),
        ({"tiers": {"A": 3}}, "tiers.A"),
        ({"tiers": 3}, "tiers"),
        ({"building_max": 5}, "building_max"),
        ({"tiers": {"B": {"building_target": 10}}}, "tiers.B"),
    ],
)
def test_bad_settings_name_source_and_key(mapping: dict, where: str) -> None:
    with pytest.raises(SettingsError) as caught:
        CadenceSettings.from_mapping(mapping, source="/home/me/relinbox.toml")
    message = str(caught.value)
    assert "/home/me/relinbox.toml" in message
    assert where in message


def test_settings_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="must be a table"):
        CadenceSettings.from_mapping(["nope"], source="cfg")  # type: ignore[arg-type]


def test_is_working_day() -> None:
    s = CadenceSettings(holidays=frozenset({date(2026, 12, 25)}))
    assert s.is_working_day(date(2026, 12, 24))
    assert not s.is_working_day(date(2026, 12, 25))  # holiday (Friday)
    assert not s.is_working_day(date(2026, 12, 26))  # Saturday
