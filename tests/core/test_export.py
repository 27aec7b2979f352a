"""`callscript export`: every sample script becomes a package that runs exactly like the source,
byte-for-byte reproducibly; a script with blocking problems writes nothing."""
from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import shutil
import threading
import wave
import zipfile

import pytest

from designer import cli
from designer.formats.package import ExportReport, compile_script, export_package, \
    script_from_compiled
from designer.formats.package_reader import read_package, schema_errors
from designer.formats.script_yaml import load_script

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")
SAMPLES = sorted(os.path.basename(os.path.dirname(p))
                 for p in glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml")))


@pytest.fixture(scope="session", autouse=True)
def _tts_cache(tmp_path_factory):
    """Synthesis is cached; keep the cache of this test session out of the user's home."""
    if not os.environ.get("CALLSCRIPT_CACHE_DIR"):
        os.environ["CALLSCRIPT_CACHE_DIR"] = str(tmp_path_factory.mktemp("tts-cache"))


def copy_script(src: str, folder) -> str:
    """A copy of a script (and its cases) in a folder of its own: export writes the audio it
    synthesizes beside the script, which must not land in the repository."""
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(os.path.dirname(src)):
        if name.endswith(".yaml") and (name == os.path.basename(src) or "cases" in name):
            shutil.copy(os.path.join(os.path.dirname(src), name), folder)
    return os.path.join(str(folder), os.path.basename(src))


def run_cli(capsys, monkeypatch, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """Every sample of scripts_library/, copied and exported once: name -> (script, package)."""
    out = {}
    for name in SAMPLES + ["design_example"]:
        folder = tmp_path_factory.mktemp(name)
        src = EXAMPLE if name == "design_example" else os.path.join(
            ROOT, "scripts_library", name, "script.yaml")
        script_path = copy_script(src, folder)
        report = export_package(load_script(script_path), str(folder / "out.zip"))
        assert report.ok, [p.format() for p in report.blocking]
        out[name] = (script_path, report.path, report)
    return out


def test_the_library_has_samples_to_export():
    assert len(SAMPLES) >= 4, SAMPLES


def case_inputs(cases_path: str):
    """(name, vars, caller lines) of each case: the lines a person would type into chat."""
    try:
        from designer.simulation.cases import load_cases
    except ImportError:  # pragma: no cover - the loader is built by another engineer
        load_cases = None
    if load_cases is not None:
        for case in load_cases(cases_path).cases:
            lines = []
            for step in case.steps:
                if step.kind == "hangup":
                    break
                if step.kind == "user":
                    lines.append(step.value)
            yield case.name, case.vars, lines
        return
    import yaml  # pragma: no cover

    with open(cases_path, encoding="utf-8") as fh:  # pragma: no cover
        for case in yaml.safe_load(fh)["cases"]:
            yield case["name"], case.get("vars") or {}, [
                t["user"] for t in case["turns"] if "user" in t]


@pytest.mark.parametrize("name", SAMPLES)
def test_run_on_the_package_prints_the_same_transcript_as_chat_for_every_case(
        name, packages, capsys, monkeypatch):
    script_path, pkg, _ = packages[name]
    cases_path = os.path.join(os.path.dirname(script_path), "cases.yaml")
    compared = 0
    for case_name, variables, lines in case_inputs(cases_path):
        stdin = "".join(line + "\n" for line in lines)
        var_args = [a for k, v in variables.items() for a in ("--var", f"{k}={v}")]
        code_chat, chat_out, _ = run_cli(capsys, monkeypatch, ["chat", script_path, *var_args],
                                         stdin)
        code_run, run_out, _ = run_cli(capsys, monkeypatch, ["run", pkg, *var_args], stdin)
        assert (code_chat, code_run) == (0, 0)
        assert run_out == chat_out, f"{name}: case {case_name!r} differs"
        assert "robot> " in run_out and "-- end: " in run_out
        compared += 1
    assert compared >= 3


@pytest.mark.parametrize("name", SAMPLES + ["design_example"])
def test_package_matches_its_schemas_and_its_manifest(name, packages):
    script_path, pkg, report = packages[name]
    script = load_script(script_path)
    with zipfile.ZipFile(pkg) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        compiled = json.loads(zf.read("script.json"))
        assert schema_errors("manifest", manifest) == []
        assert schema_errors("script", compiled) == []
        assert names == sorted(names)
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(names) == set(listed) | {"manifest.json"}
        for path, item in listed.items():
            data = zf.read(path)
            assert item["bytes"] == len(data)
            assert item["sha256"] == hashlib.sha256(data).hexdigest()
        prompts = [p["id"] for p in compiled["prompts"]]
        assert prompts and {f"audio/{p}.wav" for p in prompts} == {
            n for n in names if n.startswith("audio/")}
        for pid in prompts:
            with wave.open(io.BytesIO(zf.read(f"audio/{pid}.wav"))) as w:
                assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
                assert w.getnframes() > 800  # at least 0.1 s of speech
            assert listed[f"audio/{pid}.wav"]["duration_ms"] > 100
    assert manifest["script"]["name"] == script.name
    assert manifest["script"]["sha256"] == listed["script.json"]["sha256"]
    assert manifest["limits"]["max_turns"] == script.limits.max_turns
    assert set(script.policies) <= set(manifest["lint"]["policies"])
    assert manifest["lint"]["errors"] == 0
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zipfile.ZipFile(pkg).infolist())


@pytest.mark.parametrize("name", SAMPLES)
def test_engine_rebuilt_from_script_json_is_the_script(name, packages):
    """Everything but the audio paths (which point into the package) comes back equal."""
    script_path, pkg, _ = packages[name]
    source = load_script(script_path)
    package = read_package(pkg)
    assert package.script.start == source.start
    for attr in ("name", "version", "language", "voice", "business", "calling_window",
                 "limits", "variables", "intents", "grading", "policies"):
        assert getattr(package.script, attr) == getattr(source, attr), attr
    assert list(package.script.nodes) == list(source.nodes)
    assert list(package.script.intents) == list(source.intents)  # the order decides ties
    for nid, node in source.nodes.items():
        got = package.script.nodes[nid]
        assert (got.say, got.branches, got.next, got.end, got.transfer_to,
                got.transfer_fallback, got.note) == (node.say, node.branches, node.next,
                                                     node.end, node.transfer_to,
                                                     node.transfer_fallback, node.note)
        assert got.audio == f"audio/{nid}.wav"
        for kind in ("no_match", "no_input"):
            a, b = getattr(got, kind), getattr(node, kind)
            assert (a is None) == (b is None)
            if a is not None:
                assert (a.reply, a.then) == (b.reply, b.then)
    assert [(e.intent, e.reply, e.then, e.goto) for e in package.script.faq] == \
        [(e.intent, e.reply, e.then, e.goto) for e in source.faq]


def test_compiled_script_round_trips_exactly_through_json(tmp_path):
    script = load_script(copy_script(EXAMPLE, tmp_path))
    compiled = json.loads(json.dumps(compile_script(script)))
    again = script_from_compiled(compiled)
    assert compile_script(again) == compiled
    assert compiled["normalized"]["intents"]["ask_price"]["keywords"][2] == {
        "keyword": "贵&不贵", "form": "all", "parts": ["贵", "不贵"]}
    assert compiled["script"]["limits"] == {"max_turns": 12, "max_refusals": 1,
                                            "max_no_match": 2, "max_no_input": 2,
                                            "on_limit": "goodbye"}


def test_same_script_exported_twice_gives_identical_bytes(tmp_path, packages):
    script_path, first, _ = packages["design_example"]
    second = tmp_path / "again.zip"
    assert export_package(load_script(script_path), str(second), targets=("package", "vxml")).ok
    third = tmp_path / "third.zip"
    assert export_package(load_script(script_path), str(third), targets=("package", "vxml")).ok
    assert second.read_bytes() == third.read_bytes()
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("script.json") == b.read("script.json")
        for name in a.namelist():
            if name.startswith("audio/"):
                assert a.read(name) == b.read(name), name
        assert "vxml/地产老客户回访.vxml" in b.namelist()


def test_export_command_reports_the_package(tmp_path, capsys, monkeypatch):
    script_path = copy_script(EXAMPLE, tmp_path)
    out = tmp_path / "dist" / "house.zip"
    code, stdout, stderr = run_cli(capsys, monkeypatch, ["export", script_path, "-o", str(out),
                                                         "--target", "package,vxml"])
    assert code == 0 and out.is_file()
    assert "13 files (10 audio)" in stdout  # manifest, script.json, 10 prompts, vxml
    assert "export: checking the script" in stderr and "export: writing" in stderr
    code, stdout, _ = run_cli(capsys, monkeypatch, ["export", script_path, "-o", str(out),
                                                    "--format", "json"])
    data = json.loads(stdout)
    assert code == 0 and data["written"] and data["path"] == str(out)


def _folder_state(folder) -> dict:
    return {os.path.relpath(os.path.join(d, f), folder): os.path.getsize(os.path.join(d, f))
            for d, _, files in os.walk(folder) for f in files}


def test_failed_compliance_check_refuses_and_writes_nothing(tmp_path, capsys, monkeypatch):
    script_path = copy_script(EXAMPLE, tmp_path)
    out = tmp_path / "house.zip"
    before = _folder_state(tmp_path)
    code, stdout, stderr = run_cli(capsys, monkeypatch, ["export", script_path, "-o", str(out),
                                                         "--policy", "eu"])
    assert code == 1
    assert "C-NUMBER-SOURCE" in stdout and "C-RIGHT-TO-OBJECT" in stdout
    assert "export refused" in stderr and "policies: eu" in stderr and "no package" in stderr
    assert _folder_state(tmp_path) == before  # no zip, no temporary file, no audio


def test_refused_export_leaves_an_older_package_untouched(tmp_path, capsys, monkeypatch):
    script_path = copy_script(EXAMPLE, tmp_path)
    out = tmp_path / "house.zip"
    out.write_bytes(b"the package of yesterday")
    with open(script_path, encoding="utf-8") as fh:
        text = fh.read()
    with open(script_path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("goto: introduce}", "goto: introduction}", 1))
    code, stdout, stderr = run_cli(capsys, monkeypatch, ["export", script_path, "-o", str(out)])
    assert code == 1
    assert "E-DANGLING-GOTO" in stdout and "introduction" in stdout
    assert out.read_bytes() == b"the package of yesterday"
    assert sorted(os.listdir(tmp_path)) == ["design_example.cases.yaml", "design_example.yaml",
                                            "house.zip"]


def test_unknown_policy_or_target_is_a_usage_error(tmp_path, capsys, monkeypatch):
    script_path = copy_script(EXAMPLE, tmp_path)
    code, _, err = run_cli(capsys, monkeypatch, ["export", script_path, "-o",
                                                 str(tmp_path / "x.zip"), "--policy", "mars"])
    assert code == 2 and "mars" in err
    code, _, err = run_cli(capsys, monkeypatch, ["export", script_path, "-o",
                                                 str(tmp_path / "x.zip"), "--target", "pdf"])
    assert code == 2 and "pdf" in err
    assert not (tmp_path / "x.zip").exists()


def test_stale_recording_blocks_export(tmp_path):
    """A recording made for an older text would make the dialer say the old words."""
    from designer.audio import import_audio

    script = load_script(copy_script(EXAMPLE, tmp_path))
    tone = tmp_path / "tone.wav"
    with wave.open(str(tone), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000)
        w.writeframes(b"".join(int(8000 * ((i // 8) % 2 * 2 - 1)).to_bytes(2, "little",
                                                                          signed=True)
                               for i in range(8000)))
    import_audio(script, "goodbye", str(tone))
    script.set_node_field("goodbye", "say", "好的，打扰了，再见。")
    out = tmp_path / "house.zip"
    report = export_package(script, str(out))
    assert not report.ok and not out.exists()
    assert [(p.code, p.node) for p in report.blocking] == [("E-AUDIO-STALE", "goodbye")]
    assert "text changed" in report.blocking[0].message


def test_cancelled_export_writes_nothing_and_progress_is_reported(tmp_path):
    script = load_script(copy_script(EXAMPLE, tmp_path))
    cancel = threading.Event()
    seen = []

    def progress(stage, done, total, item):
        seen.append((stage, done, total))
        if stage == "audio" and done == 3:
            cancel.set()

    out = tmp_path / "house.zip"
    report = export_package(script, str(out), progress=progress, cancel=cancel)
    assert isinstance(report, ExportReport)
    assert report.cancelled and not report.ok and not out.exists()
    assert seen[0] == ("check", 0, 1) and ("audio", 3, 10) in seen
    assert not any(stage == "write" for stage, _, _ in seen)
    report = export_package(script, str(out), progress=lambda *a: seen.append(a[:3]))
    assert report.ok and out.exists() and seen[-1] == ("write", 1, 1)


def test_an_unwritable_destination_is_refused_before_any_audio_is_made(tmp_path):
    from designer.formats.package import ExportError, export_package
    from designer.formats.script_yaml import load_script

    script = load_script(copy_script(EXAMPLE, tmp_path))
    with pytest.raises(ExportError, match="cannot write there"):
        export_package(script, "/proc/no/such/place/p.zip")
    assert not (tmp_path / "audio").exists()
