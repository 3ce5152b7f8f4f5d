"""vCard properties from bytes: the line level of the tolerant reader (`reader` makes cards).

Works on bytes so that a fold or a quoted-printable soft break inside a multi-byte character
is joined before anything is decoded. Keeps the physical line number of every property, the
group prefix (`item1.`), and the property as written (for lines kept verbatim).

Handles: folding with a space or a TAB; quoted-printable soft line breaks; `CHARSET=` (any
order of parameters); bare vCard 2.1 parameters (`TEL;CELL;PREF`); quoted parameter values;
RFC 6868 caret escapes; byte-order marks where files were joined; Windows-1252 bytes (read and
reported at their physical line).

Three paths give the same properties: plain well-formed UTF-8 text takes `_quick_props` (one
split, one pass); other UTF-8 text is unfolded with line numbers first (`_logical_text`);
input with charsets, quoted-printable or base64 is read as bytes (`_logical_lines`).
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass

from relinbox.interop.decoding import Fallbacks, cp1252, to_utf8, utf8_or_cp1252
from relinbox.interop.problems import Problems

_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT", "QP"})
_CARET = re.compile(r"\^([n^'N])")
_CARET_VALUES = {"n": "\n", "N": "\n", "^": "^", "'": '"'}
_LOGICAL_SPLIT = re.compile(r"\r?\n(?![ \t])")
_FOLD = re.compile(r"\r?\n[ \t]")
_BOM = codecs.BOM_UTF8


@dataclass(slots=True)
class Prop:
    group: str  # "" or "item1"
    name: str  # upper case
    params: dict[str, tuple[str, ...]]  # upper-case keys; bare 2.1 parameters are TYPE
    value: str  # decoded (charset, quoted-printable) but still vCard-escaped
    line: int  # physical line where the property starts
    text: str  # the whole unfolded line as written, group prefix included (kept in `extra`)

    def param(self, key: str) -> str | None:
        values = self.params.get(key)
        return values[0] if values else None

    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("TYPE", ()) if t]


def _caret(value: str) -> str:
    return _CARET.sub(lambda m: _CARET_VALUES[m.group(1)], value) if "^" in value else value


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    parts, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
            current.append(char)
        elif char == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return value[1:-1]
    return value.replace('"', "") if value.count('"') == 1 else value


def android_label(inner: str) -> str:
    """The label in Android's `X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,<label>)`
    parameter (a user-named phone or e-mail type): the label, quoted-printable or not."""
    charset, encoding = "utf-8", ""
    while True:
        key, eq, rest = inner.partition("=")
        if not eq or key.strip().upper() not in ("CHARSET", "ENCODING") or "," not in rest:
            break
        value, _, inner = rest.partition(",")
        if key.strip().upper() == "CHARSET":
            charset = value.strip()
        else:
            encoding = value.strip().upper()
    if encoding not in ("QUOTED-PRINTABLE", "QP"):
        return inner.strip()
    data = binascii.a2b_qp(inner.encode("utf-8"))
    try:
        return data.decode(charset).strip()
    except (LookupError, UnicodeDecodeError):
        return utf8_or_cp1252(data).strip()


def parse_params(parts: list[str]) -> dict[str, tuple[str, ...]]:
    params: dict[str, list[str]] = {}
    for part in parts:
        if part[:9].upper() == "X-CUSTOM(" and part.rstrip().endswith(")"):
            params.setdefault("X-CUSTOM", []).append(android_label(part.rstrip()[9:-1]))
            continue
        eq = part.find("=")
        if eq < 0:
            bare = part.strip()
            if not bare:
                continue
            key = "ENCODING" if bare.upper() in _ENCODINGS else "TYPE"
            params.setdefault(key, []).append(bare)
            continue
        key = part[:eq].strip().upper()
        raw = part[eq + 1 :]
        if key == "TYPE":
            if '"' in raw or "^" in raw:
                values = [
                    _caret(t)
                    for v in _split_outside_quotes(raw, ",")
                    for t in _unquote(v).split(",")
                ]
            else:
                values = raw.split(",")
        else:
            values = [_caret(_unquote(raw))]
        params.setdefault(key, []).extend(values)
    return {key: tuple(values) for key, values in params.items()}


def _cached_params(text: str) -> dict[str, tuple[str, ...]]:
    """`parse_params` of a parameter text such as `TYPE=INTERNET,WORK`, remembered: an
    address book repeats a handful of them thousands of times. Values are tuples, so the
    copy handed out is safe to share."""
    parsed = _PARAMS_SEEN.get(text)
    if parsed is None:
        parsed = parse_params(text.split(";"))
        if len(_PARAMS_SEEN) < _CACHE_SIZE:
            _PARAMS_SEEN[text] = parsed
    return dict(parsed)


def _split_name(text: str) -> tuple[str, str]:
    """(group, upper-case name) of `item1.X-ABLabel`, remembered like `_cached_params`."""
    found = _NAMES_SEEN.get(text)
    if found is None:
        dot = text.rfind(".")
        found = (text[:dot], text[dot + 1 :].strip().upper()) if dot >= 0 else (
            "", text.strip().upper()
        )
        if len(_NAMES_SEEN) < _CACHE_SIZE:
            _NAMES_SEEN[text] = found
    return found


_CACHE_SIZE = 4096
_PARAMS_SEEN: dict[str, dict[str, tuple[str, ...]]] = {}
_NAMES_SEEN: dict[str, tuple[str, str]] = {}


def _colon(raw: bytes) -> int:
    """Index of the colon ending the name and parameters (a quoted value may hold colons)."""
    colon = raw.find(b":")
    if colon < 0 or b'"' not in raw[:colon]:
        return colon
    quoted = False
    for index, byte in enumerate(raw):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return index
    return raw.find(b":")


def _colon_text(line: str) -> int:
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return line.find(":")


Breaks = Sequence[tuple[int, int]]  # (offset in a logical line, physical line beginning there)


def _within(breaks: Breaks, line: int, begin: int, end: int) -> tuple[int, Breaks]:
    """The physical line where bytes begin:end of a logical line start, and the breaks
    inside them (offsets from `begin`)."""
    inner: list[tuple[int, int]] = []
    for offset, number in breaks:
        if offset <= begin:
            line = number
        elif offset < end:
            inner.append((offset - begin, number))
    return line, inner


def _line_at(line: int, breaks: Breaks, offset: int) -> int:
    """The physical line of byte `offset` of bytes that start on `line`."""
    for start, number in breaks:
        if start > offset:
            break
        line = number
    return line


def _decode(raw: bytes, line: int, breaks: Breaks, fallbacks: Fallbacks) -> str:
    """UTF-8 text; the bytes of each physical line that are not UTF-8 are read by `fallbacks`
    and reported at that line."""
    if not breaks:
        return fallbacks.decode(raw, line)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    pieces, begin = [], 0
    for offset, number in breaks:
        end, limit = offset, min(offset + 3, len(raw))
        while end < limit and raw[end] & 0xC0 == 0x80:
            end += 1  # a character split by the line break stays whole
        pieces.append(fallbacks.decode(raw[begin:end], line))
        begin, line = max(begin, end), number
    pieces.append(fallbacks.decode(raw[begin:], line))
    return "".join(pieces)


def _decode_with(
    raw: bytes,
    charset: str,
    line: int,
    at: tuple[int, Breaks],
    fallbacks: Fallbacks,
    problems: Problems,
) -> str:
    """`raw` in `charset` (`at`: the first physical line of `raw` and its breaks)."""
    try:
        name = codecs.lookup(charset).name
        text = None if name == "utf-8" else raw.decode(name)
    except UnicodeError as error:  # before ValueError, its base
        where = _line_at(*at, getattr(error, "start", 0))
        problems.warning(where, f"text is not valid {charset}; read as Windows-1252")
        return cp1252(raw)
    except (LookupError, ValueError):  # unknown, a NUL in the name, or bytes-to-bytes (rot13)
        problems.warning(line, f"unknown CHARSET={charset}; read as UTF-8")
        text = None
    return _decode(raw, *at, fallbacks) if text is None else text


def _qp_breaks(value: bytes, breaks: Breaks) -> Breaks:
    """`breaks` of quoted-printable `value` as offsets in its decoded bytes."""
    return [(len(binascii.a2b_qp(value[:offset])), number) for offset, number in breaks]


def parse_property(
    raw: bytes, line: int, fallbacks: Fallbacks, problems: Problems, breaks: Breaks = ()
) -> Prop | None:
    """The property in a logical line that starts on physical line `line`; `breaks` says
    where its other physical lines begin (for the line numbers of Windows-1252 bytes)."""
    colon = _colon(raw)
    if colon < 0:
        return None
    head_bytes, value_bytes = raw[:colon], raw[colon + 1 :]
    head_at = value_at = (line, breaks)
    if breaks:
        head_at = _within(breaks, line, 0, colon)
        value_at = _within(breaks, line, colon + 1, len(raw))
    try:
        head = head_bytes.decode("utf-8")
    except UnicodeDecodeError:
        head = _decode(head_bytes, *head_at, fallbacks)
    group, name, params = _parse_head(head)
    encoding = params.get("ENCODING")
    charset = params.get("CHARSET")
    if encoding and encoding[0].upper() in ("QUOTED-PRINTABLE", "QP"):
        raw_value = value_bytes.decode("latin-1")
        try:
            decoded = binascii.a2b_qp(value_bytes)
            if value_at[1]:
                value_at = (value_at[0], _qp_breaks(value_bytes, value_at[1]))
        except (binascii.Error, ValueError):
            problems.warning(line, "bad quoted-printable data; kept as written")
            decoded = value_bytes
        if charset:
            value = _decode_with(decoded, charset[0], line, value_at, fallbacks, problems)
        else:
            value = _decode(decoded, *value_at, fallbacks)
    else:
        if charset:
            value = _decode_with(value_bytes, charset[0], line, value_at, fallbacks, problems)
        else:
            try:
                value = value_bytes.decode("utf-8")
            except UnicodeDecodeError:
                value = _decode(value_bytes, *value_at, fallbacks)
        raw_value = value
    return Prop(group, name, params, value, line, f"{head}:{raw_value}")


def _soft_break(current: bytes, line: bytes) -> bool:
    """Whether `line` goes on after a quoted-printable soft line break (`current` ends with
    `=`): then even a leading space or TAB is data, not a fold."""
    return (
        b"QUOTED-PRINTABLE" in current[: current.find(b":")].upper()
        and line[:4].upper() not in (b"END:", b"BEGI")
    )


def _logical_lines(data: bytes) -> tuple[list[tuple[int, bytes, Breaks]], set[int]]:
    """Unfolded lines (the number of their first physical line, their bytes, where their
    other physical lines begin in them), and the numbers of the blank lines."""
    logical: list[tuple[int, bytes, Breaks]] = []
    blank: set[int] = set()
    number = 0
    current = b""
    start = 0
    breaks: list[tuple[int, int]] = []
    for line in data.split(b"\n"):
        number += 1
        if line[-1:] == b"\r":
            line = line[:-1]
        if not line:
            blank.add(number)
            if start and current[-1:] == b"=" and _soft_break(current, b""):
                # a soft break before a blank line (Nokia's exports): the value ends here,
                # and the next line is a property of its own
                logical.append((start, current[:-1], breaks))
                start, current, breaks = 0, b"", []
            continue
        if start:
            if current[-1:] == b"=" and _soft_break(current, line):
                current = current[:-1]
                breaks.append((len(current), number))
                current += line
                continue
            if line[0] == 0x20 or line[0] == 0x09:  # folded: continues the previous line
                breaks.append((len(current), number))
                current += line[1:]
                continue
            logical.append((start, current, breaks))
            breaks = []
        start, current = number, line
    if start:
        logical.append((start, current, breaks))
    return logical, blank


def _logical_text(text: str) -> tuple[list[tuple[int, str]], set[int]]:
    """`_logical_lines` for decoded text (no quoted-printable soft breaks to join)."""
    logical: list[tuple[int, str]] = []
    blank: set[int] = set()
    number = 1
    for part in _LOGICAL_SPLIT.split(text):
        if "\n" in part:
            span = part.count("\n")
            part = _FOLD.sub("", part)
        else:
            span = 0
        if part[-1:] == "\r":
            part = part[:-1]
        if part:
            logical.append((number, part))
        else:
            blank.add(number)
        number += span + 1
    return logical, blank


def parse_text_property(line: str, number: int) -> Prop | None:
    """`parse_property` for a line already decoded (no charset, no quoted-printable)."""
    colon = line.find(":")
    if colon < 0:
        return None
    head = line[:colon]
    if '"' in head:
        colon = _colon_text(line)
        head = line[:colon]
    group, name, params = _parse_head(head)
    return Prop(group, name, params, line[colon + 1 :], number, line)


def _parse_head(head: str) -> tuple[str, str, dict[str, tuple[str, ...]]]:
    """(group, upper-case name, parameters) of the text before a property's colon."""
    if ";" in head:
        parts = _split_outside_quotes(head, ";")
        name_part, params = parts[0].strip(), parse_params(parts[1:])
    else:
        name_part, params = head.strip(), {}
    dot = name_part.rfind(".")
    if dot >= 0:
        return name_part[:dot], name_part[dot + 1 :].upper(), params
    return "", name_part.upper(), params


