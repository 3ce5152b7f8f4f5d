"""Today's inbox from the store: the cadence engine fed with digests, schedules cached.

A schedule only changes when its contact's digest does, and the store hands back the same
`Digest` objects until a shard changes, so after a write only that shard's contacts are
scheduled again; building the inbox is then a single cheap pass.
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
        self._cache: dict[str, tuple[Digest, Schedule]] = {}

    @classmethod
    def from_config(cls, config: Config) -> Planner:
        try:
            settings = CadenceSettings.from_mapping(config.cadence, source=str(config.path))
            tz = clock.user_timezone(config.timezone)
        except (SettingsError, ValueError) as error:
            raise ConfigError(str(error)) from None
        return cls(settings, Clock(tz))

    def schedules(self, store: Store) -> list[Schedule]:
        cache = self._cache
        fresh: dict[str, tuple[Digest, Schedule]] = {}
        result = []
        for digest in store.digests():
            cached = cache.get(digest.uid)
            if cached is not None and cached[0] is digest:
                item = cached[1]
            else:
                item = schedule(digest, self.settings, self.clock.tz)
            fresh[digest.uid] = (digest, item)
            result.append(item)
        self._cache = fresh
        return result

    def schedule_for(self, store: Store, uid: str) -> Schedule | None:
        digest = store.digest(uid)
        return None if digest is None else schedule(digest, self.settings, self.clock.tz)

    def inbox(self, store: Store, today: date | None = None) -> Inbox:
        return build_inbox(self.schedules(store), today or self.clock.today(), self.settings)
