"""Audio state as the window shows it: badge names and colours, durations, and the
per-document AudioNotifier that announces audio changes, runs background syntheses and keeps
the microphone take under way (RecordingSession).
"""
from __future__ import annotations

import os
import time
from typing import Callable, Optional

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QWidget
from shiboken6 import isValid

from designer.audio import PromptAudio
from designer.model import Prompt, Script, iter_prompts
from designer.ui.audio_qt import PromptRecorder, QtRecorder, QtSynthesisTask
from designer.ui.document import Document
from designer.ui.panels.widgets import translate


BADGE_COLORS = {  # (text, background)
    "missing": ("#8a1c1c", "#fbe3e1"), "stale": ("#8a4b00", "#ffe9c7"),
    "synthesized": ("#1d4f91", "#dde9fa"), "recorded": ("#1b5e20", "#dcf0dc"),
    "imported": ("#00564d", "#d5efec"), "": ("#555555", "#e8e8e8"),
}


# ---- names shown for states and kinds (shared with the Audio dock) ---------------------------
def state_name(state: str) -> str:
    return {
        "missing": translate("AudioState", "Missing"),
        "stale": translate("AudioState", "Stale"),
        "synthesized": translate("AudioState", "Synthesized"),
        "recorded": translate("AudioState", "Recorded"),
        "imported": translate("AudioState", "Imported"),
    }.get(state, state)


def stale_reason(reason: str) -> str:
    return {
        "text changed": translate("AudioState", "the text changed"),
        "voice changed": translate("AudioState", "the voice changed"),
        "a variable's example changed": translate("AudioState", "a variable's example changed"),
    }.get(reason, reason)


def duration_text(ms: Optional[int]) -> str:
    return translate("AudioState", "{0:.1f} s").format(ms / 1000) if ms else ""


def state_text(st: PromptAudio) -> str:
    """"Synthesized · 2.3 s", "Stale (the text changed) · 2.3 s", "Missing"."""
    text = state_name(st.state)
    if st.state == "stale" and st.stale_reason:
        text = translate("AudioState", "{state} ({why})").format(
            state=text, why=stale_reason(st.stale_reason))
    return f"{text} · {duration_text(st.duration_ms)}" if st.duration_ms else text


def join_sentences(parts: list[str]) -> str:
    """Sentences of a message, a space between them except after a full-width full stop."""
    text = ""
    for part in parts:
        text += part if not text or text.endswith(("。", "！", "？", "：")) else " " + part
    return text


def kind_name(kind: str) -> str:
    return {
        "say": translate("AudioState", "Prompt"),
        "no_match": translate("AudioState", "No-match reply"),
        "no_input": translate("AudioState", "Silence reply"),
        "transfer_fallback": translate("AudioState", "No agent answers"),
        "faq": translate("AudioState", "FAQ answer"),
        "builtin": translate("AudioState", "Built-in line"),
    }.get(kind, kind)


def node_prompts(script: Script, node_id: str) -> list[Prompt]:
    """The prompts of a node that say something (each has one audio file)."""
    return [p for p in iter_prompts(script, include_builtin=False)
            if p.node == node_id and p.text and p.text.strip()]


def take_message(prompt_id: str, result: Optional[PromptAudio], error: str, take_path: str,
                 current_path: Optional[str]) -> str:
    """What a finished take says: "Recorded opening: 2.3 s" (the file named too when the take
    went to a script other than the one open now), or why it failed."""
    if error:
        return error
    duration = duration_text(result.duration_ms if result is not None else None)
    if take_path and os.path.abspath(take_path) != os.path.abspath(current_path or ""):
        name = os.path.basename(take_path)
        if current_path and name == os.path.basename(current_path):
            name = take_path  # two files of the same name: the folder tells them apart
        return translate("AudioState", "Recorded {0} in {1}: {2}").format(
            prompt_id, name, duration)
    # the inspector's line from before a take could outlive its widget (translated there)
    return translate("PromptAudioWidget", "Recorded {0}: {1}").format(prompt_id, duration)


