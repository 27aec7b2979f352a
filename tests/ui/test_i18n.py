"""The Chinese interface: the translator loads, panels show Chinese, the language choice is
kept in the settings, every translation keeps the placeholders its source has, and every
tr() / translate() string of the code has its translation (the .ts is what
resources/translations/update.sh makes of the code, the .qm what it makes of the .ts)."""
import ast
import glob
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QLocale, QSettings

from designer.formats.script_yaml import load_script
from designer.ui import i18n
from designer.ui.document import Document
from designer.ui.panels.faq import FaqPanel
from designer.ui.panels.inspector import InspectorPanel
from designer.ui.panels.intents import IntentsPanel
from designer.ui.panels.script_settings import ScriptSettingsPanel
from designer.ui.preferences import PreferencesDialog

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")
TS_FILE = os.path.join(i18n.TRANSLATIONS_DIR, "callscript_zh_CN.ts")
QM_FILE = os.path.join(i18n.TRANSLATIONS_DIR, "callscript_zh_CN.qm")
# what update.sh reads: every module of designer/ui, and main.py
SOURCES = sorted(glob.glob(os.path.join(i18n.ROOT, "designer", "ui", "**", "*.py"),
                           recursive=True)) + [os.path.join(i18n.ROOT, "main.py")]


@pytest.fixture
def chinese(qapp):
    assert i18n.install_translator(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install_translator(qapp, "en")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_panels_speak_chinese(qtbot, chinese):
    doc = Document(load_script(EXAMPLE))
    doc.select_nodes(["opening"])
    inspector, intents = InspectorPanel(doc), IntentsPanel(doc)
    faq, settings_panel = FaqPanel(doc), ScriptSettingsPanel(doc)
    for widget in (inspector, intents, faq, settings_panel):
        qtbot.addWidget(widget)
    assert inspector.variable_button.text() == "插入变量"
    assert inspector.kind_combo.currentText() == "等待客户回答"
    assert inspector.branches_box.title() == "分支（按此顺序匹配）"
    assert intents.kind_combo.currentText() == "普通"
    assert intents.table.item(1, 2).text() == "拒绝"
    assert intents.buttons.add.text() == "添加"
    assert faq.table.item(1, 2).text() == "跳转到 book_visit"
    assert [settings_panel.tabs.tabText(i) for i in range(3)] == ["常规", "企业信息", "外呼时段"]


def test_live_box_explains_in_chinese(qtbot, chinese):
    doc = Document(load_script(EXAMPLE))
    doc.select_nodes(["opening"])
    panel = IntentsPanel(doc)
    qtbot.addWidget(panel)
    panel.live.phrase_edit.setText("我不需要")
    assert panel.live.verdict.text() == "拒绝 (refuse) 以“不需要”胜出：第 2 个分支，转到 goodbye。"


def test_undo_text_is_translated(qtbot, chinese):
    doc = Document(load_script(EXAMPLE))
    doc.select_nodes(["opening"])
    panel = InspectorPanel(doc)
    qtbot.addWidget(panel)
    panel.kind_combo.choose("hangup")
    assert doc.undo_stack.undoText() == "更改节点 opening 播报之后的动作"


def test_english_is_back_after_removing_the_translator(qtbot, qapp):
    i18n.install_translator(qapp, "zh_CN")
    i18n.install_translator(qapp, "en")
    panel = InspectorPanel(Document(load_script(EXAMPLE)))
    qtbot.addWidget(panel)
    assert panel.variable_button.text() == "Insert variable"


@pytest.mark.parametrize("locale, expected", [("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"),
                                              ("en_US", "en"), ("de_DE", "en")])
def test_system_choice_follows_the_locale(locale, expected):
    assert i18n.resolve_language("system", QLocale(locale)) == expected


def test_choice_is_kept_in_the_settings(settings):
    assert i18n.saved_language(settings) == "system"
    i18n.save_language("zh_CN", settings)
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value("ui/language") == "zh_CN"
    settings.setValue("ui/language", "klingon")
    assert i18n.saved_language(settings) == "system"


def test_preferences_dialog_saves_on_ok_only(qtbot, settings):
    dialog = PreferencesDialog(settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "system" and dialog.restart_note.isHidden()
    dialog.language_combo.choose("zh_CN")
    assert "next time" in dialog.restart_note.text() and not dialog.restart_note.isHidden()
    dialog.reject()
    assert i18n.saved_language(settings) == "system"
    dialog = PreferencesDialog(settings=settings)
    qtbot.addWidget(dialog)
    dialog.language_combo.choose("en")
    dialog.accept()
    assert i18n.saved_language(settings) == "en"


def test_every_message_is_translated_with_its_placeholders():
    placeholder = re.compile(r"\{[^{}]*\}|%n")
    root = ET.parse(TS_FILE).getroot()
    problems = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            source = message.find("source").text
            translation = message.find("translation")
            if translation.get("type") in ("vanished", "obsolete"):
                continue  # no longer in the code
            texts = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            if translation.get("type") == "unfinished" or not all(texts):
                problems.append(f"untranslated: {source!r}")
            for text in texts:
                if sorted(placeholder.findall(text)) != sorted(placeholder.findall(source)):
                    problems.append(f"placeholders differ: {source!r} -> {text!r}")
    assert not problems, "\n".join(problems)
    assert os.path.getsize(os.path.join(i18n.TRANSLATIONS_DIR, "callscript_zh_CN.qm")) > 1000


def _tool(name: str) -> str:
    """A Qt tool of the PySide6 in use (update.sh takes them from .venv/bin)."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    found = beside if os.path.exists(beside) else shutil.which(name)
    assert found, f"{name} not found: install PySide6 (update.sh needs it too)"
    return found


def _entries(ts_path: str) -> dict:
    """(context, source) -> (translation type, texts) of a .ts file."""
    out = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            translation = message.find("translation")
            texts = tuple(f.text or "" for f in translation.iter("numerusform")) or (
                translation.text or "",)
            out[(name, message.find("source").text)] = (translation.get("type"), texts)
    return out


def test_every_string_of_the_code_is_in_the_translation(tmp_path):
    """lupdate (update.sh's first step) run over the code into a copy of the .ts finds no
    string the .ts lacks and leaves no entry unfinished: a new tr() string, or one moved to
    another class, fails here until update.sh is run and the entry translated."""
    copy = tmp_path / "callscript_zh_CN.ts"
    shutil.copyfile(TS_FILE, copy)
    subprocess.run([_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none",
                    "-target-language", "zh_CN", *SOURCES, "-ts", str(copy)],
                   check=True, capture_output=True, cwd=i18n.ROOT)
    before, after = _entries(TS_FILE), _entries(str(copy))
    assert len(after) > 600  # lupdate read the code
    missing = [f"{ctx}: {src!r}" for (ctx, src), (kind, texts) in after.items()
               if (ctx, src) not in before or kind == "unfinished" or not all(texts)]
    assert not missing, ("strings without a Chinese translation; run "
                         "resources/translations/update.sh and translate them:\n"
                         + "\n".join(missing))


def test_the_compiled_translation_is_the_ts(tmp_path):
    """The .qm the application loads is lrelease's build of the .ts as committed."""
    built = tmp_path / "built.qm"
    subprocess.run([_tool("pyside6-lrelease"), TS_FILE, "-qm", str(built)], check=True,
                   capture_output=True)
    with open(QM_FILE, "rb") as fh:
        assert fh.read() == built.read_bytes(), "run resources/translations/update.sh"


def test_every_translated_call_gives_literal_text():
    """lupdate only sees literal strings: self.tr(SOME_CONSTANT) would stay English in the
    Chinese interface. The wrappers that pass their argument on (a tr or translate function
    defined in the code) are the only exception."""
    wrong = []
    for path in SOURCES:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), path)
        wrappers = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                    and n.name in ("tr", "translate")]
        inside = {id(c) for w in wrappers for c in ast.walk(w)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in inside:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            texts = {"tr": node.args[:1], "translate": node.args[:2]}.get(name)
            if texts is None:
                continue
            if not texts or not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                    for a in texts):
                wrong.append(f"{os.path.relpath(path, i18n.ROOT)}:{node.lineno}: "
                             f"{ast.unparse(node)[:80]}")
    assert not wrong, "\n".join(wrong)
