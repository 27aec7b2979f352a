"""The Problems dock follows edits within a second, off the UI thread, drops stale results,
lists thousands of problems without stalling the window, forgets the last script's problems when
another is opened, and a double-click selects and centres the node."""
import os
import threading
import time

import pytest

from designer.formats.script_yaml import load_script, save_script
from designer.model import Problem
from designer.ui import commands as cmd
from designer.ui.canvas import GraphScene, GraphView
from designer.ui.document import Document
from designer.ui.main_window import MainWindow
from designer.ui.panels import lint_worker, problems as problems_module
from designer.ui.panels.problems import CHUNK_ROWS, FIRST_ROWS, ProblemsPanel

from window_support import FakePrompts

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")


@pytest.fixture
def doc():
    return Document(load_script(FIXTURE))


@pytest.fixture
def panel(qtbot, doc):
    p = ProblemsPanel(doc)
    qtbot.addWidget(p)
    qtbot.waitUntil(p.is_current, timeout=3000)
    return p


def codes(panel):
    return [panel.tree.topLevelItem(i).text(1) for i in range(panel.tree.topLevelItemCount())]


def test_lists_lint_problems_with_severity_and_node(panel):
    assert not [c for c in codes(panel) if c.startswith("E-")]
    assert any(c.startswith(("W-", "I-", "C-")) for c in codes(panel))  # lint, not just structure
    row = panel.tree.topLevelItem(0)
    assert row.text(0) in ("Error", "Warning", "Info")
    assert not row.icon(0).isNull()


def test_an_edit_shows_up_within_a_second(panel, doc, qtbot):
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", ""))
    qtbot.waitUntil(lambda: "E-EMPTY-SAY" in codes(panel), timeout=1000)
    row = panel.tree.topLevelItem(codes(panel).index("E-EMPTY-SAY"))
    assert row.text(3) == "goodbye" and row.text(0) == "Error"
    assert panel.summary.text().startswith("1 error,")
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: "E-EMPTY-SAY" not in codes(panel), timeout=1000)


def test_checks_run_off_the_ui_thread_on_a_snapshot(panel, doc, qtbot, monkeypatch):
    seen = []
    real = problems_module.run_checks

    def spy(script, *rest):
        seen.append((threading.current_thread() is threading.main_thread(),
                     script is doc.script))
        return real(script, *rest)

    monkeypatch.setattr(problems_module, "run_checks", spy)
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "新的"))
    qtbot.waitUntil(lambda: bool(seen) and panel.is_current(), timeout=2000)
    assert seen == [(False, False)]


def test_typing_is_debounced_and_stale_results_are_dropped(panel, doc, qtbot, monkeypatch):
    started = []
    real = problems_module.run_checks

    def slow(script, *rest):
        started.append(script.nodes["goodbye"].say)
        time.sleep(0.3)
        return real(script, *rest)

    monkeypatch.setattr(problems_module, "run_checks", slow)
    for i in range(1, 6):  # five keystrokes, 50 ms apart: one check for them all
        doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "x" * i, merge=True))
        qtbot.wait(50)
    qtbot.waitUntil(lambda: len(started) == 1, timeout=2000)
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", ""))  # while that check runs
    qtbot.waitUntil(lambda: panel.is_current(), timeout=4000)
    assert started[0] == "xxxxx"
    assert started[-1] == ""
    assert "E-EMPTY-SAY" in codes(panel)  # the newest script's result, not the stale one


def test_double_click_selects_and_centres_the_node(qtbot, doc):
    scene = GraphScene(doc)
    view = GraphView(scene)
    view.resize(900, 600)
    panel = ProblemsPanel(doc)
    panel.node_activated.connect(view.center_on_node)
    qtbot.addWidget(view)
    qtbot.addWidget(panel)
    view.show()
    view.set_zoom(1.5)
    view.centerOn(-2000, -2000)
    doc.push(cmd.SetNodeField(doc.script, "book_visit", "say", ""))
    qtbot.waitUntil(lambda: "E-EMPTY-SAY" in codes(panel), timeout=2000)
    item = panel.tree.topLevelItem(codes(panel).index("E-EMPTY-SAY"))
    panel.tree.itemDoubleClicked.emit(item, 2)
    assert doc.selected_nodes() == ["book_visit"]
    centre = view.visible_scene_rect().center()
    assert scene.items_by_id["book_visit"].sceneBoundingRect().contains(centre)
    assert scene.items_by_id["book_visit"].isSelected()


def test_the_checks_run_in_a_separate_process(panel, doc, qtbot):
    pid = lint_worker.worker_pid()
    assert pid is not None and pid != os.getpid()
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", ""))
    qtbot.waitUntil(lambda: "E-EMPTY-SAY" in codes(panel), timeout=2000)
    assert lint_worker.worker_pid() == pid  # kept warm: one process for every check


