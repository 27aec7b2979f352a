"""Script settings: each tab follows model changes; each edit is one SetSection command whose
undo gives back identical file bytes and the widgets as they were."""
import dataclasses
import os

import pytest

from designer.formats.script_yaml import dump_script, load_script
from designer.model import CallingWindow, Condition, GradingRule, Variable
from designer.ui.commands import SetSection
from designer.ui.document import Document
from designer.ui.panels.script_settings import ScriptSettingsPanel

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def doc():
    return Document(load_script(EXAMPLE))


@pytest.fixture
def panel(qtbot, doc):
    widget = ScriptSettingsPanel(doc)
    qtbot.addWidget(widget)
    return widget


def commit_line(edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def one_exact_step(doc, before):
    """The edit was one undo step, and undo/redo move between identical file bytes."""
    assert doc.undo_stack.count() == 1
    edited = dump_script(doc.script)
    assert edited != before
    doc.undo_stack.undo()
    assert dump_script(doc.script) == before
    doc.undo_stack.redo()
    assert dump_script(doc.script) == edited
    doc.undo_stack.undo()


# ---- general and business -------------------------------------------------------------------
@pytest.mark.parametrize("field, text, check", [
    ("name_edit", "新话术", lambda s: s.name == "新话术"),
    ("version_edit", "1.2", lambda s: s.version == "1.2"),
    ("language_edit", "zh-TW", lambda s: s.language == "zh-TW"),
    ("voice_edit", "yue", lambda s: s.voice.voice == "yue"),
])
def test_general_line_edits(panel, doc, field, text, check):
    before = dump_script(doc.script)
    edit = getattr(panel.general, field)
    old = edit.text()
    commit_line(edit, text)
    assert check(doc.script)
    one_exact_step(doc, before)
    assert edit.text() == old


def test_rate_spin_and_model_echo(panel, doc):
    before = dump_script(doc.script)
    panel.general.rate_spin.setValue(150)
    assert doc.script.voice.rate == 150
    one_exact_step(doc, before)
    assert panel.general.rate_spin.value() == 170
    doc.push(SetSection(doc.script, "voice", dataclasses.replace(doc.script.voice, rate=200)))
    assert panel.general.rate_spin.value() == 200


def test_policy_checkboxes(panel, doc):
    before = dump_script(doc.script)
    panel.general.policy_checks["cn"].click()
    assert doc.script.policies == ("cn",)
    one_exact_step(doc, before)
    assert not panel.general.policy_checks["cn"].isChecked()
    doc.script.set_section("policies", ("eu",))
    assert panel.general.policy_checks["eu"].isChecked()


def test_business_fields_and_consent(panel, doc):
    before = dump_script(doc.script)
    commit_line(panel.business.number_source_edit, "客户官网自助登记")
    assert doc.script.business.number_source == "客户官网自助登记"
    one_exact_step(doc, before)
    assert panel.business.number_source_edit.text() == ""
    commit_line(panel.business.basis_edit, "existing_customer")
    assert doc.script.business.consent.basis == "existing_customer"
    assert doc.script.business.consent.source == "官网预约表单"
    one_exact_step(doc, before)
    assert panel.business.basis_edit.text() == "prior_consent"


def test_clearing_both_consent_fields_drops_consent(panel, doc):
    commit_line(panel.business.basis_edit, "")
    commit_line(panel.business.consent_source_edit, "")
    assert doc.script.business.consent is None


# ---- calling window -------------------------------------------------------------------------
def test_days_and_hours(panel, doc):
    window = panel.window
    before = dump_script(doc.script)
    window.day_checks["sun"].click()
    assert doc.script.calling_window.days[-1] == "sun"
    one_exact_step(doc, before)
    assert not window.day_checks["sun"].isChecked()
    commit_line(window.hours_edit, "10:00-12:00，15:00-19:00")
    assert doc.script.calling_window.hours == ("10:00-12:00", "15:00-19:00")
    one_exact_step(doc, before)
    assert window.hours_edit.text() == "09:00-12:00, 14:00-20:00"


@pytest.mark.parametrize("field, text, message", [
    ("hours_edit", "09:00-12:00, 18-20", "“18-20” must look like"),
    ("timezone_edit", "Mars/Olympus", "Unknown time zone"),
])
def test_bad_window_values_are_refused_inline(panel, doc, field, text, message):
    before = dump_script(doc.script)
    commit_line(getattr(panel.window, field), text)
    error = panel.window.hours_error if field == "hours_edit" else panel.window.timezone_error
    assert message in error.text() and error.isVisibleTo(panel.window)
    assert dump_script(doc.script) == before


def test_turning_the_window_off_and_back(panel, doc):
    before = dump_script(doc.script)
    panel.window.enabled_check.click()
    assert doc.script.calling_window is None and not panel.window.details.isEnabled()
    one_exact_step(doc, before)
    assert panel.window.timezone_edit.text() == "Asia/Shanghai"
    doc.script.set_section("calling_window", CallingWindow("Europe/Berlin", ("mon",), ()))
    assert panel.window.timezone_edit.text() == "Europe/Berlin"
    assert [d for d, c in panel.window.day_checks.items() if c.isChecked()] == ["mon"]


# ---- limits ---------------------------------------------------------------------------------
def test_limits(panel, doc):
    before = dump_script(doc.script)
    panel.limits.spins["max_refusals"].setValue(0)
    assert doc.script.limits.max_refusals == 0
    one_exact_step(doc, before)
    assert panel.limits.spins["max_refusals"].value() == 1
    panel.limits.on_limit_combo.choose(None)
    assert doc.script.limits.on_limit is None
    one_exact_step(doc, before)
    assert panel.limits.on_limit_combo.currentData() == "goodbye"


def test_limits_node_choices_follow_renames(panel, doc):
    doc.script.rename_node("goodbye", "bye")
    assert panel.limits.on_limit_combo.currentData() == "bye"


# ---- variables ------------------------------------------------------------------------------
def test_variables_table(panel, doc):
    table = panel.variables.table
    assert [table.item(0, c).text() for c in range(4)] == ["customer_name", "客户称呼", "王先生", "1"]
    before = dump_script(doc.script)
    table.item(0, 2).setText("李女士")
    assert doc.script.variables["customer_name"] == Variable("客户称呼", "李女士")
    one_exact_step(doc, before)
    assert table.item(0, 2).text() == "王先生"
    table.item(0, 0).setText("name")
    assert list(doc.script.variables) == ["name"]
    assert table.item(0, 3).text() == "0", "the prompt still says {customer_name}"
    one_exact_step(doc, before)


def test_bad_variable_id_is_put_back(panel, doc):
    before = dump_script(doc.script)
    panel.variables.table.item(0, 0).setText("客户")
    assert "Latin letters" in panel.variables.error.text()
    assert panel.variables.table.item(0, 0).text() == "customer_name"
    assert dump_script(doc.script) == before


def test_add_and_remove_variable(panel, doc):
    before = dump_script(doc.script)
    panel.variables.buttons.add.click()
    assert list(doc.script.variables) == ["customer_name", "var_1"]
    assert panel.variables.table.rowCount() == 2
    one_exact_step(doc, before)
    panel.variables.table.selectRow(0)
    panel.variables.buttons.remove.click()
    assert doc.script.variables == {}
    one_exact_step(doc, before)


# ---- grading --------------------------------------------------------------------------------
def test_grading_default_and_rule_cells(panel, doc):
    grading = panel.grading
    before = dump_script(doc.script)
    commit_line(grading.default_edit, "E")
    assert doc.script.grading.default == "E"
    one_exact_step(doc, before)
    grading.table.item(1, 1).setText("价格意向")
    assert doc.script.grading.rules[1].label == "价格意向"
    one_exact_step(doc, before)
    assert grading.table.item(1, 1).text() == "有意向"


def test_grading_conditions_editor(panel, doc):
    grading = panel.grading
    grading.select_row(1)
    assert grading.id_pickers["intents_any"].text() == "ask_price"
    assert grading.number_spins["max_refusals"].value() == 0
    assert grading.number_spins["min_turns"].text() == "(any)"
    before = dump_script(doc.script)
    grading.id_pickers["intents_any"].toggle("ask_visit")
    assert doc.script.grading.rules[1].when.intents_any == ("ask_price", "ask_visit")
    assert "ask_price, ask_visit" in grading.table.item(1, 2).text()
    one_exact_step(doc, before)
    grading.number_spins["max_refusals"].setValue(-1)
    assert doc.script.grading.rules[1].when.max_refusals is None
    one_exact_step(doc, before)
    grading.reason_checks["completed"].click()
    assert doc.script.grading.rules[1].when.end_reason == ("completed",)
    one_exact_step(doc, before)
    assert not grading.reason_checks["completed"].isChecked()


def test_grading_rule_buttons(panel, doc):
    grading = panel.grading
    before = dump_script(doc.script)
    grading.buttons.add.click()
    assert doc.script.grading.rules[-1] == GradingRule("B", "New rule", Condition())
    assert grading.current_row() == 3 and grading.table.item(3, 2).text() == "always"
    one_exact_step(doc, before)
    grading.select_row(0)
    grading.buttons.down.click()
    assert [r.grade for r in doc.script.grading.rules] == ["B", "A", "C"]
    one_exact_step(doc, before)
    grading.select_row(2)
    grading.buttons.remove.click()
    assert [r.grade for r in doc.script.grading.rules] == ["A", "B"]
    one_exact_step(doc, before)
    assert grading.table.rowCount() == 3


def test_loading_another_script_refreshes_every_tab(panel, doc):
    other = load_script(EXAMPLE)
    other.name = "另一个话术"
    other.limits = dataclasses.replace(other.limits, max_turns=20)
    doc.set_script(other)
    assert panel.general.name_edit.text() == "另一个话术"
    assert panel.limits.spins["max_turns"].value() == 20
