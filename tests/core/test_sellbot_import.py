"""Importing the sellbot sample (a bank's credit-campaign script written for another robot):
it validates, and driven with its own keywords it takes the paths its author drew."""
from __future__ import annotations

import contextlib
import copy
import io
import json
import os

import pytest

from designer import cli
from designer.analysis.structure import check_structure
from designer.engine import Engine
from designer.formats.importers import ImportFailed
from designer.formats.importers.sellbot import import_sellbot, import_sellbot_data
from designer.formats.script_yaml import load_script

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "tests", "fixtures", "sellbot", "sample.json")
VALUES = {"$0001": "张三", "$0002": "贷款送好礼", "$0003": "2025-01-31", "$0004": "2000"}


@pytest.fixture(scope="module")
def sellbot() -> dict:
    with open(SAMPLE, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The sample imported through the command line and loaded back from the written file."""
    out = tmp_path_factory.mktemp("sellbot") / "script.yaml"
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["import", SAMPLE, "--from", "sellbot", "-o", str(out)])
    return code, out, err.getvalue(), load_script(str(out))


def said(sellbot, domain: str, branch: str = "enter", response: int = 0) -> str:
    """A sellbot response text with the variables filled as sellbot fills them."""
    text = sellbot["domains"][domain]["branches"][branch]["responses"][response]["text"]
    for code, value in VALUES.items():
        text = text.replace(code, value)
    return text


def keywords(sellbot, domain: str, branch: str) -> list[str]:
    return sellbot["domains"][domain]["branches"][branch]["keywords"]["simple"]


def start(script):
    return Engine(script).start({f"v{code[1:]}": v for code, v in VALUES.items()})


def test_import_exits_0_validates_and_lists_what_did_not_map(imported):
    code, out, err, script = imported
    assert code == 0
    assert [p for p in check_structure(script) if p.severity == "error"] == []
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported from sellbot file ")
    for unmapped in ("澄清打断", "forceInterruptedJumpTo", "intentionCondition",
                     "missMatchConfig", "结束_出错", "13.wav"):
        assert unmapped in err, unmapped
        assert unmapped in text.split("callscript: 1")[0], unmapped  # the # report
    # compliance fields sellbot has no notion of are left for lint to ask for
    assert script.business.legal_name == "" and script.calling_window is None


def test_names_become_ids_and_the_original_name_is_kept(imported, sellbot):
    script = imported[3]
    assert script.start == "开场白"
    assert set(script.nodes) >= {"开场白", "来电目的", "结束_成功", "结束_非本人", "结束", "结束_失败"}
    assert script.nodes["结束_成功"].note == "sellbot: 结束（成功）"
    assert script.nodes["结束_成功"].end == "hangup"
    assert script.nodes["开场白"].audio == "audio/1.wav"
    assert script.variables["v0001"].label == "客户姓名 (cust_name)"
    assert "{v0001}" in script.nodes["开场白"].say
    assert script.limits.max_turns == sellbot["options"]["maxRounds"]
    assert script.intents["问机器人"].kind == "robot_question"
    assert "你是&机器人" in script.intents["问机器人"].keywords


def test_main_path_identity_purpose_agreement_success(imported, sellbot):
    script = imported[3]
    call = start(script)
    assert call.actions[0].text == said(sellbot, "开场白")
    assert call.node == "开场白"
    actions = call.utter(keywords(sellbot, "开场白", "身份确认")[0])
    assert call.node == "来电目的" and actions[0].text == said(sellbot, "来电目的")
    actions = call.utter(keywords(sellbot, "来电目的", "同意")[0])
    assert actions[0].text == said(sellbot, "结束（成功）")
    assert call.ended and call.result.end_reason == "completed"
    assert call.result.path == ["开场白", "来电目的", "结束_成功"]
    assert (call.result.grade, call.result.grade_rule) == ("A", "强意向")  # 2 turns


@pytest.mark.parametrize("domain,branch", [("开场白", "身份确认"), ("开场白", "非本人"),
                                           ("来电目的", "同意"), ("来电目的", "拒绝")])
def test_every_keyword_of_every_main_branch_goes_where_sellbot_sends_it(imported, sellbot,
                                                                     domain, branch):
    script = imported[3]
    target = sellbot["domains"][domain]["branches"][branch]["next"]
    for keyword in keywords(sellbot, domain, branch):
        call = start(script)
        if domain == "来电目的":
            call.utter("是的")
        call.utter(f"嗯，{keyword}。")
        assert script.nodes[call.result.path[-1]].note == f"sellbot: {target}", keyword


def test_refusal_path(imported, sellbot):
    script = imported[3]
    # a "no" to the offer ends politely, as the author's 拒绝 branch says
    call = start(script)
    call.utter("是的")
    actions = call.utter("不需要")
    assert actions[0].text == said(sellbot, "结束")
    assert call.result.end_reason == "completed" and call.result.path[-1] == "结束"
    # the refused dialog: asked once more, then the end_fail goodbye
    call = start(script)
    call.utter("是的")
    actions = call.utter(keywords(sellbot, "拒绝", "enter")[0])
    assert actions[0].text == said(sellbot, "拒绝") and not call.ended
    assert call.node == "来电目的"
    actions = call.utter("我说了不参与")
    assert actions[0].text == said(sellbot, "结束_失败")
    assert call.result.end_reason == "limit" and call.result.counters["refusals"] == 2
    assert (call.result.grade, call.result.grade_rule) == ("F", "客户拒绝")


def test_global_dialogs_silence_and_questions(imported, sellbot):
    script = imported[3]
    call = start(script)
    actions = call.silence()
    assert actions[0].text == said(sellbot, "静音") and call.node == "开场白"
    actions = call.utter("你是不是机器人啊")  # not 非本人's 不是: the longer keyword wins
    assert actions[0].text == said(sellbot, "业务问答", "问机器人") and call.node == "开场白"
    actions = call.utter("信号不好，再说一遍")  # 用户不清: repeat
    assert actions[0].text == said(sellbot, "开场白")
    call.utter("是我")
    actions = call.utter("怎么参与呢")
    assert actions[0].text == said(sellbot, "业务问答", "问参与方式") and call.node == "来电目的"
    actions = call.utter("我现在在忙")
    assert actions[0].text == said(sellbot, "结束_在忙") and call.ended
    call = start(script)
    actions = call.utter("我要投诉你们")
    assert actions[0].text == said(sellbot, "结束_失败")


def test_exact_keywords_intentions_and_unmappable_rules(sellbot):
    data = copy.deepcopy(sellbot)
    data["domains"]["来电目的"]["branches"]["同意"]["keywords"]["exact"] = ["行"]
    data["intentions"]["intentionRules"].append(
        {"code": "S", "displayName": "沉默", "expression": "status.SilenceCount >= 2 || true"})
    data["intentions"]["intentionRules"].append(
        {"code": "E", "displayName": "短", "expression": "status.RefusedCount == 0 && "
                                                         "status.ConversationCount > 3"})
    result = import_sellbot_data(data, "edited.json")
    script = result.script
    assert "re:^行$" in script.intents["同意"].keywords
    engine = Engine(script)
    assert engine.match("来电目的", "行")[1].intent == "同意"
    assert engine.match("来电目的", "行不行")[1].intent != "同意"  # exact: the whole utterance
    assert any("intention S (沉默) not mapped" in n and "||" in n for n in result.notes)
    rule = next(r for r in script.grading.rules if r.grade == "E")
    assert (rule.when.max_refusals, rule.when.min_turns) == (0, 4)


def test_output_that_would_not_validate_exits_1_and_broken_input_exits_2(sellbot, tmp_path,
                                                                        capsys):
    data = copy.deepcopy(sellbot)
    data["domains"]["来电目的"]["branches"]["enter"]["responses"] = []  # says nothing
    src = tmp_path / "broken.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "broken.yaml"
    assert cli.main(["import", str(src), "--from", "sellbot", "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "E-EMPTY-SAY" in captured.out and "does not validate" in captured.err
    assert out.exists()  # written anyway, to be fixed by hand
    src.write_text("{not json", encoding="utf-8")
    assert cli.main(["import", str(src), "--from", "sellbot", "-o", str(out)]) == 2
    assert "not JSON" in capsys.readouterr().err
    with pytest.raises(ImportFailed, match="no \"domains\""):
        import_sellbot_data({"name": "x"}, "x.json")


def test_import_is_deterministic():
    first = import_sellbot(SAMPLE)
    second = import_sellbot(SAMPLE)
    assert first.notes == second.notes
    assert first.script == second.script


WEIRD = [None, 1, "", "x", [], {}, [1, 2], [[1]], {"a": 1}, True, "$0009", "repeat", "../x",
         "a&b", "re:("]


def _paths(value, path=()):
    yield path
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, child in items:
        yield from _paths(child, path + (key,))


def test_damaged_files_never_crash_the_importer(sellbot):
    """Any value anywhere replaced by something of the wrong type: a result or ImportFailed,
    never a traceback."""
    import random

    rng = random.Random(20240601)
    paths = list(_paths(sellbot))[1:]
    for _ in range(300):
        data = copy.deepcopy(sellbot)
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            parent = data
            try:
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = rng.choice(WEIRD)
            except (KeyError, IndexError, TypeError):
                pass  # an earlier change removed that spot
        try:
            result = import_sellbot_data(data, "damaged.json")
        except ImportFailed:
            continue
        assert result.script.nodes is not None
