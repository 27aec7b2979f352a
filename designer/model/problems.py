"""A problem found in a file or a script: the common currency of loading, validation and lint."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning | info
    code: str  # stable, e.g. E-UNKNOWN-KEY, W-UNREACHABLE, C-AI-DISCLOSURE
    message: str
    file: str = ""
    line: Optional[int] = None
    column: Optional[int] = None
    node: Optional[str] = None

    def format(self) -> str:
        """FILE:LINE:COL: severity CODE message (the command line's text form)."""
        where = self.file or "<script>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity} {self.code} {self.message}"

    def to_json(self) -> dict:
        return {"severity": self.severity, "code": self.code, "message": self.message,
                "file": self.file, "line": self.line, "node": self.node}


@dataclass
class ProblemReport:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def to_json(self) -> dict:
        return {"problems": [p.to_json() for p in self.problems],
                "errors": self.errors, "warnings": self.warnings}


class ScriptFileError(Exception):
    """A file could not be read as a script (or test-case file, or package).

    `unreadable` is True when the file could not even be parsed (missing, not UTF-8, not YAML):
    the command line exits 2 then, and 1 for problems inside a readable file."""

    def __init__(self, problems: list[Problem], unreadable: bool = False):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
        self.unreadable = unreadable
        super().__init__("\n".join(p.format() for p in problems))
