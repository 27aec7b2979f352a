"""Any sequence of inspector edits undoes back to the identical file, and redoes to the
identical edited file, with the inspector showing the model at every step (hypothesis)."""
import os

from hypothesis import HealthCheck, given, settings, strategies as st
from PySide6.QtWidgets import QApplication

from designer.formats.script_yaml import dump_script, load_script
from designer.ui.document import Document
from designer.ui.panels.inspector import InspectorPanel, node_kind

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")
NODES = ["opening", "introduce", "book_visit", "goodbye"]


def shown_node(panel):
    return panel.document.script.node(panel.node_id())


def act(panel, op):
    """One user action on the inspector; ignored when the widget is not on screen for it."""
    kind, arg = op
    doc = panel.document
    if kind == "select":
        doc.select_nodes([sorted(doc.script.nodes)[arg % len(doc.script.nodes)]])
        return
    if panel.node_id() is None:
        return
    if kind == "say":
        panel.say_edit.setPlainText(arg)
        panel.say_edit.commit()
    elif kind == "note":
        panel.note_edit.setPlainText(arg)
        panel.note_edit.commit()
    elif kind == "kind":
        panel.kind_combo.choose(arg)
    elif kind == "rename" and arg not in doc.script.nodes:
        panel.id_edit.setText(arg)
        panel.id_edit.editingFinished.emit()
    elif kind == "branch" and not panel.branches_box.isHidden():
        rows = panel.branches_table.rowCount()
        if arg == "add" and panel.branch_buttons.add.isEnabled():
            panel.branch_buttons.add.click()
        elif rows:
            panel._select_branch_row(0)
            {"remove": panel.branch_buttons.remove, "down": panel.branch_buttons.down,
             "add": panel.branch_buttons.add}[arg].click()
    elif kind == "goto" and panel._branch_rows:
        panel._branch_rows[0][1].choose(sorted(doc.script.nodes)[arg % len(doc.script.nodes)])


def assert_shows_model(panel):
    if panel.node_id() is None:
        return
    node = shown_node(panel)
    assert panel.id_edit.text() == panel.node_id()
    assert panel.say_edit.toPlainText() == node.say
    assert panel.kind_combo.currentData() == node_kind(node)
    assert [c.currentData() for _i, c in panel._branch_rows] == [b.goto for b in node.branches]


ops = st.one_of(
    st.tuples(st.just("select"), st.integers(0, 3)),
    st.tuples(st.just("say"), st.sampled_from(["你好", "您好{customer_name}", ""])),
    st.tuples(st.just("note"), st.sampled_from(["备注", ""])),
    st.tuples(st.just("kind"), st.sampled_from(["listen", "next", "hangup", "transfer"])),
    st.tuples(st.just("rename"), st.sampled_from(["start", "n2", "opening"])),
    st.tuples(st.just("branch"), st.sampled_from(["add", "remove", "down"])),
    st.tuples(st.just("goto"), st.integers(0, 3)),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(ops, min_size=1, max_size=12))
def test_any_edit_sequence_undoes_exactly(qapp, actions):
    doc = Document(load_script(EXAMPLE))
    panel = InspectorPanel(doc)
    doc.select_nodes(["opening"])
    original = dump_script(doc.script)
    try:
        for op in actions:
            act(panel, op)
            assert_shows_model(panel)
        edited = dump_script(doc.script)
        while doc.undo_stack.canUndo():
            doc.undo_stack.undo()
            assert_shows_model(panel)
        assert dump_script(doc.script) == original
        while doc.undo_stack.canRedo():
            doc.undo_stack.redo()
            assert_shows_model(panel)
        assert dump_script(doc.script) == edited
    finally:
        panel.deleteLater()
        QApplication.processEvents()
