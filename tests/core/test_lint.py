"""lint_script as the window, export and the command line use it; the sample scripts; the
`callscript lint` command. Small scripts for the graph, keyword and compliance tests live here
too (GOOD_ZH, GOOD_EN: clean under cn / us)."""
from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

from designer.analysis.lint import PolicyError, applied_policies, blocking_problems, lint_script
from designer.formats.script_yaml import load_script, parse_script
from designer.model import Problem

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

GOOD_ZH = """\
callscript: 1
name: 看房回访
language: zh-CN
business:
  legal_name: 安居地产有限公司
  callback_number: 400-000-0000
  consent: {basis: prior_consent, source: 官网预约表单}
  number_source: 客户在官网预约表单填写的号码
calling_window: {timezone: Asia/Shanghai, days: [mon, tue], hours: ["09:00-12:00", "14:00-20:00"]}
limits: {max_turns: 12, max_refusals: 1, max_no_match: 2, max_no_input: 2, on_limit: bye}
variables:
  name: {label: 称呼, example: 王先生}
intents:
  affirm: {keywords: [是的, 可以, 好的]}
  refuse: {kind: refusal, keywords: [没兴趣, 不用了]}
  stop: {kind: opt_out, keywords: [别再打, 不要再打]}
  robot: {kind: robot_question, keywords: [机器人, 真人]}
  price: {keywords: [多少钱]}
flow:
  start: hello
  nodes:
    hello:
      say: 您好{name}，我是安居地产有限公司的AI语音助手。不想再接到电话可以直接说“别再打了”。请问您最近还看房吗？
      branches:
        - {intent: affirm, goto: book}
        - {intent: refuse, goto: bye}
      no_match: {reply: 不好意思没听清，您最近还看房吗？}
    book:
      say: 好的，顾问会联系您，有问题请拨打400-000-0000，再见。
      end: hangup
    bye:
      say: 好的，不打扰了，再见。
      end: hangup
faq:
  - {intent: stop, reply: 好的，已为您登记，以后不会再打扰您。, then: hangup}
  - {intent: robot, reply: 我是AI语音助手，不是真人。}
  - {intent: price, reply: 均价一万三。}
"""

GOOD_EN = """\
callscript: 1
name: Reminder
language: en-US
business:
  legal_name: Riverside Clinic LLC
  callback_number: (617) 555-0142
  consent: {basis: prior_express_consent, source: intake form}
  number_source: the patient's intake form
calling_window: {timezone: America/New_York, days: [mon, tue], hours: ["09:00-19:00"]}
limits: {max_turns: 12, max_refusals: 1, on_limit: bye}
intents:
  confirm: {keywords: ["yes", sure]}
  refuse: {kind: refusal, keywords: [not interested]}
  stop: {kind: opt_out, keywords: [stop calling, remove me]}
  robot: {kind: robot_question, keywords: [robot, real person]}
  agent: {keywords: [front desk]}
flow:
  start: hello
  nodes:
    hello:
      say: Hello, this is the AI assistant of Riverside Clinic LLC. To stop these calls, just say stop calling. Can you make your appointment?
      branches:
        - {intent: confirm, goto: done}
        - {intent: refuse, goto: bye}
    done:
      say: Great, see you then. Questions? Call 617-555-0142. Goodbye.
      end: hangup
    desk:
      say: Connecting you to the front desk.
      end: transfer
      transfer_to: front_desk
      transfer_fallback: Sorry, nobody is free. Please call 617-555-0142. Goodbye.
    bye:
      say: Okay, goodbye.
      end: hangup
faq:
  - {intent: stop, reply: "Understood, we won't call you again. Goodbye.", then: hangup}
  - {intent: robot, reply: "I'm an AI assistant, not a real person."}
  - {intent: agent, reply: "Sure.", goto: desk}
"""


def lint(text: str, policies=(), file: str = "s.yaml") -> list[Problem]:
    return lint_script(parse_script(text, file), policies)


def codes(text: str, policies=(), severity: str | None = None) -> list[str]:
    return [p.code for p in lint(text, policies) if severity in (None, p.severity)]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing needle."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# ---- the fixtures themselves --------------------------------------------------------------
