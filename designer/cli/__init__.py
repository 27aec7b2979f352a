"""The `callscript` command (also `python -m designer`).

Each sub-command lives in its own module `designer.cli.cmd_<name>` exposing
`add_parser(subparsers)` (registers its argparse sub-parser and sets `func`) and is listed in
COMMANDS. Errors reach the user as one clear line naming the file; never as a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

from designer import __version__
from designer.cli.common import CliError, configure_stdio

COMMANDS = ("validate", "lint", "chat", "test", "replay", "explore", "audio", "export", "run",
            "import")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callscript",
        description="Design, check, test and export voice-robot call scripts (话术).",
    )
    parser.add_argument("--version", action="version", version=f"callscript {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module_name = f"designer.cli.cmd_{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # command not built yet in this checkout
                continue
            raise
        module.add_parser(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    configure_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        if str(exc):
            print(f"callscript: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("callscript: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
