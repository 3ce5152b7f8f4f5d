"""Exporters: each turns contacts into the bytes of one file format.

Add a format by writing a module beside `json_doc.py` with `export(contacts) -> bytes`,
listing it in `EXPORTERS` and naming it in `relinbox.interop.formats.EXPORT_FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from relinbox.core.models import Contact
from relinbox.interop.export import csv_google, json_doc, vcard

Exporter = Callable[[Sequence[Contact]], bytes]

EXPORTERS: dict[str, Exporter] = {
    "json": json_doc.export,
    "vcard": vcard.export,
    "csv": csv_google.export,
}

__all__ = ["EXPORTERS", "Exporter"]
