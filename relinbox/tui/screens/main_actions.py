"""The inbox keys that change something: done, snooze, log, follow-up, note, call, add, edit,
fix an entry, undo. A mixin of `MainScreen` (screens/main.py), which provides the inbox, the
current contact and `load_inbox` / `show_contact`; every store call runs in a worker
(`work.run_in_thread`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from relinbox.core.cadence import InboxItem
from relinbox.services.actions import ActionResult
from relinbox.tui import operations
from relinbox.tui.widgets.inbox_list import InboxList, key_of
from relinbox.tui.widgets.timeline import TimelinePane
from relinbox.tui.work import run_in_thread

if TYPE_CHECKING:
    from relinbox.tui.app import RelinboxApp


class InboxActions:
    """Actions on the contact the inbox cursor (or a search) points at."""

    if TYPE_CHECKING:  # provided by MainScreen
        rapp: RelinboxApp
        app: Any
        current_uid: str | None
        current_name: str
        acknowledged: set
        _advance_from: Any

        def query_one(self, *args: Any) -> Any: ...
        def notify(self, *args: Any, **kwargs: Any) -> None: ...
        def load_inbox(self, *args: Any, **kwargs: Any) -> None: ...
        def show_contact(self, uid: str | None) -> None: ...
        def add_class(self, *names: str) -> Any: ...
        def _row_of(self, inbox_list: InboxList, uid: str) -> int | None: ...

    def _target(self) -> tuple[str, str] | None:
        """(uid, name) of the contact the keys act on: the inbox row under the cursor (read
        directly, so keys typed ahead of the screen act on the right row), else a contact
        opened from search; None (with a hint) when there is none."""
        inbox_list = self.query_one(InboxList)
        current = inbox_list.current
        if isinstance(current, InboxItem):
            return current.uid, current.display_name
        if current is None and self.current_uid is not None:
            return self.current_uid, self.current_name or "this contact"
        hint = ("enter shows the items over capacity" if current is not None
                else "Nothing selected. / searches your contacts, a adds one.")
        self.notify(hint, severity="warning")
        return None

    def _act(self, job, uid: str, *, advance: bool) -> None:
        """Run `job` (→ ActionResult) on `uid` in a worker; then notify, reload, and move the
        cursor on to the next item (with `advance`)."""
        inbox_list = self.query_one(InboxList)
        current = inbox_list.current
        key = key_of(current) if isinstance(current, InboxItem) and current.uid == uid else None
        index = inbox_list.highlighted or 0

        def then(result: ActionResult) -> None:
            self.notify(result.message, timeout=4)
            if advance and key is not None:
                self._advance_from = (key, index)
                if key.kind == "date":
                    self.acknowledged.add(key)
            self.load_inbox()
            if self.current_uid is not None:
                self.show_contact(self.current_uid)

        run_in_thread(self, job, then, group="write")

    def action_done(self) -> None:
        target = self._target()
        if target is not None:
            data = self.rapp.data
            self._act(lambda: operations.done(data, target[0]), target[0], advance=True)

    def _ask_then_act(self, form, act, *, advance: bool = True) -> None:
        """Open `form(name, data)` for the targeted contact; when it is answered, run
        `act(data, uid, answer)` in a worker like every other action."""
        target = self._target()
        if target is None:
            return
        uid, name = target
        data = self.rapp.data

        def chosen(answer) -> None:
            if answer is not None:
                self._act(lambda: act(data, uid, answer), uid, advance=advance)

        self.app.push_screen(form(name, data), chosen)

    # Screens are imported when first used: the first frame does not wait for them.

    def action_snooze(self) -> None:
        from relinbox.tui.screens.forms import SnoozeScreen

        self._ask_then_act(
            lambda name, data: SnoozeScreen(name, data.today()), operations.snooze
        )

    def action_log(self) -> None:
        from relinbox.tui.screens.forms import LogScreen

        current = self.query_one(InboxList).current
        channel = current.suggested_channel if isinstance(current, InboxItem) else None
        self._ask_then_act(
            lambda name, data: LogScreen(name, data.today(), data.now(), data.clock.tz, channel),
            operations.log,
        )

    def action_follow_up(self) -> None:
        from relinbox.tui.screens.forms import FollowUpScreen

        self._ask_then_act(
            lambda name, data: FollowUpScreen(name, data.today()),
            lambda data, uid, answer: operations.follow_up(data, uid, *answer),
        )

    def action_note(self) -> None:
        from relinbox.tui.screens.note import NoteScreen

        self._ask_then_act(
            lambda name, data: NoteScreen(name),
            lambda data, uid, answer: operations.note(data, uid, *answer),
            advance=False,
        )

    def action_call(self) -> None:
        target = self._target()
        if target is not None:
            self.start_call(target[0])

    def start_call(self, uid: str, draft=None) -> None:
        from relinbox.tui.screens.call import CallScreen

        inbox_list = self.query_one(InboxList)
        current = inbox_list.current
        key = key_of(current) if isinstance(current, InboxItem) else None
        index = inbox_list.highlighted or 0

        def ended(result: ActionResult | None) -> None:
            if result is not None and key is not None and key.uid == uid:
                self._advance_from = (key, index)
            self.load_inbox()
            if self.current_uid is not None:
                self.show_contact(self.current_uid)

        self.app.push_screen(CallScreen(uid, draft=draft), ended)

    def action_search(self) -> None:
        from relinbox.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(), self.go_to)

    def go_to(self, uid: str | None) -> None:
        """Open a contact found by search (or just added), on its inbox row if it has one
        (escape goes back to the inbox)."""
        if uid is None:
            return
        inbox_list = self.query_one(InboxList)
        index = self._row_of(inbox_list, uid)
        inbox_list.highlighted = index  # None: not due today, shown without an inbox row
        self.show_contact(uid)
        self.add_class("-contact")
        self.query_one(TimelinePane).focus()

    def action_add(self) -> None:
        from relinbox.tui.screens.contact_form import ContactFormScreen

        data = self.rapp.data

        def chosen(fields) -> None:
            if fields is None:
                return

            def added(result: ActionResult) -> None:
                self.notify(result.message, timeout=4)
                uid = result.records[0].uid
                self.load_inbox(then=lambda: self.go_to(uid))

            run_in_thread(self, lambda: operations.add_contact(data, fields), added,
                          group="write")

        self.app.push_screen(ContactFormScreen(), chosen)

    def _load_then(self, load, show) -> None:
        """`load(data, uid)` for the targeted contact in a worker, then `show(uid, loaded)` on
        the UI thread; a contact removed meanwhile (None) is a notification."""
        target = self._target()
        if target is None:
            return
        uid = target[0]
        data = self.rapp.data

        def loaded(value) -> None:
            if value is None:
                self.notify("that contact has just been removed", severity="warning")
            else:
                show(uid, value)

        run_in_thread(self, lambda: load(data, uid), loaded, group="view")

    def action_edit(self) -> None:
        from relinbox.tui.screens.contact_form import ContactFormScreen

        data = self.rapp.data

        def show(uid: str, contact) -> None:
            def chosen(fields) -> None:
                if fields is not None:
                    self._act(lambda: operations.edit_contact(data, uid, fields), uid,
                              advance=False)

            self.app.push_screen(ContactFormScreen(contact), chosen)

        self._load_then(lambda data, uid: data.contact(uid), show)

    def action_fix_entry(self) -> None:
        from relinbox.tui.screens.entries import EntriesScreen

        data = self.rapp.data

        def show(uid: str, view) -> None:
            timeline = view.timeline
            if not (timeline.touches or timeline.notes or timeline.followups
                    or timeline.snoozes):
                self.notify(f"Nothing logged with {view.contact.display_name} yet.")
                return
            self.app.push_screen(EntriesScreen(view, data.clock.tz),
                                 lambda choice: self._fix(uid, choice))

        self._load_then(lambda data, uid: data.contact_view(uid), show)

    def _fix(self, uid: str, choice) -> None:
        """Remove the chosen entry, or ask (by search) which contact to move it to."""
        if choice is None:
            return
        data = self.rapp.data
        what, entry = choice
        if what == "remove":
            self._act(lambda: operations.remove_entry(data, entry), uid, advance=False)
            return
        from relinbox.tui.screens.search import SearchScreen

        def to(other: str | None) -> None:
            if other is not None:
                self._act(lambda: operations.move_entry(data, entry, other), uid, advance=False)

        self.app.push_screen(SearchScreen(verb="moves it there"), to)

    def action_undo(self) -> None:
        data = self.rapp.data

        def undone(message: str) -> None:
            self.notify(message, timeout=4)
            self.load_inbox()
            if self.current_uid is not None:
                self.show_contact(self.current_uid)

        run_in_thread(self, data.undo, undone, group="write")
