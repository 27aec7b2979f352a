"""Problem messages in English and Chinese (designer/model/messages): both catalogues hold the
same ids with the same {placeholders}; every id a check can make is in them; and the problems
that real scripts produce (the samples, the fixtures, and broken scripts made here to produce
every code of docs/CHECKS.md) render in Chinese with their real parameters: no KeyError, no
{placeholder} left, Chinese text, and node ids and keywords as written."""
from __future__ import annotations

import ast
import glob
import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from designer.analysis.lint import lint_script
from designer.analysis.policies import parse_policy
from designer.formats.script_yaml import load_script, parse_script
from designer.model import CallingWindow, Problem, ScriptFileError
from designer.model.messages import (
    LANGUAGES, Msg, Seq, catalogue, normalize_lang, placeholders,
)
from designer.model.messages import en, zh_CN

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRODUCERS = ("designer/analysis", "designer/formats", "designer/audio/checks.py",
             "designer/model", "designer/cli")
HAN = re.compile(r"[\u4e00-\u9fff]")
LEFTOVER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(![rsa])?(:[^{}]*)?\}")

# ---- broken scripts: together they produce every code of docs/CHECKS.md --------------------
BROKEN_LOAD = """\
callscript: 2
name: [not, text]
colour: red
voice: {engin: x, rate: 5}
calling_window: {timezone: Asia/Shanghai, days: [mon, xyz], hours: ["9-12"]}
limits: {max_turns: many, max_refusals: -1}
variables:
  "bad id!": {label: x}
intents:
  a: {kind: sometimes, keywords: {x: 1}, lable: y}
  b: 7
flow:
  start: s
  nodes:
    s:
      say: hi
      sayy: typo
      position: [1]
      end: maybe
      branches: [5, {intent: a}]
      no_match: 3
faq:
  - {intent: a, reply: r, then: hangup, goto: s}
  - {reply: x}
grading:
  rules:
    - {grade: A, when: {end_reason: nope, min_turns: x}}
    - {label: no grade}
business: {legal_name: X, legal_name: Y}
version: !custom 1
policies: !!int twelve
"""

BROKEN_KEY = """\
callscript: 1
name: x
? [a, b]
: 1
flow: {start: s, nodes: {s: {say: hi, end: hangup}}}
"""

# structure and graph
BROKEN_FLOW = """\
callscript: 1
name: 结构问题
language: zh-CN
policies: [mars]
limits: {max_turns: 8, max_refusals: 3, on_limit: nowhere}
variables:
  name: {label: 称呼, example: 王先生}
  unused: {label: 没用到, example: x}
intents:
  affirm: {keywords: [是的, 好的]}
  price: {keywords: [多少钱]}
  badre: {keywords: ["re:(unclosed"]}
flow:
  start: hello
  nodes:
    hello:
      say: 您好{name}{missing_var}，请问您需要吗？
      branches:
        - {intent: affirm, goto: hello}
        - {intent: price, goto: ghost}
        - {intent: nope, goto: loop_a}
      next: loop_a
      end: hangup
      no_match: {reply: 没听清, then: hello}
      no_input: {reply: 喂, then: nowhere}
      transfer_to: sales
    loop_a:
      say: 循环A
      branches:
        - {intent: affirm, goto: loop_b}
    loop_b:
      say: 循环B
      branches:
        - {intent: affirm, goto: loop_a}
    stuck:
      say: 卡住了
      branches:
        - {intent: price, goto: stuck2}
    stuck2:
      say: 还是卡住
      branches:
        - {intent: price, goto: stuck}
    feeder:
      say: 只通向死循环
      branches:
        - {intent: affirm, goto: loop_a}
    lonely:
      say: " "
      end: transfer
    ring_a: {say: 一, next: ring_b}
    ring_b: {say: 二, next: ring_a}
    ring_c: {say: 三, next: gone}
faq:
  - {intent: ghost_intent, reply: "", goto: ghost}
grading:
  rules:
    - {grade: A, when: {reached_any: [nowhere], intents_any: [nothing]}}
"""

