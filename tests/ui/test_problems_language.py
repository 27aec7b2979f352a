"""The Problems panel speaks the interface's language: with the Chinese interface each problem's
message is the Chinese rendering of its catalogue message (node ids as written), the tooltip
too; with the English interface it is the English message."""
import os

import pytest

from designer.formats.script_yaml import load_script
from designer.ui import commands as cmd
from designer.ui import i18n
from designer.ui.document import Document
from designer.ui.panels.problems import ProblemsPanel

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def chinese(qapp):
    assert i18n.install_translator(qapp, "zh_CN") == "zh_CN"
    assert i18n.active_language() == "zh_CN"
    yield
    i18n.install_translator(qapp, "en")
    assert i18n.active_language() == "en"


def _rows(panel):
    return [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]


def _panel(qtbot, doc):
    panel = ProblemsPanel(doc)
    qtbot.addWidget(panel)
    qtbot.waitUntil(panel.is_current, timeout=5000)
    return panel


def test_chinese_interface_lists_chinese_messages(qtbot, chinese):
    doc = Document(load_script(FIXTURE))
    panel = _panel(qtbot, doc)
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", ""))
    qtbot.waitUntil(lambda: any(r.text(1) == "E-EMPTY-SAY" for r in _rows(panel)), timeout=3000)
    panel.finish_listing()
    row = next(r for r in _rows(panel) if r.text(1) == "E-EMPTY-SAY")
    assert row.text(2) == "节点 goodbye 没有播报内容（say 为空）"
    assert row.toolTip(2) == row.text(2)
    assert row.text(0) == "错误" and panel.summary.text().startswith("1 个错误")
    for row, problem in zip(_rows(panel), panel.problems):
        assert row.text(2) == problem.localized("zh_CN") != problem.message


def test_english_interface_lists_the_english_messages(qtbot, qapp):
    i18n.install_translator(qapp, "en")
    panel = _panel(qtbot, Document(load_script(FIXTURE)))
    panel.finish_listing()
    assert panel.problems
    assert [r.text(2) for r in _rows(panel)] == [p.message for p in panel.problems]
