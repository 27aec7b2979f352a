"""`callscript lint FILE [--policy cn,us,eu,uk]`: structure, graph, keyword and compliance
checks (and stale audio for a script with recordings)."""
from __future__ import annotations

import sys

from designer.cli.common import (
    CliError, add_format_option, add_lang_option, load_script_or_exit, print_problems, say,
)
from designer.model.messages import Msg


def add_parser(sub) -> None:
    from designer.analysis.policies import available_policies

    known = ", ".join(available_policies()) or "none installed"
    p = sub.add_parser(
        "lint", help="check structure, flow graph, keywords and compliance policies",
        description="Check a script: structure (as validate), the flow graph, keyword "
        "conflicts and compliance with the chosen policies (and those the script declares "
        "under `policies:`). Rules no chosen policy covers are checked as warnings. "
        "Problems print as FILE:LINE:COL: severity CODE message (--lang zh: the message in "
        "Chinese). Exit 0 when there is no error (warnings alone exit 0), 1 errors, "
        "2 unreadable file or unknown policy.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("--policy", action="append", default=[], metavar="IDS",
                   help=f"compliance policies, comma-separated (known: {known})")
    add_format_option(p)
    add_lang_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from designer.analysis.lint import PolicyError, applied_policies, lint_script
    from designer.analysis.policies import load_policy, normalize_policy_names

    lang = getattr(args, "lang", "en")
    names = normalize_policy_names(args.policy)
    try:
        for name in names:  # an unknown policy is a usage error, before reading the file
            load_policy(name)
    except PolicyError as exc:
        raise CliError(_policy_error(exc, lang), 2) from None
    script = load_script_or_exit(args.file, args.format, lang)
    try:
        problems = lint_script(script, names)
    except PolicyError as exc:
        raise CliError(_policy_error(exc, lang), 2) from None
    print_problems(problems, args.format, lang=lang)
    errors = sum(p.severity == "error" for p in problems)
    if args.format == "text":
        warnings = sum(p.severity == "warning" for p in problems)
        applied = ", ".join(applied_policies(script, names)) or Msg("_cli.baseline")
        print(say(Msg("_cli.lint_summary", file=args.file, errors=errors, warnings=warnings,
                      notes=len(problems) - errors - warnings, policies=applied), lang),
              file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0


def _policy_error(exc, lang: str) -> str:
    return exc.msg.render(lang) if getattr(exc, "msg", None) is not None else str(exc)
