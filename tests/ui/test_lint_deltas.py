"""The lint worker checks a delta applied to the script it kept (designer/ui/panels/
lint_worker.py) and answers exactly what lint_script says of the whole script: after every
edit of random sequences (the real undo commands: node, intent, faq and section edits, add,
delete, rename, undo, redo) on the fixture and on a generated 300-node script, across a worker
killed between checks and during one; a missing or stale base makes the dock send the whole
script; a one-node edit pickles a few hundred bytes."""
import dataclasses
import os
import pickle
import random
import signal
import threading
import time

import pytest

from bench.generate import dump_generated, generate_script
from designer.analysis.lint import lint_script
from designer.formats.script_yaml import load_script, read_text_file
from designer.model import Branch, FaqEntry, Intent, Node, Variable
from designer.ui import commands as cmd
from designer.ui.document import Document
from designer.ui.panels import lint_worker
from designer.ui.panels.lint_worker import (
    MAX_BASES, Channel, _Check, _Delta, _NoBase, apply, diff, run_checks, run_checks_on_text,
)

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "design_example.yaml")
TEXTS = ["", "好的", "您好，我是AI语音助理，请问您现在方便吗？", "再见", "hello {name}", "不要"]


def exactly(problems):
    """Everything of each problem, its message's id and values and Chinese text too (Problem's
    == leaves out msg)."""
    return [(p, p.msg.id if p.msg else None, p.msg.args if p.msg else None,
             p.localized("zh_CN")) for p in problems]


@pytest.fixture
def generated(tmp_path):
    path = tmp_path / "generated.yaml"
    path.write_text(dump_generated(generate_script(300, 11)), encoding="utf-8")
    return str(path)


def opened(path):
    """A document as File > Open makes it: the script, and the text it was read from."""
    doc = Document()
    doc.set_script(load_script(path), source=read_text_file(path))
    return doc


EVERY_KIND = {"undo", "redo", "AddNode", "MacroCommand", "RenameNode", "SetNodeField",
              "ReplaceIntent", "AddIntent", "DeleteIntent", "RenameIntent", "ReplaceFaq",
              "AddFaq", "RemoveFaq", "MoveFaq", "SetSection", "save_as"}  # Macro: a delete


