"""`callscript replay`: grades, coverage and grouped unanswered questions from logs."""
import dataclasses
import json
import os
import shutil

import pytest

from designer.cli import main
from designer.cli import cmd_replay
from designer.formats.script_yaml import load_script, save_script
from designer.model import Branch, Intent
from designer.simulation import unanswered as store
from designer.simulation.replay import ReplayError, replay_log

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
LOGS = os.path.join(FIXTURES, "logs")


@pytest.fixture
def work(tmp_path):
    """A copy of the design example with the logs beside it (the store is written there)."""
    shutil.copy(os.path.join(FIXTURES, "design_example.yaml"), tmp_path / "script.yaml")
    for name in os.listdir(LOGS):
        shutil.copy(os.path.join(LOGS, name), tmp_path / name)
    return tmp_path


def replay_json(capsys, *args):
    code = main(["replay", *map(str, args), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


def test_jsonl_log_gives_grade_counts_and_grouped_unanswered(work, capsys):
    data, err = replay_json(capsys, work / "script.yaml", work / "design_example.jsonl")
    assert data["calls"] == 8
    assert data["grades"] == {"A": 1, "B": 1, "C": 3, "D": 3}
    unanswered = [(u["text"], u["count"], u["nodes"]) for u in data["unanswered"]]
    assert unanswered == [("有没有车位", 3, ["opening"]),
                          ("什么价位", 2, ["introduce", "opening"]),
                          ("附近有地铁吗", 1, ["introduce"])]
    assert {m["text"] for m in data["unanswered"][0]["members"]} == \
        {"有没有车位", "有沒有車位啊？", "有没有停车位"}
    assert data["coverage"]["branches"]["covered"] == 3
    assert data["coverage"]["faq"] == {"covered": 1, "total": 3,
                                       "missing": ["faq[2] ask_visit", "faq[3] ask_robot"]}


def test_malformed_lines_are_named_with_file_and_line_and_skipped(work, capsys):
    data, err = replay_json(capsys, work / "script.yaml", work / "design_example.jsonl")
    log = str(work / "design_example.jsonl")
    assert f"{log}:6: not JSON" in err
    assert f"{log}:7: a call is a JSON object" in err
    assert f'{log}:8: "vars" must be an object' in err
    assert [s["line"] for s in data["skipped"]] == [6, 7, 8]


def test_txt_log_tries_every_utterance_at_every_listening_node(work, capsys):
    data, _err = replay_json(capsys, work / "script.yaml", work / "design_example.txt")
    assert data["calls"] == 0 and data["utterances"] == 6
    # 是的 / 多少钱 / 不需要 are understood at both listening nodes; these are not
    assert [(u["text"], u["count"], u["nodes"]) for u in data["unanswered"]] == [
        ("有没有车位", 2, ["introduce", "opening"]), ("什么价位", 1, ["introduce", "opening"])]
    assert data["coverage"]["branches"]["covered"] == 4


def test_a_txt_utterance_counts_once_in_the_store_whatever_its_nodes(work, capsys):
    replay_json(capsys, work / "script.yaml", work / "design_example.txt")
    script = load_script(str(work / "script.yaml"))
    stored = {g.text: g for g in store.groups(str(work / "script.yaml"), script=script)}
    assert (stored["有没有车位"].count, sorted(stored["有没有车位"].nodes)) == \
        (2, ["introduce", "opening"])
    # answered at one of its two nodes only: not answered
    script.add_intent("parking", Intent(keywords=("车位",)))
    opening = script.nodes["opening"]
    script.replace_node("opening", dataclasses.replace(
        opening, branches=opening.branches + (Branch("parking", "introduce"),)))
    g = store.groups(str(work / "script.yaml"), script=script)[0]
    assert (g.text, g.answered, g.answered_count, g.places) == ("有没有车位", False, 1, 2)


def test_text_report_is_readable(work, capsys):
    assert main(["replay", str(work / "script.yaml"), str(work / "design_example.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "replayed 8 calls, 17 utterances" in out
    assert "grades: A 1, B 1, C 3, D 3" in out
    assert "有没有车位  [opening]" in out and "similar: " in out


def test_adding_a_keyword_removes_the_group_from_the_next_replay(work, capsys):
    script_path, log = work / "script.yaml", work / "design_example.jsonl"
    replay_json(capsys, script_path, log)
    script = load_script(str(script_path))
    price = script.intents["ask_price"]
    script.replace_intent("ask_price", dataclasses.replace(
        price, keywords=price.keywords + ("价位",)))
    save_script(script)
    # the stored group is shown as answered at once ...
    stored = {g.text: g for g in store.groups(str(script_path), script=script)}
    assert stored["什么价位"].answered is True and stored["有没有车位"].answered is False
    # ... and the next replay no longer has it
    data, _err = replay_json(capsys, script_path, log)
    assert "什么价位" not in [u["text"] for u in data["unanswered"]]
    assert "什么价位" not in [g.text for g in store.groups(str(script_path))]
    assert [g.count for g in store.groups(str(script_path))] == [3, 1]  # not doubled


def test_unknown_or_missing_logs_are_one_clear_error(work, capsys):
    (work / "calls.csv").write_text("a,b\n", encoding="utf-8")
    assert main(["replay", str(work / "script.yaml"), str(work / "calls.csv")]) == 2
    assert "unknown kind of log" in capsys.readouterr().err
    assert main(["replay", str(work / "script.yaml"), str(work / "nope.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "nope.jsonl: cannot read the log" in err and "Traceback" not in err


def test_not_utf8_lines_are_skipped(work):
    (work / "mixed.txt").write_bytes("是的\n".encode() + b"\xff\xfe bad\n" + "好的\n".encode())
    script = load_script(str(work / "script.yaml"))
    report = replay_log(script, str(work / "mixed.txt"), record=False)
    assert report.utterances == 2
    assert [(p.line, p.message) for p in report.problems] == [(2, "not UTF-8 text")]


def test_large_logs_show_progress_on_stderr(work, capsys, monkeypatch):
    monkeypatch.setattr(cmd_replay, "_PROGRESS_FROM", 0)
    with open(work / "big.txt", "w", encoding="utf-8") as fh:
        for i in range(12000):
            fh.write(f"第{i}个问题\n")
    assert main(["replay", str(work / "script.yaml"), str(work / "big.txt"), "--no-store"]) == 0
    err = capsys.readouterr().err
    assert "replay" in err and "100%" in err
    assert not (work / "script.unanswered.sqlite").exists()  # --no-store


def test_progress_callback_reaches_the_end(work):
    script = load_script(str(work / "script.yaml"))
    seen = []
    report = replay_log(script, str(work / "design_example.jsonl"), record=False,
                        progress=lambda done, total: seen.append((done, total)))
    size = os.path.getsize(work / "design_example.jsonl")
    assert seen[-1] == (size, size) and report.calls == 8


def test_log_kind_comes_from_the_extension(work):
    script = load_script(str(work / "script.yaml"))
    with pytest.raises(ReplayError):
        replay_log(script, str(work / "calls.log"))
