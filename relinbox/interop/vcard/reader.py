"""A tolerant vCard reader: cards from the properties `properties` reads.

Handles: a missing END (recovered at the next BEGIN, or read to the end of the file); a card
cut off in the middle of the last line (reported, not imported); text between cards; vCard
2.1 base64 going on in unindented lines up to a blank line; the card of a vCard 2.1 `AGENT`
nested in its card (kept whole in the outer card).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field

from relinbox.interop.decoding import Fallbacks
from relinbox.interop.problems import Problems
from relinbox.interop.vcard.properties import Prop, normalise, read_properties

_BEGIN_END = frozenset({"BEGIN", "END"})
_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "AGENT"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(slots=True)
class RawCard:
    line: int  # the BEGIN:VCARD line
    props: list[Prop] = field(default_factory=list)
    grouped: bool = False  # some property has a group prefix (Apple `itemN.`)


@dataclass(slots=True)
class ReadCards:
    cards: list[RawCard]
    truncated: int = 0  # a card cut off in the middle of the last line (reported, not returned)
    found_begin: bool = False


def read_cards(data: bytes, problems: Problems) -> ReadCards:
    """Every card in `data`; problems (with physical line numbers) go to `problems`."""
    data = normalise(data, problems)
    fallbacks = Fallbacks()
    read = read_properties(data, fallbacks, problems)
    props, clean, blank, cut = read.props, read.clean, read.blank, read.cut
    lower = data.lower()  # substring tests on it cost far less than a regular expression
    if b"vcardbegin:" in lower or b"vcard\xef\xbb\xbfbegin:" in lower:
        props = _split_joined(props, problems)  # files joined with `cat`, no line end between
    if b"base64" in lower or b"encoding=b" in lower:  # text sent as base64, by some tools
        for prop in props:
            if prop.params and prop.name not in _BINARY and not prop.name.startswith("X-"):
                _base64_text(prop)
    result = ReadCards([])
    marks = [
        index
        for index, prop in enumerate(props)
        if prop.name in _BEGIN_END and not prop.group and prop.value.strip().upper() == "VCARD"
    ]
    result.found_begin = any(props[i].name == "BEGIN" for i in marks)
    open_at = -1  # index of the BEGIN of the card being read
    after = 0  # index after the last BEGIN or END seen
    nested = False  # the card being read holds the card of a vCard 2.1 AGENT
    in_agent = False  # the next END closes that AGENT's card, not the card being read
    for index in marks:
        mark = props[index]
        if open_at >= 0 and mark.name == "BEGIN" and _is_agent(props[index - 1]):
            nested = in_agent = True
            continue
        if in_agent:
            in_agent = False
            if mark.name == "END":
                continue
        if open_at < 0:
            _stray(props, after, index, result, problems)
            if mark.name == "BEGIN":
                open_at = index
            else:
                problems.warning(mark.line, "END:VCARD without BEGIN:VCARD; ignored")
        else:
            begin = props[open_at]
            if mark.name == "BEGIN":
                problems.warning(
                    begin.line, f"card has no END:VCARD; read up to line {mark.line - 1}"
                )
            body = props[open_at + 1 : index]
            result.cards.append(_card(begin.line, body, problems, clean, blank, nested))
            open_at = index if mark.name == "BEGIN" else -1
            nested = False
        after = index + 1
    if open_at >= 0:
        line = props[open_at].line
        if cut:  # the last line is incomplete, so the card's data is too
            message = f"card at line {line} is truncated (file ends in the middle of a line)"
            problems.error(line, message)
            result.truncated += 1
        else:
            problems.warning(
                line,
                "card has no END:VCARD at the end of the file; read to the end: "
                "check it is complete",
            )
            body = props[open_at + 1 :]
            result.cards.append(_card(line, body, problems, clean, blank, nested))
    else:
        _stray(props, after, len(props), result, problems)
    fallbacks.report(data, problems)
    return result


def _base64_text(prop: Prop) -> None:
    """Decode a text value sent as base64, in its CHARSET (else UTF-8); a value that does not
    decode to text is left as written (it is kept in `extra` if nothing reads it)."""
    encoding = prop.param("ENCODING")
    if encoding is None or encoding.upper() not in ("B", "BASE64"):
        return
    try:
        data = base64.b64decode("".join(prop.value.split()), validate=True)
        text = data.decode(prop.param("CHARSET") or "utf-8")
    except (binascii.Error, ValueError, LookupError):
        return
    if not _CONTROL.search(text):
        prop.value = text  # what was encoded is the value as written, escapes and all


def _split_joined(props: list[Prop], problems: Problems) -> list[Prop]:
    """`END:VCARDBEGIN:VCARD` read as the END of one card and the BEGIN of the next."""
    result: list[Prop] = []
    for prop in props:
        rest = prop.value[5:].lstrip("\ufeff") if prop.name == "END" and not prop.group else ""
        if prop.value[:5].upper() != "VCARD" or rest[:11].upper() != "BEGIN:VCARD":
            result.append(prop)
            continue
        problems.warning(prop.line, "END:VCARD and the next BEGIN:VCARD on one line (files "
                         "joined without a line end); read as two cards")
        result.append(Prop("", "END", {}, "VCARD", prop.line, "END:VCARD"))
        result.append(Prop("", "BEGIN", {}, rest[6:], prop.line, rest))
    return result


def _stray(props: list[Prop], start: int, end: int, result: ReadCards, problems: Problems):
    """Lines between cards: reported (when the file has cards at all), not read."""
    if start < end and result.found_begin:
        problems.warning(props[start].line, "text outside BEGIN:VCARD ... END:VCARD; ignored")


def _is_agent(prop: Prop) -> bool:
    """A vCard 2.1 `AGENT:` with no value: the card of the agent follows."""
    return prop.name == "AGENT" and not prop.value.strip()


def _with_agents(body: list[Prop]) -> list[Prop]:
    """Each vCard 2.1 AGENT joined with the lines of its card into one property, so they
    are kept together in `extra`, verbatim."""
    props: list[Prop] = []
    agent = None  # the AGENT whose card is being read
    for prop in body:
        if agent is not None:
            agent.text += "\n" + prop.text
            if prop.name == "END" and not prop.group and prop.value.strip().upper() == "VCARD":
                agent = None
        elif prop.name == "BEGIN" and props and _is_agent(props[-1]):
            agent = props[-1]
            agent.text += "\n" + prop.text
        else:
            props.append(prop)
    return props


def _card(
    line: int, body: list[Prop], problems: Problems, clean: bool, blank: set[int], nested: bool
) -> RawCard:
    if nested:
        body = _with_agents(body)
    card = RawCard(line, body, any(prop.group for prop in body))
    if clean or all(prop.name for prop in body):
        return card
    card.props = []
    base64 = None  # a vCard 2.1 base64 value: it goes on in unindented lines up to a blank line
    for prop in body:
        if prop.name:
            card.props.append(prop)
            encoding = prop.param("ENCODING") if prop.params else None
            base64 = prop if encoding and encoding.upper() in ("BASE64", "B") else None
        elif base64 is not None and prop.line - 1 not in blank:
            continuation = prop.value.strip()
            base64.value += continuation
            base64.text += continuation
        else:
            base64 = None
            problems.warning(prop.line, "not a property (no ':'); line ignored")
    return card
