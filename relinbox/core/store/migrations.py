"""Schema migrations: ordered functions over a shard's raw tables, run forward on open.

`MIGRATIONS[n]` turns schema version n into n + 1. Each receives one shard's tables as plain
dicts ({table: {doc_id: doc}}) and edits them in place. The store takes a backup before the
first migration runs and writes every migrated shard atomically.

A migration must be idempotent: `meta.json` is updated last, so after a crash part-way the
next open runs it again over shards it already changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1

Tables = dict[str, dict[str, dict[str, Any]]]
Migration = Callable[[Tables], None]

MIGRATIONS: dict[int, Migration] = {
    # 1: _v1_to_v2,  (the first one will go here)
}


def pending(from_version: int, to_version: int | None = None) -> list[tuple[int, Migration]]:
    """The migrations that take `from_version` to `to_version` (default: the current one)."""
    to_version = SCHEMA_VERSION if to_version is None else to_version
    missing = [v for v in range(from_version, to_version) if v not in MIGRATIONS]
    if missing:
        raise LookupError(f"no migration from schema version {missing[0]}")
    return [(v, MIGRATIONS[v]) for v in range(from_version, to_version)]
