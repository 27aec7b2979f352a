"""Safe YAML reading with positions: plain Python data and a map path -> (line, column), built
from the C parser's events (or, for rare constructs, from the composed node tree). Nothing is ever constructed from a tag: only the core
scalar types, mappings and sequences."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
    SequenceStartEvent, StreamEndEvent,
)

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # libyaml missing: the pure loader is slower but just as safe
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """YAML 1.1 reads `yes`, `no`, `on` and `off` as booleans: a keyword list with `no` in it
    would silently become False. Only true/false are booleans here."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in _BaseLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}


@dataclass
class TreeIssue:
    code: str
    message: str
    line: int
    column: int


@dataclass
class YamlTree:
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    issues: list[TreeIssue] = field(default_factory=list)


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None):
        super().__init__(message)
        self.line = line
        self.column = column


def parse_yaml(text: str) -> YamlTree:
    """Parse text into plain data with positions. Raises YamlSyntaxError for broken YAML.

    The common file is built straight from libyaml's events (_EventBuilder); broken YAML and
    the rare constructs the builder leaves to the composer (anchors, aliases, a key that is
    not a scalar, several documents) take the composed path, which gives the same result
    for every file and the error messages of the composer."""
    try:
        return _EventBuilder(text).run()
    except (yaml.YAMLError, _Unusual):
        return _parse_composed(text)


