"""A VoiceXML 2.1 rendition of a script, for platforms that run VoiceXML instead of our engine.

    script_to_vxml(script, audio_base="../audio/") -> str

One document; one <form> per node, the start node's first (a VoiceXML interpreter runs the
first form). A listening node is a <block> saying its prompt and a <field> with an inline SRGS
grammar (XML form) built from the keywords of every intent that can be live there (its
branches, faq, opt-out and refusal intents): each intent a rule, each phrase keyword an item,
the intent id the field's value. <filled> follows the engine's choice order (opt-out, the
node's branches, faq, refusal), counts turns and refusals against the limits, and goes to the
next form with <goto>. <nomatch>/<noinput> handlers with count attributes follow max_no_match /
max_no_input: the reply (or the prompt again) up to the limit, then the handler's `then` node
or the limit form. Ends are <disconnect/>, transfers <transfer>. Prompts are
<audio src="../audio/ID.wav"> with the text as fallback content; a prompt with {variables} is
said by the platform's TTS with <value>, since its recorded audio says the examples.

What VoiceXML cannot say exactly is approximated and written in the document as a comment:
keywords match anywhere in the utterance (GARBAGE around them); `a&b` keywords become the
parts in the orders listed with anything between; `re:` keywords and `exclude` phrases are
left out; "a longer keyword wins" is up to the recognizer; no-match and no-input counts restart
on each visit of a form (the engine counts per node for the whole call). Grading and the
unanswered log are not rendered. Built with xml.etree.ElementTree, so it is always
well-formed.
"""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from typing import Optional

from designer import __version__
from designer.model import Script
from designer.model.prompts import VARIABLE_RE, builtin_line

VXML_NS = "http://www.w3.org/2001/vxml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LIMIT_FORM = "cs_limit"
ANSWER = "cs_answer"
_NCNAME = re.compile(r"^[^\W\d][\w\-.]*$")
_JS_RESERVED = {
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
    "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if",
    "import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw",
    "true", "try", "typeof", "var", "void", "while", "with", "let", "static", "yield",
    "session", "application", "dialog", "document",
}
APPROXIMATIONS = (
    "Rendered from a CallScript script. Approximations (VoiceXML cannot say these exactly): "
    "keywords match anywhere in what the caller says (GARBAGE around them); a&b keywords are "
    "the parts in the orders listed with anything between; re: keywords and exclude phrases "
    "are left out; which of two overlapping keywords wins is up to the recognizer; no-match "
    "and no-input counts restart on each visit of a form (the engine counts per node for the "
    "whole call); grading and the unanswered log are not rendered. Script variables are "
    "document variables (default: their example) the platform sets before the call."
)


def _comment(text: str) -> ET.Element:
    """An XML comment: `--` is not allowed inside one, nor a final `-`."""
    text = text.replace("--", "- -")
    return ET.Comment(f" {text.rstrip('-')} ")


