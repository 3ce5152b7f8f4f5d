"""Cadence settings: every number of the method, with defaults, tiers and per-contact overrides.

Layers, weakest first (docs/cadence.md):

1. the built-in defaults below (`CadenceSettings()`), including the built-in tier intervals
   A 30, B 60, C 90 days;
2. the `[cadence]` table of the config file;
3. its `[cadence.tiers.A]` / `B` / `C` sub-tables;
4. the contact's own `cadence` overrides (keys in `models.CADENCE_OVERRIDE_KEYS`).

A key set in `[cadence]` replaces the built-in tier value too, so `interval_days = 45` at the
top level gives every tier 45 days unless a tier table says otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from relinbox.core.models import CADENCE_OVERRIDE_KEYS, Channel, Tier

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

BUILTIN_TIER_INTERVALS: Mapping[str, int] = MappingProxyType({"A": 30, "B": 60, "C": 90})

# Keys a `[cadence.tiers.X]` table may set: every per-contact key plus the at-risk fraction.
TIER_KEYS = frozenset(CADENCE_OVERRIDE_KEYS | {"at_risk_fraction"})

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class SettingsError(ValueError):
    """A `[cadence]` setting is missing its expected shape; the message names source and key."""


@dataclass(frozen=True, slots=True)
class CadenceSettings:
    """The numbers of the method. `CadenceSettings()` is the built-in default.

    The instance built from the config file holds the global values plus the per-tier tables;
    `for_contact` folds a tier and a contact's overrides into effective settings.
    """

    # nurture: days between counted touches once the relationship is established
    interval_days: int = 60
    # building: gap in days after counted touch 1, 2, 3, … (the last gap repeats)
    building_gaps: tuple[int, ...] = (2, 3, 5, 7, 10, 14, 21, 30)
    building_target: int = 7  # counted touches before nurture (with reciprocity)
    building_max: int = 9  # keep building up to this many without reciprocity
    reciprocity_inbound: int = 2  # inbound counted touches that make it mutual
    one_way_checkin_days: int = 90  # quiet check-in after the last counted touch
    dormant_intervals: int = 3  # dormant after this many intervals without a counted touch
    date_lead_days: int = 3  # personal dates enter the inbox this many days ahead
    paused: bool = False  # no next due at all
    at_risk_fraction: float = 0.5  # at risk when overdue by more than this × the interval
    daily_capacity: int = 12  # cadence + follow-up items shown per day
    working_days: frozenset[int] = frozenset(range(5))  # date.weekday() numbers; Mon–Fri
    holidays: frozenset[date] = frozenset()
    channel_preference: tuple[str, ...] = ("call", "email", "meeting", "message", "social")
    # per-tier overrides: tier → {key: value}; the built-in ones give the tier intervals
    tiers: Mapping[str, Mapping[str, Any]] = field(
        default_factory=lambda: MappingProxyType(
            {tier: MappingProxyType({"interval_days": days})
             for tier, days in BUILTIN_TIER_INTERVALS.items()}
        ),
        hash=False,
    )
    _cache: dict[Any, CadenceSettings] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    # --- effective settings --------------------------------------------------------------

    def for_contact(self, tier: str, overrides: Mapping[str, Any] | None = None) -> CadenceSettings:
        """Effective settings for a contact of `tier` with its `cadence` overrides (cached).

        The result carries no tier tables. `building_max` is raised to `building_target` when
        an override makes it smaller, so a contact's overrides can never make it invalid.
        """
        if not overrides:  # the common case, on the hot path
            cached = self._cache.get(tier)
            if cached is not None:
                return cached
        key: Any = (tier, _freeze(overrides)) if overrides else tier
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        changes: dict[str, Any] = dict(self.tiers.get(tier, _EMPTY))
        if overrides:
            unknown = set(overrides) - CADENCE_OVERRIDE_KEYS
            if unknown:
                raise SettingsError(
                    f"contact cadence: unknown setting(s) {', '.join(sorted(unknown))}"
                )
            changes.update(overrides)
        if "building_gaps" in changes:
            changes["building_gaps"] = tuple(changes["building_gaps"])
        changes["tiers"] = _EMPTY
        effective = dataclasses.replace(self, **changes)
        if effective.building_max < effective.building_target:
            effective = dataclasses.replace(effective, building_max=effective.building_target)
        if len(self._cache) < 4096:  # distinct override sets are few; stay bounded anyway
            self._cache[key] = effective
        return effective

    def gap_after(self, counted: int) -> int:
        """Days after counted touch number `counted` (1-based) while building."""
        gaps = self.building_gaps
        return gaps[counted - 1] if counted <= len(gaps) else gaps[-1]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days and day not in self.holidays

    # --- config ---------------------------------------------------------------------------

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None, *, source: str) -> CadenceSettings:
        """Settings from a `[cadence]` config table (with optional `tiers = {A = {...}}`).

        Raises `SettingsError` naming `source` (e.g. the config file path) and the bad key.
        """
        if mapping is None:
            return cls()
        if not isinstance(mapping, Mapping):
            raise SettingsError(f"{source}: [cadence] must be a table")
        values: dict[str, Any] = {}
        tier_tables: Mapping[str, Any] = _EMPTY
        for key, value in mapping.items():
            if key == "tiers":
                if not isinstance(value, Mapping):
                    raise SettingsError(f"{source}: [cadence] tiers must be a table of tiers")
                tier_tables = value
                continue
            parser = _PARSERS.get(key)
            if parser is None:
                raise SettingsError(
                    f"{source}: [cadence] has unknown setting {key!r}; "
                    f"known settings: {', '.join(sorted([*_PARSERS, 'tiers']))}"
                )
            values[key] = _parse(parser, value, source, "[cadence]", key)

        tiers: dict[str, Mapping[str, Any]] = {}
        for tier in Tier:
            builtin = {"interval_days": BUILTIN_TIER_INTERVALS[tier.value]}
            tiers[tier.value] = {k: v for k, v in builtin.items() if k not in values}
        for name, table in tier_tables.items():
            tier_name = str(name).upper()
            where = f"[cadence.tiers.{name}]"
            if tier_name not in tiers:
                choices = ", ".join(t.value for t in Tier)
                raise SettingsError(f"{source}: {where} is not a tier; tiers are {choices}")
            if not isinstance(table, Mapping):
                raise SettingsError(f"{source}: {where} must be a table")
            for key, value in table.items():
                if key not in TIER_KEYS:
                    raise SettingsError(
                        f"{source}: {where} has unknown setting {key!r}; "
                        f"a tier may set: {', '.join(sorted(TIER_KEYS))}"
                    )
                tiers[tier_name][key] = _parse(_PARSERS[key], value, source, where, key)

        settings = cls(
            **values,
            tiers=MappingProxyType({t: MappingProxyType(v) for t, v in tiers.items()}),
        )
        # for_contact quietly lifts building_max for a contact; in a config file it is an error
        for where, table in [("[cadence]", _EMPTY)] + [
            (f"[cadence.tiers.{name}]", table) for name, table in tiers.items()
        ]:
            target = table.get("building_target", settings.building_target)
            most = table.get("building_max", settings.building_max)
            if most < target:
                raise SettingsError(
                    f"{source}: {where} building_max ({most}) is below building_target ({target})"
                )
        return settings


def _freeze(overrides: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in overrides.items())
    )


# --- value parsers: return the parsed value or raise ValueError with what was expected ------


def _parse(parser: Any, value: Any, source: str, where: str, key: str) -> Any:
    try:
        return parser(value)
    except ValueError as error:
        raise SettingsError(f"{source}: {where} {key}: {error} (got {value!r})") from None


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError("must be a positive whole number")
    return value


def _non_negative_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def _positive_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError("must be a positive number")
    return float(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _gaps(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ValueError("must be a non-empty list of positive whole numbers of days")
    try:
        return tuple(_positive_int(item) for item in value)
    except ValueError:
        raise ValueError("must be a non-empty list of positive whole numbers of days") from None


def _weekday(item: Any) -> int:
    if isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= 7:
        return item - 1  # ISO: 1 = Monday
    if isinstance(item, str):
        name = item.strip().lower()
        if name in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(name)
        if name in _FULL_WEEKDAYS:
            return _FULL_WEEKDAYS.index(name)
    raise ValueError("must list weekdays such as \"mon\", \"friday\" or ISO numbers 1 (Mon)–7")


def _working_days(value: Any) -> frozenset[int]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError("must be a list of weekdays, e.g. [\"mon\", \"tue\", \"wed\"]")
    days = frozenset(_weekday(item) for item in value)
    if not days:
        raise ValueError("must name at least one working day")
    return days


def _holidays(value: Any) -> frozenset[date]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError("must be a list of YYYY-MM-DD dates")
    result = set()
    for item in value:
        if isinstance(item, date):  # TOML dates arrive as date objects
            result.add(date(item.year, item.month, item.day))
            continue
        try:
            if not isinstance(item, str) or len(item) != 10:
                raise ValueError
            result.add(date.fromisoformat(item))
        except ValueError:
            raise ValueError(f"must be a list of YYYY-MM-DD dates; {item!r} is not") from None
    return frozenset(result)


def _channels(value: Any) -> tuple[str, ...]:
    known = [c.value for c in Channel]
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise ValueError(f"must be a non-empty list of channels from {', '.join(known)}")
    result: list[str] = []
    for item in value:
        name = item.strip().lower() if isinstance(item, str) else item
        if name not in known:
            raise ValueError(f"{item!r} is not a channel; channels are {', '.join(known)}")
        if name not in result:
            result.append(name)
    return tuple(result)


_PARSERS: dict[str, Any] = {
    "interval_days": _positive_int,
    "building_gaps": _gaps,
    "building_target": _positive_int,
    "building_max": _positive_int,
    "reciprocity_inbound": _positive_int,
    "one_way_checkin_days": _positive_int,
    "dormant_intervals": _positive_int,
    "date_lead_days": _non_negative_int,
    "paused": _bool,
    "at_risk_fraction": _positive_number,
    "daily_capacity": _positive_int,
    "working_days": _working_days,
    "holidays": _holidays,
    "channel_preference": _channels,
}

DEFAULT_SETTINGS = CadenceSettings()
