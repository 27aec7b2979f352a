"""The command line as a user runs it: exit codes, messages, no tracebacks."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")
CASES = os.path.join(ROOT, "tests", "fixtures", "design_example.cases.yaml")


def cli(*args, stdin=""):
    proc = subprocess.run([sys.executable, "-m", "designer", *args], input=stdin, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_piped_chat_prints_the_robot_lines_and_ends_cleanly():
    proc = cli("chat", EXAMPLE, stdin="是的\n")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("robot> 您好王先生，我是安居地产有限公司的AI语音助手")
    assert lines[1].startswith("robot> 我们新推出的湖景房源")
    assert "-- end: customer_hangup" in lines


def test_chat_with_variable_and_silence():
    proc = cli("chat", EXAMPLE, "--var", "customer_name=李女士", stdin="\n别再打了\n")
    assert "robot> 您好李女士" in proc.stdout and "喂，您好，能听到吗？" in proc.stdout
    assert "-- flags: do_not_call" in proc.stdout


def test_bad_var_option_is_a_clear_error():
    proc = cli("chat", EXAMPLE, "--var", "oops")
    assert proc.returncode == 2 and "name=value" in proc.stderr


def test_test_command_passes_and_reports_json_shape():
    proc = cli("test", CASES, "--format", "json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["passed"] == 2 and data["failed"] == 0
    assert set(data["coverage"]) == {"nodes", "branches", "intents", "keywords", "faq"}
    assert data["coverage"]["nodes"]["total"] == 4


def test_wrong_expectation_exits_1_and_names_the_turn_and_what_the_robot_did(tmp_path):
    cases = tmp_path / "wrong.yaml"
    cases.write_text(f"script: {EXAMPLE}\ncases:\n  - name: wrong\n    turns:\n"
                     "      - user: 不需要\n      - expect_node: introduce\n", encoding="utf-8")
    proc = cli("test", str(cases))
    assert proc.returncode == 1
    assert "turn 2 (line 6): expected the robot at introduce, but it is at goodbye" in proc.stdout
    assert "matched refuse by '不需要'" in proc.stdout
    assert "0 passed, 1 failed" in proc.stdout


def test_junit_report_is_written(tmp_path):
    out = tmp_path / "junit.xml"
    assert cli("test", CASES, "--junit", str(out)).returncode == 0
    assert 'tests="2" failures="0"' in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("content, code, needle", [
    ("callscript: 1\nname: [x\n", 2, ":3:1: error E-YAML"),
    ("callscript: 1\nname: x\nflow: {start: a, nodes: {a: {say: hi, branches: "
     "[{intent: nope, goto: b}]}}}\n", 1, "E-UNKNOWN-INTENT"),
    ("callscript: 1\nname: x\nflow: {start: a, nodes: {a: {say: 1, bad: 2}}}\n", 1,
     "E-UNKNOWN-KEY"),
])
def test_validate_malformed(tmp_path, content, code, needle):
    p = tmp_path / "bad.yaml"
    p.write_text(content, encoding="utf-8")
    proc = cli("validate", str(p))
    assert proc.returncode == code and needle in proc.stdout and str(p) in proc.stdout


def test_missing_file_and_unknown_command():
    assert cli("validate", "/nonexistent.yaml").returncode == 2
    proc = cli("frobnicate")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
