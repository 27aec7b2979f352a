"""Engine figures: whole calls replayed turn by turn on one thread, the Aho-Corasick library
alone on the same utterances (the floor), and where the time of a turn goes."""
from __future__ import annotations

import cProfile
import gc
import io
import pstats
import statistics
import time
from typing import Any

import ahocorasick_rs

from bench.workload import Call, record_calls
from designer.engine import Engine, normalize

ns = time.perf_counter_ns


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(q / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def replay(engine: Engine, calls: list[Call]) -> dict[str, float]:
    """Each call from its start: one session, every utterance timed alone. Throughput is
    turns over the wall time of the whole loop (session starts and timers included)."""
    times: list[int] = []
    c0 = time.process_time()
    t0 = ns()
    for call in calls:
        session = engine.start(call.variables)
        for text in call.texts:
            a = ns()
            session.utter(text)
            times.append(ns() - a)
    wall = ns() - t0
    cpu = time.process_time() - c0
    times.sort()
    return {"turns": len(times), "p50_us": percentile(times, 50) / 1e3,
            "p90_us": percentile(times, 90) / 1e3, "p99_us": percentile(times, 99) / 1e3,
            "max_us": times[-1] / 1e3, "mean_us": sum(times) / len(times) / 1e3,
            "turns_per_s": len(times) / (wall / 1e9),
            # on a shared machine the process waits for a core: CPU time shows the work alone
            "turns_per_cpu_s": len(times) / cpu if cpu > 0 else float("nan"),
            "cpu_share": cpu / (wall / 1e9)}


def replay_cpu(engine: Engine, calls: list[Call]) -> dict[str, float]:
    """The same replay, each turn timed in thread CPU time (less the clock's own cost): what
    a turn costs when the scheduler does not take the core away in the middle of it. On an
    idle machine it agrees with the wall-clock figures; on a loaded one it is the one to read."""
    clock = time.thread_time_ns
    empty = []
    for _ in range(2000):
        a = clock()
        empty.append(clock() - a)
    overhead = sorted(empty)[len(empty) // 2]
    times: list[int] = []
    for call in calls:
        session = engine.start(call.variables)
        for text in call.texts:
            a = clock()
            session.utter(text)
            times.append(max(0, clock() - a - overhead))
    times.sort()
    return {"cpu_p50_us": percentile(times, 50) / 1e3, "cpu_p99_us": percentile(times, 99) / 1e3,
            "clock_overhead_us": overhead / 1e3}


def _turn_inputs(engine: Engine, calls: list[Call]) -> list[tuple[str, str]]:
    """(node the caller spoke at, text) of every turn that reached the matcher."""
    out = []
    for call in calls:
        session = engine.start(call.variables)
        for text in call.texts:
            node = session.node
            session.utter(text)
            out.append((node, text))
    return out


def raw_scan(patterns: list[str], norms: list[str], reps: int) -> dict[str, float]:
    """The library alone: the same keywords, the same normalized utterances, overlapping."""
    ac = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
    find = ac.find_matches_as_indexes
    means, p50s = [], []
    for _ in range(reps):
        t0 = ns()
        for u in norms:
            find(u, overlapping=True)
        means.append((ns() - t0) / len(norms) / 1e3)
        each = []
        for u in norms:
            a = ns()
            find(u, overlapping=True)
            each.append(ns() - a)
        each.sort()
        p50s.append(percentile(each, 50) / 1e3)
    return {"raw_scan_us": statistics.median(p50s), "raw_scan_mean_us": statistics.median(means)}


def breakdown(engine: Engine, inputs: list[tuple[str, str]], calls: list[Call],
              reps: int) -> dict[str, float]:
    """Mean µs per turn of each step of a turn, each timed over all turns in a loop of its own
    (best of `reps` runs): normalize, scan (library + English word-boundary filter), the rest
    of evaluate (owners, containment filter, exclude, a&b parts), decide."""
    m = engine.matcher
    texts = [t for _, t in inputs]
    norms = [normalize(t) for t in texts]
    cands = [engine.candidates(node) for node, _ in inputs]
    evs = [m.evaluate(n, c, normalized=True) for n, c in zip(norms, cands)]
    nodes = [node for node, _ in inputs]

    def per_turn(step) -> float:
        runs = []
        for _ in range(reps):
            t0 = ns()
            step()
            runs.append((ns() - t0) / len(texts) / 1e3)
        return min(runs)  # the least disturbed run: the cost itself, not the neighbours' load

    # plain loops that keep no result: a list of results would make the collector run and
    # charge its passes over the whole loaded script to the step being timed
    def do_normalize() -> None:
        for t in texts:
            normalize(t)

    def do_scan() -> None:
        for n in norms:
            m.scan(n)

    def do_evaluate() -> None:
        for n, c in zip(norms, cands):
            m.evaluate(n, c, normalized=True)

    def do_decide() -> None:
        for nd, ev in zip(nodes, evs):
            engine.decide(nd, ev)

    def do_calls() -> None:
        for call in calls:
            session = engine.start(call.variables)
            for text in call.texts:
                session.utter(text)

    out = {"normalize_us": per_turn(do_normalize), "scan_us": per_turn(do_scan),
           "evaluate_us": per_turn(do_evaluate), "decide_us": per_turn(do_decide),
           "turn_us": per_turn(do_calls)}
    out["filter_us"] = max(0.0, out.pop("evaluate_us") - out["scan_us"])
    # the rest of a turn: the session's records (transcript, turn record, decision, intents
    # hit), prompts said with their variables, moving between nodes, grading at the end
    out["session_us"] = max(0.0, out["turn_us"] - out["normalize_us"] - out["scan_us"]
                            - out["filter_us"] - out["decide_us"])
    return out


def profile_turns(engine: Engine, calls: list[Call], top: int = 25) -> str:
    """cProfile of the replay: the functions where a turn's time goes."""
    prof = cProfile.Profile()
    prof.enable()
    for call in calls:
        session = engine.start(call.variables)
        for text in call.texts:
            session.utter(text)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def run_engine(script, n_calls: int, reps: int = 3, seed: int = 0,
               profile: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    engine = Engine(script)
    compile_s = time.perf_counter() - t0
    calls = record_calls(engine, n_calls, seed)
    inputs = _turn_inputs(engine, calls)
    gc.collect()
    runs = [replay(engine, calls) for _ in range(reps)]
    gc.disable()  # the same replay without collector pauses: how much of p99 they are
    try:
        quiet = replay(engine, calls)
    finally:
        gc.enable()
    cpu_runs = [replay_cpu(engine, calls) for _ in range(reps)]
    norms = [normalize(t) for _, t in inputs]
    out: dict[str, Any] = {
        "calls": len(calls),
        "turns": runs[0]["turns"],
        "keywords": sum(len(it.keywords) for it in script.intents.values()),
        "patterns": len(engine.matcher.patterns),
        "compile_s": compile_s,
        "turn_p50_us": statistics.median(r["p50_us"] for r in runs),
        "turn_p90_us": statistics.median(r["p90_us"] for r in runs),
        "turn_p99_us": statistics.median(r["p99_us"] for r in runs),
        "turn_max_us": statistics.median(r["max_us"] for r in runs),
        "turn_mean_us": statistics.median(r["mean_us"] for r in runs),
        "turns_per_s": statistics.median(r["turns_per_s"] for r in runs),
        "turns_per_cpu_s": statistics.median(r["turns_per_cpu_s"] for r in runs),
        "cpu_share": statistics.median(r["cpu_share"] for r in runs),
        "turn_p99_us_gc_off": quiet["p99_us"],
        "turn_cpu_p50_us": statistics.median(r["cpu_p50_us"] for r in cpu_runs),
        "turn_cpu_p99_us": statistics.median(r["cpu_p99_us"] for r in cpu_runs),
    }
    out.update(raw_scan(engine.matcher.patterns, norms, reps))
    out["breakdown_us"] = breakdown(engine, inputs, calls, max(reps, 5))
    if profile:
        out["profile"] = profile_turns(engine, calls)
    return out
