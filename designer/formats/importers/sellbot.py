"""Import a sellbot 话术 JSON file (github.com/zhongxic/sellbot, README "话术规范").

How its parts map (everything else is listed in the result's notes, never dropped silently):

  main_process domains      nodes; the `enter` branch's first response is the node's `say`
                            (audio -> `audio/<file>`), type end -> `end: hangup`, agent ->
                            `end: transfer`; the other branches become intents (simple ->
                            phrase, combination -> `a&b`, exact -> `re:^...$`) and branches to
                            their `next`
  business_qa branches      intents + faq entries (reply = first response), in `order`
  common_dialog domains     refused -> a `refusal` intent whose faq reply is said while the
                            refusals stay within `max_refusals` (= its number of responses);
                            with keywords and a jump -> a branch on every listening node
                            (`repeat` -> the node itself); end_* types -> end nodes;
                            miss_match -> every listening node's `no_match` reply (and its
                            auto-jump -> `then`); end_fail -> `limits.on_limit`
  silence domain            every listening node's `no_input` reply
  missMatchConfig           the node's `no_match.then`
  options.maxRounds         limits.max_turns
  variables                 `$0001` -> `{v0001}`, label from name (nickname)
  intentions                grading (see sellbot_rules)

Node and intent ids keep the sellbot names where they are valid ids (letters of any script,
digits, _ and -); other characters become `_` (结束（成功） -> 结束_成功), and every node's
`note` keeps the original name. Compliance fields sellbot does not have (business, consent,
calling window) are left absent so that `callscript lint` says what to add.
"""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, Optional

from designer.engine.normalize import normalize
from designer.formats.fields import ID_RE
from designer.formats.importers import ImportFailed, ImportResult
from designer.formats.importers.sellbot_rules import import_intentions
from designer.model import (
    Branch, FaqEntry, Handler, Intent, Node, Script, ScriptFileError, Variable,
)

MAIN, QA, COMMON, SILENCE = "main_process", "business_qa", "common_dialog", "silence"
ENTER, REPEAT = "enter", "repeat"
MAX_BYTES = 16 * 1024 * 1024


