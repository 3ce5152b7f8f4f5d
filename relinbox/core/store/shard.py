"""One shard file: a TinyDB database whose tables are stored as JSON Lines and parsed lazily.

File layout (`shards/NN.jsonl`):

    {"relinbox": "shard", "format": 1, "tables": [["contacts", 2, 913], ["touches", 3, 702]]}
    [1, {...contact...}]
    [2, {...contact...}]
    [1, {...touch...}]
    ...

The header gives each table's line count and byte length; the table's documents follow, one
`[doc_id, doc]` per line. One document a line keeps hand edits and error messages precise
("line 1234"); the byte lengths let the store slice out and parse only the tables it needs
(the inbox needs none of the touches) and let a write re-serialise only the tables that
changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from relinbox.core.store.files import atomic_write, file_signature, read_bytes

FORMAT = 1
NEWLINE = ord("\n")
HEADER_CHUNK = 4096
TableData = dict[str, dict[str, Any]]  # TinyDB's raw table: doc id (as text) -> document


class ShardFormatError(ValueError):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


class _Section:
    """A table's bytes as read from disk (one document a line), parsed on first use."""

    __slots__ = ("count", "data", "first_line")

    def __init__(self, data: bytes | memoryview, count: int, first_line: int) -> None:
        self.data = data  # every line ends with a newline; a view into the file until parsed
        self.count = count
        self.first_line = first_line

    def lines(self) -> list[bytes]:
        return bytes(self.data).split(b"\n")[:-1] if self.data else []


def parse_section(name: str, section: _Section) -> TableData:
    # One parse of the whole section as a JSON array is much faster than a parse per line;
    # only when it fails are the lines parsed one by one, to say which one is broken.
    try:
        items = orjson.loads(b"[" + bytes(section.data).replace(b"\n", b",")[:-1] + b"]")
    except orjson.JSONDecodeError:
        items = None
    if items is None or len(items) != section.count:
        items = _parse_lines(name, section)
    table: TableData = {}
    for offset, item in enumerate(items):
        if not (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], int)
            and isinstance(item[1], dict)
        ):
            raise ShardFormatError(
                section.first_line + offset, f"table {name!r}: expected [id, {{...}}]"
            )
        key = str(item[0])
        if key in table:
            raise ShardFormatError(
                section.first_line + offset, f"table {name!r}: document id {key} appears twice"
            )
        table[key] = item[1]
    return table


def _parse_lines(name: str, section: _Section) -> list[Any]:
    lines = section.lines()
    if len(lines) != section.count:
        raise ShardFormatError(
            section.first_line, f"table {name!r} should have {section.count} lines"
        )
    items = []
    for offset, line in enumerate(lines):
        try:
            items.append(orjson.loads(line))
        except orjson.JSONDecodeError as error:
            raise ShardFormatError(
                section.first_line + offset, f"table {name!r}: not valid JSON ({error})"
            ) from None
    return items


Entry = tuple[str, int, int]  # table name, line count, byte length


def split_file(data: bytes) -> dict[str, _Section]:
    """Cut a shard file into table sections without parsing (or even splitting) the lines."""
    if not data:
        return {}
    entries, header_end = read_header(data)
    body = memoryview(data)[header_end:]  # slices of a view copy nothing
    return _split_by_size(body, entries) or _split_by_lines(bytes(body), entries)


def read_header(data: bytes) -> tuple[list[Entry], int]:
    """The table entries of a shard file, and where its first table starts."""
    end = data.find(b"\n")
    if end < 0:
        raise ShardFormatError(1, "the header line is incomplete")
    try:
        header = orjson.loads(data[:end])
    except orjson.JSONDecodeError:
        raise ShardFormatError(1, "the header line is not valid JSON") from None
    if not isinstance(header, dict) or header.get("relinbox") != "shard":
        raise ShardFormatError(1, "this is not a relinbox shard file")
    if header.get("format") != FORMAT:
        raise ShardFormatError(1, f"unknown shard format {header.get('format')!r}")
    tables = header.get("tables")
    if not isinstance(tables, list):
        raise ShardFormatError(1, "the header has no table list")
    entries = []
    for entry in tables:
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and isinstance(entry[0], str)
            and all(isinstance(n, int) and n >= 0 for n in entry[1:])
        ):
            raise ShardFormatError(1, f"bad table entry {entry!r} in the header")
        entries.append((entry[0], entry[1], entry[2]))
    return entries, end + 1


