"""`callscript audio FILE [--missing] [--force]`: the state of every prompt's audio; synthesize
what is missing or stale into telephone format (8000 Hz mono 16-bit WAV beside the script).

Without --missing/--force it only lists. Progress goes to stderr; the listing (or, with
--format json, the JSON report) to stdout. Never edits the script file.
Exit 0 ok, 1 when a prompt failed (or voice-talent files failed), 2 unreadable script or no
speech engine.
"""
from __future__ import annotations

import sys
from pathlib import Path

from designer.cli.common import CliError, add_format_option, load_script_or_exit, print_json


def add_parser(sub) -> None:
    p = sub.add_parser(
        "audio", help="list, synthesize and convert the audio of every prompt",
        description="List every prompt with the state of its audio (missing, stale, "
        "synthesized, recorded, imported). --missing synthesizes missing and stale prompts "
        "(cached: unchanged text is never synthesized twice) and converts every file to "
        "telephone format (8000 Hz, mono, 16-bit PCM). Audio lives in audio/ beside the "
        "script; audio/index.json records what each file was made from.")
    p.add_argument("file", help="the script (.yaml)")
    p.add_argument("--missing", action="store_true",
                   help="synthesize prompts whose audio is missing or stale")
    p.add_argument("--force", action="store_true",
                   help="also re-synthesize current synthesized prompts (bypassing the cache) "
                   "and replace stale recordings with synthesized speech")
    p.add_argument("--only", metavar="ID", action="append",
                   help="work on this prompt only (repeatable)")
    p.add_argument("--talent-csv", metavar="CSV",
                   help="write the lines for voice talent (id, text, state, file, note)")
    p.add_argument("--import-folder", metavar="DIR",
                   help="import a folder of recordings named by prompt id (opening.wav, ...)")
    add_format_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from designer.audio import (
        AudioError, TtsError, export_talent_csv, import_talent_folder, prompt_states,
        synthesize_prompts,
    )

    script = load_script_or_exit(args.file, args.format)
    result: dict = {"file": args.file}
    status = 0
    try:
        if args.import_folder:
            talent = import_talent_folder(script, args.import_folder)
            result["imported"] = talent.to_json()
            _print_talent(talent)
            status = status or (0 if talent.ok else 1)
        if args.missing or args.force:
            report = synthesize_prompts(script, ids=args.only, force=args.force,
                                        progress=_progress)
            result["synthesis"] = report.to_json()
            _print_synthesis(report)
            status = status or (0 if report.ok else 1)
        states = prompt_states(script)
        if args.only:
            states = [s for s in states if s.id in set(args.only)]
        if args.talent_csv:
            rows = export_talent_csv(script, args.talent_csv)
            print(f"callscript: wrote {rows} lines for voice talent to {args.talent_csv}",
                  file=sys.stderr)
    except TtsError as exc:
        raise CliError(f"{args.file}: {exc}", 2) from None
    except AudioError as exc:
        raise CliError(str(exc), 1) from None
    base = Path(args.file).resolve().parent
    if args.format == "json":
        result["prompts"] = [s.to_json(base) for s in states]
        result["summary"] = _summary(states)
        print_json(result)
    else:
        _print_states(states, base)
    return status


def _progress(done: int, total: int, prompt_id) -> None:
    print(f"[{done}/{total}] {prompt_id}", file=sys.stderr, flush=True)


def _summary(states) -> dict:
    counts = {k: 0 for k in ("missing", "stale", "synthesized", "recorded", "imported")}
    for s in states:
        counts[s.state] += 1
    counts["total"] = len(states)
    counts["needs_runtime_tts"] = sum(s.needs_runtime_tts for s in states)
    counts["duration_ms"] = sum(s.duration_ms or 0 for s in states)
    return counts


def _print_synthesis(report) -> None:
    parts = [f"{len(report.synthesized)} synthesized", f"{len(report.from_cache)} from cache"]
    if report.converted:
        parts.append(f"{len(report.converted)} converted to phone format")
    print("callscript: " + ", ".join(parts), file=sys.stderr)
    for pid, reason in report.kept_stale:
        print(f"callscript: warning: {pid}: {reason}", file=sys.stderr)
    for pid, message in report.failed:
        print(f"callscript: error: {message if message.startswith(pid) else pid + ': ' + message}",
              file=sys.stderr)
    if report.cancelled:
        print("callscript: cancelled", file=sys.stderr)


def _print_talent(report) -> None:
    print(f"callscript: imported {len(report.imported)} recordings", file=sys.stderr)
    for name in report.unknown_files:
        print(f"callscript: warning: {name}: matches no prompt id", file=sys.stderr)
    for name in report.duplicates:
        print(f"callscript: warning: {name}: another file for the same prompt was used",
              file=sys.stderr)
    for name, message in report.failed:
        print(f"callscript: error: {message}", file=sys.stderr)


def _print_states(states, base: Path) -> None:
    width = max([len(s.id) for s in states] + [6])
    print(f"{'PROMPT':<{width}}  {'STATE':<11}  {'LENGTH':>7}  NOTE")
    for s in states:
        length = f"{s.duration_ms / 1000:.1f} s" if s.duration_ms else "-"
        notes = []
        if s.stale_reason:
            notes.append(f"{s.stale_reason} since it was {s.source}")
        if not s.tracked:
            notes.append("file not made by CallScript (run --missing to adopt it)")
        if s.needs_runtime_tts:
            notes.append("runtime TTS for {" + "}, {".join(_vars(s.text)) + "}")
        print(f"{s.id:<{width}}  {s.state:<11}  {length:>7}  {'; '.join(notes)}".rstrip())
    summary = _summary(states)
    todo = summary["missing"] + summary["stale"]
    line = (f"{summary['total']} prompts, {summary['duration_ms'] / 1000:.1f} s of audio: "
            + ", ".join(f"{summary[k]} {k}" for k in
                        ("synthesized", "recorded", "imported", "stale", "missing")))
    print(line)
    if todo:
        print(f"{todo} prompt(s) need audio: run with --missing to synthesize them")


def _vars(text: str) -> list[str]:
    from designer.model.prompts import VARIABLE_RE

    return list(dict.fromkeys(VARIABLE_RE.findall(text)))
