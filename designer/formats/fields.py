"""Typed reading of plain YAML data, collecting every problem with its position."""
from __future__ import annotations

import ast
import re
from typing import Any, Iterable, Optional

from designer.model import Problem
from designer.model.messages import Msg, Seq, term

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
        """An error with a finished (English-only) message; report() is the translatable way."""
        line, col = self.pos(path)
        self.problems.append(Problem("error", code, message, self.file, line, col, node))

    def report(self, path: tuple, msg: Msg, node: Optional[str] = None) -> None:
        """An error whose message is msg (see designer/model/messages)."""
        line, col = self.pos(path)
        self.problems.append(Problem.of("error", msg, self.file, line, col, node))

    @staticmethod
    def where(path: tuple) -> str:
        return str(Reader.where_msg(path))

    @staticmethod
    def where_msg(path: tuple) -> Any:
        """The path as written in messages ("flow.nodes.a.branches[0]"), or "the file"."""
        parts = []
        for p in path:
            parts.append(f"[{p}]" if isinstance(p, int) else ("." if parts else "") + str(p))
        return "".join(parts) or Msg("_where.file")

    # ---- shapes --------------------------------------------------------------------------
    def mapping(self, value: Any, path: tuple, allowed: Iterable[str] = (),
                required: Iterable[str] = (), node: Optional[str] = None,
                open_keys: bool = False) -> dict:
        """A mapping with known keys; unknown keys and missing required keys are errors."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.report(path, Msg("E-TYPE.mapping", where=self.where_msg(path),
                                  kind=_kind_msg(value)), node)
            return {}
        allowed = tuple(allowed)
        if not open_keys:
            for key in value:
                if key not in allowed:
                    hint = _suggest(key, allowed)
                    where = self.where_msg(path)
                    self.report(path + (key,), Msg("E-UNKNOWN-KEY.hint", key=key, where=where,
                                                   hint=hint) if hint else
                                Msg("E-UNKNOWN-KEY", key=key, where=where,
                                    allowed=Seq(allowed)), node)
        for key in required:
            if value.get(key) is None:
                self.report(path, Msg("E-MISSING-KEY", where=self.where_msg(path), key=key),
                            node)
        return value

    def sequence(self, value: Any, path: tuple, node: Optional[str] = None) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(path, Msg("E-TYPE.list", where=self.where_msg(path),
                                  kind=_kind_msg(value)), node)
            return []
        return value

    def text(self, value: Any, path: tuple, node: Optional[str] = None,
             default: Optional[str] = None) -> Optional[str]:
        if value.__class__ is str:
            return value
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report(path, Msg("E-TYPE.text", where=self.where_msg(path),
                                  kind=_kind_msg(value)), node)
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
            self.report(path, Msg("E-TYPE.integer", where=self.where_msg(path),
                                  kind=_kind_msg(value)), node)
            return default
        if value < minimum:
            self.report(path, Msg("E-RANGE", where=self.where_msg(path), minimum=minimum), node)
            return default
        return value

    def choice(self, value: Any, path: tuple, choices: tuple[str, ...],
               default: Optional[str] = None, node: Optional[str] = None) -> Optional[str]:
        t = self.text(value, path, node)
        if t is None:
            return default
        if t not in choices:
            self.report(path, Msg("E-VALUE.choice", where=self.where_msg(path),
                                  choices=Seq(choices), value=t), node)
            return default
        return t

    def ident(self, value: Any, path: tuple, what: str, node: Optional[str] = None) -> Optional[str]:
        t = self.text(value, path, node)
        if t is not None and not ID_RE.match(t):
            self.report(path, Msg("E-BAD-ID", what=term("_id", what), value=t), node)
        return t


_is_str = str.__instancecheck__  # isinstance(x, str) as a function for map()


def _kind(value: Any) -> str:
    return str(_kind_msg(value))


_KINDS = {dict: "mapping", list: "list", str: "text", bool: "bool", int: "number",
          float: "number"}


def _kind_msg(value: Any) -> Any:
    """What a value is, for "must be text, not a list"; a type name the catalogue lacks."""
    if value is None:
        return Msg("_kind.empty")
    kind = _KINDS.get(type(value))
    return Msg("_kind." + kind) if kind else type(value).__name__


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
        why = str(exc)
        msg = (Msg("E-YAML", detail=why[len(_INVALID):]) if why.startswith(_INVALID)
               else Msg("E-YAML.raw", detail=why))
        raise ScriptFileError([Problem.of("error", msg, file, exc.line, exc.column)],
                              unreadable=True) from None
    reader = Reader(file, tree.positions)
    reader.problems.extend(_tree_problem(issue, file) for issue in tree.issues)
    return tree.data, reader


_INVALID = "invalid YAML: "
# The tree's issues (formats/yaml_tree.py) come as finished English texts: their parameter is
# read back from that text, so that the catalogues can say them in every language (E-YAML-KEY,
# whose text does not hold the key, brings its parameters along: TreeIssue.args).
_ISSUES = {
    "E-DUPLICATE-KEY": (re.compile(r"duplicate key (.+): each key may appear once\Z", re.S),
                        "key"),
    "E-YAML-TAG": (re.compile(r"YAML tag (.+) is not allowed \(scripts hold plain data only\)\Z",
                              re.S), "tag"),
    "E-YAML-VALUE": (re.compile(r"cannot read value (.+)\Z", re.S), "value"),
}


def _tree_problem(issue, file: str) -> Problem:
    if issue.code == "E-YAML-KEY" and issue.args.get("kind") in ("list", "mapping"):
        # the tree's text is generic; the problem names the key as written and what it is
        msg = Msg("E-YAML-KEY", key=issue.args["key"], kind=Msg("_kind." + issue.args["kind"]))
        return Problem.of("error", msg, file, issue.line, issue.column)
    msg = None
    pattern = _ISSUES.get(issue.code)
    if pattern is not None:
        m = pattern[0].match(issue.message)
        if m is not None:
            if pattern[1] is None:
                msg = Msg(issue.code)
            else:
                try:
                    msg = Msg(issue.code, **{pattern[1]: ast.literal_eval(m.group(1))})
                except (ValueError, SyntaxError):
                    msg = None
    if msg is not None and msg.render("en") == issue.message:
        return Problem.of("error", msg, file, issue.line, issue.column)
    return Problem("error", issue.code, issue.message, file, issue.line, issue.column)
