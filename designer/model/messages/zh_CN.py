"""简体中文的问题提示：与 en.py 同一套 id 和参数（见 designer/model/messages/__init__.py）。

Node ids, keywords, file names and YAML keys (flow.start, limits.on_limit, transfer_to...) stay
as written: the writer finds them in the file that way. A quoted text is“…”, not '…'.
tests/core/test_problem_messages.py checks that every id of en.py is here with the same
{placeholders}, and renders every message the checks produce.
"""
from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---- 消息中的片段 --------------------------------------------------------------------------
    "_join.comma": "、",
    "_join.semicolon": "；",
    "_join.and": " 和 ",
    "_join.also": "，且",
    "_join.or": "或",
    "_quote": "“{text}”",
    "_list.more": "{shown}，另有{more}个",
    "_where.file": "文件",
    "_kind.empty": "空值",
    "_kind.mapping": "映射",
    "_kind.list": "列表",
    "_kind.text": "文本",
    "_kind.bool": "布尔值（true/false）",
    "_kind.number": "数字",
    "_id:variable": "变量",
    "_id:intent": "意图",
    "_id:node": "节点",
    "_event:no_match": "未识别",
    "_event:no_input": "无应答",
    "_source:recorded": "录制",
    "_source:synthesized": "合成",
    "_source:imported": "导入",
    "_stale:text changed": "文本已修改",
    "_stale:voice changed": "音色已更换",
    "_stale:a variable's example changed": "变量的示例值已修改",

    # ---- 读取文件 ---------------------------------------------------------------------------
    "E-UNREADABLE.folder": "这是文件夹，不是文件",
    "E-UNREADABLE.size": "文件大小为{mb} MB；话术文件最大 64 MB",
    "E-UNREADABLE.missing": "文件不存在",
    "E-UNREADABLE.os": "无法读取：{detail}",
    "E-ENCODING": "不是 UTF-8 文本（请以 UTF-8 编码另存）",
    "E-EMPTY": "文件是空的；话术文件以 `callscript: 1` 开头",
    "E-YAML": "YAML 格式错误：{detail}",
    "E-YAML.raw": "YAML 格式错误：{detail}",
    "E-YAML-TAG": "不允许使用 YAML 标签“{tag}”（话术文件只能包含普通数据）",
    "E-YAML-VALUE": "无法读取值“{value}”",
    "E-YAML-KEY": "键“{key}”是{kind}；键必须是普通文本",
    "E-DUPLICATE-KEY": "键“{key}”重复：同一个键只能出现一次",
    "E-VERSION": "这是 callscript 格式{found!r}；本程序读取的是格式{version}",
    "E-TYPE.mapping": "{where}必须是映射（键: 值），而不是{kind}",
    "E-TYPE.list": "{where}必须是列表，而不是{kind}",
    "E-TYPE.text": "{where}必须是文本，而不是{kind}",
    "E-TYPE.integer": "{where}必须是整数，而不是{kind}",
    "E-TYPE.position": "position 必须是 [x, y] 两个数字",
    "E-UNKNOWN-KEY": "{where}中有未知的键“{key}”；允许的键：{allowed}",
    "E-UNKNOWN-KEY.hint": "{where}中有未知的键“{key}”（是不是想写“{hint}”？）",
    "E-MISSING-KEY": "{where}缺少“{key}”",
    "E-RANGE": "{where}不能小于{minimum}",
    "E-VALUE.choice": "{where}必须是{choices}之一，而不是“{value}”",
    "E-VALUE.day": "日期“{day}”必须是{days}之一",
    "E-VALUE.hours": "时段“{hours}”的格式应为“09:00-12:00”",
    "E-VALUE.end_reason": "end_reason“{reason}”必须是{reasons}之一",
    "E-BAD-ID": "{what} ID“{value}”只能使用字母、数字、“_”和“-”（它会用作音频文件名）",
    "E-FAQ-THEN-GOTO": "一条常见问题只能有 `then` 或 `goto` 其中之一，不能同时有",

    # ---- 结构 ----------------------------------------------------------------------------------
    "E-NO-NODES": "流程（flow）中没有任何节点",
    "E-NO-START": "flow.start 没有指定起始节点",
    "E-START-MISSING": "flow.start 为“{start}”，但不存在节点“{start}”",
    "E-DANGLING-GOTO.on_limit": "limits.on_limit 指向“{target}”，但它不是节点",
    "E-DANGLING-GOTO.faq": "第{entry}条常见问题跳转到“{target}”，但它不是节点",
    "E-DANGLING-GOTO.grading": "分级规则“{grade}”引用了节点“{target}”，但该节点不存在",
    "E-DANGLING-GOTO.branch": "节点{node}的第{branch}个分支跳转到“{target}”，但它不是节点",
    "E-DANGLING-GOTO.next": "节点{node}：next 指向“{target}”，但它不是节点",
    "E-DANGLING-GOTO.handler": "节点{node}：{handler}.then 指向“{target}”，但它不是节点",
    "E-UNKNOWN-INTENT.faq": "第{entry}条常见问题回答的意图“{intent}”没有在 intents 中定义",
    "E-UNKNOWN-INTENT.grading": "分级规则“{grade}”引用的意图“{intent}”没有定义",
    "E-UNKNOWN-INTENT.branch": "节点{node}的第{branch}个分支：意图“{intent}”没有在 intents "
                               "中定义",
    "E-EMPTY-REPLY": "第{entry}条常见问题没有回复内容",
    "E-BAD-REGEX": "意图{intent}的关键词“{keyword}”：正则表达式“{pattern}”无法编译：{error}",
    "E-BAD-REGEX.other": "意图{intent}的关键词“{keyword}”：{detail}",
    "E-VALUE.calling_hours": "呼叫时段的 hours“{hours}”格式应为“09:00-12:00”",
    "E-EMPTY-SAY": "节点{node}没有播报内容（say 为空）",
    "E-NODE-KIND": "节点{node}同时有{kinds}：一个节点只能等待回答（branches）、直接继续（next）"
                   "或结束通话（end），三者选一",
    "E-TRANSFER-TARGET": "节点{node}要转人工，但没有用 transfer_to 指定坐席队列",
    "E-TRANSFER-TARGET.not_transfer": "节点{node}设置了 transfer_to/transfer_fallback，但没有以 "
                                      "`end: transfer` 结束",
    "E-NEXT-LOOP": "这些节点用 `next` 互相衔接成了环，既不等待回答也不结束通话：{loop}",

    # ---- 流程图 --------------------------------------------------------------------------------
    "W-UNREACHABLE": "从起始节点（{start}）永远到不了节点{node}：没有任何分支、next、处理器的 "
                     "`then`、常见问题的 goto 或 limits.on_limit 通向它",
    "_feed": "；另有{count}个节点只通向这里：{names}",
    "W-NO-END": "节点{node}在等待回答，但从它出发到不了任何结束节点：只有触发上限（max_turns "
                "{max_turns}）、客户要求别再来电或客户挂机才能结束通话{feed}",
    "W-LOOP-NO-EXIT": "节点{loop}只在彼此之间跳转，永远到不了结束节点：通话会一直绕圈，直到触发上限"
                      "（max_turns {max_turns}）、客户要求别再来电或客户挂机{feed}",
    "W-SELF-LOOP": "节点{node}的第{branch}个分支（{intent}）又跳回{node}：每次听到{intent}，"
                   "机器人都会重复同样的话，而且没有按节点计数的上限能拦住它（max_no_match 和 "
                   "max_no_input 只统计未识别和无应答）；只有 max_turns（{max_turns}）能结束。需要"
                   "重说时请用 no_match 的回复，或者跳转到其他节点",
    "W-SELF-LOOP.handler": "节点{node}：{handler}.then 又回到{node}：超过 max_{handler}之后，"
                           "每一次{event}都会重新回到{node}，直到 max_turns（{max_turns}）；"
                           "请改为跳转到结束语节点，或去掉 `then` 以使用 limits.on_limit",
    "_via": "（经由{chain}）",
    "W-ON-LIMIT-NOT-END": "limits.on_limit 是{on_limit}，它通向{last}{via}，而这是一个等待回答的"
                          "节点：触发上限时，机器人播报它的话术后不等客户回答就会挂机。请把 on_limit "
                          "设为结束节点（end: hangup），或设为通过 next 通向结束节点的节点",
    "W-ON-LIMIT-TRANSFER": "limits.on_limit 是{on_limit}，它会转接人工坐席{via}：拒绝超过 "
                           "max_refusals（{max_refusals}）次的客户会被转给销售人员，而不是结束通话。"
                           "请在那里挂机（end: hangup）",
    "E-UNDECLARED-VAR": "话术{prompt}使用了 {{{name}}}，但它没有在 variables 中声明：机器人会把它"
                        "原样念出来。请声明该变量（并给出示例值），或修正变量名",
    "W-UNUSED-VAR": "变量{name}已声明，但没有任何话术使用 {{{name}}}",

    # ---- 关键词 --------------------------------------------------------------------------------
    "_use.branch": "节点{node}的分支",
    "_use.faq": "第{entry}条常见问题",
    "_use.grading": "分级规则{grade}",
    "_used_by": "（被{use}使用）",
    "W-EMPTY-KEYWORD": "意图{intent}：关键词“{keyword}”规范化后只剩空格或标点，永远匹配不到任何"
                       "内容",
    "W-REGEX-MATCHES-EMPTY": "意图{intent}：正则“{pattern}”也能匹配空文本，因此几乎会命中客户说的"
                             "每一句话（只要开头没有被其他关键词覆盖）：请让它至少匹配一个字符（用 + "
                             "而不是 *，不要只有可选的分组）",
    "W-EMPTY-INTENT": "意图{intent}没有能匹配的关键词，永远不会被触发{used}：请添加关键词",
    "W-REGEX-SLOW": "意图{intent}：正则“{pattern}”在某些说法上耗时超过{ms:.0f}毫秒（嵌套重复，"
                    "如 (a|aa)+ 或 (x+)+）：引擎会因此按未识别处理；请改写为不含嵌套重复的形式",
    "_how.opt_out": "勿扰意图{intent}（关键词“{keyword}”），它总是优先",
    "_how.branch": "第{branch}个分支（{intent}，关键词“{keyword}”）",
    "_how.faq": "第{entry}条常见问题（{intent}，关键词“{keyword}”）",
    "_how.refusal": "拒绝意图{intent}（关键词“{keyword}”）",
    "_how.none": "“未识别”（没有任何意图命中）",
    "_why.opt_out": "“{said}”是要求勿扰的说法：它总是直接结束通话，不会进入任何分支",
    "_why.exclude": "“{said}”包含了{intent}自己的排除词“{phrase}”",
    "_why.goes": "“{said}”会走向{how}",
    "_more": "；另有{count}个",
    "W-BRANCH-NEVER-FIRES": "节点{node}的第{branch}个分支（{intent}）永远不会被触发：{why}{more}",
    "W-KEYWORD-SHADOWED": "在节点{node}，关键词“{keyword}”永远到不了第{branch}个分支"
                          "（{intent}）：{why}",
    "_live.every": "所有等待回答的节点",
    "_live.node": "节点{nodes}",
    "_live.nodes": "节点{nodes}",
    "_live.more": "节点{nodes}以及另外{more}个节点",
    "_outcome.loser": "说出它会走向{how}，所以{loser}永远听不到它",
    "_outcome.neither": "说出它会走向{how}，所以两者都听不到它",
    "W-DUPLICATE-KEYWORD": "关键词“{keyword}”同时出现在意图{a}和意图{b}中，而两者在{where}"
                           "同时生效：{outcome}（以{at}为例）",
    "_inner.regex": "“{keyword}”的一个匹配",
    "_inner.plain": "“{keyword}”",
    "I-KEYWORD-CONTAINS": "{long_intent}的关键词“{long}”包含了{short_intent}的{inner}（两者在"
                          "{where}同时生效）：客户说“{long}”时命中的是{long_intent}（较长的关键词"
                          "优先于它包含的较短关键词），而不是{short_intent}",
    "W-FAQ-NEVER-FIRES": "第{entry}条常见问题回答意图{intent}，但第{first}条常见问题已经回答了它：只有"
                         "第一条会被播报",
    "W-OPT-OUT-ROUTE": "第{entry}条常见问题把勿扰意图{intent}跳转到{target}，但客户要求别再来电"
                       "时，播报这条回复后总是直接结束通话：请删除 goto",
    "I-FAQ-BRANCH": "第{entry}条常见问题回答{intent}，而它在{where}也是一个分支：在那里会走分支，不会"
                    "播报这条回答",
    "I-UNUSED-INTENT": "意图{intent}没有被任何分支、常见问题或分级规则使用，因此永远不会被识别",

    # ---- 合规 ----------------------------------------------------------------------------------
    "_cited": "{text}（依据：{cites}）",
    "_opening": "开场白（{nodes}）",
    "C-AI-DISCLOSURE": "{opening}没有告知对方来电的是 AI：必须在提出任何问题之前告知（可用的说法："
                       "{examples}）",
    "C-AI-DISCLOSURE.late": "{opening}在第一个问题之后才告知来电的是 AI；请在提问之前告知（可用的"
                            "说法：{examples}）",
    "C-IDENTIFY": "{opening}没有说明是哪家企业：请在第一个问题之前说出企业的真实名称“{name}”"
                  "（business.legal_name）",
    "C-IDENTIFY.late": "{opening}在第一个问题之后才说出企业名称“{name}”；请在提问之前说明",
    "C-IDENTIFY.undeclared": "没有声明 business.legal_name：开场白必须说明是哪家企业在打电话",
    "C-OPT-OUT-INTENT": "没有带关键词的“要求勿扰（不再来电）”意图（kind: opt_out）：没有它，客户说"
                        "“别再给我打电话”时识别不了，也不会结束通话",
    "C-OPT-OUT-NOTICE": "{opening}没有告诉对方如何拒绝再来电：例如说明可以直接说{keywords}（意图"
                        "{intent}的关键词）",
    "C-OPT-OUT-REPLY": "勿扰意图{intent}的回复（“{reply}”）没有确认以后不再来电：例如说"
                       "“{example}”",
    "C-OPT-OUT-REPLY.question": "勿扰意图{intent}的回复提出了问题（“{reply}”）：客户要求别再来电"
                                "后，机器人只能确认并挂机",
    "C-ROBOT-ANSWER": "对“你是机器人吗？”的回答（“{answer}”）没有说明来电的是 AI 或机器人（例如："
                      "{examples}）",
    "C-ROBOT-ANSWER.no_intent": "没有“询问是否机器人”的意图（kind: robot_question）：客户问“你是"
                                "机器人吗？”时将得不到回答；请添加该意图并在常见问题中回答",
    "C-ROBOT-ANSWER.no_answer": "意图{intent}（“你是机器人吗？”）没有回答：请为它添加一条常见问题，说明"
                                "来电的是 AI",
    "C-IMPERSONATION": "话术{prompt}自称真人（“{text}”中的“{hit}”）：机器人绝不能冒充真人",
    "C-REFUSAL-INTENT": "没有拒绝意图（kind: refusal）：客户说“没兴趣”不会被计数，机器人会继续"
                        "说下去",
    "C-MAX-REFUSALS": "limits.max_refusals 为{value}：最多只能是{cap}，即客户拒绝后就应停止（至多"
                      "一句挽留）",
    "C-CALLING-WINDOW": "没有设置呼叫时段（calling_window）：请声明允许外呼的时区、日期和时段",
    "C-CALLING-WINDOW.no_timezone": "呼叫时段没有时区：没有时区，时段就没有意义（例如 "
                                    "Asia/Shanghai）",
    "C-CALLING-WINDOW.bad_timezone": "呼叫时段的时区“{timezone}”不是已知的时区（例如 "
                                     "Asia/Shanghai、America/New_York）",
    "C-CALLING-WINDOW.no_hours": "呼叫时段没有声明任何时段（hours）",
    "C-CALLING-WINDOW.hours": "呼叫时段“{hours}”{why}",
    "_hours.early": "开始早于{time}",
    "_hours.late": "结束晚于{time}",
    "_hours.forbidden": "与{label}重叠，该时间段不允许外呼",
    "C-CALLING-WINDOW.days": "呼叫日期包含{days}，这些日子不允许外呼",
    "C-CALLBACK-NUMBER": "回拨号码{number}从未在通话中说出：请在话术中说出（例如结束语）",
    "C-CALLBACK-NUMBER.undeclared": "没有声明 business.callback_number：请提供对方可以回拨的号码，"
                                    "并在通话中说出",
    "C-CONSENT": "没有声明 business.consent：请说明凭什么可以拨打这些客户（授权依据 basis），以及"
                 "客户是在哪里同意的（授权来源 source）",
    "C-CONSENT.no_basis": "business.consent 没有填写授权依据（basis）",
    "C-CONSENT.rejected": "授权依据“{basis}”不够：{reason}",
    "C-CONSENT.no_source": "business.consent 没有填写授权来源（source）：请说明客户是在哪里同意的"
                           "（例如官网预约表单）",
    "C-NUMBER-SOURCE": "没有声明 business.number_source：请说明所拨号码的来源",
    "C-RIGHT-TO-OBJECT": "没有任何话术告知对方有权拒绝（例如：{examples}）：请在开场白中说明",
    "C-TRANSFER-FALLBACK": "节点{node}转接到{queue}，但没有 transfer_fallback：无人工坐席接听时，"
                           "对方什么也听不到；请添加此时播报的话术",
    "E-POLICY": "合规政策（policies）：{reason}",
    "E-POLICY.unknown": "未知的合规政策“{name}”（已有：{known}）",
    "E-POLICY.name": "“{name}”不是有效的政策名称（只能使用字母、数字、- 和 _）",

    # ---- 音频与导出 ----------------------------------------------------------------------------
    "W-AUDIO-CHECK": "音频检查本身出错：{detail}",
    "W-AUDIO-INDEX": "音频索引无法读取：{detail}",
    "W-AUDIO-INDEX.damaged": "{path}：音频索引已损坏（{error}）；请修复或删除它（音频文件不会丢失，"
                             "删除后会重新识别它们的状态）",
    "W-AUDIO-STALE": "话术“{prompt}”的音频已过期（自{source}这段音频以来{reason}）：请运行 "
                     "`callscript audio FILE --missing` 或重新录音",
    "I-AUDIO-MISSING": "{total}条话术中有{missing}条还没有音频（{shown}）：运行 `callscript audio "
                       "FILE --missing` 即可合成",
    "E-PACKAGE": "没有 `script` 对象",
    "E-NOT-SAVED": "话术还没有保存：音频存放在话术文件旁边，请先保存再导出",
    "E-AUDIO-STALE": "话术{prompt}：{source}的音频已过期（{reason}）：请重新录制或导入",
    "E-AUDIO-STALE.kept": "话术{prompt}：{source}的音频已过期（{reason}）：请重新录制或导入，或使用 "
                          "--force 改用合成语音",
    "E-AUDIO-STALE.other": "话术{prompt}：{detail}",
    "E-AUDIO-FAILED": "话术{prompt}：{detail}",
    "E-AUDIO-MISSING": "话术{prompt}没有音频，并且{why}：请录制或导入",
    "_audio.no_tts": "语音合成不可用（{detail}）",
    "_audio.not_synthesized": "无法合成",

    # ---- 命令行的汇总行 --------------------------------------------------------------------------
    "_cli.validate_ok": "{file}：通过（{nodes}个节点，{intents}个意图，{faq}条常见问题）",
    "_cli.errors": "{count}个错误",
    "_cli.lint_summary": "{file}：{errors}个错误，{warnings}个警告，{notes}条提示；合规政策："
                         "{policies}",
    "_cli.baseline": "无（按基线规则给出警告）",
}
