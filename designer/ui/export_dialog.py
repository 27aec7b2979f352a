"""File > Export…: build the dialer package of the open script (designer.formats.package).

The dialog chooses the output file, the compliance policies (the script's declared ones are
always applied, so they show checked and fixed) and the targets (the package itself, plus
VoiceXML inside it). The export runs on a worker thread with a progress bar and Cancel, on a
copy of the script. When the checks refuse it, the dialog lists the blocking problems with their
codes and offers to show them in the Problems dock (`show_problems` signal); a double-click on
one selects its node. Failures are one line of text, never a traceback.
"""
from __future__ import annotations

import os
import threading
from typing import Optional

from PySide6.QtCore import QObject, QRunnable, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QProgressBar, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from designer.analysis.policies import available_policies
from designer.formats.package import ExportError, ExportReport, export_package
from designer.model import Problem, Script
from designer.ui import background
from designer.ui.document import Document
from designer.ui.audio_state import audio_notifier, join_sentences
from designer.ui.i18n import active_language


class _Relay(QObject):
    progress = Signal(str, int, int, str)  # stage, done, total, item
    done = Signal(object)  # ExportReport, or the message of what went wrong


class _ExportTask(QRunnable):
    def __init__(self, script: Script, out: str, policies: list[str], targets: list[str],
                 cancel: threading.Event, relay: _Relay) -> None:
        super().__init__()
        self.script, self.out, self.policies, self.targets = script, out, policies, targets
        self.cancel, self.relay = cancel, relay

    def run(self) -> None:
        try:
            result: object = export_package(
                self.script, self.out, self.policies, self.targets,
                progress=lambda stage, done, total, item: self.relay.progress.emit(
                    stage, done, total, item or ""),
                cancel=self.cancel)
        except (ExportError, ValueError) as exc:
            result = str(exc)
        except Exception as exc:  # a worker must report back; the dialog shows one line
            result = f"{type(exc).__name__}: {exc}"
        self.relay.done.emit(result)


