"""The dialer package (DESIGN.md 5): a zip a dialer runs without the designer.

    manifest.json   what the package is: script, generator, audio format, business, calling
                    window, limits, lint summary, and every other file with sha256 and bytes
                    (audio also with duration_ms)
    script.json     the compiled script (see compile_script): the full script data with every
                    default explicit, a `normalized` view of the keywords and the prompt list
    audio/ID.wav    8000 Hz mono 16-bit PCM, one per prompt, named by prompt id
    vxml/NAME.vxml  optional VoiceXML 2.1 rendition (target "vxml")

    export_package(script, out_path, policies=(), targets=("package",), progress=None,
                   cancel=None) -> ExportReport

A package is only written when the script has no blocking problem: structure errors and failed
compliance checks of the chosen policies plus the script's declared `policies`. It is built in
memory and written with a temporary file and a rename, so a refused, failed or cancelled export
leaves no file, not even half a zip. The same script exported twice gives the same bytes: zip
entries are sorted, every timestamp is 1980-01-01 and nothing in the package holds a time.

Missing or stale synthesized audio is synthesized first through designer.audio (into the
script's audio/ folder, cached). A stale recording (its text changed after it was recorded) is
blocking: the dialer would play words the script no longer says.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
import threading
import wave
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

from designer import __version__
from designer.engine.matcher import KeywordError, parse_keyword
from designer.model import Problem, Script, ScriptFileError, iter_prompts
from designer.model.messages import Msg, term

PACKAGE_FORMAT = "callscript-package"
PACKAGE_VERSION = 1
SCRIPT_FORMAT = "callscript-compiled-script"
SCRIPT_VERSION = 1
GENERATOR = "callscript-studio"
TARGETS = ("package", "vxml")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
NORMALIZATION = ("NFKC, case-fold, traditional to simplified Chinese, whitespace and "
                 "punctuation removed; a gap between two Latin letters or digits becomes one "
                 "space (docs/FORMAT.md)")
AUDIO_FORMAT = {"container": "wav", "encoding": "pcm_s16le", "sample_rate": 8000,
                "channels": 1, "bits_per_sample": 16}

# progress(stage, done, total, item): stage is check | audio | pack | write
ProgressCallback = Callable[[str, int, int, Optional[str]], None]


class ExportError(Exception):
    """The package could not be built for a reason outside the script (disk, speech engine)."""


@dataclass
class ExportReport:
    path: Optional[str] = None  # the package written; None when refused or cancelled
    policies: tuple[str, ...] = ()
    blocking: list[Problem] = field(default_factory=list)  # why nothing was written
    problems: list[Problem] = field(default_factory=list)  # warnings and infos of lint
    files: list[dict] = field(default_factory=list)  # the manifest's file list
    synthesized: list[str] = field(default_factory=list)  # prompt ids made during export
    bytes: int = 0
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.path is not None

    def to_json(self) -> dict:
        return {"written": self.ok, "path": self.path, "policies": list(self.policies),
                "blocking": [p.to_json() for p in self.blocking],
                "problems": [p.to_json() for p in self.problems],
                "files": self.files, "synthesized": self.synthesized, "bytes": self.bytes,
                "cancelled": self.cancelled}


# ---- the compiled script (script.json) ------------------------------------------------------
def prompt_audio_name(prompt_id: str) -> str:
    """Where a prompt's audio lives inside a package."""
    return f"audio/{prompt_id}.wav"


def spoken_prompt_ids(script: Script) -> list[str]:
    """Prompts with something to say: each has one audio file in a package."""
    return [p.id for p in iter_prompts(script) if p.text and p.text.strip()]


def compile_script(script: Script) -> dict:
    """script.json: everything the engine needs, explicit, plus what a dialer's own matcher
    or player wants. Audio paths point into the package (audio/<prompt id>.wav)."""
    spoken = set(spoken_prompt_ids(script))
    return {
        "format": SCRIPT_FORMAT,
        "version": SCRIPT_VERSION,
        "script": _explicit(script, spoken),
        "normalized": normalized_keywords(script),
        "prompts": [
            {"id": p.id, "kind": p.kind, "node": p.node, "text": p.text,
             "variables": p.variables, "audio": prompt_audio_name(p.id)}
            for p in iter_prompts(script) if p.id in spoken
        ],
    }


def _audio(spoken: set[str], prompt_id: str) -> Optional[str]:
    return prompt_audio_name(prompt_id) if prompt_id in spoken else None


