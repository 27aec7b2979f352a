"""Keyword checks: dead branches (asked of the real engine), shared and contained keywords,
empty intents and keywords, faq entries hidden by branches or earlier entries."""
from __future__ import annotations

import glob
import os

import pytest

from designer.analysis.keywords import _Keywords, check_keywords, utterance
from designer.analysis.lint import lint_script
from designer.engine import Engine
from designer.formats.script_yaml import load_script, parse_script
from tests.core.test_lint import GOOD_EN, GOOD_ZH, ROOT, edit, line_of

BASE = """\
callscript: 1
name: kw
intents:
{intents}
  stop: {kind: opt_out, keywords: [别再打]}
  refuse: {kind: refusal, keywords: [不需要]}
flow:
  start: s
  nodes:
    s:
      say: 你好？
      branches:
{branches}
    t:
      say: 还有吗？
      branches:
        - {intent: other, goto: bye}
    bye: {say: 再见, end: hangup}
faq:
{faq}
"""


def kw(intents: str, branches: str, faq: str = "  - {intent: stop, reply: 好的，不会再打扰您。}",
       other: str = "  other: {keywords: [别的]}"):
    text = (BASE.replace("{intents}", intents + "\n" + other).replace("{branches}", branches)
            .replace("{faq}", faq))
    return check_keywords(parse_script(text, "k.yaml")), text


def found(problems, code):
    return [p for p in problems if p.code == code]


# ---- branches that can never fire ----------------------------------------------------------
def test_branch_whose_keywords_an_earlier_branch_takes_never_fires():
    ps, text = kw("  a: {keywords: [好的, 可以]}\n  b: {keywords: [好的]}",
                  "        - {intent: a, goto: t}\n        - {intent: b, goto: bye}")
    (p,) = found(ps, "W-BRANCH-NEVER-FIRES")
    assert p.node == "s" and p.line == line_of(text, "{intent: b, goto: bye}")
    assert "branch 2 (b)" in p.message and "'好的' goes to branch 1 (a, keyword '好的')" in p.message


def test_longer_keyword_containing_an_earlier_branchs_keyword_still_fires():
    ps, _ = kw("  a: {keywords: [好的]}\n  b: {keywords: [好的呀]}",
               "        - {intent: a, goto: t}\n        - {intent: b, goto: bye}")
    assert found(ps, "W-BRANCH-NEVER-FIRES") == []


def test_keyword_an_opt_out_also_has_makes_the_branch_dead_because_opt_out_always_wins():
    ps, _ = kw("  a: {keywords: [别再打]}", "        - {intent: a, goto: t}")
    (p,) = found(ps, "W-BRANCH-NEVER-FIRES")
    assert "opt-out intent stop" in p.message and "always wins" in p.message


def test_branch_on_an_opt_out_intent_is_never_taken():
    ps, _ = kw("  a: {keywords: [好的]}", "        - {intent: stop, goto: t}")
    (p,) = found(ps, "W-BRANCH-NEVER-FIRES")
    assert "is an opt-out: it always ends the call" in p.message


def test_same_intent_twice_at_a_node():
    ps, _ = kw("  a: {keywords: [好的]}",
               "        - {intent: a, goto: t}\n        - {intent: a, goto: bye}")
    (p,) = found(ps, "W-BRANCH-NEVER-FIRES")
    assert "branch 2 (a)" in p.message and "branch 1 (a" in p.message


def test_branch_with_a_regex_keyword_is_not_called_dead():
    ps, _ = kw("  a: {keywords: [好的]}\n  b: {keywords: [好的, 're:行+']}",
               "        - {intent: a, goto: t}\n        - {intent: b, goto: bye}")
    assert found(ps, "W-BRANCH-NEVER-FIRES") == []


def test_keyword_caught_by_its_own_exclude_is_reported_once():
    ps, text = kw("  a: {keywords: [价格, 不问价格], exclude: [不问]}",
                  "        - {intent: a, goto: t}")
    (p,) = found(ps, "W-KEYWORD-SHADOWED")
    assert "own exclude phrase '不问'" in p.message and p.line == line_of(text, "不问价格")
    assert found(ps, "W-BRANCH-NEVER-FIRES") == []


def test_keyword_an_earlier_regex_branch_takes_is_shadowed():
    ps, _ = kw("  a: {keywords: ['re:好.*']}\n  b: {keywords: [好极了, 棒]}",
               "        - {intent: a, goto: t}\n        - {intent: b, goto: bye}")
    (p,) = found(ps, "W-KEYWORD-SHADOWED")
    assert "'好极了'" in p.message and "branch 1 (a" in p.message


