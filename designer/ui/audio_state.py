"""Audio state as the window shows it: badge names and colours, durations, and the
per-document AudioNotifier that announces audio changes and runs background syntheses.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal

from designer.audio import PromptAudio
from designer.model import Prompt, Script, iter_prompts
from designer.ui.audio_qt import QtSynthesisTask
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


# ---- one notifier per document ---------------------------------------------------------------
class AudioNotifier(QObject):
    """Announces audio changes of a document's script and runs its background syntheses.

    changed(ids): these prompts' audio changed ([] = any of them).
    busy_changed(bool): a batch (synthesize all, talent import) started or ended; while it runs
        the per-prompt controls leave the files alone.
    synthesis_done(ids, report, error): a synthesis started with start_synthesis finished."""

    changed = Signal(list)
    busy_changed = Signal(bool)
    synthesis_done = Signal(list, object, str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("audio_notifier")
        self._tasks: set[QtSynthesisTask] = set()
        self._busy = False

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
