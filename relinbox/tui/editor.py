"""Hand a text to the user's $VISUAL / $EDITOR while the app is suspended; get it back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from relinbox.services.errors import UserError


def editor_command() -> list[str]:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UserError("set $EDITOR (or $VISUAL) to write notes in your editor")
    return shlex.split(editor)


def edit_text(app: App, text: str) -> str:
    """Open `text` in the editor; returns what was saved (the same text if it failed)."""
    command = editor_command()
    fd, name = tempfile.mkstemp(prefix="relinbox-note-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            with app.suspend():
                completed = subprocess.run([*command, str(path)], check=False)
        except SuspendNotSupported:
            raise UserError("this terminal cannot hand over to an editor") from None
        except OSError as error:
            raise UserError(f"cannot start {command[0]!r}: {error.strerror}") from None
        if completed.returncode != 0:
            raise UserError(f"{command[0]} exited with status {completed.returncode}; "
                            "the note is unchanged")
        return path.read_text(encoding="utf-8").rstrip("\n")
    finally:
        path.unlink(missing_ok=True)
