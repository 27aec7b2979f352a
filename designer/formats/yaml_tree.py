"""Safe YAML reading with positions: plain Python data and a map path -> (line, column), built
from the C parser's events (or, for rare constructs, from the composed node tree). Nothing is ever constructed from a tag: only the core
scalar types, mappings and sequences."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
    SequenceStartEvent, StreamEndEvent,
)

from designer.gcpause import collector_paused

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
    # what the finished message leaves out, for the catalogue (designer/formats/fields.py):
    # E-YAML-KEY has the key as written ("key") and what it is ("kind": list or mapping)
    args: dict[str, str] = field(default_factory=dict)


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
    tree.data = _plain(root, (), tree, constructor, text)
    return tree


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _plain(node: yaml.Node, path: tuple, tree: YamlTree, constructor, text: str) -> Any:
    tree.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        tree.issues.append(TreeIssue(
            "E-YAML-TAG", f"YAML tag {node.tag!r} is not allowed (scripts hold plain data only)",
            node.start_mark.line + 1, node.start_mark.column + 1))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _plain_key(key_node, tree, text)
            if key is _NOT_TEXT:
                # reported; the entry is left out (a made-up key would only bring an unknown
                # key or a bad id after it), its value still read for the issues in it
                _plain(value_node, path + (key,), YamlTree(None, {}, tree.issues), constructor,
                       text)
                continue
            if key in result:
                tree.issues.append(TreeIssue(
                    "E-DUPLICATE-KEY", f"duplicate key {key!r}: each key may appear once",
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                continue
            kpath = path + (key,)
            tree.positions[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _plain(value_node, kpath, tree, constructor, text)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (i,), tree, constructor, text)
                for i, item in enumerate(node.value)]
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


_NOT_TEXT = object()  # _plain_key's answer for a key that is a list or a mapping
_KEY_SHOWN = 60  # characters of such a key quoted in its problem
# libyaml's marks count characters from after a leading byte order mark, the pure loader's
# from the start of the text
_MARKS_SKIP_BOM = _BaseLoader is not yaml.SafeLoader


def _plain_key(node: yaml.Node, tree: YamlTree, text: str) -> Any:
    """A key's text, or _NOT_TEXT (reported as E-YAML-KEY with the key as written)."""
    if isinstance(node, yaml.ScalarNode):
        return node.value  # keys are always text: an id `1` or `no` is the text "1" / "no"
    tree.issues.append(TreeIssue("E-YAML-KEY", "a key must be plain text",
                                 node.start_mark.line + 1, node.start_mark.column + 1,
                                 {"key": _written(node, text),
                                  "kind": "list" if isinstance(node, yaml.SequenceNode)
                                  else "mapping"}))
    return _NOT_TEXT


def _written(node: yaml.Node, text: str) -> str:
    """The node as the file writes it, on one line (a block key's lines joined), shortened."""
    if _MARKS_SKIP_BOM and text.startswith("\ufeff"):
        text = text[1:]
    written = " ".join(text[node.start_mark.index:node.end_mark.index].split())
    if len(written) > _KEY_SHOWN:
        written = written[:_KEY_SHOWN - 1].rstrip() + "…"
    return written