# ---- the take under way ----------------------------------------------------------------------
class RecordingSession(QObject):
    """The one microphone take of a document. It is kept here, not by the inspector's audio
    widget whose Record button started it: that widget is replaced as soon as another node is
    selected, and the take must not go with it.

    A take is finished and saved to the prompt it was started for (PromptRecorder: with the
    script as it was then) when the controls that show it leave the screen: the widget is
    deleted (another node selected, the selection cleared) or hidden (the inspector's dock
    closed, another panel's tab brought in front of it), another script is loaded into the
    document, or the application quits (it then waits for the file). Not when the window is
    minimized, nor when the dock is only undocked or docked again: the controls come back as
    they were, the take still going.

    changed(): a take started, is finishing, or ended.
    done(prompt_id, PromptAudio | None, error, script_path): a take ended, saved or not.
    level(0..1) / elapsed(ms): the microphone level and the length of the take so far."""

    changed = Signal()
    done = Signal(str, object, str, str)
    level = Signal(float)
    elapsed = Signal(int)

    FINISH_TIMEOUT_MS = 15000  # a take that never finishes must not keep Record disabled
    QUIT_WAIT_S = 5.0

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.take: Optional[PromptRecorder] = None
        self.finishing = False
        self._owner: Optional[QWidget] = None
        self._docks: list[QDockWidget] = []  # the docks the owner is in
        self._watchdog = QTimer(self, singleShot=True, interval=self.FINISH_TIMEOUT_MS,
                                timeout=self._timed_out)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_quit)

    # ---- state ----------------------------------------------------------------------------
    @property
    def prompt_id(self) -> str:
        """The prompt being recorded or finished ("" when there is no take)."""
        return self.take.prompt_id if self.take is not None else ""

    def is_recording(self, prompt_id: Optional[str] = None) -> bool:
        """The microphone is on (for that prompt)."""
        return (self.take is not None and not self.finishing
                and prompt_id in (None, self.take.prompt_id))

    # ---- start and stop -------------------------------------------------------------------
    def start(self, script: Script, prompt_id: str, recorder: QtRecorder,
              owner: Optional[QWidget] = None) -> bool:
        """Record the prompt with `recorder` (made with this session as its parent); owner:
        the widget showing the take (its going away finishes it). False when a take is under
        way already, or the recorder could not start (done() has said why)."""
        if self.take is not None:
            return False
        take = PromptRecorder(recorder, self)
        take.recorded.connect(self._on_recorded)
        take.error.connect(self._on_error)
        recorder.level_changed.connect(self.level)
        recorder.duration_changed.connect(self.elapsed)
        self.take, self.finishing = take, False
        if not take.start(script, prompt_id):
            if self.take is take:  # no error emitted: say so all the same
                self._on_error(translate("AudioState", "The recording could not start."))
            return False
        self._watch(owner)
        self.changed.emit()
        return True

    def stop(self) -> None:
        """End the take; it is saved when the recorder has finished the file (done())."""
        if self.take is None or self.finishing:
            return
        self.finishing = True
        self._unwatch()
        self._watchdog.start()
        self.changed.emit()
        self.take.stop()

    def finish(self, wait_s: float = QUIT_WAIT_S) -> bool:
        """Stop the take and wait until it is saved (closing); False when it did not end."""
        self.stop()
        deadline = time.monotonic() + wait_s
        while self.take is not None and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return self.take is None

    def _on_quit(self) -> None:
        if self.take is not None:
            self.finish()

    # ---- the widget showing the take ------------------------------------------------------
    def _watch(self, owner: Optional[QWidget]) -> None:
        self._owner = owner
        if owner is None:
            return
        owner.installEventFilter(self)
        owner.destroyed.connect(self._on_owner_destroyed)
        parent = owner.parentWidget()
        while parent is not None:  # a dock whose tab goes behind another's is not hidden
            if isinstance(parent, QDockWidget):
                parent.visibilityChanged.connect(self._on_dock_visibility)
                self._docks.append(parent)
            parent = parent.parentWidget()

    def _unwatch(self) -> None:
        owner, self._owner = self._owner, None
        docks, self._docks = self._docks, []
        if owner is not None:
            owner.removeEventFilter(self)
            owner.destroyed.disconnect(self._on_owner_destroyed)
        for dock in docks:
            if isValid(dock):
                dock.visibilityChanged.disconnect(self._on_dock_visibility)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._owner and event.type() == QEvent.Type.Hide:
            self._stop_later()  # after the hide, outside the widget's event
        return False

    def _on_dock_visibility(self, visible: bool) -> None:
        if not visible:
            self._stop_later()

    def _on_owner_destroyed(self, _obj: object = None) -> None:
        self._owner = None  # gone: nothing to disconnect
        self._stop_later()  # once the widget is gone, with its connections

    def _stop_later(self) -> None:
        """Stop the take on the next pass of the event loop if its controls are then off the
        screen (a dock undocked is hidden and shown again at once)."""
        take = self.take
        QTimer.singleShot(0, self, lambda: self.stop() if self.take is take
                          and self._off_screen() else None)

    def _off_screen(self) -> bool:
        owner = self._owner
        if owner is None:
            return True  # deleted
        if owner.window().isMinimized():
            return False  # it comes back as it was
        return not owner.isVisible() or any(d.visibleRegion().isEmpty() for d in self._docks)

    # ---- the end of a take ----------------------------------------------------------------
    def _on_recorded(self, prompt_id: str) -> None:
        take = self.take
        if take is None:
            return
        self._end()
        notifier = self.parent()
        if isinstance(notifier, AudioNotifier):
            notifier.changed.emit([prompt_id])
        self.done.emit(prompt_id, take.result, "", take.script_path)

    def _on_error(self, message: str) -> None:
        take = self.take
        if take is None:
            return
        self._end()
        self.done.emit(take.prompt_id, None, message, take.script_path)

    def _timed_out(self) -> None:
        take = self.take
        if take is None or not self.finishing:
            return
        take.recorded.disconnect(self._on_recorded)
        take.error.disconnect(self._on_error)
        self._on_error(translate("AudioState", "The recording of {0} did not finish; record "
                                 "it again.").format(take.prompt_id))

    def _end(self) -> None:
        take = self.take
        self._unwatch()
        self._watchdog.stop()
        self.take, self.finishing = None, False
        if take is not None:
            take.deleteLater()
        self.changed.emit()


