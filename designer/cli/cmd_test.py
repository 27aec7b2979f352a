"""`callscript test FILE [CASES...] [--junit X] [--coverage] [--format json]`."""
from __future__ import annotations

import glob
import os
import sys
import xml.etree.ElementTree as ET

from designer.analysis.structure import check_structure
from designer.cli.common import (
    CliError, QuietExit, add_format_option, load_script_or_exit, print_json, print_problems,
)
from designer.engine import Engine
from designer.formats.atomic import atomic_write_text
from designer.formats.script_yaml import read_text_file
from designer.formats.yaml_tree import YamlSyntaxError, parse_yaml
from designer.model import ScriptFileError
from designer.simulation.cases import CaseFile, load_cases
from designer.simulation.coverage import Coverage
from designer.simulation.runner import CaseResult, run_case


def add_parser(sub) -> None:
    p = sub.add_parser("test", help="run test cases, print pass/fail and coverage",
                       description="Run test cases against a script. FILE is a script (its "
                       "cases are CASES, or the *cases*.yaml files beside it) or a case file "
                       "that names its script. Exit 0 when all pass, 1 on failures.")
    p.add_argument("file", help="a script, or a case file with `script:`")
    p.add_argument("cases", nargs="*", help="case files (.yaml)")
    p.add_argument("--junit", metavar="XML", help="also write a JUnit XML report")
    p.add_argument("--coverage", action="store_true",
                   help="print coverage of nodes, branches, intents, keywords and faq")
    add_format_option(p)
    p.set_defaults(func=run)


def _is_case_file(path: str) -> bool:
    try:
        data = parse_yaml(read_text_file(path)).data
    except (ScriptFileError, YamlSyntaxError):
        return False
    return isinstance(data, dict) and "cases" in data and "callscript" not in data


def _load_case_files(paths: list[str], fmt: str) -> list[CaseFile]:
    out = []
    for path in paths:
        try:
            out.append(load_cases(path))
        except ScriptFileError as exc:
            print_problems(exc.problems, fmt)
            raise QuietExit(2 if exc.unreadable else 1) from None
    return out


def resolve(args) -> tuple[str, list[str]]:
    """(script path, case file paths) from the command line."""
    case_paths = list(args.cases)
    if _is_case_file(args.file):
        first = _load_case_files([args.file], args.format)[0]
        if not first.script:
            raise CliError(f"{args.file}: this case file names no `script:`; run "
                           f"`callscript test SCRIPT {args.file}`", 2)
        return first.script, [args.file] + case_paths
    if not case_paths:
        here = os.path.dirname(os.path.abspath(args.file))
        case_paths = sorted(glob.glob(os.path.join(here, "*cases*.yaml")))
        if not case_paths:
            raise CliError(f"{args.file}: no case files given and none (*cases*.yaml) beside "
                           "it", 2)
    return args.file, case_paths


def run(args) -> int:
    script_path, case_paths = resolve(args)
    script = load_script_or_exit(script_path, args.format)
    errors = [p for p in check_structure(script) if p.severity == "error"]
    if errors:
        print_problems(errors, args.format)
        return 1
    engine = Engine(script)
    coverage = Coverage(script)
    results: list[CaseResult] = []
    for cf in _load_case_files(case_paths, args.format):
        for case in cf.cases:
            res = run_case(engine, case)
            coverage.add(res.result)
            results.append(res)
    _record_unanswered(script, results)
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    if args.junit:
        write_junit(args.junit, script.name or script_path, results)
    if args.format == "json":
        print_json({"passed": passed, "failed": failed,
                    "cases": [r.to_json() for r in results], "coverage": coverage.to_json()})
    else:
        print_text(results, coverage if args.coverage else None)
    return 1 if failed else 0


def print_text(results: list[CaseResult], coverage: Coverage | None) -> None:
    for r in results:
        print(f"{'PASS' if r.passed else 'FAIL'}  {r.case.name}")
        for f in r.failures:
            print(f"      {f}")
    passed = sum(r.passed for r in results)
    print(f"{passed} passed, {len(results) - passed} failed")
    if coverage is not None:
        print(coverage.summary_line())
        for kind, items in coverage.missing().items():
            if items:
                shown = ", ".join(coverage.describe(kind, x) for x in items[:20])
                more = f" (+{len(items) - 20} more)" if len(items) > 20 else ""
                print(f"  not covered {kind}: {shown}{more}")


def write_junit(path: str, suite_name: str, results: list[CaseResult]) -> None:
    failed = sum(not r.passed for r in results)
    suite = ET.Element("testsuite", name=suite_name, tests=str(len(results)),
                       failures=str(failed), errors="0")
    for r in results:
        tc = ET.SubElement(suite, "testcase", classname=suite_name, name=r.case.name)
        if not r.passed:
            f = ET.SubElement(tc, "failure", message=r.failures[0])
            f.text = "\n".join(r.failures)
    ET.indent(suite)
    try:
        atomic_write_text(path, ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n")
    except OSError as exc:
        raise CliError(f"{path}: cannot write the JUnit report: {exc.strerror or exc}", 2) from None


def _record_unanswered(script, results: list[CaseResult]) -> None:
    """Feed no-match utterances to the unanswered-question store, when it is available."""
    try:
        from designer.simulation.unanswered import record_results
    except ImportError:  # the store arrives with the QA tools; tests still run without it
        return
    try:
        record_results(script, [r.result for r in results if r.result], source="test")
    except OSError as exc:
        print(f"callscript: note: could not record unanswered questions: {exc}", file=sys.stderr)