def random_edit(rng, doc):
    """One edit of the script as an undo command, or an undo or redo (None: it did not apply)."""
    s = doc.script
    kind = rng.choice(["say", "say", "add", "remove", "rename", "branch", "move", "keywords",
                       "intent_add", "intent_delete", "intent_rename", "faq_reply", "faq_add",
                       "faq_remove", "faq_move", "start", "limits", "variables", "name", "path",
                       "undo", "undo", "redo", "redo", "redo"])
    if kind == "undo":
        return doc.undo_stack.undo if doc.undo_stack.canUndo() else None
    if kind == "redo":
        return doc.undo_stack.redo if doc.undo_stack.canRedo() else None
    nodes, intents = sorted(s.nodes), sorted(s.intents)
    nid = rng.choice(nodes) if nodes else None
    iid = rng.choice(intents) if intents else None
    if kind == "add":
        return cmd.AddNode(s, s.new_node_id(), Node(say=rng.choice(TEXTS)))
    if nid is None:
        return None
    if kind == "say":
        return cmd.SetNodeField(s, nid, "say", rng.choice(TEXTS))
    if kind == "remove":
        return cmd.remove_nodes_command(s, [nid])
    if kind == "rename":
        return cmd.RenameNode(s, nid, s.new_node_id("renamed"))
    if kind == "branch" and iid is not None and s.nodes[nid].listens:
        return cmd.AddBranch(s, nid, Branch(iid, rng.choice(nodes)))
    if kind == "move":
        return cmd.MoveNodes(s, {nid: (s.nodes[nid].position,
                                       (float(rng.randrange(3000)), float(rng.randrange(3000))))})
    if kind == "keywords" and iid is not None:  # often a keyword of another intent
        other = s.intents[rng.choice(intents)].keywords or ("好",)
        intent = s.intents[iid]
        return cmd.ReplaceIntent(s, iid, dataclasses.replace(
            intent, keywords=intent.keywords + (rng.choice(other),)))
    if kind == "intent_add":
        new = f"intent_{rng.randrange(10**6)}"
        return None if new in s.intents else cmd.AddIntent(s, new, Intent(
            label="新", keywords=(rng.choice(["可以", "好的", "多少钱", "不要"]),)))
    if kind == "intent_delete" and iid is not None:
        return cmd.DeleteIntent(s, iid)
    if kind == "intent_rename" and iid is not None:
        new = f"renamed_intent_{rng.randrange(10**6)}"
        return None if new in s.intents else cmd.RenameIntent(s, iid, new)
    if kind == "faq_add" and iid is not None:
        return cmd.AddFaq(s, FaqEntry(iid, rng.choice(TEXTS), goto=rng.choice([None, nid])),
                          rng.randrange(len(s.faq) + 1))
    if kind == "faq_reply" and s.faq:
        i = rng.randrange(len(s.faq))
        return cmd.ReplaceFaq(s, i, dataclasses.replace(s.faq[i], reply=rng.choice(TEXTS)))
    if kind == "faq_remove" and s.faq:
        return cmd.RemoveFaq(s, rng.randrange(len(s.faq)))
    if kind == "faq_move" and len(s.faq) > 1:
        return cmd.MoveFaq(s, rng.randrange(len(s.faq)), rng.randrange(len(s.faq)))
    if kind == "start":
        return cmd.SetSection(s, "start", nid)
    if kind == "limits":
        return cmd.SetSection(s, "limits", dataclasses.replace(
            s.limits, max_refusals=rng.randrange(4), on_limit=rng.choice([None, nid])))
    if kind == "variables":
        return cmd.SetSection(s, "variables", {**s.variables,
                                               f"v{rng.randrange(100)}": Variable("变量", "x")})
    if kind == "name":
        return cmd.SetSection(s, "name", rng.choice(["新名字", s.name + "!"]))
    if kind == "path":
        def save_as():  # where a save as puts the script (its path only: no undo step)
            doc.set_path(os.path.join(os.path.dirname(os.path.abspath(doc.path or ".")),
                                      f"copy{rng.randrange(3)}.yaml"))
        return save_as
    return None


def do(doc, edit):
    if callable(edit) and not hasattr(edit, "redo"):
        edit()  # undo, redo or save_as
    else:
        doc.push(edit)


def same(a, b):
    """a and b are the same script: every field (source and path too), keys in the same order."""
    for f in dataclasses.fields(a):
        if f.name != "events":
            x, y = getattr(a, f.name), getattr(b, f.name)
            assert (list(x.items()) if isinstance(x, dict) else x) == (
                list(y.items()) if isinstance(y, dict) else y), f.name
    return True


@pytest.mark.parametrize("which", ["fixture", "generated"])
def test_each_delta_applied_to_the_last_script_gives_the_script_itself(qapp, generated, which):
    doc = opened(FIXTURE if which == "fixture" else generated)
    rng = random.Random(3)
    sent = doc.script.copy()
    theirs = pickle.loads(pickle.dumps(sent))  # the worker's own copy
    for done, _kinds in edits(rng, doc, 300):
        now = doc.script.copy()
        theirs = apply(theirs, pickle.loads(pickle.dumps(diff(sent, now, done))))
        assert same(theirs, now), done
        sent = now


def edits(rng, doc, steps):
    """Random edits done on doc, at least `steps` and until every kind of edit has come:
    (how many so far, the kinds so far) after each."""
    kinds, done = set(), 0
    while done < steps or not EVERY_KIND <= kinds:
        assert done < 10 * steps, kinds
        edit = random_edit(rng, doc)
        if edit is None:
            continue
        do(doc, edit)
        kinds.add(getattr(edit, "__name__", type(edit).__name__))
        done += 1
        yield done, kinds


def kill_worker():
    pid = lint_worker.worker_pid()
    os.kill(pid, signal.SIGKILL)
    lint_worker._WORKER.process.wait(5)
    return pid


