"""Working with voice talent: hand them the lines, take back their recordings.

    export_talent_csv(script, path, only_needed=False) -> int    rows written
    import_talent_folder(script, folder) -> TalentImportReport

The CSV (UTF-8 with BOM, so spreadsheet programs show Chinese correctly) has the columns
id, text, state, file, note: `file` is the name the recording should have (`<id>.wav`), `note`
says when a line contains a {variable} read at call time. only_needed=True lists just the
prompts whose audio is missing or stale.

A folder of recordings is matched by file name: `opening.wav`, `opening.no_match.mp3`,
`faq.ask_price.ogg` (WAV always; MP3/OGG/M4A/FLAC with ffmpeg). Each file is trimmed, normalized
and converted to telephone format as an import; files that match no prompt, and files that fail,
are reported, never silently dropped.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from designer.audio.errors import AudioError
from designer.audio.library import import_audio, prompt_states
from designer.model import Script

AUDIO_SUFFIXES = (".wav", ".mp3", ".ogg", ".oga", ".m4a", ".flac", ".opus")
COLUMNS = ("id", "text", "state", "file", "note")


@dataclass
class TalentImportReport:
    imported: list[str] = field(default_factory=list)  # prompt ids
    unknown_files: list[str] = field(default_factory=list)  # names matching no prompt
    duplicates: list[str] = field(default_factory=list)  # a second file for the same prompt
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, message)
    still_missing: list[str] = field(default_factory=list)  # prompts with no audio after it

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_json(self) -> dict:
        return {"imported": self.imported, "unknown_files": self.unknown_files,
                "duplicates": self.duplicates,
                "failed": [{"file": f, "message": m} for f, m in self.failed],
                "still_missing": self.still_missing}


def export_talent_csv(script: Script, path, only_needed: bool = False) -> int:
    rows = []
    for st in prompt_states(script):
        if only_needed and st.state not in ("missing", "stale"):
            continue
        note = ""
        if st.needs_runtime_tts:
            names = ", ".join("{" + v + "}" for v in _variables(st.text))
            note = f"contains {names}: filled in at call time; read it as in the example"
        rows.append((st.id, st.text, st.state, f"{st.id}.wav", note))
    out = Path(path)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(rows)
    except OSError as exc:
        raise AudioError(f"{out}: cannot write ({exc.strerror or exc})") from None
    return len(rows)


def _variables(text: str) -> list[str]:
    from designer.model.prompts import VARIABLE_RE

    return list(dict.fromkeys(VARIABLE_RE.findall(text)))


def import_talent_folder(script: Script, folder) -> TalentImportReport:
    root = Path(folder)
    if not root.is_dir():
        raise AudioError(f"{root}: no such folder")
    ids = {st.id for st in prompt_states(script)}
    report = TalentImportReport()
    chosen: dict[str, Path] = {}
    files = sorted((p for p in root.iterdir() if p.is_file()),
                   key=lambda p: (p.suffix.lower() != ".wav", p.name))  # WAV wins a tie
    for f in files:
        if f.suffix.lower() not in AUDIO_SUFFIXES:
            continue
        pid = f.name[: -len(f.suffix)]
        if pid not in ids:
            report.unknown_files.append(f.name)
        elif pid in chosen:
            report.duplicates.append(f.name)
        else:
            chosen[pid] = f
    for pid, f in chosen.items():
        try:
            import_audio(script, pid, f)
            report.imported.append(pid)
        except AudioError as exc:
            report.failed.append((f.name, str(exc)))
    report.still_missing = [st.id for st in prompt_states(script) if st.state == "missing"]
    report.unknown_files.sort()
    return report
