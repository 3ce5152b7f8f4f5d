"""The clock: time zones, today, now, and RELINBOX_TODAY."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

import pytest

from relinbox.core import clock


@pytest.fixture(autouse=True)
def _no_pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.TODAY_ENV, raising=False)


def test_named_zone() -> None:
    tz = clock.user_timezone("Europe/London")
    assert isinstance(tz, tzinfo)
    summer = datetime(2026, 7, 1, 12, tzinfo=tz)
    assert summer.utcoffset() == timedelta(hours=1)
    assert clock.user_timezone(" UTC ").utcoffset(None) == timedelta(0)


def test_local_zone() -> None:
    assert isinstance(clock.user_timezone(None), tzinfo)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "  ", "../etc/passwd", "Europe/"])
def test_bad_zone_is_a_clear_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="time zone"):
        clock.user_timezone(name)


def test_today_follows_the_zone() -> None:
    for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11
        tz = clock.user_timezone(name)
        before = datetime.now(tz).date()
        found = clock.today(tz)
        assert found in {before, datetime.now(tz).date()}


def test_pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2026-11-23")
    tz = clock.user_timezone("Asia/Tokyo")
    assert clock.today(tz) == date(2026, 11, 23)
    assert clock.today() == date(2026, 11, 23)
    before = datetime.now(tz)
    moment = clock.now(tz)
    after = datetime.now(tz)
    assert moment.date() == date(2026, 11, 23)
    assert moment.tzinfo is tz
    if before.date() == after.date():  # the real time of day is kept
        assert before.time() <= moment.time() <= after.time()


def test_empty_pin_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "  ")
    assert clock.today_override() is None


@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "20261123", "2026-11-23T10:00"])
def test_bad_pin_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, value)
    with pytest.raises(ValueError, match="RELINBOX_TODAY"):
        clock.today()
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        clock.now()


def test_now_is_aware_and_current() -> None:
    assert clock.today_override() is None  # the fixture above unpinned the date
    tz = clock.user_timezone("America/New_York")
    before = datetime.now(tz)
    moment = clock.now(tz)
    assert moment.tzinfo is not None
    assert before <= moment <= datetime.now(tz)
