"""Every question the window asks the user, in one replaceable object.

The window calls `self.prompts.ask_...()`; tests swap in an object with the same methods that
answers at once, so no modal dialog ever blocks a test."""
from __future__ import annotations

import datetime
from typing import Optional

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from designer.model import Problem
from designer.ui.i18n import active_language
from designer.ui.recovery import RecoveryEntry

FILE_FILTER = "CallScript (*.yaml *.yml);;All files (*)"


class Prompter(QObject):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.parent_widget = parent

    def ask_save_changes(self, name: str) -> str:
        """'save' | 'discard' | 'cancel' before closing or replacing a modified script."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved changes"),
                          self.tr("Save the changes to {0} before closing it?").format(name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.parent_widget)
        box.setInformativeText(self.tr("Your changes are lost if you do not save them."))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(
            QMessageBox.StandardButton(answer), "cancel")

    def ask_restore(self, entry: RecoveryEntry) -> bool:
        when = datetime.datetime.fromtimestamp(entry.saved_at).strftime("%Y-%m-%d %H:%M:%S")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Recover unsaved work?"),
                          self.tr("CallScript Studio did not close properly. Unsaved changes "
                                  "to {0} were kept at {1}.").format(entry.label(), when),
                          QMessageBox.StandardButton.NoButton, self.parent_widget)
        restore = box.addButton(self.tr("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setInformativeText(self.tr("Restore opens them as unsaved changes; the file on "
                                       "disk is not touched until you save."))
        box.setDefaultButton(restore)
        box.exec()
        return box.clickedButton() is restore

    def ask_reload(self, name: str) -> bool:
        answer = QMessageBox.question(
            self.parent_widget, self.tr("File changed on disk"),
            self.tr("{0} was changed by another program. Reload it?").format(name))
        return answer == QMessageBox.StandardButton.Yes

    def warn_changed_on_disk(self, name: str) -> None:
        QMessageBox.warning(
            self.parent_widget, self.tr("File changed on disk"),
            self.tr("{0} was changed by another program while you have unsaved changes "
                    "here. Saving will replace the other version; use File > Reload to "
                    "take the other one instead.").format(name))

    def show_error(self, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok,
                          self.parent_widget)
        if details:
            box.setDetailedText(details)
        box.exec()

    def show_load_problems(self, path: str, problems: list[Problem]) -> None:
        """Why path could not be opened: the first problems, their messages in the
        interface's language (Problem.localized), and every problem in the details."""
        lang = active_language()
        shown = problems[:12]
        lines = "\n".join(self.tr("line {0}: {1}").format(p.line, p.localized(lang)) if p.line
                          else p.localized(lang) for p in shown)
        if len(problems) > len(shown):
            lines += "\n" + self.tr("… and {0} more").format(len(problems) - len(shown))
        self.show_error(self.tr("Cannot open script"),
                        self.tr("{0} could not be opened:").format(path) + "\n\n" + lines,
                        "\n".join(p.format(lang) for p in problems))

    def get_open_path(self, directory: str = "") -> Optional[str]:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, self.tr("Open script"),
                                              directory, FILE_FILTER)
        return path or None

    def get_save_path(self, suggestion: str = "") -> Optional[str]:
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Save script as"),
                                              suggestion, FILE_FILTER)
        if path and not path.endswith((".yaml", ".yml")):
            path += ".yaml"
        return path or None
