"""GUI measurements, run in a fresh process so its memory is its own:

    QT_QPA_PLATFORM=offscreen python bench/gui_probe.py window SCRIPT [--pan] [--profile OUT]
    QT_QPA_PLATFORM=offscreen python bench/gui_probe.py raw SCRIPT

`window`: the real MainWindow opens SCRIPT the way File > Open does (load, document, scene,
panels), is shown and painted once; then the whole view at fit-to-window is repainted several
times; with --pan the view is scrolled across the flow and every step's repaint timed.
`raw`: Qt's own floor: a bare QGraphicsScene with one plain rectangle per node and one line per
arrow at the same places, in a view of the same size, painted once.
`actions`: what a user may do before a large flow's background build has finished (select
all, delete and undo, auto-layout and undo, a selection band over the whole flow, copy, a
drag of the selection): each on the file opened afresh, the build held after the first
paint; the GUI thread's CPU time of the action and of the events and repaint it sets off.
`checks`: the Problems dock's check after a one-node edit (--edits of them, each checked
before the next): the dock on the document of SCRIPT opened as File > Open leaves it (the text
kept, the heap frozen); per check the CPU ms of this process (all threads, until every row is
listed), of the check's thread (sending: diff and pickle; the answer's unpickling) and the
longest pass of the event loop meanwhile.
Prints one JSON object on stdout.

    QT_QPA_PLATFORM=offscreen python bench/gui_probe.py actions SCRIPT [--only select_all,...]
    QT_QPA_PLATFORM=offscreen python bench/gui_probe.py checks SCRIPT [--edits 8]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any, Callable, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CALLSCRIPT_NO_RECOVERY_PROMPT", "1")

VIEW_SIZE = (1400, 900)  # the window size main.py opens with


def status_kb(field: str) -> int:
    """A field of /proc/self/status in kB (VmRSS now, VmHWM peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(fn: Callable[[], Any], reps: int = 1) -> float:
    """Seconds of fn, the best of reps runs (a run disturbed by the machine's load is slower,
    never faster)."""
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def settle(app, rounds: int = 3) -> None:
    """Deliver posted events (timers at 0 ms, layout, paint requests)."""
    for _ in range(rounds):
        app.processEvents()


def frames(view, app, count: int) -> list[float]:
    """ms to repaint the whole viewport into an image, `count` times."""
    out = []
    for _ in range(count):
        view.viewport().update()
        t0 = time.perf_counter()
        view.viewport().grab()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


class _PaintCounter:
    """Counts the paint events of a widget (to show a repaint really happened)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, _obj, event) -> bool:  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self.widget = widget
        self.filter = Filter()
        widget.installEventFilter(self.filter)

    def close(self) -> int:
        self.widget.removeEventFilter(self.filter)
        return self.count


def _step_times(times: list[float], zoom: float, paints: int) -> dict[str, Any]:
    times = sorted(times)
    return {"steps": len(times), "zoom": round(zoom, 3), "max_ms": times[-1],
            "p50_ms": statistics.median(times), "p90_ms": times[int(0.9 * (len(times) - 1))],
            "paints": paints}


def pan(view, app, steps: int = 150, step_px: int = 120) -> dict[str, Any]:
    """Drag the view across the flow: `steps` moves of step_px pixels along a serpentine
    path (right to the edge, down half a view, back left...), each followed by the repaint the
    event loop does (the view's newly exposed strip, the overview frame). ms per step."""
    counter = _PaintCounter(view.viewport())
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    dx, times = step_px, []
    for _ in range(steps):
        t0 = time.perf_counter()
        if not h.minimum() <= h.value() + dx <= h.maximum():
            v.setValue(min(v.maximum(), v.value() + view.viewport().height() // 2))
            dx = -dx
        h.setValue(h.value() + dx)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1e3)
    return _step_times(times, view.transform().m11(), counter.close())


def jumps(view, app, count: int = 20) -> dict[str, Any]:
    """Jump to places all over the flow (search, overview click): a whole new view each."""
    counter = _PaintCounter(view.viewport())
    h, v = view.horizontalScrollBar(), view.verticalScrollBar()
    times = []
    for i in range(count):
        t0 = time.perf_counter()
        h.setValue(h.minimum() + (h.maximum() - h.minimum()) * ((i * 7) % count) // count)
        v.setValue(v.minimum() + (v.maximum() - v.minimum()) * ((i * 11) % count) // count)
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1e3)
    return _step_times(times, view.transform().m11(), counter.close())


def core_phases(path: str) -> dict[str, Any]:
    """What an open is made of, each part on its own (the file is in the page cache)."""
    from designer.analysis.layout import layered_layout, place_missing
    from designer.formats.script_yaml import load_script, read_text_file
    from designer.formats.yaml_tree import parse_yaml

    out: dict[str, Any] = {}
    text = read_text_file(path)
    out["phase_parse_yaml_s"] = timed(lambda: parse_yaml(text), 2)
    holder: dict[str, Any] = {}
    out["phase_load_s"] = timed(lambda: holder.__setitem__("s", load_script(path)), 2)
    out["phase_build_model_s"] = max(0.0, out["phase_load_s"] - out["phase_parse_yaml_s"])
    out["phase_place_missing_s"] = timed(lambda: place_missing(holder["s"]))
    out["phase_auto_layout_s"] = timed(lambda: layered_layout(holder["s"]))  # not on open
    return out


class _SceneClock:
    """Seconds spent in the canvas scene's own building while it runs: set_script, and the
    cards and arrows it makes for what the view shows (build_region, complete_node), calls
    inside calls counted once. Measures by wrapping those methods of the scene's class."""

    NAMES = ("set_script", "build_region", "complete_node", "ensure_built")

    def __init__(self, scene):
        self.seconds, self._depth, self._cls, self._saved = 0.0, 0, type(scene), {}
        for name in self.NAMES:
            original = getattr(self._cls, name, None)
            if original is not None:
                self._saved[name] = original
                setattr(self._cls, name, self._wrap(original))

    def _wrap(self, original):
        clock = self

        def timed_call(*args, **kwargs):
            clock._depth += 1
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                clock._depth -= 1
                if not clock._depth:
                    clock.seconds += time.perf_counter() - t0
        return timed_call

    def close(self) -> float:
        for name, original in self._saved.items():
            setattr(self._cls, name, original)
        return self.seconds


def open_window(window, app, path: str, profile_out: Optional[str]) -> dict[str, Any]:
    """File > Open, show, first paint of the whole window: seconds of each part.
    phase_scene_open_s: of open_s, the scene's own building (see _SceneClock)."""
    clock = _SceneClock(window.scene)
    prof = None
    if profile_out:
        import cProfile
        prof = cProfile.Profile()
        prof.enable()
    c0, t0 = time.process_time(), time.perf_counter()
    if not window.files.open_path(path, ask=False):
        raise SystemExit(f"the window did not open {path}")
    t1 = time.perf_counter()
    window.show()
    settle(app)  # show_flow (a 0 ms timer), layout of the docks
    t2 = time.perf_counter()
    window.grab()  # the first paint of the whole window
    t3 = time.perf_counter()
    if prof is not None:
        prof.disable()
        prof.dump_stats(profile_out)
    scene_s = clock.close()
    return {"open_s": t3 - t0,
            "phase_scene_open_s": scene_s,
            "open_cpu_s": time.process_time() - c0,  # all threads: the lint worker may be in it
            "phase_open_path_s": t1 - t0,  # load + Document.set_script (scene, panels)
            "phase_show_s": t2 - t1, "phase_first_paint_s": t3 - t2,
            "nodes": len(window.document.script.nodes),
            "scene_items": len(window.scene.items()),  # items that exist after the first paint
            "open_zoom": round(window.view.zoom(), 3)}


def wait_ready(window, app, since: float) -> dict[str, Any]:
    """After the first paint the window keeps working: the Problems panel lints in a worker
    thread, the scene builds the cards and arrows of a large flow the view did not show and
    routes the arrows in slices. Wait for both (the frames timed later must not share the
    interpreter with them), then 0.6 s more for what they set off (the overview redraws
    200 ms after arrows moved), noting the longest the event loop was busy in one go: the
    worst stall a user panning right after opening would feel. built_s: when every card and
    arrow existed as an item (routed_s implies it). stall_max_cpu_ms: the most CPU time of
    the UI thread in one pass (on a shared machine a pass also waits for other processes,
    and for the interpreter while another thread of the window holds it)."""
    routed = getattr(window.scene, "is_routed", lambda: True)
    built = getattr(window.scene, "is_built", lambda: True)
    out: dict[str, Any] = {"routed_s": None, "problems_ready_s": None, "built_s": None}
    stalls: list[float] = []
    stalls_cpu: list[float] = []
    deadline, quiet_until = since + 600, None
    while time.perf_counter() < (quiet_until or deadline):
        a, a_cpu = time.perf_counter(), time.thread_time()
        app.processEvents()
        stalls.append(time.perf_counter() - a)
        stalls_cpu.append(time.thread_time() - a_cpu)
        if out["built_s"] is None and built():
            out["built_s"] = time.perf_counter() - since
        if out["routed_s"] is None and routed():
            out["routed_s"] = time.perf_counter() - since
        if out["problems_ready_s"] is None and window.problems.is_current():
            out["problems_ready_s"] = time.perf_counter() - since
        if quiet_until is None and None not in (out["routed_s"], out["problems_ready_s"]):
            out["ready_s"] = time.perf_counter() - since
            quiet_until = time.perf_counter() + 0.6
        time.sleep(0.002)
    out.setdefault("ready_s", time.perf_counter() - since)
    out["stall_max_ms"] = max(stalls) * 1e3 if stalls else 0.0
    out["stall_max_cpu_ms"] = max(stalls_cpu) * 1e3 if stalls_cpu else 0.0
    return out


def view_frames(window, app, do_pan: bool) -> dict[str, Any]:
    """Pan and jumps at the zoom the window opened at, the whole view at fit to window, and
    pan again at 25%."""
    view, out = window.view, {}
    if do_pan:  # before anything else moves the view
        out["pan_open_zoom"] = pan(view, app)
        out["jumps_open_zoom"] = jumps(view, app)
    view.fit_to_window()
    settle(app)
    out["fit_zoom"] = round(view.zoom(), 4)
    f = frames(view, app, 5)
    out["frame_ms"] = statistics.median(f)
    out["frame_first_ms"] = f[0]
    out["viewport"] = [view.viewport().width(), view.viewport().height()]
    if do_pan:
        view.set_zoom(0.25)
        settle(app)
        out["pan_zoom_025"] = pan(view, app)
        out["pan_max_frame_ms"] = max(out["pan_open_zoom"]["max_ms"],
                                      out["pan_zoom_025"]["max_ms"])
    return out


def probe_window(path: str, do_pan: bool, profile_out: Optional[str]) -> dict[str, Any]:
    rss0 = status_kb("VmRSS")
    from designer.ui.app import create_app
    from designer.ui.main_window import MainWindow
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from designer.formats.script_yaml import load_script

    app = create_app([sys.argv[0]])
    out: dict[str, Any] = {"qt": qVersion(), "pyside": pyside_version}
    out.update(core_phases(path))
    t0 = time.perf_counter()
    window = MainWindow()
    window.resize(*VIEW_SIZE)
    settle(app)
    out["window_create_s"] = time.perf_counter() - t0
    rss_before = status_kb("VmRSS")
    since = time.perf_counter()
    out.update(open_window(window, app, path, profile_out))
    out.update(wait_ready(window, app, since))
    out["memory_mb"] = (status_kb("VmRSS") - rss_before) / 1024
    out["rss_before_open_mb"] = rss_before / 1024
    out["rss_start_mb"] = rss0 / 1024
    out.update(view_frames(window, app, do_pan))
    # the parts of Document.set_script on their own: the scene, then everything listening
    # (scene, panels, overview) with a freshly loaded script
    out["phase_scene_rebuild_s"] = timed(window.scene.set_script)
    fresh = load_script(path)
    out["phase_document_set_s"] = timed(lambda: window.document.set_script(fresh))
    out["phase_panels_s"] = max(0.0, out["phase_document_set_s"] - out["phase_scene_rebuild_s"])
    out["peak_rss_mb"] = status_kb("VmHWM") / 1024
    window.files.close_cleanly()
    return out


def probe_raw(path: str) -> dict[str, Any]:
    from PySide6.QtCore import QLineF, QRectF, Qt
    from PySide6.QtGui import QPen
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView

    from designer.analysis.layout import CARD_HEIGHT, CARD_WIDTH
    from designer.formats.script_yaml import load_script

    app = QApplication.instance() or QApplication([sys.argv[0]])
    script = load_script(path)
    pos = {nid: (n.position or (0.0, 0.0)) for nid, n in script.nodes.items()}
    arrows = [(a, b) for a, b, _k, _d in script.edges() if a in pos and b in pos]
    rss_before = status_kb("VmRSS")
    t0 = time.perf_counter()
    scene = QGraphicsScene()
    pen = QPen()
    for x, y in pos.values():
        scene.addRect(QRectF(x, y, CARD_WIDTH, CARD_HEIGHT), pen)
    for a, b in arrows:
        (ax, ay), (bx, by) = pos[a], pos[b]
        scene.addLine(QLineF(ax + CARD_WIDTH, ay + CARD_HEIGHT / 2, bx, by + CARD_HEIGHT / 2), pen)
    view = QGraphicsView(scene)
    view.resize(*VIEW_SIZE)
    view.show()
    view.fitInView(scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    settle(app)
    view.viewport().grab()
    open_s = time.perf_counter() - t0
    f = frames(view, app, 5)
    return {"raw_qt_open_s": open_s, "raw_qt_frame_ms": statistics.median(f),
            "raw_items": len(scene.items()), "raw_memory_mb": (status_kb("VmRSS") - rss_before) / 1024}


def _cpu_ms(app, view, fn: Callable[[], Any]) -> dict[str, Any]:
    """The GUI thread's CPU ms (and wall ms) of fn, then of the events it posted and the
    repaint of the view."""
    c0, t0 = time.thread_time(), time.perf_counter()
    fn()
    c1, t1 = time.thread_time(), time.perf_counter()
    settle(app)
    view.viewport().grab()
    c2, t2 = time.thread_time(), time.perf_counter()
    return {"cpu_ms": round((c1 - c0) * 1e3, 1), "wall_ms": round((t1 - t0) * 1e3, 1),
            "then_cpu_ms": round((c2 - c1) * 1e3, 1), "then_wall_ms": round((t2 - t1) * 1e3, 1)}


ACTIONS = ("select_all", "delete_all", "auto_layout", "band_all", "copy_all", "drag_all")


def _drag(view, start, end) -> None:
    """The left button pressed at viewport point start, moved to end in three steps."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     start)
    for i in range(1, 5):
        pos = start + (end - start) * i / 4
        QApplication.sendEvent(view.viewport(), QMouseEvent(
            QEvent.Type.MouseMove, QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)),
            Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, end)


def probe_actions(path: str, names: tuple[str, ...] = ACTIONS) -> dict[str, Any]:
    """See the module's docstring (`actions`). Per step: CPU and wall ms (see _cpu_ms), the
    cards built after it, the nodes selected and the nodes of the script."""
    from designer.ui.app import create_app
    from designer.ui.canvas import NodeItem, scene_build
    from designer.ui.main_window import MainWindow
    from PySide6.QtCore import QPoint

    app = create_app([sys.argv[0]])
    # the background build waits: every action finds the flow built where the first paint
    # looked and nowhere else (an action a second after the open finds a little more built)
    scene_build.BACKGROUND_AFTER_MS = scene_build.FIRST_PAINT_WAIT_MS = 10 ** 9
    window = MainWindow()
    window.resize(*VIEW_SIZE)
    window.show()
    settle(app)
    view, a = window.view, window.actions

    def fresh(select_all: bool = False) -> None:
        window.document.undo_stack.setClean()  # nothing to ask about
        if not window.files.open_path(path, ask=False):
            raise SystemExit(f"the window did not open {path}")
        settle(app)
        window.grab()
        deadline = time.perf_counter() + 120
        while not window.problems.is_current() and time.perf_counter() < deadline:
            app.processEvents()  # the lint worker is done: it no longer shares the interpreter
            time.sleep(0.01)
        settle(app)
        if select_all:
            a.select_all.trigger()
            settle(app)

    def step(fn: Callable[[], Any]) -> dict[str, Any]:
        out = _cpu_ms(app, view, fn)
        out["built"] = sum(1 for i in window.scene.items() if isinstance(i, NodeItem))
        out["selected"] = len(window.document.selected_nodes())
        out["nodes"] = len(window.document.script.nodes)
        return out

    def band_over_everything() -> None:
        port = view.viewport().rect()
        _drag(view, port.topLeft() + QPoint(2, 2), port.bottomRight() - QPoint(2, 2))

    def drag_a_selected_card() -> None:
        port = view.viewport().rect()
        for item in window.scene.items(view.mapToScene(port).boundingRect()):
            if isinstance(item, NodeItem) and item.isSelected():
                centre = view.mapFromScene(item.sceneBoundingRect().center())
                if port.adjusted(0, 0, -60, 0).contains(centre):
                    _drag(view, centre, centre + QPoint(48, 0))
                    return
        raise SystemExit("no selected card in view to drag")

    scenarios: dict[str, dict[str, Any]] = {}
    for name in names:
        if name == "select_all":
            fresh()
            scenarios[name] = {"select_all": step(a.select_all.trigger)}
        elif name == "delete_all":
            fresh(select_all=True)
            scenarios[name] = {"delete": step(a.delete.trigger), "undo": step(a.undo.trigger),
                               "redo": step(a.redo.trigger)}
        elif name == "auto_layout":
            fresh()
            scenarios[name] = {"auto_layout": step(a.auto_layout.trigger),
                               "undo": step(a.undo.trigger)}
        elif name == "band_all":  # far away (fit to window): no card is built there
            fresh()
            view.fit_to_window()
            settle(app)
            view.viewport().grab()  # the far picture is made (not the band's doing)
            scenarios[name] = {"band": step(band_over_everything)}
        elif name == "copy_all":
            fresh(select_all=True)
            scenarios[name] = {"copy": step(a.copy.trigger)}
        elif name == "drag_all":
            fresh(select_all=True)
            scenarios[name] = {"drag": step(drag_a_selected_card), "undo": step(a.undo.trigger)}
    out: dict[str, Any] = {"nodes": len(window.document.script.nodes), "scenarios": scenarios}
    window.document.undo_stack.setClean()
    window.files.close_cleanly()
    return out

def probe_checks(path: str, edits: int) -> dict[str, Any]:
    """See the module's docstring (`checks`): median, min and max over the edits of each
    figure (ms), and how the worker got the script (texts and deltas it applied)."""
    import threading

    from designer.formats.script_yaml import parse_script, read_text_file
    from designer.gcpause import freeze_heap
    from designer.ui import commands as cmd
    from designer.ui.app import create_app
    from designer.ui.document import Document
    from designer.ui.panels import lint_worker, problems

    app = create_app([sys.argv[0]])
    parts: dict[str, float] = {}

    def timed(owner: Any, name: str, key: str) -> None:  # CPU of the check's thread in it
        real = getattr(owner, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            c0 = time.thread_time()
            try:
                return real(*args, **kwargs)
            finally:
                if threading.current_thread() is not threading.main_thread():
                    parts[key] = parts.get(key, 0.0) + (time.thread_time() - c0) * 1e3
        setattr(owner, name, run)

    timed(lint_worker, "diff", "send_diff_cpu_ms")
    timed(lint_worker, "_dumps", "send_pickle_cpu_ms")
    timed(lint_worker, "_loads", "answer_unpickle_cpu_ms")
    timed(problems._CheckTask, "run", "check_thread_cpu_ms")
    text = read_text_file(path)
    script = parse_script(text, path)
    script.path = os.path.abspath(path)
    document = Document()
    document.set_script(script, source=text)
    freeze_heap(collect=True)
    panel = problems.ProblemsPanel(document)

    def wait() -> float:
        longest = 0.0
        while not panel.is_current():
            t0 = time.perf_counter()
            app.processEvents()
            longest = max(longest, time.perf_counter() - t0)
            time.sleep(0.001)
        return longest * 1e3

    t0 = time.perf_counter()
    wait()
    first_s = time.perf_counter() - t0
    ids = sorted(script.nodes)
    rows = []
    for i in range(edits):
        parts.clear()
        c0, t0 = time.process_time(), time.perf_counter()
        document.push(cmd.SetNodeField(script, ids[i * 7919 % len(ids)], "say", f"新的话 {i}"))
        stall = wait()
        rows.append({**parts, "process_cpu_ms": (time.process_time() - c0) * 1e3,
                     "wall_ms": (time.perf_counter() - t0) * 1e3, "stall_max_ms": stall})
    channel = panel._channel
    out: dict[str, Any] = {"nodes": len(script.nodes), "problems": len(panel.problems),
                           "first_check_s": round(first_s, 2), "edits": edits,
                           "whole_sends": channel.wholes, "delta_sends": channel.deltas}
    for key in rows[0]:
        values = sorted(row.get(key, 0.0) for row in rows)
        out[key] = {"median": round(statistics.median(values), 1),
                    "min": round(values[0], 1), "max": round(values[-1], 1)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("window", "raw", "actions", "checks"))
    ap.add_argument("script")
    ap.add_argument("--pan", action="store_true")
    ap.add_argument("--profile", metavar="OUT", help="cProfile the open into OUT (pstats)")
    ap.add_argument("--only", metavar="NAMES", default=",".join(ACTIONS),
                    help="actions: the scenarios to run, comma-separated (default: all)")
    ap.add_argument("--edits", type=int, default=8, help="checks: how many edits")
    args = ap.parse_args()
    if args.mode == "window":
        result = probe_window(args.script, args.pan, args.profile)
    elif args.mode == "actions":
        result = probe_actions(args.script, tuple(args.only.split(",")))
    elif args.mode == "checks":
        result = probe_checks(args.script, args.edits)
    else:
        result = probe_raw(args.script)
    result["loadavg"] = list(os.getloadavg())
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown of thousands of items: not part of any figure


if __name__ == "__main__":
    main()
