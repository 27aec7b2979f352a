"""Test-case files (DESIGN.md 3): read with positions, write back (for "save call as case").

Turn steps: `user: TEXT` ("" is silence), `expect_node: NODE`, `expect_say: TEXT` (a substring
of what the robot said since the caller's last turn), `expect_intent: INTENT` (the intent chosen
for the caller's last turn), `hangup: true` (the caller hangs up). When the turns run out and
the call is still going, the caller hangs up, exactly as at the end of `callscript chat` input.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Optional

from designer.formats.atomic import atomic_write_text
from designer.formats.fields import Reader, read_yaml
from designer.formats.script_yaml import read_text_file
from designer.formats.yaml_tree import Flow, FlowList, dump_yaml
from designer.model import ScriptFileError

STEP_KEYS = ("user", "expect_node", "expect_say", "expect_intent", "hangup")
EXPECT_KEYS = ("grade", "end_reason", "reached", "not_reached", "flags", "unanswered")


@dataclass
class Step:
    kind: str  # one of STEP_KEYS
    value: Any
    line: Optional[int] = None


@dataclass
class Case:
    name: str
    vars: dict[str, str] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    expect: dict[str, Any] = field(default_factory=dict)
    line: Optional[int] = None


@dataclass
class CaseFile:
    path: str
    script: Optional[str]  # the script path, resolved relative to the case file
    cases: list[Case]


def load_cases(path: str) -> CaseFile:
    data, r = read_yaml(read_text_file(path), path)
    top = r.mapping(data, (), ("script", "cases"), required=("cases",))
    script = r.text(top.get("script"), ("script",))
    if script:
        script = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), script))
    cases = [_case(v, ("cases", i), r) for i, v in enumerate(r.sequence(top.get("cases"),
                                                                          ("cases",)))]
    if r.problems:
        raise ScriptFileError(r.problems)
    return CaseFile(os.path.abspath(path), script, cases)


def _case(value: Any, p: tuple, r: Reader) -> Case:
    m = r.mapping(value, p, ("name", "vars", "turns", "expect"), required=("name",))
    case = Case(name=r.text(m.get("name"), p + ("name",), default="") or "",
                line=r.pos(p)[0])
    for k, v in r.mapping(m.get("vars"), p + ("vars",), open_keys=True).items():
        case.vars[k] = r.text(v, p + ("vars", k), default="") or ""
    for i, step in enumerate(r.sequence(m.get("turns"), p + ("turns",))):
        sp = p + ("turns", i)
        sm = r.mapping(step, sp, STEP_KEYS)
        if len(sm) != 1:
            r.error(sp, "E-STEP", "each turn is one of: " + ", ".join(STEP_KEYS))
            continue
        kind, val = next(iter(sm.items()))
        if kind == "hangup":
            val = True
        elif kind == "user":
            val = r.text(val, sp + (kind,), default="") or ""
        else:
            val = r.text(val, sp + (kind,))
            if val is None:
                r.error(sp, "E-STEP", f"{kind} needs a value")
                continue
        case.steps.append(Step(kind, val, r.pos(sp)[0]))
    em = r.mapping(m.get("expect"), p + ("expect",), EXPECT_KEYS)
    for k, v in em.items():
        ep = p + ("expect", k)
        if k in ("reached", "not_reached", "flags"):
            case.expect[k] = list(r.texts(v, ep))
        elif k == "unanswered":
            n = r.integer(v, ep)
            if n is not None:
                case.expect[k] = n
        else:
            t = r.text(v, ep)
            if t is not None:
                case.expect[k] = t
    return case


def case_to_data(case: Case) -> dict:
    d: dict[str, Any] = {"name": case.name}
    if case.vars:
        d["vars"] = Flow(case.vars)
    d["turns"] = [Flow([(s.kind, s.value)]) for s in case.steps]
    if case.expect:
        d["expect"] = Flow((k, FlowList(v) if isinstance(v, list) else v)
                           for k, v in case.expect.items())
    return d


def dump_cases(cases: list[Case], script: Optional[str] = None) -> str:
    data: dict[str, Any] = {}
    if script:
        data["script"] = script
    data["cases"] = [case_to_data(c) for c in cases]
    return dump_yaml(data)


def append_case(path: str, case: Case, script_rel: Optional[str] = None) -> None:
    """Add a case to a case file (created when missing), atomically."""
    if os.path.exists(path):
        existing = load_cases(path)
        rel = None
        if existing.script:
            rel = os.path.relpath(existing.script, os.path.dirname(os.path.abspath(path)))
        text = dump_cases(existing.cases + [case], rel)
    else:
        text = dump_cases([case], script_rel)
    atomic_write_text(path, text)
