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


# ---- more shapes: flow style, decorations, realistic files edited at random ------------------
MORE_TOKENS = TOKENS + [
    "=", "<<", "0.", "+1", "-0", "1_0.5", "0x_1", "190:20:30.15", "-.5", "+.inf", "1e", "~x",
    "nul", "Nullx", "t", "f", "truex", "'true'", '"~"', "!!str", "!", "! a", "!!null", "!!bool",
    "!!str ~", "!!int '1'", "!!float '.5'", '"\\x41"', "'it''s'", "a b  c", "x:y", "-x", "?x",
    "宽带 # 注释", "é", "\u00a0x", "|\n  block\n", ">-\n  folded\n  text\n",
]
# mostly what the event builder reads itself (a third of the keys repeat: duplicates); a few
# that send the file to the composed path or fail
FLOW_KEYS = ["a", "b", "a", "b", "no", "1", "'1'", "!!int 2", "宽带", '"a"', "~", "true", "",
             "a", "[x]", "{k: v}", "&k k", "*k", "? q"]
UNUSUAL = {"&x 1", "*x", "&y [1, 2]", "*undefined", ": bad", "[unclosed", "'open", "- in flow",
           "a: b: c", "\t", "%", "@x", "`x"}

USUAL = [t for t in MORE_TOKENS if "\n" not in t and "#" not in t and t not in UNUSUAL]
flow_leaf = st.sampled_from(USUAL * 20 + sorted(UNUSUAL))

flow_trees = st.recursive(
    flow_leaf,
    lambda inner: st.one_of(
        st.tuples(st.just("map"), st.sampled_from(["", "", "!!map ", "!!omap ", "! ", "!x "]),
                  st.lists(st.tuples(st.sampled_from(FLOW_KEYS), inner), max_size=4)),
        st.tuples(st.just("seq"), st.sampled_from(["", "", "!!seq ", "!!set ", "!y "]),
                  st.lists(inner, max_size=4)),
    ),
    max_leaves=20,
)


def emit_flow(node: Any) -> str:
    if isinstance(node, str):
        return node
    kind, tag, items = node
    if kind == "map":
        return tag + "{" + ", ".join(f"{k}: {emit_flow(v)}" for k, v in items) + "}"
    return tag + "[" + ", ".join(emit_flow(v) for v in items) + "]"


def emit_mixed(node: Any, indent: int) -> list[str]:
    """Block mappings and sequences whose leaves may be flow collections."""
    pad = " " * indent
    if isinstance(node, str) or node[1] or not node[2]:
        return [pad + emit_flow(node)]
    kind, _, items = node
    lines = []
    for item in items:
        key, value = item if kind == "map" else ("-", item)
        head = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        if isinstance(value, tuple) and value[2] and not value[1]:
            lines.append(head)
            lines.extend(emit_mixed(value, indent + 2))
        else:
            lines.append(f"{head} {emit_flow(value)}")
    return lines


decorations = st.tuples(
    st.sampled_from(["", "", "\ufeff", "# head\n", "---\n", "--- # c\n", "\n\n"]),
    st.sampled_from(["", "", "\n", "\n# tail\n", "\n...\n", "\n--- !!str x\n", "  # c"]),
    st.lists(st.integers(min_value=0, max_value=30), max_size=3),  # comment lines inserted
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow_trees, st.booleans(), decorations)
def test_flow_and_mixed_styles_give_the_same_tree(node, flow, deco):
    head, tail, comments = deco
    lines = [emit_flow(node)] if flow else emit_mixed(node, 0)
    for at in comments:
        lines.insert(min(at, len(lines)), "# a comment")
    same(head + "\n".join(lines) + tail)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["", "\ufeff", "# only a comment\n", "---\n", "--- \n...\n", "...\n",
                        "\n\n\n", "---\n---\n", "--- ~\n", "--- |\n  x\n", "\ufeff---\na: 1\n",
                        "%YAML 1.1\n--- a\n", "%TAG !e! tag:e,2000:\n--- !e!x 1\n"]),
       st.sampled_from(["", "\n", "# c\n", "a: 1\n", "- 1\n"]))
def test_empty_and_decorated_documents_give_the_same_tree(head, body):
    same(head + body)


BENCH_TEXT = dump_generated(generate_script(30, 7, "zh"))
EDITS = ["{line}", "{line}", "{line}", "", "# comment", "{line} # comment", "{line}  # c",
         "{pad}dup: 1", "{pad}say: !!python/name:x y", "{pad}position: [1, !!float x]",
         "{pad}position: [yes, no, ~]", "{pad}say: !!bool x", "{pad}n: 0o17", "{pad}m: .NaN",
         "{pad}k: [a, [b, {{c: d}}], {{}}]", "{pad}e:", "{pad}'1': !!int '2'", "{pad}1: x",
         "{pad}? [k]\n{pad}: v", "{pad}anchor: &a 1", "{pad}alias: *a"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=10_000), st.sampled_from(EDITS)),
                max_size=4))
def test_a_real_script_edited_at_random_gives_the_same_tree(edits):
    """Realistic files with the lines a hand edit or a merge leaves: a line doubled (duplicate
    keys), removed, commented, or a line with a tag, an anchor, a non-text key beside it."""
    lines = BENCH_TEXT.splitlines()
    for at, edit in edits:
        i = at % len(lines)
        line = lines[i]
        pad = line[:len(line) - len(line.lstrip(" -"))].replace("-", " ")
        lines.insert(i, edit.format(line=line, pad=pad))
    same("\n".join(lines) + "\n")


def test_deep_nesting_is_read_without_recursion():
    """The builder keeps its own stack: depth is bounded by memory, not by Python's stack
    (the recursive walk it replaced raised RecursionError past ~1,000 levels)."""
    depth = 5000
    tree = yaml_tree.parse_yaml("[" * depth + "x" + "]" * depth)
    data = tree.data
    for _ in range(depth):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == "x" and len(tree.positions) == depth + 1
    nested = "a:\n" + "".join(" " * (2 * i) + "  b:\n" for i in range(200)) + " " * 402 + "c: 1\n"
    same(nested)


def test_a_bool_tag_on_other_text_is_a_value_issue_not_a_crash():
    """The bool constructor raises KeyError for `!!bool maybe`; both paths report it."""
    for text in ("a: !!bool maybe\n", "a: !!bool maybe\nb: &x 1\n"):  # builder, composed
        tree = yaml_tree.parse_yaml(text)
        assert tree.data == {"a": "maybe", **({"b": 1} if "&x" in text else {})}
        assert [(i.code, i.message, i.line, i.column) for i in tree.issues] == [
            ("E-YAML-VALUE", "cannot read value 'maybe'", 1, 4)]
