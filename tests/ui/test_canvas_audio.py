"""The audio mark of a canvas card follows the prompt's audio as the Audio dock and the export
find it: ok for a file recorded, imported or synthesized into the script's audio folder (no
`audio:` field needed), missing when an explicit `audio:` path names no file, none otherwise;
it changes when the audio does, and the folder is listed once for all the cards."""
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from designer.audio import library
from designer.formats.script_yaml import load_script
from designer.model import Node, Script
from designer.ui import commands as cmd
from designer.ui.audio_state import audio_notifier
from designer.ui.canvas import GraphScene
from designer.ui.document import Document
from designer.ui.panels.audio_prompt import PromptAudioWidget
from tests.audio_support import write_tone
from recorder_support import FakeRecorder

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "scripts_library", "property_followup")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(SAMPLE, tmp_path / "pf")
    return tmp_path / "pf"


@pytest.fixture
def doc(folder):
    return Document(load_script(str(folder / "script.yaml")))


@pytest.fixture
def scene(qtbot, doc):
    return GraphScene(doc)


def mark(scene, nid):
    return scene.items_by_id[nid].info.audio


def audio_widget(qtbot, doc, nid):
    widget = PromptAudioWidget(doc, nid, recorder_factory=FakeRecorder)
    qtbot.addWidget(widget)
    return widget


def test_a_recorded_prompt_shows_ok_without_any_audio_field(qtbot, doc, scene, folder):
    assert doc.script.nodes["goodbye"].audio is None
    assert mark(scene, "goodbye") == "none"
    widget = audio_widget(qtbot, doc, "goodbye")
    qtbot.mouseClick(widget.rows["goodbye"].record, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.rows["goodbye"].record, Qt.MouseButton.LeftButton)  # Stop
    qtbot.waitUntil(lambda: widget.message.text().startswith("Recorded goodbye: "),
                    timeout=5000)
    assert (folder / "audio" / "goodbye.wav").is_file()
    assert mark(scene, "goodbye") == "ok"
    assert mark(scene, "opening") == "none"  # the others as they were


def test_an_imported_then_cleared_prompt_follows_on_the_card(qtbot, doc, scene, tmp_path,
                                                             monkeypatch):
    widget = audio_widget(qtbot, doc, "opening")
    assert widget.import_file("opening", str(write_tone(tmp_path / "take.wav")))
    assert mark(scene, "opening") == "ok"
    monkeypatch.setattr(widget, "_ask", lambda *_args: True)  # "Delete the imported audio?"
    assert widget.clear("opening")
    assert mark(scene, "opening") == "none"


def test_a_synthesized_or_talent_file_shows_ok_when_the_audio_changes(doc, scene, folder):
    """Any change announced for every prompt (talent import, export, synthesize all)."""
    write_tone(folder / "audio" / "goodbye.wav")
    assert mark(scene, "goodbye") == "none"  # the folder was listed before
    audio_notifier(doc).changed.emit([])
    assert mark(scene, "goodbye") == "ok"


def test_an_explicit_path_shows_ok_or_missing(qtbot, doc, scene, folder):
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "audio", "audio/nowhere.wav"))
    assert mark(scene, "goodbye") == "missing"
    write_tone(folder / "takes" / "bye.wav")
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "audio", "takes/bye.wav"))
    assert mark(scene, "goodbye") == "ok"
    # an explicit path wins over the conventional file: that one is not the prompt's
    write_tone(folder / "audio" / "goodbye.wav")
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "audio", "takes/gone.wav"))
    audio_notifier(doc).changed.emit(["goodbye"])
    assert mark(scene, "goodbye") == "missing"
    doc.undo_stack.undo()
    assert mark(scene, "goodbye") == "ok"


def test_a_script_never_saved_has_no_audio_and_a_relative_path_is_missing(qtbot):
    nodes = {"a": Node(say="你好"), "b": Node(say="再见", audio="audio/b.wav")}
    doc = Document(Script(nodes=nodes, start="a"))
    scene = GraphScene(doc)
    assert mark(scene, "a") == "none" and mark(scene, "b") == "missing"


def test_another_folder_after_save_as_reads_that_folder(qtbot, doc, scene, tmp_path):
    other = tmp_path / "elsewhere"
    write_tone(other / "audio" / "opening.wav")
    assert mark(scene, "opening") == "none"
    doc.set_path(str(other / "script.yaml"))
    assert mark(scene, "opening") == "ok"


def test_the_marks_agree_with_the_audio_dock(doc, scene, folder):
    for pid in ("opening", "retain"):
        write_tone(folder / "audio" / f"{pid}.wav")
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "audio", "audio/missing.wav"))
    audio_notifier(doc).changed.emit([])
    says = {st.id: st for st in library.prompt_states(doc.script) if st.kind == "say"}
    assert set(says) == set(doc.script.nodes)  # every node of the sample says something
    for nid, node in doc.script.nodes.items():
        expected = ("ok" if says[nid].file is not None else
                    "missing" if node.audio else "none")
        assert mark(scene, nid) == expected, nid
    assert mark(scene, "opening") == "ok" and mark(scene, "goodbye") == "missing"


def test_a_large_flow_lists_the_audio_folder_once_not_a_stat_per_card(qtbot, tmp_path,
                                                                      monkeypatch):
    n = 600
    nodes = {f"n{i}": Node(say=f"第{i}句", next=f"n{i + 1}" if i + 1 < n else None,
                           end=None if i + 1 < n else "hangup", position=(i % 30 * 300.0,
                                                                          i // 30 * 200.0))
             for i in range(n)}
    script = Script(nodes=nodes, start="n0")
    script.path = str(tmp_path / "big.yaml")
    audio = tmp_path / "audio"
    audio.mkdir()
    for i in range(0, n, 3):
        (audio / f"n{i}.wav").write_bytes(b"RIFF")
    listings, stats = [], []
    real_files_in = library._files_in
    monkeypatch.setattr(library, "_files_in",
                        lambda folder: listings.append(folder) or real_files_in(folder))
    real_isfile, real_is_file = os.path.isfile, Path.is_file
    monkeypatch.setattr(os.path, "isfile", lambda p: stats.append(p) or real_isfile(p))
    monkeypatch.setattr(Path, "is_file", lambda self: stats.append(self) or real_is_file(self))
    scene = GraphScene(Document(script))
    scene.ensure_built()
    assert len(scene._items) == n
    assert [mark(scene, f"n{i}") for i in range(6)] == ["ok", "none", "none", "ok", "none",
                                                         "none"]
    assert len(listings) == 1 and stats == []
    (audio / "n1.wav").write_bytes(b"RIFF")  # one prompt recorded: the folder listed again
    audio_notifier(scene.document).changed.emit(["n1"])
    assert mark(scene, "n1") == "ok" and len(listings) == 2 and stats == []
