"""The audio of one node's prompts, in the inspector: what the robot says, its no-match and
silence replies, and the transfer fallback line. Each prompt shows a state badge (missing,
synthesized, recorded, imported, stale; with the duration) and the buttons Play, Record (a
toggle, with a level meter while recording), Synthesize, Import…, Trim + normalize and Clear.

    inspector.set_audio_widget_factory(audio_widget_factory)

Audio files are not part of the script file: they live in `audio/` beside it, with their state
in `audio/index.json` (designer.audio). So these actions are not undo steps and never mark the
script modified; they refresh the state shown instead. Every audio change is announced on the
document's AudioNotifier (audio_notifier(document)), which the Audio dock and the Problems dock
listen to. Synthesis runs on a worker thread (designer.ui.audio_qt.QtSynthesisTask).

A recording is the document's (AudioNotifier.recording, a RecordingSession), not this widget's:
selecting another node replaces the widget, and the take is then finished and saved to the
prompt it was started for, with the usual "Recorded …" line in the widget shown next. Why not
keep recording: the Stop button and the level meter go with the node's rows, so a take running
on would record unseen whatever is said next, into a prompt no longer on screen; a click
elsewhere is the writer moving on, and the trim cuts the silence at the end. The same holds
when the inspector is hidden (its dock closed, another panel's tab in front) and when another
file is opened (the take goes to the file it was recorded for).
"""
from __future__ import annotations

import dataclasses
import os
from typing import Callable, Optional

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog, QGridLayout, QHBoxLayout, QLabel, QMessageBox, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from designer.audio import AudioError, PromptAudio, clear_audio, import_audio, prompt_audio
from designer.audio.index import edit_index
from designer.audio.library import audio_dir
from designer.audio.processing import ffmpeg_available, process
from designer.model import Prompt
from designer.ui.audio_qt import LevelMeter, PromptRecorder, QtPlayer, QtRecorder
from designer.ui.audio_state import (
    BADGE_COLORS, audio_notifier, duration_text, kind_name, node_prompts, state_text,
    take_message,
)
from designer.ui.document import Document

RecorderFactory = Callable[[QObject], QtRecorder]
# ---- the widget --------------------------------------------------------------------------------
@dataclasses.dataclass
class PromptRow:
    prompt_id: str
    kind_label: QLabel
    badge: QLabel
    runtime_note: QLabel
    play: QToolButton
    record: QToolButton
    synthesize: QToolButton
    import_: QToolButton
    trim: QToolButton
    clear: QToolButton
    meter: LevelMeter
    elapsed: QLabel


