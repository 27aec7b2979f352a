"""Problem messages outside the Problems panel speak the interface's language too: the dialog
of a file that cannot be opened, the export dialog's blocking problems, the problems the Audio
dock's export hands to the Problems dock, a paste that is not a script fragment, a broken case
file in the test runner and in the simulator. Each is checked with the Chinese interface (the
Chinese rendering, Problem.localized("zh_CN")) and with the English one (Problem.message)."""
import os
import re
import shutil
import types

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from designer.analysis.lint import lint_script
from designer.formats.script_yaml import load_script, parse_script
from designer.model import ScriptFileError
from designer.simulation.cases import load_cases
from designer.ui import i18n
from designer.ui.audio_docks import show_in_problems
from designer.ui.canvas import clipboard
from designer.ui.dialogs import Prompter
from designer.ui.document import Document
from designer.ui.export_dialog import ExportDialog
from designer.ui.main_window import MainWindow
from designer.ui.panels.problems import ProblemsPanel
from designer.ui.panels.simulator import SimulatorPanel
from designer.ui.panels.test_runner import run_files
from tests.ui.test_simulator import FakePlayer, StubScene, type_line
from window_support import FIXTURE, ROOT, FakePrompts

HAN = re.compile(r"[\u4e00-\u9fff]")
BROKEN_KEYS = """\
callscript: 1
name: x
? [a, b]
: 1
bogus: 2
flow: {start: s, nodes: {s: {say: hi, end: hangup}}}
"""
BROKEN_CASES = "cases:\n  - name: x\n    turns: 5\n"


@pytest.fixture(params=["zh_CN", "en"])
def lang(request, qapp):
    assert i18n.install_translator(qapp, request.param) == request.param
    yield request.param
    i18n.install_translator(qapp, "en")


def _problems_of(path) -> list:
    with pytest.raises(ScriptFileError) as caught:
        load_script(str(path))
    return caught.value.problems


def _says(lang, problems, texts) -> None:
    """texts are the problems' messages in lang: Chinese ones differ from the English."""
    assert texts == [p.localized(lang) for p in problems]
    if lang == "zh_CN":
        assert all(HAN.search(t) and t != p.message for t, p in zip(texts, problems))
    else:
        assert texts == [p.message for p in problems]


def test_the_load_problems_dialog(qtbot, tmp_path, lang):
    path = tmp_path / "bad.yaml"
    path.write_text(BROKEN_KEYS, encoding="utf-8")
    problems = _problems_of(path)
    parent = QWidget()
    qtbot.addWidget(parent)
    prompter, shown = Prompter(parent), []
    prompter.show_error = lambda title, text, details="": shown.append((title, text, details))
    prompter.show_load_problems(str(path), problems)
    [(title, text, details)] = shown
    body = text.split("\n\n", 1)[1].splitlines()
    if lang == "zh_CN":
        assert title == "无法打开话术" and text.startswith(f"无法打开 {path}：")
        assert body == ["第 3 行：键“[a, b]”是列表；键必须是普通文本",
                        "第 5 行：文件中有未知的键“bogus”；允许的键：" + body[1].split("：")[-1]]
    else:
        assert title == "Cannot open script"
        assert body[0] == "line 3: the key [a, b] is a list; a key must be plain text"
        assert body[1].startswith("line 5: unknown key 'bogus' in the file; allowed: ")
    _says(lang, problems, [line.split("：" if lang == "zh_CN" else ": ", 1)[1] for line in body])
    assert details.splitlines() == [p.format(lang) for p in problems]


def test_the_export_dialogs_blocking_problems(qtbot, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pf"
    shutil.copytree(os.path.join(ROOT, "scripts_library", "property_followup"), folder)
    path = folder / "script.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  callback_number: 400-800-6688\n", ""), encoding="utf-8")
    dialog = ExportDialog(Document(load_script(str(path))))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.policy_checks["us"].setChecked(True)
    dialog.path_edit.setText(str(folder / "refused.zip"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30000)
    blocking = dialog.report.blocking
    rows = [dialog.problems.topLevelItem(i) for i in range(dialog.problems.topLevelItemCount())]
    assert "C-CALLBACK-NUMBER" in [r.text(0) for r in rows]
    _says(lang, blocking, [r.text(1) for r in rows])
    assert [r.toolTip(1) for r in rows] == [r.text(1) for r in rows]


def test_export_problems_handed_to_the_problems_dock(qtbot, lang):
    script = load_script(FIXTURE)
    script.set_node_field("goodbye", "say", "")
    problems = [p for p in lint_script(script) if p.code == "E-EMPTY-SAY"]
    panel = ProblemsPanel(Document(load_script(FIXTURE)))
    qtbot.addWidget(panel)
    qtbot.waitUntil(panel.is_current, timeout=5000)
    panel.set_problems([])
    show_in_problems(types.SimpleNamespace(problems=panel, docks={}), problems)
    panel.finish_listing()
    rows = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    _says(lang, problems, [r.text(2) for r in rows])
    if lang == "zh_CN":
        assert rows[0].text(2) == "节点 goodbye 没有播报内容（say 为空）"


def test_a_paste_that_is_not_a_fragment(qtbot, isolated, script_file, lang):
    window = MainWindow()
    window.prompts = FakePrompts()
    qtbot.addWidget(window)
    assert window.files.open_path(script_file, ask=False)
    text = clipboard.copy_text(window.document.script, ["goodbye"]).replace("say:", "sayy:")
    with pytest.raises(ScriptFileError) as caught:
        parse_script(text, "<clipboard>")
    assert window.paste_nodes(text) == []
    shown = window.statusBar().currentMessage()
    prefix = "无法粘贴：" if lang == "zh_CN" else "Cannot paste: "
    assert shown.startswith(prefix)
    _says(lang, caught.value.problems[:1], [shown[len(prefix):]])
    if lang == "zh_CN":
        assert "未知的键“sayy”（是不是想写“say”？）" in shown


def test_a_broken_case_file_in_the_test_runner(tmp_path, lang):
    cases = tmp_path / "cases.yaml"
    cases.write_text(BROKEN_CASES, encoding="utf-8")
    problems = _problems_of_cases(cases)
    _results, _coverage, errors = run_files(load_script(FIXTURE), [str(cases)], lambda *_: None)
    assert errors == [p.format(lang) for p in problems]
    _says(lang, problems, [e.split(" E-TYPE ", 1)[1] for e in errors])


def test_a_broken_case_file_in_the_simulator(qtbot, tmp_path, lang):
    shutil.copy(FIXTURE, tmp_path / "script.yaml")
    (tmp_path / "cases.yaml").write_text(BROKEN_CASES, encoding="utf-8")
    problems = _problems_of_cases(tmp_path / "cases.yaml")
    sim = SimulatorPanel(Document(load_script(str(tmp_path / "script.yaml"))), StubScene(),
                         FakePlayer())
    qtbot.addWidget(sim)
    sim.show()
    qtbot.waitUntil(lambda: sim.call is not None, timeout=3000)
    type_line(qtbot, sim, "有需要")
    assert sim.save_case() is None
    prefix = "无法保存用例：" if lang == "zh_CN" else "Could not save the case: "
    assert sim.status.text() == prefix + "\n".join(p.format(lang) for p in problems)
    _says(lang, problems, [sim.status.text().split(" E-TYPE ", 1)[1]])


def _problems_of_cases(path) -> list:
    with pytest.raises(ScriptFileError) as caught:
        load_cases(str(path))
    return caught.value.problems
