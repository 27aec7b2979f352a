"""`lint`: every check of a script in one call — structure, graph, keywords, compliance under
the chosen policies (plus those the script declares), and audio when the script has a file.

This is the single entry point for the command line, the window's Problems dock and export.
It is pure apart from the optional audio check (which reads the script's audio folder) and the
policy files (read once per process): same script, same policies -> same list, in line order.
"""
from __future__ import annotations

from typing import Sequence

from designer.analysis.compliance import check_compliance, resolve_policies
from designer.analysis.graph import check_graph
from designer.analysis.keywords import check_keywords
from designer.analysis.policies import PolicyError, available_policies
from designer.analysis.structure import check_structure
from designer.engine import Engine
from designer.model import Problem, Script
from designer.model.messages import Msg
from designer.gcpause import collector_paused

__all__ = ["CODES", "lint_script", "blocking_problems", "applied_policies",
           "available_policies", "PolicyError"]

_RANK = {"error": 0, "warning": 1, "info": 2}

# The codes lint adds to those of structure (validate), one line each: for documentation,
# tooltips and tests. Compliance codes are errors under a chosen policy, warnings otherwise
# (except C-IMPERSONATION, an error everywhere).
CODES: dict[str, str] = {
    # graph.py
    "W-UNREACHABLE": "no branch, next, handler, faq goto or limit leads to the node",
    "W-NO-END": "a listening node from which nothing leads on to an end node",
    "W-LOOP-NO-EXIT": "nodes that lead only into each other, never to an end node",
    "W-SELF-LOOP": "a branch (or handler then) back to its own node, bounded only by max_turns",
    "W-ON-LIMIT-NOT-END": "limits.on_limit listens instead of ending the call",
    "W-ON-LIMIT-TRANSFER": "limits.on_limit hands a person who refused to an agent",
    "E-UNDECLARED-VAR": "a prompt uses a {variable} that is not declared",
    "W-UNUSED-VAR": "a declared variable no prompt uses",
    # keywords.py
    "W-BRANCH-NEVER-FIRES": "every keyword of the branch goes elsewhere at its node",
    "W-KEYWORD-SHADOWED": "a keyword that never reaches its branch (regex, exclude, a&b)",
    "W-DUPLICATE-KEYWORD": "the same keyword in two intents live at one node",
    "I-KEYWORD-CONTAINS": "a keyword inside a longer keyword of another live intent",
    "W-EMPTY-INTENT": "an intent with no keyword that can match",
    "W-EMPTY-KEYWORD": "a keyword that is only spaces or punctuation",
    "W-REGEX-MATCHES-EMPTY": "a re: pattern that matches the empty text, so almost anything",
    "W-REGEX-SLOW": "a re: pattern that backtracks so long on some utterances that the engine gives up",
    "I-FAQ-BRANCH": "a faq intent that is also a branch somewhere (the branch wins there)",
    "W-FAQ-NEVER-FIRES": "a second faq entry for the same intent",
    "W-OPT-OUT-ROUTE": "a goto on the opt-out faq entry, which the engine ignores",
    "I-UNUSED-INTENT": "an intent no branch, faq entry or grading rule uses",
    # compliance.py
    "C-AI-DISCLOSURE": "the opening does not say the caller is an AI before any question",
    "C-IDENTIFY": "the opening does not name business.legal_name before any question",
    "C-OPT-OUT-INTENT": "no opt_out intent with a keyword",
    "C-OPT-OUT-NOTICE": "the opening does not say how to stop the calls",
    "C-OPT-OUT-REPLY": "the opt-out reply asks something or does not confirm",
    "C-ROBOT-ANSWER": "\"are you a robot?\" is not answered, or not truthfully",
    "C-IMPERSONATION": "a prompt claims to be a person",
    "C-REFUSAL-INTENT": "no refusal intent, so refusals are not counted",
    "C-MAX-REFUSALS": "limits.max_refusals above the policy's cap",
    "C-CALLING-WINDOW": "calling window missing, without timezone, or outside allowed hours",
    "C-CALLBACK-NUMBER": "business.callback_number missing or never said",
    "C-CONSENT": "business.consent missing, without source, or a basis the policy rejects",
    "C-NUMBER-SOURCE": "business.number_source not declared",
    "C-RIGHT-TO-OBJECT": "no prompt tells of the right to object",
    "C-TRANSFER-FALLBACK": "a transfer without a line for when no agent answers",
    # lint.py / compliance.py
    "E-POLICY": "the script declares a policy that does not exist",
    "W-AUDIO-CHECK": "the audio check itself failed",
}


def lint_script(script: Script, policies: Sequence[str] = ()) -> list[Problem]:
    """All problems of the script, sorted by line. `policies` are policy ids ("cn", "us", ...,
    or one comma-separated string); the script's own `policies:` are applied too.
    Raises PolicyError for an unknown id in `policies` (one the script declares is reported as
    a problem E-POLICY instead)."""
    with collector_paused():  # it allocates much, all acyclic (see designer/gcpause.py)
        problems = check_structure(script)
        problems += check_graph(script)
        problems += check_keywords(script, Engine(script))
        problems += check_compliance(script, policies)
        problems += _audio_problems(script)
        return sorted(problems, key=_order)


def blocking_problems(script: Script, policies: Sequence[str] = ()) -> list[Problem]:
    """The problems that stop an export: every error, compliance failures of the chosen and
    declared policies included."""
    return [p for p in lint_script(script, policies) if p.severity == "error"]


def applied_policies(script: Script, policies: Sequence[str] = ()) -> list[str]:
    """Ids of the policies lint applies: those asked for, then those the script declares."""
    return [p.id for p in resolve_policies(script, policies)[0]]


def _order(p: Problem) -> tuple:
    return (p.line or 0, p.column or 0, _RANK.get(p.severity, 3), p.code, p.node or "",
            p.message)


def _audio_problems(script: Script) -> list[Problem]:
    """Stale or missing audio (designer.audio, built separately): only for a saved script."""
    if not script.path:
        return []
    try:
        import designer.audio as audio
    except ImportError:
        return []
    check = getattr(audio, "audio_problems", None)
    if check is None:
        try:
            from designer.audio.checks import audio_problems as check
        except ImportError:
            return []
    try:
        return list(check(script))
    except Exception as exc:  # a broken audio check must not hide the other problems
        return [Problem.of("warning", Msg("W-AUDIO-CHECK", detail=str(exc)),
                           script.source.file or script.path)]
