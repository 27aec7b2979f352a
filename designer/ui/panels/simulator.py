"""The call simulator dock: talk to the script as a caller would, see why each turn went where
it went, follow the call on the canvas, and keep a good call as a test case with one click.

The canvas follows through any object with the GraphScene overlay API (set_highlight,
set_path); the robot's lines are played when their audio exists and is not stale (mutable).
Unanswered utterances go to the script's unanswered-question store when the call ends.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPaintEvent
from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QToolButton, QVBoxLayout, QWidget,
)

from designer.engine import CallSession, Engine
from designer.engine.results import Action, TurnRecord
from designer.model import Script, ScriptFileError
from designer.simulation.cases import Case, Step, append_case
from designer.simulation.runner import run_case
from designer.ui.document import Document
from designer.ui.i18n import active_language

ROLE_KIND = Qt.ItemDataRole.UserRole  # robot | caller | why | end
_GREY = QColor("#6b7280")


def explain_turn(turn: TurnRecord) -> list[str]:
    """What matched (intent, keyword, branch or faq, node) and why the other candidates lost."""
    d, ev = turn.decision, turn.evaluation
    lines = [f"{d.kind}: {d.explanation}" if d.intent is None else
             f"matched {d.intent} by {d.keyword!r}: {d.explanation} -> {turn.after}"]
    if d.kind == "no_match" and ev is not None:
        lines.append(f"normalized: {ev.normalized!r}")
    if ev is None:
        return lines
    for dr in ev.dropped:
        lines.append(f"{dr.intent} ({dr.keyword!r}) dropped: it lies inside {dr.by_keyword!r} "
                     f"of {dr.by_intent}")
    for intent, phrase in ev.excluded:
        lines.append(f"{intent} excluded: its exclude phrase {phrase!r} occurs")
    for intent, hit in ev.hits.items():
        if intent != d.intent:
            lines.append(f"{intent} ({hit.keyword!r}) also hit, but comes later in the choice "
                         "order")
    return lines


def case_from_call(engine: Engine, variables: dict[str, str], events: list[tuple],
                   name: str) -> Case:
    """A test case replaying a simulated call: the caller's turns with the node (and intent)
    after each, and the outcome as the engine gives it."""
    call = engine.start(variables)
    steps = [Step("expect_node", call.node)]
    for event in events:
        if event[0] == "hangup":
            steps.append(Step("hangup", True))
            call.hangup()
            continue
        call.utter(event[1])
        steps.append(Step("user", event[1]))
        if call.result.turns[-1].decision.intent:
            steps.append(Step("expect_intent", call.result.turns[-1].decision.intent))
        steps.append(Step("expect_node", call.node))
    case = Case(name=name, vars=dict(variables), steps=steps)
    r = run_case(engine, case).result
    case.expect = {"grade": r.grade, "end_reason": r.end_reason,
                   "reached": list(dict.fromkeys(r.path)), "flags": sorted(set(r.flags)),
                   "unanswered": len(r.unanswered)}
    return case


class SimulatorPanel(QWidget):
    unanswered_recorded = Signal()  # the store got new rows (the unanswered dock refreshes)
    case_saved = Signal(str)  # path of the case file

    def __init__(self, document: Document, scene: Any = None, player: Any = None,
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.document, self.scene = document, scene
        self._player, self._queue = player, []
        self.call: Optional[CallSession] = None
        self._engine: Optional[Engine] = None
        self._events: list[tuple] = []  # ("say", text) | ("hangup",) in order
        self._recorded = False
        self.cases_path: Optional[str] = None  # None: <script dir>/cases.yaml
        self._build()
        document.script_replaced.connect(self._on_script_replaced)
        document.content_changed.connect(self._on_script_changed)
        self._rebuild_variables()
        self._pending_restart = True
        self._restart_if_shown()

    # ---- widgets --------------------------------------------------------------------------
    def _build(self) -> None:
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.restart_button = QPushButton(self.tr("Restart"), self)
        self.mute_button = QToolButton(self)
        self.mute_button.setText(self.tr("Mute"))
        self.mute_button.setCheckable(True)
        self.mute_button.setToolTip(self.tr("Do not play the robot's recorded lines"))
        self.save_button = QPushButton(self.tr("Save as test case"), self)
        self.save_button.setToolTip(self.tr("Append this call to the script's cases.yaml"))
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        for w in (self.mute_button, self.save_button, self.restart_button):
            top.addWidget(w)
        self.vars_box = QGroupBox(self.tr("Variables (used from the next restart)"), self)
        self.vars_form = QFormLayout(self.vars_box)
        self.var_fields: dict[str, QLineEdit] = {}
        self.chat = QListWidget(self)
        self.chat.setWordWrap(True)
        self.chat.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.chat.setMinimumHeight(180)
        self.chat.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.chat.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap when the dock resizes
        self.input = QLineEdit(self)
        self.input.setPlaceholderText(self.tr("What the caller says (Enter)"))
        self.say_button = QPushButton(self.tr("Say"), self)
        self.silence_button = QPushButton(self.tr("Silence"), self)
        self.hangup_button = QPushButton(self.tr("Caller hangs up"), self)
        bottom = QHBoxLayout()  # the caller's words get the dock's full width; buttons below
        bottom.addStretch(1)
        for w in (self.say_button, self.silence_button, self.hangup_button):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.vars_box)
        layout.addWidget(self.chat, 1)
        layout.addWidget(self.input)
        layout.addLayout(bottom)
        self.restart_button.clicked.connect(self.restart)
        self.save_button.clicked.connect(self.save_case)
        self.mute_button.toggled.connect(self._on_mute)
        self.input.returnPressed.connect(self._say_input)
        self.say_button.clicked.connect(self._say_input)
        self.silence_button.clicked.connect(self.silence)
        self.hangup_button.clicked.connect(self.hangup)

    def _rebuild_variables(self) -> None:
        old = {k: f.text() for k, f in self.var_fields.items()}
        while self.vars_form.rowCount():
            self.vars_form.removeRow(0)
        self.var_fields = {}
        for name, var in self.document.script.variables.items():
            field = QLineEdit(old.get(name, ""), self.vars_box)
            field.setPlaceholderText(var.example)
            self.vars_form.addRow(var.label or name, field)
            self.var_fields[name] = field
        self.vars_box.setVisible(bool(self.var_fields))

    def variables(self) -> dict[str, str]:
        """The values typed in (empty fields use the variable's example)."""
        return {k: f.text() for k, f in self.var_fields.items() if f.text().strip()}

    # ---- the call -------------------------------------------------------------------------
    def restart(self) -> None:
        """Start a new call with the script as it is now."""
        self._finish_call()
        self.chat.clear()
        self._events, self._recorded = [], False
        script = self.document.script
        if script.start not in script.nodes:
            self.call, self._engine = None, None
            self._set_status(self.tr("The script has no start node to call from."))
            self._update_controls()
            return
        self._engine = self.document.engine()
        self.call = self._engine.start(self.variables())
        self._show_actions(self.call.actions)
        self._after_event()

    def _restart_if_shown(self) -> None:
        """A call starts when someone can see it: compiling a large script's engine for a
        hidden dock (or a dock behind another tab) would only slow down opening the file."""
        if self._pending_restart and self.isVisible() and not self.visibleRegion().isEmpty():
            self._pending_restart = False
            self.restart()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._pending_restart:  # painted: on screen now (a tab behind another is not)
            QTimer.singleShot(0, self._restart_if_shown)

    def say(self, text: str) -> None:
        """The caller says text ("" is silence)."""
        if self.call is None and self._pending_restart:
            self._pending_restart = False
            self.restart()
        if self.call is None or self.call.ended:
            return
        actions = self.call.utter(text)
        self._events.append(("say", text))
        self._add(self.tr("(silence)") if not text.strip() else text, "caller")
        self._explain(self.call.result.turns[-1])
        self._show_actions(actions)
        self._after_event()

    def silence(self) -> None:
        self.say("")

    def hangup(self) -> None:
        if self.call is None or self.call.ended:
            return
        self.call.hangup()
        self._events.append(("hangup",))
        self._add(self.tr("(the caller hangs up)"), "caller")
        self._after_event()

    def _say_input(self) -> None:
        text = self.input.text()
        self.input.clear()
        self.say(text)

    def _after_event(self) -> None:
        call = self.call
        if self.scene is not None and call is not None:
            self.scene.set_highlight(call.node)
            self.scene.set_path(call.result.path)
        if call is not None and call.ended:
            self._show_summary()
            self._record_unanswered()
        elif call is not None:
            self._set_status(self.tr("Listening at {0}").format(call.node))
        self._update_controls()

    def _update_controls(self) -> None:
        live = self.call is not None and not self.call.ended
        for w in (self.input, self.say_button, self.silence_button, self.hangup_button):
            w.setEnabled(live)
        self.save_button.setEnabled(bool(self._events))

    def _finish_call(self) -> None:
        """Leaving a call that is still going: the caller hangs up (its unanswered count)."""
        if self.call is not None and not self.call.ended and self._events:
            self.call.hangup()
            self._record_unanswered()

    # ---- the chat -------------------------------------------------------------------------
    def _add(self, text: str, kind: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.chat)
        item.setData(ROLE_KIND, kind)
        if kind == "caller":
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif kind == "why":
            item.setForeground(QBrush(_GREY))
            font = QFont(item.font())
            font.setItalic(True)
            item.setFont(font)
        elif kind == "end":
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        self.chat.scrollToItem(item)
        return item

    def _show_actions(self, actions: list[Action]) -> None:
        for a in actions:
            if a.kind == "say":
                self._add(self.tr("Robot: {0}").format(a.text), "robot")
                self._play(a.prompt_id)
            elif a.kind == "transfer":
                self._add(self.tr("[transfer to {0}] if no agent answers: {1}")
                          .format(a.target, a.text), "robot")
            elif a.kind == "hangup":
                self._add(self.tr("[the robot hangs up]"), "robot")

    def _explain(self, turn: TurnRecord) -> None:
        self._add("\n".join(explain_turn(turn)), "why")

    def _show_summary(self) -> None:
        r = self.call.result
        lines = [self.tr("Call ended: {0}").format(r.end_reason),
                 self.tr("Grade {0} (rule: {1})").format(r.grade, r.grade_rule)]
        if r.flags:
            lines.append(self.tr("Flags: {0}").format(", ".join(r.flags)))
        if r.unanswered:
            lines.append(self.tr("Unanswered: {0}").format(
                "; ".join(u.text for u in r.unanswered)))
        for line in lines:  # one item each: a bold multi-line item is sized too short
            self._add(line, "end")
        self._set_status(lines[0] + " - " + lines[1])

    def _set_status(self, text: str) -> None:
        self.status.setText(text)

    def transcript(self) -> list[tuple[str, str]]:
        """(kind, text) of every line shown, for a reader or a test."""
        return [(self.chat.item(i).data(ROLE_KIND), self.chat.item(i).text())
                for i in range(self.chat.count())]

    # ---- saving, recording ----------------------------------------------------------------
    def default_cases_path(self) -> Optional[str]:
        path = self.document.script.path
        return os.path.join(os.path.dirname(os.path.abspath(path)), "cases.yaml") if path else None

    def save_case(self) -> Optional[str]:
        """Append this call to the case file; returns its path (None when it cannot)."""
        path = self.cases_path or self.default_cases_path()
        if path is None or self._engine is None or not self._events:
            self._set_status(self.tr("Save the script first: its test cases live beside it."))
            return None
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        route = " > ".join(dict.fromkeys(self.call.result.path))
        case = case_from_call(self._engine, self.variables(), self._events,
                              f"simulated {stamp}: {route}")
        script_path = os.path.abspath(self.document.script.path)
        rel = os.path.relpath(script_path, os.path.dirname(os.path.abspath(path)))
        try:
            append_case(path, case, rel.replace(os.sep, "/"))
        except Exception as exc:  # a broken case file: say so, never crash the window
            reason = ("\n".join(p.format(active_language()) for p in exc.problems)
                      if isinstance(exc, ScriptFileError) else str(exc))
            self._set_status(self.tr("Could not save the case: {0}").format(reason))
            return None
        self._set_status(self.tr("Saved as \u201c{0}\u201d in {1}").format(case.name, path))
        self.case_saved.emit(path)
        return path

    def _record_unanswered(self) -> None:
        if self._recorded or self.call is None or not self.call.result.unanswered:
            return
        self._recorded = True
        from designer.simulation.unanswered import record_results

        try:
            if record_results(self.document.script, [self.call.result], source="simulator"):
                self.unanswered_recorded.emit()
        except OSError as exc:
            self._set_status(self.tr("Could not record unanswered questions: {0}").format(exc))

    # ---- audio ----------------------------------------------------------------------------
    def _on_mute(self, muted: bool) -> None:
        if muted and self._player is not None:
            self._queue.clear()
            self._player.stop()

    def _play(self, prompt_id: Optional[str]) -> None:
        if self.mute_button.isChecked() or not prompt_id:
            return
        path = prompt_file(self.document.script, prompt_id)
        if path is None:
            return
        player = self._get_player()
        if player is None:
            return
        self._queue.append(str(path))
        if len(self._queue) == 1:
            player.play(self._queue[0])

    def _get_player(self) -> Any:
        if self._player is None:
            try:
                from designer.ui.audio_qt import QtPlayer
            except ImportError:  # no QtMultimedia: the simulator works silently
                return None
            self._player = QtPlayer(self)
        if getattr(self._player, "on_finished", None) is None:
            self._player.on_finished = self._next_line
            self._player.on_error = lambda _msg: self._next_line()
        return self._player

    def _next_line(self) -> None:
        if self._queue:
            self._queue.pop(0)
        if self._queue and not self.mute_button.isChecked():
            self._player.play(self._queue[0])

    # ---- following the document -----------------------------------------------------------
    def _on_script_changed(self, _event: Any) -> None:
        if _event is not None and getattr(_event, "kind", "") == "section_changed":
            self._rebuild_variables()
        if self.call is not None and self._engine is not None:
            self._set_status(self.tr("The script changed: Restart to call the new version."))

    def _on_script_replaced(self) -> None:
        had_call = self.call is not None
        self._finish_call()
        self.call = None
        self._rebuild_variables()
        if self.scene is not None and had_call:
            # only a call rings a card and tints a path; clearing visits every card and arrow
            self.scene.set_highlight(None)
            self.scene.set_path([])
        self.chat.clear()
        self._pending_restart = True
        self._restart_if_shown()


def prompt_file(script: Script, prompt_id: str) -> Optional[Path]:
    """The audio of a prompt when it exists and was made for the current text."""
    if not script.path:
        return None
    from designer.audio.index import AudioIndex, text_sha256
    from designer.audio.library import audio_dir, find_prompt, prompt_target
    from designer.audio.errors import AudioError

    try:
        prompt = find_prompt(script, prompt_id)
    except AudioError:
        return None
    target = prompt_target(script, prompt)
    if not target.is_file():
        return None
    record = AudioIndex.load(audio_dir(script)).get(prompt_id)
    if record is not None and record.text_sha256 != text_sha256(prompt.text):
        return None  # stale: it says an older text
    return target