def _explicit(s: Script, spoken: set[str]) -> dict:
    """The script's data with every field present (None where unset), in the script file's
    key order. faq `then` is null when `goto` is set (the file format allows only one)."""
    b, w, lim, g = s.business, s.calling_window, s.limits, s.grading
    return {
        "callscript": 1, "name": s.name, "version": s.version, "language": s.language,
        "voice": {"engine": s.voice.engine, "voice": s.voice.voice, "rate": s.voice.rate},
        "policies": list(s.policies),
        "business": {"legal_name": b.legal_name, "callback_number": b.callback_number,
                     "purpose": b.purpose, "number_source": b.number_source,
                     "consent": None if b.consent is None else
                     {"basis": b.consent.basis, "source": b.consent.source}},
        "calling_window": None if w is None else
        {"timezone": w.timezone, "days": list(w.days), "hours": list(w.hours)},
        "limits": {"max_turns": lim.max_turns, "max_refusals": lim.max_refusals,
                   "max_no_match": lim.max_no_match, "max_no_input": lim.max_no_input,
                   "on_limit": lim.on_limit},
        "variables": {k: {"label": v.label, "example": v.example}
                      for k, v in s.variables.items()},
        "intents": {k: {"label": i.label, "kind": i.kind, "keywords": list(i.keywords),
                        "exclude": list(i.exclude)} for k, i in s.intents.items()},
        "flow": {"start": s.start,
                 "nodes": {nid: _explicit_node(nid, n, spoken) for nid, n in s.nodes.items()}},
        "faq": [{"intent": e.intent, "reply": e.reply,
                 "audio": _audio(spoken, f"faq.{e.intent}"),
                 "then": None if e.goto else e.then, "goto": e.goto} for e in s.faq],
        "grading": {"default": g.default, "rules": [
            {"grade": r.grade, "label": r.label, "when": {
                "reached_any": list(r.when.reached_any), "reached_all": list(r.when.reached_all),
                "intents_any": list(r.when.intents_any), "intents_all": list(r.when.intents_all),
                "min_turns": r.when.min_turns, "max_refusals": r.when.max_refusals,
                "end_reason": list(r.when.end_reason)}} for r in g.rules]},
    }


def _explicit_node(nid: str, n, spoken: set[str]) -> dict:
    def handler(kind: str) -> Optional[dict]:
        h = getattr(n, kind)
        if h is None:
            return None
        return {"reply": h.reply, "audio": _audio(spoken, f"{nid}.{kind}"), "then": h.then}

    return {
        "say": n.say, "audio": _audio(spoken, nid),
        "branches": [{"intent": br.intent, "goto": br.goto} for br in n.branches],
        "next": n.next, "end": n.end, "transfer_to": n.transfer_to,
        "transfer_fallback": n.transfer_fallback,
        "transfer_fallback_audio": _audio(spoken, f"{nid}.transfer_fallback"),
        "no_match": handler("no_match"), "no_input": handler("no_input"),
        "position": list(n.position) if n.position is not None else None, "note": n.note,
    }


def normalized_keywords(script: Script) -> dict:
    """Each keyword as the engine compares it: phrase (one normalized part), all (a&b: every
    part must occur) or regex (searched in the normalized utterance, case-insensitive)."""
    from designer.engine.normalize import normalize

    intents: dict[str, Any] = {}
    for iid, intent in script.intents.items():
        keywords = []
        for i, kw in enumerate(intent.keywords):
            try:
                spec = parse_keyword(iid, i, kw)
            except KeywordError:
                spec = None
            if spec is None:
                keywords.append({"keyword": kw, "form": "none", "parts": []})
            elif spec.form == "regex":
                keywords.append({"keyword": kw, "form": "regex", "parts": [],
                                 "pattern": spec.regex.pattern})
            else:
                keywords.append({"keyword": kw, "form": spec.form, "parts": list(spec.parts)})
        excludes = [n for n in (normalize(x) for x in intent.exclude) if n]
        intents[iid] = {"kind": intent.kind, "keywords": keywords, "exclude": excludes}
    return {"normalization": NORMALIZATION, "intents": intents}


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def script_from_compiled(compiled: dict, file: str = "script.json") -> Script:
    """Rebuild the Script from script.json's `script` part through the script file's own
    reader (every type and reference checked as for a .yaml file). ScriptFileError when the
    data is not a valid script."""
    from designer.formats.script_yaml import parse_script
    from designer.formats.yaml_tree import dump_yaml

    data = compiled.get("script") if isinstance(compiled, dict) else None
    if not isinstance(data, dict):
        raise ScriptFileError([Problem.of("error", Msg("E-PACKAGE"), file)])
    script = parse_script(dump_yaml(_strip_nulls(data)), file)
    script.source.positions = {}  # lines of the intermediate YAML would mislead
    return script