@pytest.mark.parametrize("text, policy", [(GOOD_ZH, "cn"), (GOOD_EN, "us")])
def test_good_fixtures_have_no_errors_or_warnings(text, policy):
    problems = lint(text, [policy])
    assert [p.format() for p in problems if p.severity != "info"] == []


# ---- lint_script ----------------------------------------------------------------------------
def test_problems_are_sorted_by_line_and_carry_file_line_and_node():
    text = edit(GOOD_ZH, "    bye:\n", "    lost:\n      say: 没人来。\n      end: hangup\n"
                "    bye:\n")
    text = edit(text, "say: 好的，不打扰了", "say: 好的{nobody}，不打扰了")
    problems = lint(text, ["cn"])
    lines = [p.line or 0 for p in problems]
    assert lines == sorted(lines)
    lost = next(p for p in problems if p.code == "W-UNREACHABLE")
    assert (lost.node, lost.file, lost.line) == ("lost", "s.yaml", text.splitlines().index(
        "    lost:") + 1)
    var = next(p for p in problems if p.code == "E-UNDECLARED-VAR")
    assert var.node == "bye" and "{nobody}" in var.message


def test_structure_problems_are_part_of_lint_and_not_repeated_by_graph_checks():
    text = edit(GOOD_ZH, "{intent: affirm, goto: book}", "{intent: affirm, goto: nowhere}")
    found = codes(text, ["cn"])
    assert found.count("E-DANGLING-GOTO") == 1
    assert "W-NO-END" not in found  # the dangling branch is the one problem to fix


def test_lint_is_deterministic_and_pure():
    text = edit(GOOD_ZH, "max_refusals: 1", "max_refusals: 4")
    script = parse_script(text, "s.yaml")
    before = parse_script(text, "s.yaml")
    first = [p.format() for p in lint_script(script, ["cn", "us"])]
    assert first == [p.format() for p in lint_script(script, ["cn", "us"])]
    assert script == before  # lint changes nothing
    swapped = lint_script(script, ["us", "cn"])
    assert sorted(p.code for p in swapped) == sorted(
        p.code for p in lint_script(script, ["cn", "us"]))


def test_declared_policies_apply_and_unknown_ones_are_reported_at_their_line():
    text = edit(GOOD_ZH, "language: zh-CN\n", "language: zh-CN\npolicies: [eu, mars]\n")
    problems = lint(text)
    assert "C-RIGHT-TO-OBJECT" in [p.code for p in problems if p.severity == "error"]
    bad = next(p for p in problems if p.code == "E-POLICY")
    assert bad.line == 4 and "mars" in bad.message
    assert applied_policies(parse_script(text), ["CN"]) == ["cn", "eu"]


def test_unknown_policy_asked_for_raises():
    with pytest.raises(PolicyError, match="unknown policy 'xx'"):
        lint(GOOD_ZH, ["cn,xx"])


def test_blocking_problems_are_the_errors_of_the_chosen_policies():
    text = edit(GOOD_ZH, "max_refusals: 1", "max_refusals: 3")
    assert blocking_problems(parse_script(text)) == []  # baseline: a warning only
    blocking = blocking_problems(parse_script(text), ["cn"])
    assert [p.code for p in blocking] == ["C-MAX-REFUSALS"]


def test_audio_problems_are_included_for_a_saved_script(monkeypatch):
    import designer.audio as audio

    seen = []

    def fake(script):
        seen.append(script.name)
        return [Problem("warning", "W-AUDIO-STALE", "stale", "s.yaml", 30, 1, "hello")]

    monkeypatch.setattr(audio, "audio_problems", fake, raising=False)
    script = parse_script(GOOD_ZH, "s.yaml")
    assert "W-AUDIO-STALE" not in [p.code for p in lint_script(script)]  # never saved
    script.path = "/tmp/s.yaml"
    assert "W-AUDIO-STALE" in [p.code for p in lint_script(script)] and seen == ["看房回访"]


