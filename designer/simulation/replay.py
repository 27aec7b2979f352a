"""Replaying real (or collected) caller utterances against a script (`callscript replay`).

Two kinds of log:
  .txt    one utterance a line; each is tried at every listening node of the script (no call is
          run, so there are no grades); an utterance is unanswered at the nodes where nothing
          matches it.
  .jsonl  one call a line: {"vars": {...}, "turns": ["...", "" (silence), ...]}; each call is run
          through the engine; the caller hangs up when the turns run out.

Malformed lines are reported with file:line and skipped. Identical utterances are matched once
per node (a .txt log of real calls repeats itself a lot), so large logs replay in seconds.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from designer.engine import Decision, Engine, normalize
from designer.model import Script
from designer.simulation import unanswered as store
from designer.simulation.coverage import Coverage

ProgressFn = Callable[[int, int], None]  # (bytes read, total bytes)
LOG_KINDS = {".txt": "txt", ".jsonl": "jsonl"}
_PROGRESS_EVERY = 5000  # lines


class ReplayError(OSError):
    """The log cannot be read at all (missing, unknown kind)."""


@dataclass(frozen=True)
class LogProblem:
    file: str
    line: int
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass
class ReplayReport:
    kind: str  # txt | jsonl
    coverage: Coverage
    calls: int = 0
    utterances: int = 0
    unanswered: list[store.Group] = field(default_factory=list)
    grades: Counter = field(default_factory=Counter)
    end_reasons: Counter = field(default_factory=Counter)
    problems: list[LogProblem] = field(default_factory=list)
    ignored_turns: int = 0  # turns logged after the call had already ended
    seconds: float = 0.0
    occurrences: Counter = field(default_factory=Counter)  # (node, text) -> unanswered count
    said: Counter = field(default_factory=Counter)  # .txt: normalized text -> lines
    said_raw: Counter = field(default_factory=Counter)  # .txt: text as said -> lines

    def to_json(self) -> dict:
        return {
            "calls": self.calls,
            "utterances": self.utterances,
            "unanswered": [g.to_json() for g in self.unanswered],
            "grades": dict(sorted(self.grades.items())),
            "coverage": self.coverage.to_json(),
            "end_reasons": dict(sorted(self.end_reasons.items())),
            "skipped": [p.to_json() for p in self.problems],
            "seconds": round(self.seconds, 3),
        }


def log_kind(path: str) -> str:
    kind = LOG_KINDS.get(os.path.splitext(path)[1].lower())
    if kind is None:
        raise ReplayError(f"{path}: unknown kind of log; use .txt (one utterance a line) or "
                          ".jsonl (one call a line)")
    return kind


def replay_log(script: Script, path: str, engine: Optional[Engine] = None,
               progress: Optional[ProgressFn] = None, record: bool = True,
               cancel: Optional[Callable[[], bool]] = None) -> ReplayReport:
    """Replay a .txt or .jsonl log; with `record`, the unanswered utterances replace this log's
    earlier ones in the script's unanswered-question store."""
    kind = log_kind(path)
    engine = engine or Engine(script)
    started = time.perf_counter()
    report = ReplayReport(kind, Coverage(script))
    lines = _read_lines(path, report, progress, cancel)
    if kind == "txt":
        _replay_txt(engine, lines, report)
    else:
        _replay_jsonl(engine, lines, report, path)
    members = store.merge_occurrences((node, text, normalize(text), n)
                                      for (node, text), n in report.occurrences.items())
    report.unanswered = store.cluster(members)
    if kind == "txt":
        _count_lines_not_nodes(report)
    report.seconds = time.perf_counter() - started
    if record:
        store.record(script, _store_rows(report), "replay", os.path.abspath(path))
    return report


def _store_rows(report: ReplayReport) -> Iterator[tuple]:
    """(node, text, count, time) rows. A .txt line is one utterance however many nodes did not
    understand it: its count goes to the first such node, the others get 0 (listed, so the
    group still shows every node and is answered only when every node understands it)."""
    counted: set[str] = set()
    for (node, text), n in report.occurrences.items():
        if report.kind == "txt":
            n, first = (0, False) if text in counted else (report.said_raw[text], True)
            if first:
                counted.add(text)
        yield node, text, n, None


