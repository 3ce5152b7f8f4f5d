"""The store: TinyDB documents in sharded JSON Lines files, written atomically and durably."""

from relinbox.core.store.errors import (
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
)
from relinbox.core.store.records import TimelineRecord
from relinbox.core.store.store import Batch, Store, Timeline

__all__ = [
    "Batch",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreVersionError",
    "Timeline",
    "TimelineRecord",
]
