"""What a call produces: the robot's actions, each turn's decision, and the call result."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from designer.engine.matcher import Evaluation


# Records made on every turn: slotted, not frozen (a frozen dataclass costs 5x as much to make).
# They are never changed after they are made; unsafe_hash keeps them hashable as before.
@dataclass(slots=True, unsafe_hash=True)
class Action:
    kind: str  # say | hangup | transfer
    text: str = ""
    prompt_id: Optional[str] = None  # which prompt (audio file) this is
    node: Optional[str] = None
    target: Optional[str] = None  # transfer queue


@dataclass(slots=True, unsafe_hash=True)
class Line:
    speaker: str  # robot | caller
    text: str  # caller: as said; "" for silence
    node: Optional[str] = None
    prompt_id: Optional[str] = None
    silence: bool = False


class Decision:
    """How one customer turn was handled and why.

    The explanation is written when someone reads it (the simulator, a test report), not on
    every turn: the standard one of each kind is built from the fields; one given to the
    constructor or assigned (the session appends the limit that fired with +=) is kept."""

    __slots__ = ("kind", "intent", "keyword", "branch", "faq", "limit", "_explanation", "_node")
    __hash__ = None  # mutable, as the dataclass it was

    def __init__(self, kind: str, intent: Optional[str] = None, keyword: Optional[str] = None,
                 branch: Optional[int] = None, faq: Optional[int] = None,
                 limit: Optional[str] = None, explanation: Optional[str] = None,
                 node: Optional[str] = None):
        self.kind = kind  # opt_out | branch | faq | refusal | no_match | no_input | turn_limit
        self.intent = intent
        self.keyword = keyword
        self.branch = branch  # index into the node's branches
        self.faq = faq  # index into script.faq
        self.limit = limit  # which limit fired: refusals | no_match | no_input | turns
        self._explanation = explanation  # None: the standard explanation of the kind
        self._node = node  # the node a branch belongs to, for its explanation

    @property
    def explanation(self) -> str:
        if self._explanation is None:
            self._explanation = self._standard_explanation()
        return self._explanation

    @explanation.setter
    def explanation(self, text: str) -> None:
        self._explanation = text

    def _standard_explanation(self) -> str:
        kind, intent = self.kind, self.intent
        if kind == "opt_out":
            return f"opt-out intent {intent} always wins"
        if kind == "branch":
            return f"branch {self.branch + 1} of {self._node} ({intent})"
        if kind == "faq":
            return f"faq entry {self.faq + 1} ({intent})"
        if kind == "refusal":
            return f"refusal {intent}, handled by no branch"
        if kind == "no_match":
            return "no intent of this node matched"
        return ""

    def _fields(self) -> tuple:
        return (self.kind, self.intent, self.keyword, self.branch, self.faq, self.limit,
                self.explanation)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    def __repr__(self) -> str:
        return ("Decision(kind={!r}, intent={!r}, keyword={!r}, branch={!r}, faq={!r}, "
                "limit={!r}, explanation={!r})".format(*self._fields()))


@dataclass(slots=True)
class TurnRecord:
    number: int
    text: Optional[str]  # None for silence
    node: Optional[str]  # the node the robot was listening at
    decision: Decision
    after: Optional[str]  # the node the robot is at after its reply (last node if ended)
    evaluation: Optional[Evaluation] = None


@dataclass(slots=True, unsafe_hash=True)
class IntentHit:
    turn: int
    intent: str
    keyword: str
    node: Optional[str]


@dataclass(slots=True, unsafe_hash=True)
class Unanswered:
    node: Optional[str]
    turn: int
    text: str
    time: Any = None


@dataclass
class CallResult:
    transcript: list[Line] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    turns: list[TurnRecord] = field(default_factory=list)
    intents: list[IntentHit] = field(default_factory=list)
    counters: dict[str, Any] = field(default_factory=dict)
    end_reason: Optional[str] = None  # None while the call goes on
    flags: list[str] = field(default_factory=list)
    grade: Optional[str] = None
    grade_rule: Optional[str] = None  # the label (or grade) of the rule that decided; "default"
    unanswered: list[Unanswered] = field(default_factory=list)
    transfer_to: Optional[str] = None
    variables: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "transcript": [{k: v for k, v in asdict(x).items() if v not in (None, False)}
                           for x in self.transcript],
            "path": list(self.path),
            "intents": [asdict(h) for h in self.intents],
            "counters": self.counters,
            "end_reason": self.end_reason,
            "flags": list(self.flags),
            "grade": self.grade,
            "grade_rule": self.grade_rule,
            "unanswered": [asdict(u) for u in self.unanswered],
            "transfer_to": self.transfer_to,
        }


# ---- the records of a turn, made without their class call ------------------------------------
# A call to a class with a Python __init__ goes through the type's init slot into a second
# interpreter frame: about twice what making the object and setting its fields costs. The turn
# makes its records that way: new_decision here; the caller's line, the intent hit and the turn
# record inline in CallSession.utter; the evaluation and its hit in Matcher.evaluate_at. Each
# sets every field (tests/core/test_engine_records.py reads every field of every record of
# generated calls, and compares with the class call).
_new = object.__new__


def new_decision(kind: str, intent: Optional[str], keyword: Optional[str],
                 branch: Optional[int], faq: Optional[int], node: Optional[str]) -> Decision:
    """Decision(kind, intent, keyword, branch, faq, node=node): the standard explanation of
    its kind, no limit."""
    x = _new(Decision)
    x.kind = kind
    x.intent = intent
    x.keyword = keyword
    x.branch = branch
    x.faq = faq
    x.limit = None
    x._explanation = None
    x._node = node
    return x
