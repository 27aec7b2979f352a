"""Renaming a node onto the id of a deleted node, then undoing, gives back the file's bytes:
references the deleted node left behind stay where they were (a hypothesis run of
test_undo_property found a grading rule carried along to the renamed node's old id)."""
import os

from designer.formats.script_yaml import dump_script, load_script
from designer.ui import commands as cmd
from designer.ui.document import Document

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


def test_undo_of_a_rename_onto_a_deleted_id_keeps_the_dangling_references(qtbot):
    doc = Document()
    doc.set_script(load_script(FIXTURE))
    s = doc.script
    referenced = {i for r in s.grading.rules for i in r.when.reached_any + r.when.reached_all}
    victim = sorted(referenced & set(s.nodes))[0]  # a node a grading rule names
    other = next(n for n in s.nodes if n != victim and n not in referenced)
    original = dump_script(s)

    doc.undo_stack.push(cmd.remove_nodes_command(s, [victim]))
    after_delete = dump_script(s)
    doc.undo_stack.push(cmd.RenameNode(s, other, victim))  # the rule now names this node
    assert victim in s.nodes and other not in s.nodes

    doc.undo_stack.undo()  # the rename
    assert other in s.nodes and victim not in s.nodes
    assert dump_script(s) == after_delete  # the rule still names the deleted node, not `other`
    assert victim in {i for r in s.grading.rules for i in r.when.reached_any + r.when.reached_all}
    doc.undo_stack.undo()  # the delete
    assert dump_script(s) == original

    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert victim in s.nodes and other not in s.nodes
