"""Store errors. Each message names the file (and line) so a user can act on it."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Something is wrong with the store that the user has to know about."""


class StoreLockedError(StoreError):
    pass


class StoreVersionError(StoreError):
    pass


class StoreCorruptError(StoreError):
    def __init__(self, path: Path, line: int | None, problem: str, backup: Path | None = None):
        self.path = path
        self.line = line
        self.problem = problem
        self.backup = backup
        where = f"{path}:{line}" if line else str(path)
        if backup is not None:
            advice = (
                f" The last good backup is {backup}; "
                f"`relinbox doctor --restore {backup.name}` restores it."
            )
        else:
            advice = " No good backup was found; `relinbox doctor` shows what is readable."
        super().__init__(f"{where}: {problem}.{advice}")
