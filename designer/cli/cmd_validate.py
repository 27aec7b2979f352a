"""`callscript validate FILE`: load and check structure."""
from __future__ import annotations

import sys

from designer.analysis.structure import check_structure
from designer.cli.common import (
    add_format_option, add_lang_option, load_script_or_exit, print_problems, say,
)
from designer.model.messages import Msg


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="load a script and check its structure",
                       description="Load a script and check its structure. Problems are printed "
                       "as FILE:LINE:COL: error CODE message (--lang zh: the message in "
                       "Chinese). Exit 0 ok, 1 problems, 2 unreadable.")
    p.add_argument("file", help="the script (.yaml)")
    add_format_option(p)
    add_lang_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    lang = getattr(args, "lang", "en")
    script = load_script_or_exit(args.file, args.format, lang)
    problems = check_structure(script)
    print_problems(problems, args.format, lang=lang)
    errors = sum(p.severity == "error" for p in problems)
    if args.format == "text" and not problems:
        print(say(Msg("_cli.validate_ok", file=args.file, nodes=len(script.nodes),
                      intents=len(script.intents), faq=len(script.faq)), lang))
    elif args.format == "text" and errors:
        print(say(Msg("_cli.errors", count=errors), lang), file=sys.stderr)
    return 1 if errors else 0