def _js(text: str) -> str:
    """An ECMAScript string literal (single quotes) for cond/expr attributes."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


class _Renderer:
    def __init__(self, script: Script, audio_base: str):
        self.s = script
        self.audio_base = audio_base
        self.ids: dict[str, str] = {}
        used = {LIMIT_FORM}
        for nid in script.nodes:
            fid = nid if _NCNAME.match(nid) and not nid.startswith("cs_") else f"node_{nid}"
            fid = re.sub(r"[^\w\-.]", "_", fid)
            base, i = fid, 2
            while fid in used:
                fid, i = f"{base}_{i}", i + 1
            used.add(fid)
            self.ids[nid] = fid
        self.var_names = {v: (f"v_{v}" if v in _JS_RESERVED or v.startswith("cs_") else v)
                          for v in script.variables}
        self.opt_out = script.intents_of_kind("opt_out")
        self.refusal = script.intents_of_kind("refusal")

    # ---- document ----------------------------------------------------------------------
    def document(self) -> ET.Element:
        s = self.s
        root = ET.Element("vxml", {"version": "2.1", "xmlns": VXML_NS, XML_LANG: s.language})
        root.append(_comment(APPROXIMATIONS))
        ET.SubElement(root, "meta", {"name": "generator",
                                     "content": f"callscript-studio {__version__}"})
        ET.SubElement(root, "meta", {"name": "callscript.script", "content": s.name})
        for var, name in self.var_names.items():
            example = s.variables[var].example
            ET.SubElement(root, "var", {"name": name, "expr": _js(example)})
        for name, expr in (("cs_turns", "0"), ("cs_refusals", "0"),
                           ("cs_end_reason", "''"), ("cs_do_not_call", "false")):
            ET.SubElement(root, "var", {"name": name, "expr": expr})
        order = [s.start] + [n for n in s.nodes if n != s.start] if s.start in s.nodes \
            else list(s.nodes)
        for nid in order:
            root.append(self.node_form(nid))
        root.append(self.limit_form())
        return root

    def goto(self, parent: ET.Element, nid: Optional[str]) -> None:
        target = self.ids.get(nid or "", LIMIT_FORM)
        ET.SubElement(parent, "goto", {"next": f"#{target}"})

    def end(self, parent: ET.Element, reason: str) -> None:
        ET.SubElement(parent, "assign", {"name": "cs_end_reason", "expr": _js(reason)})
        ET.SubElement(parent, "disconnect", {"namelist": "cs_end_reason cs_do_not_call"})

    # ---- prompts -----------------------------------------------------------------------
    def prompt(self, parent: ET.Element, text: str, prompt_id: str) -> None:
        """<prompt><audio src=...>text</audio></prompt>; TTS with <value> when it has
        variables (the package audio of such a prompt says the examples)."""
        if any(v in self.var_names for v in VARIABLE_RE.findall(text)):
            parent.append(_comment(f"prompt {prompt_id} has variables: said by TTS"))
            self._text_with_values(ET.SubElement(parent, "prompt"), text)
            return
        p = ET.SubElement(parent, "prompt")
        audio = ET.SubElement(p, "audio", {"src": f"{self.audio_base}{prompt_id}.wav"})
        audio.text = text

    def _text_with_values(self, parent: ET.Element, text: str) -> None:
        pos, last = 0, None
        parent.text = ""
        for m in VARIABLE_RE.finditer(text):
            chunk = text[pos:m.start()]
            name = self.var_names.get(m.group(1))
            if name is None:
                chunk += m.group(0)
            if last is None:
                parent.text += chunk
            else:
                last.tail = (last.tail or "") + chunk
            if name is not None:
                last = ET.SubElement(parent, "value", {"expr": name})
            pos = m.end()
        if last is None:
            parent.text += text[pos:]
        else:
            last.tail = (last.tail or "") + text[pos:]

    def node_prompt(self, parent: ET.Element, nid: str) -> None:
        self.prompt(parent, self.s.nodes[nid].say, nid)

    def reprompt(self, parent: ET.Element, nid: str, kind: str) -> None:
        handler = getattr(self.s.nodes[nid], kind)
        if handler is not None and handler.reply:
            self.prompt(parent, handler.reply, f"{nid}.{kind}")
        else:
            self.node_prompt(parent, nid)

    # ---- forms -------------------------------------------------------------------------
    def node_form(self, nid: str) -> ET.Element:
        node = self.s.nodes[nid]
        form = ET.Element("form", {"id": self.ids[nid]})
        if self.ids[nid] != nid:
            form.append(_comment(f"node {nid}"))
        if node.note:
            form.append(_comment(f"note: {node.note}"))
        block = ET.SubElement(form, "block", {"name": "cs_say"})
        self.node_prompt(block, nid)
        if node.end == "hangup":
            self.end(block, "completed")
        elif node.end == "transfer":
            self.transfer(form, nid)
        elif node.next is not None:
            self.goto(block, node.next)
        else:
            self.field(form, nid)
        return form

    def transfer(self, form: ET.Element, nid: str, reason: str = "transferred") -> None:
        node = self.s.nodes[nid]
        form.append(_comment(f"transfer_to {node.transfer_to!r} is a queue name: map it to a "
                             "tel: or sip: address on your platform"))
        xfer = ET.SubElement(form, "transfer", {"name": "cs_transfer",
                                                "dest": node.transfer_to or "",
                                                "bridge": "true"})
        filled = ET.SubElement(xfer, "filled")
        if node.transfer_fallback:
            no_agent = " || ".join(f"cs_transfer == {_js(v)}" for v in
                                   ("busy", "noanswer", "network_busy", "unknown"))
            cond = ET.SubElement(filled, "if", {"cond": no_agent})
            self.prompt(cond, node.transfer_fallback, f"{nid}.transfer_fallback")
        self.end(filled, reason)

    def limit_form(self) -> ET.Element:
        """Where a limit sends the call: on_limit's chain of prompts, then the end (a limit
        always ends the call, DESIGN.md 2.5 / docs/FORMAT.md), or the built-in goodbye."""
        s = self.s
        form = ET.Element("form", {"id": LIMIT_FORM})
        form.append(_comment("a limit was reached: the call ends here"))
        block = ET.SubElement(form, "block", {"name": "cs_say"})
        nid, seen = s.limits.on_limit, set()
        if nid is None or nid not in s.nodes:
            self.prompt(block, builtin_line(s.language, "builtin.goodbye"), "builtin.goodbye")
            self.end(block, "limit")
            return form
        while nid in s.nodes and nid not in seen:
            seen.add(nid)
            node = s.nodes[nid]
            self.node_prompt(block, nid)
            if node.end == "transfer":
                self.transfer(form, nid, "limit")
                return form
            if node.next is None:
                break
            nid = node.next
        self.end(block, "limit")
        return form

    # ---- listening -----------------------------------------------------------------------
    def candidates(self, nid: str) -> list[str]:
        """Intents live at a node, in the engine's choice order."""
        out: list[str] = []
        for iid in (self.opt_out + [b.intent for b in self.s.nodes[nid].branches]
                    + [e.intent for e in self.s.faq] + self.refusal):
            if iid in self.s.intents and iid not in out:
                out.append(iid)
        return out

    def field(self, form: ET.Element, nid: str) -> None:
        field = ET.SubElement(form, "field", {"name": ANSWER})
        field.append(self.grammar(self.candidates(nid)))
        self.filled(ET.SubElement(field, "filled"), nid)
        for kind, maximum in (("nomatch", self.s.limits.max_no_match),
                              ("noinput", self.s.limits.max_no_input)):
            self.handlers(field, nid, kind, maximum)

    def count_turn(self, parent: ET.Element) -> ET.Element:
        """Count a caller turn; a turn above max_turns goes to the limit. Returns the element
        to continue in (the else branch)."""
        ET.SubElement(parent, "assign", {"name": "cs_turns", "expr": "cs_turns + 1"})
        check = ET.SubElement(parent, "if", {"cond": f"cs_turns > {self.s.limits.max_turns}"})
        self.goto(check, None)
        ET.SubElement(check, "else")
        return check

    def count_refusal(self, parent: ET.Element) -> None:
        ET.SubElement(parent, "assign", {"name": "cs_refusals", "expr": "cs_refusals + 1"})
        check = ET.SubElement(parent, "if",
                              {"cond": f"cs_refusals > {self.s.limits.max_refusals}"})
        self.goto(check, None)

    def filled(self, filled: ET.Element, nid: str) -> None:
        chain = self.count_turn(filled)
        choice: Optional[ET.Element] = None
        for iid in self.candidates(nid):
            cond = f"{ANSWER} == {_js(iid)}"
            if choice is None:
                choice = ET.SubElement(chain, "if", {"cond": cond})
            else:
                ET.SubElement(choice, "elseif", {"cond": cond})
            self.decision(choice, nid, iid)
        if choice is None:  # nothing can be heard here: every answer is a no-match
            self.reprompt(chain, nid, "no_match")
            ET.SubElement(chain, "clear", {"namelist": ANSWER})

    def decision(self, parent: ET.Element, nid: str, iid: str) -> None:
        """What the engine does when intent iid is chosen at node nid (DESIGN.md 2.3-2.6)."""
        s = self.s
        kind = s.intents[iid].kind
        entry = s.faq_for(iid)
        if kind == "opt_out":
            if entry is not None and entry.reply:
                self.prompt(parent, entry.reply, f"faq.{iid}")
            else:
                self.prompt(parent, builtin_line(s.language, "builtin.opt_out"),
                            "builtin.opt_out")
            ET.SubElement(parent, "assign", {"name": "cs_do_not_call", "expr": "true"})
            self.end(parent, "opt_out")
            return
        if kind == "refusal":
            self.count_refusal(parent)
        branch = next((b for b in s.nodes[nid].branches if b.intent == iid), None)
        if branch is not None:
            self.goto(parent, branch.goto)
        elif entry is not None:
            self.prompt(parent, entry.reply, f"faq.{iid}")
            if entry.goto:
                self.goto(parent, entry.goto)
            elif entry.then == "hangup":
                self.end(parent, "completed")
            else:
                ET.SubElement(parent, "clear", {"namelist": ANSWER})
        else:  # a refusal no branch handles, within the limit: ask again
            self.reprompt(parent, nid, "no_match")
            ET.SubElement(parent, "clear", {"namelist": ANSWER})

    def handlers(self, field: ET.Element, nid: str, kind: str, maximum: int) -> None:
        attr = "no_match" if kind == "nomatch" else "no_input"
        handler = getattr(self.s.nodes[nid], attr)
        then = handler.then if handler is not None else None
        if maximum > 0:
            reply = ET.SubElement(field, kind)
            self.reprompt(self.count_turn(reply), nid, attr)
        over = ET.SubElement(field, kind, {"count": str(maximum + 1)} if maximum > 0 else {})
        chain = self.count_turn(over)
        self.goto(chain, then if then and then != self.s.limits.on_limit else None)

    # ---- grammar -----------------------------------------------------------------------
    def grammar(self, intents: list[str]) -> ET.Element:
        g = ET.Element("grammar", {"type": "application/srgs+xml", "version": "1.0",
                                   "mode": "voice", "root": "cs_root",
                                   "tag-format": "semantics/1.0", XML_LANG: self.s.language})
        root_rule = ET.SubElement(g, "rule", {"id": "cs_root", "scope": "public"})
        seq = ET.SubElement(root_rule, "item")
        ET.SubElement(ET.SubElement(seq, "item", {"repeat": "0-1"}), "ruleref",
                      {"special": "GARBAGE"})
        choice = ET.SubElement(seq, "one-of")
        ET.SubElement(ET.SubElement(seq, "item", {"repeat": "0-1"}), "ruleref",
                      {"special": "GARBAGE"})
        rules = []
        for i, iid in enumerate(intents):
            rule = self.intent_rule(iid, f"cs_i{i}")
            if rule is None:
                g.append(_comment(f"intent {iid}: no keyword VoiceXML can express"))
                continue
            rules.append(rule)
            item = ET.SubElement(choice, "item")
            ET.SubElement(item, "ruleref", {"uri": f"#{rule.get('id')}"})
            ET.SubElement(item, "tag").text = f"out={_js(iid)};"
        if not rules:
            choice.append(_comment("nothing to recognize here: every answer is a no-match"))
            ET.SubElement(ET.SubElement(choice, "item"), "ruleref", {"special": "VOID"})
        g.extend(rules)
        return g

    def intent_rule(self, iid: str, rule_id: str) -> Optional[ET.Element]:
        intent = self.s.intents[iid]
        rule = ET.Element("rule", {"id": rule_id})
        rule.append(_comment(f"intent {iid}" + (f" ({intent.label})" if intent.label else "")))
        choice = ET.SubElement(rule, "one-of")
        items = 0
        for kw in intent.keywords:
            if kw.startswith("re:"):
                choice.append(_comment(f"keyword {kw!r} is a regular expression: left out"))
            elif "&" in kw:
                items += self.all_parts(choice, kw)
            elif kw.strip():
                ET.SubElement(choice, "item").text = kw.strip()
                items += 1
        if intent.exclude:
            rule.append(_comment("exclude " + ", ".join(intent.exclude) + ": not expressible"))
        return rule if items else None

    def all_parts(self, choice: ET.Element, kw: str) -> int:
        parts = [p.strip() for p in kw.split("&") if p.strip()]
        if not parts:
            return 0
        orders = list(itertools.permutations(parts)) if len(parts) <= 3 else [tuple(parts)]
        choice.append(_comment(f"keyword {kw!r}: all parts in any order; here "
                               f"{'every order' if len(parts) <= 3 else 'the written order'}"
                               ", anything between"))
        for order in orders:
            item = ET.SubElement(choice, "item")
            item.text = order[0]
            for part in order[1:]:
                ET.SubElement(item, "ruleref", {"special": "GARBAGE"}).tail = part
        return len(orders)


def script_to_vxml(script: Script, audio_base: str = "../audio/") -> str:
    """The script as one VoiceXML 2.1 document (UTF-8 text with an XML declaration).
    audio_base is prefixed to `<prompt id>.wav` (in a package the document is in vxml/)."""
    root = _Renderer(script, audio_base).document()
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
