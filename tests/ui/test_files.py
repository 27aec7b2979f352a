"""Files: new, open, save, save as, recent files, reload; interrupted saves never leave a
truncated file; a change on disk by another program is noticed; the heap frozen after an open
keeps nothing of the script opened before."""
import gc
import os
import shutil
import weakref

import pytest

from designer.formats.script_yaml import dump_script, load_script
from designer.ui import commands as cmd
from designer import gcpause
from designer.ui import settings
from designer.ui.main_window import MainWindow
from window_support import FIXTURE, FakePrompts  # noqa: F401


@pytest.fixture
def window(qtbot, isolated, script_file):
    w = MainWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    assert w.files.open_path(script_file, ask=False)
    return w


def edit(window, text="再见！"):
    doc = window.document
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", text))


def test_open_a_file_that_cannot_load_explains_and_keeps_the_document(window, isolated):
    bad = isolated / "bad.yaml"
    bad.write_text("callscript: 1\nname: [unclosed\n", encoding="utf-8")
    assert not window.files.open_path(str(bad))
    kind, codes = window.prompts.asked[-1]
    assert kind == "load_problems" and codes == ["E-YAML"]
    assert window.document.display_name() == "script.yaml"


def test_save_writes_what_dump_gives_and_marks_clean(window, script_file):
    edit(window)
    assert window.files.save()
    with open(script_file, encoding="utf-8") as fh:
        assert fh.read() == dump_script(window.document.script)
    assert not window.document.is_modified()
    assert load_script(script_file).nodes["goodbye"].say == "再见！"


def test_save_as_changes_path_title_and_recent_files(window, isolated):
    target = isolated / "copy.yaml"
    window.prompts.save_path = str(target)
    assert window.files.save_as()
    assert window.document.path == str(target)
    assert window.windowTitle().startswith("copy.yaml")
    assert settings.recent_files()[:2] == [str(target), str(isolated / "script.yaml")]
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent[0].endswith("copy.yaml")


def test_new_script_asks_about_unsaved_changes(window):
    edit(window)
    window.prompts.save_answer = "cancel"
    assert not window.files.new_script()
    assert "goodbye" in window.document.script.nodes
    window.prompts.save_answer = "discard"
    assert window.files.new_script()
    assert list(window.document.script.nodes) == ["opening"]
    assert window.document.path is None
    assert window.windowTitle().startswith("Untitled")


def test_save_of_a_new_script_asks_where(window, isolated):
    window.files.new_script()
    window.prompts.save_path = None  # the user cancels the dialog
    assert not window.files.save()
    window.prompts.save_path = str(isolated / "new.yaml")
    assert window.files.save()
    assert load_script(str(isolated / "new.yaml")).start == "opening"


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_an_interrupted_save_leaves_the_old_file_whole(window, script_file, monkeypatch,
                                                        where):
    with open(script_file, "rb") as fh:
        original = fh.read()
    edit(window, "x" * 5000)

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    if where == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])  # half, then the disk is full
                fail()

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, where, fail)
    assert not window.files.save()
    monkeypatch.undo()
    with open(script_file, "rb") as fh:
        assert fh.read() == original
    leftovers = [n for n in os.listdir(os.path.dirname(script_file)) if n.endswith(".tmp")]
    assert leftovers == []
    assert window.document.is_modified()
    kind, text = window.prompts.asked[-1]
    assert kind == "error" and "No space left" in text
    assert window.files.save()  # and it saves once the disk is fine again


def test_reload_after_an_outside_change_when_clean(window, script_file, qtbot):
    text = open(script_file, encoding="utf-8").read().replace("好的，不打扰您了", "好的，打扰了")
    with open(script_file, "w", encoding="utf-8") as fh:
        fh.write(text)
    qtbot.waitUntil(lambda: ("reload", "script.yaml") in window.prompts.asked, timeout=3000)
    assert window.document.script.nodes["goodbye"].say.startswith("好的，打扰了")
    assert not window.document.is_modified()


def test_outside_change_while_dirty_warns_and_keeps_our_edit(window, script_file, qtbot):
    edit(window)
    with open(script_file, "a", encoding="utf-8") as fh:
        fh.write("\n# touched by another editor\n")
    qtbot.waitUntil(lambda: ("changed_on_disk", "script.yaml") in window.prompts.asked,
                    timeout=3000)
    assert window.document.script.nodes["goodbye"].say == "再见！"
    assert ("reload", "script.yaml") not in window.prompts.asked


def test_our_own_save_is_not_an_outside_change(window, qtbot):
    edit(window)
    assert window.files.save()
    edit(window, "又改了")
    assert window.files.save()
    qtbot.wait(600)  # longer than the watcher's settle time
    assert not [a for a in window.prompts.asked if a[0] in ("reload", "changed_on_disk")]


def test_recent_file_that_vanished_is_dropped(window, isolated):
    gone = isolated / "gone.yaml"
    shutil.copy(FIXTURE, gone)
    assert window.files.open_path(str(gone))
    os.unlink(gone)
    assert not window.files.open_path(str(gone))
    assert str(gone) not in settings.recent_files()


# ---- the heap frozen after an open ------------------------------------------------------------
def test_the_frozen_heap_keeps_nothing_of_the_script_opened_before(qtbot, isolated,
                                                                   script_file):
    window = MainWindow()
    window.prompts = FakePrompts()
    qtbot.addWidget(window)
    other = isolated / "other.yaml"
    shutil.copy(FIXTURE, other)
    cycles = []

    def hold_in_a_cycle():  # a view that keeps the script in a reference cycle
        holder = {"script": window.document.script}
        holder["self"] = holder
        cycles.append(weakref.ref(window.document.script))

    window.document.script_replaced.connect(hold_in_a_cycle)
    assert window.files.open_path(script_file, ask=False)
    first = cycles[-1]
    assert first() is window.document.script
    assert gc.get_freeze_count() > 0  # the heap was frozen with the script in it
    assert window.files.open_path(str(other), ask=False)
    gc.collect()
    assert first() is None  # thawed, collected, not frozen again
    assert cycles[-1]() is window.document.script


def test_opening_again_and_again_does_not_grow_the_frozen_heap(window, script_file,
                                                               isolated):
    other = isolated / "other.yaml"
    shutil.copy(FIXTURE, other)
    frozen = []
    for path in (script_file, str(other)) * 3:
        assert window.files.open_path(path, ask=False)
        frozen.append(gc.get_freeze_count())
    assert max(frozen[2:]) <= frozen[1] * 1.05


def test_a_file_that_does_not_open_leaves_the_collector_on(window, isolated):
    bad = isolated / "bad.yaml"
    bad.write_text("callscript: 1\nnodes: [", encoding="utf-8")
    assert not window.files.open_path(str(bad), ask=False)
    assert gc.isenabled()
    assert window.prompts.asked[-1][0] == "load_problems"


def test_thaw_and_freeze_pair_up():
    gcpause.freeze_heap(collect=gcpause.thaw_heap())
    assert gc.get_freeze_count() > 0
    assert gcpause.thaw_heap() is True and gc.get_freeze_count() == 0
    assert gcpause.thaw_heap() is False  # nothing of its own frozen any more
    gcpause.freeze_heap(collect=True)
