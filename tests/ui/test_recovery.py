"""Autosave and crash recovery: unsaved work is written aside every few seconds, removed after
a save or a clean close, and offered again after the app was killed."""
import json
import os
import signal
import subprocess
import sys
import time


from designer.formats.script_yaml import dump_script
from designer.ui import commands as cmd
from designer.ui.main_window import MainWindow
from designer.ui.recovery import RecoveryStore
from window_support import ROOT, FakePrompts


def new_window(qtbot, path=None):
    w = MainWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    if path:
        assert w.files.open_path(path, ask=False)
    return w


def recovery_files(isolated):
    """Finished recovery files (not the temporary file of a write in progress)."""
    folder = isolated / "recovery"
    return sorted(folder.glob("*.recovery.json")) if folder.exists() else []


def edit(window, text="改过的"):
    doc = window.document
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", text))


def test_autosave_holds_the_edit_and_the_original_path(qtbot, isolated, script_file):
    w = new_window(qtbot, script_file)
    assert w.files.autosaver.autosave() is None  # nothing unsaved, nothing written
    edit(w)
    written = w.files.autosaver.autosave()
    data = json.loads(open(written, encoding="utf-8").read())
    assert data["original_path"] == script_file
    assert data["text"] == dump_script(w.document.script)
    assert data["pid"] == os.getpid()
    with open(script_file, encoding="utf-8") as fh:
        assert "改过的" not in fh.read()  # the script file itself is untouched


def test_autosave_runs_on_its_timer(qtbot, isolated, script_file, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_AUTOSAVE_MS", "100")
    w = new_window(qtbot, script_file)
    edit(w)
    qtbot.waitUntil(lambda: len(recovery_files(isolated)) == 1, timeout=2000)


def test_a_save_during_a_background_autosave_leaves_no_recovery_file(qtbot, isolated,
                                                                     script_file):
    w = new_window(qtbot, script_file)
    edit(w)
    assert w.files.autosaver.autosave_in_background()  # dumping on a worker thread...
    assert w.files.save()  # ...while the user saves
    w.files.autosaver.wait_idle()
    qtbot.wait(50)  # deliver the worker's result
    assert recovery_files(isolated) == []
    edit(w, "later")
    assert w.files.autosaver.autosave_in_background()
    qtbot.waitUntil(lambda: len(recovery_files(isolated)) == 1, timeout=3000)
    assert "later" in json.loads(recovery_files(isolated)[0].read_text("utf-8"))["text"]


def test_save_undo_to_clean_and_clean_close_remove_the_recovery_file(qtbot, isolated,
                                                                       script_file):
    w = new_window(qtbot, script_file)
    edit(w)
    w.files.autosaver.autosave()
    assert recovery_files(isolated)
    assert w.files.save()
    assert recovery_files(isolated) == []
    edit(w, "again")
    w.files.autosaver.autosave()
    w.document.undo_stack.undo()  # back to what is on disk
    assert recovery_files(isolated) == []
    edit(w, "third")
    w.files.autosaver.autosave()
    w.prompts.save_answer = "discard"
    assert w.close()
    assert recovery_files(isolated) == []


def test_a_running_windows_autosave_is_not_offered(qtbot, isolated, script_file):
    w = new_window(qtbot, script_file)
    edit(w)
    w.files.autosaver.autosave()
    other = new_window(qtbot, script_file)
    assert other.pending_recovery() == []


def write_orphan(isolated, original, text, pid=2 ** 22 + 17):
    store = RecoveryStore(str(isolated / "recovery"))
    path = store.write(original, text, "x")
    data = json.loads(open(path, encoding="utf-8").read())
    data["pid"] = pid  # a process that does not exist: it crashed
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    return path


def test_declined_offer_discards_accepted_offer_restores(qtbot, isolated, script_file):
    text = open(script_file, encoding="utf-8").read().replace("好的，不打扰您了", "恢复的内容")
    orphan = write_orphan(isolated, script_file, text)
    w = new_window(qtbot, script_file)
    w.prompts.restore_answer = False
    assert w.offer_recovery("ask") is None
    assert not os.path.exists(orphan)
    orphan = write_orphan(isolated, script_file, text)
    w.prompts.restore_answer = True
    entry = w.offer_recovery("ask")
    assert entry is not None and entry.original_path == script_file
    assert w.document.script.nodes["goodbye"].say.startswith("恢复的内容")
    assert w.document.is_modified() and w.isWindowModified()
    assert w.document.path == script_file
    assert w.files.save()
    assert "恢复的内容" in open(script_file, encoding="utf-8").read()
    assert recovery_files(isolated) == []


def test_untitled_work_is_recovered_too(qtbot, isolated):
    w = new_window(qtbot)
    w.files.new_script()
    w.document.push(cmd.SetNodeField(w.document.script, "opening", "say", "新的开场白"))
    written = w.files.autosaver.autosave()
    data = json.loads(open(written, encoding="utf-8").read())
    data["pid"] = 2 ** 22 + 19
    with open(written, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    w.files.autosaver.current_file = None  # as if that window had died
    later = new_window(qtbot)
    entry = later.offer_recovery("accept")
    assert entry is not None and entry.original_path is None
    assert later.document.script.nodes["opening"].say == "新的开场白"
    assert later.document.path is None and later.document.is_modified()


DRIVER = r"""
import sys
sys.path.insert(0, {root!r})
from designer.ui.app import create_app
app = create_app([sys.argv[0]])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from designer.ui import commands as cmd
from designer.ui.main_window import MainWindow

def edit():
    window = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)][0]
    doc = window.document
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "崩溃前的修改"))
    print("edited", flush=True)

QTimer.singleShot(300, edit)
import main
sys.exit(main.main([{path!r}]))
"""


def test_killed_app_offers_its_autosave_on_next_start(qtbot, isolated, script_file):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CALLSCRIPT_AUTOSAVE_MS="200",
               CALLSCRIPT_NO_RECOVERY_PROMPT="1")
    proc = subprocess.Popen([sys.executable, "-c", DRIVER.format(root=ROOT, path=script_file)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not recovery_files(isolated) and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.05)
        assert recovery_files(isolated), "no autosave was written"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    assert "edited" in proc.stdout.read()
    with open(script_file, encoding="utf-8") as fh:
        assert "崩溃前的修改" not in fh.read()
    w = new_window(qtbot, script_file)
    pending = w.pending_recovery()
    assert len(pending) == 1 and pending[0].original_path == script_file
    assert "崩溃前的修改" in pending[0].text
    w.prompts.restore_answer = True
    assert w.offer_recovery("ask") == pending[0]
    assert ("restore", script_file) in w.prompts.asked
    assert w.document.script.nodes["goodbye"].say == "崩溃前的修改"
    assert w.isWindowModified()
