"""vCard values: escapes, structured and list values, labels, preference, dates."""

from __future__ import annotations

import re

from relinbox.core.models import ContactPoint
from relinbox.interop.dates import parse_date
from relinbox.interop.vcard.properties import Prop

_IGNORED_TYPES = frozenset({"internet", "pref", "voice", "x400", "x-internet"})
_APPLE_LABEL = re.compile(r"_?\$!<(.*)>!\$_?")  # some writers drop the underscores
_ESCAPE = re.compile(r"\\(.)", re.S)
NO_PREF = 101  # the rank of a value with no preference


def unescape(value: str) -> str:
    """vCard text escapes: `\\n` -> newline, `\\,` `\\;` `\\\\` -> the character."""
    if "\\" in value:
        value = _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on `sep` where it is not escaped; the parts keep their escapes."""
    if "\\" not in value:
        return value.split(sep)
    parts, current, index, size = [], [], 0, len(value)
    while index < size:
        char = value[index]
        if char == "\\" and index + 1 < size:
            current.append(value[index : index + 2])
            index += 2
            continue
        if char == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def components(value: str, count: int) -> list[str]:
    if "\\" in value or "\r" in value:
        parts = [unescape(p).strip() for p in split_escaped(value, ";")]
    else:
        parts = [p.strip() for p in value.split(";")]
    parts += [""] * (count - len(parts))
    return parts


def list_value(value: str) -> list[str]:
    if "\\" not in value:
        return [p.strip() for p in value.split(",")]
    return [unescape(p).strip() for p in split_escaped(value, ",")]


def apple_label(text: str) -> str:
    match = _APPLE_LABEL.fullmatch(text.strip())
    return match.group(1) if match else text.strip()


def label_of(prop: Prop, labels: dict[str, str], types: list[str] | None = None) -> str:
    if prop.group and prop.group in labels:
        return labels[prop.group]
    custom = prop.params.get("X-CUSTOM")
    if custom and custom[0]:
        return custom[0]  # Android: a type the user named
    if types is None:
        types = prop.types()
    words = [t for t in types if t not in _IGNORED_TYPES]
    if any(word.startswith("x-") for word in words):  # Android 2.1: `TEL;X-Boat` is "Boat"
        written = [t for t in prop.params.get("TYPE", ()) if t.lower() in words]
        words = [t[2:] if t[:2].lower() == "x-" else t.lower() for t in written]
    return " ".join(words)


def rank_of(prop: Prop, types: list[str]) -> int:
    pref = prop.params.get("PREF")
    if pref:
        try:
            return min(max(int(pref[0]), 1), 100)
        except ValueError:
            return 100
    return 1 if "pref" in types else NO_PREF


def ranked_points(points: list[tuple[int, ContactPoint]]) -> list[ContactPoint]:
    if len(points) > 1:
        points.sort(key=lambda item: item[0])
    if points and points[0][0] < NO_PREF:
        points[0][1].primary = True
    return [point for _, point in points]


def date_of(prop: Prop) -> tuple[str | None, str]:
    text = unescape(prop.value).strip()
    when = parse_date(text)
    omit = prop.param("X-APPLE-OMIT-YEAR")
    if when and omit and when[:4] == omit.strip()[:4]:
        when = "--" + when[5:]
    return when, text
