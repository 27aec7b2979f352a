"""A problem found in a file or a script: the common currency of loading, validation and lint.

A problem made by the checks also carries its message as a catalogue id and parameters (`msg`,
see designer/model/messages): `message` is its English rendering, made once, and
`localized("zh_CN")` renders it in Chinese."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from designer.model.messages import Msg

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning | info
    code: str  # stable, e.g. E-UNKNOWN-KEY, W-UNREACHABLE, C-AI-DISCLOSURE
    message: str  # in English, always (the JSON `message`; other tools read it)
    file: str = ""
    line: Optional[int] = None
    column: Optional[int] = None
    node: Optional[str] = None
    # the message as catalogue id + parameters; None for a problem made from a finished text
    msg: Optional[Msg] = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, severity: str, msg: Msg, file: str = "", line: Optional[int] = None,
           column: Optional[int] = None, node: Optional[str] = None,
           code: Optional[str] = None) -> "Problem":
        """The problem whose message is msg (its code is msg's, unless given)."""
        return cls(severity, code or msg.code, msg.render("en"), file, line, column, node, msg)

    @property
    def args(self) -> dict[str, Any]:
        """The parameters of the message (node ids, keywords, counts...); {} without msg."""
        return dict(self.msg.args) if self.msg is not None else {}

    def localized(self, lang: str = "en") -> str:
        """The message in a language of designer.model.messages.LANGUAGES ("en", "zh_CN");
        the English message when there is no catalogue text for it."""
        if lang == "en" or self.msg is None:
            return self.message
        try:
            return self.msg.render(lang)
        except (KeyError, IndexError, ValueError, AttributeError):  # a broken catalogue entry
            return self.message

    def format(self, lang: str = "en") -> str:
        """FILE:LINE:COL: severity CODE message (the command line's text form); only the
        message is translated, the severity word and the code stay as they are."""
        where = self.file or "<script>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity} {self.code} {self.localized(lang)}"

    def to_json(self, lang: str = "en") -> dict:
        """The JSON object of `--format json`. `message` is English whatever the language;
        for lang zh_CN a `message_zh` (docs/FORMAT.md) is added."""
        out = {"severity": self.severity, "code": self.code, "message": self.message,
               "file": self.file, "line": self.line, "node": self.node}
        if lang == "zh_CN":
            out["message_zh"] = self.localized(lang)
        return out


@dataclass
class ProblemReport:
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def to_json(self, lang: str = "en") -> dict:
        return {"problems": [p.to_json(lang) for p in self.problems],
                "errors": self.errors, "warnings": self.warnings}


class ScriptFileError(Exception):
    """A file could not be read as a script (or test-case file, or package).

    `unreadable` is True when the file could not even be parsed (missing, not UTF-8, not YAML):
    the command line exits 2 then, and 1 for problems inside a readable file."""

    def __init__(self, problems: list[Problem], unreadable: bool = False):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
        self.unreadable = unreadable
        super().__init__("\n".join(p.format() for p in problems))