def test_a_long_list_ends_with_every_row_and_the_right_counts(qtbot):
    panel = ProblemsPanel(Document())
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(panel.is_current, timeout=5000)
    counts = []
    panel.counts_changed.connect(lambda *c: counts.append(c))
    severities = ("info", "warning", "info", "error", "info")
    problems = [Problem(severities[i % 5], f"X-{i:05d}", f"message {i}", node=f"n{i}")
                for i in range(FIRST_ROWS + 3 * CHUNK_ROWS + 7)]
    panel.checked_generation = panel.generation  # as a check's result arrives
    panel.set_problems(problems)
    # at once: the totals and the first rows; the others follow
    total = {s: sum(1 for p in problems if p.severity == s) for s in set(severities)}
    assert counts == [(total["error"], total["warning"], total["info"])]
    assert panel.summary.text() == (f"{total['error']} errors, {total['warning']} warnings, "
                                    f"{total['info']} notes")
    assert panel.tree.topLevelItemCount() == FIRST_ROWS and not panel.is_current()
    qtbot.waitUntil(panel.is_current, timeout=5000)
    assert panel.tree.topLevelItemCount() == len(problems)
    rows = [panel.tree.topLevelItem(i) for i in range(len(problems))]
    assert [r.text(1) for r in rows] == [p.code for p in panel.problems]
    assert [r.text(0) for r in rows[:2]] == ["Error", "Error"]
    assert rows[-1].text(0) == "Info" and rows[-1].text(3) == panel.problems[-1].node


def test_a_new_script_does_not_show_the_last_ones_problems(qtbot, isolated, script_file):
    window = MainWindow()
    window.prompts = FakePrompts()
    qtbot.addWidget(window)
    window.show()
    assert window.files.open_path(script_file, ask=False)
    qtbot.waitUntil(window.problems.is_current, timeout=10000)
    assert window.problems.tree.topLevelItemCount() > 0
    assert window.problem_label.text()
    other = isolated / "other.yaml"
    save_script(load_script(FIXTURE), str(other))
    assert window.files.open_path(str(other), ask=False)
    assert window.problems.tree.topLevelItemCount() == 0
    assert window.problems.summary.text() == "Checking the script…"
    assert window.problem_label.text() == ""
    qtbot.waitUntil(window.problems.is_current, timeout=10000)
    assert window.problems.tree.topLevelItemCount() > 0


def test_right_after_an_open_the_worker_reads_the_file_text_instead_of_a_copy(
        qtbot, isolated, script_file, monkeypatch):
    calls = []
    real_text, real_copy = problems_module.run_checks_on_text, problems_module.run_checks
    monkeypatch.setattr(problems_module, "run_checks_on_text",
                        lambda text, path, *rest: (calls.append(("text", text, path)),
                                                   real_text(text, path, *rest))[1])
    monkeypatch.setattr(problems_module, "run_checks",
                        lambda script, *rest: (calls.append(("copy",)),
                                               real_copy(script, *rest))[1])
    window = MainWindow()
    window.prompts = FakePrompts()
    qtbot.addWidget(window)
    assert window.files.open_path(script_file, ask=False)
    panel = window.problems
    qtbot.waitUntil(panel.is_current, timeout=10000)
    with open(script_file, encoding="utf-8") as fh:
        assert calls == [("text", fh.read(), os.path.abspath(script_file))]
    # the same problems as a check of the loaded script itself
    assert [p.format() for p in panel.problems] == [p.format() for p in sorted(
        problems_module.run_checks(load_script(script_file)),
        key=lambda p: (problems_module._ORDER[p.severity], p.line or 0, p.code))]
    doc = window.document
    calls.clear()
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", ""))  # an edit: a copy is checked
    qtbot.waitUntil(lambda: panel.is_current() and len(calls) == 1, timeout=10000)
    assert calls == [("copy",)] and "E-EMPTY-SAY" in codes(panel)
    calls.clear()
    doc.undo_stack.undo()  # back to the file's text
    qtbot.waitUntil(lambda: panel.is_current() and len(calls) == 1, timeout=10000)
    assert calls[0][0] == "text" and "E-EMPTY-SAY" not in codes(panel)
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "再会"))
    assert window.files.save()  # clean again, but as saved: not the text read
    assert doc.source() is None


def test_the_document_keeps_the_text_only_while_the_script_is_that_text():
    doc = Document()
    script = load_script(FIXTURE)
    doc.set_script(script, source="the text")
    assert doc.source() == "the text"
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "别的"))
    assert doc.source() is None
    doc.undo_stack.undo()
    assert doc.source() == "the text"
    doc.mark_modified()  # a restored autosave
    assert doc.source() is None
    doc.set_script(load_script(FIXTURE))
    assert doc.source() is None


class _Stall:
    """Unpickled by the worker, it sleeps there: a check that takes long."""

    def __reduce__(self):
        return (time.sleep, (30,))


def test_closing_the_worker_during_a_check_ends_the_check_first():
    # close() (at exit, or a worker dropped) while another thread waits for an answer: the
    # worker is killed at once, the check reads EOF, and only then are the pipes closed (a
    # descriptor closed under a reader could hand it another file that got the number)
    import pickle

    worker = lint_worker._Worker()
    ended = []

    def check():
        try:
            worker.check(pickle.dumps(_Stall()))
        except (EOFError, OSError) as exc:
            ended.append(type(exc))

    thread = threading.Thread(target=check)
    thread.start()
    deadline = time.monotonic() + 5
    while not worker._lock.locked() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worker._lock.locked()  # the check is waiting for the answer
    began = time.monotonic()
    worker.close()
    took = time.monotonic() - began
    thread.join(5)
    assert not thread.is_alive() and ended == [EOFError]
    assert took < worker.CLOSE_WAIT_S  # not waited for: its answer is of no use any more
    assert worker.process.returncode is not None and not worker.alive()
