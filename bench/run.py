"""The benchmark suite: generated scripts of 2,000 (quick), 5,000 and 10,000 nodes through the
engine, the file format, lint and the designer window, each figure against its target.

    python bench/run.py [--quick] [--json] [--sizes 2000,5000] [--keep DIR] [--profile DIR]

--quick   the 2,000-node / ~20,000-keyword script only (under a minute on an idle machine)
--json    one JSON object on stdout (the table goes to stderr): machine, per-size figures under
          "sizes", and the 2,000-node figures again at the top level ("engine", "io", ...)
--profile write cProfile output of the engine replay and of the window's open into DIR

Timings are medians of several repetitions where a repetition is cheap. The machine's load
(os.getloadavg) is recorded before, between and after the stages: on a shared machine read the
figures with it. Targets are reported, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from typing import Any, Callable, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from bench.engine_bench import run_engine  # noqa: E402
from bench.generate import dump_generated, generate_script  # noqa: E402
from designer.formats.script_yaml import load_script, save_script  # noqa: E402

QUICK = 2000
FULL = (2000, 5000, 10000)
PAN_SIZES = (10000,)  # the pan test the targets name; --pan-all runs it at every size
ENGINE_CALLS = 4000
GUI_TIMEOUT_S = 900


# ---- helpers --------------------------------------------------------------------------------
class LoadLog:
    """os.getloadavg() samples taken between the stages."""

    def __init__(self) -> None:
        self.samples: list[tuple[str, float]] = []

    def note(self, stage: str) -> None:
        self.samples.append((stage, round(os.getloadavg()[0], 2)))

    def summary(self) -> dict[str, Any]:
        ones = [v for _, v in self.samples]
        return {"min_1min": min(ones), "max_1min": max(ones),
                "samples": [{"stage": s, "load_1min": v} for s, v in self.samples]}


def repeat(fn: Callable[[], Any], reps: int = 3, budget_s: float = 6.0) -> tuple[float, float]:
    """Median wall and CPU seconds of fn over up to `reps` runs, fewer when one run eats the
    budget. CPU time is what the work costs when a shared machine makes it wait for a core."""
    walls: list[float] = []
    cpus: list[float] = []
    start = time.perf_counter()
    while len(walls) < reps and (not walls or time.perf_counter() - start < budget_s):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def machine_info() -> dict[str, Any]:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(dist: str) -> Optional[str]:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pyside6": version("PySide6-Essentials") or version("PySide6"),
        "ahocorasick_rs": version("ahocorasick-rs") or version("ahocorasick_rs"),
        "pyyaml": version("PyYAML"),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def checker():
    """lint_script when the lint module is there, else check_structure; and its name."""
    try:
        from designer.analysis.lint import lint_script
        return "lint_script", lambda s: lint_script(s, ())
    except ImportError:
        from designer.analysis.structure import check_structure
        return "check_structure", check_structure


# ---- stages ---------------------------------------------------------------------------------
def bench_io(path: str, workdir: str) -> tuple[Any, dict[str, Any]]:
    script = load_script(path)
    out = {"bytes": os.path.getsize(path)}
    out["load_s"], out["load_cpu_s"] = repeat(lambda: load_script(path))
    target = os.path.join(workdir, "saved.yaml")
    out["save_s"], out["save_cpu_s"] = repeat(lambda: save_script(script, target))
    with open(path, "rb") as a, open(target, "rb") as b:
        out["save_identical"] = a.read() == b.read()
    return script, out


def bench_analysis(script) -> dict[str, Any]:
    name, check = checker()
    problems = check(script)
    out: dict[str, Any] = {"checker": name}
    out["lint_s"], out["lint_cpu_s"] = repeat(lambda: check(script))
    out["errors"] = sum(1 for p in problems if p.severity == "error")
    out["warnings"] = sum(1 for p in problems if p.severity == "warning")
    from designer.analysis.structure import check_structure
    out["structure_errors"] = len(check_structure(script))
    out["structure_s"], _cpu = repeat(lambda: check_structure(script))
    return out


def run_probe(mode: str, path: str, workdir: str, extra: list[str]) -> dict[str, Any]:
    env = dict(os.environ)
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "CALLSCRIPT_NO_RECOVERY_PROMPT": "1",
        # never touch the user's recent files or recovery folder
        "CALLSCRIPT_SETTINGS_FILE": os.path.join(workdir, "settings.ini"),
        "CALLSCRIPT_RECOVERY_DIR": os.path.join(workdir, "recovery"),
    })
    cmd = [sys.executable, os.path.join(ROOT, "bench", "gui_probe.py"), mode, path] + extra
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True,
                              timeout=GUI_TIMEOUT_S, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"{mode} probe took longer than {GUI_TIMEOUT_S} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"{mode} probe failed (exit {proc.returncode}): "
                         f"{(proc.stderr or proc.stdout).strip()[-800:]}"}
    return json.loads(lines[-1])


def bench_gui(path: str, workdir: str, pan_test: bool, profile: Optional[str]) -> dict[str, Any]:
    window = run_probe("window", path, workdir, ["--pan"] if pan_test else [])
    if profile:  # a separate open under cProfile: the measured one above runs unprofiled
        run_probe("window", path, workdir, ["--profile", profile])
    raw = run_probe("raw", path, workdir, [])
    out = dict(window)
    out.update(raw)
    if "error" in window or "error" in raw:
        out["error"] = "; ".join(x["error"] for x in (window, raw) if "error" in x)
    return out


def bench_size(n: int, args, log: LoadLog) -> dict[str, Any]:
    res: dict[str, Any] = {"nodes": n}
    with tempfile.TemporaryDirectory(prefix=f"callscript-bench-{n}-") as tmp:
        workdir = args.keep or tmp
        os.makedirs(workdir, exist_ok=True)
        path = os.path.join(workdir, f"bench_{n}.yaml")
        t0 = time.perf_counter()
        data = generate_script(n, args.seed, args.language)
        res["generate_s"] = time.perf_counter() - t0
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(dump_generated(data))
        log.note(f"{n}: generated")
        script, res["io"] = bench_io(path, workdir)
        res["intents"] = len(script.intents)
        res["keywords"] = sum(len(i.keywords) for i in script.intents.values())
        res["faq"] = len(script.faq)
        log.note(f"{n}: io")
        res["analysis"] = bench_analysis(script)
        log.note(f"{n}: analysis")
        eng = run_engine(script, ENGINE_CALLS, reps=3, seed=args.seed, profile=bool(args.profile))
        if args.profile:
            os.makedirs(args.profile, exist_ok=True)
            with open(os.path.join(args.profile, f"engine_{n}.txt"), "w") as fh:
                fh.write(eng.pop("profile"))
        res["engine"] = eng
        log.note(f"{n}: engine")
        if not args.no_gui:
            prof = os.path.join(args.profile, f"open_{n}.pstats") if args.profile else None
            res["gui"] = bench_gui(path, workdir, args.pan_all or n in PAN_SIZES, prof)
            log.note(f"{n}: gui")
    return res


# ---- targets and the table --------------------------------------------------------------------
def targets(sizes: dict[str, Any]) -> list[dict[str, Any]]:
    """(figure, value, target text, PASS/MISS) for the figures the issue sets targets for."""
    rows: list[dict[str, Any]] = []

    def add(size: str, figure: str, value: Optional[float], target: str,
            ok: Optional[bool], unit: str, cpu: Optional[float] = None) -> None:
        rows.append({"size": size, "figure": figure, "value": value, "unit": unit,
                     "cpu": cpu, "target": target,
                     "result": "n/a" if ok is None else ("PASS" if ok else "MISS")})

    q = sizes.get(str(QUICK))
    if q:
        e, io, an, g = q["engine"], q["io"], q["analysis"], q.get("gui", {})
        add("2000", "engine.turn_p50_us", e["turn_p50_us"],
            f"<= 10 x raw scan ({10 * e['raw_scan_us']:.1f} us)",
            e["turn_p50_us"] <= 10 * e["raw_scan_us"], "us", e.get("turn_cpu_p50_us"))
        add("2000", "engine.raw_scan_us", e["raw_scan_us"], "(the floor)", None, "us")
        add("2000", "engine.turn_p99_us", e["turn_p99_us"], "< 200 us", e["turn_p99_us"] < 200, "us",
            e.get("turn_cpu_p99_us"))
        add("2000", "engine.turns_per_s", e["turns_per_s"], ">= 20,000 /s",
            e["turns_per_s"] >= 20000, "/s", e.get("turns_per_cpu_s"))
        add("2000", "io.load_s", io["load_s"], "< 1 s", io["load_s"] < 1, "s", io.get("load_cpu_s"))
        add("2000", "io.save_s", io["save_s"], "(none)", None, "s", io.get("save_cpu_s"))
        add("2000", "analysis.lint_s", an["lint_s"], "< 1 s", an["lint_s"] < 1, "s",
            an.get("lint_cpu_s"))
        if g and "open_s" in g and "raw_qt_open_s" in g:
            add("2000", "gui.open_s", g["open_s"],
                f"<= 3 x Qt floor ({3 * g['raw_qt_open_s']:.2f} s)",
                g["open_s"] <= 3 * g["raw_qt_open_s"], "s", g.get("open_cpu_s"))
            add("2000", "gui.raw_qt_open_s", g["raw_qt_open_s"], "(the floor)", None, "s")
            add("2000", "gui.frame_ms", g["frame_ms"], "< 50 ms", g["frame_ms"] < 50, "ms")
            add("2000", "gui.memory_mb", g["memory_mb"], "(none)", None, "MB")
            add("2000", "gui.ready_s (routed + linted)", g.get("ready_s"), "(none)", None, "s")
    big = sizes.get("10000")
    if big and big.get("gui") and "open_s" in big["gui"]:
        g = big["gui"]
        add("10000", "gui.open_s", g["open_s"], "opens", True, "s", g.get("open_cpu_s"))
        first = g["phase_first_paint_s"] * 1e3
        add("10000", "gui first paint on open (ms)", first, "< 100 ms", first < 100, "ms")
        add("10000", "gui.frame_ms (fit to window)", g["frame_ms"], "< 100 ms",
            g["frame_ms"] < 100, "ms")
        if "pan_max_frame_ms" in g:
            for key, label in (("pan_open_zoom", "pan at open zoom"),
                               ("pan_zoom_025", "pan at 25%")):
                p = g[key]
                add("10000", f"gui.pan_max_frame_ms ({label} {p['zoom']})", p["max_ms"],
                    "< 100 ms", p["max_ms"] < 100, "ms")
    return rows


def fmt(value: Optional[float], unit: str) -> str:
    if value is None:
        return "-"
    if unit == "/s":
        return f"{value:,.0f} /s"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.1f} {unit}"


def table(rows: list[dict[str, Any]]) -> str:
    head = ("size", "figure", "value", "CPU time", "target", "result")
    body = [(r["size"], r["figure"], fmt(r["value"], r["unit"]),
             fmt(r["cpu"], r["unit"]) if r.get("cpu") is not None else "",
             r["target"], r["result"]) for r in rows]
    widths = [max(len(str(x[i])) for x in [head] + body) for i in range(len(head))]
    lines = ["| " + " | ".join(str(h).ljust(w) for h, w in zip(head, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"
              for row in body]
    return "\n".join(lines)


def size_table(sizes: dict[str, Any]) -> str:
    """Every size side by side (no targets): the scaling at a glance."""
    keys = [("keywords", lambda r: r["keywords"], "{:,}"),
            ("engine turn p50 us", lambda r: r["engine"]["turn_p50_us"], "{:.1f}"),
            ("engine turn p99 us", lambda r: r["engine"]["turn_p99_us"], "{:.1f}"),
            ("engine turn CPU p50 / p99 us", lambda r: (r["engine"]["turn_cpu_p50_us"],
                                                         r["engine"]["turn_cpu_p99_us"]),
             "{:.1f} / {:.1f}"),
            ("engine turns/s", lambda r: r["engine"]["turns_per_s"], "{:,.0f}"),
            ("engine turns per CPU-s", lambda r: r["engine"]["turns_per_cpu_s"], "{:,.0f}"),
            ("turn: normalize us", lambda r: r["engine"]["breakdown_us"]["normalize_us"], "{:.1f}"),
            ("turn: scan us", lambda r: r["engine"]["breakdown_us"]["scan_us"], "{:.1f}"),
            ("turn: filter us", lambda r: r["engine"]["breakdown_us"]["filter_us"], "{:.1f}"),
            ("turn: decide us", lambda r: r["engine"]["breakdown_us"]["decide_us"], "{:.1f}"),
            ("turn: session us", lambda r: r["engine"]["breakdown_us"]["session_us"], "{:.1f}"),
            ("turn: whole (mean) us", lambda r: r["engine"]["breakdown_us"]["turn_us"], "{:.1f}"),
            ("raw scan us", lambda r: r["engine"]["raw_scan_us"], "{:.2f}"),
            ("load s (CPU s)", lambda r: (r["io"]["load_s"], r["io"]["load_cpu_s"]), "{:.2f} ({:.2f})"),
            ("save s", lambda r: r["io"]["save_s"], "{:.2f}"),
            ("lint s (CPU s)", lambda r: (r["analysis"]["lint_s"], r["analysis"]["lint_cpu_s"]),
             "{:.2f} ({:.2f})"),
            ("gui open s", lambda r: r["gui"]["open_s"], "{:.2f}"),
            ("  parse+build (load)", lambda r: r["gui"]["phase_load_s"], "{:.2f}"),
            ("  scene rebuild alone", lambda r: r["gui"]["phase_scene_rebuild_s"], "{:.2f}"),
            ("  panels (set_script - scene)", lambda r: r["gui"]["phase_panels_s"], "{:.2f}"),
            ("  first paint", lambda r: r["gui"]["phase_first_paint_s"], "{:.2f}"),
            ("gui ready s (arrows routed, lint shown)", lambda r: r["gui"]["ready_s"], "{:.2f}"),
            ("gui longest stall meanwhile ms", lambda r: r["gui"]["stall_max_ms"], "{:.0f}"),
            ("qt floor open s", lambda r: r["gui"]["raw_qt_open_s"], "{:.2f}"),
            ("frame at fit ms", lambda r: r["gui"]["frame_ms"], "{:.0f}"),
            ("gui memory MB", lambda r: r["gui"]["memory_mb"], "{:.0f}"),
            ("pan max ms", lambda r: r["gui"]["pan_max_frame_ms"], "{:.0f}"),
            ("pan p50 ms (open zoom)", lambda r: r["gui"]["pan_open_zoom"]["p50_ms"], "{:.0f}"),
            ("jump max ms (open zoom)", lambda r: r["gui"]["jumps_open_zoom"]["max_ms"], "{:.0f}")]
    names = list(sizes)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for label, get, f in keys:
        cells = []
        for n in names:
            try:
                v = get(sizes[n])
                cells.append(f.format(*v) if isinstance(v, tuple) else f.format(v))
            except (KeyError, TypeError):
                cells.append("-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the 2,000-node script only")
    ap.add_argument("--json", action="store_true", help="one JSON object on stdout")
    ap.add_argument("--sizes", help="comma-separated node counts instead of the defaults")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--language", choices=("zh", "en"), default="zh",
                    help="Chinese scripts (the default) or English ones")
    ap.add_argument("--keep", metavar="DIR", help="write the generated scripts into DIR")
    ap.add_argument("--profile", metavar="DIR", help="cProfile output into DIR")
    ap.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    ap.add_argument("--pan-all", action="store_true", help="pan test at every size")
    args = ap.parse_args(argv)
    sizes = ([int(x) for x in args.sizes.split(",")] if args.sizes
             else [QUICK] if args.quick else list(FULL))
    log = LoadLog()
    log.note("start")
    result: dict[str, Any] = {"machine": machine_info(), "sizes": {}}
    t0 = time.perf_counter()
    for n in sizes:
        result["sizes"][str(n)] = bench_size(n, args, log)
    log.note("end")
    result["machine"]["load"] = log.summary()
    result["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    for r in result["sizes"].values():  # versions seen by the GUI process
        g = r.get("gui") or {}
        if g.get("qt"):
            result["machine"]["qt"] = g["qt"]
            result["machine"]["pyside6"] = g.get("pyside", result["machine"]["pyside6"])
    result["total_s"] = time.perf_counter() - t0
    quick = result["sizes"].get(str(QUICK))
    if quick:
        for key in ("engine", "io", "analysis", "gui"):
            if key in quick:
                result[key] = quick[key]
    result["targets"] = targets(result["sizes"])
    m = result["machine"]
    report = [f"machine: {m['cpus']} cores ({m['cpus_usable']} usable), {m['cpu_model']}; "
              f"Python {m['python']}, PySide6 {m.get('pyside6')}, Qt {m.get('qt', '?')}",
              f"load (1-min average) during the run: {m['load']['min_1min']}"
              f"-{m['load']['max_1min']} on {m['cpus']} cores; total {result['total_s']:.0f} s",
              "", table(result["targets"]), "", size_table(result["sizes"])]
    text = "\n".join(report)
    if args.json:
        print(text, file=sys.stderr)
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
