"""The script model: plain value types, the Script container with its mutation methods,
prompts and problems. No I/O and no Qt."""
from designer.model.events import EventHub, ModelEvent
from designer.model.problems import Problem, ProblemReport, ScriptFileError
from designer.model.prompts import Prompt, fill_variables, iter_prompts
from designer.model.script import ModelError, Script, SourceMap
from designer.model.types import (
    Branch, Business, CallingWindow, Condition, Consent, FaqEntry, Grading, GradingRule,
    Handler, Intent, Limits, Node, Variable, Voice,
)

__all__ = [
    "Branch", "Business", "CallingWindow", "Condition", "Consent", "EventHub", "FaqEntry",
    "Grading", "GradingRule", "Handler", "Intent", "Limits", "ModelError", "ModelEvent", "Node",
    "Problem", "ProblemReport", "Prompt", "Script", "ScriptFileError", "SourceMap", "Variable",
    "Voice", "fill_variables", "iter_prompts",
]
