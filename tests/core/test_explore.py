"""`callscript explore`: generated conversations reach every branch and faq entry, pass
`callscript test`, and whatever cannot be reached is named with the reason."""
import glob
import json
import os
import re
import shutil

import pytest

from designer.cli import main
from designer.engine import normalize
from designer.formats.script_yaml import load_script, parse_script
from designer.simulation.cases import load_cases
from designer.simulation.explore import explore
from designer.simulation.utterances import Unsupported, regex_samples
from designer.simulation.runner import run_case
from designer.engine import Engine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml"))) + [
    os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")]


def run_json(capsys, *argv):
    code = main([*map(str, argv), "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: os.path.relpath(p, ROOT))
def test_explore_then_test_covers_every_branch_and_faq_or_says_why(sample, tmp_path, capsys):
    shutil.copy(sample, tmp_path / "script.yaml")  # the test run writes its store beside it
    cases = tmp_path / "explored.yaml"
    code, explored = run_json(capsys, "explore", tmp_path / "script.yaml", "-o", cases)
    assert code == 0 and cases.exists()
    code, tested = run_json(capsys, "test", cases)
    assert code == 0, [c for c in tested["cases"] if not c["passed"]]
    assert tested["passed"] == explored["cases"] > 0
    unreachable = explored["unreachable"]
    named_branches = {(u["node"], u["branch"]) for u in unreachable if u["branch"]}
    named_faq = {u["faq"] for u in unreachable if "faq" in u}
    cov = tested["coverage"]
    for missing in cov["branches"]["missing"]:  # e.g. "opening[2] refuse -> goodbye"
        node, number = re.match(r"(\S+)\[(\d+)\]", missing).groups()
        assert (node, int(number)) in named_branches, missing
    for missing in cov["faq"]["missing"]:
        assert int(re.match(r"faq\[(\d+)\]", missing).group(1)) in named_faq, missing
    assert all(u["reason"] for u in unreachable)
    for kind in ("branches", "faq", "nodes"):
        assert cov[kind]["covered"] == explored["coverage"][kind]["covered"]


FLAWED = """\
callscript: 1
name: flawed
language: zh-CN
limits: {max_turns: 10, max_refusals: 0, max_no_match: 1, max_no_input: 1, on_limit: goodbye}
intents:
  affirm:   {keywords: [好, 是的]}
  affirm2:  {keywords: [好的]}
  refuse:   {kind: refusal, keywords: [不需要]}
  opt_out:  {kind: opt_out, keywords: [别再打]}
  price:    {keywords: [不问价格], exclude: [问价格]}
  when:     {keywords: ['re:(周|星期)[六日]']}
  echo:     {keywords: ['re:(a)\\1']}
  robot:    {kind: robot_question, keywords: [机器人]}
  maybe:    {keywords: [可以], exclude: [不可以]}
  maybe2:   {keywords: [可以]}
  empty:    {keywords: []}
flow:
  start: opening
  nodes:
    opening:
      say: 您好
      branches:
        - {intent: affirm, goto: second}
        - {intent: affirm2, goto: by_containment}
        - {intent: opt_out, goto: only_by_opt_out}
        - {intent: price, goto: goodbye}
        - {intent: refuse, goto: second}
        - {intent: affirm, goto: goodbye}
        - {intent: echo, goto: goodbye}
      no_input: {then: silent_end}
    second:
      say: 第二步
      branches:
        - {intent: when, goto: done}
        - {intent: empty, goto: done}
        - {intent: maybe, goto: done}
        - {intent: maybe2, goto: by_exclude}
    by_containment: {say: 好的赢了, end: hangup}
    by_exclude: {say: 排除了前一个, end: hangup}
    only_by_opt_out: {say: 到不了, end: hangup}
    orphan: {say: 没有箭头, next: done}
    silent_end: {say: 没声音, end: hangup}
    done: {say: 好, end: hangup}
    goodbye: {say: 再见, end: hangup}
faq:
  - {intent: robot, reply: 我是机器人}
  - {intent: robot, reply: 重复}
  - {intent: affirm, reply: 在第二步才答得到}
"""


@pytest.fixture(scope="module")
def flawed():
    script = parse_script(FLAWED, "flawed.yaml")
    return script, explore(script)


def reasons(report):
    out = {}
    for u in report.unreachable:
        key = ("faq", u.faq + 1) if u.faq is not None else (u.node, None if u.branch is None
                                                             else u.branch + 1)
        out[key] = u.reason
    return out


def test_each_unreachable_item_is_named_with_its_reason(flawed):
    _script, report = flawed
    why = reasons(report)
    assert why.pop(("orphan", None)).startswith("no path from start")
    assert "opt-out intent" in why.pop(("opening", 3))
    assert why.pop(("only_by_opt_out", None)).startswith("no call reaches it") 
    assert "own exclude phrase '问价格'" in why.pop(("opening", 4))
    assert "max_refusals 0" in why.pop(("opening", 5))
    assert why.pop(("opening", 6)) == "branch 1 has the same intent affirm and comes first"
    assert "cannot make an utterance for 're:(a)\\1'" in why.pop(("opening", 7))
    assert why.pop(("second", 2)) == "intent empty has no keywords"
    assert why.pop(("faq", 2)) == "faq entry 1 has the same intent robot and answers first"
    assert why == {}


def test_shadowed_keyword_names_the_winning_intent_and_keyword():
    script = parse_script(FLAWED.replace("maybe:    {keywords: [可以], exclude: [不可以]}",
                                         "maybe:    {keywords: [可以]}"), "f.yaml")
    why = reasons(explore(script))
    assert why[("second", 4)] == ("shadowed: '可以' is taken by maybe (keyword '可以'; branch 3 "
                                  "of second (maybe)) (at second)")


def test_the_explorer_wins_by_containment_exclude_context_and_regex(flawed):
    script, report = flawed
    engine = Engine(script)
    said = {}
    for case in report.cases:
        result = run_case(engine, case).result
        assert run_case(engine, case).passed
        for t in result.turns:
            said[(t.node, t.decision.branch, t.decision.kind)] = t.text
    assert said[("opening", 1, "branch")] == "好的"  # the longer keyword of affirm2 wins
    assert re.fullmatch(r"(周|星期)[六日]", said[("second", 0, "branch")])
    assert said[("second", 3, "branch")] == "可以 不可以"  # maybe excluded, maybe2 wins
    assert report.coverage.to_json()["faq"]["covered"] == 2  # faq 3 answered at `second`


def test_cases_expect_the_node_after_each_turn_and_the_outcome(flawed, tmp_path, capsys):
    path = tmp_path / "flawed.yaml"
    path.write_text(FLAWED, encoding="utf-8")
    assert main(["explore", str(path), "-o", str(tmp_path / "out.yaml")]) == 0
    out = capsys.readouterr().out
    assert "case(s) written to" in out and "node orphan: no path from start" in out
    cf = load_cases(str(tmp_path / "out.yaml"))
    assert cf.script == str(path)
    for case in cf.cases:
        kinds = [s.kind for s in case.steps]
        users = [i for i, k in enumerate(kinds) if k == "user"]
        assert all("expect_node" in kinds[i + 1:i + 3] for i in users)
        assert {"grade", "end_reason", "reached"} <= set(case.expect)


@pytest.mark.parametrize("pattern", [
    r"(周|星期|礼拜)[六日天]", r"(?<![0-9十])[45四五]分(?!钟)", r"\b(yes|yeah|yep)\b",
    r"没(什么|啥)?(问题|毛病)", r"^行(?!不)", r"\bare you (an? )?(ai|computer)\b", r"\d{3,}号",
    r"[^不]想去", r"a.c"])
def test_regex_samples_match_their_pattern_after_normalization(pattern):
    samples = regex_samples(pattern)
    rx = re.compile(pattern, re.IGNORECASE)
    assert any(rx.search(normalize(s)) for s in samples)


def test_regex_samples_refuse_back_references():
    with pytest.raises(Unsupported):
        regex_samples(r"(a)\1")


def test_cases_can_go_to_stdout(tmp_path, capsys):
    shutil.copy(SAMPLES[-1], tmp_path / "s.yaml")
    assert main(["explore", str(tmp_path / "s.yaml"), "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("script: ") and "cases:" in out and "expect_node" in out


def test_a_script_with_errors_is_not_explored(tmp_path, capsys):
    bad = FLAWED.replace("goto: by_exclude", "goto: nowhere")
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    assert main(["explore", str(tmp_path / "bad.yaml")]) == 1
    assert "nowhere" in capsys.readouterr().out


def test_keyword_mode_names_keywords_that_never_decide():
    script = load_script(SAMPLES[-1])
    intent = script.intents["ask_price"]
    script.replace_intent("ask_price", intent.__class__(
        label=intent.label, keywords=intent.keywords + ("多少钱一平",), exclude=intent.exclude))
    report = explore(script, keywords=True)
    assert report.coverage.to_json()["keywords"]["covered"] == \
        report.coverage.to_json()["keywords"]["total"] - 1
    [item] = report.unreachable
    assert item.keyword == "多少钱一平" and "'多少钱', an earlier keyword" in item.reason
