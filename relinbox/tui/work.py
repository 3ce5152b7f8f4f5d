"""Running store work off the UI thread, with errors shown as notifications.

    run_in_thread(screen, lambda: operations.done(data, uid), then=screen.after_action)

`then` runs on the UI thread with the result. Errors the user can act on (`UserError`,
`StoreError`, `WhenError`, `ConfigError`, a file the system refuses) become one notification;
anything else is a bug and is left to Textual's error screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from relinbox.core.config import ConfigError
from relinbox.core.models import RecordError
from relinbox.core.store import StoreError
from relinbox.core.when import WhenError
from relinbox.services.errors import UserError

T = TypeVar("T")

EXPECTED = (UserError, StoreError, WhenError, ConfigError, RecordError, OSError)


def message_of(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror}"
    return str(error)


def run_in_thread(
    node: DOMNode,
    job: Callable[[], T],
    then: Callable[[T], Any] | None = None,
    *,
    group: str = "store",
    exclusive: bool = False,
    on_error: Callable[[BaseException], Any] | None = None,
) -> Worker[None]:
    app = node.app

    def body() -> None:
        try:
            result = job()
        except EXPECTED as error:
            app.call_from_thread(app.notify, message_of(error), severity="error", timeout=6)
            if on_error is not None:
                app.call_from_thread(on_error, error)
            return
        if then is not None:
            app.call_from_thread(then, result)

    return node.run_worker(body, thread=True, group=group, exclusive=exclusive,
                           exit_on_error=True)