# ---- one notifier per document ---------------------------------------------------------------
class AudioNotifier(QObject):
    """Announces audio changes of a document's script and runs its background syntheses.

    changed(ids): these prompts' audio changed ([] = any of them).
    busy_changed(bool): a batch (synthesize all, talent import) started or ended; while it runs
        the per-prompt controls leave the files alone.
    synthesis_done(ids, report, error): a synthesis started with start_synthesis finished.
    `recording` is the document's RecordingSession (the microphone take under way)."""

    changed = Signal(list)
    busy_changed = Signal(bool)
    synthesis_done = Signal(list, object, str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("audio_notifier")
        self._tasks: set[QtSynthesisTask] = set()
        self._busy = False
        self.recording = RecordingSession(self)
        replaced = getattr(parent, "script_replaced", None)
        if replaced is not None:  # another file opened: the take goes to the one it was for
            replaced.connect(self.recording.stop)

    def start_synthesis(self, script: Script, ids: Optional[list[str]] = None,
                        force: bool = False, on_progress: Optional[Callable] = None,
                        on_finished: Optional[Callable] = None,
                        on_failed: Optional[Callable] = None) -> QtSynthesisTask:
        """Synthesize on a worker thread; the callbacks are connected before it starts (a
        job that fails at once must still reach them)."""
        # No Qt parent: the worker thread may outlive the widget that asked for it, and then
        # still emits through this object (kept alive by self._tasks and the job).
        task = QtSynthesisTask(script, ids, force)
        key = list(ids or [])
        task.finished.connect(lambda report, t=task: self._done(t, key, report, ""))
        task.failed.connect(lambda message, t=task: self._done(t, key, None, message))
        for signal, slot in ((task.progress, on_progress), (task.finished, on_finished),
                             (task.failed, on_failed)):
            if slot is not None:
                signal.connect(slot)
        self._tasks.add(task)
        task.start()
        return task

    def _done(self, task: QtSynthesisTask, ids: list, report: object, error: str) -> None:
        self._tasks.discard(task)
        self.changed.emit(ids)
        self.synthesis_done.emit(ids, report, error)

    def is_busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)


def audio_notifier(document: Document) -> AudioNotifier:
    found = document.findChild(AudioNotifier, "audio_notifier")
    return found if found is not None else AudioNotifier(document)
