"""`callscript run PACKAGE --jsonl`: the dialer protocol of docs/DIALER.md, as a dialer sees it."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

from designer import cli
from designer.cli.cmd_run import jsonl_loop
from designer.engine import Engine
from designer.formats.package import export_package
from designer.formats.package_reader import read_package
from designer.formats.script_yaml import load_script

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")
DIALER_MD = os.path.join(ROOT, "docs", "DIALER.md")

TRANSFER_SCRIPT = """\
callscript: 1
name: Transfer check
language: en-US
limits: {max_turns: 6, max_refusals: 1, max_no_match: 1, max_no_input: 1, on_limit: bye}
intents:
  human: {label: wants a person, keywords: [agent, person]}
  stop: {label: stop calling, kind: opt_out, keywords: [stop calling]}
flow:
  start: hello
  nodes:
    hello:
      say: Hello, this is an automated assistant. Say agent to talk to a person.
      branches:
        - {intent: human, goto: transfer}
    transfer:
      say: Connecting you now.
      end: transfer
      transfer_to: support_queue
      transfer_fallback: Nobody is free right now. We will call you back. Goodbye.
    bye:
      say: Goodbye.
      end: hangup
"""


@pytest.fixture(scope="session", autouse=True)
def _tts_cache(tmp_path_factory):
    if not os.environ.get("CALLSCRIPT_CACHE_DIR"):
        os.environ["CALLSCRIPT_CACHE_DIR"] = str(tmp_path_factory.mktemp("tts-cache"))


@pytest.fixture(scope="module")
def house(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("house")
    shutil.copy(EXAMPLE, folder)
    report = export_package(load_script(str(folder / "design_example.yaml")),
                            str(folder / "house.zip"))
    assert report.ok
    return report.path


def talk(pkg: str, lines, variables=None) -> list[dict]:
    package = read_package(pkg)
    out = io.StringIO()
    jsonl_loop(package, Engine(package.script), variables or {}, lines, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def doc_blocks() -> dict[str, str]:
    """The worked example's code blocks in docs/DIALER.md, by what precedes them."""
    text = open(DIALER_MD, encoding="utf-8").read()
    example = text[text.index("### Worked example"):]
    blocks = re.findall(r"\n([^\n]*)\n\n```(\w+)\n(.*?)```", example, re.S)
    return {intro.strip(): body for intro, _, body in blocks}


def test_worked_example_in_dialer_md_is_what_run_prints(house, capsys, monkeypatch):
    blocks = doc_blocks()
    events = blocks["events.jsonl:"]
    shown = blocks["stdout (the `result` line is shown below, indented):"].splitlines()
    result = json.loads(blocks["The `result` line:"])
    monkeypatch.setattr("sys.stdin", io.StringIO(events))
    code = cli.main(["run", house, "--jsonl", "--var", "customer_name=李女士"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[:-1] == shown
    assert json.loads(lines[-1]) == result


def test_call_starts_before_any_input_and_stops_reading_when_it_ends(house):
    read = []

    def lines():
        for line in ('{"event": "utterance", "text": "别再打了"}\n',
                     '{"event": "utterance", "text": "read after the end"}\n'):
            read.append(line)
            yield line

    messages = talk(house, lines())
    assert [m["action"] for m in messages] == ["play", "play", "hangup", "result"]
    assert messages[0]["prompt"] == "opening" and messages[0]["runtime_tts"] is True
    assert messages[1]["audio"] == "audio/builtin.opt_out.wav"
    assert messages[-1]["end_reason"] == "opt_out" and messages[-1]["flags"] == ["do_not_call"]
    assert len(read) == 1  # the dialer is not kept waiting for a line nobody needs


def test_malformed_lines_get_an_error_and_the_call_goes_on(house):
    lines = ['[1, 2]\n', '{"event": "dance"}\n', '{"text": "hi"}\n', '\n',
             '{"event": "utterance"}\n', '{"event": "utterance", "text": "我不需要"}\n']
    messages = talk(house, lines)
    errors = [m for m in messages if m["action"] == "error"]
    assert [e["line"] for e in errors] == [1, 2, 3, 5]
    assert "unknown event 'dance'" in errors[1]["message"]
    assert "needs \"text\"" in errors[3]["message"]
    assert messages[-1]["action"] == "result"
    assert messages[-1]["counters"]["turns"] == 1  # only the real utterance was a turn
    assert messages[-1]["path"] == ["opening", "goodbye"]


def test_hangup_event_and_end_of_input_are_the_caller_leaving(house):
    messages = talk(house, ['{"event": "silence"}\n', '{"event": "hangup"}\n'])
    assert [m["action"] for m in messages] == ["play", "play", "result"]
    assert messages[1]["prompt"] == "opening.no_input"
    assert messages[-1]["end_reason"] == "customer_hangup"
    messages = talk(house, [])
    assert [m["action"] for m in messages] == ["play", "result"]
    assert messages[-1]["end_reason"] == "customer_hangup"


def test_transfer_action_names_the_queue_and_the_fallback(tmp_path):
    script_path = tmp_path / "transfer.yaml"
    script_path.write_text(TRANSFER_SCRIPT, encoding="utf-8")
    report = export_package(load_script(str(script_path)), str(tmp_path / "t.zip"))
    assert report.ok, [p.format() for p in report.blocking]
    messages = talk(report.path, ['{"event": "utterance", "text": "An agent, please!"}\n'])
    assert [m["action"] for m in messages] == ["play", "play", "transfer", "result"]
    transfer = messages[2]
    assert transfer["target"] == "support_queue"
    assert transfer["fallback"] == {
        "text": "Nobody is free right now. We will call you back. Goodbye.",
        "audio": "audio/transfer.transfer_fallback.wav", "prompt": "transfer.transfer_fallback"}
    assert messages[-1]["end_reason"] == "transferred"
    assert messages[-1]["transfer_to"] == "support_queue"


def test_a_dialer_process_gets_each_answer_before_sending_the_next_event(house):
    """Over real pipes: every action line is flushed at once, or a dialer would wait forever."""
    proc = subprocess.Popen([sys.executable, "-m", "designer", "run", house, "--jsonl"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT)
    watchdog = threading.Timer(30, proc.kill)
    watchdog.start()
    try:
        first = json.loads(proc.stdout.readline())
        assert first["action"] == "play" and first["node"] == "opening"
        proc.stdin.write('{"event": "utterance", "text": "有需要"}\n')
        proc.stdin.flush()
        second = json.loads(proc.stdout.readline())
        assert second["action"] == "play" and second["node"] == "introduce"
        proc.stdin.write('{"event": "utterance", "text": "不用了"}\n')
        proc.stdin.flush()
        rest = [json.loads(proc.stdout.readline()) for _ in range(3)]
        assert [m["action"] for m in rest] == ["play", "hangup", "result"]
        assert rest[-1]["path"] == ["opening", "introduce", "goodbye"]
        assert proc.wait(timeout=20) == 0
    finally:
        watchdog.cancel()
        proc.kill()
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()
