"""`callscript lint FILE [--policy cn,us,eu,uk]`: structure, graph, keyword and compliance
checks (and stale audio for a script with recordings)."""
from __future__ import annotations

import sys

from designer.cli.common import CliError, add_format_option, load_script_or_exit, print_problems


def add_parser(sub) -> None:
    from designer.analysis.policies import available_policies

    known = ", ".join(available_policies()) or "none installed"
    p = sub.add_parser(
        "lint", help="check structure, flow graph, keywords and compliance policies",
        description="Check a script: structure (as validate), the flow graph, keyword "
        "conflicts and compliance with the chosen policies (and those the script declares "
        "under `policies:`). Rules no chosen policy covers are checked as warnings. "
        "Problems print as FILE:LINE:COL: severity CODE message. Exit 0 when there is no "
        "error (warnings alone exit 0), 1 errors, 2 unreadable file or unknown policy.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("--policy", action="append", default=[], metavar="IDS",
                   help=f"compliance policies, comma-separated (known: {known})")
    add_format_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from designer.analysis.lint import PolicyError, applied_policies, lint_script
    from designer.analysis.policies import load_policy, normalize_policy_names

    names = normalize_policy_names(args.policy)
    try:
        for name in names:  # an unknown policy is a usage error, before reading the file
            load_policy(name)
    except PolicyError as exc:
        raise CliError(str(exc), 2) from None
    script = load_script_or_exit(args.file, args.format)
    try:
        problems = lint_script(script, names)
    except PolicyError as exc:
        raise CliError(str(exc), 2) from None
    print_problems(problems, args.format)
    errors = sum(p.severity == "error" for p in problems)
    if args.format == "text":
        warnings = sum(p.severity == "warning" for p in problems)
        applied = ", ".join(applied_policies(script, names)) or "none (baseline as warnings)"
        print(f"{args.file}: {errors} error(s), {warnings} warning(s), "
              f"{len(problems) - errors - warnings} note(s); policies: {applied}",
              file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