def _read_lines(path: str, report: ReplayReport, progress: Optional[ProgressFn],
                cancel: Optional[Callable[[], bool]]) -> Iterator[tuple[int, str]]:
    """(line number, text) of every non-blank line; undecodable lines are reported."""
    try:
        total = os.path.getsize(path)
        fh = open(path, "rb")
    except OSError as exc:
        raise ReplayError(f"{path}: cannot read the log: {exc.strerror or exc}") from None
    done = 0
    with fh:
        for number, raw in enumerate(fh, 1):
            done += len(raw)
            if progress is not None and number % _PROGRESS_EVERY == 0:
                progress(done, total)
            if cancel is not None and number % 1000 == 0 and cancel():
                break
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                report.problems.append(LogProblem(path, number, "not UTF-8 text"))
                continue
            if text.strip():
                yield number, text
    if progress is not None:
        progress(done, total)


# ---- .txt: every utterance at every listening node ---------------------------------------
def _replay_txt(engine: Engine, lines: Iterator[tuple[int, str]], report: ReplayReport) -> None:
    spellings: dict[str, Counter] = {}
    for _number, text in lines:
        report.utterances += 1
        spellings.setdefault(normalize(text), Counter())[text.strip()] += 1
    report.said.update({norm: sum(c.values()) for norm, c in spellings.items()})
    for said in spellings.values():
        report.said_raw.update(said)
    listening = [nid for nid, n in engine.script.nodes.items() if n.listens]
    for norm, said in spellings.items():
        times = sum(said.values())
        for node in listening:
            ev = engine.matcher.evaluate(norm, engine.candidates(node), normalized=True)
            decision = engine.decide(node, ev)
            if decision.kind == "no_match":
                for text, n in said.items():
                    report.occurrences[(node, text)] += n
            else:
                count_decision(report.coverage, node, decision, times)


def _count_lines_not_nodes(report: ReplayReport) -> None:
    """In a .txt replay a group's count is how often it was said, not lines x nodes."""
    for g in report.unanswered:
        for m in g.members:
            m.count = report.said[m.normalized]
        g.count = sum(m.count for m in g.members)
    report.unanswered.sort(key=lambda g: (-g.count, g.normalized))


def count_decision(cov: Coverage, node: str, d: Decision, times: int = 1) -> None:
    """Coverage of one matched utterance at a node without a call (as Coverage.add counts a
    turn); the nodes it leads to (following `next`) count as reached."""
    script = cov.script
    if d.intent is not None:
        cov.intents[d.intent] += times
        keywords = script.intents[d.intent].keywords
        if d.keyword in keywords:
            cov.keywords[(d.intent, keywords.index(d.keyword))] += times
    target = None
    if d.kind == "branch" and d.branch is not None:
        cov.branches[(node, d.branch)] += times
        target = script.nodes[node].branches[d.branch].goto
    elif d.kind == "faq" and d.faq is not None:
        cov.faq[d.faq] += times
        target = script.faq[d.faq].goto
    elif d.kind == "opt_out":
        entry = script.faq_for(d.intent)
        if entry is not None:
            cov.faq[script.faq.index(entry)] += times
    previous = node
    for _ in range(len(script.nodes)):
        if target is None or target not in script.nodes:
            break
        cov.nodes[target] += times
        cov.transitions[(previous, target)] += times
        previous, target = target, script.nodes[target].next


# ---- .jsonl: one call a line --------------------------------------------------------------
def parse_call(text: str) -> tuple[dict[str, str], list[str]]:
    """A log line -> (vars, turns); raises ValueError saying what is wrong with it."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError('a call is a JSON object like {"vars": {}, "turns": ["...", ""]}')
    turns = data.get("turns")
    if not isinstance(turns, list):
        raise ValueError('"turns" must be a list of utterances ("" for silence)')
    if not all(t is None or isinstance(t, str) for t in turns):
        raise ValueError('every turn must be a string ("" or null for silence)')
    variables = data.get("vars") or {}
    if not isinstance(variables, dict) or not all(
            isinstance(v, (str, int, float)) and not isinstance(v, bool)
            for v in variables.values()):
        raise ValueError('"vars" must be an object of names to text values')
    return {str(k): str(v) for k, v in variables.items()}, [t or "" for t in turns]


def _replay_jsonl(engine: Engine, lines: Iterator[tuple[int, str]], report: ReplayReport,
                  path: str) -> None:
    for number, text in lines:
        try:
            variables, turns = parse_call(text)
        except ValueError as exc:
            report.problems.append(LogProblem(path, number, str(exc)))
            continue
        call = engine.start(variables)
        for i, turn in enumerate(turns):
            if call.ended:
                report.ignored_turns += len(turns) - i
                break
            call.utter(turn)
            report.utterances += 1
        if not call.ended:
            call.hangup()
        r = call.result
        report.calls += 1
        report.coverage.add(r)
        report.grades[r.grade] += 1
        report.end_reasons[r.end_reason] += 1
        for u in r.unanswered:
            report.occurrences[(u.node, u.text)] += 1
