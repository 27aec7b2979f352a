"""`callscript run PACKAGE [--jsonl] [--var k=v]`: run an exported package with the same engine
as `chat`, so a dialer integration can be tried without the designer.

Without --jsonl it is `chat` over the package's script: the same transcript, line for line.
With --jsonl it speaks the JSON-lines protocol of docs/DIALER.md: one event a line in, the
robot's actions a line out, a `result` line at the end. A refused package exits 2 with one line
naming the entry.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Iterable, Optional, TextIO

from designer.cli.common import CliError
from designer.engine import Action, CallSession, Engine

EVENTS = ("utterance", "silence", "hangup")


def add_parser(sub) -> None:
    p = sub.add_parser(
        "run", help="run an exported package in the terminal (or as a JSON-lines dialer)",
        description="Run a dialer package with the same engine as `chat`: type what the caller "
        "says, an empty line is silence, end of input is the caller hanging up. --jsonl reads "
        "one JSON event a line ({\"event\": \"utterance\", \"text\": ...}, {\"event\": "
        "\"silence\"}, {\"event\": \"hangup\"}) and writes one JSON action a line (play, "
        "transfer, hangup, error, and result at the end); see docs/DIALER.md. Exit 2 when the "
        "package is refused.")
    p.add_argument("package", help="the package (.zip) written by `callscript export`")
    p.add_argument("--jsonl", action="store_true",
                   help="speak JSON lines on stdin/stdout (for dialer integrations)")
    p.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                   help="a variable's value for this call (default: its example)")
    p.set_defaults(func=run)


def run(args) -> int:
    from designer.formats.package_reader import PackageError, read_package
    from designer.simulation.chat import chat_loop, parse_vars

    try:
        variables = parse_vars(args.var)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    try:
        package = read_package(args.package)
    except PackageError as exc:
        raise CliError(str(exc), 2) from None
    for warning in package.warnings:
        print(f"callscript: {args.package}: note: {warning}", file=sys.stderr)
    unknown = sorted(set(variables) - set(package.script.variables))
    if unknown:
        print(f"callscript: note: {', '.join(unknown)} not declared under variables",
              file=sys.stderr)
    engine = Engine(package.script)
    if args.jsonl:
        jsonl_loop(package, engine, variables, sys.stdin, sys.stdout)
        return 0
    interactive = sys.stdin.isatty()
    if interactive:
        m = package.manifest["script"]
        print(f"({m['name']} {m['version']}".rstrip() + "; empty line = silence, Ctrl+D = "
              "hang up)", file=sys.stderr)
    chat_loop(engine, variables, sys.stdin, sys.stdout, prompt=interactive)
    return 0


# ---- the JSON-lines protocol (docs/DIALER.md) --------------------------------------------------
def action_message(package, action: Action) -> Optional[dict]:
    """One robot action as the protocol's JSON object."""
    if action.kind == "say":
        prompt = package.prompts.get(action.prompt_id or "", {})
        return {"action": "play", "audio": package.audio_for(action.prompt_id),
                "text": action.text, "prompt": action.prompt_id, "node": action.node,
                "runtime_tts": bool(prompt.get("variables"))}
    if action.kind == "hangup":
        return {"action": "hangup"}
    if action.kind == "transfer":
        fallback = None
        if action.text:
            pid = f"{action.node}.transfer_fallback"
            fallback = {"text": action.text, "audio": package.audio_for(pid), "prompt": pid}
        return {"action": "transfer", "target": action.target, "fallback": fallback,
                "node": action.node}
    return None


def parse_event(line: str) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(event, text, error): a protocol input line; error says what is wrong with it."""
    try:
        data: Any = json.loads(line)
    except ValueError as exc:
        return None, None, f"not JSON ({exc})"
    if not isinstance(data, dict):
        return None, None, "an event is a JSON object like {\"event\": \"silence\"}"
    event = data.get("event")
    if event not in EVENTS:
        return None, None, (f"unknown event {event!r}; events: {', '.join(EVENTS)}"
                            if event is not None else "the object has no \"event\" key")
    text = data.get("text")
    if event == "utterance" and not isinstance(text, str):
        return None, None, "an utterance needs \"text\" (a string; \"\" is silence)"
    return event, text, None


def jsonl_loop(package, engine: Engine, variables: dict[str, str], lines_in: Iterable[str],
               out: TextIO) -> CallSession:
    """Run one call over the protocol. Stops reading when the call ends; end of input before
    that is the caller hanging up. A malformed line gets an error line and the call goes on."""
    def emit(message: dict) -> None:
        out.write(json.dumps(message, ensure_ascii=False) + "\n")
        out.flush()

    def emit_actions(actions: list[Action]) -> None:
        for action in actions:
            message = action_message(package, action)
            if message is not None:
                emit(message)

    call = engine.start(variables)
    emit_actions(call.actions)
    for number, line in enumerate(lines_in if not call.ended else (), start=1):
        if not line.strip():
            continue
        event, text, error = parse_event(line)
        if error is not None:
            emit({"action": "error", "line": number, "message": f"line {number}: {error}"})
            continue
        if event == "hangup":
            call.hangup()
        elif event == "silence":
            emit_actions(call.silence())
        else:
            emit_actions(call.utter(text or ""))
        if call.ended:  # do not wait for another line: the dialer waits for the result
            break
    if not call.ended:
        call.hangup()
    emit({"action": "result", **call.result.to_json()})
    return call