BROKEN_GRAPH = """\
callscript: 1
name: 流程图问题
limits: {max_turns: 8, on_limit: limit_ask}
intents:
  affirm: {keywords: [是的]}
  price: {keywords: [多少钱]}
  other: {keywords: [别的]}
flow:
  start: hello
  nodes:
    hello:
      say: 你好
      branches:
        - {intent: affirm, goto: loop_a}
        - {intent: price, goto: feeder}
        - {intent: other, goto: bye}
    loop_a: {say: 循环A, branches: [{intent: affirm, goto: loop_b}]}
    loop_b: {say: 循环B, branches: [{intent: affirm, goto: loop_a}]}
    feeder: {say: 只通向死胡同, branches: [{intent: price, goto: dead_end}]}
    dead_end: {say: 等待，但哪儿也去不了}
    limit_ask: {say: 还在吗？}
    bye: {say: 再见, end: hangup}
"""

LIMIT_TRANSFER = """\
callscript: 1
name: 上限转人工
limits: {on_limit: sorry}
intents:
  refuse: {kind: refusal, keywords: [不要]}
flow:
  start: hello
  nodes:
    hello: {say: 你好, branches: [{intent: refuse, goto: sorry}]}
    sorry: {say: 抱歉, next: agent}
    agent: {say: 转接中, end: transfer, transfer_to: sales, transfer_fallback: 坐席忙}
"""

NO_NODES = """\
callscript: 1
name: 空流程
flow: {start: "", nodes: {}}
"""

START_MISSING = """\
callscript: 1
name: 起点不存在
flow: {start: nothere, nodes: {a: {say: 你好, end: hangup}}}
"""

# keywords and faq
BROKEN_KEYWORDS = """\
callscript: 1
name: 关键词问题
language: zh-CN
business: {legal_name: 某某科技有限公司}
limits: {on_limit: limit_ask}
intents:
  affirm: {keywords: [是的, 需要, 好的]}
  affirm2: {keywords: [好的]}
  refuse: {kind: refusal, keywords: [不需要, 没兴趣, 别再打]}
  stop: {kind: opt_out, keywords: [别再打, 是的呢]}
  robot: {kind: robot_question, keywords: [机器人]}
  excl: {keywords: [不问价格], exclude: [不问]}
  shadow: {keywords: [行不行, 不问了], exclude: [不问]}
  empty: {keywords: ["！！"]}
  greedy: {keywords: ["re:x*"]}
  slow: {keywords: ["re:(a|aa)+$"]}
  lonely: {keywords: [孤单]}
  nothing: {keywords: []}
  ask: {keywords: [问问]}
  optrx: {keywords: ["是的呢呢", "re:的呢"]}
flow:
  start: hello
  nodes:
    hello:
      say: 您好，我是AI语音助手，请问您有需要吗？
      branches:
        - {intent: affirm, goto: bye}
        - {intent: affirm2, goto: bye}
        - {intent: excl, goto: bye}
        - {intent: ask, goto: bye}
        - {intent: shadow, goto: bye}
        - {intent: stop, goto: bye}
        - {intent: optrx, goto: bye}
    limit_ask:
      say: 还有别的问题吗？
      branches:
        - {intent: affirm, goto: bye}
    bye: {say: 再见, end: hangup}
faq:
  - {intent: stop, reply: 好的, goto: bye}
  - {intent: ask, reply: 请问}
  - {intent: ask, reply: 又问}
  - {intent: nothing, reply: 空的}
grading:
  rules:
    - {grade: B, when: {intents_any: [nothing]}}
"""

# compliance (with policies cn, us, eu, uk)
BROKEN_COMPLIANCE = """\
callscript: 1
name: 合规问题
language: zh-CN
business: {legal_name: 安居地产有限公司, callback_number: 400-111-2222,
           consent: {basis: legitimate_interest, source: ""}}
calling_window: {timezone: Mars/Base, days: [mon, sun], hours: ["07:00-13:00"]}
limits: {max_turns: 10, max_refusals: 3, on_limit: agent}
intents:
  affirm: {keywords: [是的]}
  stop: {kind: opt_out, keywords: [别再打]}
  robot: {kind: robot_question, keywords: [机器人]}
  robot2: {kind: robot_question, keywords: [真人吗]}
  refuse: {kind: refusal, keywords: [不要]}
flow:
  start: hello
  nodes:
    hello:
      say: 您好，请问您是王先生吗？我是安居地产有限公司的真人客服，人工智能为您服务。
      branches:
        - {intent: affirm, goto: agent}
        - {intent: robot, goto: human}
    human: {say: 我是真人客服。, end: hangup}
    agent: {say: 为您转接, end: transfer, transfer_to: sales}
faq:
  - {intent: stop, reply: 好的，您确定吗？}
"""

