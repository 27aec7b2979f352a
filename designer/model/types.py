"""Value types of a call script. All are frozen: an edit replaces a value, never mutates it,
so undo is a matter of putting the old value back and the engine can cache by identity."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

INTENT_KINDS = ("normal", "refusal", "opt_out", "robot_question")
END_KINDS = ("hangup", "transfer")
FAQ_THEN = ("resume", "hangup")
END_REASONS = ("completed", "transferred", "opt_out", "limit", "customer_hangup")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Voice:
    engine: str = "pyttsx3"
    voice: str = ""
    rate: int = 170


@dataclass(frozen=True)
class Consent:
    basis: str = ""
    source: str = ""


@dataclass(frozen=True)
class Business:
    legal_name: str = ""
    callback_number: str = ""
    purpose: str = ""
    consent: Optional[Consent] = None
    number_source: str = ""  # where the called number came from (GDPR Art. 14)


@dataclass(frozen=True)
class CallingWindow:
    timezone: str = ""
    days: tuple[str, ...] = ()
    hours: tuple[str, ...] = ()


@dataclass(frozen=True)
class Limits:
    max_turns: int = 12
    max_refusals: int = 1
    max_no_match: int = 2
    max_no_input: int = 2
    on_limit: Optional[str] = None  # node id; None: a built-in goodbye line, then hang up


@dataclass(frozen=True)
class Variable:
    label: str = ""
    example: str = ""


@dataclass(frozen=True)
class Intent:
    label: str = ""
    kind: str = "normal"
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Branch:
    intent: str
    goto: str


@dataclass(frozen=True)
class Handler:
    """A node's no-match or no-input handler."""

    reply: Optional[str] = None  # None: say the node's prompt again
    audio: Optional[str] = None
    then: Optional[str] = None  # node id; None: limits.on_limit


@dataclass(frozen=True)
class Node:
    say: str = ""
    audio: Optional[str] = None
    branches: tuple[Branch, ...] = ()
    next: Optional[str] = None
    end: Optional[str] = None  # "hangup" | "transfer" | None
    transfer_to: Optional[str] = None
    transfer_fallback: Optional[str] = None
    transfer_fallback_audio: Optional[str] = None
    no_match: Optional[Handler] = None
    no_input: Optional[Handler] = None
    position: Optional[tuple[float, float]] = None
    note: str = ""

    @property
    def listens(self) -> bool:
        return self.end is None and self.next is None

    @property
    def kind(self) -> str:
        """listen | next | end: how the node behaves after its prompt."""
        if self.end is not None:
            return "end"
        if self.next is not None:
            return "next"
        return "listen"


@dataclass(frozen=True)
class FaqEntry:
    intent: str
    reply: str = ""
    audio: Optional[str] = None
    then: str = "resume"  # resume | hangup (ignored when goto is set)
    goto: Optional[str] = None


@dataclass(frozen=True)
class Condition:
    reached_any: tuple[str, ...] = ()
    reached_all: tuple[str, ...] = ()
    intents_any: tuple[str, ...] = ()
    intents_all: tuple[str, ...] = ()
    min_turns: Optional[int] = None
    max_refusals: Optional[int] = None
    end_reason: tuple[str, ...] = ()  # any of these


@dataclass(frozen=True)
class GradingRule:
    grade: str
    label: str = ""
    when: Condition = field(default_factory=Condition)


@dataclass(frozen=True)
class Grading:
    default: str = "D"
    rules: tuple[GradingRule, ...] = ()