def import_sellbot(path: str) -> ImportResult:
    from designer.formats.script_yaml import read_text_file

    try:
        text = read_text_file(path)
    except ScriptFileError as exc:
        raise ImportFailed(str(exc)) from None
    if len(text) > MAX_BYTES:
        raise ImportFailed(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFailed(f"{path}: not JSON ({exc})") from None
    return import_sellbot_data(data, path)


def import_sellbot_data(data: Any, file: str = "<sellbot>") -> ImportResult:
    if not isinstance(data, dict) or not isinstance(data.get("domains"), dict):
        raise ImportFailed(f"{file}: not a sellbot script (no \"domains\" object)")
    return _Importer(data, file).run()


def slug(name: str, fallback: str) -> str:
    """A valid id from a sellbot name: letters (any script), digits, _ and - kept."""
    s = re.sub(r"[^\w\-]+", "_", name).strip("_")
    if not s or not ID_RE.match(s):
        s = f"{fallback}_{s}" if s else fallback
    return s


def _unique(base: str, used: set[str]) -> str:
    out, i = base, 2
    while out in used:
        out, i = f"{base}_{i}", i + 1
    used.add(out)
    return out


class _Importer:
    def __init__(self, data: dict, file: str):
        self.data, self.file = data, file
        self.notes: list[str] = []
        self.s = Script(name=str(data.get("name") or data.get("id") or "sellbot"),
                        version=str(data.get("version") or ""), language="zh-CN")
        self.domains: dict[str, dict] = {}
        for name, dom in data["domains"].items():
            if not isinstance(dom, dict):
                self.notes.append(f"domain {name!r} is not an object: not mapped")
                continue
            self.domains[str(name)] = dom
        self.node_ids: dict[str, str] = {}  # sellbot domain name -> node id
        self.global_branches: list[Branch] = []  # added to every listening node
        self.audio_texts: dict[str, str] = {}  # sellbot audio file -> the text it says
        self.var_codes: dict[str, str] = {}
        self.unknown_codes: set[str] = set()

    # ---- helpers ------------------------------------------------------------------------------
    def note(self, message: str) -> None:
        self.notes.append(message)

    def of(self, category: str) -> list[tuple[str, dict]]:
        items = [(n, d) for n, d in self.domains.items() if d.get("category") == category]
        return sorted(items, key=lambda nd: _order(nd[1]))

    def branches(self, dom: dict) -> dict[str, dict]:
        raw = dom.get("branches")
        return {str(k): v for k, v in raw.items() if isinstance(v, dict)} \
            if isinstance(raw, dict) else {}

    def text(self, raw: Any) -> str:
        text = str(raw or "")
        for code, vid in sorted(self.var_codes.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(code, "{" + vid + "}")
        for code in sorted(set(re.findall(r"\$\d+", text)) - self.unknown_codes):
            self.unknown_codes.add(code)
            self.note(f"variable {code} is used in a text but not declared under variables: "
                      "left as written")
        return text

    def responses(self, branch: dict) -> tuple[list[dict], Optional[str]]:
        """(spoken responses, auto-jump target of the first auto-jump response)."""
        spoken, jump = [], None
        for r in _list(branch.get("responses")):
            if not isinstance(r, dict):
                continue
            if r.get("enableAutoJump") and r.get("next"):
                jump = jump or str(r["next"])
                break  # sellbot jumps there; later responses are never said
            if str(r.get("text") or "").strip():
                spoken.append(r)
        return spoken, jump

    def audio(self, response: dict, what: str) -> Optional[str]:
        name = str(response.get("audio") or "").strip()
        if not name:
            return None
        text = str(response.get("text") or "")
        if name in self.audio_texts and self.audio_texts[name] != text:
            self.note(f"{what}: audio {name} is also used for another text; not reused here "
                      "(record or synthesize this prompt)")
            return None
        if "/" in name or "\\" in name or name.startswith("."):
            self.note(f"{what}: audio path {name!r} is not a plain file name: not kept")
            return None
        self.audio_texts[name] = text
        return f"audio/{name}"

    def keywords(self, raw: Any, where: str) -> tuple[str, ...]:
        if not isinstance(raw, dict):
            raw = {}
        out: list[str] = []
        for kw in _words(raw.get("simple")):
            # `&` or a leading `re:` would change its meaning: keep only the phrase
            out.append(normalize(kw) if "&" in kw or kw.startswith("re:") else kw)
        for combo in _list(raw.get("combination")):
            parts = _words(combo)
            if parts:
                out.append("&".join(parts))
        for kw in _words(raw.get("exact")):
            norm = normalize(kw)
            if norm:
                out.append(f"re:^{re.escape(norm)}$")
        out = [kw for kw in out if kw]
        if not out:
            self.note(f"{where} has no keywords: it can never be matched")
        return tuple(dict.fromkeys(out))

    def add_intent(self, base: str, intent: Intent) -> str:
        iid = _unique(slug(base, "intent"), set(self.s.intents))
        self.s.intents[iid] = intent
        return iid

    # ---- steps --------------------------------------------------------------------------------
    def run(self) -> ImportResult:
        self.variables()
        self.name_nodes()
        self.business_qa()
        self.common_dialogs()
        self.main_process()
        self.handlers()
        self.options()
        refusals = self.s.intents_of_kind("refusal")
        intentions = self.data.get("intentions")
        if isinstance(intentions, dict):
            self.s.grading = import_intentions(intentions, self.node_ids.get, refusals,
                                               self.notes)
        self.unreached()
        for name, dom in self.domains.items():
            if dom.get("category") not in (MAIN, QA, COMMON, SILENCE):
                self.note(f"domain {name!r}: category {dom.get('category')!r} is unknown: "
                          "not mapped")
        return ImportResult(self.s, "sellbot", self.file, self.notes)

    def variables(self) -> None:
        for v in _list(self.data.get("variables")):
            if not isinstance(v, dict) or not v.get("code"):
                continue
            code = str(v["code"])
            vid = _unique("v" + re.sub(r"\W", "", code), set(self.s.variables))
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", vid):
                vid = _unique(f"v{len(self.s.variables) + 1}", set(self.s.variables))
            name, nick = str(v.get("name") or ""), str(v.get("nickname") or "")
            label = f"{name} ({nick})" if name and nick else (name or nick)
            self.var_codes[code] = vid
            self.s.variables[vid] = Variable(label=label)

    def name_nodes(self) -> None:
        used: set[str] = set()
        for name, dom in self.domains.items():
            end_dialog = dom.get("category") == COMMON and str(dom.get("type", "")).startswith("end")
            if dom.get("category") == MAIN or end_dialog:
                self.node_ids[name] = _unique(slug(name, "node"), used)

    def business_qa(self) -> None:
        for dname, dom in self.of(QA):
            items = sorted(self.branches(dom).items(), key=lambda kv: _order(kv[1]))
            for bname, br in items:
                where = f"business QA {dname}/{bname}"
                kws = self.keywords(br.get("keywords"), where)
                robot = any("机器人" in x for x in (bname,) + kws)
                iid = self.add_intent(bname, Intent(label=bname, keywords=kws,
                                                    kind="robot_question" if robot else "normal"))
                spoken, jump = self.responses(br)
                if not spoken:
                    target = self.node_ids.get(jump or str(br.get("next") or ""))
                    if target:
                        self.global_branches.append(Branch(iid, target))
                    else:
                        self.note(f"{where} has no reply and no jump: not mapped")
                    continue
                self.s.faq.append(FaqEntry(iid, reply=self.text(spoken[0].get("text")),
                                           audio=self.audio(spoken[0], where)))
                self._more_responses(where, spoken)
                if br.get("enableExceedJump") and br.get("next"):
                    self.note(f"{where}: after {len(spoken)} answer(s) sellbot jumps to "
                              f"{br['next']!r} when asked again; callscript answers every time")
                else:
                    self.note(f"{where}: asked more than {len(spoken)} time(s), sellbot ends "
                              "the call (结束_失败); callscript answers every time")

    def _more_responses(self, where: str, spoken: list[dict]) -> None:
        if len(spoken) > 1:
            self.note(f"{where}: responses 2-{len(spoken)} (said on later hits in sellbot) are "
                      f"not kept: {' / '.join(str(r.get('text')) for r in spoken[1:])}")

    def common_dialogs(self) -> None:
        for dname, dom in self.of(COMMON):
            dtype = str(dom.get("type") or "")
            enter = self.branches(dom).get(ENTER, {})
            where = f"common dialog {dname} ({dtype})"
            spoken, jump = self.responses(enter)
            has_keywords = any(isinstance(enter.get("keywords"), dict)
                               and enter["keywords"].get(k) for k in ("simple", "combination",
                                                                      "exact"))
            if dname in self.node_ids:  # an end dialog: a node saying its line and hanging up
                self._end_dialog(dname, spoken, where)
            if dtype == "refused":
                self._refused(dname, enter, spoken, where)
            elif dtype in ("miss_match",) or not has_keywords:
                if dname not in self.node_ids and dtype not in ("miss_match",):
                    self.note(f"{where}: sellbot enters it on its own (interruptions, errors); "
                              f"callscript has no such event: not mapped"
                              + (f" (says {spoken[0].get('text')!r})" if spoken else ""))
            else:
                self._keyword_dialog(dname, enter, spoken, jump, where)

    def _end_dialog(self, dname: str, spoken: list[dict], where: str) -> None:
        nid = self.node_ids[dname]
        say = self.text(spoken[0].get("text")) if spoken else ""
        if not spoken:
            self.note(f"{where} says nothing: node {nid} needs a line")
        self.s.nodes[nid] = Node(say=say, audio=self.audio(spoken[0], where) if spoken else None,
                                 end="hangup", note=f"sellbot: {dname}")

    def _refused(self, dname: str, enter: dict, spoken: list[dict], where: str) -> None:
        kws = self.keywords(enter.get("keywords"), where)
        iid = self.add_intent(dname, Intent(label=dname, kind="refusal", keywords=kws))
        if spoken:
            self.s.faq.append(FaqEntry(iid, reply=self.text(spoken[0].get("text")),
                                       audio=self.audio(spoken[0], where)))
            self._more_responses(where, spoken)
        self.s.limits = dataclasses.replace(self.s.limits, max_refusals=len(spoken))

    def _keyword_dialog(self, dname: str, enter: dict, spoken: list[dict], jump: Optional[str],
                        where: str) -> None:
        kws = self.keywords(enter.get("keywords"), where)
        iid = self.add_intent(dname, Intent(label=dname, keywords=kws))
        nxt = str(enter.get("next") or "")
        if dname in self.node_ids:
            self.global_branches.append(Branch(iid, self.node_ids[dname]))
        elif spoken:
            self.s.faq.append(FaqEntry(iid, reply=self.text(spoken[0].get("text")),
                                       audio=self.audio(spoken[0], where)))
            self._more_responses(where, spoken)
        elif nxt == REPEAT or jump == REPEAT:
            self.global_branches.append(Branch(iid, REPEAT))  # resolved per node: itself
        elif self.node_ids.get(jump or nxt):
            self.global_branches.append(Branch(iid, self.node_ids[jump or nxt]))
        else:
            self.note(f"{where}: no reply and no jump to a known domain ({nxt!r}): not mapped")

    def main_process(self) -> None:
        for dname, dom in self.of(MAIN):
            nid = self.node_ids[dname]
            where = f"domain {dname}"
            enter = self.branches(dom).get(ENTER, {})
            spoken, jump = self.responses(enter)
            say = self.text(spoken[0].get("text")) if spoken else ""
            self._more_responses(where, spoken)
            node = Node(say=say, audio=self.audio(spoken[0], where) if spoken else None,
                        note=f"sellbot: {dname}")
            dtype = str(dom.get("type") or "")
            if dtype == "start":
                if self.s.start:
                    self.note(f"{where}: a second start domain; the flow starts at "
                              f"{self.s.start}")
                else:
                    self.s.start = nid
            if dtype == "end" or dtype.startswith("end_"):
                node = dataclasses.replace(node, end="hangup")
            elif dtype == "agent":
                node = dataclasses.replace(node, end="transfer", transfer_to="agent")
                self.note(f"{where}: transfers to an agent; transfer_to is set to 'agent': name "
                          "the real queue")
            elif jump and self.node_ids.get(jump):
                node = dataclasses.replace(node, next=self.node_ids[jump])
            else:
                node = dataclasses.replace(node, branches=self._branches(dname, dom))
            for key in ("ignoreConfig", "matchOrders"):
                if _set(dom.get(key)):
                    self.note(f"{where}: {key} {json.dumps(dom[key], ensure_ascii=False)} is "
                              "not mapped (callscript matches every utterance the same way)")
            self.s.nodes[nid] = node
        if not self.s.start and self.s.nodes:
            self.s.start = next(iter(self.s.nodes))
            self.note(f"no start domain: the flow starts at {self.s.start}")
        # end dialogs were created first; put the main flow first, as in sellbot
        main = [self.node_ids[d] for d, _ in self.of(MAIN)]
        self.s.nodes = {k: self.s.nodes[k] for k in main + [k for k in self.s.nodes
                                                             if k not in main]}

    def _branches(self, dname: str, dom: dict) -> tuple[Branch, ...]:
        out: list[Branch] = []
        for bname, br in self.branches(dom).items():
            if bname == ENTER:
                continue
            where = f"domain {dname}, branch {bname}"
            nxt = str(br.get("next") or "")
            target = self.node_ids.get(nxt)
            if target is None:
                self.note(f"{where}: next {nxt!r} is not a main-process or end domain: "
                          "branch not mapped")
                continue
            if br.get("responses"):
                self.note(f"{where}: responses of a non-enter branch are not said in callscript "
                          "(sellbot's README says they must be empty)")
            kws = self.keywords(br.get("keywords"), where)
            base = bname if slug(bname, "intent") not in self.s.intents else f"{dname}_{bname}"
            iid = self.add_intent(base, Intent(label=bname, keywords=kws))
            out.append(Branch(iid, target))
        return tuple(out)

    def handlers(self) -> None:
        """Global sellbot dialogs on every listening node: keyword jumps as branches, the
        miss-match dialog as no_match, the silence domain as no_input."""
        miss = next((d for _, d in self.of(COMMON) if d.get("type") == "miss_match"), None)
        miss_spoken, miss_jump = self.responses(self.branches(miss).get(ENTER, {})) \
            if miss else ([], None)
        silence = self.of(SILENCE)
        sil_spoken, _ = self.responses(self.branches(silence[0][1]).get(ENTER, {})) \
            if silence else ([], None)
        if len(silence) > 1:
            self.note(f"{len(silence)} silence domains: only {silence[0][0]} is used")
        self.s.limits = dataclasses.replace(self.s.limits, max_no_match=len(miss_spoken),
                                            max_no_input=len(sil_spoken))
        miss_target = self.node_ids.get(miss_jump or "")
        for nid, node in list(self.s.nodes.items()):
            if not node.listens:
                continue
            extra = [Branch(b.intent, nid if b.goto == REPEAT else b.goto)
                     for b in self.global_branches]
            dname = next(d for d, n in self.node_ids.items() if n == nid)
            then = self._miss_config(dname, nid) or (miss_target if miss_target != nid else None)
            no_match = Handler(reply=self.text(miss_spoken[0].get("text")),
                               audio=self.audio(miss_spoken[0], "miss-match dialog"),
                               then=then) if miss_spoken else (Handler(then=then) if then else None)
            no_input = Handler(reply=self.text(sil_spoken[0].get("text")),
                               audio=self.audio(sil_spoken[0], "silence domain")) \
                if sil_spoken else None
            self.s.nodes[nid] = dataclasses.replace(node, branches=node.branches + tuple(extra),
                                                    no_match=no_match, no_input=no_input)
        if self.global_branches:
            self.note("common dialogs with keywords became branches on every listening node, "
                      "after the node's own branches (sellbot scores all of them together)")
        if miss_spoken:
            self.note("miss-match: the reply is said up to max_no_match times per node, then the "
                      "call goes to no_match.then (or limits.on_limit); sellbot counts per call")
        if sil_spoken:
            self.note("silence: the reply is said up to max_no_input times per node, then the "
                      "call goes to limits.on_limit")

    def unreached(self) -> None:
        reached = _reached(self.s)
        for dname, nid in self.node_ids.items():
            if nid not in reached and nid in self.s.nodes:
                dtype = self.domains[dname].get("type")
                self.note(f"node {nid} (sellbot {dname}, type {dtype}) is reached by nothing: "
                          "sellbot enters it on its own (errors, round limits); wire it or "
                          "delete it")
        semantics = {str(br.get("semantic")) for _, dom in self.of(MAIN)
                     for name, br in self.branches(dom).items() if name != ENTER}
        if semantics & {"positive", "negative"}:
            self.note("branch semantics (positive/negative) are not kept: their intents are "
                      "normal; only the refused dialog became a refusal intent")

    def _miss_config(self, dname: str, nid: str) -> Optional[str]:
        cfg = self.domains[dname].get("missMatchConfig")
        if not isinstance(cfg, dict):
            return None
        long_to = self.node_ids.get(str(cfg.get("longTextMissMatchJumpTo") or ""))
        short_to = self.node_ids.get(str(cfg.get("shortTextMissMatchJumpTo") or ""))
        if long_to or short_to:
            self.note(f"domain {dname}: missMatchConfig (long text -> "
                      f"{cfg.get('longTextMissMatchJumpTo')!r}, short text -> "
                      f"{cfg.get('shortTextMissMatchJumpTo')!r}) became no_match.then "
                      f"{long_to or short_to}: taken after max_no_match replies, not at once, and "
                      "without the long/short distinction")
        return long_to or short_to

    def options(self) -> None:
        opts = self.data.get("options") if isinstance(self.data.get("options"), dict) else {}
        rounds = opts.get("maxRounds")
        changes: dict[str, Any] = {}
        if isinstance(rounds, int) and not isinstance(rounds, bool) and rounds >= 1:
            changes["max_turns"] = rounds
        end_fail = next((self.node_ids[d] for d, dom in self.of(COMMON)
                         if dom.get("type") == "end_fail" and d in self.node_ids), None)
        if end_fail:
            changes["on_limit"] = end_fail
        else:
            self.note("no end_fail dialog: limits end the call with the built-in goodbye")
        self.s.limits = dataclasses.replace(self.s.limits, **changes)
        exceed = next((d for d, dom in self.of(COMMON) if dom.get("type") == "end_exceed"), None)
        if exceed:
            self.note(f"options.maxRounds: above {rounds} turns the call goes to "
                      f"limits.on_limit ({end_fail}), not to {exceed!r}")
        if opts.get("forceInterruptedJumpTo"):
            self.note(f"options.forceInterruptedJumpTo {opts['forceInterruptedJumpTo']!r} is not "
                      "mapped (callscript has no interruption events)")


def _reached(s: Script) -> set[str]:
    out = {s.start, s.limits.on_limit} | {e.goto for e in s.faq if e.goto}
    out.update(target for _, target, _, _ in s.edges())
    return out


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _words(value: Any) -> list[str]:
    """The non-empty texts of a list (numbers taken as text; anything else skipped)."""
    return [str(w).strip() for w in _list(value)
            if isinstance(w, (str, int, float)) and not isinstance(w, bool) and str(w).strip()]


def _order(d: dict) -> int:
    o = d.get("order")
    return o if isinstance(o, int) and not isinstance(o, bool) else 1 << 30


def _set(value: Any) -> bool:
    """A sellbot option that changes something: any true flag or non-empty list."""
    if isinstance(value, dict):
        return any(_set(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is True
