"""Today's inbox from the store: the cadence engine fed with digests, schedules cached.

A schedule only changes when its contact's digest does, and the store hands back the same
digest list for a shard until that shard changes, so after a write only that shard's contacts
are scheduled again; building the inbox is then a single cheap pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from relinbox.core import clock
from relinbox.core.cadence import (
    CadenceSettings,
    Inbox,
    Schedule,
    SettingsError,
    build_inbox,
    schedule,
)
from relinbox.core.config import Config, ConfigError
from relinbox.core.digest import Digest
from relinbox.core.store import Store


@dataclass(frozen=True, slots=True)
class Clock:
    """The user's time zone and "now"; `RELINBOX_TODAY` pins the date."""

    tz: tzinfo

    def today(self) -> date:
        return clock.today(self.tz)

    def now(self) -> datetime:
        return clock.now(self.tz)


class Planner:
    def __init__(self, settings: CadenceSettings, clock_: Clock) -> None:
        self.settings = settings
        self.clock = clock_
        self._cache: dict[int, tuple[list[Digest], list[Schedule]]] = {}

    @classmethod
    def from_config(cls, config: Config) -> Planner:
        try:
            settings = CadenceSettings.from_mapping(config.cadence, source=str(config.path))
            tz = clock.user_timezone(config.timezone)
        except (SettingsError, ValueError) as error:
            raise ConfigError(str(error)) from None
        return cls(settings, Clock(tz))

    def schedules(self, store: Store) -> list[Schedule]:
        # Schedules are cached per shard: an unchanged shard hands back the same digest list.
        cache = self._cache
        fresh: dict[int, tuple[list[Digest], list[Schedule]]] = {}
        result: list[Schedule] = []
        settings, tz = self.settings, self.clock.tz
        for group in store.digest_groups():
            cached = cache.get(id(group))
            if cached is not None and cached[0] is group:
                plans = cached[1]
            else:
                plans = [schedule(digest, settings, tz) for digest in group]
            fresh[id(group)] = (group, plans)
            result.extend(plans)
        self._cache = fresh
        return result

    def schedule_for(self, store: Store, uid: str) -> Schedule | None:
        digest = store.digest(uid)
        return None if digest is None else schedule(digest, self.settings, self.clock.tz)

    def inbox(self, store: Store, today: date | None = None) -> Inbox:
        return build_inbox(self.schedules(store), today or self.clock.today(), self.settings)
