"""A large generated script: lint must stay usable on it (the window lints after every edit).

Time is measured, not asserted: `python tests/core/test_lint_scale.py [NODES]` prints how long
lint takes. The test checks that a large, well-formed script lints without false errors.
"""
from __future__ import annotations

import random
import sys
import time

from designer.analysis.lint import lint_script
from designer.formats.script_yaml import parse_script

_HEAD = """callscript: 1
name: 大型生成话术
language: zh-CN
policies: [cn]
business:
  legal_name: 生成测试有限公司
  callback_number: 400-000-0000
  consent: {basis: prior_consent, source: 官网表单}
calling_window: {timezone: Asia/Shanghai, days: [mon, tue], hours: ["09:00-12:00", "14:00-20:00"]}
limits: {max_turns: 30, max_refusals: 1, on_limit: bye}
variables:
  name: {label: 称呼, example: 王先生}
intents:
  refuse: {kind: refusal, keywords: [不需要, 没兴趣, 不用了]}
  stop: {kind: opt_out, keywords: [别再打, 不要再打, 投诉]}
  robot: {kind: robot_question, keywords: [机器人, 真人]}
"""


def make_large_script(nodes: int = 1000, intents: int = 150, seed: int = 7) -> str:
    """YAML text of a script with `nodes` nodes: a chain of listening nodes, each with three
    branches (forward, to a goodbye, and a skip ahead), intents of five keywords each, faq
    entries and a goodbye; every node reachable and every call able to end."""
    rnd = random.Random(seed)
    out = [_HEAD]
    for i in range(intents):
        kws = ", ".join(f"词{i}号{j}" for j in range(5))
        out.append(f"  i{i}: {{keywords: [{kws}]}}\n")
    out.append("flow:\n  start: n0\n  nodes:\n")
    out.append("    n0:\n      say: 您好{name}，我是生成测试有限公司的AI助手。不想再接到电话请说别再打。"
               "请问现在方便吗？\n      next: n1\n")
    for n in range(1, nodes - 1):
        a, b, c = rnd.sample(range(intents), 3)
        ahead = min(n + rnd.randint(2, 9), nodes - 2)
        nxt = n + 1 if n + 1 < nodes - 1 else "bye"
        skip = f"n{ahead}" if ahead > n + 1 else "bye"
        out.append(f"    n{n}:\n      say: 第{n}个问题，您看可以吗？\n      branches:\n"
                   f"        - {{intent: i{a}, goto: n{nxt}}}\n" if nxt != "bye" else
                   f"    n{n}:\n      say: 第{n}个问题，您看可以吗？\n      branches:\n"
                   f"        - {{intent: i{a}, goto: bye}}\n")
        out.append(f"        - {{intent: i{b}, goto: {skip}}}\n"
                   f"        - {{intent: refuse, goto: bye}}\n"
                   f"        - {{intent: i{c}, goto: bye}}\n")
    out.append("    bye:\n      say: 好的，不打扰了，有需要请拨打400-000-0000，再见。\n      end: hangup\n")
    out.append("faq:\n  - {intent: stop, reply: 好的，已为您登记，不会再打扰您。, then: hangup}\n"
               "  - {intent: robot, reply: 我是AI助手，不是真人。}\n")
    for i in range(intents - 20, intents):
        out.append(f"  - {{intent: i{i}, reply: 这是第{i}个常见问题的回答。}}\n")
    return "".join(out)


def test_large_generated_script_lints_without_errors():
    script = parse_script(make_large_script(300), "big.yaml")
    problems = lint_script(script)
    assert len(script.nodes) == 300
    assert [p for p in problems if p.severity == "error"] == []
    assert not [p for p in problems if p.code in ("W-UNREACHABLE", "W-NO-END")]


def measure(nodes: int = 1000, repeat: int = 5) -> None:
    text = make_large_script(nodes)
    script = parse_script(text, "big.yaml")
    lint_script(script)  # first run reads the policy files
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        problems = lint_script(script)
        times.append(time.perf_counter() - t)
    print(f"{len(script.nodes)} nodes, {len(script.intents)} intents, "
          f"{sum(len(i.keywords) for i in script.intents.values())} keywords: lint "
          f"best {min(times) * 1000:.0f} ms, median {sorted(times)[len(times) // 2] * 1000:.0f} ms"
          f" ({len(problems)} problems)")


if __name__ == "__main__":
    measure(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
