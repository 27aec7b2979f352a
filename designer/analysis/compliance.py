"""Compliance checks: interpret the rules of the chosen policies (resources/policies/*.yaml).

Every rule type of policies.py has one check here. A chosen policy's failures carry its rule's
severity (error by default) and cite the rule and its source; rule types no chosen policy
covers are checked with the baseline policy, as warnings, so the writer still learns them.
The same finding under several policies is reported once, citing each of them.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

from designer.analysis.graph import prompt_path
from designer.analysis.policies import (
    BASELINE, Policy, PolicyError, Rule, basis_key, load_policy, normalize_policy_names,
)
from designer.engine.matcher import KeywordError, Matcher, parse_keyword
from designer.engine.normalize import normalize
from designer.model import Problem, Script, iter_prompts
from designer.model.calendar import parse_hours_range
from designer.model.messages import Msg, Seq, quoted
from designer.model.prompts import VARIABLE_RE, Prompt

_QUESTION = re.compile(r"[?？﹖]")  # ASCII, full-width and small question marks
_LATIN = "0-9a-z\u00c0-\u024f"  # the engine's word characters for English-style matching
_PHONE_DIGITS = str.maketrans("零〇一二三四五六七八九幺", "001234567891")
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One failed check, before the policy's citation and severity are added."""

    msg: Msg
    path: tuple = ()
    node: Optional[str] = None

    @property
    def code(self) -> str:
        return self.msg.code

    @property
    def text(self) -> str:
        """The message in English."""
        return self.msg.render("en")


# ---- matching words in what the robot says ------------------------------------------------
class PhraseSet:
    """Words or phrases, matched like keywords: after the engine's normalization, English words
    only as whole words ("AI" is not in "said")."""

    def __init__(self, words: Iterable[str]):
        norms = sorted({n for n in (normalize(w) for w in words) if n}, key=len, reverse=True)
        parts = []
        for n in norms:
            left = f"(?<![{_LATIN}])" if re.match(f"[{_LATIN}]", n) else ""
            right = f"(?![{_LATIN}])" if re.match(f"[{_LATIN}]", n[-1]) else ""
            parts.append(left + re.escape(n) + right)
        self._rx = re.compile("|".join(parts)) if parts else None

    def search(self, text: str) -> Optional[str]:
        """The first phrase found in text (normalized form), or None."""
        if self._rx is None or not text:
            return None
        m = self._rx.search(normalize(text))
        return m.group(0) if m else None


@functools.lru_cache(maxsize=256)
def phrase_set(words: tuple[str, ...]) -> PhraseSet:
    return PhraseSet(words)


def spoken(text: str) -> str:
    """Text as checked: {variables} removed (their value is not known when checking)."""
    return VARIABLE_RE.sub(" ", text or "")


def phone_digits(text: str) -> str:
    """The digits of a text, Chinese digit characters included ("四零零" -> "400")."""
    t = unicodedata.normalize("NFKC", text or "").translate(_PHONE_DIGITS)
    return "".join(ch for ch in t if "0" <= ch <= "9")


