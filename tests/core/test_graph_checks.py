"""Graph checks: reachability, calls that cannot end, self loops, the limit node, variables."""
from __future__ import annotations

from designer.analysis.graph import check_graph
from designer.formats.script_yaml import parse_script
from tests.core.test_lint import GOOD_EN, GOOD_ZH, edit, line_of

MINI = """\
callscript: 1
name: mini
limits: {max_turns: 10, on_limit: {on_limit}}
intents:
  a: {keywords: [好的]}
  b: {keywords: [不行]}
  q: {keywords: [地址]}
flow:
  start: s
  nodes:
{nodes}
faq:
{faq}
"""


def graph(nodes: str, on_limit: str = "end1", faq: str = "  []") -> list:
    text = MINI.replace("{nodes}", nodes).replace("{on_limit}", on_limit)
    text = text.replace("{faq}", faq) if faq != "  []" else text.replace("faq:\n{faq}\n", "")
    return check_graph(parse_script(text, "g.yaml"))


def found(problems, code):
    return [p for p in problems if p.code == code]


END1 = "    end1: {say: 再见。, end: hangup}\n"


# ---- unreachable nodes ----------------------------------------------------------------------
def test_node_nothing_leads_to_is_unreachable():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: a, goto: end1}]\n" + END1
               + "    orphan: {say: 没人来, end: hangup}\n")
    (p,) = found(ps, "W-UNREACHABLE")
    assert p.node == "orphan" and p.line == 15 and p.severity == "warning"


def test_nodes_reached_by_next_handler_faq_goto_and_on_limit_are_reachable():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: a, goto: mid}]\n"
               "      no_match: {then: viahandler}\n"
               "    mid: {say: 中间, next: end1}\n" + END1 +
               "    viahandler: {say: 转, end: hangup}\n"
               "    viafaq: {say: 地址在这, end: hangup}\n"
               "    limitnode: {say: 超限了, next: limitend}\n"
               "    limitend: {say: 再见, end: hangup}\n",
               on_limit="limitnode", faq="  - {intent: q, reply: 好, goto: viafaq}")
    assert found(ps, "W-UNREACHABLE") == []


def test_on_limit_is_unreachable_when_the_call_never_listens():
    ps = graph("    s: {say: 通知一下, next: end1}\n" + END1 + "    limitnode: {say: 超限, end: hangup}\n",
               on_limit="limitnode")
    assert [p.node for p in found(ps, "W-UNREACHABLE")] == ["limitnode"]


def test_faq_goto_of_an_opt_out_intent_does_not_make_a_node_reachable():
    text = edit(GOOD_ZH, "  - {intent: stop, reply: 好的，已为您登记，以后不会再打扰您。, then: hangup}",
                "  - {intent: stop, reply: 好的，已为您登记，以后不会再打扰您。, goto: never}")
    text = edit(text, "    bye:\n", "    never: {say: 永远到不了, end: hangup}\n    bye:\n")
    assert [p.node for p in found(check_graph(parse_script(text)), "W-UNREACHABLE")] == ["never"]


# ---- calls that cannot end ------------------------------------------------------------------
def test_listening_node_with_no_way_on_is_reported_once_with_the_nodes_leading_to_it():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: a, goto: stuck}, {intent: b, goto: end1}]\n"
               "    stuck: {say: 还有吗？}\n" + END1 + "    feeder:\n      say: 嗯？\n"
               "      branches: [{intent: a, goto: stuck}]\n"
               "    s2: {say: x, end: hangup}\n", faq="  []")
    (p,) = found(ps, "W-NO-END")
    assert p.node == "stuck" and "max_turns 10" in p.message
    assert found(ps, "W-LOOP-NO-EXIT") == []


def test_loop_without_exit_is_one_warning_naming_its_nodes():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: a, goto: x}, {intent: b, goto: end1}]\n"
               "    x:\n      say: 甲？\n      branches: [{intent: a, goto: y}]\n"
               "    y:\n      say: 乙？\n      branches: [{intent: a, goto: x}]\n" + END1)
    (p,) = found(ps, "W-LOOP-NO-EXIT")
    assert p.node == "x" and "x -> y" in p.message
    assert found(ps, "W-NO-END") == []


def test_a_loop_with_an_exit_or_a_faq_hangup_is_fine():
    loop = ("    s:\n      say: 你好？\n      branches: [{intent: a, goto: x}]\n"
            "    x:\n      say: 甲？\n      branches: [{intent: a, goto: y}]\n"
            "    y:\n      say: 乙？\n      branches: [{intent: a, goto: x}]\n" + END1)
    assert found(graph(loop), "W-LOOP-NO-EXIT") != []
    with_exit = loop.replace("branches: [{intent: a, goto: x}]\n" + END1,
                             "branches: [{intent: a, goto: x}, {intent: b, goto: end1}]\n" + END1)
    assert found(graph(with_exit), "W-LOOP-NO-EXIT") == []
    faq_hangup = graph(loop, faq="  - {intent: q, reply: 好的再见, then: hangup}")
    assert found(faq_hangup, "W-LOOP-NO-EXIT") == [] and found(faq_hangup, "W-NO-END") == []