BARE_COMPLIANCE = """\
callscript: 1
name: bare
language: en-US
business: {consent: {basis: "", source: x}}
calling_window: {days: [mon], hours: []}
intents:
  stop: {kind: opt_out, keywords: ["!!"]}
flow:
  start: hello
  nodes:
    hello: {say: Hello there., next: bye}
    bye: {say: Goodbye., end: hangup}
"""

LATE_COMPLIANCE = """\
callscript: 1
name: late
language: zh-CN
business: {legal_name: 安居地产有限公司}
calling_window: {timezone: Asia/Shanghai, hours: ["09:00-11:00"]}
intents:
  stop: {kind: opt_out, keywords: [别再打]}
flow:
  start: hello
  nodes:
    hello: {say: 您好，请问您方便吗？我是安居地产有限公司的AI助手。, end: hangup}
"""

SCRIPTS = {"flow": BROKEN_FLOW, "graph": BROKEN_GRAPH, "limit_transfer": LIMIT_TRANSFER,
           "no_nodes": NO_NODES, "start_missing": START_MISSING,
           "keywords": BROKEN_KEYWORDS, "compliance": BROKEN_COMPLIANCE,
           "bare": BARE_COMPLIANCE, "late": LATE_COMPLIANCE}
POLICIES = ("cn", "us", "eu", "uk")


def _write(tmp_path, name: str, text) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _problems_of(path: str, policies=()) -> list[Problem]:
    try:
        script = load_script(path)
    except ScriptFileError as exc:
        return exc.problems
    return lint_script(script, list(policies))


def broken_problems(tmp_path) -> list[Problem]:
    """The problems of every broken input above, and of a few made from the model."""
    out: list[Problem] = []
    for name, text in (("load.yaml", BROKEN_LOAD), ("key.yaml", BROKEN_KEY),
                       ("yaml.yaml", "a: [1, 2\n"), ("empty.yaml", ""),
                       ("latin1.yaml", "name: caf\xe9\n".encode("latin-1"))):
        out += _problems_of(_write(tmp_path, name, text))
    out += _problems_of(str(tmp_path / "missing.yaml"))
    out += _problems_of(str(tmp_path))  # a folder
    for name, text in SCRIPTS.items():
        out += _problems_of(_write(tmp_path, f"{name}.yaml", text), POLICIES)
    # what the file format cannot say but the model can (the window edits the model)
    script = parse_script(LATE_COMPLIANCE, "late.yaml")
    script.calling_window = CallingWindow("Asia/Shanghai", ("sat",), ("9-10",))
    weekdays = parse_policy({"callscript_policy": 1, "id": "weekdays", "name": "weekdays",
                             "rules": {"calling_hours": {"title": "no weekends",
                                                         "source": "test",
                                                         "forbidden_days": ["sat", "sun"]}}},
                            "weekdays")
    out += lint_script(script, [weekdays])
    # audio: a recording made for an older text; a damaged audio index
    from designer.audio import import_audio
    from tests.audio_support import write_tone

    (tmp_path / "rec").mkdir()
    recorded = load_script(_write(tmp_path / "rec", "s.yaml", LATE_COMPLIANCE))
    import_audio(recorded, "hello", str(write_tone(tmp_path / "tone.wav", seconds=0.3)))
    recorded.set_node_field("hello", "say", "您好，我是安居地产有限公司的AI助手。")
    out += lint_script(recorded)
    (tmp_path / "idx" / "audio").mkdir(parents=True)
    (tmp_path / "idx" / "audio" / "index.json").write_text("{not json", encoding="utf-8")
    out += lint_script(load_script(_write(tmp_path / "idx", "s.yaml", LATE_COMPLIANCE)))
    # export: an unsaved script; a package without its script
    from designer.formats.package import export_package, script_from_compiled

    unsaved = parse_script(START_MISSING.replace("nothere", "a"), "<new>")
    out += export_package(unsaved, str(tmp_path / "x.zip")).blocking
    try:
        script_from_compiled({})
    except ScriptFileError as exc:
        out += exc.problems
    # an audio check that breaks is reported, not raised
    saved = load_script(_write(tmp_path, "audio.yaml", LATE_COMPLIANCE))
    with pytest.MonkeyPatch.context() as mp:
        import designer.audio

        def broken_check(script):
            raise OSError("disk on fire")

        mp.setattr(designer.audio, "audio_problems", broken_check)
        out += lint_script(saved)
    return out


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> list[Problem]:
    return broken_problems(tmp_path_factory.mktemp("broken"))


