"""parse_yaml built from libyaml's events gives exactly what yaml.compose + the old walk gave:
the same data (types included), the same positions in the same order, the same issues, the
same errors. The old implementation is kept here, verbatim, as the reference."""
from __future__ import annotations

import math
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import dump_generated, generate_script
from designer.formats import yaml_tree
from designer.formats.yaml_tree import TreeIssue, YamlSyntaxError, YamlTree, _Loader

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# ---- the reference: parse_yaml as it was before the event builder ----------------------------
def old_parse_yaml(text: str) -> YamlTree:
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
    tree.data = _old_plain(root, (), tree, constructor)
    return tree


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _old_plain(node: yaml.Node, path: tuple, tree: YamlTree, constructor) -> Any:
    tree.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
        tree.issues.append(TreeIssue(
            "E-YAML-TAG", f"YAML tag {node.tag!r} is not allowed (scripts hold plain data only)",
            node.start_mark.line + 1, node.start_mark.column + 1))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _old_plain_key(key_node, tree)
            if key in result:
                tree.issues.append(TreeIssue(
                    "E-DUPLICATE-KEY", f"duplicate key {key!r}: each key may appear once",
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                continue
            kpath = path + (key,)
            tree.positions[kpath] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _old_plain(value_node, kpath, tree, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_old_plain(item, path + (i,), tree, constructor)
                for i, item in enumerate(node.value)]
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


def _old_plain_key(node: yaml.Node, tree: YamlTree) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    tree.issues.append(TreeIssue("E-YAML-KEY", "a key must be plain text",
                                 node.start_mark.line + 1, node.start_mark.column + 1))
    return repr(node.start_mark)


# ---- comparing ---------------------------------------------------------------------------------
def typed(x: Any) -> Any:
    """x with the type of every value spelt out (1, 1.0 and True are == in Python)."""
    if isinstance(x, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [typed(v) for v in x])
    if isinstance(x, float) and math.isnan(x):
        return ("float", "nan")
    return (type(x).__name__, x)


def outcome(parse, text: str) -> Any:
    try:
        tree = parse(text)
    except YamlSyntaxError as exc:
        return ("error", str(exc), exc.line, exc.column)
    return (typed(tree.data), [(typed(k), v) for k, v in tree.positions.items()],
            [(i.code, i.message, i.line, i.column) for i in tree.issues])


def same(text: str) -> None:
    try:
        old = outcome(old_parse_yaml, text)
    except KeyError:
        # the reference crashed on a !!bool that is neither true nor false (the bool
        # constructor's KeyError): the reader now reports it as a value it cannot read
        new = outcome(yaml_tree.parse_yaml, text)
        assert any(i[0] == "E-YAML-VALUE" for i in new[2])
        return
    new = outcome(yaml_tree.parse_yaml, text)
    if old[0] != "error" and old[2] and any(i[0] == "E-YAML-KEY" for i in old[2]):
        # a key that is not text becomes repr(its mark), an object's address, never the same
        # twice: compare the issues
        assert new[2] == old[2]
        return
    assert new == old


# ---- generated YAML ------------------------------------------------------------------------------
TOKENS = [
    "a", "no", "yes", "on", "off", "No", "true", "False", "TRUE", "~", "null", "Null", "", "0",
    "12", "-3", "1_000", "0x1F", "0o17", "0b101", "017", "1:30", "190:20:30", "1.5", "1e3",
    "6.8523015e+5", ".inf", "-.Inf", ".NaN", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
    "'quoted'", '"dq \\u4e2d"', "\"1\"", "'no'", "!!str 1", "!!int x", "!!int 0x1F",
    "!!float 1", "!!float nan?", "!!bool true", "!!null ''", "!!binary aGk=",
    "!!python/object:os.system x", "!foo bar", "! 12", "!!timestamp 2001-01-01",
    "宽带套餐", "多少钱?", "re:(a|b)", "a&b", "{name}", "\"a: b\"", "x # comment", "[]", "{}",
    "[1, no, '2']", "{a: 1, b: yes}", "!!set {a, b}", "!!omap [a: 1]", "!!map {a: 1}",
    "!!seq [1]", "&x 1", "*x", "&y [1, 2]", "*undefined", "[a, [b, {c: d}]]", "{a: {b: [1]}}",
    ": bad", "[unclosed", "'open", "- in flow", "a: b: c", "\t", "%", "@x", "`x",
]
KEYS = ["a", "b", "no", "1", "'1'", "\"a\"", "宽带", "!!int 2", "? [x]", "y", "a", "&k k", "*k",
        "{a: 1}", "[a]", "key with space", "true", "~", "", "-"]

leaf = st.sampled_from(TOKENS)


def _tagged(kind: str, tag: str) -> str:
    return f"{kind}" if not tag else tag


collections = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.tuples(st.just("map"), st.sampled_from(["", "", "", "!!map", "!!set", "!!omap",
                                                   "!foo", "!"]),
                  st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4)),
        st.tuples(st.just("seq"), st.sampled_from(["", "", "", "!!seq", "!!pairs", "!bar"]),
                  st.lists(inner, max_size=4)),
    ),
    max_leaves=25,
)


