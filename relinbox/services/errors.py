"""Errors every front end shows as one calm line, never as a traceback."""


class UserError(Exception):
    """A mistake the user can fix. The CLI prints it and exits with `status` (1 by default)."""

    def __init__(self, message: str, *, status: int = 1) -> None:
        super().__init__(message)
        self.status = status