# ---- shared and contained keywords ----------------------------------------------------------
def test_same_keyword_in_two_intents_live_at_one_node():
    ps, text = kw("  a: {keywords: [可以, 行]}\n  b: {keywords: [嗯, 可以]}",
                  "        - {intent: a, goto: t}\n        - {intent: b, goto: bye}")
    (p,) = found(ps, "W-DUPLICATE-KEYWORD")
    assert p.severity == "warning" and p.node == "s"
    assert "goes to branch 1 (a" in p.message and "so b never hears it" in p.message


def test_same_keyword_in_intents_never_live_together_is_fine():
    ps, _ = kw("  a: {keywords: [可以]}", "        - {intent: a, goto: t}",
               other="  other: {keywords: [可以]}")  # other is a branch at t only
    assert found(ps, "W-DUPLICATE-KEYWORD") == []


def test_faq_intent_sharing_an_opt_out_keyword_is_live_everywhere():
    ps, _ = kw("  a: {keywords: [好的]}\n  complain: {keywords: [别再打, 投诉]}",
               "        - {intent: a, goto: t}",
               faq="  - {intent: complain, reply: 我们会处理。}")
    (p,) = found(ps, "W-DUPLICATE-KEYWORD")
    assert "every listening node" in p.message and "opt-out intent stop" in p.message


def test_keyword_inside_a_longer_keyword_of_another_live_intent_is_info():
    ps, text = kw("  a: {keywords: [需要]}", "        - {intent: a, goto: t}")
    (p,) = found(ps, "I-KEYWORD-CONTAINS")
    assert p.severity == "info" and p.line == line_of(text, "refuse:")
    assert "'不需要' of refuse contains '需要' of a" in p.message and "refuse wins" in p.message


def test_contained_keyword_of_an_intent_never_live_with_it_is_not_reported():
    ps, _ = kw("  a: {keywords: [好的]}", "        - {intent: a, goto: t}",
               other="  other: {keywords: [可以, 不好的]}")  # other: only at t, a: only at s
    assert found(ps, "I-KEYWORD-CONTAINS") == []


def test_english_keyword_is_not_contained_inside_another_word():
    text = edit(GOOD_EN, "confirm: {keywords: [\"yes\", sure]}",
                "confirm: {keywords: [\"yes\", sure, \"no\"]}")
    text = edit(text, "refuse: {kind: refusal, keywords: [not interested]}",
                "refuse: {kind: refusal, keywords: [not interested, i know]}")
    ps = check_keywords(parse_script(text))
    assert found(ps, "I-KEYWORD-CONTAINS") == []  # "no" is not in "i know"


# ---- empty intents and keywords -------------------------------------------------------------
def test_intent_without_keywords_is_a_warning_naming_its_use():
    ps, text = kw("  a: {keywords: []}", "        - {intent: a, goto: t}")
    (p,) = found(ps, "W-EMPTY-INTENT")
    assert p.line == line_of(text, "  a: {keywords") and "branch of node s" in p.message


def test_keyword_of_only_punctuation_is_a_warning():
    ps, text = kw("  a: {keywords: [好的, '？？', ' ']}", "        - {intent: a, goto: t}")
    assert len(found(ps, "W-EMPTY-KEYWORD")) == 2 and found(ps, "W-EMPTY-INTENT") == []
    ps, _ = kw("  a: {keywords: ['！']}", "        - {intent: a, goto: t}")
    assert len(found(ps, "W-EMPTY-INTENT")) == 1


def test_regex_that_matches_the_empty_text_is_a_warning():
    ps, text = kw("  a: {keywords: ['re:(不)?要', 're:(好)?']}", "        - {intent: a, goto: t}")
    (p,) = found(ps, "W-REGEX-MATCHES-EMPTY")
    assert "'re:(好)?'" in p.message and p.line == line_of(text, "re:(好)?")


def test_bad_regex_is_reported_by_structure_only():
    text = edit(GOOD_ZH, "price: {keywords: [多少钱]}", "price: {keywords: ['re:(多少']}")
    codes = [p.code for p in lint_script(parse_script(text))]
    assert codes.count("E-BAD-REGEX") == 1
    assert "W-EMPTY-INTENT" not in codes and "W-BRANCH-NEVER-FIRES" not in codes


# ---- faq ------------------------------------------------------------------------------------
def test_faq_intent_that_is_also_a_branch_is_info():
    text = edit(GOOD_ZH, "        - {intent: refuse, goto: bye}",
                "        - {intent: refuse, goto: bye}\n        - {intent: price, goto: book}")
    (p,) = found(check_keywords(parse_script(text)), "I-FAQ-BRANCH")
    assert p.node == "hello" and p.line == line_of(text, "{intent: price, reply")
    assert found(check_keywords(parse_script(GOOD_ZH)), "I-FAQ-BRANCH") == []