def canonical_json(data: Any, sort_keys: bool = True) -> bytes:
    """The bytes of a JSON file in a package: UTF-8, two-space indent, one trailing newline.
    The manifest's keys are sorted; script.json keeps the script's order, because the order
    of intents and nodes is part of the script (which opt-out or refusal intent is chosen
    first, the canvas order) and the data is built in a fixed order anyway."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys,
                       allow_nan=False) + "\n").encode("utf-8")


# ---- checks -----------------------------------------------------------------------------------
def effective_policies(script: Script, policies: Sequence[str] = ()) -> tuple[str, ...]:
    """The chosen policies plus those the script declares, each once, in that order."""
    try:
        from designer.analysis.lint import applied_policies
    except ImportError:
        applied_policies = None
    if applied_policies is not None:
        return tuple(applied_policies(script, list(policies)))
    out: list[str] = []
    for name in list(policies) + list(script.policies):
        name = name.strip().lower()
        if name and name not in out:
            out.append(name)
    return tuple(out)


def _lint(script: Script, policies: Sequence[str]) -> list[Problem]:
    try:
        from designer.analysis.lint import lint_script
    except ImportError:  # lint not built in this checkout: structure is all we can check
        from designer.analysis.structure import check_structure

        return check_structure(script)
    return lint_script(script, list(policies))


def blocking(script: Script, policies: Sequence[str]) -> list[Problem]:
    """What stops an export: every error of lint under the policies (the script's declared
    policies included), or of the structural checks when lint is not there. ValueError (lint's
    PolicyError) for an unknown policy name."""
    try:
        from designer.analysis.lint import blocking_problems
    except ImportError:
        return [p for p in _lint(script, policies) if p.severity == "error"]
    return list(blocking_problems(script, list(policies)))


def non_blocking(script: Script, policies: Sequence[str]) -> list[Problem]:
    """Warnings and infos, for the manifest's lint summary."""
    return [p for p in _lint(script, policies) if p.severity != "error"]


def lint_summary(policies: Sequence[str], problems: Sequence[Problem]) -> dict:
    """For the manifest: counts and the non-blocking findings (no file paths: a package does
    not carry the layout of the writer's disk)."""
    return {
        "policies": list(policies),
        "errors": sum(p.severity == "error" for p in problems),
        "warnings": sum(p.severity == "warning" for p in problems),
        "infos": sum(p.severity == "info" for p in problems),
        "problems": [{"severity": p.severity, "code": p.code, "message": p.message,
                      "node": p.node} for p in problems],
    }


# ---- export -----------------------------------------------------------------------------------
def export_package(script: Script, out_path: str, policies: Sequence[str] = (),
                   targets: Sequence[str] = ("package",),
                   progress: Optional[ProgressCallback] = None,
                   cancel: Optional[threading.Event] = None) -> ExportReport:
    """Check, synthesize missing audio, build and write the package (see the module docstring).

    Returns a report: `ok` when written; otherwise `blocking` says why (or `cancelled`).
    Raises ValueError for an unknown target or policy, ExportError when the file cannot be
    written. From a worker thread, pass a copy (Script.copy()) of a script the window edits."""
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        raise ValueError(f"unknown export target {unknown[0]!r}; targets: {', '.join(TARGETS)}")
    _check_destination(out_path)  # before minutes of synthesis, not after
    notify = progress or (lambda stage, done, total, item: None)
    report = ExportReport(policies=effective_policies(script, policies))
    notify("check", 0, 1, None)
    report.blocking = blocking(script, report.policies)
    notify("check", 1, 1, None)
    if report.blocking:
        return report
    if not script.path:
        report.blocking.append(Problem.of("error", Msg("E-NOT-SAVED")))
        return report
    audio = _collect_audio(script, report, notify, cancel)
    if audio is None:  # blocked or cancelled; the report says which
        return report
    if _cancelled(cancel, report):
        return report
    # lint again for the manifest: audio problems found before synthesis are gone now
    report.problems = non_blocking(script, report.policies)
    compiled = compile_script(script)
    entries = _entries(script, compiled, audio, targets)
    manifest = build_manifest(script, compiled, entries, audio, report)
    report.files = manifest["files"]
    entries["manifest.json"] = canonical_json(manifest)
    data = _zip_bytes(entries, notify, cancel)
    if data is None or _cancelled(cancel, report):
        report.cancelled = True
        return report
    notify("write", 0, 1, out_path)
    _write(out_path, data)
    notify("write", 1, 1, out_path)
    report.path = os.path.abspath(out_path)
    report.bytes = len(data)
    return report


