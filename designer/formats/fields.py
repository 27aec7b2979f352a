"""Typed reading of plain YAML data, collecting every problem with its position."""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional

from designer.model import Problem

ID_RE = re.compile(r"^[^\W\d][\w\-]*$|^\d[\w\-]*$")  # letters (any script), digits, _ and -


class Reader:
    """Reads values out of plain data; every complaint becomes a Problem at the right line."""

    def __init__(self, file: str, positions: dict[tuple, tuple[int, int]]):
        self.file = file
        self.positions = positions
        self.problems: list[Problem] = []

    def pos(self, path: tuple) -> tuple[Optional[int], Optional[int]]:
        p = tuple(path)
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (None, None))

    def error(self, path: tuple, code: str, message: str, node: Optional[str] = None) -> None:
        line, col = self.pos(path)
        self.problems.append(Problem("error", code, message, self.file, line, col, node))

    @staticmethod
    def where(path: tuple) -> str:
        parts = []
        for p in path:
            parts.append(f"[{p}]" if isinstance(p, int) else ("." if parts else "") + str(p))
        return "".join(parts) or "the file"

    # ---- shapes --------------------------------------------------------------------------
    def mapping(self, value: Any, path: tuple, allowed: Iterable[str] = (),
                required: Iterable[str] = (), node: Optional[str] = None,
                open_keys: bool = False) -> dict:
        """A mapping with known keys; unknown keys and missing required keys are errors."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.error(path, "E-TYPE", f"{self.where(path)} must be a mapping (key: value), "
                       f"not {_kind(value)}", node)
            return {}
        allowed = tuple(allowed)
        if not open_keys:
            for key in value:
                if key not in allowed:
                    hint = _suggest(key, allowed)
                    self.error(path + (key,), "E-UNKNOWN-KEY",
                               f"unknown key {key!r} in {self.where(path)}"
                               + (f" (did you mean {hint!r}?)" if hint else
                                  f"; allowed: {', '.join(allowed)}"), node)
        for key in required:
            if value.get(key) is None:
                self.error(path, "E-MISSING-KEY", f"{self.where(path)} needs {key!r}", node)
        return value

    def sequence(self, value: Any, path: tuple, node: Optional[str] = None) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "E-TYPE", f"{self.where(path)} must be a list, not {_kind(value)}",
                       node)
            return []
        return value

    def text(self, value: Any, path: tuple, node: Optional[str] = None,
             default: Optional[str] = None) -> Optional[str]:
        if value.__class__ is str:
            return value
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, "E-TYPE", f"{self.where(path)} must be text, not {_kind(value)}", node)
            return default
        return value if isinstance(value, str) else str(value)

    def text_of(self, m: dict, key: str, path: tuple, node: Optional[str] = None,
                default: Optional[str] = None) -> Optional[str]:
        """text(m.get(key), path + (key,), ...): the path is only made for a complaint."""
        value = m.get(key)
        if value.__class__ is str:
            return value
        if value is None:
            return default
        return self.text(value, path + (key,), node, default)

    def texts(self, value: Any, path: tuple, node: Optional[str] = None) -> tuple[str, ...]:
        if value.__class__ is list and all(map(_is_str, value)):
            return tuple(value)  # the common keyword list: nothing to convert or report
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return (str(value),)
        out = []
        for i, item in enumerate(self.sequence(value, path, node)):
            t = self.text(item, path + (i,), node)
            if t is not None:
                out.append(t)
        return tuple(out)

    def integer(self, value: Any, path: tuple, default: Optional[int] = None,
                minimum: int = 0, node: Optional[str] = None) -> Optional[int]:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, "E-TYPE", f"{self.where(path)} must be a whole number, not "
                       f"{_kind(value)}", node)
            return default
        if value < minimum:
            self.error(path, "E-RANGE", f"{self.where(path)} must be at least {minimum}", node)
            return default
        return value

    def choice(self, value: Any, path: tuple, choices: tuple[str, ...],
               default: Optional[str] = None, node: Optional[str] = None) -> Optional[str]:
        t = self.text(value, path, node)
        if t is None:
            return default
        if t not in choices:
            self.error(path, "E-VALUE", f"{self.where(path)} must be one of "
                       f"{', '.join(choices)}, not {t!r}", node)
            return default
        return t

    def ident(self, value: Any, path: tuple, what: str, node: Optional[str] = None) -> Optional[str]:
        t = self.text(value, path, node)
        if t is not None and not ID_RE.match(t):
            self.error(path, "E-BAD-ID", f"{what} id {t!r} may use letters, digits, '_' and "
                       f"'-' only (it names audio files)", node)
        return t


_is_str = str.__instancecheck__  # isinstance(x, str) as a function for map()


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _suggest(key: str, allowed: tuple[str, ...]) -> Optional[str]:
    import difflib

    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.7)
    return close[0] if close else None


def read_yaml(text: str, file: str):
    """Parse YAML text into (data, Reader): the reader holds the positions and already lists
    the tree's own problems (duplicate keys, tags). Raises an unreadable ScriptFileError for
    text that is not YAML at all."""
    from designer.formats.yaml_tree import YamlSyntaxError, parse_yaml
    from designer.model import ScriptFileError

    try:
        tree = parse_yaml(text)
    except YamlSyntaxError as exc:
        raise ScriptFileError([Problem("error", "E-YAML", str(exc), file, exc.line, exc.column)],
                              unreadable=True) from None
    reader = Reader(file, tree.positions)
    reader.problems.extend(Problem("error", issue.code, issue.message, file, issue.line,
                                   issue.column) for issue in tree.issues)
    return tree.data, reader