def documented_codes() -> set[str]:
    with open(os.path.join(ROOT, "docs", "CHECKS.md"), encoding="utf-8") as fh:
        return set(re.findall(r"`([EWIC]-[A-Z0-9-]+)`", fh.read()))


# ---- the catalogues --------------------------------------------------------------------------
def test_both_catalogues_hold_the_same_ids_with_the_same_placeholders():
    assert LANGUAGES == ("en", "zh_CN")
    assert set(en.MESSAGES) == set(zh_CN.MESSAGES)
    for mid, template in en.MESSAGES.items():
        assert placeholders(zh_CN.MESSAGES[mid]) == placeholders(template), mid
        assert all(re.fullmatch(r"[a-z_]+", n) for n in placeholders(template)), mid


def test_every_id_renders_with_sample_values_in_both_languages():
    for mid, template in en.MESSAGES.items():
        args = {n: (1.5 if n == "ms" else f"v{n}") for n in placeholders(template)}
        for lang in LANGUAGES:
            text = Msg(mid, **args).render(lang)
            assert not LEFTOVER.search(text.replace("{vname}", "")), (mid, lang, text)
        if not mid.startswith("_join") and HAN.search(zh_CN.MESSAGES[mid]) is None:
            # only pieces that are the same in every language may lack Chinese
            assert mid in ("_quote", "_inner.plain") or mid.startswith(
                ("E-AUDIO-STALE.other", "E-AUDIO-FAILED")), mid


def _ids_made_by_the_code() -> tuple[set[str], set[str]]:
    """(catalogue ids given literally to Msg(...) in the core, prefixes of ids built by
    concatenation or term())."""
    ids, prefixes = set(), set()
    files = []
    for p in PRODUCERS:
        full = os.path.join(ROOT, p)
        files += [full] if full.endswith(".py") else glob.glob(f"{full}/**/*.py", recursive=True)
    for path in files:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), path)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0]
            if name == "Msg":
                values = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                for v in values:
                    if isinstance(v, ast.Constant) and isinstance(v.value, str):
                        ids.add(v.value)
                    elif isinstance(v, ast.BinOp) and isinstance(v.left, ast.Constant):
                        prefixes.add(v.left.value)
            elif name == "term" and isinstance(first, ast.Constant):
                prefixes.add(first.value + ":")
            elif name == "Seq" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                ids.add(node.args[1].value)
    return ids, prefixes


def test_every_message_id_the_code_makes_is_in_both_catalogues():
    ids, prefixes = _ids_made_by_the_code()
    assert len(ids) > 100  # the scan found the checks
    for lang in LANGUAGES:
        missing = sorted(i for i in ids if i not in catalogue(lang))
        assert not missing, (lang, missing)
        for prefix in prefixes:
            assert any(k.startswith(prefix) for k in catalogue(lang)), (lang, prefix)


def test_every_documented_code_has_messages_in_both_languages():
    codes = documented_codes()
    assert len(codes) > 60
    for code in codes:
        for lang in LANGUAGES:
            assert any(k == code or k.startswith(code + ".") for k in catalogue(lang)), (code,
                                                                                        lang)


# ---- real problems ---------------------------------------------------------------------------
def _check_rendering(problems: list[Problem]) -> None:
    for p in problems:
        assert p.msg is not None, f"{p.code} has no catalogue message: {p.message}"
        assert p.msg.render("en") == p.message  # the English text is the message, unchanged
        zh = p.msg.render("zh_CN")  # not localized(): no fallback to English here
        assert p.localized("zh_CN") == zh
        legit = zh  # a {variable} the script itself wrote is no leftover
        for v in p.args.values():
            if isinstance(v, str):
                legit = legit.replace("{" + v + "}", "")
        assert not LEFTOVER.search(legit), (p.code, zh)
        assert HAN.search(zh), (p.code, zh)
        for value in p.args.values():  # node ids, keywords, names stay as written
            if isinstance(value, str) and value in p.message:
                assert value in zh, (p.code, value, zh)


# export-time audio problems need speech synthesis: test_export.py makes them; here their
# rendering is checked with the parameters export gives (test_kept_stale...)
EXPORT_AUDIO = {"E-AUDIO-STALE", "E-AUDIO-MISSING", "E-AUDIO-FAILED"}


def test_broken_scripts_produce_every_documented_code(broken):
    codes = {p.code for p in broken}
    assert documented_codes() - EXPORT_AUDIO - codes == set()
    assert codes - documented_codes() == set()  # and CHECKS.md lists every code made


