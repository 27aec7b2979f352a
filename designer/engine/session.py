"""One call: a pure state machine over utterance / silence / hang-up events (DESIGN.md 2).

Same script + same events -> same actions, always. No clock, no randomness, no I/O.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from designer.engine.grading import grade_call
from designer.engine.normalize import normalize
from designer.engine.results import (
    Action, CallResult, Decision, IntentHit, Line, TurnRecord, Unanswered,
)

_new = object.__new__
from designer.model.prompts import builtin_line

if TYPE_CHECKING:
    from designer.engine.engine import Engine


class CallSession:
    def __init__(self, engine: "Engine", variables: Optional[dict[str, str]] = None):
        self.engine = engine
        s = engine.script
        self.values = {k: v.example for k, v in s.variables.items()}
        self.values.update({k: str(v) for k, v in (variables or {}).items()})
        self.node: Optional[str] = None
        self.result = CallResult(variables=dict(self.values))
        self.result.counters = {"turns": 0, "refusals": 0, "no_match": {}, "no_input": {}}
        self._limit_hit = False
        self._max_turns = s.limits.max_turns
        self._plan = None  # the engine's NodePlan of self.node, once a turn needed it
        self.actions: list[Action] = []
        self._enter(engine.plan(s.start).node, self.actions)  # the id object the plans use

    # ---- events ---------------------------------------------------------------------------
    @property
    def ended(self) -> bool:
        return self.result.end_reason is not None

    def utter(self, text: str, at: Any = None) -> list[Action]:
        """The caller said text (an empty string is silence): one customer turn."""
        if not text or text.isspace():
            text = None
        r = self.result
        if r.end_reason is not None:
            return []
        counters = r.counters
        number = counters["turns"] = counters["turns"] + 1
        node_id = self.node
        line = _new(Line)  # Line(...) without the class call (results.py says why)
        line.speaker = "caller"
        line.text = text or ""
        line.node = node_id
        line.prompt_id = None
        line.silence = text is None
        r.transcript.append(line)
        actions: list[Action] = []
        evaluation = None
        if number > self._max_turns:
            decision = Decision("turn_limit", limit="turns", explanation=(
                f"turn {number} is above max_turns {self._max_turns}"))
            self._to_limit(actions)
        elif text is None:
            decision = self._silence(node_id, actions)
        else:
            engine = self.engine
            plan = self._plan  # the plan of the node the caller speaks at
            if plan is None or plan.node is not node_id:
                plan = self._plan = engine.plan(node_id)
            evaluation = engine.matcher.evaluate_at(normalize(text), plan)
            decision = engine.decide_at(plan, evaluation)
            if decision.kind == "branch" and decision.intent not in engine.refusal_intents:
                # the common turn, as _apply would do it
                hit = _new(IntentHit)  # IntentHit(...) without the class call
                hit.turn = number
                hit.intent = decision.intent
                hit.keyword = decision.keyword
                hit.node = node_id
                r.intents.append(hit)
                nxt = plan.next_plans[decision.branch]
                if nxt is None:
                    nxt = engine.next_plan(plan, decision.branch)
                said = nxt.listening
                if said is not None and not self._limit_hit:  # _enter's common move, inline
                    r.path.append(nxt.node)
                    self.node = nxt.node
                    self._plan = nxt
                    actions.append(said[0])
                    r.transcript.append(said[1])
                else:
                    self._enter(nxt.node, actions)
            else:
                self._apply(decision, node_id, number, text, at, actions)
        after = self.node if r.end_reason is None else (r.path[-1] if r.path else None)
        turn = _new(TurnRecord)  # TurnRecord(...) without the class call
        turn.number = number
        turn.text = text
        turn.node = node_id
        turn.decision = decision
        turn.after = after
        turn.evaluation = evaluation
        r.turns.append(turn)
        self.actions.extend(actions)
        return actions

    def silence(self, at: Any = None) -> list[Action]:
        return self.utter("", at)

    def hangup(self) -> list[Action]:
        """The caller hung up."""
        if not self.ended:
            self._finish("customer_hangup")
        return []

    # ---- a turn ---------------------------------------------------------------------------
    def _apply(self, d: Decision, node_id: str, number: int, text: str, at: Any,
               actions: list[Action]) -> None:
        s, r = self.engine.script, self.result
        kind = d.kind
        if kind == "no_match":
            r.unanswered.append(Unanswered(node_id, number, text, at))
            self._handler_turn(node_id, "no_match", d, actions)
            return
        if d.intent is not None:
            r.intents.append(IntentHit(number, d.intent, d.keyword or "", node_id))
        if kind == "opt_out":
            entry = s.faq_for(d.intent)
            if entry is not None and entry.reply:
                self._say(entry.reply, f"faq.{entry.intent}", None, actions)
            else:
                self._say(builtin_line(s.language, "builtin.opt_out"), "builtin.opt_out", None,
                          actions)
            r.flags.append("do_not_call")
            self._finish("opt_out", actions)
            return
        if d.intent in self.engine.refusal_intents:
            r.counters["refusals"] += 1
            if r.counters["refusals"] > s.limits.max_refusals:
                d.limit = "refusals"
                d.explanation += (f"; refusal {r.counters['refusals']} is above max_refusals "
                                  f"{s.limits.max_refusals}")
                self._to_limit(actions)
                return
        if d.kind == "branch":
            self._enter(s.nodes[node_id].branches[d.branch].goto, actions)
        elif d.kind == "faq":
            entry = s.faq[d.faq]
            self._say(entry.reply, f"faq.{entry.intent}", None, actions)
            if entry.goto:
                self._enter(entry.goto, actions)
            elif entry.then == "hangup":
                self._finish("completed", actions)
        elif d.kind == "refusal":  # handled by no branch, within the limit: ask again
            self._reprompt(node_id, "no_match", actions)

    def _silence(self, node_id: str, actions: list[Action]) -> Decision:
        d = Decision("no_input", explanation="silence")
        self._handler_turn(node_id, "no_input", d, actions)
        return d

    def _handler_turn(self, node_id: str, kind: str, d: Decision, actions: list[Action]) -> None:
        s, r = self.engine.script, self.result
        counts = r.counters[kind]
        counts[node_id] = counts.get(node_id, 0) + 1
        maximum = s.limits.max_no_match if kind == "no_match" else s.limits.max_no_input
        if counts[node_id] <= maximum:
            self._reprompt(node_id, kind, actions)
            return
        d.limit = kind
        d.explanation += f"; {kind} {counts[node_id]} at {node_id} is above max_{kind} {maximum}"
        handler = getattr(s.nodes[node_id], kind)
        then = handler.then if handler is not None else None
        if then and then != s.limits.on_limit:
            self._enter(then, actions)
        else:
            self._to_limit(actions)

    def _reprompt(self, node_id: str, kind: str, actions: list[Action]) -> None:
        node = self.engine.script.nodes[node_id]
        handler = getattr(node, kind)
        if handler is not None and handler.reply:
            self._say(handler.reply, f"{node_id}.{kind}", node_id, actions)
        else:
            self._say(node.say, node_id, node_id, actions)

    # ---- moving ---------------------------------------------------------------------------
    def _to_limit(self, actions: list[Action]) -> None:
        s = self.engine.script
        self._limit_hit = True
        if s.limits.on_limit:
            self._enter(s.limits.on_limit, actions)
        else:
            self._say(builtin_line(s.language, "builtin.goodbye"), "builtin.goodbye", None,
                      actions)
            self._finish("limit", actions)

    def _enter(self, node_id: str, actions: list[Action]) -> None:
        """Go to a node: say its prompt, follow `next`, stop at a listening node or the end."""
        s, r = self.engine.script, self.result
        said = self.engine.listening_said(node_id)
        if said is not None and not self._limit_hit:  # the common move: say, then listen
            r.path.append(node_id)
            self.node = node_id
            actions.append(said[0])
            r.transcript.append(said[1])
            return
        nodes = s.nodes
        for _ in range(len(nodes) + 1):
            node = nodes.get(node_id)
            if node is None:  # only in a script that failed validation: end politely
                r.flags.append("broken_reference")
                self._say(builtin_line(s.language, "builtin.goodbye"), "builtin.goodbye", None,
                          actions)
                self._finish("limit", actions)
                return
            r.path.append(node_id)
            self.node = node_id
            said = self.engine.node_said(node_id)
            if said is None:
                self._say(node.say, node_id, node_id, actions)
            else:
                actions.append(said[0])
                r.transcript.append(said[1])
            if node.end == "hangup":
                self._finish("completed", actions)
                return
            if node.end == "transfer":
                r.transfer_to = node.transfer_to
                actions.append(Action("transfer", node.transfer_fallback or "", None, node_id,
                                      node.transfer_to))
                self._finish("transferred", actions, hang_up=False)
                return
            if node.next is None:
                if self._limit_hit:  # a limit always ends the call
                    self._finish("limit", actions)
                return
            node_id = node.next
        r.flags.append("next_loop")  # a cycle of `next` nodes: validation reports it
        self._finish("limit", actions)

    def _say(self, text: str, prompt_id: Optional[str], node: Optional[str],
             actions: list[Action]) -> None:
        if "{" in text:
            spoken = self.engine.fill_variables(text, self.values)
            said = Action("say", spoken, prompt_id, node), Line("robot", spoken, node, prompt_id)
        else:
            said = self.engine.said(text, prompt_id, node)
        actions.append(said[0])
        self.result.transcript.append(said[1])

    def _finish(self, reason: str, actions: Optional[list[Action]] = None,
                hang_up: bool = True) -> None:
        r = self.result
        if self._limit_hit and reason in ("completed", "transferred"):
            reason = "limit"
        r.end_reason = reason
        if hang_up and actions is not None:
            actions.append(Action("hangup", node=self.node))
        r.grade, r.grade_rule = grade_call(self.engine.script.grading, r)
