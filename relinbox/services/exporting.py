"""`relinbox export`: every format from one place.

Contact formats turn the contacts into bytes (`relinbox.interop.export.EXPORTERS`); the
calendar needs the cadence too, so it is built from the store and the planner.
"""

from __future__ import annotations

from datetime import date, datetime

from relinbox.core.store import Store
from relinbox.interop.export import EXPORTERS
from relinbox.services.planner import Planner

CALENDAR_FORMAT = "ics"


def export(
    store: Store,
    planner: Planner,
    fmt: str,
    *,
    today: date,
    now: datetime,
    vcard_version: str = "4.0",
) -> bytes:
    if fmt == CALENDAR_FORMAT:
        from relinbox.services.calendar import export_ics

        return export_ics(store, planner, today, now)
    if fmt == "vcard":  # carries each contact's next explicit follow-up
        from relinbox.interop.export import vcard
        from relinbox.services.sync import next_followups

        return vcard.export(store.contacts(), next_followups(store), version=vcard_version)
    return EXPORTERS[fmt](store.contacts())