def test_problems_of_broken_scripts_render_in_chinese(broken):
    _check_rendering(broken)


def test_broken_scripts_use_nearly_every_message(broken):
    """The corpus reaches every message but those listed here (hard to cause in a test:
    unreadable for other reasons, export-time audio problems, texts the code has as fallback);
    a new message either gets a broken script above or a line here."""
    used: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, Msg):
            used.add(value.id)
            for v in value.args.values():
                walk(v)
        elif isinstance(value, Seq):
            used.add(value.joiner)
            for v in value.items:
                walk(v)

    for p in broken:
        walk(p.msg)
    not_reached = {
        "E-UNREADABLE.os", "E-UNREADABLE.size", "E-YAML.raw", "E-BAD-REGEX.other",
        "E-POLICY.name", "E-POLICY.unknown", "W-AUDIO-INDEX", "_list.more", "_live.more", "_more",
        "E-AUDIO-STALE", "E-AUDIO-STALE.kept", "E-AUDIO-STALE.other", "E-AUDIO-FAILED",
        "E-AUDIO-MISSING", "_audio.no_tts", "_audio.not_synthesized", "_feed", "_via",
        "W-ON-LIMIT-TRANSFER", "W-ON-LIMIT-NOT-END", "I-AUDIO-MISSING",
    }
    pieces = {k for k in en.MESSAGES if k.startswith(("_cli.", "_id:", "_kind.", "_source:",
                                                      "_stale:", "_event:", "_use.",
                                                      "_how.", "_why.", "_outcome.",
                                                      "_hours.", "_join.", "_inner."))}
    assert set(en.MESSAGES) - used - not_reached - pieces == set()


def test_sample_scripts_and_fixtures_render_in_chinese():
    paths = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "*.yaml"))
                   + glob.glob(os.path.join(ROOT, "tests", "fixtures", "*.yaml"))
                   + glob.glob(os.path.join(ROOT, "..", "shared", "fixtures", "**", "*.yaml"),
                               recursive=True))
    seen = 0
    for path in paths:
        try:
            script = load_script(path)
        except ScriptFileError as exc:  # a case file, not a script
            if any(p.code == "E-MISSING-KEY" for p in exc.problems):
                continue
            raise
        for policies in ((), POLICIES):
            problems = lint_script(script, list(policies))
            _check_rendering(problems)
            seen += len(problems)
    assert seen > 50


def test_the_messages_say_the_script_writers_words(broken):
    zh = {}
    for p in broken:
        zh[p.code] = zh.get(p.code, "") + "\n" + p.localized("zh_CN")
    assert "从起始节点（hello）永远到不了节点 ring_b" in zh["W-UNREACHABLE"]
    assert "分支" in zh["W-SELF-LOOP"] and "意图" in zh["E-UNKNOWN-INTENT"]
    assert "关键词" in zh["W-DUPLICATE-KEYWORD"] and "“好的”" in zh["W-DUPLICATE-KEYWORD"]
    assert "AI" in zh["C-AI-DISCLOSURE"] and "开场白" in zh["C-AI-DISCLOSURE"]
    assert "呼叫时段" in zh["C-CALLING-WINDOW"] and "同意" in zh["C-CONSENT"]
    assert "拒绝" in zh["C-REFUSAL-INTENT"] and "勿扰意图 stop" in zh["C-OPT-OUT-REPLY"]
    assert "第 2 条常见问题" in zh["W-FAQ-NEVER-FIRES"] and "分级规则" in zh["E-DANGLING-GOTO"]
    # a Latin id between Han characters is spaced: 节点 loop_a 的
    assert re.search(r"节点 hello 的第 1 个分支", zh["W-SELF-LOOP"]), zh["W-SELF-LOOP"]


def test_kept_stale_export_problem_keeps_its_english_and_says_it_in_chinese():
    from designer.formats.package import _kept_stale

    reason = ("the imported audio is stale (text changed): record or import it again, or use "
              "--force to replace it with synthesized speech")
    msg = _kept_stale("goodbye", reason)
    assert msg.id == "E-AUDIO-STALE.kept"
    assert msg.render("en") == f"prompt goodbye: {reason}"
    assert msg.render("zh_CN") == ("话术 goodbye：导入的音频已过期（文本已修改）：请重新录制或导入，"
                                   "或使用 --force 改用合成语音")
    other = _kept_stale("goodbye", "something else")
    assert other.id == "E-AUDIO-STALE.other" and other.render("en") == "prompt goodbye: " \
        "something else"