def emit(node: Any, indent: int) -> tuple[str, list[str]]:
    """(inline text, block lines): a scalar is inline, a collection a block (or {} / [])."""
    if isinstance(node, str):
        return node, []
    kind, tag, items = node
    pad = " " * indent
    if not items:
        return (tag + " " if tag else "") + ("{}" if kind == "map" else "[]"), []
    lines = []
    for item in items:
        key, value = item if kind == "map" else ("-", item)
        head = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        inline, block = emit(value, indent + 2)
        if block:
            lines.append(head + (" " + value[1] if value[1] else ""))
            lines.extend(block)
        else:
            lines.append(head + " " + inline if inline else head)
    return "", lines


documents = st.tuples(collections, st.sampled_from(["", "", "---\n", "%YAML 1.1\n---\n"]),
                      st.sampled_from(["", "", "", "\n---\nb: 1\n", "\n...\n", "\n--- [x\n"]))


def render(doc) -> str:
    node, head, tail = doc
    inline, block = emit(node, 0)
    return head + (inline if not block else "\n".join(block)) + tail


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_generated_yaml_gives_the_same_tree(doc):
    same(render(doc))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1-:#&*!|>'\"{}[],?%@\n \t中~.", max_size=40))
def test_any_text_gives_the_same_tree_or_error(text):
    same(text)


def test_every_yaml_file_of_the_repository_gives_the_same_tree():
    seen = 0
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
        for name in files:
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), encoding="utf-8-sig") as fh:
                    same(fh.read())
                seen += 1
    assert seen >= 5


def test_generated_bench_scripts_give_the_same_tree():
    for size, language in ((60, "zh"), (40, "en")):
        same(dump_generated(generate_script(size, 1, language)))


def test_hand_written_cases():
    for text in ("", "# only a comment\n", "a: 1\na: 2\nb: !!set {x}\n", "a: &x 1\nb: *x\n",
                 "? [a]\n: 1\n", "--- 1\n--- 2\n", "a: !!bool maybe?\n".replace("maybe?", "yes"),
                 "x: [1, !!int zz, !!float 1e999, .nan]\n", "a:\n  b: 1\n  b:\n    - !!set {}\n",
                 "- a\n- !!omap [x: 1]\n- {a: !foo 1}\n", "k: 'no'\nj: no\nl: Yes\n"):
        same(text)


def test_a_bool_tag_on_other_text_is_a_value_issue_not_a_crash():
    """The bool constructor raises KeyError for `!!bool maybe`; both paths report it."""
    for text in ("a: !!bool maybe\n", "a: !!bool maybe\nb: &x 1\n"):  # builder, composed
        tree = yaml_tree.parse_yaml(text)
        assert tree.data == {"a": "maybe", **({"b": 1} if "&x" in text else {})}
        assert [(i.code, i.message, i.line, i.column) for i in tree.issues] == [
            ("E-YAML-VALUE", "cannot read value 'maybe'", 1, 4)]
