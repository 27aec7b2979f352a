"""Safe YAML reading with positions: compose with the C loader, then build plain Python data
and a map path -> (line, column). Nothing is ever constructed from a tag: only the core
scalar types, mappings and sequences."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

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
    """Parse text into plain data with positions. Raises YamlSyntaxError for broken YAML."""
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
    except (yaml.YAMLError, ValueError, OverflowError):
        tree.issues.append(TreeIssue("E-YAML-VALUE", f"cannot read value {node.value!r}",
                                     node.start_mark.line + 1, node.start_mark.column + 1))
        return node.value


def _plain_key(node: yaml.Node, tree: YamlTree) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value  # keys are always text: an id `1` or `no` is the text "1" / "no"
    tree.issues.append(TreeIssue("E-YAML-KEY", "a key must be plain text",
                                 node.start_mark.line + 1, node.start_mark.column + 1))
    return repr(node.start_mark)


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
