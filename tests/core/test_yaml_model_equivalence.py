"""The model build with its fast paths (Reader.text_of, the all-text keyword list, the plain
{intent, goto} branch, _xy) gives exactly what the plain build gave: the same values and the
same problems (code, message, line, column, node) in the same order. The plain build is kept
here, verbatim, as the reference."""
from __future__ import annotations

from typing import Any, Optional

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import dump_generated, generate_script
from designer.formats import script_yaml
from designer.formats.fields import Reader, _kind
from designer.formats.script_yaml import NODE_KEYS
from designer.formats.yaml_tree import parse_yaml
from designer.model import Branch, Handler, Intent, Node, ScriptFileError
from designer.model.types import END_KINDS, INTENT_KINDS


# ---- the reference: Reader.text / texts and the node, handler and intent builds as they were ----
class OldReader(Reader):
    def text(self, value: Any, path: tuple, node: Optional[str] = None,
             default: Optional[str] = None) -> Optional[str]:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, "E-TYPE", f"{self.where(path)} must be text, not {_kind(value)}", node)
            return default
        return value if isinstance(value, str) else str(value)

    def texts(self, value: Any, path: tuple, node: Optional[str] = None) -> tuple[str, ...]:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return (str(value),)
        out = []
        for i, item in enumerate(self.sequence(value, path, node)):
            t = self.text(item, path + (i,), node)
            if t is not None:
                out.append(t)
        return tuple(out)


def old_intent(value: Any, p: tuple, r: Reader) -> Intent:
    m = r.mapping(value, p, ("label", "kind", "keywords", "exclude"))
    return Intent(label=r.text(m.get("label"), p + ("label",), default=""),
                  kind=r.choice(m.get("kind"), p + ("kind",), INTENT_KINDS, "normal"),
                  keywords=r.texts(m.get("keywords"), p + ("keywords",)),
                  exclude=r.texts(m.get("exclude"), p + ("exclude",)))


def old_handler(value: Any, p: tuple, node_id: str, r: Reader) -> Handler:
    m = r.mapping(value, p, ("reply", "audio", "then"), node=node_id)
    return Handler(reply=r.text(m.get("reply"), p + ("reply",), node_id),
                   audio=r.text(m.get("audio"), p + ("audio",), node_id),
                   then=r.text(m.get("then"), p + ("then",), node_id))


def old_node(value: Any, p: tuple, nid: str, r: Reader) -> Node:
    m = r.mapping(value, p, NODE_KEYS, node=nid)
    branches = []
    for i, b in enumerate(r.sequence(m.get("branches"), p + ("branches",), nid)):
        bp = p + ("branches", i)
        bm = r.mapping(b, bp, ("intent", "goto"), required=("intent", "goto"), node=nid)
        intent = r.text(bm.get("intent"), bp + ("intent",), nid)
        goto = r.text(bm.get("goto"), bp + ("goto",), nid)
        if intent is not None and goto is not None:
            branches.append(Branch(intent, goto))
    position = None
    if m.get("position") is not None:
        pos = m["position"]
        if (isinstance(pos, list) and len(pos) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos)):
            position = (float(pos[0]), float(pos[1]))
        else:
            r.error(p + ("position",), "E-TYPE", "position must be [x, y] numbers", nid)
    return Node(
        say=r.text(m.get("say"), p + ("say",), nid, default="") or "",
        audio=r.text(m.get("audio"), p + ("audio",), nid),
        branches=tuple(branches),
        next=r.text(m.get("next"), p + ("next",), nid),
        end=r.choice(m.get("end"), p + ("end",), END_KINDS, None, nid),
        transfer_to=r.text(m.get("transfer_to"), p + ("transfer_to",), nid),
        transfer_fallback=r.text(m.get("transfer_fallback"), p + ("transfer_fallback",), nid),
        transfer_fallback_audio=r.text(m.get("transfer_fallback_audio"),
                                       p + ("transfer_fallback_audio",), nid),
        no_match=old_handler(m["no_match"], p + ("no_match",), nid, r) if "no_match" in m else None,
        no_input=old_handler(m["no_input"], p + ("no_input",), nid, r) if "no_input" in m else None,
        position=position,
        note=r.text(m.get("note"), p + ("note",), nid, default="") or "",
    )


