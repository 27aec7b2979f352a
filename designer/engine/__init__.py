"""The engine: normalization, keyword matching, one call as a pure state machine, grading.
The simulator, the command line and an exported package all run this one engine."""
from designer.engine.engine import Engine
from designer.engine.matcher import Evaluation, Hit, Matcher
from designer.engine.normalize import normalize
from designer.engine.results import Action, CallResult, Decision, Line, TurnRecord
from designer.engine.session import CallSession

__all__ = ["Action", "CallResult", "CallSession", "Decision", "Engine", "Evaluation", "Hit",
           "Line", "Matcher", "TurnRecord", "normalize"]