def test_a_problem_without_catalogue_message_stays_english_everywhere():
    p = Problem("warning", "W-X", "plain text", "f.yaml", 3, 1, "n")
    assert p.localized("zh_CN") == "plain text" and p.args == {}
    assert p.format("zh_CN") == "f.yaml:3:1: warning W-X plain text"
    assert p.to_json("zh_CN")["message_zh"] == "plain text"
    assert "message_zh" not in p.to_json()


def test_language_names():
    assert {normalize_lang(v) for v in ("en", "EN", "en-US", "en_GB")} == {"en"}
    assert {normalize_lang(v) for v in ("zh", "zh_CN", "zh-CN", "zh-Hans", "ZH")} == {"zh_CN"}
    with pytest.raises(ValueError):
        normalize_lang("fr")


def test_problems_pickle_with_their_message():
    """The Problems panel gets them from its worker process pickled."""
    import pickle

    script = parse_script(BROKEN_KEYWORDS, "k.yaml")
    problems = lint_script(script)
    again = pickle.loads(pickle.dumps(problems, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == problems
    assert [p.localized("zh_CN") for p in again] == [p.localized("zh_CN") for p in problems]


# ---- the command line ----------------------------------------------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "designer", *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def test_lint_lang_zh_prints_chinese_messages_and_keeps_json_message_english(tmp_path):
    path = _write(tmp_path, "s.yaml", BROKEN_KEYWORDS)
    english = _cli("lint", path)
    chinese = _cli("lint", path, "--lang", "zh")
    assert english.returncode == chinese.returncode == 0
    en_lines, zh_lines = english.stdout.splitlines(), chinese.stdout.splitlines()
    assert len(en_lines) == len(zh_lines) > 10
    for e, z in zip(en_lines[:-1], zh_lines[:-1]):
        # same place, severity and code; only the message is Chinese
        assert e.split(" ", 2)[:2] == z.split(" ", 2)[:2] and HAN.search(z.split(" ", 2)[2])
    assert "意图" in chinese.stdout and "个警告" in zh_lines[-1]
    plain = json.loads(_cli("lint", path, "--format", "json").stdout)
    both = json.loads(_cli("lint", path, "--format", "json", "--lang", "zh_CN").stdout)
    assert [p["message"] for p in both["problems"]] == [p["message"] for p in plain["problems"]]
    assert all("message_zh" not in p for p in plain["problems"])
    assert all(HAN.search(p["message_zh"]) for p in both["problems"])
    assert {k: v for k, v in both.items() if k != "problems"} == {
        k: v for k, v in plain.items() if k != "problems"}


def test_validate_lang_zh_covers_loading_errors_and_the_summary(tmp_path):
    bad = _write(tmp_path, "bad.yaml", BROKEN_LOAD)
    run = _cli("validate", bad, "--lang", "zh-CN")
    assert run.returncode == 1
    assert "未知的键“colour”" in run.stdout and "error E-UNKNOWN-KEY" in run.stdout
    good = _write(tmp_path, "good.yaml", START_MISSING.replace("nothere", "a"))
    run = _cli("validate", good, "--lang", "zh")
    assert run.returncode == 0 and "通过（1 个节点" in run.stdout
    run = _cli("validate", good, "--lang", "fr")
    assert run.returncode == 2 and "--lang" in run.stderr


def test_unknown_policy_is_said_in_the_chosen_language(tmp_path):
    good = _write(tmp_path, "good.yaml", START_MISSING.replace("nothere", "a"))
    run = _cli("lint", good, "--policy", "mars", "--lang", "zh")
    assert run.returncode == 2 and "未知的合规政策“mars”" in run.stderr
    run = _cli("lint", good, "--policy", "mars")
    assert run.returncode == 2 and "unknown policy 'mars'" in run.stderr


def test_structure_only_problem_from_the_model():
    """E-VALUE of calling hours only the model can hold (the file's reader refuses it first)."""
    script = parse_script(LATE_COMPLIANCE, "late.yaml")
    script.calling_window = replace(script.calling_window, hours=("9-10",))
    (p,) = [p for p in lint_script(script) if p.code == "E-VALUE"]
    assert p.message == "calling_window hours '9-10' must look like \"09:00-12:00\""
    assert p.localized("zh_CN") == "呼叫时段的 hours“9-10”格式应为“09:00-12:00”"