class ExportDialog(QDialog):
    show_problems = Signal(list)  # list[Problem]: "Show in Problems" was clicked
    exported = Signal(str)  # the package written

    def __init__(self, document: Document, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.document = document
        self.report: Optional[ExportReport] = None
        self.error = ""
        self._cancel: Optional[threading.Event] = None
        self._pool = background.thread_pool(self, cancel=self._cancel_at_exit)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.done.connect(self._on_done)
        self.setWindowTitle(self.tr("Export Dialer Package"))
        self._build()
        self.resize(660, self.sizeHint().height())

    # ---- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        script = self.document.script
        self.path_edit = QLineEdit(self._default_path(script))
        self.path_edit.setPlaceholderText(self.tr("Where to write the package (.zip)"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Package file"), path_row)
        form.addRow(self.tr("Policies"), self._build_policies(script))
        form.addRow(self.tr("Contents"), self._build_targets())
        self.stage = QLabel()
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QTreeWidget()
        self.problems.setRootIsDecorated(False)
        self.problems.setHeaderLabels([self.tr("Code"), self.tr("Problem"), self.tr("Node")])
        self.problems.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.problems.header().setStretchLastSection(False)
        self.problems.setColumnWidth(0, 150)
        self.problems.setWordWrap(True)
        self.problems.itemDoubleClicked.connect(self._select_node)
        self.problems.setVisible(False)
        self.show_button = QPushButton(self.tr("Show in Problems"))
        self.show_button.setToolTip(self.tr("List these problems in the Problems dock"))
        self.show_button.clicked.connect(self._show_in_problems)
        self.show_button.setVisible(False)
        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)

    def _build_policies(self, script: Script) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        declared = {p.strip().lower() for p in script.policies}
        names = {"cn": self.tr("China"), "us": self.tr("United States"),
                 "eu": self.tr("European Union"), "uk": self.tr("United Kingdom")}
        self.policy_checks: dict[str, QCheckBox] = {}
        for name in available_policies():
            check = QCheckBox(f"{name} ({names[name]})" if name in names else name)
            if name in declared:  # applied by export whatever is chosen here: say so
                check.setChecked(True)
                check.setEnabled(False)
                check.setToolTip(self.tr("Declared by the script (policies:), always applied"))
            else:
                check.setToolTip(self.tr("Also check the script against this policy"))
            self.policy_checks[name] = check
            row.addWidget(check)
        row.addStretch(1)
        if declared:
            note = QLabel(self.tr("The script declares {0}: always applied.").format(
                ", ".join(sorted(declared))))
            note.setStyleSheet("color: #666666;")
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(box)
            column.addWidget(note)
            outer = QWidget()
            outer.setLayout(column)
            return outer
        return box

    def _build_targets(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.package_check = QCheckBox(self.tr("Dialer package (script, audio, manifest)"))
        self.package_check.setChecked(True)
        self.package_check.setEnabled(False)
        self.vxml_check = QCheckBox(self.tr("VoiceXML 2.1 (inside the package)"))
        row.addWidget(self.package_check)
        row.addWidget(self.vxml_check)
        row.addStretch(1)
        return box

    @staticmethod
    def _default_path(script: Script) -> str:
        if not script.path:
            return ""
        stem = os.path.splitext(os.path.basename(script.path))[0]
        return os.path.join(os.path.dirname(script.path), f"{stem}.zip")

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the dialer package"), self.path_edit.text(),
            self.tr("Dialer packages (*.zip)"))
        if path:
            self.path_edit.setText(path if path.lower().endswith(".zip") else path + ".zip")

    # ---- choices --------------------------------------------------------------------------------
    def policies(self) -> list[str]:
        """The policies ticked (the declared ones included: export applies them anyway)."""
        return [name for name, check in self.policy_checks.items() if check.isChecked()]

    def targets(self) -> list[str]:
        return ["package"] + (["vxml"] if self.vxml_check.isChecked() else [])

    # ---- running --------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._cancel is not None

    def start(self) -> bool:
        """Export in the background; False (with the reason shown) when it cannot start."""
        if self.is_running():
            return False
        script = self.document.script
        out = self.path_edit.text().strip()
        if not script.path:
            return self._refuse(self.tr("Save the script first: the package takes its audio "
                                        "from the audio folder beside the script file."))
        if not out:
            return self._refuse(self.tr("Choose where to write the package."))
        out = os.path.abspath(os.path.expanduser(out))
        self.report, self.error = None, ""
        self._cancel = threading.Event()
        self._set_running(True)
        self.stage.setText(self.tr("Checking the script…"))
        self._pool.start(_ExportTask(script.copy(), out, self.policies(), self.targets(),
                                     self._cancel, self._relay))
        return True

    def _refuse(self, text: str) -> bool:
        self._show_result(text, error=True)
        return False

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.close_button.setEnabled(False)
            self.stage.setText(self.tr("Cancelling…"))

    def _cancel_at_exit(self) -> None:
        """The application exits (background.finish): an export under way stops."""
        if self._cancel is not None:
            self._cancel.set()

    def reject(self) -> None:
        if self.is_running():  # Close and Esc cancel first; the dialog stays until it stopped
            self.cancel()
            return
        super().reject()

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def _set_running(self, running: bool) -> None:
        self.export_button.setEnabled(not running)
        self.path_edit.setEnabled(not running)
        self.close_button.setEnabled(True)
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))
        self.progress.setVisible(True)
        self.problems.setVisible(False)
        self.show_button.setVisible(False)
        if running:
            self.progress.setRange(0, 0)
            self.result.clear()

    def _on_progress(self, stage: str, done: int, total: int, item: str) -> None:
        texts = {
            "check": self.tr("Checking the script…"),
            "audio": self.tr("Audio: {0} ({1} of {2})").format(item, done, total),
            "pack": self.tr("Packing {0} ({1} of {2})").format(item, done, total),
            "write": self.tr("Writing {0}…").format(item),
        }
        self.stage.setText(texts.get(stage, stage))
        # one bar for the whole export: checks 0-10 %, audio 10-70, packing 70-95, writing
        start, width = {"check": (0, 10), "audio": (10, 60), "pack": (70, 25),
                        "write": (95, 5)}.get(stage, (0, 100))
        self.progress.setRange(0, 100)
        self.progress.setValue(start + (width * done // total if total else width))

    def _on_done(self, result: object) -> None:
        self._cancel = None
        self._set_running(False)
        audio_notifier(self.document).changed.emit([])  # export may have synthesized audio
        if isinstance(result, str):
            self.error = result
            self.progress.setVisible(False)
            self.stage.clear()
            self._show_result(self.tr("Export failed: {0}").format(result), error=True)
            return
        self.report = report = result
        self.stage.clear()
        if report.ok:
            self.progress.setRange(0, 100)
            self.progress.setValue(100)
            self._show_result(self._success_text(report))
            self.exported.emit(report.path)
        elif report.cancelled:
            self.progress.setVisible(False)
            self._show_result(self.tr("Export cancelled: nothing was written."))
        else:
            self.progress.setVisible(False)
            self._show_blocking(report.blocking)

    def _success_text(self, report: ExportReport) -> str:
        audio = sum(1 for f in report.files if f.get("prompt"))
        parts = [self.tr("Exported {0} ({1} KB, {2} audio files).").format(
            report.path, max(1, round(report.bytes / 1024)), audio)]
        if report.synthesized:
            parts.append(self.tr("{0} prompts were synthesized for it.")
                         .format(len(report.synthesized)))
        warnings = sum(1 for p in report.problems if p.severity == "warning")
        if warnings:
            parts.append(self.tr("{0} warnings are listed in the package's manifest.")
                         .format(warnings))
        return join_sentences(parts)

    def _show_result(self, text: str, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet("color: #c0392b;" if error else "")

    def _show_blocking(self, problems: list[Problem]) -> None:
        self._show_result(self.tr("Not exported: fix these {0} problems first (policies: {1}).")
                          .format(len(problems), ", ".join(self.report.policies) or "—"),
                          error=True)
        self.problems.clear()
        lang = active_language()  # the messages in the interface's language
        for p in problems:
            message = p.localized(lang)
            item = QTreeWidgetItem([p.code, message, p.node or ""])
            item.setToolTip(1, message)
            item.setData(0, Qt.ItemDataRole.UserRole, p.node)
            self.problems.addTopLevelItem(item)
        self.problems.setVisible(True)
        self.show_button.setVisible(True)
        self.resize(self.width(), max(self.height(), 460))

    def problem_codes(self) -> list[str]:
        """The codes listed, as the user sees them."""
        return [self.problems.topLevelItem(i).text(0)
                for i in range(self.problems.topLevelItemCount())]

    def _select_node(self, item: QTreeWidgetItem) -> None:
        node = item.data(0, Qt.ItemDataRole.UserRole)
        if node and node in self.document.script.nodes:
            self.document.select_nodes([node])

    def _show_in_problems(self) -> None:
        if self.report is not None:
            self.show_problems.emit(list(self.report.blocking))
            self.accept()