def _parse_composed(text: str) -> YamlTree:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        raise YamlSyntaxError(f"invalid YAML: {msg}", mark.line + 1 if mark else None,
                              mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None, None) from None
    tree = YamlTree(None)
    if root is None:
        return tree
    constructor = yaml.constructor.SafeConstructor()
    tree.data = _plain(root, (), tree, constructor)
    return tree


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _plain(node: yaml.Node, path: tuple, tree: YamlTree, constructor) -> Any:
    tree.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        tree.issues.append(TreeIssue(
            "E-YAML-TAG", f"YAML tag {node.tag!r} is not allowed (scripts hold plain data only)",
            node.start_mark.line + 1, node.start_mark.column + 1))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _plain_key(key_node, tree)
            if key in result:
                tree.issues.append(TreeIssue(
                    "E-DUPLICATE-KEY", f"duplicate key {key!r}: each key may appear once",
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                continue
            kpath = path + (key,)
            tree.positions[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _plain(value_node, kpath, tree, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (i,), tree, constructor) for i, item in enumerate(node.value)]
    if node.tag not in _SCALAR_TAGS:
        tree.issues.append(TreeIssue(
            "E-YAML-TAG", f"YAML tag {node.tag!r} is not allowed (scripts hold plain data only)",
            node.start_mark.line + 1, node.start_mark.column + 1))
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError, KeyError):
        tree.issues.append(TreeIssue("E-YAML-VALUE", f"cannot read value {node.value!r}",
                                     node.start_mark.line + 1, node.start_mark.column + 1))
        return node.value


def _plain_key(node: yaml.Node, tree: YamlTree) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value  # keys are always text: an id `1` or `no` is the text "1" / "no"
    tree.issues.append(TreeIssue("E-YAML-KEY", "a key must be plain text",
                                 node.start_mark.line + 1, node.start_mark.column + 1))
    return repr(node.start_mark)


# ---- the event builder ---------------------------------------------------------------------
class _Unusual(Exception):
    """A construct the event builder leaves to the composed path."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVERS = _Loader.yaml_implicit_resolvers
assert not _Loader.yaml_path_resolvers and None not in _RESOLVERS  # resolve() relies on it
_NO_KEY = object()


def _resolve_plain(value: str) -> str:
    """The tag of a plain scalar: BaseResolver.resolve for a ScalarNode, without path
    resolvers (there are none) and without the wildcard list (empty)."""
    for tag, regexp in _RESOLVERS.get(value[0] if value else "", ()):
        if regexp.match(value):
            return tag
    return _STR


class _Frame:
    __slots__ = ("value", "path", "key", "skip_next")

    def __init__(self, value: Any, path: tuple):
        self.value = value
        self.path = path
        self.key: Any = _NO_KEY  # a mapping's key waiting for its value
        self.skip_next = False  # the value of a duplicate key: not read, as the composer's walk


class _EventBuilder:
    """Plain data, positions and issues from the parser's events, with the results of
    yaml.compose + _plain: the same resolution of plain scalars, the same constructors for
    non-text scalars, the same positions (a mapping value sits at its key) and issues in the
    same order. Nothing is constructed from a tag."""

    def __init__(self, text: str):
        self.text = text
        self.tree = YamlTree(None)
        self.stack: list[_Frame] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.scalars: dict[tuple[str, str], Any] = {}  # (tag, value) -> constructed value

    def run(self) -> YamlTree:
        loader = _Loader(self.text)
        try:
            events = self._events(loader)
            self._document(events)
        finally:
            loader.dispose()
        return self.tree

    @staticmethod
    def _events(loader):
        get = loader.get_event
        while True:
            ev = get()
            if ev.__class__ is AliasEvent or getattr(ev, "anchor", None) is not None:
                raise _Unusual()
            yield ev
            if ev.__class__ is StreamEndEvent:
                return

    def _document(self, events) -> None:
        next(events)  # stream start
        ev = next(events)
        if ev.__class__ is StreamEndEvent:
            return  # an empty file
        self.tree.data = self._node(next(events), events, ())  # the root
        next(events)  # document end
        if next(events).__class__ is not StreamEndEvent:
            raise _Unusual()  # several documents: the composer says what is wrong

    def _node(self, ev, events, path: tuple) -> Any:
        """The value of the node that starts with ev, all of its events read."""
        mark = ev.start_mark
        self.tree.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        cls = ev.__class__
        if cls is ScalarEvent:
            return self._scalar(ev)
        tag = ev.tag
        if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
            self._issue("E-YAML-TAG", f"YAML tag {tag!r} is not allowed (scripts hold plain "
                        "data only)", mark)
            _skip(events)
            return None
        if cls is MappingStartEvent:
            return self._mapping(events, path)
        result: list = []
        for ev in events:
            if ev.__class__ is SequenceEndEvent:
                return result
            result.append(self._node(ev, events, path + (len(result),)))

    def _mapping(self, events, path: tuple) -> dict:
        result: dict = {}
        positions = self.tree.positions
        for ev in events:
            if ev.__class__ is MappingEndEvent:
                return result
            if ev.__class__ is not ScalarEvent:
                raise _Unusual()  # a key that is not text: the composer's walk reports it
            key, mark = ev.value, ev.start_mark
            value = next(events)
            if key in result:
                self._issue("E-DUPLICATE-KEY", f"duplicate key {key!r}: each key may appear "
                            "once", mark)
                if value.__class__ is MappingStartEvent or value.__class__ is SequenceStartEvent:
                    _skip(events)
                continue
            kpath = path + (key,)
            positions[kpath] = (mark.line + 1, mark.column + 1)
            result[key] = self._node(value, events, kpath)

    def _scalar(self, ev) -> Any:
        tag, value = ev.tag, ev.value
        if tag is None or tag == "!":
            tag = _resolve_plain(value) if ev.implicit[0] else _STR
        if tag == _STR:
            return value
        if tag not in _SCALAR_TAGS:
            self._issue("E-YAML-TAG", f"YAML tag {tag!r} is not allowed (scripts hold plain "
                        "data only)", ev.start_mark)
            return value
        known = self.scalars.get((tag, value), _NO_KEY)
        if known is not _NO_KEY:
            return known
        node = yaml.ScalarNode(tag, value, ev.start_mark, ev.end_mark, ev.style)
        try:
            result = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError):
            self._issue("E-YAML-VALUE", f"cannot read value {value!r}", ev.start_mark)
            return value
        self.scalars[(tag, value)] = result  # ints, floats, booleans, None: immutable
        return result

    def _issue(self, code: str, message: str, mark) -> None:
        self.tree.issues.append(TreeIssue(code, message, mark.line + 1, mark.column + 1))


def _skip(events) -> None:
    """The rest of a collection whose start was read: not walked, as by the composer's walk."""
    depth = 1
    for ev in events:
        cls = ev.__class__
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            depth += 1
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            depth -= 1
            if depth == 0:
                return


# ---- writing ------------------------------------------------------------------------------
try:
    _BaseDumper = yaml.CSafeDumper
except AttributeError:
    _BaseDumper = yaml.SafeDumper


class Flow(dict):
    """A mapping written on one line: {a: 1, b: 2}."""


class FlowList(list):
    """A list written on one line: [a, b]."""


class _Dumper(_BaseDumper):
    pass


_Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
_Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1 << 30, indent=2)