def test_next_loop_is_left_to_structure():
    ps = graph("    s: {say: 甲, next: t}\n    t: {say: 乙, next: s}\n" + END1)
    assert found(ps, "W-LOOP-NO-EXIT") == [] and found(ps, "W-NO-END") == []


# ---- self loops -----------------------------------------------------------------------------
def test_branch_back_to_its_own_node_is_a_warning_explaining_what_bounds_it():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: a, goto: s}, {intent: b, goto: end1}]\n"
               + END1)
    (p,) = found(ps, "W-SELF-LOOP")
    assert p.node == "s" and p.line == 13  # the branch
    assert "max_turns (10)" in p.message and "max_no_match" in p.message


def test_refusal_branch_back_to_its_node_is_bounded_by_max_refusals():
    text = edit(GOOD_ZH, "{intent: refuse, goto: bye}", "{intent: refuse, goto: hello}")
    assert found(check_graph(parse_script(text)), "W-SELF-LOOP") == []
    text = edit(GOOD_ZH, "{intent: affirm, goto: book}", "{intent: affirm, goto: hello}")
    assert len(found(check_graph(parse_script(text)), "W-SELF-LOOP")) == 1


def test_handler_then_back_to_its_node_is_a_self_loop():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: b, goto: end1}]\n"
               "      no_input: {then: s}\n" + END1)
    (p,) = found(ps, "W-SELF-LOOP")
    assert "no_input.then" in p.message


# ---- the limit node -------------------------------------------------------------------------
def test_on_limit_that_listens_is_a_warning():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: b, goto: end1}]\n" + END1 +
               "    ask: {say: 您还有别的问题吗？}\n", on_limit="ask")
    (p,) = found(ps, "W-ON-LIMIT-NOT-END")
    assert p.node == "ask" and p.line == 3


def test_on_limit_leading_to_an_end_by_next_is_fine():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: b, goto: end1}]\n" + END1 +
               "    sorry: {say: 抱歉, next: end1}\n", on_limit="sorry")
    assert found(ps, "W-ON-LIMIT-NOT-END") == [] and found(ps, "W-UNREACHABLE") == []


def test_on_limit_transfer_after_refusals_is_a_warning():
    text = edit(GOOD_EN, "on_limit: bye", "on_limit: desk")
    (p,) = found(check_graph(parse_script(text)), "W-ON-LIMIT-TRANSFER")
    assert p.node == "desk" and "refused" in p.message
    assert found(check_graph(parse_script(GOOD_EN)), "W-ON-LIMIT-TRANSFER") == []


# ---- variables ------------------------------------------------------------------------------
def test_undeclared_variable_is_an_error_at_the_prompt():
    text = edit(GOOD_ZH, "reply: 均价一万三。", "reply: '{name}，均价一万三，{city}。'")
    (p,) = found(check_graph(parse_script(text)), "E-UNDECLARED-VAR")
    assert p.severity == "error" and "{city}" in p.message and p.line == line_of(text, "均价")


def test_declared_but_unused_variable_is_a_warning():
    text = edit(GOOD_ZH, "您好{name}，", "您好，")
    (p,) = found(check_graph(parse_script(text)), "W-UNUSED-VAR")
    assert p.line == line_of(text, "name: {label") and "name" in p.message
    assert found(check_graph(parse_script(GOOD_ZH)), "W-UNUSED-VAR") == []


def test_nodes_leading_only_into_a_dead_end_are_named_with_it_and_others_are_not():
    ps = graph("    s:\n      say: 你好？\n      branches: [{intent: a, goto: f1}, {intent: b, goto: f2}]\n"
               "    f1:\n      say: 一？\n      branches: [{intent: a, goto: dead}]\n"
               "    f2:\n      say: 二？\n      branches: [{intent: a, goto: dead}, {intent: b, goto: dead2}]\n"
               "    dead: {say: 死路一？}\n    dead2: {say: 死路二？}\n" + END1 +
               "    x:\n      say: 有出口？\n      branches: [{intent: a, goto: end1}]\n")
    msgs = {p.node: p.message for p in found(ps, "W-NO-END")}
    assert set(msgs) == {"dead", "dead2"}
    assert "lead only here: f1" in msgs["dead"]  # f2 and s can also reach dead2
    assert "lead only here" not in msgs["dead2"]
