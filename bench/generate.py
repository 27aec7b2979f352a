"""A deterministic generator of large call scripts, for the benchmarks.

    python bench/generate.py 2000 -o /tmp/big.yaml [--seed 0] [--language zh|en]

`generate_script(n, seed, language)` returns plain data in the DESIGN.md format: n nodes laid
out on a grid left to right, one entry intent per reached node (about 10 keywords each, built
from word lists), the shared affirm / refusal / opt-out / robot-question intents, about n/20
faq entries, 2-4 branches per listening node, `next` chains, end nodes, limits, business and
calling window. The script validates without structural errors and every node is reachable
from the start. Same arguments -> same data -> same bytes.
"""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
from dataclasses import dataclass, field
from typing import Any, Optional

if __package__ in (None, ""):  # run as a script: make `bench` and `designer` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import words as W  # noqa: E402
from designer.analysis.layout import COLUMN_STEP, ROW_STEP  # noqa: E402

P_END = 0.10  # share of nodes that end the call
P_NEXT = 0.08  # share of nodes that continue at once (`next`)
P_AFFIRM_EDGE = 0.10  # a tree edge labelled with the shared affirm intent instead of its own
KEYWORDS_PER_INTENT = (7, 13)  # inclusive range; mean 10
P_ENGLISH_KEYWORD = 0.4  # an intent of a Chinese script with one English keyword (wifi, plan...)


@dataclass
class _Node:
    id: str
    kind: str  # listen | next | end
    depth: int = 0  # column
    quota: int = 0  # most tree children it takes
    row: int = 0  # order within its column
    children: list[int] = field(default_factory=list)
    topic: tuple[str, str, str] = ("", "", "")  # (modifier, noun, aspect)


class _Keywords:
    """Keyword sets for intents, unique across the whole script."""

    def __init__(self, rng: random.Random, language: str):
        self.rng = rng
        self.zh = language == "zh"
        self.seen: set[str] = set()

    def topic(self) -> tuple[str, str, str]:
        r = self.rng
        if self.zh:
            return r.choice(W.ZH_MODIFIERS), r.choice(W.ZH_NOUNS), r.choice(sorted(W.ZH_ASPECTS))
        return r.choice(W.EN_MODIFIERS), r.choice(W.EN_NOUNS), r.choice(sorted(W.EN_ASPECTS))

    def for_topic(self, topic: tuple[str, str, str]) -> list[str]:
        want = self.rng.randint(*KEYWORDS_PER_INTENT)
        out: list[str] = []
        for kw in self._candidates(topic):
            # `a&b` is the phrase ab written loosely: one of the two per script, never both
            # (another intent's ab would shadow it)
            joined = kw.replace("&", "" if self.zh else " ")
            if kw not in self.seen and joined not in self.seen:
                self.seen.update((kw, joined))
                out.append(kw)
                if len(out) == want:
                    break
        return out

    def _candidates(self, topic: tuple[str, str, str]):
        """Plain forms first (shortest, most natural), then modified ones, then the rest of
        the vocabulary so a taken topic still gets its keywords."""
        r = self.rng
        m, n, a = topic
        for _ in range(4):
            yield from self._forms(m, n, a, r)
            m = r.choice(W.ZH_MODIFIERS if self.zh else W.EN_MODIFIERS)
        while True:
            yield from self._forms(*self.topic(), r)

    def _forms(self, m: str, n: str, a: str, r: random.Random) -> list[str]:
        if self.zh:
            suffixes, prefixes, short = W.ZH_ASPECTS[a]
            forms = [n + s for s in suffixes] + [p + n for p in prefixes] + [n + short]
            forms += [m + n + s for s in suffixes] + [p + m + n for p in prefixes]
            if r.random() < 0.3:
                forms.append(f"{n}&{r.choice(suffixes)}")
            english = [self._english(r)] if r.random() < P_ENGLISH_KEYWORD else []
        else:
            templates, short = W.EN_ASPECTS[a]
            forms = [t.format(n=n) for t in templates] + [t.format(n=f"{m} {n}") for t in templates]
            forms += [f"{m} {n} {short}"]
            if r.random() < 0.3:
                forms.append(f"{n}&{short}")
            english = []
        r.shuffle(forms)
        return english + forms

    def _english(self, r: random.Random) -> str:
        m, n, a = r.choice(W.EN_MODIFIERS), r.choice(W.EN_NOUNS), r.choice(sorted(W.EN_ASPECTS))
        templates, _ = W.EN_ASPECTS[a]
        return r.choice(templates).format(n=r.choice((n, f"{m} {n}")))


def column_height(n: int) -> int:
    """Nodes per column of the grid: about as many rows as make the flow as tall as wide."""
    return max(3, round(math.sqrt(n * COLUMN_STEP / ROW_STEP)))


