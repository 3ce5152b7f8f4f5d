"""Finding the contact a user means: `relinbox log ada call`, `/ada` in the app."""

from __future__ import annotations

from relinbox.core.models import Contact
from relinbox.core.store import Store
from relinbox.core.text import fold
from relinbox.services.errors import UserError

MIN_UID_PREFIX = 4
MAX_LISTED = 8

__all__ = ["fold", "resolve_contact"]


def resolve_contact(store: Store, query: str) -> Contact:
    """A uid, an exact name, an e-mail, or an unambiguous prefix of a name or uid.

    Raises `UserError` naming the candidates when the query is ambiguous or matches nothing.
    """
    text = query.strip()
    if not text:
        raise UserError("no contact given")
    contact = store.contact(text)
    if contact is not None:
        return contact
    wanted = fold(text)
    digests = store.digests()
    exact = [d for d in digests if fold(d.display_name) == wanted]
    if len(exact) == 1:
        return _load(store, exact[0].uid)
    if len(exact) > 1:
        raise _ambiguous(text, [(d.uid, d.display_name) for d in exact])
    if "@" in text:
        by_email = [c for c in store.contacts() if any(fold(e.value) == wanted for e in c.emails)]
        if len(by_email) == 1:
            return by_email[0]
        if by_email:
            raise _ambiguous(text, [(c.uid, c.display_name) for c in by_email])
    # A prefix of the whole name (or uid) first, then of any word in the name.
    for matches in (
        lambda d: fold(d.display_name).startswith(wanted)
        or (len(text) >= MIN_UID_PREFIX and d.uid.startswith(text)),
        lambda d: any(word.startswith(wanted) for word in fold(d.display_name).split()),
    ):
        prefixed = [d for d in digests if matches(d)]
        if len(prefixed) == 1:
            return _load(store, prefixed[0].uid)
        if prefixed:
            raise _ambiguous(text, [(d.uid, d.display_name) for d in prefixed])
    raise UserError(f"no contact matches {text!r} (try `relinbox list`)")


def _load(store: Store, uid: str) -> Contact:
    contact = store.contact(uid)
    if contact is None:  # a digest without its contact: the store changed under us
        raise UserError(f"contact {uid} has just been removed")
    return contact


def _ambiguous(query: str, candidates: list[tuple[str, str]]) -> UserError:
    candidates.sort(key=lambda c: fold(c[1]))
    shown = "; ".join(f"{name} ({uid[:8]})" for uid, name in candidates[:MAX_LISTED])
    more = f"; and {len(candidates) - MAX_LISTED} more" if len(candidates) > MAX_LISTED else ""
    return UserError(f"{query!r} matches {len(candidates)} contacts: {shown}{more}")
