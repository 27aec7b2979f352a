"""Any sequence of edits, undone to the start, gives back the file's exact bytes; redone, the
edited bytes. The canvas mirrors the model at every step."""
import dataclasses
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from designer.formats.script_yaml import dump_script, load_script
from designer.model import Branch, FaqEntry, Handler, Node
from designer.ui import commands as cmd
from designer.ui.canvas import GraphScene
from designer.ui.canvas.clipboard import copy_text, paste_command
from designer.ui.document import Document

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")
TEXTS = st.text(alphabet="好的再见您abc？ ", min_size=1, max_size=8)


def _node(data, script):
    return data.draw(st.sampled_from(sorted(script.nodes)))


def make_edit(data, doc):
    """One random edit as a command (or None when it does not apply)."""
    s = doc.script
    kind = data.draw(st.sampled_from([
        "add", "remove", "move", "rename", "connect", "say", "next", "drop_arrow", "paste",
        "start", "limit", "no_match", "faq_goto"]))
    if kind == "add":
        pos = data.draw(st.one_of(st.none(), st.tuples(st.integers(-500, 2000),
                                                       st.integers(-500, 2000))))
        return cmd.AddNode(s, s.new_node_id(), Node(
            say=data.draw(TEXTS), position=None if pos is None else tuple(map(float, pos))))
    if not s.nodes:
        return None
    nid = _node(data, s)
    if kind == "remove":
        return cmd.remove_nodes_command(s, [nid])
    if kind == "move":
        x, y = data.draw(st.integers(-300, 3000)), data.draw(st.integers(-300, 3000))
        return cmd.MoveNodes(s, {nid: (s.nodes[nid].position, (float(x), float(y)))})
    if kind == "rename":
        return cmd.RenameNode(s, nid, s.new_node_id("renamed"))
    if kind == "connect" and s.nodes[nid].listens:
        return cmd.AddBranch(s, nid, Branch(data.draw(st.sampled_from(sorted(s.intents))),
                                            _node(data, s)))
    if kind == "say":
        return cmd.SetNodeField(s, nid, "say", data.draw(TEXTS), merge=data.draw(st.booleans()))
    if kind == "next" and not s.nodes[nid].branches and s.nodes[nid].end is None:
        return cmd.SetNodeField(s, nid, "next", _node(data, s))
    if kind == "drop_arrow":
        keys = [("branch", nid, i) for i in range(len(s.nodes[nid].branches))]
        keys += [("next", nid)] if s.nodes[nid].next else []
        return cmd.remove_edges_command(s, keys[:1]) if keys else None
    if kind == "paste":
        command, _ids = paste_command(s, copy_text(s, [nid]))
        return command
    if kind == "start":
        return cmd.SetSection(s, "start", nid)
    if kind == "limit":
        return cmd.SetSection(s, "limits", dataclasses.replace(s.limits, on_limit=nid))
    if kind == "no_match":
        return cmd.SetNodeField(s, nid, "no_match", Handler(reply="没听清", then=_node(data, s)))
    if kind == "faq_goto" and s.faq:
        i = data.draw(st.integers(0, len(s.faq) - 1))
        return cmd.ReplaceFaq(s, i, FaqEntry(s.faq[i].intent, s.faq[i].reply, goto=nid))
    return None


def assert_canvas_mirrors(scene, script):
    assert set(scene.items_by_id) == set(script.nodes)
    wanted = set()
    for src, dst, kind, detail in script.edges():
        if dst in script.nodes:
            wanted.add((kind, src, detail) if kind == "branch" else (kind, src))
    wanted |= {("faq", e.goto) for e in script.faq if e.goto in script.nodes}
    assert set(scene.edges) == wanted
    for nid, node in script.nodes.items():
        item = scene.items_by_id[nid]
        assert item.info.say == node.say
        if node.position is not None:
            assert item.pos().toTuple() == node.position


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_edits_undo_to_the_original_bytes(qtbot, data):
    doc = Document(load_script(FIXTURE))
    scene = GraphScene(doc)
    start = dump_script(doc.script)
    steps = data.draw(st.integers(1, 12))
    for _ in range(steps):
        command = make_edit(data, doc)
        if command is not None:
            doc.push(command)
            assert_canvas_mirrors(scene, doc.script)
    edited = dump_script(doc.script)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert dump_script(doc.script) == start
    assert_canvas_mirrors(scene, doc.script)
    assert not doc.is_modified()
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    assert dump_script(doc.script) == edited
    assert_canvas_mirrors(scene, doc.script)
    scene.deleteLater()