def _quick_props(text: str) -> list[Prop] | None:
    """The fast path for plain, well-formed text: folds only inside values, no quoted
    parameters. None when some line needs the careful path."""
    props: list[Prop] = []
    append = props.append
    previous: Prop | None = None
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n"):
        lines = text.split("\r\n")  # the usual case: no "\r" to strip line by line
    else:
        lines = [line[:-1] if line[-1:] == "\r" else line for line in text.split("\n")]
    number = 0
    for line in lines:
        number += 1
        if not line:
            continue
        first = line[0]
        if first == " " or first == "\t":
            if previous is None:
                return None
            rest = line[1:]
            previous.value += rest
            previous.text += rest
            continue
        colon = line.find(":")
        if colon < 0:
            return None
        semicolon = line.find(";", 0, colon)
        if semicolon < 0:
            group, name = _split_name(line[:colon])
            previous = Prop(group, name, {}, line[colon + 1 :], number, line)
        else:
            params = line[semicolon + 1 : colon]
            if '"' in params:
                return None
            group, name = _split_name(line[:semicolon])
            previous = Prop(group, name, _cached_params(params), line[colon + 1 :], number, line)
        append(previous)
    return props


def _broken(raw: str, number: int) -> Prop:
    """A line that is not a property (no colon): name "" and the line as its value."""
    return Prop("", "", {}, raw, number, raw)


