"""Reading a package that may be hostile: every trick is refused with a message naming the entry,
exit 2 from `callscript run`, and nothing is written anywhere."""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import uuid
import warnings
import wave
import zipfile

import pytest

from designer.formats import package_reader
from designer.formats.package import export_package
from designer.formats.package_reader import PackageError, read_package
from designer.formats.script_yaml import load_script

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")


@pytest.fixture(scope="session", autouse=True)
def _tts_cache(tmp_path_factory):
    if not os.environ.get("CALLSCRIPT_CACHE_DIR"):
        os.environ["CALLSCRIPT_CACHE_DIR"] = str(tmp_path_factory.mktemp("tts-cache"))


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, bytes]:
    """The members of a good package of the DESIGN.md example."""
    folder = tmp_path_factory.mktemp("good")
    shutil.copy(EXAMPLE, folder)
    report = export_package(load_script(str(folder / "design_example.yaml")),
                            str(folder / "good.zip"))
    assert report.ok
    with zipfile.ZipFile(report.path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_zip(path, entries, attrs=None) -> str:
    """entries: name -> bytes, written in order (duplicates allowed: a list of pairs)."""
    items = entries.items() if isinstance(entries, dict) else entries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in items:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = (attrs or {}).get(name, 0o100644) << 16
                zf.writestr(info, data)
    return str(path)


def resign(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Make the manifest list the entries as they are now (an attacker can do that too)."""
    manifest = json.loads(entries["manifest.json"])
    old = {f["path"]: f for f in manifest["files"]}
    manifest["files"] = []
    for name in sorted(entries):
        if name == "manifest.json":
            continue
        item = dict(old.get(name, {}), path=name, bytes=len(entries[name]),
                    sha256=hashlib.sha256(entries[name]).hexdigest())
        manifest["files"].append(item)
    manifest["script"]["sha256"] = hashlib.sha256(entries["script.json"]).hexdigest()
    return dict(entries, **{"manifest.json": json.dumps(manifest).encode()})


def snapshot(folder) -> dict:
    out = {}
    for d, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = os.path.join(d, name)
            out[os.path.relpath(p, folder)] = os.path.getsize(p) if os.path.isfile(p) else -1
    return out


@pytest.fixture
def box(tmp_path):
    """tmp_path/box holds the package; tmp_path (its parent) must stay as it was."""
    (tmp_path / "box").mkdir()
    return tmp_path / "box"


def refused(path, parent, entry_in_message=None) -> str:
    before = snapshot(parent)
    with pytest.raises(PackageError) as exc:
        read_package(str(path))
    assert snapshot(parent) == before
    message = str(exc.value)
    assert message.startswith(f"{path}: refused")
    if entry_in_message is not None:
        assert f"entry {entry_in_message!r}" in message, message
    return message


def test_good_package_reads(good, box):
    package = read_package(write_zip(box / "ok.zip", good))
    assert package.script.start == "opening"
    assert package.audio_for("faq.ask_price") == "audio/faq.ask_price.wav"
    assert package.warnings == []


def test_path_traversal_is_refused(good, box, tmp_path):
    path = write_zip(box / "p.zip", dict(good, **{"../evil.txt": b"owned"}))
    message = refused(path, tmp_path, "../evil.txt")
    assert "leaves the package" in message
    assert not (tmp_path / "evil.txt").exists()


def test_absolute_path_is_refused(good, box, tmp_path):
    target = f"/tmp/callscript-evil-{uuid.uuid4().hex}.txt"
    path = write_zip(box / "a.zip", dict(good, **{target: b"owned"}))
    assert "absolute path" in refused(path, tmp_path, target)
    assert not os.path.exists(target)
    path = write_zip(box / "d.zip", dict(good, **{"C:/Windows/evil.txt": b"owned"}))
    assert "absolute path" in refused(path, tmp_path, "C:/Windows/evil.txt")


def test_symlink_entry_is_refused(good, box, tmp_path):
    entries = dict(good, **{"audio/link.wav": b"/etc/passwd"})
    path = write_zip(box / "s.zip", entries, attrs={"audio/link.wav": 0o120777})
    assert "symbolic link" in refused(path, tmp_path, "audio/link.wav")


def test_checksum_mismatch_is_refused(good, box, tmp_path):
    wav = bytearray(good["audio/opening.wav"])
    wav[-10:] = bytes(b ^ 0x55 for b in wav[-10:])  # same size, different sound
    path = write_zip(box / "c.zip", dict(good, **{"audio/opening.wav": bytes(wav)}))
    assert "checksum mismatch" in refused(path, tmp_path, "audio/opening.wav")


def test_huge_declared_size_is_refused_before_reading(good, box, tmp_path):
    path = write_zip(box / "h.zip", good)
    data = bytearray(open(path, "rb").read())
    name = b"audio/goodbye.wav"
    at = data.index(b"PK\x01\x02")
    while True:  # find goodbye.wav's central directory record, declare 4 GB for it
        at = data.index(b"PK\x01\x02", at)
        n = struct.unpack("<H", data[at + 28:at + 30])[0]
        if bytes(data[at + 46:at + 46 + n]) == name:
            data[at + 24:at + 28] = struct.pack("<I", 0xFFFFFFF0)
            break
        at += 4
    open(path, "wb").write(bytes(data))
    message = refused(path, tmp_path, "audio/goodbye.wav")
    assert "declares 4294967280 bytes" in message


def test_zip_bomb_is_refused_by_its_ratio(good, box, tmp_path):
    bomb = bytes(40 * 1024 * 1024)  # 40 MB of zeros: ~40 KB deflated
    path = write_zip(box / "b.zip", dict(good, **{"audio/bomb.wav": bomb}))
    assert os.path.getsize(path) < 2 * 1024 * 1024
    assert "zip bomb" in refused(path, tmp_path, "audio/bomb.wav")


def test_total_size_limit(good, box, tmp_path, monkeypatch):
    monkeypatch.setattr(package_reader, "MAX_TOTAL_BYTES", 300_000)
    path = write_zip(box / "t.zip", good)
    assert "in total" in refused(path, tmp_path)


def test_duplicate_and_case_colliding_names_are_refused(good, box, tmp_path):
    items = list(good.items()) + [("audio/opening.wav", b"another opening")]
    path = write_zip(box / "dup.zip", items)
    assert "twice" in refused(path, tmp_path, "audio/opening.wav")
    path = write_zip(box / "case.zip", dict(good, **{"AUDIO/opening.wav": b"x"}))
    assert "letter case" in refused(path, tmp_path, "AUDIO/opening.wav")


def test_unlisted_and_missing_files_are_refused(good, box, tmp_path):
    path = write_zip(box / "u.zip", dict(good, **{"audio/extra.wav": good["audio/goodbye.wav"]}))
    assert "not listed in the manifest" in refused(path, tmp_path, "audio/extra.wav")
    missing = {k: v for k, v in good.items() if k != "audio/introduce.wav"}
    path = write_zip(box / "m.zip", missing)
    assert "missing" in refused(path, tmp_path, "audio/introduce.wav")
    path = write_zip(box / "n.zip", resign(missing))  # re-signed: the prompt still lacks audio
    assert "prompt 'introduce' has no audio" in refused(path, tmp_path)


def test_broken_script_json_is_refused_even_with_matching_checksums(good, box, tmp_path):
    compiled = json.loads(good["script.json"])
    compiled["script"]["flow"]["nodes"]["opening"]["branches"][0]["goto"] = "nowhere"
    entries = resign(dict(good, **{"script.json": json.dumps(compiled).encode()}))
    path = write_zip(box / "j.zip", entries)
    message = refused(path, tmp_path, "script.json")
    assert "does not validate" in message and "nowhere" in message
    compiled = json.loads(good["script.json"])
    compiled["prompts"][0]["text"] = "您好，我是真人客服。"  # what a dialer would say instead
    path = write_zip(box / "p.zip", resign(dict(good, **{"script.json": json.dumps(compiled).encode()})))
    assert "prompt list does not match" in refused(path, tmp_path, "script.json")
    compiled = json.loads(good["script.json"])
    compiled["script"]["flow"]["nodes"]["../../etc"] = compiled["script"]["flow"]["nodes"]["opening"]
    path = write_zip(box / "k.zip", resign(dict(good, **{"script.json": json.dumps(compiled).encode()})))
    assert "schema" in refused(path, tmp_path, "script.json")


def test_audio_not_in_phone_format_is_refused(good, box, tmp_path):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2), w.setsampwidth(2), w.setframerate(44100)
        w.writeframes(bytes(44100))
    entries = resign(dict(good, **{"audio/goodbye.wav": buf.getvalue()}))
    path = write_zip(box / "w.zip", entries)
    assert "8000 Hz mono 16-bit" in refused(path, tmp_path, "audio/goodbye.wav")


def test_wrong_version_and_non_packages_are_refused(good, box, tmp_path):
    manifest = json.loads(good["manifest.json"])
    manifest["version"] = 2
    path = write_zip(box / "v.zip", dict(good, **{"manifest.json": json.dumps(manifest).encode()}))
    assert "version 2" in refused(path, tmp_path, "manifest.json")
    (box / "x.zip").write_bytes(b"this is not a zip")
    assert "not a zip" in refused(box / "x.zip", tmp_path)
    path = write_zip(box / "e.zip", {"readme.txt": b"hi"})
    assert "manifest.json" in refused(path, tmp_path)


def test_run_command_refuses_with_exit_2_and_writes_nothing(good, box, tmp_path):
    cases = {
        "traversal.zip": (dict(good, **{"../../evil.txt": b"owned"}), "../../evil.txt"),
        "tampered.zip": (dict(good, **{"audio/goodbye.wav": good["audio/goodbye.wav"][:-2]
                                       + b"\x01\x01"}), "audio/goodbye.wav"),
    }
    for name, (entries, entry) in cases.items():
        path = write_zip(box / name, entries)
        before = snapshot(tmp_path)
        proc = subprocess.run([sys.executable, "-m", "designer", "run", name, "--jsonl"],
                              cwd=box, input='{"event": "utterance", "text": "好的"}\n',
                              capture_output=True, text=True, encoding="utf-8",
                              env=dict(os.environ, PYTHONPATH=ROOT))
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == "" and "Traceback" not in proc.stderr
        assert proc.stderr.startswith(f"callscript: {name}: refused: entry {entry!r}")
        assert snapshot(tmp_path) == before
        assert not (tmp_path / "evil.txt").exists()
