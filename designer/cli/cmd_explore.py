"""`callscript explore FILE [-o CASES] [--keywords] [--format json]`."""
from __future__ import annotations

import os
import sys

from designer.analysis.structure import check_structure
from designer.cli.common import (
    CliError, add_format_option, load_script_or_exit, print_json, print_problems,
)
from designer.formats.atomic import atomic_write_text
from designer.simulation.cases import dump_cases
from designer.simulation.explore import ExploreReport, explore


def add_parser(sub) -> None:
    p = sub.add_parser(
        "explore", help="generate conversations that reach every branch; report what cannot",
        description="Drive the engine with the intents' keywords to reach every node, branch "
        "and faq entry; write the conversations as test cases (-o) whose expectations are what "
        "the engine does, and say why anything cannot be reached.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("-o", "--output", metavar="CASES",
                   help="write the cases to this file (- for stdout); it names the script, so "
                   "`callscript test CASES` runs it")
    p.add_argument("--keywords", action="store_true",
                   help="also reach every keyword (one more case per keyword, and the reason "
                   "for each keyword that can never decide)")
    p.add_argument("--max-states", type=int, default=20000, metavar="N",
                   help="stop the search after N call states (default 20000)")
    add_format_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    script = load_script_or_exit(args.file, args.format)
    errors = [p for p in check_structure(script) if p.severity == "error"]
    if errors:
        print_problems(errors, args.format)
        return 1
    report = explore(script, keywords=args.keywords, max_states=args.max_states)
    if args.output:
        _write(report, args.file, args.output)
    for note in report.notes:
        print(f"callscript: note: {note}", file=sys.stderr)
    if args.output == "-":
        return 0
    if args.format == "json":
        print_json(report.to_json())
    else:
        print_text(report, args.output)
    return 0


def _write(report: ExploreReport, script_path: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(dump_cases(report.cases, os.path.abspath(script_path)))
        return
    folder = os.path.dirname(os.path.abspath(output))
    rel = os.path.relpath(os.path.abspath(script_path), folder).replace(os.sep, "/")
    try:
        atomic_write_text(output, dump_cases(report.cases, rel))
    except OSError as exc:
        raise CliError(f"{output}: cannot write the cases: {exc.strerror or exc}", 2) from None


def print_text(report: ExploreReport, output: str | None) -> None:
    n = len(report.cases)
    if output:
        print(f"{n} case(s) written to {output}")
    else:
        print(f"{n} case(s) generated (write them with -o CASES)")
    print(report.coverage.summary_line())
    if not report.unreachable:
        print("everything is reachable")
        return
    print(f"cannot be reached ({len(report.unreachable)}):")
    for item in report.unreachable:
        print(f"  {item.describe()}")
