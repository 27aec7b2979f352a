"""Caller utterances for replaying whole calls through a script: built from the script's own
keywords, wrapped in filler, mixed with questions, refusals, traditional characters and text
that matches nothing, the way a real caller talks. Deterministic for a given seed."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional

from bench import words as W
from designer.engine import Engine
from designer.model import Script

# what a caller does at a listening node, with its share of turns
TURN_MIX = (
    ("branch", 0.45),  # says something a branch of this node listens for
    ("faq", 0.10),  # asks a question the faq answers
    ("refuse", 0.06),
    ("robot", 0.02),  # "are you a robot?"
    ("opt_out", 0.01),
    ("elsewhere", 0.13),  # a keyword of an intent that is not live here
    ("no_match", 0.18),  # chit-chat that matches nothing
    ("two", 0.05),  # two things at once: a refusal and a branch keyword
)


@dataclass
class Call:
    variables: dict[str, str]
    texts: list[str]


class CallerModel:
    """Picks what the caller says next at a node."""

    def __init__(self, script: Script, seed: int = 0):
        self.script = script
        self.rng = random.Random(f"callscript-bench-caller:{seed}")
        self.zh = script.language.lower().startswith("zh")
        kinds = {iid: it.kind for iid, it in script.intents.items()}
        self.keywords = {iid: [k for k in it.keywords if not k.startswith("re:")]
                         for iid, it in script.intents.items()}
        self.all_intents = [i for i, kws in self.keywords.items() if kws]
        self.faq_intents = [e.intent for e in script.faq if self.keywords.get(e.intent)]
        self.refusals = [i for i, k in kinds.items() if k == "refusal" and self.keywords[i]]
        self.opt_outs = [i for i, k in kinds.items() if k == "opt_out" and self.keywords[i]]
        self.robots = [i for i, k in kinds.items() if k == "robot_question" and self.keywords[i]]
        self._mix = [k for k, _ in TURN_MIX]
        self._weights = [w for _, w in TURN_MIX]

    def say(self, node_id: Optional[str]) -> str:
        r = self.rng
        node = self.script.nodes.get(node_id) if node_id else None
        what = r.choices(self._mix, self._weights)[0]
        branch_intents = [b.intent for b in node.branches if self.keywords.get(b.intent)] \
            if node is not None else []
        pools = {
            "branch": branch_intents, "faq": self.faq_intents, "refuse": self.refusals,
            "robot": self.robots, "opt_out": self.opt_outs, "elsewhere": self.all_intents,
        }
        if what == "no_match":
            return self._decorate(r.choice(W.ZH_NO_MATCH if self.zh else W.EN_NO_MATCH))
        if what == "two":
            first = self._phrase(r.choice(self.refusals)) if self.refusals else ""
            second = self._phrase(r.choice(branch_intents or self.all_intents))
            return self._decorate(first + ("，" if self.zh else ", ") + second)
        pool = pools[what] or self.all_intents
        return self._decorate(self._phrase(r.choice(pool)))

    def _phrase(self, intent: str) -> str:
        kw = self.rng.choice(self.keywords[intent])
        if "&" in kw:  # the parts of an a&b keyword, said apart
            parts = kw.split("&")
            glue = self.rng.choice(("那个", "的", "，", "就是")) if self.zh else " the "
            return glue.join(parts)
        return kw

    def _decorate(self, text: str) -> str:
        r = self.rng
        if self.zh:
            text = r.choice(W.ZH_FILLERS_BEFORE) + text + r.choice(W.ZH_FILLERS_AFTER)
            if r.random() < 0.1:  # a caller typing or an ASR emitting traditional characters
                text = text.translate(W.ZH_TRADITIONAL)
            if r.random() < 0.05:
                text = text.replace("，", ", ").replace("？", "?") + "！"
        else:
            text = r.choice(W.EN_FILLERS_BEFORE) + text + r.choice(W.EN_FILLERS_AFTER)
            if r.random() < 0.3:
                text = text.capitalize()
            if r.random() < 0.05:
                text = text.upper()
        return text


def record_calls(engine: Engine, n_calls: int, seed: int = 0, max_turns: int = 40) -> list[Call]:
    """Play n_calls whole calls against the engine and keep what the caller said in each.
    Replaying the texts of a call through a new session takes the same path again (the engine
    is deterministic), so the timed replay measures exactly these turns."""
    caller = CallerModel(engine.script, seed)
    default_vars = {k: v.example for k, v in engine.script.variables.items()}
    calls = []
    for _ in range(n_calls):
        session = engine.start(default_vars)
        texts: list[str] = []
        while not session.ended and len(texts) < max_turns:
            text = caller.say(session.node)
            session.utter(text)
            texts.append(text)
        calls.append(Call(default_vars, texts))
    return calls
