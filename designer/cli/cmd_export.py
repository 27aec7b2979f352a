"""`callscript export FILE -o OUT.zip [--policy cn,us] [--target package,vxml]`: build the dialer
package (DESIGN.md 5, designer.formats.package).

Progress goes to stderr. A script with blocking problems (errors, failed checks of the chosen
policies plus the script's declared ones, audio that cannot be made) is refused: its problems
are printed, exit 1 and no file is written. Exit 2 for an unreadable script, an unknown policy
or target, or a package that cannot be written.
"""
from __future__ import annotations

import sys

from designer.cli.common import (
    CliError, QuietExit, add_format_option, load_script_or_exit, print_json, print_problems,
)


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export", help="build the dialer package (zip) of a script",
        description="Check the script under the chosen compliance policies (plus those it "
        "declares), synthesize missing audio, and write the dialer package: manifest.json, "
        "script.json and audio/<prompt id>.wav in telephone format (8000 Hz mono 16-bit), "
        "optionally vxml/. Nothing is written while the script has blocking problems.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.zip",
                   help="the package file to write")
    p.add_argument("--policy", action="append", default=[], metavar="NAMES",
                   help="compliance policies to apply, comma-separated (cn, us, eu, uk); "
                   "repeatable")
    p.add_argument("--target", action="append", default=[], metavar="TARGETS",
                   help="what to put in the package, comma-separated: package (always), vxml "
                   "(a VoiceXML 2.1 rendition in vxml/)")
    add_format_option(p)
    p.set_defaults(func=run)


def _split(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _progress(stage: str, done: int, total: int, item) -> None:
    if stage == "check" and done == 0:
        print("export: checking the script", file=sys.stderr)
    elif stage == "audio":
        print(f"export: audio {done}/{total} {item or ''}".rstrip(), file=sys.stderr)
    elif stage == "write" and done == 0:
        print(f"export: writing {item}", file=sys.stderr)


def run(args) -> int:
    from designer.formats.package import ExportError, export_package

    script = load_script_or_exit(args.file, args.format)
    targets = ["package"] + [t for t in _split(args.target) if t != "package"]
    try:
        report = export_package(script, args.output, policies=_split(args.policy),
                                targets=targets, progress=_progress)
    except ExportError as exc:
        raise CliError(str(exc), 2) from None
    except ValueError as exc:  # unknown target or policy
        raise CliError(str(exc), 2) from None
    if args.format == "json":
        print_json(report.to_json())
    if not report.ok:
        if args.format == "text":
            print_problems(report.blocking)
        policies = ", ".join(report.policies) or "none"
        why = "cancelled" if report.cancelled else (
            f"{len(report.blocking)} blocking problem(s) (policies: {policies})")
        print(f"callscript: {args.file}: export refused: {why}; no package written",
              file=sys.stderr)
        raise QuietExit(1)
    if args.format == "text":
        audio = sum(1 for f in report.files if f["path"].startswith("audio/"))
        print(f"{report.path}: {len(report.files) + 1} files ({audio} audio), "
              f"{report.bytes // 1024} KB; policies: {', '.join(report.policies) or 'none'}")
        warnings = [p for p in report.problems if p.severity == "warning"]
        if warnings:
            print(f"{len(warnings)} warning(s) (callscript lint shows them)", file=sys.stderr)
    return 0