def _local_ends(nodes: list[_Node]) -> list[int]:
    """For each node, the end node a writer would send its refusal to: the latest end node
    before it at most two columns to its left (writers put a goodbye in every section, rather
    than drawing every refusal across the whole canvas to one goodbye); else the global one."""
    out, last = [], 1
    for i, node in enumerate(nodes):
        if nodes[last].depth < node.depth - 2:
            last = 1
        out.append(last)
        if node.kind == "end" and i > 2:
            last = i
    return out


def _plan_nodes(n: int, rng: random.Random) -> list[_Node]:
    """Node kinds and a spanning tree laid out in columns of about column_height(n) nodes.
    Each node hangs under a listening or `next` node of the column before, the one at about
    the same height that still takes children, so tree arrows run left to right and short,
    and every node is reachable from the start."""
    height = column_height(n)
    nodes = [_Node("opening", "listen", 0, 4)]
    for nid in ("goodbye", "transfer_agent")[: n - 1]:
        nodes[0].children.append(len(nodes))
        nodes.append(_Node(nid, "end", 1, row=len(nodes) - 1))
    prev, column = [0], list(range(1, len(nodes)))
    expected = height
    for i in range(len(nodes), n):
        parent = _parent_at(nodes, prev, len(column), expected)
        if len(column) >= height or parent is None:
            prev, column = column, []
            expected = min(height, sum(nodes[j].quota - len(nodes[j].children) for j in prev))
            parent = _parent_at(nodes, prev, 0, expected)
        open_here = sum(1 for j in column if nodes[j].quota)
        x = rng.random()
        if open_here < 2 or x >= P_END + P_NEXT:
            node = _Node(f"n{i:05d}", "listen", quota=rng.randint(1, 3))
        elif x < P_END:
            node = _Node(f"n{i:05d}", "end")
        else:
            node = _Node(f"n{i:05d}", "next", quota=1)
        nodes[parent].children.append(i)
        node.depth, node.row = nodes[parent].depth + 1, len(column)
        column.append(i)
        nodes.append(node)
    return nodes


