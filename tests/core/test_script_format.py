"""The script file: stable round trip, atomic save, and one clear message per malformed file."""
import glob
import os

import pytest

from designer.formats.script_yaml import dump_script, load_script, parse_script, save_script
from designer.model import ScriptFileError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml"))) + [
    os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")]


@pytest.mark.parametrize("path", SCRIPTS, ids=os.path.basename)
def test_load_save_load_save_gives_identical_bytes(path, tmp_path):
    first = tmp_path / "a.yaml"
    save_script(load_script(path), str(first))
    second = tmp_path / "b.yaml"
    save_script(load_script(str(first)), str(second))
    assert first.read_bytes() == second.read_bytes()
    assert load_script(str(second)) == load_script(path)


def test_save_keeps_keys_in_a_stable_order():
    text = dump_script(load_script(SCRIPTS[-1]))
    keys = [line.split(":")[0] for line in text.splitlines()
            if line and not line[0].isspace() and not line.startswith("- ")]
    assert keys == ["callscript", "name", "language", "voice", "business", "calling_window",
                    "limits", "variables", "intents", "flow", "faq", "grading"]


def test_yes_and_no_stay_text():
    s = parse_script("callscript: 1\nname: t\nintents:\n  a: {keywords: [yes, no, on, off]}\n"
                     "flow: {start: x, nodes: {x: {say: hi, end: hangup}}}\n")
    assert s.intents["a"].keywords == ("yes", "no", "on", "off")


def test_interrupted_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "s.yaml"
    script = load_script(SCRIPTS[-1])
    save_script(script, str(path))
    before = path.read_bytes()
    script.set_node_field(script.start, "say", "changed")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save_script(script, str(path))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]  # no temp file left behind


BAD = {
    "yaml": ("callscript: 1\nname: [unclosed\n", "E-YAML", 3, True),
    "tab": ("callscript: 1\n\tname: x\n", "E-YAML", 2, True),
    "type": ("callscript: 1\nname: x\nlimits: {max_turns: many}\nflow: {start: a, nodes: {a: "
             "{say: hi, end: hangup}}}\n", "E-TYPE", 3, False),
    "unknown key": ("callscript: 1\nname: x\nflow:\n  start: a\n  nodes:\n    a:\n      say: hi\n"
                    "      ends: hangup\n", "E-UNKNOWN-KEY", 8, False),
    "duplicate id": ("callscript: 1\nname: x\nflow:\n  start: a\n  nodes:\n    a: {say: hi}\n"
                     "    a: {say: again}\n", "E-DUPLICATE-KEY", 7, False),
    "version": ("callscript: 2\nname: x\nflow: {start: a, nodes: {a: {say: hi}}}\n",
                "E-VERSION", 1, False),
    "tag": ("callscript: 1\nname: !!python/object/apply:os.system [echo]\nflow: {start: a, nodes: "
            "{a: {say: hi}}}\n", "E-YAML-TAG", 2, False),
    "empty": ("", "E-EMPTY", 1, True),
    "bool tag": ("callscript: 1\nname: !!bool maybe\nflow: {start: a, nodes: {a: {say: hi}}}\n",
                 "E-YAML-VALUE", 2, False),
}


@pytest.mark.parametrize("name", BAD)
def test_malformed_file_gives_a_clear_located_error(name):
    text, code, line, unreadable = BAD[name]
    with pytest.raises(ScriptFileError) as info:
        parse_script(text, "bad.yaml")
    problem = next(p for p in info.value.problems if p.code == code)
    assert problem.line == line
    assert problem.format().startswith(f"bad.yaml:{line}:")
    assert info.value.unreadable is unreadable


def test_not_utf8_names_the_file_and_line(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes("callscript: 1\nname: 测试\n".encode("gbk"))
    with pytest.raises(ScriptFileError) as info:
        load_script(str(p))
    assert info.value.problems[0].code == "E-ENCODING" and info.value.problems[0].line == 2
