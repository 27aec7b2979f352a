"""Talking to a script in a terminal: the loop shared by `callscript chat` and
`callscript run PACKAGE` (the same engine, the same output)."""
from __future__ import annotations

import sys
from typing import Iterable, Optional, TextIO

from designer.engine import Action, CallSession, Engine


def format_action(action: Action) -> Optional[str]:
    if action.kind == "say":
        return f"robot> {action.text}"
    if action.kind == "transfer":
        line = f"[transfer to {action.target}]"
        if action.text:
            line += f" (if no agent answers: {action.text})"
        return line
    if action.kind == "hangup":
        return "[robot hangs up]"
    return None


def print_actions(actions: Iterable[Action], out: TextIO) -> None:
    for action in actions:
        line = format_action(action)
        if line:
            print(line, file=out)


def summary_lines(call: CallSession) -> list[str]:
    r = call.result
    lines = [f"end: {r.end_reason or 'caller left (no more input)'}"]
    if r.transfer_to:
        lines.append(f"transfer to: {r.transfer_to}")
    if r.flags:
        lines.append(f"flags: {', '.join(r.flags)}")
    if r.grade is not None:
        lines.append(f"grade: {r.grade} ({r.grade_rule})")
    lines.append(f"path: {' -> '.join(r.path)}")
    if r.unanswered:
        lines.append("unanswered: " + "; ".join(u.text for u in r.unanswered))
    return lines


def chat_loop(engine: Engine, variables: dict[str, str], lines_in: Iterable[str],
              out: TextIO = sys.stdout, prompt: bool = False) -> CallSession:
    """Run one call: print the robot's actions, read one caller line at a time (an empty line
    is silence). When input ends before the call does, the caller has hung up."""
    call = engine.start(variables)
    print_actions(call.actions, out)
    it = iter(lines_in)
    while not call.ended:
        if prompt:
            out.write("you> ")
            out.flush()
        try:
            line = next(it)
        except StopIteration:
            call.hangup()
            break
        text = line.rstrip("\r\n")
        print_actions(call.utter(text), out)
    for line in summary_lines(call):
        print(f"-- {line}", file=out)
    return call


def parse_vars(pairs: Iterable[str]) -> dict[str, str]:
    """--var k=v options -> dict; raises ValueError naming a malformed one."""
    values = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise ValueError(f"--var {pair!r} must look like name=value")
        k, v = pair.split("=", 1)
        values[k.strip()] = v
    return values
