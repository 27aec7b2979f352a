"""The script file (YAML, `callscript: 1`): read with every problem located, write in a
stable key order so that load -> save -> load -> save gives identical bytes."""
from __future__ import annotations

import os
from typing import Any, Optional

from designer.formats.atomic import atomic_write_text
from designer.gcpause import collector_paused
from designer.formats.fields import Reader, read_yaml
from designer.formats.yaml_tree import Flow, FlowList, dump_yaml
from designer.model import (
    Branch, Business, CallingWindow, Condition, Consent, FaqEntry, Grading, GradingRule, Handler,
    Intent, Limits, Node, Problem, Script, ScriptFileError, SourceMap, Variable, Voice,
)
from designer.model.messages import Msg, Seq
from designer.model.types import END_KINDS, END_REASONS, FAQ_THEN, INTENT_KINDS, WEEKDAYS

FORMAT_VERSION = 1
TOP_KEYS = ("callscript", "name", "version", "language", "voice", "policies", "business",
            "calling_window", "limits", "variables", "intents", "flow", "faq", "grading")
NODE_KEYS = ("say", "audio", "branches", "next", "end", "transfer_to", "transfer_fallback",
             "transfer_fallback_audio", "no_match", "no_input", "position", "note")
CONDITION_KEYS = ("reached_any", "reached_all", "intents_any", "intents_all", "min_turns",
                  "max_refusals", "end_reason")
MAX_FILE_BYTES = 64 * 1024 * 1024