def test_a_failing_audio_check_is_a_warning_not_a_crash(monkeypatch):
    import designer.audio as audio

    def broken(script):
        raise OSError("audio/index.json: permission denied")

    monkeypatch.setattr(audio, "audio_problems", broken, raising=False)
    script = parse_script(edit(GOOD_ZH, "max_refusals: 1", "max_refusals: 2"), "s.yaml")
    script.path = "/tmp/s.yaml"
    problems = lint_script(script)
    (p,) = [p for p in problems if p.code == "W-AUDIO-CHECK"]
    assert "permission denied" in p.message
    assert "C-MAX-REFUSALS" in [p.code for p in problems]  # the other checks still ran


# ---- the samples --------------------------------------------------------------------------
SAMPLES = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml")))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_every_sample_lints_without_errors_under_its_declared_policies(path):
    script = load_script(path)
    assert script.policies, "a sample declares the policies it is written for"
    # the declared ones, plus cn for a Chinese sample and us for an English one
    language_policy = "cn" if script.language.lower().startswith("zh") else "us"
    errors = [p.format() for p in blocking_problems(script, [language_policy])]
    assert errors == []


def test_there_are_samples_to_lint():
    assert len(SAMPLES) >= 2


# ---- the command --------------------------------------------------------------------------
def cli(*args):
    proc = subprocess.run([sys.executable, "-m", "designer", "lint", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_exit_codes_and_json_shape(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_ZH, encoding="utf-8")
    ok = cli(str(good), "--policy", "cn")
    assert ok.returncode == 0 and "0 error(s)" in ok.stdout

    bad = tmp_path / "bad.yaml"
    bad.write_text(edit(GOOD_ZH, "max_refusals: 1", "max_refusals: 2"), encoding="utf-8")
    warn_only = cli(str(bad))  # no policy: the refusal cap is a warning
    assert warn_only.returncode == 0 and "warning W-" not in warn_only.stdout
    assert "warning C-MAX-REFUSALS" in warn_only.stdout

    failed = cli(str(bad), "--policy", "cn,us", "--format", "json")
    assert failed.returncode == 1
    data = json.loads(failed.stdout)
    assert set(data) == {"problems", "errors", "warnings"} and data["errors"] >= 1
    p = next(p for p in data["problems"] if p["code"] == "C-MAX-REFUSALS")
    assert set(p) == {"severity", "code", "message", "file", "line", "node"}
    assert p["severity"] == "error" and p["line"] == 10 and "第二十四条" in p["message"]


def test_cli_unreadable_file_and_unknown_policy_exit_2(tmp_path):
    assert cli(str(tmp_path / "missing.yaml")).returncode == 2
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_ZH, encoding="utf-8")
    proc = cli(str(good), "--policy", "atlantis")
    assert proc.returncode == 2 and "unknown policy 'atlantis'" in proc.stderr
    assert "cn" in proc.stderr  # lists the known ones


def test_every_code_lint_emits_is_documented():
    import re

    from designer.analysis.lint import CODES

    used = set()
    for name in ("lint", "graph", "keywords", "compliance"):
        with open(os.path.join(ROOT, "designer", "analysis", f"{name}.py"), encoding="utf-8") as fh:
            text = fh.read()
        if name == "lint":  # the table itself does not count
            text = text[text.index("def lint_script"):]
        used |= set(re.findall(r'"([CEWI]-[A-Z][A-Z-]+)"', text))
    assert used == set(CODES)


def _broken_variants(script):
    """The script with each node, then each intent, removed; with no start; with no nodes:
    the states a script passes through while it is edited."""
    for nid in list(script.nodes):
        s = script.copy()
        s.remove_node(nid)
        yield f"without node {nid}", s
    for iid in list(script.intents):
        s = script.copy()
        s.remove_intent(iid)
        yield f"without intent {iid}", s
    s = script.copy()
    s.start = ""
    yield "without start", s
    s = script.copy()
    s.nodes = {}
    yield "without nodes", s


@pytest.mark.parametrize("text", [GOOD_ZH, GOOD_EN], ids=["zh", "en"])
def test_lint_survives_half_edited_scripts(text):
    for label, script in _broken_variants(parse_script(text, "s.yaml")):
        problems = lint_script(script, ["cn", "us", "eu", "uk"])
        assert all(isinstance(p, Problem) for p in problems), label
        if label.startswith("without node"):
            assert "E-DANGLING-GOTO" in [p.code for p in problems] or \
                "E-START-MISSING" in [p.code for p in problems], label