def test_second_faq_entry_for_an_intent_never_fires():
    text = GOOD_ZH + "  - {intent: price, reply: 另一个价格。}\n"
    (p,) = found(check_keywords(parse_script(text)), "W-FAQ-NEVER-FIRES")
    assert "faq entry 4" in p.message and "faq entry 3" in p.message


def test_goto_on_an_opt_out_faq_entry_is_a_warning():
    text = edit(GOOD_ZH, "以后不会再打扰您。, then: hangup}", "以后不会再打扰您。, goto: book}")
    (p,) = found(check_keywords(parse_script(text)), "W-OPT-OUT-ROUTE")
    assert "always ends the call" in p.message


def test_intent_nothing_uses_is_info():
    text = edit(GOOD_ZH, "  price: {keywords: [多少钱]}\n",
                "  price: {keywords: [多少钱]}\n  spare: {keywords: [备用]}\n")
    (p,) = found(check_keywords(parse_script(text)), "I-UNUSED-INTENT")
    assert "spare" in p.message
    assert found(check_keywords(parse_script(GOOD_ZH)), "I-UNUSED-INTENT") == []


# ---- the shortcut agrees with Engine.match --------------------------------------------------
SCRIPTS = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml")))


@pytest.mark.parametrize("source", SCRIPTS + ["GOOD_ZH", "GOOD_EN"])
def test_decisions_for_branch_keywords_match_the_engine(source):
    script = (parse_script({"GOOD_ZH": GOOD_ZH, "GOOD_EN": GOOD_EN}[source])
              if source.startswith("GOOD") else load_script(source))
    engine = Engine(script)
    k = _Keywords(script, engine)
    checked = 0
    for nid in k.listening:
        for br in script.nodes[nid].branches:
            for spec in k.specs.get(br.intent, ()):
                _, mine = k.decide(nid, spec)
                _, real = engine.match(nid, utterance(spec))
                assert (mine.kind, mine.intent, mine.branch, mine.faq) == (
                    real.kind, real.intent, real.branch, real.faq), (nid, spec.text)
                checked += 1
    assert checked >= 3


def _random_script(data):
    from hypothesis import strategies as st

    from designer.model import Branch, FaqEntry, Intent, Node, Script

    word = st.text(alphabet="好的不需要行", min_size=1, max_size=3)
    n = data.draw(st.integers(2, 5))
    s = Script(name="fuzz", start="s")
    for i in range(n):
        kws = data.draw(st.lists(word, min_size=1, max_size=4))
        kws += data.draw(st.lists(st.builds(lambda a, b: f"{a}&{b}", word, word), max_size=1))
        kws += data.draw(st.lists(st.sampled_from(["re:好.", "re:不?要", "re:需要+"]), max_size=1))
        s.intents[f"i{i}"] = Intent(
            kind=data.draw(st.sampled_from(["normal", "normal", "refusal", "opt_out"])),
            keywords=tuple(kws), exclude=tuple(data.draw(st.lists(word, max_size=1))))
    order = data.draw(st.permutations([f"i{i}" for i in range(n)]))
    branches = order[: data.draw(st.integers(1, n))]
    s.nodes["s"] = Node(say="你好？", branches=tuple(Branch(b, "e") for b in branches))
    s.nodes["e"] = Node(say="再见", end="hangup")
    s.faq = [FaqEntry(i, "答") for i in data.draw(st.lists(st.sampled_from(order), max_size=2))]
    return s


def test_shortcut_agrees_with_the_engine_on_random_overlapping_keywords():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=120, deadline=None)
    @given(st.data())
    def check(data):
        script = _random_script(data)
        engine = Engine(script)
        k = _Keywords(script, engine)
        for br in script.nodes["s"].branches:
            for spec in k.specs[br.intent]:
                _, mine = k.decide("s", spec)
                _, real = engine.match("s", utterance(spec))
                assert (mine.kind, mine.intent, mine.branch, mine.faq) == (
                    real.kind, real.intent, real.branch, real.faq), spec.text

    check()


def test_a_catastrophic_regex_is_reported_and_a_plain_one_is_not():
    from designer.analysis.lint import lint_script
    from designer.formats.script_yaml import parse_script

    base = ("callscript: 1\nname: t\nintents:\n  a: {{keywords: [\"{kw}\"]}}\nflow:\n  start: n\n"
            "  nodes:\n    n: {{say: hi, branches: [{{intent: a, goto: e}}]}}\n"
            "    e: {{say: bye, end: hangup}}\n")
    slow = parse_script(base.format(kw="re:(a|aa)+$"), "slow.yaml")
    fine = parse_script(base.format(kw="re:^(明|后)天"), "fine.yaml")
    assert [p.line for p in lint_script(slow) if p.code == "W-REGEX-SLOW"] == [4]
    assert not [p for p in lint_script(fine) if p.code == "W-REGEX-SLOW"]
