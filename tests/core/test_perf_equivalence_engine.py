"""The engine gives the same results after the performance work as before it.

tests/fixtures/engine_equivalence.json.gz was recorded with the engine as it was before
(`CALLSCRIPT_RECORD_ENGINE_FIXTURE=1 pytest tests/core/test_perf_equivalence_engine.py`):
the bench caller model's calls on a generated 300-node script (Chinese) and a 120-node one
(English), and hand-made turns on small scripts with regex, a&b, exclude, shared and nested
keywords. For every turn: the evaluation at the node (hits, dropped, excluded, timed out), the
same text evaluated against every intent at once (the containment rule at its busiest), the
decision with its explanation and the actions; for every call the whole CallResult.to_json().
"""
from __future__ import annotations

import gzip
import json
import os
from typing import Any

import pytest

from bench.generate import generate_script
from bench.workload import record_calls
from designer.engine import Engine
from designer.formats.script_yaml import parse_script
from designer.formats.yaml_tree import dump_yaml
from tests.core import engine_scripts

FIXTURE = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures",
                       "engine_equivalence.json.gz")

EDGE = """
callscript: 1
name: edges
language: zh-CN
limits: {max_turns: 30, max_refusals: 3, max_no_match: 3, max_no_input: 2}
intents:
  stop:   {label: 停, kind: opt_out, keywords: [别打了]}
  refuse: {label: 拒, kind: refusal, keywords: [不要, 不需要, "re:不(想|要)了"]}
  want:   {label: 要, keywords: [需要, 要, "要&要", "宽带&多少钱&宽带"], exclude: [不需要]}
  price:  {label: 价, keywords: [多少钱, 钱, "re:价(格|钱)", "re:价目"], exclude: [不问]}
  band:   {label: 宽, keywords: [宽带, 宽带套餐, "ok&go", "ok go", "ok"]}
  combo:  {label: 套, keywords: [宽带套餐多少钱, 套餐]}
  both:   {label: 同, keywords: [宽带, 套餐多少]}
  eng:    {label: E, keywords: ["i know", "know", "no", "yes&sure"]}
flow:
  start: a
  nodes:
    a:
      say: 第一问
      branches:
        - {intent: want, goto: b}
        - {intent: band, goto: c}
        - {intent: eng, goto: c}
      no_match: {reply: 再说一遍}
    b:
      say: 第二问
      branches:
        - {intent: combo, goto: c}
        - {intent: both, goto: a}
        - {intent: refuse, goto: a}
    c:
      say: 第三问
      branches:
        - {intent: price, goto: a}
        - {intent: want, goto: b}
faq:
  - {intent: price, reply: 一百元}
  - {intent: both, reply: 两个}
  - {intent: price, reply: 第二个价}
  - {intent: eng, reply: english}
"""

EDGE_TURNS = [
    "宽带套餐多少钱", "我要宽带", "不需要", "宽带套餐", "套餐多少钱啊", "要要", "价格呢",
    "OK, go", "ok go", "okgo", "I KNOW", "i knowledge", "yes sure", "sure yes", "不问多少钱",
    "钱钱钱", "不想了", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "宽带，多少钱，宽带",
    "別打了", "ＯＫ　ＧＯ", "", "   ", "宽带宽带套餐多少钱", "no", "nono", "不要了",
]

ZH_TURNS = [
    "你好", "多少钱", "贵不贵", "不贵的", "不问价格多少钱", "明天再说", "后天再说吧", "看房",
    "可以", "不需要", "没兴趣", "不用", "机器人吗", "真人", "先挂了", "好的", "", "别再打了",
]


def _ev(ev) -> list:
    if ev is None:
        return None
    return [ev.normalized,
            [[k, h.intent, h.keyword, h.start, h.end] for k, h in ev.hits.items()],
            [[d.intent, d.keyword, d.by_intent, d.by_keyword] for d in ev.dropped],
            [list(x) for x in ev.excluded], [list(x) for x in ev.timed_out]]


def _decision(d) -> list:
    return [d.kind, d.intent, d.keyword, d.branch, d.faq, d.limit, d.explanation]


def _action(a) -> list:
    return [a.kind, a.text, a.prompt_id, a.node, a.target]


def _play(engine: Engine, calls: list[tuple[dict, list[str]]]) -> list[dict[str, Any]]:
    everyone = frozenset(engine.script.intents)
    out = []
    for variables, texts in calls:
        session = engine.start(variables)
        turns = []
        first = [_action(a) for a in session.actions]
        for text in texts:
            actions = session.utter(text)
            rec = session.result.turns[-1] if session.result.turns else None
            wide = engine.matcher.evaluate(text, everyone) if text.strip() else None
            turns.append([_ev(rec.evaluation) if rec else None, _ev(wide),
                          _decision(rec.decision) if rec else None,
                          [_action(a) for a in actions], rec.after if rec else None])
        out.append({"start": first, "turns": turns, "result": session.result.to_json()})
    return out


def _cases() -> dict[str, tuple[Engine, list[tuple[dict, list[str]]]]]:
    cases = {}
    for name, size, language, n_calls in (("gen300zh", 300, "zh", 300),
                                          ("gen120en", 120, "en", 130)):
        script = parse_script(dump_yaml(generate_script(size, 3, language)), f"{name}.yaml")
        engine = Engine(script)
        cases[name] = (engine, [(c.variables, c.texts)
                                for c in record_calls(engine, n_calls, seed=5)])
    edge = Engine(parse_script(EDGE, "edge.yaml"))
    cases["edge"] = (edge, [({}, EDGE_TURNS), ({}, EDGE_TURNS[::-1]),
                            ({}, EDGE_TURNS[5:] + EDGE_TURNS[:5])])
    zh = engine_scripts.engine(engine_scripts.ZH)
    cases["zh"] = (zh, [({}, ZH_TURNS), ({"name": "李女士"}, ZH_TURNS[::-1]),
                        ({}, ZH_TURNS[3:] + ZH_TURNS[:3])])
    en = engine_scripts.engine(engine_scripts.EN)
    cases["en"] = (en, [({}, ["I know", "yes", "no"]), ({}, ["iknow", "", "not interested"]),
                        ({}, ["Stop calling me", "ok"])])
    return cases


def _record() -> dict[str, Any]:
    return {name: _play(engine, calls) for name, (engine, calls) in _cases().items()}


def _normalized(data: Any) -> Any:
    return json.loads(json.dumps(data, ensure_ascii=False, sort_keys=True))


def test_engine_matches_recorded_outputs():
    got = _normalized(_record())
    if os.environ.get("CALLSCRIPT_RECORD_ENGINE_FIXTURE"):
        with gzip.open(FIXTURE, "wt", encoding="utf-8") as fh:
            json.dump(got, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        pytest.skip("fixture recorded")
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as fh:
        expected = json.load(fh)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert len(got[name]) == len(expected[name]), name
        for i, (g, e) in enumerate(zip(got[name], expected[name])):
            assert g["start"] == e["start"], (name, i)
            for j, (gt, et) in enumerate(zip(g["turns"], e["turns"])):
                assert gt == et, (name, i, j)
            assert g == e, (name, i)


def test_fixture_is_small_and_busy():
    assert os.path.getsize(FIXTURE) < 200 * 1024
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as fh:
        expected = json.load(fh)
    turns = [t for calls in expected.values() for c in calls for t in c["turns"]]
    assert len(turns) > 1500
    assert sum(1 for t in turns if t[1] and t[1][2]) > 50  # containment drops exercised
    assert any(t[0] and t[0][3] for t in turns)  # an exclude fired