# ---- the event builder ---------------------------------------------------------------------
class _Unusual(Exception):
    """A construct the event builder leaves to the composed path."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVERS = _Loader.yaml_implicit_resolvers
assert not _Loader.yaml_path_resolvers and None not in _RESOLVERS  # resolve() relies on it
# the first characters that have an implicit resolver: a plain scalar starting with any other
# is a str without trying a regex. All are ASCII: `value < "\x80"` (empty or ASCII first
# character) turns Chinese text away without slicing out its first character.
_RESOLVED_FIRST = frozenset(k for k, v in _RESOLVERS.items() if v)
assert all(k < "\x80" for k in _RESOLVED_FIRST)
_NO_VALUE = object()


def _resolve_plain(value: str) -> str:
    """The tag of a plain scalar: BaseResolver.resolve for a ScalarNode, without path
    resolvers (there are none) and without the wildcard list (empty)."""
    for tag, regexp in _RESOLVERS.get(value[0] if value else "", ()):
        if regexp.match(value):
            return tag
    return _STR


class _EventBuilder:
    """Plain data, positions and issues from the parser's events, with the results of
    yaml.compose + _plain: the same resolution of plain scalars, the same constructors for
    non-text scalars, the same positions (a mapping value sits at its key) and issues in the
    same order. Nothing is constructed from a tag.

    One flat loop over get_event with an explicit stack (no generator step per event, no
    call per node): on a large script the Python work per event costs as much as libyaml
    making the event objects, so it is kept to the few lookups each event needs."""

    def __init__(self, text: str):
        self.text = text
        self.tree = YamlTree(None)
        self.constructor = yaml.constructor.SafeConstructor()
        self.scalars: dict[tuple[str, str], Any] = {}  # (tag, value) -> constructed value
        self.plain_tags: dict[str, str] = {}  # plain value -> its resolved tag (ids repeat)

    def run(self) -> YamlTree:
        loader = _Loader(self.text)
        try:
            self._document(loader.get_event)
        finally:
            loader.dispose()
        return self.tree

    def _document(self, get) -> None:
        get()  # stream start
        if get().__class__ is StreamEndEvent:
            return  # an empty file (else: the document start)
        root = _node_event(get())
        self.tree.positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
        self.tree.data = self._value(root, get)
        if root.__class__ is not ScalarEvent and self.tree.data is not None:
            self._fill(self.tree.data, get)
        get()  # document end
        if get().__class__ is not StreamEndEvent:
            raise _Unusual()  # several documents: the composer says what is wrong

    def _value(self, ev, get) -> Any:
        """The value of the node that starts with ev: a scalar's value, or a new empty
        collection whose events the caller reads (None, its events skipped, for a tag)."""
        cls = ev.__class__
        if cls is ScalarEvent:
            return self._scalar(ev)
        tag = ev.tag
        if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
            self._issue("E-YAML-TAG", f"YAML tag {tag!r} is not allowed (scripts hold plain "
                        "data only)", ev.start_mark)
            _skip(get)
            return None
        return {} if cls is MappingStartEvent else []

    def _fill(self, root: Any, get) -> None:
        """Read the events of the collection root down to its end. The collection being
        filled lives in locals, its parents on the stack. The common scalar (untagged, no
        anchor) is read inline: a call per event would cost as much as the rest of the loop."""
        positions, plain_tags = self.tree.positions, self.plain_tags
        stack: list = []
        container, path, is_map = root, (), root.__class__ is dict
        while True:
            ev = get()
            cls = ev.__class__
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                if not stack:
                    return
                container, path, is_map = stack.pop()
                continue
            if is_map:
                if cls is not ScalarEvent or ev.anchor is not None:
                    raise _Unusual()  # a key that is not text, or an anchor: the composer
                key, mark = ev.value, ev.start_mark
                ev = get()
                cls = ev.__class__
                if key in container:
                    self._duplicate(key, mark, ev, get)
                    continue
            else:
                key, mark = len(container), ev.start_mark
            here = path + (key,)
            positions[here] = (mark.line + 1, mark.column + 1)  # a mapping value sits at its key
            if cls is ScalarEvent and ev.tag is None and ev.anchor is None:
                value = ev.value
                if value < "\x80" and value[:1] in _RESOLVED_FIRST and ev.implicit[0]:
                    tag = plain_tags.get(value)
                    if tag is None:
                        tag = plain_tags[value] = _resolve_plain(value)
                    if tag != _STR:
                        value = self._typed(tag, value, ev)
            else:
                value = self._value(_node_event(ev), get)
            if is_map:
                container[key] = value
            else:
                container.append(value)
            if cls is not ScalarEvent and value is not None:  # a new collection: fill it
                stack.append((container, path, is_map))
                container, path, is_map = value, here, cls is MappingStartEvent

    def _duplicate(self, key: str, mark, value_event, get) -> None:
        """A key seen before in its mapping: reported, its value not read, as the composer's
        walk."""
        self._issue("E-DUPLICATE-KEY", f"duplicate key {key!r}: each key may appear once", mark)
        cls = _node_event(value_event).__class__
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            _skip(get)

    def _scalar(self, ev) -> Any:
        tag, value = ev.tag, ev.value
        if tag is None or tag == "!":
            tag = _resolve_plain(value) if ev.implicit[0] else _STR
        if tag == _STR:
            return value
        return self._typed(tag, value, ev)

    def _typed(self, tag: str, value: str, ev) -> Any:
        """A scalar that is not text: an int, float, bool or None, constructed as the
        SafeConstructor does (and cached: they are immutable); any other tag is an issue."""
        if tag not in _SCALAR_TAGS:
            self._issue("E-YAML-TAG", f"YAML tag {tag!r} is not allowed (scripts hold plain "
                        "data only)", ev.start_mark)
            return value
        known = self.scalars.get((tag, value), _NO_VALUE)
        if known is not _NO_VALUE:
            return known
        node = yaml.ScalarNode(tag, value, ev.start_mark, ev.end_mark, ev.style)
        try:
            result = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, KeyError):
            self._issue("E-YAML-VALUE", f"cannot read value {value!r}", ev.start_mark)
            return value
        self.scalars[(tag, value)] = result
        return result

    def _issue(self, code: str, message: str, mark) -> None:
        self.tree.issues.append(TreeIssue(code, message, mark.line + 1, mark.column + 1))


def _node_event(ev):
    """ev, unless it is an alias or carries an anchor: those go to the composed path."""
    if ev.__class__ is AliasEvent or getattr(ev, "anchor", None) is not None:
        raise _Unusual()
    return ev


def _skip(get) -> None:
    """The rest of a collection whose start was read: not walked, as by the composer's walk
    (an anchor or alias in it still sends the file to the composed path)."""
    depth = 1
    while depth:
        cls = _node_event(get()).__class__
        if cls is MappingStartEvent or cls is SequenceStartEvent:
            depth += 1
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            depth -= 1


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
    """data as YAML text: yaml.dump with _Dumper, the nodes made by _represent when data is
    only plain dicts, lists, text and numbers (PyYAML's representer is twice as slow). The
    cyclic GC waits meanwhile: the nodes are a container per value, none cyclic, all freed
    when the text is out, and the collections they trigger were a third of the save."""
    with collector_paused():
        return _dump(data)


def _dump(data: Any) -> str:
    stream = io.StringIO()
    dumper = _Dumper(stream, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1 << 30, indent=2)
    try:
        dumper.open()
        try:
            node = _represent(data, dumper, set())
        except _Unusual:
            dumper.represent(data)
        else:
            dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


_MAPPINGS = {dict: False, Flow: True}  # class -> flow_style, as represent_mapping gives it
_SEQUENCES = {list: False, FlowList: True}  # (default_flow_style=False for the plain ones)
_INT, _BOOL, _NULL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"


def _represent(data: Any, dumper: _Dumper, seen: set[int]) -> yaml.Node:
    """The node SafeRepresenter.represent_data gives for data, for the types a script is made
    of. Anything else, or a collection met twice (the representer would write an alias),
    raises _Unusual: the representer does the whole document."""
    cls = data.__class__
    if cls is str:
        return yaml.ScalarNode(_STR, data)
    if cls in _MAPPINGS or cls in _SEQUENCES:
        if id(data) in seen:
            raise _Unusual()
        seen.add(id(data))
        if cls in _MAPPINGS:
            pairs = [(_represent(k, dumper, seen), _represent(v, dumper, seen))
                     for k, v in data.items()]
            return yaml.MappingNode(_MAP, pairs, flow_style=_MAPPINGS[cls])
        return yaml.SequenceNode(_SEQ, [_represent(v, dumper, seen) for v in data],
                                 flow_style=_SEQUENCES[cls])
    if cls is int:
        return yaml.ScalarNode(_INT, str(data))
    if cls is bool:
        return yaml.ScalarNode(_BOOL, "true" if data else "false")
    if data is None:
        return yaml.ScalarNode(_NULL, "null")
    if cls is float:
        return dumper.represent_data(data)  # .nan, .inf, 1e17 -> 1.0e+17: the representer's
    raise _Unusual()