def _excerpt(text: str, limit: int = 40) -> str:
    """The text on one line, cut to `limit` characters (messages quote it)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.lru_cache(maxsize=1)
def _known_timezones() -> frozenset[str]:
    try:
        import zoneinfo

        return frozenset(zoneinfo.available_timezones())
    except Exception:  # no time-zone database here: the name cannot be checked
        return frozenset()


# ---- what the checks look at, computed once per script ----------------------------------
class _Context:
    def __init__(self, script: Script):
        self.script = script
        self.opening_nodes = self._opening_nodes()
        self.opening = " ".join(spoken(script.nodes[n].say) for n in self.opening_nodes)
        m = _QUESTION.search(self.opening)
        self.before_question = self.opening[: m.start()] if m else self.opening
        self.prompts: list[tuple[Prompt, tuple]] = [(p, prompt_path(script, p))
                                                    for p in iter_prompts(script, False)]

    def words(self, rule: Rule, key: str) -> tuple[str, ...]:
        """A rule's word list for the script's language; the baseline's when the rule has
        none for it; every list of the rule when neither has one."""
        lang = self.script.language
        found = rule.words(key, lang)
        if found is None:
            base = load_policy(BASELINE).rule(rule.type)
            found = base.words(key, lang) if base is not None else None
        if found is None:
            found = tuple(w for ws in (rule.get(key) or {}).values() for w in ws)
        return found

    def _opening_nodes(self) -> list[str]:
        """The start node and its `next` chain up to the first node that listens or ends."""
        s, out, nid = self.script, [], self.script.start
        while nid in s.nodes and nid not in out:
            out.append(nid)
            if s.nodes[nid].next is None:
                break
            nid = s.nodes[nid].next
        return out

    @property
    def start_path(self) -> tuple:
        return ("flow", "nodes", self.script.start, "say")

    @property
    def where_opening(self) -> Msg:
        return Msg("_opening", nodes=" -> ".join(self.opening_nodes))


def _usable_keywords(script: Script, intent_id: str) -> int:
    n = 0
    for k, kw in enumerate(script.intents[intent_id].keywords):
        try:
            n += parse_keyword(intent_id, k, kw) is not None
        except KeywordError:
            pass
    return n


# ---- the checks, one per rule type ---------------------------------------------------------
def _ai_disclosure(ctx: _Context, rule: Rule) -> list[Finding]:
    if not ctx.opening_nodes:
        return []
    listed = ctx.words(rule, "words")
    words = phrase_set(listed)
    region = ctx.before_question if rule.get("before_question", True) else ctx.opening
    if words.search(region):
        return []
    example = Seq(listed[:3])
    late = bool(words.search(ctx.opening))
    msg = Msg("C-AI-DISCLOSURE.late" if late else "C-AI-DISCLOSURE",
              opening=ctx.where_opening, examples=example)
    return [Finding(msg, ctx.start_path, ctx.script.start)]


def _identification(ctx: _Context, rule: Rule) -> list[Finding]:
    name = (ctx.script.business.legal_name or "").strip()
    if not name:
        return [Finding(Msg("C-IDENTIFY.undeclared"), ("business", "legal_name"))]
    if not ctx.opening_nodes:
        return []
    norm = normalize(name)
    region = ctx.before_question if rule.get("before_question", True) else ctx.opening
    if norm in normalize(region):
        return []
    late = norm in normalize(ctx.opening)
    msg = Msg("C-IDENTIFY.late" if late else "C-IDENTIFY", opening=ctx.where_opening, name=name)
    return [Finding(msg, ctx.start_path, ctx.script.start)]


def _opt_out(ctx: _Context, rule: Rule) -> list[Finding]:
    s = ctx.script
    ids = [i for i in s.intents_of_kind("opt_out") if _usable_keywords(s, i)]
    if not ids:
        where = ("intents", s.intents_of_kind("opt_out")[0]) if s.intents_of_kind("opt_out") \
            else ("intents",)
        return [Finding(Msg("C-OPT-OUT-INTENT"), where)]
    out = [f for iid in ids for f in _opt_out_reply(ctx, rule, iid)]
    heard = Matcher({i: s.intents[i] for i in ids}).evaluate(ctx.opening, set(ids)).hits
    if ctx.opening_nodes and not heard and not phrase_set(
            ctx.words(rule, "notice_phrases")).search(ctx.opening):
        kws = s.intents[ids[0]].keywords[:2]
        out.append(Finding(Msg("C-OPT-OUT-NOTICE", opening=ctx.where_opening,
                               keywords=quoted(kws), intent=ids[0]), ctx.start_path, s.start))
    return out


def _opt_out_reply(ctx: _Context, rule: Rule, intent_id: str) -> list[Finding]:
    s = ctx.script
    for i, entry in enumerate(s.faq):
        if entry.intent != intent_id:
            continue
        path, out = ("faq", i, "reply"), []
        if rule.get("reply_no_question", False) and _QUESTION.search(entry.reply):
            out.append(Finding(Msg("C-OPT-OUT-REPLY.question", intent=intent_id,
                                   reply=_excerpt(entry.reply)), path))
        confirms = ctx.words(rule, "reply_confirms")
        if confirms and not phrase_set(confirms).search(entry.reply):
            out.append(Finding(Msg("C-OPT-OUT-REPLY", intent=intent_id,
                                   reply=_excerpt(entry.reply), example=confirms[0]), path))
        return out
    return []  # the built-in opt-out line confirms


def _robot_question(ctx: _Context, rule: Rule) -> list[Finding]:
    s = ctx.script
    ids = s.intents_of_kind("robot_question")
    if not ids:
        return [Finding(Msg("C-ROBOT-ANSWER.no_intent"), ("intents",))]
    truthful_words = ctx.words(rule, "truthful_words")
    truthful = phrase_set(truthful_words)
    out = []
    for iid in ids:
        answers = [(e.reply, ("faq", i, "reply"), None) for i, e in enumerate(s.faq)
                   if e.intent == iid][:1]
        for nid, node in s.nodes.items():
            for b, br in enumerate(node.branches):
                if br.intent == iid and br.goto in s.nodes:
                    answers.append((s.nodes[br.goto].say,
                                    ("flow", "nodes", br.goto, "say"), br.goto))
        if not answers:
            out.append(Finding(Msg("C-ROBOT-ANSWER.no_answer", intent=iid), ("intents", iid)))
        for text, path, node in answers:
            if not truthful.search(spoken(text)):
                out.append(Finding(Msg("C-ROBOT-ANSWER", answer=_excerpt(text),
                                       examples=Seq(truthful_words[:3])), path, node))
    return out


def _impersonation(ctx: _Context, rule: Rule) -> list[Finding]:
    phrases = phrase_set(ctx.words(rule, "phrases"))
    out = []
    for prompt, path in ctx.prompts:
        hit = phrases.search(spoken(prompt.text))
        if hit:
            out.append(Finding(Msg("C-IMPERSONATION", prompt=prompt.id, hit=hit,
                                   text=_excerpt(prompt.text)), path, prompt.node))
    return out


def _refusals(ctx: _Context, rule: Rule) -> list[Finding]:
    s, out = ctx.script, []
    if rule.get("require_intent", False) and not s.intents_of_kind("refusal"):
        out.append(Finding(Msg("C-REFUSAL-INTENT"), ("intents",)))
    cap = rule.get("max")
    if cap is not None and s.limits.max_refusals > cap:
        out.append(Finding(Msg("C-MAX-REFUSALS", value=s.limits.max_refusals, cap=cap),
                           ("limits", "max_refusals")))
    return out


def _calling_hours(ctx: _Context, rule: Rule) -> list[Finding]:
    w = ctx.script.calling_window
    if w is None:
        return [Finding(Msg("C-CALLING-WINDOW"), ())]
    out, p = [], ("calling_window",)
    if not w.timezone.strip():
        if rule.get("require_timezone", True):
            out.append(Finding(Msg("C-CALLING-WINDOW.no_timezone"), p))
    elif _known_timezones() and w.timezone not in _known_timezones():
        out.append(Finding(Msg("C-CALLING-WINDOW.bad_timezone", timezone=w.timezone),
                           p + ("timezone",)))
    if not w.hours:
        out.append(Finding(Msg("C-CALLING-WINDOW.no_hours"), p))
    for i, text in enumerate(w.hours):
        why = _hours_problem(text, rule)
        if why:
            out.append(Finding(Msg("C-CALLING-WINDOW.hours", hours=text,
                                   why=Seq(why, "_join.also")), p + ("hours", i)))
    bad_days = [d for d in w.days if d in rule.get("forbidden_days", ())]
    if bad_days:
        out.append(Finding(Msg("C-CALLING-WINDOW.days", days=Seq(bad_days)), p + ("days",)))
    return out


def _hours_problem(text: str, rule: Rule) -> list[Msg]:
    """What is wrong with one range of calling hours under the rule (empty: nothing)."""
    span = parse_hours_range(text)
    if span is None:
        return []  # structure reports the malformed range
    start, end = span
    why = []
    if rule.get("earliest") is not None and start < rule.get("earliest"):
        why.append(Msg("_hours.early", time=_hhmm(rule.get("earliest"))))
    if rule.get("latest") is not None and end > rule.get("latest"):
        why.append(Msg("_hours.late", time=_hhmm(rule.get("latest"))))
    for label, (f_start, f_end) in rule.get("forbidden", ()):
        if start < f_end and end > f_start:
            why.append(Msg("_hours.forbidden", label=label))
    return why


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _callback_number(ctx: _Context, rule: Rule) -> list[Finding]:
    number = (ctx.script.business.callback_number or "").strip()
    digits = phone_digits(number)
    if not digits:
        return [Finding(Msg("C-CALLBACK-NUMBER.undeclared"), ("business", "callback_number"))]
    if any(digits in phone_digits(spoken(p.text)) for p, _ in ctx.prompts):
        return []
    return [Finding(Msg("C-CALLBACK-NUMBER", number=number), ("business", "callback_number"))]


def _consent(ctx: _Context, rule: Rule) -> list[Finding]:
    c = ctx.script.business.consent
    p = ("business", "consent")
    if c is None:
        return [Finding(Msg("C-CONSENT"), p)]
    out = []
    if not c.basis.strip():
        out.append(Finding(Msg("C-CONSENT.no_basis"), p + ("basis",)))
    elif basis_key(c.basis) in rule.get("rejected_bases", {}):
        out.append(Finding(Msg("C-CONSENT.rejected", basis=c.basis,
                               reason=rule.get("rejected_bases")[basis_key(c.basis)]),
                           p + ("basis",)))
    if rule.get("require_source", True) and not c.source.strip():
        out.append(Finding(Msg("C-CONSENT.no_source"), p + ("source",)))
    return out


def _number_source(ctx: _Context, rule: Rule) -> list[Finding]:
    if (ctx.script.business.number_source or "").strip():
        return []
    return [Finding(Msg("C-NUMBER-SOURCE"), ("business", "number_source"))]


def _right_to_object(ctx: _Context, rule: Rule) -> list[Finding]:
    listed = ctx.words(rule, "phrases")
    phrases = phrase_set(listed)
    if any(phrases.search(spoken(p.text)) for p, _ in ctx.prompts):
        return []
    return [Finding(Msg("C-RIGHT-TO-OBJECT", examples=Seq(listed[:2])),
                    ctx.start_path, ctx.script.start or None)]


def _transfer_fallback(ctx: _Context, rule: Rule) -> list[Finding]:
    return [Finding(Msg("C-TRANSFER-FALLBACK", node=nid, queue=node.transfer_to or "?"),
                    ("flow", "nodes", nid, "end"), nid)
            for nid, node in ctx.script.nodes.items()
            if node.end == "transfer" and not (node.transfer_fallback or "").strip()]


CHECKS: dict[str, Callable[[_Context, Rule], list[Finding]]] = {
    "ai_disclosure": _ai_disclosure,
    "identification": _identification,
    "opt_out": _opt_out,
    "robot_question": _robot_question,
    "impersonation": _impersonation,
    "refusals": _refusals,
    "calling_hours": _calling_hours,
    "callback_number": _callback_number,
    "consent": _consent,
    "number_source": _number_source,
    "right_to_object": _right_to_object,
    "transfer_fallback": _transfer_fallback,
}


# ---- putting it together -----------------------------------------------------------------
def resolve_policies(script: Script, policies: Sequence[str] = ()) -> tuple[list[Policy],
                                                                             list[Problem]]:
    """The policies to apply: those asked for (ids, or Policy objects for a policy that is not
    a file in resources/policies; an unknown id raises PolicyError), then those the script
    declares (an unknown one is a problem E-POLICY at its line)."""
    items = [policies] if isinstance(policies, str) else list(policies)
    chosen = [p for p in items if isinstance(p, Policy)]
    for name in normalize_policy_names([p for p in items if not isinstance(p, Policy)]):
        if not any(p.id == name for p in chosen):
            chosen.append(load_policy(name))
    problems = []
    file = script.source.file or (script.path or "")
    for i, name in enumerate(script.policies):
        n = name.strip().lower()
        if any(p.id == n for p in chosen):
            continue
        try:
            chosen.append(load_policy(n))
        except PolicyError as exc:
            line, col = script.source.position_of("policies", i)
            reason = exc.msg if exc.msg is not None else str(exc)
            problems.append(Problem.of("error", Msg("E-POLICY", reason=reason), file, line, col))
    return chosen, problems


def check_compliance(script: Script, policies: Sequence[str] = ()) -> list[Problem]:
    """Compliance problems under the given policies plus the script's declared ones; rule
    types none of them covers are checked with the baseline policy as warnings."""
    chosen, problems = resolve_policies(script, policies)
    covered = {r.type for p in chosen for r in p.rules}
    applied = [(p.id, r) for p in chosen for r in p.rules]
    applied += [(BASELINE, r) for r in load_policy(BASELINE).rules if r.type not in covered]
    ctx = _Context(script)
    merged: dict[tuple, list] = {}
    for label, rule in applied:
        for f in CHECKS[rule.type](ctx, rule):
            key = (f.code, f.path, f.node, f.text)
            entry = merged.setdefault(key, [rule.severity, [], f.msg])
            if _SEVERITY_RANK[rule.severity] < _SEVERITY_RANK[entry[0]]:
                entry[0] = rule.severity
            entry[1].append(f"{label}: {rule.title} — {rule.source}")
    file = script.source.file or (script.path or "")
    for (code, path, node, _text), (severity, cites, msg) in merged.items():
        line, col = script.source.position_of(*path) if path else (None, None)
        # the citations (policy id, rule title, source) are the policy files' own words
        problems.append(Problem.of(severity, Msg("_cited", text=msg, cites="; ".join(cites)),
                                   file, line, col, node, code=code))
    return problems
