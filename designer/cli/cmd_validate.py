"""`callscript validate FILE`: load and check structure."""
from __future__ import annotations

import sys

from designer.analysis.structure import check_structure
from designer.cli.common import add_format_option, load_script_or_exit, print_problems


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="load a script and check its structure",
                       description="Load a script and check its structure. Problems are printed "
                       "as FILE:LINE:COL: error CODE message. Exit 0 ok, 1 problems, "
                       "2 unreadable.")
    p.add_argument("file", help="the script (.yaml)")
    add_format_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    script = load_script_or_exit(args.file, args.format)
    problems = check_structure(script)
    print_problems(problems, args.format)
    errors = sum(p.severity == "error" for p in problems)
    if args.format == "text" and not problems:
        print(f"{args.file}: ok ({len(script.nodes)} nodes, {len(script.intents)} intents, "
              f"{len(script.faq)} faq entries)")
    elif args.format == "text" and errors:
        print(f"{errors} error(s)", file=sys.stderr)
    return 1 if errors else 0