class PromptAudioWidget(QWidget):
    """The audio controls for the prompts of one node (see the module docstring)."""

    def __init__(self, document: Document, node_id: str,
                 recorder_factory: Optional[RecorderFactory] = None,
                 parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.document, self.node_id = document, node_id
        self.notifier = audio_notifier(document)
        self.rows: dict[str, PromptRow] = {}
        self.states: dict[str, PromptAudio] = {}
        self._make_recorder = recorder_factory or (lambda parent: QtRecorder(parent))
        self.session = self.notifier.recording  # the take under way (the document's)
        self._player: Optional[QtPlayer] = None
        self._playing: Optional[str] = None
        self._synthesizing: set[str] = set()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows_box = QVBoxLayout()
        self._layout.addLayout(self._rows_box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.message)
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.refresh)
        document.content_changed.connect(self._schedule)
        document.path_changed.connect(self._schedule)
        self.notifier.changed.connect(self._on_audio_changed)
        self.notifier.busy_changed.connect(self._schedule)
        self.notifier.synthesis_done.connect(self._on_synthesis_done)
        self.session.changed.connect(self._on_take_changed)
        self.session.done.connect(self._on_take_done)
        self.session.level.connect(self._show_level)
        self.session.elapsed.connect(self._show_elapsed)
        self.refresh()
        if self.session.take is not None:  # a take of another node is finishing
            self._on_take_changed()

    # ---- state -> widgets ---------------------------------------------------------------------
    def _schedule(self, *_args) -> None:
        self._timer.start()

    def _on_audio_changed(self, ids: list) -> None:
        if not ids or set(ids) & set(self.rows):
            self._schedule()

    def refresh(self) -> None:
        script = self.document.script
        if self.node_id not in script.nodes:
            return  # the inspector replaces this widget
        prompts = node_prompts(script, self.node_id)
        if [p.id for p in prompts] != list(self.rows):
            self._build_rows(prompts)
        self.states = {}
        problem = ""
        if not script.path:
            problem = self.tr("Save the script first: its audio is kept in an audio folder "
                              "beside the script file.")
        else:
            for p in prompts:
                try:
                    self.states[p.id] = prompt_audio(script, p.id)
                except AudioError as exc:
                    problem = str(exc)
        for p in prompts:
            self._show_row(self.rows[p.id], p)
        if not prompts:
            self.set_message(self.tr("This node says nothing yet: write its prompt first."))
        elif problem:
            self.set_message(problem, error=True)
        elif self.notifier.is_busy():
            self.set_message(self.tr("The Audio panel is synthesizing all missing prompts; "
                                     "these controls come back when it has finished."))
        elif self.message.property("sticky") is not True:
            self.set_message("")

    def _build_rows(self, prompts: list[Prompt]) -> None:
        for row in self.rows.values():
            row.kind_label.parentWidget().deleteLater()
        self.rows = {}
        for p in prompts:
            box = QWidget()
            self._rows_box.addWidget(box)
            self.rows[p.id] = self._build_row(box, p)

    def _build_row(self, box: QWidget, prompt: Prompt) -> PromptRow:
        kind = QLabel(f"<b>{kind_name(prompt.kind)}</b>")
        badge = QLabel()
        badge.setObjectName("audio_badge")
        note = QLabel()
        note.setWordWrap(True)
        note.setStyleSheet("color: #666666;")
        buttons = self._row_buttons(prompt.id)
        buttons[1].setCheckable(True)  # Record: pressed while recording
        meter, elapsed = LevelMeter(), QLabel()
        head = QHBoxLayout()
        head.addWidget(kind)
        head.addWidget(badge)
        head.addStretch(1)
        grid = QGridLayout()  # two rows of three: fits the inspector's narrow dock
        grid.setSpacing(2)
        for i, b in enumerate(buttons):
            grid.addWidget(b, i // 3, i % 3)
        level = QHBoxLayout()
        level.addWidget(meter, 1)
        level.addWidget(elapsed)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 2, 0, 4)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addLayout(level)
        meter.setVisible(False)
        elapsed.setVisible(False)
        return PromptRow(prompt.id, kind, badge, note, *buttons, meter, elapsed)

    def _row_buttons(self, pid: str) -> list[QToolButton]:
        """Play, Record, Synthesize, Import…, Trim + normalize, Clear for one prompt."""
        specs = [
            (self.tr("Play"), self.tr("Listen to this prompt's audio"),
             lambda: self.play(pid)),
            (self.tr("Record"), self.tr("Record this prompt from the microphone; click again "
                                        "to stop"), lambda: self._toggle_record(pid)),
            (self.tr("Synthesize"), self.tr("Make the audio with the script's voice"),
             lambda: self.synthesize(pid)),
            (self.tr("Import…"), self.tr("Use an audio file (WAV; MP3 and OGG when ffmpeg is "
                                         "installed)"), lambda: self._choose_import(pid)),
            (self.tr("Trim + normalize"), self.tr("Cut the silence at both ends and bring the "
                                                  "loudness to the level of the other prompts"),
             lambda: self.trim(pid)),
            (self.tr("Clear"), self.tr("Delete this prompt's audio file"),
             lambda: self.clear(pid)),
        ]
        buttons = []
        for text, tip, slot in specs:
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.clicked.connect(lambda _checked=False, act=slot: act())
            buttons.append(b)
        return buttons

    def _show_row(self, row: PromptRow, prompt: Prompt) -> None:
        st = self.states.get(row.prompt_id)
        if st is None:
            text, key, tip = self.tr("not saved"), "", ""
        elif row.prompt_id in self._synthesizing:
            text, key, tip = self.tr("Synthesizing…"), "", ""
        else:
            text, key = state_text(st), st.state
            tip = str(st.file) if st.file else self.tr("Will be written to {0}").format(st.target)
        fg, bg = BADGE_COLORS.get(key, BADGE_COLORS[""])
        row.badge.setText(text)
        row.badge.setToolTip(tip)
        row.badge.setStyleSheet(f"color: {fg}; background: {bg}; border-radius: 3px; "
                                "padding: 1px 6px;")
        variables = ", ".join("{" + v + "}" for v in dict.fromkeys(prompt.variables))
        row.runtime_note.setText(self.tr("Contains {0}: the dialer fills it in at call time; "
                                         "this audio uses the example value.").format(variables)
                                 if variables else "")
        row.runtime_note.setVisible(bool(variables))
        self._enable(row, st)

    def _enable(self, row: PromptRow, st: Optional[PromptAudio]) -> None:
        pid = row.prompt_id
        take = self.session.prompt_id  # recording or finishing, of any node
        recording = self.session.is_recording(pid)
        free = (st is not None and pid not in self._synthesizing and not take
                and not self.notifier.is_busy())
        has_file = st is not None and st.file is not None
        row.play.setEnabled(has_file and not take)
        row.play.setText(self.tr("Stop") if self._playing == pid else self.tr("Play"))
        row.record.setEnabled(recording or free)
        row.record.setChecked(recording)
        row.record.setText(self.tr("Stop") if recording else self.tr("Record"))
        if row.meter.isHidden() == recording:
            row.meter.set_level(0.0)
            row.elapsed.setText("0:00")
        row.meter.setVisible(recording)
        row.elapsed.setVisible(recording)
        row.synthesize.setEnabled(free and st.state != "synthesized")
        row.import_.setEnabled(free)
        row.trim.setEnabled(free and has_file)
        row.clear.setEnabled(free and has_file)

    def set_message(self, text: str, error: bool = False, sticky: bool = False) -> None:
        """A line under the prompts; sticky keeps it across refreshes (an action's result)."""
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")
        self.message.setProperty("sticky", sticky and bool(text))
        self.message.setVisible(bool(text))

    def _fail(self, text: str) -> None:
        self.set_message(text, error=True, sticky=True)

    def _done(self, text: str, prompt_id: str) -> None:
        self.set_message(text, sticky=True)
        self.refresh()
        self.notifier.changed.emit([prompt_id])

    def _state(self, prompt_id: str) -> Optional[PromptAudio]:
        """The prompt's state now, or None after saying why nothing can be done."""
        script = self.document.script
        if not script.path:
            self._fail(self.tr("Save the script first: its audio is kept in an audio folder "
                               "beside the script file."))
            return None
        try:
            return prompt_audio(script, prompt_id)
        except AudioError as exc:
            self._fail(str(exc))
            return None

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # ---- actions --------------------------------------------------------------------------------
    def synthesize(self, prompt_id: str) -> bool:
        """Synthesize one prompt on a worker thread; a recording or import is only replaced
        after asking."""
        st = self._state(prompt_id)
        if st is None or prompt_id in self._synthesizing:
            return False
        force = st.state in ("recorded", "imported") or (
            st.state == "stale" and st.source != "synthesized")
        question = (self.tr("Replace the recording of {0} with synthesized speech? The "
                            "recording cannot be restored.") if st.source == "recorded" else
                    self.tr("Replace the imported audio of {0} with synthesized speech? The "
                            "file cannot be restored."))
        if force and not self._ask(self.tr("Replace the audio?"), question.format(prompt_id)):
            return False
        self._synthesizing.add(prompt_id)
        self.set_message(self.tr("Synthesizing {0}…").format(prompt_id), sticky=True)
        self.notifier.start_synthesis(self.document.script, [prompt_id], force)
        self.refresh()
        return True

    def _on_synthesis_done(self, ids: list, report: object, error: str) -> None:
        mine = [i for i in ids if i in self._synthesizing]
        if not mine:
            return
        self._synthesizing.difference_update(mine)
        failed = getattr(report, "failed", [])
        if error or failed:
            self._fail(self.tr("Synthesis failed: {0}").format(error or failed[0][1]))
        else:
            st = self._state(mine[0])
            if st is not None:
                self.set_message(self.tr("Synthesized {0}: {1}").format(
                    mine[0], duration_text(st.duration_ms)), sticky=True)
        self.refresh()

    def _choose_import(self, prompt_id: str) -> None:
        if self._state(prompt_id) is None:
            return
        if ffmpeg_available():
            pattern = self.tr("Audio files (*.wav *.mp3 *.ogg *.m4a *.flac)")
        else:
            pattern = self.tr("WAV files (*.wav)")
        start = os.path.dirname(self.document.script.path or "")
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import audio for {0}").format(prompt_id), start, pattern)
        if path:
            self.import_file(prompt_id, path)

    def import_file(self, prompt_id: str, path: str) -> bool:
        """Make a file the prompt's audio (trimmed, normalized, telephone format)."""
        if self._state(prompt_id) is None:
            return False
        with _BusyCursor():
            try:
                st = import_audio(self.document.script, prompt_id, path)
            except AudioError as exc:
                self._fail(str(exc))
                return False
        self._done(self.tr("Imported {0}: {1}").format(os.path.basename(path),
                                                       duration_text(st.duration_ms)), prompt_id)
        return True

    def trim(self, prompt_id: str) -> bool:
        """Trim the silence and normalize the loudness of the prompt's file in place."""
        st = self._state(prompt_id)
        if st is None or st.file is None:
            return False
        script, before = self.document.script, st.duration_ms
        with _BusyCursor():
            try:
                if not st.tracked:  # a file put there by hand: it becomes an import
                    after = import_audio(script, prompt_id, st.file).duration_ms
                else:
                    after = process(st.file, st.file).duration_ms
                    with edit_index(audio_dir(script)) as index:
                        record = index.prompts.get(prompt_id)
                        if record is not None:
                            index.prompts[prompt_id] = dataclasses.replace(
                                record, duration_ms=after)
            except AudioError as exc:
                self._fail(str(exc))
                return False
        self._done(self.tr("Trimmed and normalized {0}: {1} → {2}").format(
            prompt_id, duration_text(before) or "?", duration_text(after)), prompt_id)
        return True

    def clear(self, prompt_id: str) -> bool:
        """Delete the prompt's audio; a recording or import only after asking."""
        st = self._state(prompt_id)
        if st is None or st.file is None:
            return False
        question = (self.tr("Delete the recording of {0}? This cannot be undone.")
                    if st.source == "recorded" else
                    self.tr("Delete the imported audio of {0}? This cannot be undone."))
        if st.source in ("recorded", "imported") and not self._ask(
                self.tr("Delete the audio?"), question.format(prompt_id)):
            return False
        if self._playing == prompt_id and self._player is not None:
            self._player.stop()
        try:
            clear_audio(self.document.script, prompt_id)
        except AudioError as exc:
            self._fail(str(exc))
            return False
        self._done(self.tr("Cleared the audio of {0}.").format(prompt_id), prompt_id)
        return True

    def play(self, prompt_id: str) -> bool:
        """Play the prompt's audio; a second click stops it."""
        if self._player is not None and self._playing == prompt_id:
            self._player.stop()
            self._set_playing(None)
            return False
        st = self._state(prompt_id)
        if st is None:
            return False
        if st.file is None:
            self._fail(self.tr("{0} has no audio yet: synthesize, record or import it.")
                       .format(prompt_id))
            return False
        if self._player is None:
            self._player = QtPlayer(self)
            self._player.error.connect(self._on_play_error)
            self._player.finished.connect(self._on_play_finished)
        if not self._player.play(str(st.file)):
            return False
        self._set_playing(prompt_id)
        return True

    def _set_playing(self, prompt_id: Optional[str]) -> None:
        self._playing = prompt_id
        self.refresh()

    def _on_play_error(self, message: str) -> None:
        self._fail(message)
        self._set_playing(None)

    def _on_play_finished(self) -> None:
        self._set_playing(None)

    # ---- recording ------------------------------------------------------------------------------
    def recorder(self) -> Optional[PromptRecorder]:
        """The take under way (the document's, whichever widget started it), or None."""
        return self.session.take

    def _toggle_record(self, prompt_id: str) -> None:
        if self.session.is_recording(prompt_id):
            self.stop_recording()
        else:
            self.start_recording(prompt_id)

    def start_recording(self, prompt_id: str) -> bool:
        """Start recording the prompt; False (with the reason shown) when there is no
        microphone, the script is not saved or a take is under way already."""
        if self._state(prompt_id) is None or self.session.take is not None:
            self.refresh()
            return False
        recorder = self._make_recorder(self.session)
        reason = recorder.unavailable_reason()
        if reason:
            recorder.deleteLater()
            self._fail(reason)
            self.refresh()
            return False
        if self._player is not None:
            self._player.stop()
        if not self.session.start(self.document.script, prompt_id, recorder, owner=self):
            self.refresh()  # done() has said why
            return False
        self.set_message(self.tr("Recording {0}… speak now, then click Stop.").format(prompt_id),
                         sticky=True)
        return True

    def stop_recording(self) -> None:
        """Stop the take of one of this node's prompts; it is saved when the file is done."""
        if self.session.is_recording() and self.session.prompt_id in self.rows:
            self.session.stop()

    def is_recording(self) -> bool:
        """A take of one of this node's prompts is under way (recording or finishing)."""
        return bool(self.session.prompt_id) and self.session.prompt_id in self.rows

    def _on_take_changed(self) -> None:
        if self.session.finishing:
            self.set_message(self.tr("Finishing the recording…"), sticky=True)
        self.refresh()

    def _on_take_done(self, prompt_id: str, result: object, error: str, path: str) -> None:
        text = take_message(prompt_id, result, error, path, self.document.script.path)
        self.set_message(text, error=bool(error), sticky=True)
        self.refresh()

    def _show_level(self, level: float) -> None:
        row = self.rows.get(self.session.prompt_id)
        if row is not None and self.session.is_recording():
            row.meter.set_level(level)

    def _show_elapsed(self, ms: int) -> None:
        row = self.rows.get(self.session.prompt_id)
        if row is not None and self.session.is_recording():
            row.elapsed.setText(f"{ms // 60000}:{ms // 1000 % 60:02d}")


class _BusyCursor:
    """A wait cursor around a short blocking step (an import of one file)."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc) -> None:
        QGuiApplication.restoreOverrideCursor()


def audio_widget_factory(document: Document, node_id: str) -> QWidget:
    """For InspectorPanel.set_audio_widget_factory."""
    return PromptAudioWidget(document, node_id)