def read_text_file(path: str) -> str:
    """Read a UTF-8 text file or raise an unreadable ScriptFileError naming it."""
    def fail(msg: Msg) -> ScriptFileError:
        return ScriptFileError([Problem.of("error", msg, path)], unreadable=True)

    try:
        size = os.path.getsize(path)
        if os.path.isdir(path):
            raise fail(Msg("E-UNREADABLE.folder"))
        if size > MAX_FILE_BYTES:
            raise fail(Msg("E-UNREADABLE.size", mb=size // 1024 // 1024))
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        raise fail(Msg("E-UNREADABLE.missing")) from None
    except IsADirectoryError:
        raise fail(Msg("E-UNREADABLE.folder")) from None
    except OSError as exc:
        raise fail(Msg("E-UNREADABLE.os", detail=str(exc.strerror or exc))) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScriptFileError([Problem.of("error", Msg("E-ENCODING"), path, line)],
                              unreadable=True) from None


def load_script(path: str) -> Script:
    """Load a script file. Raises ScriptFileError listing every problem found."""
    script = parse_script(read_text_file(path), path)
    script.path = os.path.abspath(path)
    return script


def parse_script(text: str, file: str = "<script>") -> Script:
    """The script in text. The cyclic garbage collector waits meanwhile: reading makes a
    hundred thousand containers per 2,000 nodes (the data, the paths and places of the
    positions, the model), none of them cyclic garbage, and the full collections they trigger
    rescan the growing heap again and again. The one young collection that follows still
    scans them once: at 2,000 nodes that takes back most of the gain, at 10,000 a third."""
    with collector_paused():
        return _parse_script(text, file)


def _parse_script(text: str, file: str) -> Script:
    data, reader = read_yaml(text, file)
    if data is None:
        raise ScriptFileError([Problem.of("error", Msg("E-EMPTY"), file, 1)], unreadable=True)
    script = _build(data, reader)
    if reader.problems:
        raise ScriptFileError(reader.problems)
    script.source = SourceMap(file, reader.positions)
    return script


# ---- building the model ---------------------------------------------------------------------
def _build(data: Any, r: Reader) -> Script:
    top = r.mapping(data, (), TOP_KEYS, required=("callscript", "name", "flow"))
    if "callscript" in top and top.get("callscript") != FORMAT_VERSION:
        r.report(("callscript",), Msg("E-VERSION", found=top.get("callscript"),
                                      version=FORMAT_VERSION))
    s = Script()
    s.name = r.text(top.get("name"), ("name",), default="") or ""
    s.version = r.text(top.get("version"), ("version",), default="") or ""
    s.language = r.text(top.get("language"), ("language",), default="zh-CN") or "zh-CN"
    s.voice = _voice(top.get("voice"), r)
    s.policies = r.texts(top.get("policies"), ("policies",))
    s.business = _business(top.get("business"), r)
    if top.get("calling_window") is not None:
        s.calling_window = _window(top["calling_window"], r)
    s.limits = _limits(top.get("limits"), r)
    s.variables = {k: _variable(v, ("variables", k), r)
                   for k, v in r.mapping(top.get("variables"), ("variables",), open_keys=True).items()}
    for k in s.variables:
        r.ident(k, ("variables", k), "variable")
    s.intents = {}
    for k, v in r.mapping(top.get("intents"), ("intents",), open_keys=True).items():
        r.ident(k, ("intents", k), "intent")
        s.intents[k] = _intent(v, ("intents", k), r)
    flow = r.mapping(top.get("flow"), ("flow",), ("start", "nodes"), required=("start", "nodes"))
    s.start = r.text(flow.get("start"), ("flow", "start"), default="") or ""
    for k, v in r.mapping(flow.get("nodes"), ("flow", "nodes"), open_keys=True).items():
        r.ident(k, ("flow", "nodes", k), "node", node=k)
        s.nodes[k] = _node(v, ("flow", "nodes", k), k, r)
    s.faq = [_faq(v, ("faq", i), r) for i, v in enumerate(r.sequence(top.get("faq"), ("faq",)))]
    s.grading = _grading(top.get("grading"), r)
    return s


def _voice(value: Any, r: Reader) -> Voice:
    p = ("voice",)
    m = r.mapping(value, p, ("engine", "voice", "rate"))
    return Voice(engine=r.text(m.get("engine"), p + ("engine",), default="pyttsx3"),
                 voice=r.text(m.get("voice"), p + ("voice",), default=""),
                 rate=r.integer(m.get("rate"), p + ("rate",), default=170, minimum=20))


def _business(value: Any, r: Reader) -> Business:
    p = ("business",)
    m = r.mapping(value, p, ("legal_name", "callback_number", "purpose", "number_source",
                             "consent"))
    consent = None
    if m.get("consent") is not None:
        c = r.mapping(m["consent"], p + ("consent",), ("basis", "source"))
        consent = Consent(basis=r.text(c.get("basis"), p + ("consent", "basis"), default=""),
                          source=r.text(c.get("source"), p + ("consent", "source"), default=""))
    return Business(
        legal_name=r.text(m.get("legal_name"), p + ("legal_name",), default=""),
        callback_number=r.text(m.get("callback_number"), p + ("callback_number",), default=""),
        purpose=r.text(m.get("purpose"), p + ("purpose",), default=""),
        number_source=r.text(m.get("number_source"), p + ("number_source",), default=""),
        consent=consent,
    )


def _window(value: Any, r: Reader) -> CallingWindow:
    p = ("calling_window",)
    m = r.mapping(value, p, ("timezone", "days", "hours"))
    days = r.texts(m.get("days"), p + ("days",))
    for i, d in enumerate(days):
        if d not in WEEKDAYS:
            r.report(p + ("days", i), Msg("E-VALUE.day", day=d, days=Seq(WEEKDAYS)))
    hours = r.texts(m.get("hours"), p + ("hours",))
    from designer.model.calendar import parse_hours_range

    for i, h in enumerate(hours):
        if parse_hours_range(h) is None:
            r.report(p + ("hours", i), Msg("E-VALUE.hours", hours=h))
    return CallingWindow(timezone=r.text(m.get("timezone"), p + ("timezone",), default=""),
                         days=days, hours=hours)


def _limits(value: Any, r: Reader) -> Limits:
    p = ("limits",)
    m = r.mapping(value, p, ("max_turns", "max_refusals", "max_no_match", "max_no_input",
                             "on_limit"))
    d = Limits()
    return Limits(
        max_turns=r.integer(m.get("max_turns"), p + ("max_turns",), d.max_turns, minimum=1),
        max_refusals=r.integer(m.get("max_refusals"), p + ("max_refusals",), d.max_refusals),
        max_no_match=r.integer(m.get("max_no_match"), p + ("max_no_match",), d.max_no_match),
        max_no_input=r.integer(m.get("max_no_input"), p + ("max_no_input",), d.max_no_input),
        on_limit=r.text(m.get("on_limit"), p + ("on_limit",)),
    )


def _variable(value: Any, p: tuple, r: Reader) -> Variable:
    m = r.mapping(value, p, ("label", "example"))
    return Variable(label=r.text(m.get("label"), p + ("label",), default=""),
                    example=r.text(m.get("example"), p + ("example",), default=""))


def _intent(value: Any, p: tuple, r: Reader) -> Intent:
    m = r.mapping(value, p, ("label", "kind", "keywords", "exclude"))
    return Intent(label=r.text_of(m, "label", p, default=""),
                  kind=r.choice(m.get("kind"), p + ("kind",), INTENT_KINDS, "normal"),
                  keywords=r.texts(m.get("keywords"), p + ("keywords",)),
                  exclude=r.texts(m.get("exclude"), p + ("exclude",)))


def _handler(value: Any, p: tuple, node_id: str, r: Reader) -> Handler:
    m = r.mapping(value, p, ("reply", "audio", "then"), node=node_id)
    return Handler(reply=r.text_of(m, "reply", p, node_id),
                   audio=r.text_of(m, "audio", p, node_id),
                   then=r.text_of(m, "then", p, node_id))


def _node(value: Any, p: tuple, nid: str, r: Reader) -> Node:
    """The node at p. Its problems come in a fixed order: keys, branches, position, then the
    other fields in the order of NODE_KEYS."""
    m = r.mapping(value, p, NODE_KEYS, node=nid)
    branches = _branches(m.get("branches"), p + ("branches",), nid, r)
    position = m.get("position")
    if position is not None:
        position = _xy(position)
        if position is None:
            r.report(p + ("position",), Msg("E-TYPE.position"), nid)
    return Node(
        say=r.text_of(m, "say", p, nid, "") or "",
        audio=r.text_of(m, "audio", p, nid),
        branches=branches,
        next=r.text_of(m, "next", p, nid),
        end=r.choice(m.get("end"), p + ("end",), END_KINDS, None, nid),
        transfer_to=r.text_of(m, "transfer_to", p, nid),
        transfer_fallback=r.text_of(m, "transfer_fallback", p, nid),
        transfer_fallback_audio=r.text_of(m, "transfer_fallback_audio", p, nid),
        no_match=_handler(m["no_match"], p + ("no_match",), nid, r) if "no_match" in m else None,
        no_input=_handler(m["no_input"], p + ("no_input",), nid, r) if "no_input" in m else None,
        position=position,
        note=r.text_of(m, "note", p, nid, "") or "",
    )


def _xy(pos: Any) -> Optional[tuple[float, float]]:
    """[x, y] numbers (not true/false: bool cannot be subclassed) as floats, or None."""
    if isinstance(pos, list) and len(pos) == 2:
        x, y = pos
        if (isinstance(x, (int, float)) and isinstance(y, (int, float))
                and x.__class__ is not bool and y.__class__ is not bool):
            return (float(x), float(y))
    return None


def _branches(value: Any, p: tuple, nid: str, r: Reader) -> tuple[Branch, ...]:
    branches = []
    for i, b in enumerate(r.sequence(value, p, nid)):
        if (b.__class__ is dict and len(b) == 2 and b.get("intent").__class__ is str
                and b.get("goto").__class__ is str):
            branches.append(Branch(b["intent"], b["goto"]))  # the common {intent, goto}: all well
            continue
        bp = p + (i,)
        bm = r.mapping(b, bp, ("intent", "goto"), required=("intent", "goto"), node=nid)
        intent = r.text(bm.get("intent"), bp + ("intent",), nid)
        goto = r.text(bm.get("goto"), bp + ("goto",), nid)
        if intent is not None and goto is not None:
            branches.append(Branch(intent, goto))
    return tuple(branches)


def _faq(value: Any, p: tuple, r: Reader) -> FaqEntry:
    m = r.mapping(value, p, ("intent", "reply", "audio", "then", "goto"),
                  required=("intent", "reply"))
    if m.get("then") is not None and m.get("goto") is not None:
        r.report(p + ("goto",), Msg("E-FAQ-THEN-GOTO"))
    return FaqEntry(intent=r.text(m.get("intent"), p + ("intent",), default="") or "",
                    reply=r.text(m.get("reply"), p + ("reply",), default="") or "",
                    audio=r.text(m.get("audio"), p + ("audio",)),
                    then=r.choice(m.get("then"), p + ("then",), FAQ_THEN, "resume"),
                    goto=r.text(m.get("goto"), p + ("goto",)))


def _grading(value: Any, r: Reader) -> Grading:
    p = ("grading",)
    m = r.mapping(value, p, ("default", "rules"))
    rules = []
    for i, rv in enumerate(r.sequence(m.get("rules"), p + ("rules",))):
        rp = p + ("rules", i)
        rm = r.mapping(rv, rp, ("grade", "label", "when"), required=("grade",))
        w = r.mapping(rm.get("when"), rp + ("when",), CONDITION_KEYS)
        wp = rp + ("when",)
        reasons = r.texts(w.get("end_reason"), wp + ("end_reason",))
        for j, reason in enumerate(reasons):
            if reason not in END_REASONS:
                r.report(wp + ("end_reason",), Msg("E-VALUE.end_reason", reason=reason,
                                                   reasons=Seq(END_REASONS)))
        cond = Condition(
            reached_any=r.texts(w.get("reached_any"), wp + ("reached_any",)),
            reached_all=r.texts(w.get("reached_all"), wp + ("reached_all",)),
            intents_any=r.texts(w.get("intents_any"), wp + ("intents_any",)),
            intents_all=r.texts(w.get("intents_all"), wp + ("intents_all",)),
            min_turns=r.integer(w.get("min_turns"), wp + ("min_turns",)),
            max_refusals=r.integer(w.get("max_refusals"), wp + ("max_refusals",)),
            end_reason=reasons,
        )
        rules.append(GradingRule(grade=r.text(rm.get("grade"), rp + ("grade",), default="") or "",
                                 label=r.text(rm.get("label"), rp + ("label",), default="") or "",
                                 when=cond))
    return Grading(default=r.text(m.get("default"), p + ("default",), default="D") or "D",
                   rules=tuple(rules))


# ---- writing --------------------------------------------------------------------------------
def _num(v: float) -> Any:
    return int(v) if float(v).is_integer() else round(float(v), 1)


def _compact(pairs: list[tuple[str, Any]]) -> Flow:
    return Flow((k, v) for k, v in pairs if v not in (None, "", (), []))


def script_to_data(s: Script) -> dict:
    """The plain data written to the file, keys in their stable order, empty values left out."""
    out: dict[str, Any] = {"callscript": FORMAT_VERSION, "name": s.name}
    if s.version:
        out["version"] = s.version
    out["language"] = s.language
    out["voice"] = _compact([("engine", s.voice.engine), ("voice", s.voice.voice),
                             ("rate", s.voice.rate)])
    if s.policies:
        out["policies"] = FlowList(s.policies)
    b = s.business
    business: dict[str, Any] = {k: v for k, v in (
        ("legal_name", b.legal_name), ("callback_number", b.callback_number),
        ("purpose", b.purpose), ("number_source", b.number_source)) if v}
    if b.consent is not None:
        business["consent"] = _compact([("basis", b.consent.basis), ("source", b.consent.source)])
    if business:
        out["business"] = business
    if s.calling_window is not None:
        w = s.calling_window
        out["calling_window"] = _compact([("timezone", w.timezone), ("days", FlowList(w.days)),
                                          ("hours", FlowList(w.hours))])
    lim = s.limits
    out["limits"] = _compact([("max_turns", lim.max_turns), ("max_refusals", lim.max_refusals),
                              ("max_no_match", lim.max_no_match),
                              ("max_no_input", lim.max_no_input), ("on_limit", lim.on_limit)])
    if s.variables:
        out["variables"] = {k: _compact([("label", v.label), ("example", v.example)])
                            for k, v in s.variables.items()}
    if s.intents:
        out["intents"] = {k: _compact([
            ("label", it.label), ("kind", None if it.kind == "normal" else it.kind),
            ("keywords", FlowList(it.keywords)), ("exclude", FlowList(it.exclude))])
            for k, it in s.intents.items()}
    out["flow"] = {"start": s.start, "nodes": {k: _node_data(n) for k, n in s.nodes.items()}}
    if s.faq:
        out["faq"] = [_compact([("intent", e.intent), ("reply", e.reply), ("audio", e.audio),
                                ("then", None if e.goto or e.then == "resume" else e.then),
                                ("goto", e.goto)]) for e in s.faq]
    g = s.grading
    if g.rules or g.default != "D":
        grading: dict[str, Any] = {"default": g.default}
        if g.rules:
            grading["rules"] = [_compact([("grade", rule.grade), ("label", rule.label),
                                          ("when", _condition(rule.when))]) for rule in g.rules]
        out["grading"] = grading
    return out


def _condition(c: Condition) -> Flow:
    reasons: Any = c.end_reason[0] if len(c.end_reason) == 1 else FlowList(c.end_reason)
    return _compact([("reached_any", FlowList(c.reached_any)),
                     ("reached_all", FlowList(c.reached_all)),
                     ("intents_any", FlowList(c.intents_any)),
                     ("intents_all", FlowList(c.intents_all)),
                     ("min_turns", c.min_turns), ("max_refusals", c.max_refusals),
                     ("end_reason", reasons)])


def _handler_data(h: Optional[Handler]) -> Optional[Flow]:
    if h is None:
        return None
    return _compact([("reply", h.reply), ("audio", h.audio), ("then", h.then)])


def _node_data(n: Node) -> dict:
    d: dict[str, Any] = {"say": n.say}
    pairs = [
        ("audio", n.audio),
        ("branches", [Flow([("intent", b.intent), ("goto", b.goto)]) for b in n.branches]),
        ("next", n.next), ("end", n.end), ("transfer_to", n.transfer_to),
        ("transfer_fallback", n.transfer_fallback),
        ("transfer_fallback_audio", n.transfer_fallback_audio),
        ("position", FlowList([_num(n.position[0]), _num(n.position[1])]) if n.position else None),
        ("note", n.note),
    ]
    for k, v in pairs:
        if v not in (None, "", [], ()):
            d[k] = v
    for k in ("no_match", "no_input"):  # an empty handler `{}` is kept: it means "use defaults"
        h = getattr(n, k)
        if h is not None:
            d[k] = _handler_data(h)
    # keep the field order of NODE_KEYS whatever the insertion order above
    return {k: d[k] for k in NODE_KEYS if k in d}


def dump_script(script: Script) -> str:
    return dump_yaml(script_to_data(script))


def save_script(script: Script, path: Optional[str] = None) -> str:
    """Write the script atomically (temp file + rename): a crash never leaves half a file."""
    target = path or script.path
    if not target:
        raise ValueError("save_script needs a path for a script that was never saved")
    atomic_write_text(target, dump_script(script))
    script.path = os.path.abspath(target)
    return script.path
