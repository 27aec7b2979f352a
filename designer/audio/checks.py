"""Audio checks for `callscript lint` and the problems list of the window.

    audio_problems(script) -> list[Problem]

One warning W-AUDIO-STALE per prompt whose audio no longer matches its text (or voice), placed on
the prompt's line in the script and its node; one info I-AUDIO-MISSING summarizing the prompts
with no audio. A damaged audio/index.json gives one warning W-AUDIO-INDEX. A script that was
never saved has no audio folder and gets no audio problems.
"""
from __future__ import annotations

import re
from typing import Optional

from designer.audio.errors import AudioError
from designer.audio.library import PromptAudio, prompt_states
from designer.model import Problem, Script
from designer.model.messages import Msg, names, term


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


_DAMAGED = re.compile(r"(.*): damaged audio index \((.*)\); fix or delete it \(the audio files "
                      r"stay, their state is then re-learned\)\Z", re.S)


def _index_msg(text: str) -> Msg:
    """W-AUDIO-INDEX from the index's AudioError text (audio/index.py): the damaged-index one
    with its path and the parser's words as parameters, any other as it is."""
    m = _DAMAGED.match(text)
    if m is not None:
        msg = Msg("W-AUDIO-INDEX.damaged", path=m.group(1), error=m.group(2))
        if msg.render("en") == text:
            return msg
    return Msg("W-AUDIO-INDEX", detail=text)


def audio_problems(script: Script) -> list[Problem]:
    if not script.path:
        return []
    file = script.source.file or str(script.path)
    try:
        states = prompt_states(script)
    except AudioError as exc:
        return [Problem.of("warning", _index_msg(str(exc)), file)]
    problems: list[Problem] = []
    for st in states:
        if st.state == "stale":
            problems.append(Problem.of(
                "warning", Msg("W-AUDIO-STALE", prompt=st.id,
                               reason=term("_stale", st.stale_reason),
                               source=term("_source", st.source)),
                file, _line_of(script, st), None, st.node))
    missing = [st.id for st in states if st.state == "missing"]
    if missing:
        problems.append(Problem.of(
            "info", Msg("I-AUDIO-MISSING", missing=len(missing), total=len(states),
                        shown=names(missing, 8)), file))
    return problems
