"""The Audio dock: every prompt of the script with the state and duration of its audio.

A table (id, node, text, state, duration, runtime TTS) with a filter "only missing or stale";
double-click a row to select its node on the canvas. "Synthesize all missing" runs on a worker
thread (designer.ui.audio_qt.QtSynthesisTask) with a progress bar and Cancel, so the window
stays usable; the voice talent buttons write the CSV of lines to record and import a folder of
their recordings (in the background too).

The table follows the script: an edit of a prompt's text shows its audio stale, a new node's
prompt appears as missing (refreshed 150 ms after the last change, and only while the dock is
visible). Audio changes made elsewhere arrive through the document's AudioNotifier; the line
under the table also says how each microphone take ended ("Recorded opening: 2.3 s"), since
a take can end after its node left the inspector (see designer.ui.audio_state.RecordingSession).
"""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from designer.audio import (
    AudioError, PromptAudio, SynthesisReport, TalentImportReport, export_talent_csv,
    import_talent_folder, prompt_states,
)
from designer.model import Script, iter_prompts
from designer.ui import background, resources
from designer.ui.audio_qt import QtSynthesisTask
from designer.ui.document import Document
from designer.ui.panels.shown import WhenShown
from designer.ui.audio_state import (
    BADGE_COLORS, audio_notifier, duration_text, join_sentences, state_text, take_message,
)

REFRESH_MS = 150
ROLE_NODE = Qt.ItemDataRole.UserRole
COLUMNS = 6


class _Relay(QObject):
    done = Signal(object)  # the job's result, or an AudioError


class _TalentImport(QRunnable):
    def __init__(self, script: Script, folder: str, relay: _Relay) -> None:
        super().__init__()
        self.script, self.folder, self.relay = script, folder, relay

    def run(self) -> None:
        try:
            result: object = import_talent_folder(self.script, self.folder)
        except AudioError as exc:
            result = exc
        self.relay.done.emit(result)


