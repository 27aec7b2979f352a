"""Audio checks for `callscript lint` and the problems list of the window.

    audio_problems(script) -> list[Problem]

One warning W-AUDIO-STALE per prompt whose audio no longer matches its text (or voice), placed on
the prompt's line in the script and its node; one info I-AUDIO-MISSING summarizing the prompts
with no audio. A damaged audio/index.json gives one warning W-AUDIO-INDEX. A script that was
never saved has no audio folder and gets no audio problems.
"""
from __future__ import annotations

from typing import Optional

from designer.audio.errors import AudioError
from designer.audio.library import PromptAudio, prompt_states
from designer.model import Problem, Script


def _line_of(script: Script, st: PromptAudio) -> Optional[int]:
    src = script.source
    if st.node is not None:
        path: tuple = ("flow", "nodes", st.node)
        detail = {"say": ("say",), "no_match": ("no_match", "reply"),
                  "no_input": ("no_input", "reply"),
                  "transfer_fallback": ("transfer_fallback",)}.get(st.kind, ())
        return src.line_of(*path, *detail)
    if st.kind == "faq":
        intent = st.id.split(".", 1)[1]
        for i, entry in enumerate(script.faq):
            if entry.intent == intent:
                return src.line_of("faq", i, "reply")
    return None


def audio_problems(script: Script) -> list[Problem]:
    if not script.path:
        return []
    file = script.source.file or str(script.path)
    try:
        states = prompt_states(script)
    except AudioError as exc:
        return [Problem("warning", "W-AUDIO-INDEX", str(exc), file)]
    problems: list[Problem] = []
    for st in states:
        if st.state == "stale":
            problems.append(Problem(
                "warning", "W-AUDIO-STALE",
                f"audio of prompt {st.id!r} is stale ({st.stale_reason} since its "
                f"{st.source} audio was made): run `callscript audio FILE --missing` or record "
                "it again", file, _line_of(script, st), None, st.node))
    missing = [st.id for st in states if st.state == "missing"]
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8
                                          else "")
        problems.append(Problem(
            "info", "I-AUDIO-MISSING",
            f"{len(missing)} of {len(states)} prompts have no audio yet ({shown}): "
            "`callscript audio FILE --missing` synthesizes them", file))
    return problems
