"""The unanswered-question store: what the writer sees in the unanswered list."""
import dataclasses
import os
import shutil
import sqlite3

import pytest

from designer.cli import main
from designer.engine import Engine
from designer.formats.script_yaml import load_script
from designer.model import Branch, Intent
from designer.simulation import unanswered as store

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "design_example.yaml"
    shutil.copy(FIXTURE, path)
    return load_script(str(path))


def call(script, *turns):
    c = Engine(script).start()
    for t in turns:
        c.utter(t)
    c.hangup()
    return c.result


def test_store_lives_beside_the_script_with_a_versioned_wal_schema(script, tmp_path):
    store.record_results(script, [call(script, "有没有车位")], source="simulator")
    path = tmp_path / "design_example.unanswered.sqlite"
    assert path.exists()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    row = con.execute("SELECT node, text, normalized, source FROM unanswered").fetchone()
    assert row == ("opening", "有没有车位", "有没有车位", "simulator")
    assert con.execute("SELECT time FROM unanswered").fetchone()[0]


def test_a_store_from_a_newer_version_is_refused_clearly(script, tmp_path):
    con = sqlite3.connect(tmp_path / "design_example.unanswered.sqlite")
    con.execute("PRAGMA user_version = 99")
    con.close()
    with pytest.raises(store.StoreError, match="newer version"):
        store.record_results(script, [call(script, "随便")], source="simulator")


def test_same_question_in_traditional_and_with_punctuation_is_one_group(script):
    results = [call(script, "有没有车位"), call(script, "有沒有車位？"),
               call(script, "有没有车位", "有没有车位")]
    store.record_results(script, results, source="simulator")
    groups = store.groups(script.path)
    assert len(groups) == 1
    g = groups[0]
    assert (g.text, g.count, g.nodes) == ("有没有车位", 4, ["opening"])


def test_similar_questions_cluster_under_the_most_frequent(script):
    results = [call(script, "附近有地铁吗"), call(script, "附近有地铁吗"),
               call(script, "附近有没有地铁"), call(script, "你们是什么公司")]
    store.record_results(script, results, source="simulator")
    groups = store.groups(script.path)
    assert [(g.text, g.count) for g in groups] == [("附近有地铁吗", 3), ("你们是什么公司", 1)]
    assert [m.text for m in groups[0].members] == ["附近有地铁吗", "附近有没有地铁"]


def test_the_suggested_keyword_is_what_similar_questions_share(script):
    said = ["嗯附近有学校吗啊", "嗯附近有学校吗啊", "请问附近有学校吗", "附近有学校吗呢"]
    store.record_results(script, [call(script, s) for s in said], source="simulator")
    [group] = store.groups(script.path)
    assert group.text == "嗯附近有学校吗啊" and group.count == 4
    assert store.suggested_phrase(group) == "附近有学校吗"


def test_a_shared_phrase_that_is_not_the_question_is_not_suggested(script):
    said = ["有没有车位", "有没有停车位", "有没有车位啊"]
    store.record_results(script, [call(script, s) for s in said], source="simulator")
    [group] = store.groups(script.path)
    assert store.suggested_phrase(group) == "有没有车位"  # not the shared 有没有


def test_nodes_are_listed_most_frequent_first(script):
    at_intro = call(script, "是的", "附近有地铁吗", "附近有地铁吗")
    store.record_results(script, [at_intro, call(script, "附近有地铁吗")], source="simulator")
    assert store.groups(script.path)[0].nodes == ["introduce", "opening"]


def test_a_group_is_answered_once_the_script_matches_it_at_its_nodes(script):
    store.record_results(script, [call(script, "什么价位"), call(script, "是的", "什么价位啊")],
                         source="simulator")
    before = store.groups(script.path, script=script)
    assert before[0].answered is False
    price = script.intents["ask_price"]
    script.replace_intent("ask_price", dataclasses.replace(
        price, keywords=price.keywords + ("价位",)))
    after = store.groups(script.path, script=script)
    assert after[0].text == "什么价位" and after[0].answered is True
    assert (after[0].answered_count, after[0].places) == (2, 2)


def test_a_group_answered_at_one_of_its_nodes_only_is_not_answered(script):
    store.record_results(script, [call(script, "有没有车位"), call(script, "是的", "有没有车位")],
                         source="simulator")
    script.add_intent("parking", Intent(label="车位", keywords=("车位",)))
    opening = script.nodes["opening"]
    script.replace_node("opening", dataclasses.replace(
        opening, branches=opening.branches + (Branch("parking", "introduce"),)))
    g = store.groups(script.path, script=script)[0]
    assert (g.answered, g.answered_count, g.places, g.count) == (False, 1, 2, 2)


def test_rerunning_tests_or_a_replay_replaces_their_earlier_rows(script):
    result = call(script, "有没有车位")
    store.record_results(script, [result], source="test")
    store.record_results(script, [result], source="test")
    store.record_results(script, [result], source="simulator")
    store.record_results(script, [result], source="simulator")
    assert store.groups(script.path)[0].count == 3  # one test run + two simulated calls


def test_marking_hides_what_was_recorded_but_not_what_comes_later(script):
    store.record_results(script, [call(script, "有没有车位")], source="simulator")
    store.mark_answered(script.path, ["有没有车位"])
    assert store.groups(script.path) == []
    store.record_results(script, [call(script, "有没有车位？")], source="simulator")
    assert [g.count for g in store.groups(script.path)] == [1]


def test_an_unsaved_script_records_nothing(script, tmp_path):
    script.path = None
    assert store.record_results(script, [call(script, "有没有车位")], source="simulator") == 0
    assert not list(tmp_path.glob("*.sqlite"))


def test_callscript_test_feeds_the_store(tmp_path, capsys):
    shutil.copy(FIXTURE, tmp_path / "design_example.yaml")
    (tmp_path / "cases.yaml").write_text(
        "script: design_example.yaml\ncases:\n"
        "  - name: asks about parking\n    turns:\n      - user: 有没有车位\n"
        "    expect: {unanswered: 1}\n", encoding="utf-8")
    assert main(["test", str(tmp_path / "cases.yaml")]) == 0
    assert main(["test", str(tmp_path / "cases.yaml")]) == 0
    groups = store.groups(str(tmp_path / "design_example.yaml"))
    assert [(g.text, g.count) for g in groups] == [("有没有车位", 1)]


def test_a_damaged_store_is_one_clear_line_not_a_traceback(tmp_path, capsys):
    shutil.copy(FIXTURE, tmp_path / "design_example.yaml")
    (tmp_path / "design_example.unanswered.sqlite").write_bytes(b"this is not a database" * 50)
    script = load_script(str(tmp_path / "design_example.yaml"))
    with pytest.raises(store.StoreError, match="design_example.unanswered.sqlite"):
        store.record_results(script, [call(script, "有没有车位")], source="simulator")
    (tmp_path / "cases.yaml").write_text(
        "script: design_example.yaml\ncases:\n  - name: parking\n    turns:\n"
        "      - user: 有没有车位\n", encoding="utf-8")
    assert main(["test", str(tmp_path / "cases.yaml")]) == 0
    err = capsys.readouterr().err
    assert "could not record unanswered questions" in err and "Traceback" not in err
    assert main(["replay", str(tmp_path / "design_example.yaml"),
                 os.path.join(ROOT, "tests", "fixtures", "logs", "design_example.txt")]) == 2
    assert "could not record unanswered questions" in capsys.readouterr().err
