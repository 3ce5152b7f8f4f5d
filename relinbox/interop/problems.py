"""What an importer reports instead of raising: a problem names the file, line and severity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR = "error"  # a record or a whole input could not be read
WARNING = "warning"  # read, but something was guessed, repaired or left out
NOTICE = "notice"  # worth knowing, nothing lost
SEVERITIES = (ERROR, WARNING, NOTICE)


@dataclass(slots=True, frozen=True)
class Problem:
    file: str
    line: int  # 1-based physical line; 1 for problems about the whole file
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"

    def to_doc(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
        }


class Problems(list[Problem]):
    """The problems of one input file; `add` keeps every line number at 1 or more."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file

    def add(self, line: int, severity: str, message: str) -> None:
        self.append(Problem(self.file, max(1, line), severity, message))

    def error(self, line: int, message: str) -> None:
        self.add(line, ERROR, message)

    def warning(self, line: int, message: str) -> None:
        self.add(line, WARNING, message)

    def notice(self, line: int, message: str) -> None:
        self.add(line, NOTICE, message)
