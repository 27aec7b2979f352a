"""Helpers shared by the sub-commands: loading with clear errors, printing problems and JSON."""
from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any, Iterable

from designer.model import Problem, Script, ScriptFileError
from designer.model.messages import Msg, normalize_lang


class CliError(Exception):
    """A failure to report as one line (`callscript: message`) with an exit code."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def configure_stdio() -> None:
    """UTF-8 in and out whatever the locale, so Chinese never turns into an encoding error."""
    for name in ("stdout", "stderr", "stdin"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower() not in ("utf-8", "utf8"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def load_script_or_exit(path: str, fmt: str = "text", lang: str = "en") -> Script:
    """Load a script; on failure print its problems (text or JSON) and raise a quiet exit."""
    from designer.formats.script_yaml import load_script

    try:
        return load_script(path)
    except ScriptFileError as exc:
        print_problems(exc.problems, fmt, lang=lang)
        raise QuietExit(2 if exc.unreadable else 1) from None


class QuietExit(CliError):
    """Exit with a code after the output was already printed."""

    def __init__(self, exit_code: int):
        super().__init__("", exit_code)


def print_problems(problems: Iterable[Problem], fmt: str = "text", out=None,
                   lang: str = "en") -> None:
    """Problems as FILE:LINE:COL: severity CODE message lines, or the JSON report. With lang
    zh_CN the text lines carry the Chinese message; JSON keeps `message` in English and adds
    `message_zh` (docs/FORMAT.md)."""
    out = out or sys.stdout
    problems = list(problems)
    if fmt == "json":
        print_json({"problems": [p.to_json(lang) for p in problems],
                    "errors": sum(p.severity == "error" for p in problems),
                    "warnings": sum(p.severity == "warning" for p in problems)}, out)
        return
    for p in problems:
        print(p.format(lang), file=out)


def print_json(data: Any, out=None) -> None:
    out = out or sys.stdout
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def add_format_option(parser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default) or json for machine-readable output")


def _language(value: str) -> str:
    try:
        return normalize_lang(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_lang_option(parser) -> None:
    """--lang en|zh: the language of problem messages (and of the summary line)."""
    parser.add_argument("--lang", type=_language, default="en", metavar="LANG",
                        help="language of the problem messages: en (default) or zh "
                        "(zh_CN, zh-CN: Simplified Chinese). With --format json, `message` "
                        "stays English and `message_zh` is added")


def say(msg: Msg, lang: str = "en") -> str:
    """A message of designer/model/messages (the command line's own lines) in a language."""
    return msg.render(lang)
