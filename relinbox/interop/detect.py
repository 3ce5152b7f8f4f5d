"""Which importer reads an input: decided from its content, the file name only breaking ties.

1. a folder is a vdir collection;
2. a file whose header row (found within its first lines) matches a known CSV export is CSV,
   unless a `BEGIN:VCARD` line comes before it (a CSV note may hold a pasted vCard);
3. a file with a `BEGIN:VCARD` line near its start is vCard;
4. otherwise a `.vcf` / `.vcard` file is vCard (and is refused: no BEGIN:VCARD found), and
   anything else is CSV (and is refused, naming its columns).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from relinbox.interop.csv import sniff_csv
from relinbox.interop.decoding import cp1252, to_utf8
from relinbox.interop.problems import Problems

SNIFF_BYTES = 64 * 1024
_BEGIN = re.compile(rb"^[ \t]*BEGIN[ \t]*:[ \t]*VCARD", re.IGNORECASE | re.MULTILINE)
VCARD_SUFFIXES = (".vcf", ".vcard")


def detect_format(path: Path, data: bytes) -> str:
    """"vdir", "vcard", or a CSV format ("google", "outlook", "outlook-com", "linkedin");
    "csv" when nothing matched and the CSV importer should explain why."""
    if path.is_dir():
        return "vdir"
    head = to_utf8(data[:SNIFF_BYTES], Problems(str(path)))
    begin = _BEGIN.search(head)
    before = head[: begin.start()] if begin else head
    if before.strip():
        try:  # the sniffed bytes may end inside a character: leave that one out
            text = codecs.getincrementaldecoder("utf-8")().decode(before, final=False)
        except UnicodeDecodeError:
            text = cp1252(before)
        kind = sniff_csv(text)
        if kind is not None:
            return kind
    if begin or path.suffix.lower() in VCARD_SUFFIXES:
        return "vcard"
    return "csv"