@pytest.mark.parametrize("which, steps, seed", [("fixture", 80, 1), ("generated", 45, 5)])
def test_every_check_from_deltas_equals_lint_of_the_whole_script(qapp, generated, which,
                                                                 steps, seed):
    doc = opened(FIXTURE if which == "fixture" else generated)
    rng = random.Random(seed)
    channel = Channel()
    # as the dock does right after an open: the worker reads the text, and keeps it
    got = run_checks_on_text(doc.source(), doc.path, channel, doc.script.copy())
    assert exactly(got) == exactly(lint_script(doc.script))
    assert (channel.wholes, channel.deltas) == (1, 0)
    restarted_at = steps // 2
    for done, kinds in edits(rng, doc, steps):
        wholes = channel.wholes
        if done == restarted_at:  # the worker dies between two checks
            pid = kill_worker()
        got = run_checks(doc.script.copy(), channel)
        assert exactly(got) == exactly(lint_script(doc.script)), (done, kinds)
        if done == restarted_at:  # the new worker had no base: the whole script, once
            assert lint_worker.worker_pid() != pid and channel.wholes == wholes + 1
        else:  # the worker applied the delta
            assert channel.wholes == wholes, done
    assert channel.deltas == done - 1


def test_another_script_in_the_same_dock(qapp, generated):
    # a restored autosave (no text to read): the delta against the last script is all of it,
    # its positions (line numbers) and path included
    doc = opened(FIXTURE)
    channel = Channel()
    run_checks_on_text(doc.source(), doc.path, channel, doc.script.copy())
    other = load_script(generated)
    doc.set_script(other, clean=False)
    got = run_checks(other.copy(), channel)
    assert exactly(got) == exactly(lint_script(other))
    assert (channel.wholes, channel.deltas) == (1, 1)
    assert any(p.line and p.line > 100 for p in got)  # lines of the generated file


def test_a_worker_killed_during_a_check(qapp, generated):
    # the check reads EOF and checks here; the next one sends the whole script to a new worker
    doc = opened(generated)
    channel = Channel()
    run_checks(doc.script.copy(), channel)
    rng = random.Random(5)
    for attempt in range(3):
        edit = None
        while edit is None:
            edit = random_edit(rng, doc)
        do(doc, edit)
        pid = lint_worker.worker_pid()
        results = []
        check = threading.Thread(target=lambda: results.append(
            run_checks(doc.script.copy(), channel)))
        check.start()
        time.sleep(0.02 * attempt)  # before, while or after the worker gets the delta
        os.kill(pid, signal.SIGKILL)
        check.join(30)
        assert exactly(results[0]) == exactly(lint_script(doc.script))
        wholes = channel.wholes
        doc.push(cmd.SetNodeField(doc.script, sorted(doc.script.nodes)[attempt], "say", ""))
        got = run_checks(doc.script.copy(), channel)
        assert exactly(got) == exactly(lint_script(doc.script))
        assert lint_worker.worker_pid() != pid and channel.wholes == wholes + 1


def test_the_oldest_base_is_dropped_and_sent_again_whole(qapp):
    docs = [opened(FIXTURE) for _ in range(MAX_BASES + 1)]
    channels = [Channel() for _ in docs]
    for doc, channel in zip(docs, channels):
        run_checks(doc.script.copy(), channel)
    for i, (doc, channel) in enumerate(zip(docs, channels)):
        doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "" if i % 2 else "再见了"))
        got = run_checks(doc.script.copy(), channel)
        assert exactly(got) == exactly(lint_script(doc.script))
    # the first was dropped when the last came; then the first again dropped the second...
    assert [c.wholes for c in channels] == [2, 2, 2, 2, 2]
    assert [c.deltas for c in channels] == [0, 0, 0, 0, 0]
    for doc, channel in zip(docs[-2:], channels[-2:]):  # the newest are kept
        doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", "拜拜"))
        assert exactly(run_checks(doc.script.copy(), channel)) == exactly(
            lint_script(doc.script))
        assert (channel.wholes, channel.deltas) == (2, 1)


