"""What every CLI command receives: the store and planner (opened on demand), output streams."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from relinbox.services.errors import UserError

if TYPE_CHECKING:
    from relinbox.core.config import Config
    from relinbox.core.models import Contact
    from relinbox.core.store import Store
    from relinbox.services.planner import Planner

__all__ = ["CliContext", "UserError"]


@dataclass
class CliContext:
    db_path: Path
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _store: Store | None = None
    _config: Config | None = None
    _planner: Planner | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from relinbox.core.store import Store

            self._store = Store.open(self.db_path)
        return self._store

    @property
    def config(self) -> Config:
        if self._config is None:
            from relinbox.core.config import load_config

            self._config = load_config()
        return self._config

    @property
    def planner(self) -> Planner:
        if self._planner is None:
            from relinbox.services.planner import Planner

            self._planner = Planner.from_config(self.config)
        return self._planner

    def today(self) -> date:
        return self.planner.clock.today()

    def now(self) -> datetime:
        return self.planner.clock.now()

    def resolve(self, query: str) -> Contact:
        from relinbox.services.contacts import resolve_contact

        return resolve_contact(self.store, query)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def print(self, *parts: object) -> None:
        print(*parts, file=self.out)
