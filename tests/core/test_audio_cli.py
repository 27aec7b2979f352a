"""`callscript audio` on a sample script from scripts_library: the acceptance of issue 5."""
import csv
import json
import os
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from designer.cli import main
from tests.audio_support import write_tone

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "scripts_library" / "property_followup" / "script.yaml"
GOODBYE = "好的，不打扰您了。以后如果有需要，欢迎拨打400-800-6688，祝您生活愉快，再见。"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLSCRIPT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def sample(tmp_path):
    folder = tmp_path / "property"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "script.yaml")
    return folder / "script.yaml"


def run_json(capfd, *args):
    code = main(["audio", *map(str, args), "--format", "json"])
    out, err = capfd.readouterr()
    return code, json.loads(out), err


def test_missing_then_nothing_then_exactly_the_edited_prompt(sample, tmp_path, capfd):
    # 1. the real command, in its own process: phone-format audio for every prompt
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "designer", "audio", str(sample), "--missing",
                           "--format", "json"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout)  # stdout holds the report and nothing else
    total = first["summary"]["total"]
    assert total >= 20 and first["summary"]["synthesized"] == total
    assert len(first["synthesis"]["synthesized"]) == total
    assert f"[{total}/{total}]" in proc.stderr  # progress goes to stderr
    for prompt in first["prompts"]:
        with wave.open(str(sample.parent / prompt["file"]), "rb") as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        assert prompt["duration_ms"] > 500
    flagged = {p["id"] for p in first["prompts"] if p["needs_runtime_tts"]}
    assert "opening" in flagged and "goodbye" not in flagged

    # 2. again: nothing is synthesized
    code, second, _ = run_json(capfd, sample, "--missing")
    assert code == 0
    assert second["synthesis"]["synthesized"] == [] and second["synthesis"]["from_cache"] == []

    # 3. edit one prompt's text: exactly that one is stale, and lint says so on its line
    text = sample.read_text(encoding="utf-8")
    assert text.count(GOODBYE) == 1
    sample.write_text(text.replace(GOODBYE, "好的，不打扰您了，再见。"), encoding="utf-8")
    code, listing, _ = run_json(capfd, sample)
    assert [p["id"] for p in listing["prompts"] if p["state"] == "stale"] == ["goodbye"]
    assert main(["lint", str(sample), "--format", "json"]) in (0, 1)
    lint = json.loads(capfd.readouterr().out)
    stale = [p for p in lint["problems"] if p["code"] == "W-AUDIO-STALE"]
    say_line = 1 + text[:text.index(GOODBYE)].count("\n")
    assert [(p["node"], p["line"], p["severity"]) for p in stale] == [
        ("goodbye", say_line, "warning")]

    # 4. --missing redoes only that one
    code, third, err = run_json(capfd, sample, "--missing")
    assert code == 0 and third["synthesis"]["synthesized"] == ["goodbye"]
    assert "[1/1] goodbye" in err
    assert third["summary"]["synthesized"] == total


def test_listing_without_flags_changes_nothing(sample, capfd):
    assert main(["audio", str(sample)]) == 0
    out, _ = capfd.readouterr()
    assert "opening" in out and "missing" in out and "run with --missing" in out
    assert not (sample.parent / "audio").exists()


def test_bad_input_gives_one_clear_line(sample, tmp_path, capfd):
    assert main(["audio", str(tmp_path / "nope.yaml")]) == 2
    out, err = capfd.readouterr()
    assert "nope.yaml" in out + err and "Traceback" not in out + err
    assert main(["audio", str(sample), "--missing", "--only", "no_such_prompt"]) == 1
    assert "no prompt 'no_such_prompt'" in capfd.readouterr().err
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("engine: pyttsx3", "engine: festival"), encoding="utf-8")
    assert main(["audio", str(sample), "--missing"]) == 2
    err = capfd.readouterr().err
    assert "unknown speech engine 'festival'" in err and "Traceback" not in err


def test_voice_talent_round_trip(sample, tmp_path, capfd):
    csv_path = tmp_path / "lines.csv"
    assert main(["audio", str(sample), "--talent-csv", str(csv_path)]) == 0
    wrote = capfd.readouterr().err
    raw = csv_path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # spreadsheet programs read it as UTF-8
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["id", "text", "state", "file", "note"]
    by_id = {r["id"]: r for r in rows}
    assert f"wrote {len(rows)} lines for voice talent" in wrote and len(rows) >= 20
    assert by_id["goodbye"]["text"] == GOODBYE and by_id["goodbye"]["state"] == "missing"
    assert by_id["goodbye"]["file"] == "goodbye.wav"
    assert "{customer_name}" in by_id["opening"]["note"]

    takes = tmp_path / "takes"
    write_tone(takes / "goodbye.wav", seconds=0.8)
    from pydub import AudioSegment
    AudioSegment.from_wav(str(write_tone(tmp_path / "t.wav", seconds=0.6))).export(
        str(takes / "opening.no_match.mp3"), format="mp3")
    write_tone(takes / "unknown_line.wav")
    code, report, err = run_json(capfd, sample, "--import-folder", takes)
    assert code == 0
    assert sorted(report["imported"]["imported"]) == ["goodbye", "opening.no_match"]
    assert report["imported"]["unknown_files"] == ["unknown_line.wav"]
    assert "unknown_line.wav: matches no prompt id" in err
    states = {p["id"]: p for p in report["prompts"]}
    assert states["goodbye"]["state"] == "imported"
    assert 900 <= states["goodbye"]["duration_ms"] <= 1100
    assert states["opening.no_match"]["state"] == "imported"
