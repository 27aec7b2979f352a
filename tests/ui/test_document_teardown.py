"""A Document freed by the cyclic garbage collector with commands on its undo stack.

The commands are Python QUndoCommand subclasses that push() gives to the stack; the collector
used to free one before the document's C++ object, and QUndoStack::clear (in ~QUndoStack) then
deleted it a second time: a segfault in gc.collect() (see Document.__del__). Each scenario runs
in a child interpreter, so that a segfault fails its test instead of ending the test run."""
from window_support import run_child


def test_document_with_scene_and_pushed_commands_survives_the_collector():
    # the reported reproduction, and the same with a macro (Delete) and with an undone step;
    # before the fix the first kind crashed in its first iterations
    out = run_child("""
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from designer.formats.script_yaml import load_script
        from designer.ui import commands as cmd
        from designer.ui.canvas import GraphScene
        from designer.ui.document import Document

        rounds = 0
        for kind in ("field", "macro", "undone"):
            for i in range(15):
                d = Document()
                d.set_script(load_script(FIXTURE))
                sc = GraphScene(d)
                s = d.script
                nid = sorted(s.nodes)[0]
                if kind == "macro":
                    d.undo_stack.push(cmd.remove_nodes_command(s, [nid]))
                else:
                    d.undo_stack.push(cmd.SetNodeField(s, nid, "say", "x"))
                    d.undo_stack.push(cmd.SetNodeField(s, nid, "say", "y"))
                if kind == "undone":
                    d.undo_stack.undo()
                del d, sc, s
                gc.collect()
                rounds += 1
        print("survived", rounds)
    """)
    assert "survived 45" in out


def test_teardown_is_silent_and_edits_stay_undoable():
    # a document going away is not an edit: no modified_changed(False), which would tell the
    # autosave the script was saved; before that, every edit is undone and redone as usual
    out = run_child("""
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from designer.formats.script_yaml import load_script
        from designer.ui import commands as cmd
        from designer.ui.canvas import GraphScene
        from designer.ui.document import Document

        heard = []
        d = Document()
        d.set_script(load_script(FIXTURE))
        sc = GraphScene(d)
        d.modified_changed.connect(heard.append)
        s = d.script
        nid = sorted(s.nodes)[0]
        before = s.node(nid).say
        d.push(cmd.SetNodeField(s, nid, "say", "x"))
        d.undo_stack.undo()
        assert s.node(nid).say == before and not d.is_modified()
        d.undo_stack.redo()
        assert s.node(nid).say == "x" and d.is_modified()
        assert d.undo_stack.count() == 1
        del d, sc, s
        gc.collect()
        print("heard", heard)
    """)
    assert "heard [True, False, True]" in out  # push, undo, redo; nothing from the teardown


def test_window_open_edit_close_delete_collect(isolated):
    out = run_child("""
        from designer.ui.app import create_app
        app = create_app(["test"])
        from designer.ui import commands as cmd
        from designer.ui.main_window import MainWindow
        from window_support import FakePrompts

        for i in range(3):
            w = MainWindow()
            w.prompts = FakePrompts()  # "discard" when asked to save
            assert w.files.open_path(FIXTURE, ask=False)
            w.show()
            app.processEvents()
            s = w.document.script
            nid = sorted(s.nodes)[0]
            w.document.push(cmd.SetNodeField(s, nid, "say", "x"))
            w.document.push(cmd.remove_nodes_command(s, [sorted(s.nodes)[1]]))
            w.document.undo_stack.undo()
            if i == 2:  # the last window closes with a check under way: the exit waits for it
                w.problems.check_now()
            assert w.close()
            app.processEvents()
            w.deleteLater()
            app.processEvents()
            del w, s
            gc.collect()
        print("windows closed", i + 1)
    """, env={"CALLSCRIPT_NO_RECOVERY_PROMPT": "1"})
    assert "windows closed 3" in out