# ---- comparing ---------------------------------------------------------------------------------
def problems(r: Reader) -> list:
    return [(p.code, p.message, p.line, p.column, p.node) for p in r.problems]


def same_node(text: str) -> None:
    """The mapping under `n:` in text built as a node, and as an intent, both ways."""
    tree = parse_yaml(text)
    value = tree.data.get("n") if isinstance(tree.data, dict) else tree.data
    for new_build, old_build in ((lambda v, p, r: script_yaml._node(v, p, "n", r),
                                  lambda v, p, r: old_node(v, p, "n", r)),
                                 (script_yaml._intent, old_intent)):
        new_r, old_r = Reader("f.yaml", tree.positions), OldReader("f.yaml", tree.positions)
        new, old = new_build(value, ("n",), new_r), old_build(value, ("n",), old_r)
        assert new == old and [type(x) for x in vars(new).values()] == [
            type(x) for x in vars(old).values()]
        assert problems(new_r) == problems(old_r)


# ---- generated nodes ------------------------------------------------------------------------------
scalars = st.sampled_from([None, "", "hi", "宽带", "no", "1", 0, 7, -2, 1.5, float("inf"), True,
                           False, "hangup", "transfer", "refusal", "normal"])
small = st.one_of(scalars, st.lists(scalars, max_size=3),
                  st.dictionaries(st.sampled_from(["intent", "goto", "reply", "audio", "then",
                                                   "x"]), scalars, max_size=3))
branch = st.one_of(
    st.fixed_dictionaries({"intent": st.sampled_from(["a", "b"]),
                           "goto": st.sampled_from(["x", "y"])}),
    st.dictionaries(st.sampled_from(["intent", "goto", "other"]), scalars, max_size=3),
    small,
)
values = {
    "branches": st.one_of(st.lists(branch, max_size=4), small),
    "position": st.one_of(st.lists(st.sampled_from([0, 5, -3, 1.5, True, None, "1"]),
                                   max_size=3), small),
    "no_match": small, "no_input": small,
    "keywords": st.one_of(st.lists(scalars, max_size=5), st.lists(small, max_size=3), small),
    "exclude": st.one_of(st.lists(scalars, max_size=3), small),
}
keys = st.sampled_from(list(NODE_KEYS) + ["label", "kind", "keywords", "exclude", "ends",
                                          "Say", "branch"])
mappings = st.dictionaries(keys, st.just(None), max_size=8).flatmap(
    lambda d: st.fixed_dictionaries({k: values.get(k, small) for k in d}))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mappings, small), st.booleans())
def test_generated_nodes_and_intents_give_the_same_model_and_problems(value, flow):
    same_node(yaml.safe_dump({"n": value}, allow_unicode=True, sort_keys=False,
                             default_flow_style=flow))


def test_texts_give_the_same_tuple_and_problems():
    cases = [None, "", "a", 1, 1.5, True, [], ["a", "b"], ["a", None, "b"], ["a", 1, 2.5],
             ["a", True], [["a"]], [{"a": 1}], {"a": 1}, ("a",)]
    for value in cases:
        new_r, old_r = Reader("f", {(): (1, 1)}), OldReader("f", {(): (1, 1)})
        new, old = new_r.texts(value, ("k",)), old_r.texts(value, ("k",))
        assert new == old and problems(new_r) == problems(old_r), value


def test_bench_scripts_give_the_same_nodes_and_intents():
    for size, language in ((60, "zh"), (40, "en")):
        tree = parse_yaml(dump_generated(generate_script(size, 3, language)))
        for section, build, old in (("intents", script_yaml._intent, old_intent),
                                    ("flow", None, None)):
            if build is None:
                items = [(("flow", "nodes", k), v) for k, v in tree.data["flow"]["nodes"].items()]
            else:
                items = [((section, k), v) for k, v in tree.data[section].items()]
            for path, value in items:
                new_r = Reader("f", tree.positions)
                old_r = OldReader("f", tree.positions)
                if build is None:
                    new = script_yaml._node(value, path, path[-1], new_r)
                    ref = old_node(value, path, path[-1], old_r)
                else:
                    new, ref = build(value, path, new_r), old(value, path, old_r)
                assert new == ref and problems(new_r) == problems(old_r) == []