def _needs_byte_path(data: bytes) -> bool:
    lower = data.lower()
    return b"printable" in lower or b"charset" in lower or b"base64" in lower


@dataclass(slots=True)
class Properties:
    props: list[Prop]  # every logical line; one that is not a property has the name ""
    clean: bool  # every line a well-formed property (the quick path was taken)
    blank: set[int]  # the physical numbers of blank lines (they end vCard 2.1 base64 data)
    cut: bool  # the data ends in the middle of a line


def normalise(data: bytes, problems: Problems) -> bytes:
    """UTF-8 bytes with "\\n" line ends (UTF-16/32 re-encoded, classic Mac line ends turned
    into "\\n"), and no byte-order mark starting a line (files joined with `cat`)."""
    data = to_utf8(data, problems)
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
    if _BOM in data:
        data = data.replace(b"\n" + _BOM, b"\n")
    return data


def read_properties(data: bytes, fallbacks: Fallbacks, problems: Problems) -> Properties:
    """The properties of `normalise`d data, by the fastest path that reads them right."""
    text = None
    if not _needs_byte_path(data):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    props = _quick_props(text) if text is not None else None
    clean = props is not None
    blank: set[int] = set()
    cut = data[-1:] != b"\n" and bool(data[data.rfind(b"\n") + 1 :].strip())
    if props is None and text is not None:
        logical, blank = _logical_text(text)
        props = [
            parse_text_property(raw, number) or _broken(raw, number) for number, raw in logical
        ]
    elif props is None:
        byte_lines, blank = _logical_lines(data)
        props = [
            parse_property(raw, number, fallbacks, problems, breaks)
            or _broken(raw.decode("latin-1"), number)
            for number, raw, breaks in byte_lines
        ]
    return Properties(props, clean, blank, cut)
