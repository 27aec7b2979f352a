"""The English problem messages: the source texts (`Problem.message`, the JSON `message`).

id -> str.format template; see designer/model/messages/__init__.py. Changing a text here
changes the command line's output, which other tools read: add a variant instead.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- pieces used inside messages ----------------------------------------------------------
    "_join.comma": ", ",
    "_join.semicolon": "; ",
    "_join.and": " and ",  # between names: "branches and next"
    "_join.also": " and ",  # between clauses: "start before 09:00 and end after 21:00"
    "_join.or": " or ",
    "_quote": "{text!r}",
    "_list.more": "{shown} and {more} more",
    "_where.file": "the file",
    "_kind.empty": "empty",
    "_kind.mapping": "a mapping",
    "_kind.list": "a list",
    "_kind.text": "text",
    "_kind.bool": "true/false",
    "_kind.number": "a number",
    "_id:variable": "variable",
    "_id:intent": "intent",
    "_id:node": "node",
    "_event:no_match": "no-match",
    "_event:no_input": "no-input",
    "_source:recorded": "recorded",
    "_source:synthesized": "synthesized",
    "_source:imported": "imported",
    "_stale:text changed": "text changed",
    "_stale:voice changed": "voice changed",
    "_stale:a variable's example changed": "a variable's example changed",

    # ---- reading the file (formats/script_yaml.py, formats/fields.py) -----------------------
    "E-UNREADABLE.folder": "is a folder, not a file",
    "E-UNREADABLE.size": "is {mb} MB; a script file may be at most 64 MB",
    "E-UNREADABLE.missing": "no such file",
    "E-UNREADABLE.os": "cannot read: {detail}",
    "E-ENCODING": "is not UTF-8 text (save it as UTF-8)",
    "E-EMPTY": "the file is empty; a script starts with `callscript: 1`",
    "E-YAML": "invalid YAML: {detail}",
    "E-YAML.raw": "{detail}",
    "E-YAML-TAG": "YAML tag {tag!r} is not allowed (scripts hold plain data only)",
    "E-YAML-VALUE": "cannot read value {value!r}",
    "E-YAML-KEY": "the key {key} is {kind}; a key must be plain text",
    "E-DUPLICATE-KEY": "duplicate key {key!r}: each key may appear once",
    "E-VERSION": "this is callscript format {found!r}; this program reads format {version}",
    "E-TYPE.mapping": "{where} must be a mapping (key: value), not {kind}",
    "E-TYPE.list": "{where} must be a list, not {kind}",
    "E-TYPE.text": "{where} must be text, not {kind}",
    "E-TYPE.integer": "{where} must be a whole number, not {kind}",
    "E-TYPE.position": "position must be [x, y] numbers",
    "E-UNKNOWN-KEY": "unknown key {key!r} in {where}; allowed: {allowed}",
    "E-UNKNOWN-KEY.hint": "unknown key {key!r} in {where} (did you mean {hint!r}?)",
    "E-MISSING-KEY": "{where} needs {key!r}",
    "E-RANGE": "{where} must be at least {minimum}",
    "E-VALUE.choice": "{where} must be one of {choices}, not {value!r}",
    "E-VALUE.day": "day {day!r} must be one of {days}",
    "E-VALUE.hours": "hours {hours!r} must look like \"09:00-12:00\"",
    "E-VALUE.end_reason": "end_reason {reason!r} must be one of {reasons}",
    "E-BAD-ID": "{what} id {value!r} may use letters, digits, '_' and '-' only (it names audio "
                "files)",
    "E-FAQ-THEN-GOTO": "a faq entry has either `then` or `goto`, not both",

    # ---- structure (analysis/structure.py) ---------------------------------------------------
    "E-NO-NODES": "the flow has no nodes",
    "E-NO-START": "flow.start names no node",
    "E-START-MISSING": "flow.start is {start!r}, but there is no node {start!r}",
    "E-DANGLING-GOTO.on_limit": "limits.on_limit goes to {target!r}, which is not a node",
    "E-DANGLING-GOTO.faq": "faq entry {entry} goes to {target!r}, which is not a node",
    "E-DANGLING-GOTO.grading": "grading rule {grade!r} names node {target!r}, which does not "
                               "exist",
    "E-DANGLING-GOTO.branch": "node {node}, branch {branch} goes to {target!r}, which is not a "
                              "node",
    "E-DANGLING-GOTO.next": "node {node}: next goes to {target!r}, which is not a node",
    "E-DANGLING-GOTO.handler": "node {node}: {handler}.then goes to {target!r}, which is not a "
                               "node",
    "E-UNKNOWN-INTENT.faq": "faq entry {entry} answers intent {intent!r}, which is not defined "
                            "under intents",
    "E-UNKNOWN-INTENT.grading": "grading rule {grade!r} names intent {intent!r}, which is not "
                                "defined",
    "E-UNKNOWN-INTENT.branch": "node {node}, branch {branch}: intent {intent!r} is not defined "
                               "under intents",
    "E-EMPTY-REPLY": "faq entry {entry} has no reply",
    "E-BAD-REGEX": "intent {intent}: keyword {keyword!r}: pattern {pattern!r} does not "
                   "compile: {error}",
    "E-BAD-REGEX.other": "intent {intent}: keyword {keyword!r}: {detail}",
    "E-VALUE.calling_hours": "calling_window hours {hours!r} must look like \"09:00-12:00\"",
    "E-EMPTY-SAY": "node {node} says nothing",
    "E-NODE-KIND": "node {node} has {kinds}: a node either listens (branches), continues (next) "
                   "or ends (end)",
    "E-TRANSFER-TARGET": "node {node} transfers but names no transfer_to queue",
    "E-TRANSFER-TARGET.not_transfer": "node {node} has transfer_to/transfer_fallback but does "
                                      "not end with `end: transfer`",
    "E-NEXT-LOOP": "these nodes continue into each other with `next` and never listen or end: "
                   "{loop}",

    # ---- graph (analysis/graph.py) -----------------------------------------------------------
    "W-UNREACHABLE": "node {node} can never be reached from the start ({start}): no branch, "
                     "next, handler `then`, faq goto or limits.on_limit leads to it",
    "_feed": "; {count} other node(s) lead only here: {names}",
    "W-NO-END": "node {node} listens, but nothing leads on from it to an end node: only a limit "
                "(max_turns {max_turns}), an opt-out or the customer hanging up can end the call "
                "there{feed}",
    "W-LOOP-NO-EXIT": "nodes {loop} lead only into each other and never to an end node: the call "
                      "goes round until a limit (max_turns {max_turns}), an opt-out or the "
                      "customer hanging up ends it{feed}",
    "W-SELF-LOOP": "node {node}, branch {branch} ({intent}) goes back to {node}: the robot "
                   "repeats itself every time it hears {intent}, and no per-node counter stops "
                   "it (max_no_match and max_no_input count only no-match and silence); only "
                   "max_turns ({max_turns}) ends it. Use the no_match reply to say things again, "
                   "or branch to another node",
    "W-SELF-LOOP.handler": "node {node}: {handler}.then goes back to {node}: once max_{handler} "
                           "is passed, every further {event} repeats {node} until max_turns "
                           "({max_turns}); send it to a goodbye instead, or leave `then` out to "
                           "use limits.on_limit",
    "_via": " (via {chain})",
    "W-ON-LIMIT-NOT-END": "limits.on_limit is {on_limit}, which leads to {last}{via}, a node "
                          "that listens: when a limit fires the robot says its prompt and hangs "
                          "up without waiting for the answer. Make on_limit an end node (end: "
                          "hangup) or a node whose next leads to one",
    "W-ON-LIMIT-TRANSFER": "limits.on_limit is {on_limit}, which transfers to an agent{via}: a "
                           "person who refused more than max_refusals ({max_refusals}) times is "
                           "handed to a salesperson instead of being let go. End the call there "
                           "(end: hangup)",
    "E-UNDECLARED-VAR": "prompt {prompt} uses {{{name}}}, which is not declared under variables: "
                        "the robot would say it literally. Declare it (with an example) or fix "
                        "the name",
    "W-UNUSED-VAR": "variable {name} is declared but no prompt uses {{{name}}}",

    # ---- keywords (analysis/keywords.py) -----------------------------------------------------
    "_use.branch": "branch of node {node}",
    "_use.faq": "faq entry {entry}",
    "_use.grading": "grading rule {grade}",
    "_used_by": " (used by {use})",
    "W-EMPTY-KEYWORD": "intent {intent}: keyword {keyword!r} is only spaces or punctuation once "
                       "normalized, so it never matches anything",
    "W-REGEX-MATCHES-EMPTY": "intent {intent}: pattern {pattern!r} also matches the empty text, "
                             "so it hits almost every utterance (wherever no other keyword "
                             "covers its start): make it need at least one character (+ rather "
                             "than *, no optional-only groups)",
    "W-EMPTY-INTENT": "intent {intent} has no keyword that can match, so it never fires{used}: "
                      "add keywords",
    "W-REGEX-SLOW": "intent {intent}: pattern {pattern!r} takes over {ms:.0f} ms on some "
                    "utterances (nested repetition such as (a|aa)+ or (x+)+): the engine then "
                    "counts it as no match; rewrite it without nested repeats",
    "_how.opt_out": "opt-out intent {intent} (keyword {keyword!r}), which always wins",
    "_how.branch": "branch {branch} ({intent}, keyword {keyword!r})",
    "_how.faq": "faq entry {entry} ({intent}, keyword {keyword!r})",
    "_how.refusal": "refusal {intent} (keyword {keyword!r})",
    "_how.none": "no intent at all",
    "_why.opt_out": "{said!r} is an opt-out: it always ends the call and never takes a branch",
    "_why.exclude": "{said!r} contains {intent}'s own exclude phrase {phrase!r}",
    "_why.goes": "{said!r} goes to {how}",
    "_more": "; and {count} more",
    "W-BRANCH-NEVER-FIRES": "node {node}, branch {branch} ({intent}) can never fire: {why}{more}",
    "W-KEYWORD-SHADOWED": "at node {node}, keyword {keyword!r} never reaches branch {branch} "
                          "({intent}): {why}",
    "_live.every": "every listening node",
    "_live.node": "node {nodes}",
    "_live.nodes": "nodes {nodes}",
    "_live.more": "nodes {nodes} and {more} more",
    "_outcome.loser": "saying it goes to {how}, so {loser} never hears it",
    "_outcome.neither": "saying it goes to {how}, so neither hears it",
    "W-DUPLICATE-KEYWORD": "keyword {keyword!r} is in both intent {a} and intent {b}, which are "
                           "both live at {where}: {outcome} (at {at})",
    "_inner.regex": "a match of {keyword!r}",
    "_inner.plain": "{keyword!r}",
    "I-KEYWORD-CONTAINS": "keyword {long!r} of {long_intent} contains {inner} of {short_intent} "
                          "(both live at {where}): when someone says {long!r}, {long_intent} "
                          "wins (a longer keyword beats one inside it), not {short_intent}",
    "W-FAQ-NEVER-FIRES": "faq entry {entry} answers intent {intent}, which faq entry {first} "
                         "already answers: only the first is ever said",
    "W-OPT-OUT-ROUTE": "faq entry {entry} sends opt-out intent {intent} to {target}, but an "
                       "opt-out always ends the call after this reply: remove the goto",
    "I-FAQ-BRANCH": "faq entry {entry} answers {intent}, which is also a branch at {where}: "
                    "there the branch is taken and this answer is not said",
    "I-UNUSED-INTENT": "intent {intent} is used by no branch, faq entry or grading rule, so it "
                       "is never heard",

    # ---- compliance (analysis/compliance.py, analysis/policies.py) --------------------------
    "_cited": "{text} [{cites}]",
    "_opening": "the opening ({nodes})",
    "C-AI-DISCLOSURE": "{opening} never says that the caller is an AI: the person must hear it "
                       "before any question (one of: {examples})",
    "C-AI-DISCLOSURE.late": "{opening} says that the caller is an AI only after its first "
                            "question; say it before asking anything (one of: {examples})",
    "C-IDENTIFY": "{opening} does not name the business: say its legal name {name!r} "
                  "(business.legal_name) before the first question",
    "C-IDENTIFY.late": "{opening} names the business {name!r} only after its first question; "
                       "name it before asking anything",
    "C-IDENTIFY.undeclared": "business.legal_name is not declared: the opening must name the "
                             "business that is calling",
    "C-OPT-OUT-INTENT": "no intent of kind opt_out with a keyword: without one, \"stop calling\" "
                        "is not recognized and does not end the call",
    "C-OPT-OUT-NOTICE": "{opening} does not tell the person how to stop the calls: say e.g. that "
                        "they can say {keywords} (a keyword of intent {intent})",
    "C-OPT-OUT-REPLY": "the reply to opt-out intent {intent} ({reply!r}) does not confirm that "
                       "the calls stop: say e.g. {example!r}",
    "C-OPT-OUT-REPLY.question": "the reply to opt-out intent {intent} asks a question "
                                "({reply!r}): after an opt-out the robot only confirms and hangs "
                                "up",
    "C-ROBOT-ANSWER": "the answer to \"are you a robot?\" ({answer!r}) does not say that the "
                      "caller is an AI or a robot (e.g. {examples})",
    "C-ROBOT-ANSWER.no_intent": "no intent of kind robot_question: \"are you a robot?\" would go "
                                "unanswered; add one and answer it in faq",
    "C-ROBOT-ANSWER.no_answer": "intent {intent} (\"are you a robot?\") has no answer: add a faq "
                                "entry for it that says the caller is an AI",
    "C-IMPERSONATION": "prompt {prompt} claims to be a person ({hit!r} in {text!r}): the robot "
                       "must never pretend to be human",
    "C-REFUSAL-INTENT": "no intent of kind refusal: \"not interested\" is then not counted and "
                        "the robot keeps going",
    "C-MAX-REFUSALS": "limits.max_refusals is {value}: at most {cap} may be allowed, i.e. stop "
                      "once the person declines (a single retention line at most)",
    "C-CALLING-WINDOW": "no calling_window: declare the timezone, days and hours in which the "
                        "script may call",
    "C-CALLING-WINDOW.no_timezone": "calling_window has no timezone: hours mean nothing without "
                                    "one (e.g. Asia/Shanghai)",
    "C-CALLING-WINDOW.bad_timezone": "calling_window timezone {timezone!r} is not a known time "
                                     "zone (e.g. Asia/Shanghai, America/New_York)",
    "C-CALLING-WINDOW.no_hours": "calling_window declares no hours",
    "C-CALLING-WINDOW.hours": "calling_window hours {hours!r} {why}",
    "_hours.early": "start before {time}",
    "_hours.late": "end after {time}",
    "_hours.forbidden": "overlap {label}, when calls are not allowed",
    "C-CALLING-WINDOW.days": "calling_window days include {days}, when calls are not allowed",
    "C-CALLBACK-NUMBER": "the callback number {number} is never said: say it in a prompt (for "
                         "example the goodbye)",
    "C-CALLBACK-NUMBER.undeclared": "business.callback_number is not declared: give a number the "
                                    "person can call back, and say it in the call",
    "C-CONSENT": "business.consent is not declared: state the basis on which these people may "
                 "be called (basis) and where it was given (source)",
    "C-CONSENT.no_basis": "business.consent has no basis",
    "C-CONSENT.rejected": "consent basis {basis!r} is not enough: {reason}",
    "C-CONSENT.no_source": "business.consent has no source: say where the consent was given "
                           "(e.g. the sign-up form)",
    "C-NUMBER-SOURCE": "business.number_source is not declared: say where the called numbers "
                       "came from",
    "C-RIGHT-TO-OBJECT": "no prompt tells the person of the right to object (e.g. {examples}): "
                         "say it in the opening",
    "C-TRANSFER-FALLBACK": "node {node} transfers to {queue} but has no transfer_fallback: when "
                           "no agent answers, the person hears nothing; add the line to say then",
    "E-POLICY": "policies: {reason}",
    "E-POLICY.unknown": "unknown policy {name!r} (known: {known})",
    "E-POLICY.name": "{name!r} is not a policy name (letters, digits, - and _)",

    # ---- audio (audio/checks.py, analysis/lint.py) and export (formats/package.py) ----------
    "W-AUDIO-CHECK": "the audio check failed: {detail}",
    "W-AUDIO-INDEX": "{detail}",
    "W-AUDIO-INDEX.damaged": "{path}: damaged audio index ({error}); fix or delete it (the audio "
                             "files stay, their state is then re-learned)",
    "W-AUDIO-STALE": "audio of prompt {prompt!r} is stale ({reason} since its {source} audio was "
                     "made): run `callscript audio FILE --missing` or record it again",
    "I-AUDIO-MISSING": "{missing} of {total} prompts have no audio yet ({shown}): `callscript "
                       "audio FILE --missing` synthesizes them",
    "E-PACKAGE": "has no `script` object",
    "E-NOT-SAVED": "the script has not been saved: its audio lives beside the script file, so "
                   "save it before exporting",
    "E-AUDIO-STALE": "prompt {prompt}: the {source} audio is stale ({reason}): record or import "
                     "it again",
    "E-AUDIO-STALE.kept": "prompt {prompt}: the {source} audio is stale ({reason}): record or "
                          "import it again, or use --force to replace it with synthesized speech",
    "E-AUDIO-STALE.other": "prompt {prompt}: {detail}",
    "E-AUDIO-FAILED": "prompt {prompt}: {detail}",
    "E-AUDIO-MISSING": "prompt {prompt} has no audio and {why}: record or import it",
    "_audio.no_tts": "speech synthesis is not available ({detail})",
    "_audio.not_synthesized": "it could not be synthesized",

    # ---- the command line's summaries (cli/cmd_validate.py, cli/cmd_lint.py) ----------------
    "_cli.validate_ok": "{file}: ok ({nodes} nodes, {intents} intents, {faq} faq entries)",
    "_cli.errors": "{count} error(s)",
    "_cli.lint_summary": "{file}: {errors} error(s), {warnings} warning(s), {notes} note(s); "
                         "policies: {policies}",
    "_cli.baseline": "none (baseline as warnings)",
}
