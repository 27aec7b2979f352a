"""A mapping key that is a list or a mapping (`? [a, b]` then `: 1`) is one clear E-YAML-KEY
problem: the file, the line and column of the key, the key as the file writes it, in English and
in Chinese. It used to be followed by an E-UNKNOWN-KEY naming `<yaml._yaml.Mark object at
0x…>` (the key was replaced by the repr of its position)."""
import pytest

from designer.formats.script_yaml import load_script, parse_script
from designer.formats.yaml_tree import parse_yaml
from designer.model import ScriptFileError

HEAD = "callscript: 1\nname: x\n"
FLOW = "flow: {start: s, nodes: {s: {say: hi, end: hangup}}}\n"


def problems_of(text: str, file: str = "s.yaml") -> list:
    with pytest.raises(ScriptFileError) as caught:
        parse_script(text, file)
    return caught.value.problems


def test_a_list_key_at_the_top_of_a_script(tmp_path):
    path = tmp_path / "key.yaml"
    path.write_text(HEAD + "? [a, b]\n: 1\n" + FLOW, encoding="utf-8")
    with pytest.raises(ScriptFileError) as caught:
        load_script(str(path))
    [p] = caught.value.problems  # no E-UNKNOWN-KEY after it
    assert (p.severity, p.code, p.file, p.line, p.column) == (
        "error", "E-YAML-KEY", str(path), 3, 3)
    assert p.message == "the key [a, b] is a list; a key must be plain text"
    assert p.format() == f"{path}:3:3: error E-YAML-KEY {p.message}"
    assert p.localized("zh_CN") == "键“[a, b]”是列表；键必须是普通文本"
    assert p.format("zh_CN") == f"{path}:3:3: error E-YAML-KEY 键“[a, b]”是列表；键必须是普通文本"
    assert "Mark" not in str(caught.value) and "0x" not in str(caught.value)


def test_a_mapping_key_inside_a_node():
    text = (HEAD + "flow:\n  start: s\n  nodes:\n    s:\n      say: hi\n      end: hangup\n"
            "      ? {k: 宽带}\n      : 1\n")
    [p] = problems_of(text)
    assert (p.code, p.line, p.column, p.node) == ("E-YAML-KEY", 9, 9, None)
    assert p.message == "the key {k: 宽带} is a mapping; a key must be plain text"
    assert p.localized("zh_CN") == "键“{k: 宽带}”是映射；键必须是普通文本"


def test_a_key_among_the_node_ids_and_in_a_flow_mapping():
    # the node ids: no made-up node (a bad id, a node without say) comes after it
    [p] = problems_of(HEAD + "flow:\n  start: s\n  nodes:\n    s: {say: hi, end: hangup}\n"
                      "    ? [x]\n    : {say: hi, end: hangup}\n")
    assert (p.code, p.line, p.column, p.message) == (
        "E-YAML-KEY", 7, 7, "the key [x] is a list; a key must be plain text")
    [p] = problems_of(HEAD + "flow: {start: s, nodes: {s: {say: hi, end: hangup, ? [y] : 2}}}\n")
    assert (p.code, p.line, p.column) == ("E-YAML-KEY", 3, 54)  # the column of [y]
    assert p.localized("zh_CN") == "键“[y]”是列表；键必须是普通文本"


def test_the_key_as_written_on_one_line_and_shortened():
    [p] = problems_of(HEAD + "? - 甲\n  - b\n: 1\n" + FLOW)
    assert (p.line, p.column) == (3, 3)
    assert p.message == "the key - 甲 - b is a list; a key must be plain text"
    [p] = problems_of(HEAD + "? [" + ", ".join(f"item{i}" for i in range(30)) + "]\n: 1\n" + FLOW)
    key = p.args["key"]
    assert len(key) == 60 and key.startswith("[item0, item1, ") and key.endswith("…")
    # after a byte order mark the key is still cut out of the right place
    [p] = problems_of("\ufeff" + HEAD + "? [a, b]\n: 1\n" + FLOW)
    assert (p.line, p.column, p.args["key"]) == (3, 3, "[a, b]")


def test_the_value_of_such_a_key_is_still_checked_and_the_entry_left_out():
    tree = parse_yaml("a: 1\n? [k]\n: !!set {x}\nb: 2\n")
    assert tree.data == {"a": 1, "b": 2}
    assert [(i.code, i.line, i.column) for i in tree.issues] == [
        ("E-YAML-KEY", 2, 3), ("E-YAML-TAG", 3, 3)]
    assert tree.issues[0].args == {"key": "[k]", "kind": "list"}
    assert not any("Mark" in repr(k) for path in tree.positions for k in path)
