"""Add or edit a contact: name, organisation, title, e-mails, phones, tags, tier, birthday,
time zone. Lists are comma-separated. Returns `ContactFields` (checked) or None."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input

from relinbox.core.clock import user_timezone
from relinbox.core.models import Contact, RecordError, check_personal_date
from relinbox.services.errors import UserError
from relinbox.tui.screens.forms import FormScreen, row
from relinbox.tui.widgets.choices import ChoiceBar

TIERS = (("A", "A"), ("B", "B"), ("C", "C"))


@dataclass(frozen=True, slots=True)
class ContactFields:
    name: str
    org: str
    title: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    tags: tuple[str, ...]
    tier: str
    birthday: str | None
    timezone: str | None


def split_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class ContactFormScreen(FormScreen[ContactFields]):
    def __init__(self, contact: Contact | None = None) -> None:
        title = f"Edit {contact.display_name}" if contact else "Add a contact"
        super().__init__(title)
        self.contact = contact

    def fields(self) -> ComposeResult:
        c = self.contact

        def field(label: str, key: str, value: str, placeholder: str = "") -> ComposeResult:
            yield row(label, Input(value, placeholder=placeholder, compact=True,
                                   id=f"contact-{key}"))

        yield from field("Name", "name", c.display_name if c else "", "Ada Lovelace")
        yield from field("Organisation", "org", c.org.name if c else "")
        yield from field("Title", "title", c.org.title if c else "")
        yield from field("E-mails", "emails", ", ".join(e.value for e in c.emails) if c else "",
                         "comma-separated")
        yield from field("Phones", "phones", ", ".join(p.value for p in c.phones) if c else "",
                         "comma-separated")
        yield from field("Tags", "tags", ", ".join(c.tags) if c else "", "client, referrer")
        yield row("Tier", ChoiceBar(TIERS, c.tier.value if c else "B", id="contact-tier"))
        yield from field("Birthday", "birthday", (c.birthday or "") if c else "",
                         "YYYY-MM-DD, or --MM-DD without a year")
        yield from field("Time zone", "timezone", (c.timezone or "") if c else "",
                         "Europe/London")

    def _text(self, key: str) -> str:
        return self.query_one(f"#contact-{key}", Input).value.strip()

    def result(self) -> ContactFields:
        name = self._text("name")
        if not name:
            raise UserError("a contact needs a name")
        birthday = self._text("birthday") or None
        if birthday:
            try:
                check_personal_date(birthday, "birthday")
            except RecordError as error:
                raise UserError(str(error)) from None
        timezone = self._text("timezone") or None
        if timezone:
            user_timezone(timezone)  # ValueError names the problem
        return ContactFields(
            name,
            self._text("org"),
            self._text("title"),
            split_list(self._text("emails")),
            split_list(self._text("phones")),
            split_list(self._text("tags")),
            self.query_one("#contact-tier", ChoiceBar).value,
            birthday,
            timezone,
        )
