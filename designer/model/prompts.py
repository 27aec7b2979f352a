"""Every line the robot can say, each with a stable id: the unit of audio and of coverage.

Prompt ids (also the audio file names in a package):
  NODE                     the node's `say`
  NODE.no_match            the node's no-match reply (when it has its own reply)
  NODE.no_input            the node's no-input reply (when it has its own reply)
  NODE.transfer_fallback   said when no agent answers a transfer
  faq.INTENT               a faq entry's reply
  builtin.opt_out          the built-in opt-out line (when no faq entry answers the opt-out intent)
  builtin.goodbye          the built-in line when a limit ends the call and on_limit is not set
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from designer.model.script import Script

VARIABLE_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

BUILTIN_LINES = {
    "zh": {
        "builtin.opt_out": "好的，已为您登记，以后不会再打扰您。再见。",
        "builtin.goodbye": "感谢您的接听，再见。",
    },
    "en": {
        "builtin.opt_out": "Understood. We will not call you again. Goodbye.",
        "builtin.goodbye": "Thank you for your time. Goodbye.",
    },
}


def builtin_line(language: str, prompt_id: str) -> str:
    lines = BUILTIN_LINES["zh" if language.lower().startswith(("zh", "cmn", "yue")) else "en"]
    return lines[prompt_id]


@dataclass(frozen=True)
class Prompt:
    id: str
    text: str
    audio: Optional[str]  # the script's audio path for it, relative to the script file
    node: Optional[str]  # the node it belongs to (None for faq and built-in lines)
    kind: str  # say | no_match | no_input | transfer_fallback | faq | builtin

    @property
    def variables(self) -> list[str]:
        return VARIABLE_RE.findall(self.text)


def iter_prompts(script: Script, include_builtin: bool = True) -> Iterator[Prompt]:
    for nid, node in script.nodes.items():
        yield Prompt(nid, node.say, node.audio, nid, "say")
        for kind in ("no_match", "no_input"):
            handler = getattr(node, kind)
            if handler is not None and handler.reply:
                yield Prompt(f"{nid}.{kind}", handler.reply, handler.audio, nid, kind)
        if node.end == "transfer" and node.transfer_fallback:
            yield Prompt(f"{nid}.transfer_fallback", node.transfer_fallback,
                         node.transfer_fallback_audio, nid, "transfer_fallback")
    seen: set[str] = set()
    for entry in script.faq:
        pid = f"faq.{entry.intent}"
        if pid not in seen:
            seen.add(pid)
            yield Prompt(pid, entry.reply, entry.audio, None, "faq")
    if include_builtin:
        for intent_id in script.intents_of_kind("opt_out"):
            if script.faq_for(intent_id) is None:
                yield Prompt("builtin.opt_out", builtin_line(script.language, "builtin.opt_out"),
                             None, None, "builtin")
                break
        if script.limits.on_limit is None:
            yield Prompt("builtin.goodbye", builtin_line(script.language, "builtin.goodbye"),
                         None, None, "builtin")


def fill_variables(text: str, values: dict[str, str]) -> str:
    """Replace {name} by its value; unknown names stay as written. Never evaluates anything."""
    return VARIABLE_RE.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)