def read_sections(path: Path, wanted: frozenset[str]) -> tuple[dict[str, _Section], Any] | None:
    """Read only the `wanted` tables of a shard file (a seek each); None when it is missing.

    Returns the sections and the file's signature, taken from the same open file, so the two
    always describe one version. Falls back to reading everything when the header's sizes do
    not fit the file (a hand-edited file).
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115  (closed below; fstat needs the handle)
    except FileNotFoundError:
        return None
    with handle:
        stat = os.fstat(handle.fileno())
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        head = handle.read(HEADER_CHUNK)
        while head and b"\n" not in head:
            more = handle.read(HEADER_CHUNK)
            if not more:
                break
            head += more
        if not head:
            return {}, signature
        entries, header_end = read_header(head)
        if header_end + sum(size for _, _, size in entries) != stat.st_size:
            handle.seek(0)
            return split_file(handle.read()), signature
        sections: dict[str, _Section] = {}
        offset, line = header_end, 2
        for name, count, size in entries:
            if name in wanted and count:
                handle.seek(offset)
                chunk = handle.read(size)
                if len(chunk) != size or chunk[-1] != NEWLINE:
                    handle.seek(0)
                    return split_file(handle.read()), signature
                sections[name] = _Section(chunk, count, line)
            offset += size
            line += count
        return sections, signature


def _split_by_size(
    body: memoryview, entries: list[tuple[str, int, int]]
) -> dict[str, _Section] | None:
    """Slice sections by their byte lengths; None when the lengths do not fit the data."""
    if sum(size for _, _, size in entries) != len(body):
        return None
    sections: dict[str, _Section] = {}
    offset, line = 0, 2
    for name, count, size in entries:
        chunk = body[offset : offset + size]
        if size and chunk[-1] != NEWLINE:
            return None
        sections[name] = _Section(chunk, count, line)
        offset += size
        line += count
    return sections


def _split_by_lines(body: bytes, entries: list[tuple[str, int, int]]) -> dict[str, _Section]:
    """The slow path for a file edited by hand: count lines instead of bytes.

    A damaged line is then reported when its table is read, with its line number, and the
    other tables stay readable.
    """
    lines = body.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    sections: dict[str, _Section] = {}
    index = 0
    for name, count, _size in entries:
        if index + count > len(lines):
            raise ShardFormatError(
                len(lines) + 1, f"table {name!r} should have {count} lines; the file ends early"
            )
        chunk = b"".join(line + b"\n" for line in lines[index : index + count])
        sections[name] = _Section(chunk, count, index + 2)
        index += count
    if index != len(lines):
        raise ShardFormatError(index + 2, "unexpected lines after the last table")
    return sections


class ShardTables(MutableMapping[str, TableData]):
    """The mapping TinyDB reads and writes: tables parse on access and remember edits."""

    def __init__(self, sections: dict[str, _Section], on_error: Any) -> None:
        self._sections = sections  # as on disk
        self._parsed: dict[str, TableData] = {}
        self._dirty: set[str] = set()
        self._removed: set[str] = set()
        self._on_error = on_error

    def __getitem__(self, name: str) -> TableData:
        table = self._parsed.get(name)
        if table is not None:
            return table
        if name in self._removed or name not in self._sections:
            raise KeyError(name)
        try:
            table = parse_section(name, self._sections[name])
        except ShardFormatError as error:
            raise self._on_error(error) from None
        self._parsed[name] = table
        return table

    def __setitem__(self, name: str, table: TableData) -> None:
        self._parsed[name] = table
        self._dirty.add(name)
        self._removed.discard(name)

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._parsed.pop(name, None)
        self._dirty.discard(name)
        self._removed.add(name)

    def __iter__(self) -> Iterator[str]:
        names = (set(self._sections) | set(self._parsed)) - self._removed
        return iter(sorted(names))

    def __len__(self) -> int:
        return len((set(self._sections) | set(self._parsed)) - self._removed)

    def line_of(self, name: str, key: str) -> int | None:
        """The file line a document was read from (for error messages)."""
        section = self._sections.get(name)
        if section is None or name in self._dirty:
            return None
        for offset, doc_key in enumerate(self[name]):
            if doc_key == key:
                return section.first_line + offset
        return None

    @property
    def dirty(self) -> bool:
        return bool(self._dirty or self._removed)

    def encode(self) -> tuple[bytes, dict[str, _Section]]:
        """Serialise, re-encoding only the tables that changed."""
        header_tables = []
        sections: dict[str, _Section] = {}
        line = 2
        for name in self:
            if name in self._dirty:
                table = self._parsed[name]
                keys = sorted(table, key=int)
                chunk = b"".join(orjson.dumps([int(k), table[k]]) + b"\n" for k in keys)
                section = _Section(chunk, len(keys), line)
            else:
                old = self._sections[name]
                section = _Section(old.data, old.count, line)
            if not section.count:
                continue
            sections[name] = section
            header_tables.append([name, section.count, len(section.data)])
            line += section.count
        header = orjson.dumps({"relinbox": "shard", "format": FORMAT, "tables": header_tables})
        return b"".join([header, b"\n", *(s.data for s in sections.values())]), sections

    def committed(self, sections: dict[str, _Section]) -> None:
        """The encoded state is now on disk: it becomes the new baseline."""
        self._sections = sections
        # A table emptied by this write was left out of the file: forget it, or the next
        # encode would look for its (missing) section.
        self._parsed = {name: table for name, table in self._parsed.items() if name in sections}
        self._dirty.clear()
        self._removed.clear()


class ShardStorage(Storage):
    """TinyDB storage for one shard file; writes are atomic and durable (see files.py)."""

    def __init__(self, path: Path, on_error: Any, only: frozenset[str] | None = None) -> None:
        self.path = path
        self._on_error = on_error
        self.tables = ShardTables({}, on_error)
        self.signature: tuple[int, int, int] | None = None
        self.complete = False
        self.load(only)

    def load(self, only: frozenset[str] | None = None) -> None:
        """(Re)read the file from disk, dropping anything parsed before.

        With `only`, just those tables are read: enough to look, not to write. Writers and
        readers of other tables call `load()` again for the whole file first.
        """
        try:
            if only is None:
                signature = file_signature(self.path)
                data = read_bytes(self.path) if signature is not None else None
                sections = split_file(data) if data else {}
            else:
                found = read_sections(self.path, only)
                sections, signature = found if found is not None else ({}, None)
        except ShardFormatError as error:
            raise self._on_error(error) from None
        self.tables = ShardTables(sections, self._on_error)
        self.signature = signature
        self.complete = only is None

    def is_stale(self) -> bool:
        return file_signature(self.path) != self.signature

    def read(self) -> ShardTables:
        return self.tables

    def write(self, data: MutableMapping[str, TableData]) -> None:
        if data is not self.tables:  # TinyDB replaced everything (drop_tables): take it whole
            replacement = ShardTables({}, self._on_error)
            for name, table in data.items():
                replacement[name] = table
            self.tables = replacement
        # The store flushes once per batch (see Shard.flush); TinyDB's per-operation writes
        # only mark tables dirty in memory.

    def flush(self, *, sync_dir: bool = True) -> bool:
        """Write the shard if it changed; True when it did."""
        if not self.tables.dirty:
            return False
        if not self.complete:  # never write a file from a partial read: tables would be lost
            raise RuntimeError(f"{self.path}: writing a partially read shard")
        encoded, sections = self.tables.encode()
        atomic_write(self.path, encoded, sync_dir=sync_dir)
        self.tables.committed(sections)
        self.signature = file_signature(self.path)
        return True

    def close(self) -> None:
        pass
