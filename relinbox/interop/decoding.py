"""Bytes to text: byte-order marks, UTF-16/32, strict UTF-8, then Windows-1252 with a warning.

Nothing is decoded with replacement characters silently: in a line that is not valid UTF-8,
the bytes that are not are read as Windows-1252 (every byte maps to a character, so nothing is
lost) and the line is reported. The valid UTF-8 around them stays UTF-8, so one stray byte does
not turn the rest of the line into mojibake.
"""

from __future__ import annotations

import codecs
import re

from relinbox.interop.problems import Problems

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A multi-byte UTF-8 sequence: its presence means a file is UTF-8 with a few bad bytes,
# its absence that the whole file is in an 8-bit code page.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_WIDE_BOM_STARTS = frozenset({b"\xff", b"\xfe", b"\x00"})
MAX_LINE_WARNINGS = 20


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined; keep as Latin-1
        return chr(byte)


_CP1252 = "".join(_cp1252_char(b) for b in range(256))
_CP1252_TABLE = {i: c for i, c in enumerate(_CP1252)}


def cp1252(raw: bytes) -> str:
    """Windows-1252 that never fails: the five undefined bytes become U+0081 etc."""
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1").translate(_CP1252_TABLE)


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes UTF-8 could not decode, read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return cp1252(error.object[error.start : error.end]), error.end


_CP1252_BYTES = "relinbox-cp1252-bytes"
codecs.register_error(_CP1252_BYTES, _cp1252_bytes)


def utf8_or_cp1252(raw: bytes) -> str:
    """UTF-8, with the bytes that are not UTF-8 read as Windows-1252."""
    return raw.decode("utf-8", _CP1252_BYTES)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    head = data[:400]
    if len(head) < 4 or head.count(0) < len(head) // 3:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > even * 4:
        return "utf-16-le"
    if even > odd * 4:
        return "utf-16-be"
    return None


def to_utf8(data: bytes, problems: Problems) -> bytes:
    """Strip a UTF-8 byte-order mark; re-encode UTF-16/32 input as UTF-8 bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:]
    if data[:1] not in _WIDE_BOM_STARTS and 0 not in data[:400]:
        return data  # no wide byte-order mark, no NUL bytes: not UTF-16 or UTF-32
    encoding = None
    body = data
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    else:
        encoding = _looks_utf16(data)
        if encoding:
            problems.notice(1, f"no byte-order mark; read as {encoding.upper()}")
    if encoding is None:
        return data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        text = body.decode(encoding, errors="replace")
        line = body[: error.start].decode(encoding, errors="replace").count("\n") + 1
        problems.warning(line, f"invalid {encoding.upper()} data replaced with U+FFFD")
    return text.encode("utf-8", errors="surrogatepass")


class Fallbacks:
    """Collects the lines read as Windows-1252 and reports them once the file is read."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[int] = []

    def decode(self, raw: bytes, line: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            self.lines.append(line)
            return utf8_or_cp1252(raw)

    def report(self, data: bytes, problems: Problems) -> None:
        if not self.lines:
            return
        lines = sorted(set(self.lines))
        if not _UTF8_SEQUENCE.search(data):
            problems.warning(lines[0], "not UTF-8: the file was read as Windows-1252")
            return
        for line in lines[:MAX_LINE_WARNINGS]:
            problems.warning(line, "bytes that are not UTF-8; this line was read as Windows-1252")
        if len(lines) > MAX_LINE_WARNINGS:
            more = len(lines) - MAX_LINE_WARNINGS
            problems.warning(lines[MAX_LINE_WARNINGS], f"{more} more lines read as Windows-1252")


def decode_text(data: bytes, problems: Problems) -> str:
    """The whole input as text with "\\n" line ends ("\\r\\n" kept inside lines is fine)."""
    data = to_utf8(data, problems)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        fallbacks = Fallbacks()
        text = "\n".join(
            fallbacks.decode(raw, number) for number, raw in enumerate(data.split(b"\n"), 1)
        )
        fallbacks.report(data, problems)
    if cr_line_ends(text):
        text = text.replace("\r", "\n")
    return text


def cr_line_ends(text: str) -> bool:
    """Classic Mac line ends ("CSV (Macintosh)"): a bare "\r" ends each line, and an "\n"
    can only be a line break inside a quoted cell."""
    cr = text.count("\r")
    return cr > 0 and "\r\n" not in text and cr > text.count("\n")
