"""`callscript chat FILE [--var k=v]`: talk to the script in the terminal."""
from __future__ import annotations

import sys

from designer.analysis.structure import check_structure
from designer.cli.common import CliError, load_script_or_exit, print_problems
from designer.engine import Engine
from designer.simulation.chat import chat_loop, parse_vars


def add_parser(sub) -> None:
    p = sub.add_parser("chat", help="talk to a script in the terminal (empty line = silence)",
                       description="Talk to a script. Type what the caller says; an empty line "
                       "is silence; end of input (Ctrl+D) is the caller hanging up. Reads "
                       "standard input when it is not a terminal, so it can be piped.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                   help="a variable's value for this call (default: its example)")
    p.set_defaults(func=run)


def run(args) -> int:
    script = load_script_or_exit(args.file)
    errors = [p for p in check_structure(script) if p.severity == "error"]
    if errors:
        print_problems(errors, out=sys.stderr)
        raise CliError(f"{args.file} has {len(errors)} error(s); fix them before chatting", 1)
    try:
        variables = parse_vars(args.var)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    unknown = sorted(set(variables) - set(script.variables))
    if unknown:
        print(f"callscript: note: {', '.join(unknown)} not declared under variables",
              file=sys.stderr)
    interactive = sys.stdin.isatty()
    if interactive:
        print("(empty line = silence, Ctrl+D = hang up)", file=sys.stderr)
    chat_loop(Engine(script), variables, sys.stdin, sys.stdout, prompt=interactive)
    return 0
