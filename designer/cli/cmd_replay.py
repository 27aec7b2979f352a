"""`callscript replay FILE LOG [--format json]`: replay a log of caller utterances."""
from __future__ import annotations

import os
import sys
from typing import Optional, TextIO

from designer.analysis.structure import check_structure
from designer.cli.common import (
    CliError, add_format_option, load_script_or_exit, print_json, print_problems,
)
from designer.simulation.replay import ReplayError, ReplayReport, replay_log
from designer.simulation.unanswered import StoreError

_PROGRESS_FROM = 1 << 20  # show progress for logs of a megabyte or more


def add_parser(sub) -> None:
    p = sub.add_parser(
        "replay", help="replay a log of caller utterances: coverage, grades, unanswered",
        description="Replay caller utterances against a script. LOG.txt: one utterance a line, "
        "tried at every listening node. LOG.jsonl: one call a line, "
        '{"vars": {}, "turns": ["..", ""]} ("" is silence). Prints coverage, grade counts and '
        "the unanswered utterances grouped with counts; they are also kept in the script's "
        "unanswered-question store (<script>.unanswered.sqlite). Malformed lines are reported "
        "and skipped.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("log", help="the log (.txt or .jsonl)")
    p.add_argument("--top", type=int, default=30, metavar="N",
                   help="how many unanswered groups to print (text output; default 30)")
    p.add_argument("--no-store", action="store_true",
                   help="do not record the unanswered utterances in the store")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    add_format_option(p)
    p.set_defaults(func=run)


class _Progress:
    """Progress on stderr: a rewritten line on a terminal, a line per 10% otherwise."""

    def __init__(self, label: str, out: TextIO):
        self.label, self.out = label, out
        self.tty = out.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        pct = int(100 * done / total) if total else 100
        if self.tty:
            self.out.write(f"\rreplay {self.label}: {pct:3d}%")
            if pct >= 100:
                self.out.write("\n")
            self.out.flush()
        elif pct // 10 > self.shown:
            self.shown = pct // 10
            print(f"replay {self.label}: {pct}%", file=self.out)


def run(args) -> int:
    script = load_script_or_exit(args.file, args.format)
    errors = [p for p in check_structure(script) if p.severity == "error"]
    if errors:
        print_problems(errors, args.format)
        return 1
    progress = None
    if not args.quiet and _size(args.log) >= _PROGRESS_FROM:
        progress = _Progress(args.log, sys.stderr)
    try:
        report = replay_log(script, args.log, progress=progress, record=not args.no_store)
    except ReplayError as exc:
        raise CliError(str(exc), 2) from None
    except StoreError as exc:
        raise CliError(f"could not record unanswered questions: {exc}", 2) from None
    for problem in report.problems:
        print(f"callscript: warning: {problem.format()} (line skipped)", file=sys.stderr)
    if args.format == "json":
        print_json(report.to_json())
    else:
        print_text(report, args.log, args.top)
    return 0


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def print_text(report: ReplayReport, log: str, top: int, out: Optional[TextIO] = None) -> None:
    out = out or sys.stdout
    what = (f"{report.calls:,} calls, " if report.kind == "jsonl" else "") + \
        f"{report.utterances:,} utterances"
    print(f"replayed {what} from {log} in {report.seconds:.2f} s", file=out)
    if report.kind == "jsonl":
        print("grades: " + (", ".join(f"{g} {n}" for g, n in sorted(report.grades.items()))
                            or "none"), file=out)
        print("end reasons: " + (", ".join(f"{k} {n}" for k, n in
                                           sorted(report.end_reasons.items())) or "none"),
              file=out)
        if report.ignored_turns:
            print(f"{report.ignored_turns} logged turns came after the call had ended "
                  "(ignored)", file=out)
    print(report.coverage.summary_line(), file=out)
    groups = report.unanswered
    total = sum(g.count for g in groups)
    print(f"unanswered: {total} in {len(groups)} group(s)", file=out)
    for g in groups[:max(top, 0)]:
        print(f"  {g.count:6d}  {g.text}  [{', '.join(g.nodes)}]", file=out)
        others = [m for m in g.members if m.normalized != g.normalized]
        if others:
            shown = ", ".join(f"{m.text} ({m.count})" for m in others[:5])
            more = f" +{len(others) - 5} more" if len(others) > 5 else ""
            print(f"          similar: {shown}{more}", file=out)
    if len(groups) > top:
        print(f"  ... {len(groups) - top} more group(s) (--top N or --format json)", file=out)
