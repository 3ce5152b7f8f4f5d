"""What every CLI command receives: resolved paths, the clock, the store (opened on demand)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from relinbox.core.store import Store


class UserError(Exception):
    """A mistake the user can fix: printed as one line, exit status 1, never a traceback."""

    def __init__(self, message: str, *, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class CliContext:
    db_path: Path
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    _store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            from relinbox.core.store import Store

            self._store = Store.open(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def print(self, *parts: object) -> None:
        print(*parts, file=self.out)