def _cancelled(cancel: Optional[threading.Event], report: ExportReport) -> bool:
    if cancel is not None and cancel.is_set():
        report.cancelled = True
        return True
    return False


@dataclass
class _Audio:
    data: bytes
    duration_ms: int
    source: Optional[str]
    needs_runtime_tts: bool


def _audio_problem(script: Script, msg: Msg, node: Optional[str]) -> Problem:
    line = column = None
    if node is not None:
        line, column = script.source.position_of("flow", "nodes", node)
    return Problem.of("error", msg, script.source.file or script.path or "", line, column, node)


_KEPT_STALE = re.compile(r"the (\w+) audio is stale \((.*)\): record or import it again, or use "
                         r"--force to replace it with synthesized speech\Z", re.S)


def _kept_stale(prompt: str, reason: str) -> Msg:
    """E-AUDIO-STALE for a recording synthesis kept (its reason is designer.audio's text)."""
    m = _KEPT_STALE.match(reason)
    if m is not None:
        msg = Msg("E-AUDIO-STALE.kept", prompt=prompt, source=term("_source", m.group(1)),
                  reason=term("_stale", m.group(2)))
        if msg.render("en") == f"prompt {prompt}: {reason}":
            return msg
    return Msg("E-AUDIO-STALE.other", prompt=prompt, detail=reason)


def _collect_audio(script: Script, report: ExportReport, notify: ProgressCallback,
                   cancel: Optional[threading.Event]) -> Optional[dict[str, _Audio]]:
    """Every spoken prompt's audio in phone format, synthesizing what is missing. None when a
    prompt has no usable audio (report.blocking says which) or the export was cancelled."""
    from designer.audio import AudioError, TtsError, prompt_states, synthesize_prompts

    tts_reason = ""
    try:
        synthesis = synthesize_prompts(
            script, progress=lambda done, total, pid: notify("audio", done, total, pid),
            cancel=cancel)
    except TtsError as exc:
        synthesis = None
        tts_reason = str(exc)
    except AudioError as exc:
        raise ExportError(str(exc)) from None
    if synthesis is not None:
        if synthesis.cancelled:
            report.cancelled = True
            return None
        report.synthesized = synthesis.synthesized + synthesis.from_cache
        for pid, reason in synthesis.kept_stale:
            report.blocking.append(_audio_problem(script, _kept_stale(pid, reason),
                                                  _node_of(script, pid)))
        for pid, message in synthesis.failed:
            report.blocking.append(_audio_problem(
                script, Msg("E-AUDIO-FAILED", prompt=pid, detail=message), _node_of(script, pid)))
    try:
        states = prompt_states(script)
    except AudioError as exc:
        raise ExportError(str(exc)) from None
    audio: dict[str, _Audio] = {}
    reported = {p.message.split(":", 1)[0] for p in report.blocking}
    for st in states:
        if st.file is None:
            why = Msg("_audio.no_tts", detail=tts_reason) if synthesis is None \
                else Msg("_audio.not_synthesized")
            report.blocking.append(_audio_problem(
                script, Msg("E-AUDIO-MISSING", prompt=st.id, why=why), st.node))
            continue
        if f"prompt {st.id}" in reported:
            continue
        if st.state == "stale":
            report.blocking.append(_audio_problem(
                script, Msg("E-AUDIO-STALE", prompt=st.id, source=term("_source", st.source),
                            reason=term("_stale", st.stale_reason)), st.node))
            continue
        try:
            data = _phone_bytes(str(st.file))
        except AudioError as exc:
            report.blocking.append(_audio_problem(
                script, Msg("E-AUDIO-FAILED", prompt=st.id, detail=str(exc)), st.node))
            continue
        audio[st.id] = _Audio(data, wav_duration_ms(data), st.source, st.needs_runtime_tts)
    return None if report.blocking else audio