class AudioPanel(QWidget):
    node_activated = Signal(str)  # double-click on a prompt of a node

    def __init__(self, document: Document, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.document = document
        self.notifier = audio_notifier(document)
        self.states: list[PromptAudio] = []
        self.task: Optional[QtSynthesisTask] = None
        self._importing = False
        self._pool = background.thread_pool(self)  # waited for at exit
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_talent_done)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS, timeout=self.refresh)
        self._seen = WhenShown(self, self._refresh)  # runs when the dock's tab is in front
        self._build()
        document.content_changed.connect(self._schedule)
        document.script_replaced.connect(self._schedule)
        document.path_changed.connect(self._schedule)
        self.notifier.changed.connect(self._schedule)
        self.notifier.recording.done.connect(self._on_take_done)
        self.refresh()

    def title(self) -> str:
        return self.tr("Audio")

    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.only_missing = QCheckBox(self.tr("Only missing or stale"))
        self.only_missing.setToolTip(self.tr("Show only the prompts that still need audio; the "
                                             "talent CSV then lists only these too"))
        self.only_missing.toggled.connect(lambda _on: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.only_missing)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("Prompt"), self.tr("Node"), self.tr("Text"), self.tr("Audio"),
            self.tr("Duration"), self.tr("Runtime TTS")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 150), (1, 100), (3, 170), (4, 60), (5, 80)):
            self.table.setColumnWidth(col, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.itemDoubleClicked.connect(self._activate)
        self.synth_button = QPushButton(self.tr("Synthesize all missing"))
        self.synth_button.setToolTip(self.tr("Make the audio of every missing prompt, and of "
                                             "synthesized prompts gone stale, in the background"))
        self.synth_button.clicked.connect(self.synthesize_all)
        self.csv_button = QPushButton(self.tr("Export text for voice talent (CSV)…"))
        self.csv_button.clicked.connect(self._choose_csv)
        self.talent_button = QPushButton(self.tr("Import talent recordings from folder…"))
        self.talent_button.setToolTip(self.tr("Files named by prompt id (opening.wav, "
                                              "opening.no_match.wav…) become the prompts' audio"))
        self.talent_button.clicked.connect(self._choose_folder)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v of %m"))
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QVBoxLayout()  # a column beside the table: the dock is wide and low
        for w in (self.synth_button, self.progress, self.cancel_button, self.csv_button,
                  self.talent_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)

    # ---- showing ------------------------------------------------------------------------------
    def _schedule(self, *_args) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Read every prompt's state again and show it (postponed while the dock is closed or
        behind another tab, or the panel not shown: it refreshes when it is)."""
        if not self.isVisible():
            self._seen.stale = True
            return
        self._seen.request()

    def is_stale(self) -> bool:
        return self._seen.stale

    def _refresh(self) -> None:
        script = self.document.script
        error = ""
        if not script.path:
            self.states = []
            error = self.tr("Save the script first: its audio is kept in an audio folder beside "
                            "the script file.")
        else:
            try:
                self.states = prompt_states(script)
            except AudioError as exc:
                self.states, error = [], str(exc)
        self._fill(script, error)
        self._update_buttons()

    def _fill(self, script: Script, error: str) -> None:
        selected = self.selected_prompt()
        if self.states:
            rows = [st for st in self.states
                    if not self.only_missing.isChecked() or st.state in ("missing", "stale")]
            shown = [(st.id, st.node, st.text, st, st.needs_runtime_tts) for st in rows]
        else:  # not saved: list the prompts all the same
            shown = [(p.id, p.node, p.text, None, bool(p.variables))
                     for p in iter_prompts(script) if p.text and p.text.strip()]
        table = self.table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(shown))
        for row, (pid, node, text, st, runtime) in enumerate(shown):
            cells = [pid, node or "", " ".join(text.split()),
                     state_text(st) if st else "—",
                     duration_text(st.duration_ms) if st else "",
                     self.tr("yes") if runtime else ""]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(ROLE_NODE, node)
                table.setItem(row, col, item)
            table.item(row, 2).setToolTip(text)
            table.item(row, 4).setTextAlignment(Qt.AlignmentFlag.AlignRight
                                                | Qt.AlignmentFlag.AlignVCenter)
            if runtime:
                table.item(row, 5).setToolTip(self.tr("The text has {variables}: the dialer "
                                                      "synthesizes it at call time"))
            if st is not None:
                self._paint_state(table.item(row, 3), st)
            if pid == selected:
                table.selectRow(row)
        table.setUpdatesEnabled(True)
        self._show_summary(error)

    def _paint_state(self, item: QTableWidgetItem, st: PromptAudio) -> None:
        fg, _bg = BADGE_COLORS.get(st.state, BADGE_COLORS[""])
        item.setForeground(QBrush(QColor(fg)))
        current = st.state in ("synthesized", "recorded", "imported")
        item.setIcon(resources.icon("audio-ok" if current else "audio-missing"))
        item.setToolTip(str(st.file) if st.file else str(st.target))

    def _show_summary(self, error: str) -> None:
        if error:
            self.summary.setText(error)
            self.summary.setStyleSheet("color: #c0392b;")
            return
        self.summary.setStyleSheet("")
        counts = {s: sum(1 for st in self.states if st.state == s)
                  for s in ("synthesized", "recorded", "imported", "stale", "missing")}
        self.summary.setText(self.tr(
            "{total} prompts: {synthesized} synthesized, {recorded} recorded, {imported} "
            "imported, {stale} stale, {missing} missing").format(total=len(self.states),
                                                                 **counts))

    def selected_prompt(self) -> Optional[str]:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.text() if item is not None else None

    def shown_prompts(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def state_of(self, prompt_id: str) -> Optional[PromptAudio]:
        return next((st for st in self.states if st.id == prompt_id), None)

    def _activate(self, item: QTableWidgetItem) -> None:
        node = item.data(ROLE_NODE)
        if node and node in self.document.script.nodes:
            self.document.select_nodes([node])
            self.node_activated.emit(node)
        else:
            self.set_message(self.tr("This prompt belongs to no node: FAQ answers are edited in "
                                     "the FAQ panel, built-in lines by the script's settings."))

    def set_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if error else "")

    def _on_take_done(self, prompt_id: str, result: object, error: str, path: str) -> None:
        self.set_message(take_message(prompt_id, result, error, path, self.document.script.path),
                         error=bool(error))

    def _update_buttons(self) -> None:
        idle = not self.notifier.is_busy()
        saved = bool(self.document.script.path)
        for b in (self.synth_button, self.talent_button, self.csv_button):
            b.setEnabled(idle and saved)

    # ---- synthesize all missing --------------------------------------------------------------
    def is_running(self) -> bool:
        return self.task is not None or self._importing

    def synthesize_all(self) -> bool:
        """Start "synthesize all missing" on a worker thread; False when it cannot start."""
        if self.is_running() or self.notifier.is_busy():
            return False
        if not self.document.script.path:
            self.set_message(self.tr("Save the script first: its audio is kept in an audio "
                                     "folder beside the script file."), error=True)
            return False
        self.notifier.set_busy(True)
        self.progress.setRange(0, 0)  # busy until the first prompt is done
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.set_message(self.tr("Synthesizing…"))
        self.task = self.notifier.start_synthesis(
            self.document.script, on_progress=self._on_progress, on_finished=self._on_finished,
            on_failed=self._on_failed)
        self._update_buttons()
        return True

    def cancel(self) -> None:
        """Stop after the prompt being synthesized now."""
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.set_message(self.tr("Cancelling after the current prompt…"))

    def _on_progress(self, done: int, total: int, prompt_id: str) -> None:
        if self.task is None:
            return
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.set_message(self.tr("Synthesized {0} ({1} of {2})").format(prompt_id, done, total))

    def _end_task(self) -> None:
        self.task = None
        self.cancel_button.setVisible(False)
        self.notifier.set_busy(False)
        self._update_buttons()
        self.refresh()

    def _on_finished(self, report: SynthesisReport) -> None:
        if not report.cancelled:
            self.progress.setRange(0, max(self.progress.maximum(), 1))
            self.progress.setValue(self.progress.maximum())
        self._end_task()
        self.set_message(self._report_text(report), error=bool(report.failed))

    def _on_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self._end_task()
        self.set_message(self.tr("Synthesis failed: {0}").format(message), error=True)

    def _report_text(self, r: SynthesisReport) -> str:
        done = len(r.synthesized) + len(r.from_cache)
        if r.cancelled:
            parts = [self.tr("Cancelled after {0} prompts; the others are unchanged.")
                     .format(done)]
        elif not done and not r.converted and not r.failed and not r.kept_stale:
            parts = [self.tr("Nothing to do: every prompt has current audio.")]
        else:
            parts = [self.tr("{0} prompts synthesized ({1} of them from the cache).")
                     .format(done, len(r.from_cache))]
        if r.converted:
            parts.append(self.tr("{0} files brought to telephone format.")
                         .format(len(r.converted)))
        if r.kept_stale:
            parts.append(self.tr("Kept {0} stale recordings or imports: record or import them "
                                 "again ({1}).").format(len(r.kept_stale),
                                                        ", ".join(i for i, _ in r.kept_stale)))
        for pid, message in r.failed[:3]:
            parts.append(self.tr("Failed: {0}").format(message))
        if len(r.failed) > 3:
            parts.append(self.tr("… and {0} more failures.").format(len(r.failed) - 3))
        return join_sentences(parts)

    # ---- voice talent -------------------------------------------------------------------------
    def _choose_csv(self) -> None:
        path = self.document.script.path
        if not path:
            return
        stem = os.path.splitext(os.path.basename(path))[0]
        out, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export text for voice talent"),
            os.path.join(os.path.dirname(path), f"{stem}-talent.csv"),
            self.tr("CSV files (*.csv)"))
        if out:
            self.export_csv(out)

    def export_csv(self, out: str) -> bool:
        """Write the lines to record (only the missing and stale ones while that filter is on)."""
        try:
            rows = export_talent_csv(self.document.script, out,
                                     only_needed=self.only_missing.isChecked())
        except AudioError as exc:
            self.set_message(str(exc), error=True)
            return False
        self.set_message(self.tr("Wrote {0} lines to {1}.").format(rows, out))
        return True

    def _choose_folder(self) -> None:
        path = self.document.script.path
        if not path:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Import talent recordings"), os.path.dirname(path))
        if folder:
            self.import_folder(folder)

    def import_folder(self, folder: str) -> bool:
        """Import every recording of the folder named by prompt id, in the background."""
        if self.is_running() or self.notifier.is_busy() or not self.document.script.path:
            return False
        self._importing = True
        self.notifier.set_busy(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.set_message(self.tr("Importing the recordings of {0}…").format(folder))
        self._update_buttons()
        self._pool.start(_TalentImport(self.document.script.copy(), folder, self._relay))
        return True

    def wait(self, msecs: int = 30000) -> bool:
        """Let a talent import finish (tests, closing)."""
        return self._pool.waitForDone(msecs)

    def _on_talent_done(self, result: object) -> None:
        self._importing = False
        self.progress.setVisible(False)
        self.notifier.set_busy(False)
        self.notifier.changed.emit([])
        self._update_buttons()
        if isinstance(result, TalentImportReport):
            self.set_message(self._talent_text(result), error=bool(result.failed))
        else:
            self.set_message(str(result), error=True)

    def _talent_text(self, r: TalentImportReport) -> str:
        parts = [self.tr("Imported {0} recordings.").format(len(r.imported))]
        if r.unknown_files:
            parts.append(self.tr("{0} files match no prompt: {1}.").format(
                len(r.unknown_files), ", ".join(r.unknown_files[:5])
                + ("…" if len(r.unknown_files) > 5 else "")))
        if r.duplicates:
            parts.append(self.tr("Skipped second files for the same prompt: {0}.")
                         .format(", ".join(r.duplicates)))
        for name, message in r.failed[:3]:
            parts.append(self.tr("Failed: {0}").format(message))
        if r.still_missing:
            parts.append(self.tr("{0} prompts still have no audio.").format(len(r.still_missing)))
        return join_sentences(parts)
