"""The VoiceXML 2.1 rendition: well-formed, one form per node, every jump lands on a form,
grammars made from the keywords, handlers following the limits."""
from __future__ import annotations

import glob
import os
import xml.etree.ElementTree as ET

import pytest

from designer.formats.script_yaml import load_script, parse_script
from designer.formats.vxml import LIMIT_FORM, script_to_vxml
from designer.model import iter_prompts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NS = {"v": "http://www.w3.org/2001/vxml"}
SCRIPTS = sorted(glob.glob(os.path.join(ROOT, "scripts_library", "*", "script.yaml"))) + [
    os.path.join(ROOT, "tests", "fixtures", "design_example.yaml")]


def parse(script) -> ET.Element:
    text = script_to_vxml(script)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def forms(root) -> dict[str, ET.Element]:
    return {f.get("id"): f for f in root.findall("v:form", NS)}


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: os.path.basename(os.path.dirname(p)))
def test_structure_of_every_sample(path):
    script = load_script(path)
    root = parse(script)
    assert root.tag == "{http://www.w3.org/2001/vxml}vxml" and root.get("version") == "2.1"
    by_id = forms(root)
    assert set(script.nodes) | {LIMIT_FORM} == set(by_id)  # sample ids are valid form ids
    assert root.findall("v:form", NS)[0].get("id") == script.start  # the interpreter starts here
    for goto in root.iter("{http://www.w3.org/2001/vxml}goto"):
        assert goto.get("next").startswith("#") and goto.get("next")[1:] in by_id
    prompt_ids = {p.id for p in iter_prompts(script)}
    for audio in root.iter("{http://www.w3.org/2001/vxml}audio"):
        src = audio.get("src")
        assert src.startswith("../audio/") and src.endswith(".wav")
        assert src[len("../audio/"):-4] in prompt_ids
        assert audio.text and audio.text.strip()  # the text is the fallback content
    for nid, node in script.nodes.items():
        form = by_id[nid]
        fields = form.findall("v:field", NS)
        if node.listens:
            assert len(fields) == 1
            grammar = fields[0].find("v:grammar", NS)
            items = [i for i in grammar.iter("{http://www.w3.org/2001/vxml}item")
                     if i.text and i.text.strip()]
            assert items, f"{nid}: empty grammar"
            targets = {g.get("next")[1:] for g in fields[0].iter(
                "{http://www.w3.org/2001/vxml}goto")}
            assert {b.goto for b in node.branches} <= targets
            counts = [h.get("count") for h in fields[0].findall("v:nomatch", NS)]
            if script.limits.max_no_match:
                assert counts == [None, str(script.limits.max_no_match + 1)]
            else:
                assert counts == [None]
        else:
            assert not fields
        if node.end == "hangup":
            assert form.find(".//v:disconnect", NS) is not None
        if node.end == "transfer":
            xfer = form.find("v:transfer", NS)
            assert xfer is not None and xfer.get("dest") == node.transfer_to
        if node.next:
            assert form.find("v:block/v:goto", NS).get("next") == f"#{node.next}"


def test_grammar_items_come_from_the_keywords_and_say_what_is_approximated():
    script = load_script(os.path.join(ROOT, "tests", "fixtures", "design_example.yaml"))
    text = script_to_vxml(script)
    opening = forms(ET.fromstring(text))["opening"]
    words = {i.text.strip() for i in opening.iter("{http://www.w3.org/2001/vxml}item")
             if i.text and i.text.strip()}
    assert {"是的", "有需要", "不需要", "别再打", "多少钱", "机器人"} <= words
    assert {"贵", "不贵"} <= words  # "贵&不贵": both orders, anything between
    assert "exclude 不问价格: not expressible" in text
    tags = [t.text for t in opening.iter("{http://www.w3.org/2001/vxml}tag")]
    assert "out='affirm';" in tags and "out='opt_out';" in tags


SPECIAL = """\
callscript: 1
name: "Edge <cases> & 'quotes'"
language: en-US
limits: {max_turns: 5, max_refusals: 0, max_no_match: 0, max_no_input: 1}
intents:
  yes: {label: "yes -- sure", keywords: [yes, "re:^(ok|okay)$", "sure&thing"]}
  only_regex: {label: pattern only, keywords: ["re:\\\\d{4}"]}
  no: {label: refusal, kind: refusal, keywords: [no thanks]}
flow:
  start: 1st
  nodes:
    1st:
      say: Say "yes" & <go> -- now!
      note: "a note with -- dashes -"
      branches:
        - {intent: yes, goto: end}
        - {intent: only_regex, goto: end}
    end:
      say: Bye.
      end: hangup
"""


def test_special_characters_ids_and_inexpressible_keywords_stay_well_formed():
    script = parse_script(SPECIAL)
    text = script_to_vxml(script)
    root = ET.fromstring(text)  # well-formed despite quotes, <, &, -- in texts and comments
    by_id = forms(root)
    assert "node_1st" in by_id  # a form id cannot start with a digit
    assert by_id["node_1st"].find("v:block/v:prompt/v:audio", NS).text == 'Say "yes" & <go> -- now!'
    assert "keyword 're:^(ok|okay)$' is a regular expression: left out" in text
    assert "intent only_regex: no keyword VoiceXML can express" in text
    # max_no_match 0: the first no-match already goes to the limit form (built-in goodbye)
    field = by_id["node_1st"].find("v:field", NS)
    handler = field.find("v:nomatch", NS)
    assert handler.get("count") is None
    assert [g.get("next") for g in handler.iter("{http://www.w3.org/2001/vxml}goto")][-1] == \
        f"#{LIMIT_FORM}"
    limit = by_id[LIMIT_FORM]
    assert limit.find(".//v:audio", NS).get("src") == "../audio/builtin.goodbye.wav"
    # a refusal counts against max_refusals 0: the first one ends the call
    filled = field.find("v:filled", NS)
    assert any(i.get("cond") == "cs_refusals > 0" for i in filled.iter(
        "{http://www.w3.org/2001/vxml}if"))


def test_prompts_with_variables_are_said_by_tts_with_values():
    script = load_script(os.path.join(ROOT, "tests", "fixtures", "design_example.yaml"))
    root = parse(script)
    opening = forms(root)["opening"]
    prompt = opening.find("v:block/v:prompt", NS)
    assert prompt.find("v:audio", NS) is None  # the recording says the example name
    assert prompt.text == "您好" and prompt.find("v:value", NS).get("expr") == "customer_name"
    declared = {v.get("name"): v.get("expr") for v in root.findall("v:var", NS)}
    assert declared["customer_name"] == "'王先生'"


def test_imported_sellbot_script_with_chinese_ids():
    from designer.formats.importers.sellbot import import_sellbot

    script = import_sellbot(os.path.join(ROOT, "tests", "fixtures", "sellbot",
                                         "sample.json")).script
    root = parse(script)
    by_id = forms(root)
    assert {"开场白", "来电目的", "结束_成功", "结束_失败", LIMIT_FORM} <= set(by_id)
    targets = {g.get("next")[1:] for g in root.iter("{http://www.w3.org/2001/vxml}goto")}
    assert targets <= set(by_id) and {"来电目的", "结束_成功", "结束"} <= targets
    # the refused dialog counts against max_refusals (1) and the limit form says 结束_失败's line
    assert by_id[LIMIT_FORM].find(".//v:audio", NS).text == script.nodes["结束_失败"].say
