"""The cadence engine: who to contact, when, and why (docs/cadence.md).

Pure and clock-injected: every function takes `today` and/or `tz`; nothing here reads the
clock or the store. It works from `Digest`s only, so the inbox of 10,000 contacts is a single
cheap pass.

    settings = CadenceSettings.from_mapping(config.get("cadence"), source=str(config_path))
    schedules = [schedule(digest, settings, tz) for digest in digests]
    inbox = build_inbox(schedules, today, settings)
"""

from relinbox.core.cadence.dates import (
    PersonalDate,
    next_working_day,
    parse_personal_dates,
)
from relinbox.core.cadence.inbox import (
    DATE,
    Inbox,
    InboxItem,
    build_inbox,
    due_items,
    item_for,
    priority_key,
)
from relinbox.core.cadence.schedule import (
    ARCHIVED,
    AT_RISK,
    BUILDING,
    CADENCE,
    DORMANT,
    DUE,
    FOLLOW_UP,
    NURTURE,
    ONE_WAY,
    OVERDUE,
    PAUSED,
    UPCOMING,
    Schedule,
    ScheduleError,
    base_stage,
    contact_status,
    schedule,
    schedule_all,
    stage_on,
    suggest_channel,
)
from relinbox.core.cadence.settings import (
    DEFAULT_SETTINGS,
    CadenceSettings,
    SettingsError,
)

STAGES = (BUILDING, NURTURE, ONE_WAY, DORMANT, ARCHIVED)
STATUSES = (UPCOMING, DUE, OVERDUE, AT_RISK, DORMANT)

__all__ = [
    "ARCHIVED",
    "AT_RISK",
    "BUILDING",
    "CADENCE",
    "DATE",
    "DEFAULT_SETTINGS",
    "DORMANT",
    "DUE",
    "FOLLOW_UP",
    "NURTURE",
    "ONE_WAY",
    "OVERDUE",
    "PAUSED",
    "STAGES",
    "STATUSES",
    "UPCOMING",
    "CadenceSettings",
    "Inbox",
    "InboxItem",
    "PersonalDate",
    "Schedule",
    "ScheduleError",
    "SettingsError",
    "base_stage",
    "build_inbox",
    "contact_status",
    "due_items",
    "item_for",
    "next_working_day",
    "parse_personal_dates",
    "priority_key",
    "schedule",
    "schedule_all",
    "stage_on",
    "suggest_channel",
]