def _node_of(script: Script, prompt_id: str) -> Optional[str]:
    node = prompt_id.split(".", 1)[0]
    return node if node in script.nodes else None


def _phone_bytes(path: str) -> bytes:
    """The file's bytes in phone format, converting a copy when it is not (the source file is
    never changed here)."""
    from designer.audio.processing import is_phone_format, to_phone_format

    if not is_phone_format(path):
        with tempfile.TemporaryDirectory(prefix="callscript-export-") as tmp:
            out = os.path.join(tmp, "phone.wav")
            to_phone_format(path, out)
            with open(out, "rb") as fh:
                return fh.read()
    with open(path, "rb") as fh:
        return fh.read()


def wav_duration_ms(data: bytes) -> int:
    with wave.open(io.BytesIO(data), "rb") as w:
        rate = w.getframerate()
        return int(round(w.getnframes() * 1000 / rate)) if rate else 0


def vxml_name(script: Script) -> str:
    """vxml/<script>.vxml: the script's name with anything but letters, digits, _ and - as _."""

    base = re.sub(r"[^\w\-]+", "_", script.name).strip("_") or "script"
    return f"vxml/{base[:80]}.vxml"


def _entries(script: Script, compiled: dict, audio: dict[str, _Audio],
             targets: Sequence[str]) -> dict[str, bytes]:
    entries = {"script.json": canonical_json(compiled, sort_keys=False)}
    for pid, a in audio.items():
        entries[prompt_audio_name(pid)] = a.data
    if "vxml" in targets:
        from designer.formats.vxml import script_to_vxml

        entries[vxml_name(script)] = script_to_vxml(script).encode("utf-8")
    return entries


def build_manifest(script: Script, compiled: dict, entries: dict[str, bytes],
                   audio: dict[str, _Audio], report: ExportReport) -> dict:
    files = []
    by_name = {prompt_audio_name(pid): (pid, a) for pid, a in audio.items()}
    for name in sorted(entries):
        data = entries[name]
        item: dict[str, Any] = {"path": name, "bytes": len(data),
                                "sha256": hashlib.sha256(data).hexdigest()}
        if name in by_name:
            pid, a = by_name[name]
            item.update(prompt=pid, duration_ms=a.duration_ms, source=a.source,
                        needs_runtime_tts=a.needs_runtime_tts)
        files.append(item)
    data = compiled["script"]
    return {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "generator": {"name": GENERATOR, "version": __version__},
        "script": {"name": script.name, "version": script.version, "language": script.language,
                   "start": script.start, "file": "script.json",
                   "sha256": hashlib.sha256(entries["script.json"]).hexdigest()},
        "business": data["business"],
        "calling_window": data["calling_window"],
        "limits": data["limits"],
        "policies": list(script.policies),
        "audio_format": dict(AUDIO_FORMAT),
        "files": files,
        "lint": lint_summary(report.policies, report.problems),
    }


def _zip_bytes(entries: dict[str, bytes], notify: ProgressCallback,
               cancel: Optional[threading.Event]) -> Optional[bytes]:
    """A zip with sorted entries, fixed timestamps and permissions: the same entries give the
    same bytes. None when cancelled."""
    buf = io.BytesIO()
    names = sorted(entries)
    with zipfile.ZipFile(buf, "w") as zf:
        for done, name in enumerate(names, start=1):
            if cancel is not None and cancel.is_set():
                return None
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permission bits below mean what they say
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            zf.writestr(info, entries[name], compresslevel=6)
            notify("pack", done, len(names), name)
    return buf.getvalue()


def _check_destination(out_path: str) -> None:
    if os.path.isdir(out_path):
        raise ExportError(f"{out_path}: is a folder; give the package's file name, e.g. "
                          f"{os.path.join(out_path, 'package.zip')}")
    folder = os.path.dirname(os.path.abspath(out_path))
    try:  # find out now, not after minutes of synthesis, whether the package can be written
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ExportError(f"{out_path}: cannot write there ({exc.strerror or exc})") from None


def _write(out_path: str, data: bytes) -> None:
    from designer.formats.atomic import atomic_write_bytes

    _check_destination(out_path)
    try:
        atomic_write_bytes(out_path, data)
    except OSError as exc:
        raise ExportError(f"{out_path}: cannot write the package ({exc.strerror or exc})") \
            from None