def test_a_broken_node_reports_in_the_same_order():
    text = ("n:\n  ends: x\n  say: [1]\n  position: [1, yes]\n  branches:\n  - {intent: a}\n"
            "  - {intent: a, goto: b, x: 1}\n  - {intent: 1, goto: 2}\n  - 3\n  end: maybe\n"
            "  no_match: {reply: [], then: 1}\n  note: {}\n")
    same_node(text)
    with_problems = Reader("f.yaml", parse_yaml(text).positions)
    script_yaml._node(parse_yaml(text).data["n"], ("n",), "n", with_problems)
    assert [p[:1] + p[2:4] for p in problems(with_problems)] == [
        ("E-UNKNOWN-KEY", 2, 3), ("E-MISSING-KEY", 6, 5), ("E-UNKNOWN-KEY", 7, 26),
        ("E-TYPE", 9, 5), ("E-TYPE", 4, 3), ("E-TYPE", 3, 3), ("E-VALUE", 10, 3),
        ("E-TYPE", 11, 14), ("E-TYPE", 12, 3)]  # keys, branches, position, then the fields


def old_parse_script(text: str, file: str):
    """parse_script with the reference builds in place of the new ones."""
    saved = script_yaml._node, script_yaml._intent, script_yaml._handler, script_yaml.read_yaml

    def old_read_yaml(text: str, file: str):
        data, reader = saved[3](text, file)
        old = OldReader(reader.file, reader.positions)
        old.problems = reader.problems
        return data, old

    script_yaml._node, script_yaml._intent, script_yaml._handler = old_node, old_intent, old_handler
    script_yaml.read_yaml = old_read_yaml
    try:
        return script_outcome(script_yaml.parse_script, text, file)
    finally:
        script_yaml._node, script_yaml._intent, script_yaml._handler, script_yaml.read_yaml = saved


def script_outcome(parse, text: str, file: str) -> Any:
    try:
        script = parse(text, file)
    except ScriptFileError as exc:
        return [(p.code, p.message, p.file, p.line, p.column, p.node) for p in exc.problems]
    return script, list(script.source.positions.items())


SCRIPT_LINES = dump_generated(generate_script(25, 11, "zh")).splitlines()
FIELD_LINES = [i for i, line in enumerate(SCRIPT_LINES)  # a node's fields: `      say: ...`
               if line.startswith(" " * 6) and not line.lstrip().startswith("-")]
INTENT_LINES = [i for i, line in enumerate(SCRIPT_LINES) if line.startswith("  to_")]
NODE_EDITS = ["say: [1, 2]", "say: 12", "audio: true", "next: {a: 1}", "end: maybe", "end: 3",
              "position: [1, true]", "position: 5", "position: [1.5, -2]", "note: ~",
              "branches: [{intent: a}, 3, {goto: 1}]",
              "branches: [{intent: 1, goto: 2}, {intent: a, goto: b, c: d}]",
              "no_match: {reply: [], then: 1}", "no_input: 3", "sayy: x", "transfer_to: [q]"]
INTENT_EDITS = [("keywords: [", "keywords: [1, true, ~, [x], "), ("label: ", "label: [x], l: "),
                ("keywords: [", "kind: maybe, keywords: ["), ("keywords: [", "exclude: 3, k: ["),
                ("{label: ", "{exclude: [a, 2], label: "), ("keywords: [", "keywords: 5, k: [")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELD_LINES), st.sampled_from(NODE_EDITS)),
                max_size=3),
       st.lists(st.tuples(st.sampled_from(INTENT_LINES), st.sampled_from(INTENT_EDITS)),
                max_size=2))
def test_a_script_edited_at_random_gives_the_same_script_or_problems(node_edits, intent_edits):
    """End to end: a real script with broken fields gives the same Script, or the same
    problems in the same order with the same positions."""
    lines = list(SCRIPT_LINES)
    for i, (old, new) in intent_edits:
        lines[i] = lines[i].replace(old, new, 1)
    for i, edit in sorted(node_edits, reverse=True):  # a field beside the line's own
        lines.insert(i, " " * 6 + edit)
    text = "\n".join(lines) + "\n"
    assert script_outcome(script_yaml.parse_script, text, "s.yaml") == old_parse_script(
        text, "s.yaml")
