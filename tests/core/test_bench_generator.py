"""The generator of large benchmark scripts (bench/generate.py): deterministic, valid, the size
asked for, about ten keywords per intent, every node reachable from the start."""
import os
import subprocess
import sys

import networkx as nx
import pytest

from bench.generate import dump_generated, generate_script
from designer.analysis.structure import check_structure
from designer.formats.script_yaml import parse_script

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def zh_text() -> str:
    return dump_generated(generate_script(600, seed=3))


def test_same_seed_gives_the_same_bytes(zh_text):
    again = dump_generated(generate_script(600, seed=3))
    assert again.encode("utf-8") == zh_text.encode("utf-8")


def test_another_seed_gives_another_script(zh_text):
    assert dump_generated(generate_script(600, seed=4)) != zh_text


def test_cli_writes_the_same_bytes(tmp_path, zh_text):
    out = tmp_path / "big.yaml"
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"), "600",
                           "--seed", "3", "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == zh_text.encode("utf-8")


@pytest.mark.parametrize("n,language", [(600, "zh"), (150, "en"), (3, "zh")])
def test_script_validates_with_the_requested_size(n, language):
    script = parse_script(dump_generated(generate_script(n, language=language)))
    assert len(script.nodes) == n
    assert check_structure(script) == []
    kinds = {node.kind for node in script.nodes.values()}
    assert kinds == {"listen", "end"} if n == 3 else kinds == {"listen", "next", "end"}
    for nid, node in script.nodes.items():
        if node.listens:
            assert 2 <= len(node.branches) <= 4, nid
        assert node.position is not None, nid


def test_about_ten_keywords_per_intent_and_shared_intents(zh_text):
    script = parse_script(zh_text)
    counts = [len(it.keywords) for it in script.intents.values()]
    assert 8 <= sum(counts) / len(counts) <= 12
    kinds = {it.kind for it in script.intents.values()}
    assert {"refusal", "opt_out", "robot_question", "normal"} <= kinds
    assert 600 // 20 <= len(script.faq) <= 600 // 20 + 3
    # 2,000 nodes are about 20,000 keywords (the quick benchmark's size)
    big = generate_script(2000)
    total = sum(len(it["keywords"]) for it in big["intents"].values())
    assert 17000 <= total <= 23000


def test_every_node_is_reachable_from_the_start(zh_text):
    script = parse_script(zh_text)
    g = nx.DiGraph()
    g.add_nodes_from(script.nodes)
    for nid, node in script.nodes.items():
        for br in node.branches:
            g.add_edge(nid, br.goto)
        if node.next:
            g.add_edge(nid, node.next)
    reached = nx.descendants(g, script.start) | {script.start}
    assert reached == set(script.nodes)


def test_no_keyword_belongs_to_two_intents(zh_text):
    """Each keyword (and the phrase an a&b keyword stands for) belongs to one intent, so the
    replayed utterances route where the script says and lint reports no shadowed keyword."""
    from designer.engine import normalize

    script = parse_script(zh_text)
    owner: dict[str, str] = {}
    for iid, intent in script.intents.items():
        for kw in intent.keywords:
            key = normalize(kw.replace("&", ""))
            assert owner.setdefault(key, iid) == iid, (kw, owner[key], iid)
