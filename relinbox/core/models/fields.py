"""Value checks shared by every record's `from_doc`: each names the field it rejects."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class RecordError(ValueError):
    """A stored or supplied record does not have the expected shape."""


def new_uid() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


_last_instant: tuple[datetime | None, str] = (None, "")


def iso(instant: datetime) -> str:
    """`instant.isoformat()`, remembering the last answer: an import stamps ten thousand
    records with one `now`, formatted three times per contact (about 1.5 µs each)."""
    global _last_instant
    seen, text = _last_instant
    if instant is not seen:  # datetimes are immutable: the same object, the same text
        text = instant.isoformat()
        _last_instant = (instant, text)
    return text


def _str(doc: Mapping[str, Any], key: str, default: str = "") -> str:
    value = doc.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be text, not {type(value).__name__}")
    return value


def _opt_str(doc: Mapping[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be text or null, not {type(value).__name__}")
    return value


def _bool(doc: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = doc.get(key, default)
    if not isinstance(value, bool):
        raise RecordError(f"{key!r} must be true or false")
    return value


def _opt_int(doc: Mapping[str, Any], key: str) -> int | None:
    value = doc.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{key!r} must be a whole number")
    return value


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise RecordError(f"{key!r} must be a list")
    return value


def _enum(kind: type[E], doc: Mapping[str, Any], key: str, default: E | None = None) -> E:
    value = doc.get(key)
    if value is None and default is not None:
        return default
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise RecordError(f"{key!r} is {value!r}; expected one of {choices}") from None


def _opt_enum(kind: type[E], doc: Mapping[str, Any], key: str) -> E | None:
    return None if doc.get(key) is None else _enum(kind, doc, key)


def parse_instant(text: str, key: str = "time") -> datetime:
    """Parse a stored ISO 8601 instant; it must carry a UTC offset."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise RecordError(f"{key!r} is {text!r}, not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        raise RecordError(f"{key!r} is {text!r}, which has no UTC offset")
    return value


def _instant(doc: Mapping[str, Any], key: str) -> datetime:
    return parse_instant(_str(doc, key), key)


def _opt_instant(doc: Mapping[str, Any], key: str) -> datetime | None:
    text = _opt_str(doc, key)
    return None if text is None else parse_instant(text, key)


def _day(doc: Mapping[str, Any], key: str) -> date:
    text = _str(doc, key)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"{key!r} is {text!r}, not a YYYY-MM-DD date") from None


def check_personal_date(text: str, key: str = "date") -> str:
    """Validate a personal date: `YYYY-MM-DD`, or `--MM-DD` when the year is unknown."""
    probe = "2000" + text[1:] if text.startswith("--") else text  # 2000 is a leap year
    try:
        date.fromisoformat(probe)
    except ValueError:
        raise RecordError(f"{key!r} is {text!r}; expected YYYY-MM-DD or --MM-DD") from None
    if len(probe) != 10:
        raise RecordError(f"{key!r} is {text!r}; expected YYYY-MM-DD or --MM-DD")
    return text


def _opt_personal_date(doc: Mapping[str, Any], key: str) -> str | None:
    text = _opt_str(doc, key)
    return None if text is None else check_personal_date(text, key)


def _nested(kind: Callable[[Mapping[str, Any]], T], items: Iterable[Any], key: str) -> list[T]:
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise RecordError(f"{key}[{index}] must be an object")
        try:
            result.append(kind(item))
        except RecordError as error:
            raise RecordError(f"{key}[{index}]: {error}") from None
    return result
