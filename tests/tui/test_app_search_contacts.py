"""Search as you type, and adding and editing contacts."""

from __future__ import annotations

from relinbox.core.store import Store
from relinbox.tui.screens.contact_form import ContactFormScreen
from relinbox.tui.screens.search import SearchScreen
from relinbox.tui.search import SearchIndex
from relinbox.tui.widgets.inbox_list import InboxList


def names(screen: SearchScreen) -> list[str]:
    return [hit.name for hit in screen.hits]


async def test_search_is_fuzzy_and_accent_blind(make, ready, wait_for):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: screen.full)
        await pilot.press(*"chloe")
        assert names(screen)[0] == "Chloé Laurent"
        await pilot.press(*["backspace"] * 5, *"lrnt")  # letters in order
        assert "Chloé Laurent" in names(screen)
        await pilot.press(*["backspace"] * 4, *"robotics")  # the organisation
        assert names(screen) == ["Yuki Mori"]
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.current_uid == "demo-30-yuki.mori"
        assert app.screen.query_one(InboxList).current.display_name == "Yuki Mori"


async def test_search_opens_a_contact_who_is_not_due(make, ready, wait_for):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"felix", "enter")
        await ready(pilot)
        screen = app.screen
        assert screen.current_uid == "demo-32-felix.wagner"
        assert screen.has_class("-contact")
        assert "Felix Wagner" in str(screen.query_one("#card-body").render())


async def test_search_ranks_name_prefix_then_words_then_anywhere():
    index = SearchIndex([
        ("1", "Anna Marsh", "", ""),
        ("2", "Mark Anders", "", ""),
        ("3", "Joanna Li", "", "anchor ltd"),
        ("4", "Zed Quinn", "", "zq@annex.example"),
    ])
    assert [h.name for h in index.find("an")] == [
        "Anna Marsh", "Mark Anders", "Joanna Li", "Zed Quinn"
    ]
    assert [h.name for h in index.find("ANNEX")] == ["Zed Quinn"]
    assert index.find("") == []
    assert [h.name for h in index.find("a]n")] == []  # regex characters are literal


async def test_add_a_contact(make, ready, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ContactFormScreen)
        await pilot.press(*"Ada Lovelace", "tab", *"Analytical Engines", "tab", *"Countess",
                          "tab", *"ada@example.org", "tab", "tab", *"vip", "tab", "left",
                          "tab", *"--12-10", "tab", *"Europe/London", "enter")
        await ready(pilot)
        screen = app.screen
        card = str(screen.query_one("#card-body").render())
        assert "Ada Lovelace" in card and "Countess · Analytical Engines" in card
        assert "local time 09:30" in card
    with Store.open(demo_path) as store:
        ada = next(c for c in store.contacts() if c.display_name == "Ada Lovelace")
    assert ada.tier.value == "A" and ada.birthday == "--12-10" and ada.tags == ["vip"]
    assert ada.org.title == "Countess" and ada.timezone == "Europe/London"


async def test_add_refuses_a_bad_birthday_in_the_form(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("a", *"Bob", *["tab"] * 7, *"31/12", "enter")
        assert isinstance(app.screen, ContactFormScreen)
        assert "birthday" in str(app.screen.query_one(".form-error").render())


async def test_edit_a_contact(make, ready, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await ready(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        title = form.query_one("#contact-title")
        assert title.value == "Head of Finance"
        title.value = "CFO"
        form.query_one("#contact-timezone").value = "Asia/Kolkata"
        await pilot.press("ctrl+s")
        await ready(pilot)
        card = str(app.screen.query_one("#card-body").render())
        assert "CFO · Shah Pharma" in card and "Asia/Kolkata" in card
    with Store.open(demo_path) as store:
        ravi = store.contact("demo-17-ravi.shah")
    assert ravi.org.title == "CFO" and ravi.timezone == "Asia/Kolkata"
    assert ravi.emails[0].label == "work"  # unchanged e-mails keep their labels