def test_a_delta_on_another_base_or_that_does_not_apply_is_refused(qapp):
    doc = opened(FIXTURE)
    channel = Channel()
    run_checks(doc.script.copy(), channel)
    worker = lint_worker._worker()
    sent = channel.sent
    doc.push(cmd.SetNodeField(doc.script, "goodbye", "say", ""))
    now = doc.script.copy()
    stale = _Check(channel.token, 10, diff(sent, now, channel.sent_seq - 1))
    assert isinstance(worker.check(pickle.dumps(stale)), _NoBase)
    # the refusal dropped the base: even the right delta finds none now
    right = _Check(channel.token, 11, diff(sent, now, channel.sent_seq))
    assert isinstance(worker.check(pickle.dumps(right)), _NoBase)
    # the dock's channel then sends the whole script, and its deltas work again
    got = run_checks(now, channel)
    assert exactly(got) == exactly(lint_script(now)) and channel.wholes == 2
    broken = _Delta(channel.sent_seq, {}, {"nodes": ({}, ("no such node",), None)})
    assert isinstance(worker.check(pickle.dumps(_Check(channel.token, 99, broken))), _NoBase)
    assert exactly(run_checks(now, channel)) == exactly(lint_script(now))
    assert channel.wholes == 3
    channel.sent_seq -= 1  # as if the dock had missed the worker's last script
    assert exactly(run_checks(now, channel)) == exactly(lint_script(now))
    assert channel.wholes == 4
    assert exactly(run_checks(now, channel)) == exactly(lint_script(now))
    assert (channel.wholes, channel.deltas) == (4, 1)


def test_a_delta_rebuilds_the_script_with_its_key_order(qapp, generated):
    doc = opened(generated)
    s = doc.script
    old = s.copy()
    assert diff(old, s.copy(), 1) == _Delta(1, {}, {})  # nothing changed: nothing to send
    first, middle = list(s.nodes)[0], list(s.nodes)[150]
    doc.push(cmd.SetNodeField(s, middle, "say", "新的"))
    assert diff(old, s.copy(), 1) == _Delta(1, {}, {"nodes": ({middle: s.nodes[middle]}, (),
                                                              None)})
    doc.push(cmd.RenameNode(s, first, "renamed_first"))  # in its place: the order is sent
    doc.push(cmd.remove_nodes_command(s, [list(s.nodes)[7]]))
    doc.push(cmd.AddNode(s, "added", Node(say="新")))
    doc.push(cmd.MoveFaq(s, 0, 3))
    intent = sorted(s.intents)[4]
    doc.push(cmd.RenameIntent(s, intent, "renamed_intent"))  # keeps its place
    new = s.copy()
    delta = diff(old, new, 1)
    assert delta.tables["nodes"][2] is not None and delta.tables["intents"][2] is not None
    assert set(delta.values) == {"faq", "start", "grading"}  # the start node was renamed
    worker_copy = apply(pickle.loads(pickle.dumps(old)), delta)
    for name in ("nodes", "intents", "variables"):
        assert list(getattr(worker_copy, name).items()) == list(getattr(new, name).items())
    assert worker_copy == new and worker_copy.faq == new.faq
    assert worker_copy.source.positions == new.source.positions
    assert worker_copy.path == new.path


def test_a_one_node_edit_pickles_a_few_hundred_bytes(qapp, generated):
    doc = opened(generated)
    old = doc.script.copy()
    doc.push(cmd.SetNodeField(doc.script, sorted(doc.script.nodes)[42], "say", "新的话"))
    small = len(pickle.dumps(_Check("t" * 32, 2, diff(old, doc.script.copy(), 1))))
    whole = len(pickle.dumps(_Check("t" * 32, 2, doc.script.copy())))
    assert small < 1000 < whole // 100, (small, whole)


def test_the_dock_sends_deltas_after_the_text(qtbot, generated):
    from designer.ui.panels.problems import _ORDER, ProblemsPanel

    doc = opened(generated)
    panel = ProblemsPanel(doc)
    qtbot.addWidget(panel)
    qtbot.waitUntil(panel.is_current, timeout=10000)
    channel = panel._channel
    assert (channel.wholes, channel.deltas) == (1, 0)  # the text
    s = doc.script
    for i, nid in enumerate(sorted(s.nodes)[:3]):
        doc.push(cmd.SetNodeField(s, nid, "say", "" if i == 1 else f"新的话 {i}"))
        qtbot.waitUntil(lambda: panel.is_current() and channel.deltas == i + 1, timeout=10000)
        assert channel.wholes == 1
        assert exactly(panel.problems) == exactly(sorted(
            lint_script(s), key=lambda p: (_ORDER[p.severity], p.line or 0, p.code)))
