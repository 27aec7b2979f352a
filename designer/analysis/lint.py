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

__all__ = ["lint_script", "blocking_problems", "applied_policies", "available_policies",
           "PolicyError"]

_RANK = {"error": 0, "warning": 1, "info": 2}


def lint_script(script: Script, policies: Sequence[str] = ()) -> list[Problem]:
    """All problems of the script, sorted by line. `policies` are policy ids ("cn", "us", ...,
    or one comma-separated string); the script's own `policies:` are applied too.
    Raises PolicyError for an unknown id in `policies` (one the script declares is reported as
    a problem E-POLICY instead)."""
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
        return [Problem("warning", "W-AUDIO-CHECK", f"the audio check failed: {exc}",
                        script.source.file or script.path)]