def _parent_at(nodes: list[_Node], prev: list[int], k: int, expected: int) -> Optional[int]:
    """The node of the column before nearest to the height of row k that takes a child."""
    if not prev:
        return None
    target = min(len(prev) - 1, k * len(prev) // max(1, expected))
    for step in range(len(prev)):
        for j in (target - step, target + step):
            if 0 <= j < len(prev) and nodes[prev[j]].quota > len(nodes[prev[j]].children):
                return prev[j]
    return None


def _positions(nodes: list[_Node]) -> list[tuple[int, int]]:
    """A grid: column = depth in the tree, row = order within the column, each column
    centred on the tallest one."""
    sizes: dict[int, int] = {}
    for node in nodes:
        sizes[node.depth] = max(sizes.get(node.depth, 0), node.row + 1)
    tallest = max(sizes.values())
    return [(int(nd.depth * COLUMN_STEP),
             int((nd.row + (tallest - sizes[nd.depth]) // 2) * ROW_STEP)) for nd in nodes]


def _nearby(nodes: list[_Node], grid: dict[tuple[int, int], int], i: int,
            rng: random.Random) -> Optional[int]:
    """A node at most two columns and six rows away from node i (a link back or across)."""
    node = nodes[i]
    for _ in range(10):
        j = grid.get((node.depth + rng.randint(-2, 2), node.row + rng.randint(-6, 6)))
        if j is not None and j != i:
            return j
    return None


def _say(topic: tuple[str, str, str], zh: bool, rng: random.Random, ask: bool) -> str:
    m, n, a = topic
    if zh:
        aspect = W.ZH_ASPECTS[a][2]
        text = rng.choice(W.ZH_SAY_OPEN) + rng.choice(W.ZH_SAY_BODY).format(m=m, n=n, a=aspect)
        return text + ("。" + rng.choice(W.ZH_SAY_ASK) if ask else "。")
    aspect = W.EN_ASPECTS[a][1]
    text = rng.choice(W.EN_SAY_BODY).format(m=m, n=n, a=aspect)
    return text + (" " + rng.choice(W.EN_SAY_ASK) if ask else "")


def generate_script(n_nodes: int, seed: int = 0, language: str = "zh") -> dict[str, Any]:
    """Plain data of a script with n_nodes nodes (see the module docstring)."""
    if n_nodes < 3:
        raise ValueError("a generated script has at least 3 nodes")
    if language not in ("zh", "en"):
        raise ValueError("language is zh or en")
    zh = language == "zh"
    rng = random.Random(f"callscript-bench:{n_nodes}:{seed}:{language}")
    kws = _Keywords(rng, language)
    nodes = _plan_nodes(n_nodes, rng)
    for node in nodes:
        node.topic = kws.topic()
    shared = W.SHARED_ZH if zh else W.SHARED_EN
    for _label, _kind, words in shared.values():
        kws.seen.update(words)
    entry: dict[int, str] = {}  # node index -> its entry intent id
    intents: dict[str, dict[str, Any]] = {
        iid: {"label": label, **({"kind": kind} if kind != "normal" else {}),
              "keywords": list(words)}
        for iid, (label, kind, words) in shared.items()
    }

    def entry_intent(i: int) -> str:
        if i not in entry:
            iid = entry[i] = f"to_{nodes[i].id}"
            m, n, a = nodes[i].topic
            label = (f"{n}{W.ZH_ASPECTS[a][2]}" if zh else f"{n} {W.EN_ASPECTS[a][1]}")
            intents[iid] = {"label": label, "keywords": kws.for_topic(nodes[i].topic)}
        return entry[i]

    ends = [i for i, nd in enumerate(nodes) if nd.kind == "end"]
    listening = [i for i, nd in enumerate(nodes) if nd.kind == "listen"]
    grid = {(nd.depth, nd.row): i for i, nd in enumerate(nodes)}
    flow_nodes = _build_nodes(nodes, rng, zh, entry_intent, _local_ends(nodes), grid)
    faq = _build_faq(n_nodes, rng, zh, kws, intents, listening, nodes)
    pos = _positions(nodes)
    for i, node in enumerate(nodes):
        flow_nodes[node.id]["position"] = list(pos[i])
    successes = [nodes[i].id for i in ends[2:5]] or ["goodbye"]
    data = _settings(n_nodes, seed, zh)
    data["intents"] = _ordered_intents(intents, shared, entry, faq)
    data["flow"] = {"start": "opening", "nodes": flow_nodes}
    data["faq"] = faq
    data["grading"] = _grading(successes, [e["intent"] for e in faq[2:5]], zh)
    return data


def _settings(n_nodes: int, seed: int, zh: bool) -> dict[str, Any]:
    """The top of the file: name, language, voice, business, calling window, limits."""
    return {
        "callscript": 1,
        "name": f"基准测试话术 {n_nodes} 节点" if zh else f"Benchmark script, {n_nodes} nodes",
        "version": f"bench-{seed}",
        "language": "zh-CN" if zh else "en-US",
        "voice": {"engine": "pyttsx3", "voice": "cmn-latn-pinyin" if zh else "en-us", "rate": 170},
        "business": {
            "legal_name": "星联宽带网络有限公司" if zh else "Starlink Broadband Ltd.",
            "callback_number": "400-700-2580",
            "purpose": "宽带合约续约与服务回访" if zh else "broadband renewal and service follow-up",
            "consent": {"basis": "existing_customer",
                        "source": "宽带入网服务合同" if zh else "service contract"},
        },
        "calling_window": {"timezone": "Asia/Shanghai" if zh else "America/New_York",
                           "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                           "hours": ["09:00-12:00", "14:00-20:00"]},
        "limits": {"max_turns": 12, "max_refusals": 1, "max_no_match": 2, "max_no_input": 2,
                   "on_limit": "goodbye"},
        "variables": {"customer_name": {"label": "客户称呼" if zh else "Customer name",
                                        "example": "张先生" if zh else "Mr. Smith"}},
    }


def _grading(successes: list[str], faq_intents: list[str], zh: bool) -> dict[str, Any]:
    return {"default": "D", "rules": [
        {"grade": "A", "label": "强意向" if zh else "hot", "when": {"reached_any": successes}},
        {"grade": "B", "label": "有意向" if zh else "warm",
         "when": {"intents_any": faq_intents or ["affirm"], "max_refusals": 0}},
        {"grade": "C", "label": "一般" if zh else "some", "when": {"min_turns": 2}},
    ]}


def _ordered_intents(intents, shared, entry, faq) -> dict[str, dict[str, Any]]:
    """Shared intents first, then entry intents in node order, then the faq intents."""
    order = list(shared) + [entry[i] for i in sorted(entry)]
    order += [e["intent"] for e in faq if e["intent"] not in order]
    return {iid: intents[iid] for iid in order}


def _build_nodes(nodes: list[_Node], rng: random.Random, zh: bool, entry_intent,
                 local_end: list[int], grid: dict) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, node in enumerate(nodes):
        d: dict[str, Any] = {"say": _say(node.topic, zh, rng, node.kind == "listen")}
        if node.id == "goodbye":
            d["say"] = ("好的，不打扰您了。如有需要请拨打400-700-2580，再见。" if zh else
                        "All right, sorry to bother you. Call us on 400-700-2580 any time. Bye.")
        if i == 0:
            d["say"] = ("您好{customer_name}，我是星联宽带网络有限公司的AI语音助手，您的宽带合约快到期了，"
                        "想跟您聊聊续约。不想再接到电话可以直接说“别再打了”。") if zh else (
                "Hello {customer_name}, this is the AI assistant of Starlink Broadband Ltd. Your "
                "contract ends soon; can we talk about renewing? Say 'stop calling' any time.")
        if node.kind == "listen":
            d["branches"] = _branches(i, node, nodes, rng, entry_intent, local_end[i], grid)
            if rng.random() < 0.5:
                d["no_match"] = {"reply": "不好意思，我没听清，您能再说一遍吗？" if zh
                                 else "Sorry, I didn't catch that. Could you say it again?"}
                if rng.random() < 0.3:  # after two misses, the section's own way out
                    d["no_match"]["then"] = nodes[local_end[i]].id
            if rng.random() < 0.4:
                d["no_input"] = {"reply": "喂，您好，能听到吗？" if zh else "Hello, can you hear me?"}
        elif node.kind == "next":
            d["next"] = nodes[node.children[0] if node.children else local_end[i]].id
        elif node.id == "transfer_agent" or (node.kind == "end" and rng.random() < 0.1):
            d["end"] = "transfer"
            d["transfer_to"] = "sales_queue"
            d["transfer_fallback"] = ("坐席都在忙，稍后会有专人回电，再见。" if zh
                                      else "All agents are busy; we will call you back. Goodbye.")
        else:
            d["end"] = "hangup"
        out[node.id] = d
    return out


def _branches(i: int, node: _Node, nodes: list[_Node], rng: random.Random, entry_intent,
              end: int, grid: dict) -> list[dict[str, str]]:
    """The tree children first, then extra arrows (the refusal to a nearby goodbye, a link back
    or across to a nearby node) until the node has 2-4 branches, each intent once."""
    branches: list[dict[str, str]] = []
    used: set[str] = set()

    def add(intent: str, goto: int) -> None:
        if intent not in used:
            used.add(intent)
            branches.append({"intent": intent, "goto": nodes[goto].id})

    for c in node.children:
        if c == 1 and i == 0:
            continue  # goodbye hangs under the opening's refusal branch, added below
        if "affirm" not in used and rng.random() < P_AFFIRM_EDGE:
            add("affirm", c)
        else:
            add(entry_intent(c), c)
    want = max(len(branches), rng.randint(2, 4), 2)
    if i == 0 or rng.random() < 0.4:
        add("refuse", 1 if i == 0 else end)
    for _ in range(20):
        if len(branches) >= want:
            break
        j = _nearby(nodes, grid, i, rng)
        if j is not None:
            add(entry_intent(j), j)
    return branches


def _build_faq(n_nodes: int, rng: random.Random, zh: bool, kws: _Keywords,
               intents: dict[str, dict[str, Any]], listening: list[int],
               nodes: list[_Node]) -> list[dict[str, Any]]:
    faq: list[dict[str, Any]] = [
        {"intent": "ask_robot", "reply": "我是星联宽带的AI语音助手，不是真人。" if zh
         else "I am the Starlink Broadband AI assistant, not a person."},
        {"intent": "opt_out", "reply": "好的，已为您登记，以后不会再打扰您，再见。" if zh
         else "Understood, we will not call you again. Goodbye."},
    ]
    for j in range(max(1, n_nodes // 20)):
        topic = kws.topic()
        iid = f"faq_{j:04d}"
        m, n, a = topic
        intents[iid] = {"label": (f"问{n}{W.ZH_ASPECTS[a][2]}" if zh else f"asks {n} {a}"),
                        "keywords": kws.for_topic(topic)}
        entry: dict[str, Any] = {"intent": iid, "reply": _say(topic, zh, rng, False)}
        x = rng.random()
        if x < 0.1:
            entry["goto"] = nodes[rng.choice(listening)].id
        elif x < 0.15:
            entry["then"] = "hangup"
        faq.append(entry)
    return faq


def dump_generated(data: dict[str, Any]) -> str:
    """The YAML text of generated data, written the way the designer saves a script."""
    from designer.formats.script_yaml import dump_script, parse_script
    from designer.formats.yaml_tree import dump_yaml

    return dump_script(parse_script(dump_yaml(data), "<generated>"))


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("nodes", type=int, help="number of nodes")
    ap.add_argument("-o", "--output", required=True, help="where to write the YAML script")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--language", choices=("zh", "en"), default="zh")
    args = ap.parse_args(argv)
    text = dump_generated(generate_script(args.nodes, args.seed, args.language))
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
