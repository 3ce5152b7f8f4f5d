"""`relinbox export --format json`: `{"contacts": [...]}`, documented in docs/json-schema.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from relinbox.core.models import Contact
from relinbox.core.text import fold


def contact_doc(contact: Contact) -> dict[str, Any]:
    """The stored document, with e-mails and phones listed primary first."""
    doc = contact.to_doc()
    for key in ("emails", "phones"):
        doc[key].sort(key=lambda point: not point["primary"])
    return doc


def export(contacts: Sequence[Contact]) -> bytes:
    ordered = sorted(contacts, key=lambda c: (fold(c.display_name), c.uid))
    document = {"contacts": [contact_doc(c) for c in ordered]}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
