<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddKeywordDialog</name>
    <message>
        <source>Add as keyword</source>
        <translation>添加为关键词</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意图</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
</context>
<context>
    <name>AnswerFaqDialog</name>
    <message>
        <source>Answer as new FAQ entry</source>
        <translation>作为新的常见问题回答</translation>
    </message>
    <message>
        <source>What the robot answers</source>
        <translation>机器人的回答</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Intent id</source>
        <translation>意图 ID</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>The intent id is letters, digits and _ (not starting with a digit)</source>
        <translation>意图 ID 由字母、数字和 _ 组成（不能以数字开头）</translation>
    </message>
    <message>
        <source>There is already an intent {0}</source>
        <translation>已存在意图 {0}</translation>
    </message>
    <message>
        <source>The keyword is empty</source>
        <translation>关键词为空</translation>
    </message>
    <message>
        <source>Type the reply the robot gives</source>
        <translation>请输入机器人的回复</translation>
    </message>
</context>
<context>
    <name>AudioDocks</name>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Build the dialer package: checks, audio, script and manifest in one zip</source>
        <translation>生成外呼系统包：检查、音频、话术和清单打包为一个 zip</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
</context>
<context>
    <name>AudioPanel</name>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Only missing or stale</source>
        <translation>只看缺失或过期</translation>
    </message>
    <message>
        <source>Show only the prompts that still need audio; the talent CSV then lists only these too</source>
        <translation>只显示仍需音频的播报内容；此时导出给配音员的 CSV 也只列出这些</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>播报内容</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Runtime TTS</source>
        <translation>通话时合成</translation>
    </message>
    <message>
        <source>Synthesize all missing</source>
        <translation>合成所有缺失音频</translation>
    </message>
    <message>
        <source>Make the audio of every missing prompt, and of synthesized prompts gone stale, in the background</source>
        <translation>在后台为所有缺失音频、以及已过期的合成音频生成语音</translation>
    </message>
    <message>
        <source>Export text for voice talent (CSV)…</source>
        <translation>导出配音文本（CSV）…</translation>
    </message>
    <message>
        <source>Import talent recordings from folder…</source>
        <translation>从文件夹导入配音录音…</translation>
    </message>
    <message>
        <source>Files named by prompt id (opening.wav, opening.no_match.wav…) become the prompts&apos; audio</source>
        <translation>以播报内容 ID 命名的文件（opening.wav、opening.no_match.wav…）成为对应的音频</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save the script first: its audio is kept in an audio folder beside the script file.</source>
        <translation>请先保存话术：音频保存在话术文件旁的 audio 文件夹里。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>The text has {variables}: the dialer synthesizes it at call time</source>
        <translation>文本含有 {variables}：外呼系统会在通话时合成</translation>
    </message>
    <message>
        <source>{total} prompts: {synthesized} synthesized, {recorded} recorded, {imported} imported, {stale} stale, {missing} missing</source>
        <translation>共 {total} 条播报内容：已合成 {synthesized}，已录音 {recorded}，已导入 {imported}，已过期 {stale}，缺失 {missing}</translation>
    </message>
    <message>
        <source>This prompt belongs to no node: FAQ answers are edited in the FAQ panel, built-in lines by the script&apos;s settings.</source>
        <translation>这条播报内容不属于任何节点：常见问题回答在“常见问题”面板中编辑，内置话术由话术设置决定。</translation>
    </message>
    <message>
        <source>Synthesizing…</source>
        <translation>正在合成…</translation>
    </message>
    <message>
        <source>Cancelling after the current prompt…</source>
        <translation>合成完当前这条后取消…</translation>
    </message>
    <message>
        <source>Synthesized {0} ({1} of {2})</source>
        <translation>已合成 {0}（{1} / {2}）</translation>
    </message>
    <message>
        <source>Synthesis failed: {0}</source>
        <translation>合成失败：{0}</translation>
    </message>
    <message>
        <source>Cancelled after {0} prompts; the others are unchanged.</source>
        <translation>已在合成 {0} 条后取消；其余保持不变。</translation>
    </message>
    <message>
        <source>Nothing to do: every prompt has current audio.</source>
        <translation>无需合成：每条播报内容都有最新的音频。</translation>
    </message>
    <message>
        <source>{0} prompts synthesized ({1} of them from the cache).</source>
        <translation>已合成 {0} 条（其中 {1} 条来自缓存）。</translation>
    </message>
    <message>
        <source>{0} files brought to telephone format.</source>
        <translation>{0} 个文件已转换为电话格式。</translation>
    </message>
    <message>
        <source>Kept {0} stale recordings or imports: record or import them again ({1}).</source>
        <translation>保留了 {0} 条已过期的录音或导入音频：请重新录制或导入（{1}）。</translation>
    </message>
    <message>
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
    <message>
        <source>… and {0} more failures.</source>
        <translation>……另有 {0} 条失败。</translation>
    </message>
    <message>
        <source>Export text for voice talent</source>
        <translation>导出配音文本</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Wrote {0} lines to {1}.</source>
        <translation>已将 {0} 行写入 {1}。</translation>
    </message>
    <message>
        <source>Import talent recordings</source>
        <translation>导入配音录音</translation>
    </message>
    <message>
        <source>Importing the recordings of {0}…</source>
        <translation>正在导入 {0} 中的录音…</translation>
    </message>
    <message>
        <source>Imported {0} recordings.</source>
        <translation>已导入 {0} 条录音。</translation>
    </message>
    <message>
        <source>{0} files match no prompt: {1}.</source>
        <translation>{0} 个文件没有对应的播报内容：{1}。</translation>
    </message>
    <message>
        <source>Skipped second files for the same prompt: {0}.</source>
        <translation>同一播报内容的重复文件已跳过：{0}。</translation>
    </message>
    <message>
        <source>{0} prompts still have no audio.</source>
        <translation>仍有 {0} 条播报内容没有音频。</translation>
    </message>
</context>
<context>
    <name>AudioState</name>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Synthesized</source>
        <translation>已合成</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>已录音</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>the text changed</source>
        <translation>文本已修改</translation>
    </message>
    <message>
        <source>the voice changed</source>
        <translation>音色已更改</translation>
    </message>
    <message>
        <source>a variable&apos;s example changed</source>
        <translation>变量示例已更改</translation>
    </message>
    <message>
        <source>{0:.1f} s</source>
        <translation>{0:.1f} 秒</translation>
    </message>
    <message>
        <source>{state} ({why})</source>
        <translation>{state}（{why}）</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>播报内容</translation>
    </message>
    <message>
        <source>No-match reply</source>
        <translation>未听懂时的回复</translation>
    </message>
    <message>
        <source>Silence reply</source>
        <translation>无应答时的回复</translation>
    </message>
    <message>
        <source>No agent answers</source>
        <translation>无坐席接听</translation>
    </message>
    <message>
        <source>FAQ answer</source>
        <translation>常见问题回答</translation>
    </message>
    <message>
        <source>Built-in line</source>
        <translation>内置话术</translation>
    </message>
    <message>
        <source>Recorded {0} in {1}: {2}</source>
        <translation>已在 {1} 中录制 {0}：{2}</translation>
    </message>
    <message>
        <source>The recording could not start.</source>
        <translation>无法开始录音。</translation>
    </message>
    <message>
        <source>The recording of {0} did not finish; record it again.</source>
        <translation>{0} 的录音未完成，请重新录制。</translation>
    </message>
</context>
<context>
    <name>BusinessTab</name>
    <message>
        <source>e.g. customers&apos; own registration</source>
        <translation>例如：客户本人在官网登记</translation>
    </message>
    <message>
        <source>where the consent was given</source>
        <translation>客户在哪里授权（如官网预约表单）</translation>
    </message>
    <message>
        <source>Legal name</source>
        <translation>企业法定名称</translation>
    </message>
    <message>
        <source>Callback number</source>
        <translation>回拨号码</translation>
    </message>
    <message>
        <source>Purpose of the call</source>
        <translation>外呼目的</translation>
    </message>
    <message>
        <source>Where the numbers come from</source>
        <translation>号码来源</translation>
    </message>
    <message>
        <source>Consent basis</source>
        <translation>授权依据</translation>
    </message>
    <message>
        <source>Consent source</source>
        <translation>授权来源</translation>
    </message>
    <message>
        <source>business</source>
        <translation>企业信息</translation>
    </message>
</context>
<context>
    <name>CallingWindowTab</name>
    <message>
        <source>Only call within these hours</source>
        <translation>只在以下时段外呼</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>calling hours</source>
        <translation>外呼时段</translation>
    </message>
    <message>
        <source>Unknown time zone “{name}”; use a name like Asia/Shanghai or America/New_York.</source>
        <translation>未知时区“{name}”，请使用 Asia/Shanghai 或 America/New_York 这样的名称。</translation>
    </message>
    <message>
        <source>“{range}” must look like 09:00-12:00 (start before end).</source>
        <translation>“{range}”的格式应为 09:00-12:00（开始早于结束）。</translation>
    </message>
</context>
<context>
    <name>CanvasEditsMixin</name>
    <message>
        <source>Continue {0} to {1}</source>
        <translation>从 {0} 接续到 {1}</translation>
    </message>
    <message>
        <source>Connected {0} to {1}</source>
        <translation>已连接 {0} 到 {1}</translation>
    </message>
    <message>
        <source>Delete selection</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Start at {0}</source>
        <translation>从 {0} 开始</translation>
    </message>
    <message>
        <source>Limit node {0}</source>
        <translation>上限节点设为 {0}</translation>
    </message>
</context>
<context>
    <name>Connect</name>
    <message>
        <source>Continue here instead (next)</source>
        <translation>改为接着播放此节点（下一步）</translation>
    </message>
    <message>
        <source>Continue without listening (next)</source>
        <translation>不等待回答，直接继续（下一步）</translation>
    </message>
    <message>
        <source>An end node cannot lead anywhere.</source>
        <translation>结束节点不能再连到其他节点。</translation>
    </message>
    <message>
        <source>Branch to {0} when the caller says…</source>
        <translation>客户说以下内容时转到 {0}…</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Dialer Package</source>
        <translation>导出外呼系统包</translation>
    </message>
    <message>
        <source>Where to write the package (.zip)</source>
        <translation>外呼系统包的保存位置（.zip）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Package file</source>
        <translation>包文件</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>合规政策</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Show in Problems</source>
        <translation>在问题面板中显示</translation>
    </message>
    <message>
        <source>List these problems in the Problems dock</source>
        <translation>把这些问题列到“问题”面板中</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>China</source>
        <translation>中国</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>美国</translation>
    </message>
    <message>
        <source>European Union</source>
        <translation>欧盟</translation>
    </message>
    <message>
        <source>United Kingdom</source>
        <translation>英国</translation>
    </message>
    <message>
        <source>Declared by the script (policies:), always applied</source>
        <translation>话术已声明（policies:），始终适用</translation>
    </message>
    <message>
        <source>Also check the script against this policy</source>
        <translation>同时按此政策检查话术</translation>
    </message>
    <message>
        <source>The script declares {0}: always applied.</source>
        <translation>话术声明了 {0}：始终适用。</translation>
    </message>
    <message>
        <source>Dialer package (script, audio, manifest)</source>
        <translation>外呼系统包（话术、音频、清单）</translation>
    </message>
    <message>
        <source>VoiceXML 2.1 (inside the package)</source>
        <translation>VoiceXML 2.1（放在包内）</translation>
    </message>
    <message>
        <source>Export the dialer package</source>
        <translation>导出外呼系统包</translation>
    </message>
    <message>
        <source>Dialer packages (*.zip)</source>
        <translation>外呼系统包 (*.zip)</translation>
    </message>
    <message>
        <source>Save the script first: the package takes its audio from the audio folder beside the script file.</source>
        <translation>请先保存话术：外呼系统包的音频取自话术文件旁的 audio 文件夹。</translation>
    </message>
    <message>
        <source>Choose where to write the package.</source>
        <translation>请选择外呼系统包的保存位置。</translation>
    </message>
    <message>
        <source>Checking the script…</source>
        <translation>正在检查话术…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Audio: {0} ({1} of {2})</source>
        <translation>音频：{0}（{1} / {2}）</translation>
    </message>
    <message>
        <source>Packing {0} ({1} of {2})</source>
        <translation>正在打包 {0}（{1} / {2}）</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>导出已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <source>Exported {0} ({1} KB, {2} audio files).</source>
        <translation>已导出 {0}（{1} KB，{2} 个音频文件）。</translation>
    </message>
    <message>
        <source>{0} prompts were synthesized for it.</source>
        <translation>为此合成了 {0} 条播报内容。</translation>
    </message>
    <message>
        <source>{0} warnings are listed in the package&apos;s manifest.</source>
        <translation>{0} 条警告已列在包的清单中。</translation>
    </message>
    <message>
        <source>Not exported: fix these {0} problems first (policies: {1}).</source>
        <translation>未导出：请先修正以下 {0} 个问题（合规政策：{1}）。</translation>
    </message>
</context>
<context>
    <name>FaqPanel</name>
    <message>
        <source>Resume: stay at the node</source>
        <translation>继续：回到原节点</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂机</translation>
    </message>
    <message>
        <source>Go to {node}</source>
        <translation>跳转到 {node}</translation>
    </message>
    <message>
        <source>Question (intent)</source>
        <translation>问题（意图）</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>FAQ answer</source>
        <translation>常见问题回答</translation>
    </message>
    <message>
        <source>What the robot answers (Ctrl+Enter to apply)</source>
        <translation>机器人的回答（Ctrl+Enter 应用）</translation>
    </message>
    <message>
        <source>When the customer asks</source>
        <translation>客户问到</translation>
    </message>
    <message>
        <source>FAQ answer {n} already answers this intent and comes first: this one is never used.</source>
        <translation>第 {n} 条常见问题已经回答了这个意图且排在前面：这一条永远不会用到。</translation>
    </message>
    <message>
        <source>Edit FAQ answer {n}</source>
        <translation>编辑第 {n} 条常见问题</translation>
    </message>
    <message>
        <source>Add an FAQ answer</source>
        <translation>添加常见问题</translation>
    </message>
    <message>
        <source>Delete FAQ answer {n}</source>
        <translation>删除第 {n} 条常见问题</translation>
    </message>
    <message>
        <source>Move FAQ answer {n}</source>
        <translation>移动第 {n} 条常见问题</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>Autosave failed: {0}</source>
        <translation>自动保存失败：{0}</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>New script</source>
        <translation>新话术</translation>
    </message>
    <message>
        <source>Cannot open script</source>
        <translation>无法打开话术</translation>
    </message>
    <message>
        <source>{0} could not be read: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>Opened {0}: {1} nodes</source>
        <translation>已打开 {0}：{1} 个节点</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>保存失败</translation>
    </message>
    <message>
        <source>{0} was not saved: {1}
The file on disk was not changed.</source>
        <translation>{0} 未能保存：{1}
磁盘上的文件没有被改动。</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>{0} was moved or deleted on disk</source>
        <translation>{0} 已在磁盘上被移动或删除</translation>
    </message>
    <message>
        <source>Restored unsaved work on {0}</source>
        <translation>已恢复 {0} 未保存的修改</translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>name</source>
        <translation>话术名称</translation>
    </message>
    <message>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source> words/min</source>
        <translation> 字/分钟</translation>
    </message>
    <message>
        <source>Script name</source>
        <translation>话术名称</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Speech engine</source>
        <translation>语音合成引擎</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>音色</translation>
    </message>
    <message>
        <source>Speaking rate</source>
        <translation>语速</translation>
    </message>
    <message>
        <source>Compliance policies checked by lint and export</source>
        <translation>检查和导出时执行的合规策略</translation>
    </message>
    <message>
        <source>China (cn)</source>
        <translation>中国（cn）</translation>
    </message>
    <message>
        <source>United States (us)</source>
        <translation>美国（us）</translation>
    </message>
    <message>
        <source>European Union (eu)</source>
        <translation>欧盟（eu）</translation>
    </message>
    <message>
        <source>United Kingdom (uk)</source>
        <translation>英国（uk）</translation>
    </message>
    <message>
        <source>voice</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>policies</source>
        <translation>合规策略</translation>
    </message>
</context>
<context>
    <name>GradingTab</name>
    <message>
        <source>completed</source>
        <translation>正常结束</translation>
    </message>
    <message>
        <source>transferred</source>
        <translation>已转人工</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>要求勿扰</translation>
    </message>
    <message>
        <source>ended by a limit</source>
        <translation>达到上限结束</translation>
    </message>
    <message>
        <source>customer hung up</source>
        <translation>客户挂断</translation>
    </message>
    <message>
        <source>reached any of {ids}</source>
        <translation>到达任一节点：{ids}</translation>
    </message>
    <message>
        <source>reached all of {ids}</source>
        <translation>到达全部节点：{ids}</translation>
    </message>
    <message>
        <source>said any of {ids}</source>
        <translation>说到任一意图：{ids}</translation>
    </message>
    <message>
        <source>said all of {ids}</source>
        <translation>说到全部意图：{ids}</translation>
    </message>
    <message>
        <source>at least {n} turns</source>
        <translation>至少 {n} 轮</translation>
    </message>
    <message>
        <source>at most {n} refusals</source>
        <translation>最多拒绝 {n} 次</translation>
    </message>
    <message>
        <source>ended: {reasons}</source>
        <translation>结束方式：{reasons}</translation>
    </message>
    <message>
        <source>always</source>
        <translation>总是成立</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Grade when no rule holds</source>
        <translation>没有规则成立时的等级</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>When (all must hold)</source>
        <translation>条件（须全部成立）</translation>
    </message>
    <message>
        <source>Conditions of the selected rule</source>
        <translation>所选规则的条件</translation>
    </message>
    <message>
        <source>Reached any of</source>
        <translation>到达任一节点</translation>
    </message>
    <message>
        <source>Reached all of</source>
        <translation>到达全部节点</translation>
    </message>
    <message>
        <source>Said any of</source>
        <translation>说到任一意图</translation>
    </message>
    <message>
        <source>Said all of</source>
        <translation>说到全部意图</translation>
    </message>
    <message>
        <source>At least this many turns</source>
        <translation>对话轮数至少</translation>
    </message>
    <message>
        <source>At most this many refusals</source>
        <translation>拒绝次数至多</translation>
    </message>
    <message>
        <source>(any)</source>
        <translation>（不限）</translation>
    </message>
    <message>
        <source>The call ended</source>
        <translation>通话结束方式</translation>
    </message>
    <message>
        <source>grading</source>
        <translation>意向分级</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新规则</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <source>no match</source>
        <translation>未识别</translation>
    </message>
    <message>
        <source>silence</source>
        <translation>静默</translation>
    </message>
    <message>
        <source>listens, no branches yet</source>
        <translation>等待回答，尚无分支</translation>
    </message>
    <message>
        <source>1 branch</source>
        <translation>1 个分支</translation>
    </message>
    <message>
        <source>{0} branches</source>
        <translation>{0} 个分支</translation>
    </message>
    <message>
        <source>continues to {0}</source>
        <translation>接续到 {0}</translation>
    </message>
    <message>
        <source>hangs up</source>
        <translation>挂机</translation>
    </message>
    <message>
        <source>transfers to {0}</source>
        <translation>转接到 {0}</translation>
    </message>
    <message>
        <source>(says nothing yet)</source>
        <translation>（尚无播报内容）</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <source>Delete arrow</source>
        <translation>删除连线</translation>
    </message>
    <message>
        <source>Add node here</source>
        <translation>在此添加节点</translation>
    </message>
    <message>
        <source>Start the call here</source>
        <translation>通话从这里开始</translation>
    </message>
    <message>
        <source>Stop using as the limit node</source>
        <translation>不再用作上限节点</translation>
    </message>
    <message>
        <source>Use as the limit node (on_limit)</source>
        <translation>用作上限节点（on_limit）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>HandlerEditor</name>
    <message>
        <source>(say the node&apos;s prompt again)</source>
        <translation>（重播本节点的播报内容）</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Above the limit</source>
        <translation>超过上限后</translation>
    </message>
    <message>
        <source>limit (on_limit: {node})</source>
        <translation>按上限处理（on_limit：{node}）</translation>
    </message>
    <message>
        <source>limit (built-in goodbye)</source>
        <translation>按上限处理（内置结束语）</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>For the writers; never spoken</source>
        <translation>写给话术编写者看，不会播报</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Letters, digits, &apos;_&apos; and &apos;-&apos;; it also names the node&apos;s audio files. References follow a rename.</source>
        <translation>可用字母、数字、“_”和“-”；它也是本节点录音文件的名称。改名后所有引用会一起更新。</translation>
    </message>
    <message>
        <source>The call starts here</source>
        <translation>通话从这里开始</translation>
    </message>
    <message>
        <source>Listen for an answer</source>
        <translation>等待客户回答</translation>
    </message>
    <message>
        <source>Continue to another node</source>
        <translation>直接接续到另一个节点</translation>
    </message>
    <message>
        <source>End: hang up</source>
        <translation>结束：挂机</translation>
    </message>
    <message>
        <source>End: transfer to an agent</source>
        <translation>结束：转人工</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>After the prompt</source>
        <translation>播报之后</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>播报内容</translation>
    </message>
    <message>
        <source>What the robot says (Ctrl+Enter to apply)</source>
        <translation>机器人要说的话（Ctrl+Enter 应用）</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>播报内容</translation>
    </message>
    <message>
        <source>Insert variable</source>
        <translation>插入变量</translation>
    </message>
    <message>
        <source>Branches (tried in this order)</source>
        <translation>分支（按此顺序匹配）</translation>
    </message>
    <message>
        <source>When the customer says</source>
        <translation>客户说到</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>跳转到</translation>
    </message>
    <message>
        <source>Continue to</source>
        <translation>接续到</translation>
    </message>
    <message>
        <source>next node</source>
        <translation>接续节点</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转人工</translation>
    </message>
    <message>
        <source>queue or extension</source>
        <translation>队列或分机号</translation>
    </message>
    <message>
        <source>Said when no agent answers</source>
        <translation>无坐席接听时播报</translation>
    </message>
    <message>
        <source>Transfer to</source>
        <translation>转接到</translation>
    </message>
    <message>
        <source>No agent answers</source>
        <translation>无坐席接听</translation>
    </message>
    <message>
        <source>transfer target</source>
        <translation>转接目标</translation>
    </message>
    <message>
        <source>transfer fallback line</source>
        <translation>转接失败话术</translation>
    </message>
    <message>
        <source>When the customer is not understood</source>
        <translation>客户未被理解时</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>未识别</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>无应答（静默）</translation>
    </message>
    <message>
        <source>no-match handler</source>
        <translation>未识别处理</translation>
    </message>
    <message>
        <source>silence handler</source>
        <translation>静默处理</translation>
    </message>
    <message>
        <source>Select a node on the canvas to edit it.</source>
        <translation>在画布上选择一个节点即可编辑。</translation>
    </message>
    <message>
        <source>{n} nodes are selected. Select one node to edit it.</source>
        <translation>已选择 {n} 个节点。请只选一个节点进行编辑。</translation>
    </message>
    <message>
        <source>Unknown variable: {names}</source>
        <translation>未定义的变量：{names}</translation>
    </message>
    <message>
        <source>Define an intent first (Intents panel)</source>
        <translation>请先定义意图（意图面板）</translation>
    </message>
    <message>
        <source>No variables yet: add them in Script settings</source>
        <translation>还没有变量：请在话术设置中添加</translation>
    </message>
    <message>
        <source>Edit {what} of {node}</source>
        <translation>编辑节点 {node} 的{what}</translation>
    </message>
    <message>
        <source>An id may use letters, digits, &apos;_&apos; and &apos;-&apos; only.</source>
        <translation>ID 只能使用字母、数字、“_”和“-”。</translation>
    </message>
    <message>
        <source>There is already a node {id}.</source>
        <translation>已存在节点 {id}。</translation>
    </message>
    <message>
        <source>Rename node {old} to {new}</source>
        <translation>将节点 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Start the call at {node}</source>
        <translation>通话从 {node} 开始</translation>
    </message>
    <message>
        <source>Change what {node} does after its prompt</source>
        <translation>更改节点 {node} 播报之后的动作</translation>
    </message>
    <message>
        <source>Edit a branch of {node}</source>
        <translation>编辑节点 {node} 的分支</translation>
    </message>
    <message>
        <source>Add a branch to {node}</source>
        <translation>为节点 {node} 添加分支</translation>
    </message>
    <message>
        <source>Remove a branch of {node}</source>
        <translation>删除节点 {node} 的分支</translation>
    </message>
    <message>
        <source>Move a branch of {node}</source>
        <translation>移动节点 {node} 的分支</translation>
    </message>
</context>
<context>
    <name>IntentKind</name>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Refusal</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Opt-out (do not call)</source>
        <translation>要求勿扰（不再来电）</translation>
    </message>
    <message>
        <source>Asks if it is a robot</source>
        <translation>询问是否机器人</translation>
    </message>
</context>
<context>
    <name>IntentsPanel</name>
    <message>
        <source>Line {n}: {error}</source>
        <translation>第 {n} 行：{error}</translation>
    </message>
    <message>
        <source>Line {n}: “{text}” has no letters or digits, so it can never match</source>
        <translation>第 {n} 行：“{text}”不含文字或数字，永远不会匹配</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意图</translation>
    </message>
    <message>
        <source>Renaming also updates the branches, FAQ answers and grading rules that use it.</source>
        <translation>改名时会同时更新引用它的分支、常见问题和分级规则。</translation>
    </message>
    <message>
        <source>One keyword a line. a&amp;b: all parts occur, in any order. re:PATTERN: a regular expression over the normalized phrase.</source>
        <translation>每行一个关键词。a&amp;b：各部分都出现即可，顺序不限。re:模式：对归一化后的句子使用正则表达式。</translation>
    </message>
    <message>
        <source>One keyword a line</source>
        <translation>每行一个关键词</translation>
    </message>
    <message>
        <source>Phrases that cancel this intent, one a line</source>
        <translation>出现即排除本意图的短语，每行一个</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>排除词</translation>
    </message>
    <message>
        <source>Edit intent {id}</source>
        <translation>编辑意图 {id}</translation>
    </message>
    <message>
        <source>An id may use letters, digits, &apos;_&apos; and &apos;-&apos; only.</source>
        <translation>ID 只能使用字母、数字、“_”和“-”。</translation>
    </message>
    <message>
        <source>There is already an intent {id}.</source>
        <translation>已存在意图 {id}。</translation>
    </message>
    <message>
        <source>Rename intent {old} to {new}</source>
        <translation>将意图 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>New intent</source>
        <translation>新意图</translation>
    </message>
    <message>
        <source>Add intent {id}</source>
        <translation>添加意图 {id}</translation>
    </message>
    <message>
        <source>Delete intent {id}</source>
        <translation>删除意图 {id}</translation>
    </message>
    <message>
        <source>Intent {id} is used by {branches} branch(es) and {faq} FAQ answer(s); they are deleted with it. {grading} grading rule(s) name it and will need fixing. Delete it?</source>
        <translation>意图 {id} 被 {branches} 个分支和 {faq} 条常见问题使用，它们会一起删除；另有 {grading} 条分级规则引用它，需要手动修改。确定删除吗？</translation>
    </message>
    <message>
        <source>Delete intent</source>
        <translation>删除意图</translation>
    </message>
</context>
<context>
    <name>LevelMeter</name>
    <message>
        <source>Microphone level</source>
        <translation>麦克风音量</translation>
    </message>
</context>
<context>
    <name>LimitsTab</name>
    <message>
        <source>Customer turns at most</source>
        <translation>客户对话轮数上限</translation>
    </message>
    <message>
        <source>Refusals allowed</source>
        <translation>允许拒绝次数</translation>
    </message>
    <message>
        <source>Not understood, per node</source>
        <translation>每个节点未识别次数</translation>
    </message>
    <message>
        <source>Silences, per node</source>
        <translation>每个节点静默次数</translation>
    </message>
    <message>
        <source>A refusal above this count ends the call at the limit node; 0 ends it at the first refusal.</source>
        <translation>拒绝次数超过此值时，通话转到上限节点结束；设为 0 则第一次拒绝即结束。</translation>
    </message>
    <message>
        <source>Above a limit, go to</source>
        <translation>超过上限后转到</translation>
    </message>
    <message>
        <source>A count above its limit sends the call to this node, which ends the call.</source>
        <translation>任一计数超过上限时，通话转到这个节点并在那里结束。</translation>
    </message>
    <message>
        <source>(built-in goodbye line, then hang up)</source>
        <translation>（内置结束语，然后挂机）</translation>
    </message>
    <message>
        <source>limits</source>
        <translation>上限设置</translation>
    </message>
</context>
<context>
    <name>ListButtons</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>LiveMatchBox</name>
    <message>
        <source>Try a phrase</source>
        <translation>试一句话</translation>
    </message>
    <message>
        <source>What a customer might say, e.g. 我不需要</source>
        <translation>客户可能说的话，例如：我不需要</translation>
    </message>
    <message>
        <source>Phrase</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>At node</source>
        <translation>所在节点</translation>
    </message>
    <message>
        <source>(no node: FAQ and global intents only)</source>
        <translation>（不指定节点：只看常见问题和全局意图）</translation>
    </message>
    <message>
        <source>Type what a customer might say to see which intent wins at this node.</source>
        <translation>输入客户可能说的话，即可看到在这个节点上哪个意图胜出。</translation>
    </message>
    <message>
        <source>Normalized: {text}</source>
        <translation>归一化后：{text}</translation>
    </message>
    <message>
        <source>{intent} also hit by “{keyword}”, but lost: {why}</source>
        <translation>{intent} 也命中了“{keyword}”，但落选：{why}</translation>
    </message>
    <message>
        <source>{intent}: “{keyword}” dropped, it lies inside the longer “{by}” of {other}</source>
        <translation>{intent}：“{keyword}”被忽略，它包含在 {other} 更长的“{by}”之中</translation>
    </message>
    <message>
        <source>{intent}: excluded by “{phrase}”</source>
        <translation>{intent}：被排除词“{phrase}”排除</translation>
    </message>
    <message>
        <source>{intent} would hit by “{keyword}”, but this node does not listen for it</source>
        <translation>{intent} 会命中“{keyword}”，但这个节点不识别该意图</translation>
    </message>
    <message>
        <source>No match: no intent of this node hits this phrase; the robot gives the no-match reply.</source>
        <translation>未识别：这个节点没有意图命中这句话，机器人会说未识别回复。</translation>
    </message>
    <message>
        <source>{intent} wins by “{keyword}”: opt-out, the robot says goodbye and marks the number do-not-call.</source>
        <translation>{intent} 以“{keyword}”胜出：要求勿扰，机器人道别并将号码标记为不再呼叫。</translation>
    </message>
    <message>
        <source>{intent} wins by “{keyword}”: branch {n} goes to {node}.</source>
        <translation>{intent} 以“{keyword}”胜出：第 {n} 个分支，转到 {node}。</translation>
    </message>
    <message>
        <source>{intent} wins by “{keyword}”: FAQ answer {n}.</source>
        <translation>{intent} 以“{keyword}”胜出：第 {n} 条常见问题。</translation>
    </message>
    <message>
        <source>{intent} wins by “{keyword}”: a refusal no branch handles; it counts toward the refusal limit.</source>
        <translation>{intent} 以“{keyword}”胜出：没有分支处理的拒绝，计入拒绝次数。</translation>
    </message>
    <message>
        <source>an opt-out always wins</source>
        <translation>要求勿扰总是优先</translation>
    </message>
    <message>
        <source>a branch listed earlier comes first</source>
        <translation>排在前面的分支优先</translation>
    </message>
    <message>
        <source>the node&apos;s branches come before FAQ answers and refusals</source>
        <translation>节点的分支优先于常见问题和拒绝</translation>
    </message>
    <message>
        <source>an FAQ answer listed earlier comes first</source>
        <translation>排在前面的常见问题优先</translation>
    </message>
    <message>
        <source>lower in the choice order</source>
        <translation>在选择顺序中靠后</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Script</source>
        <translation>话术(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Inspector</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Intents</source>
        <translation>意图</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>话术设置</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>全局视图</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Done: {0}</source>
        <translation>已完成：{0}</translation>
    </message>
    <message>
        <source>{0} nodes</source>
        <translation>{0} 个节点</translation>
    </message>
    <message>
        <source>{0} errors, {1} warnings</source>
        <translation>{0} 个错误，{1} 个警告</translation>
    </message>
    <message>
        <source>Copied {0} node(s)</source>
        <translation>已复制 {0} 个节点</translation>
    </message>
    <message>
        <source>The clipboard holds no nodes</source>
        <translation>剪贴板中没有节点</translation>
    </message>
    <message>
        <source>Cannot paste: {0}</source>
        <translation>无法粘贴：{0}</translation>
    </message>
    <message>
        <source>Pasted {0} node(s)</source>
        <translation>已粘贴 {0} 个节点</translation>
    </message>
    <message>
        <source>Select one node first</source>
        <translation>请先选择一个节点</translation>
    </message>
    <message>
        <source>The flow is already laid out</source>
        <translation>流程已经排列好了</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Middle button drag, or Space + drag</source>
        <translation>按住鼠标中键拖动，或按住空格键拖动</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连线</translation>
    </message>
    <message>
        <source>Drag from a card&apos;s round handle to another card</source>
        <translation>从卡片的圆形连接点拖到另一张卡片</translation>
    </message>
    <message>
        <source>Select several</source>
        <translation>多选</translation>
    </message>
    <message>
        <source>Drag a band on empty canvas</source>
        <translation>在画布空白处拖出选框</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Preferences saved</source>
        <translation>偏好设置已保存</translation>
    </message>
    <message>
        <source>About CallScript Studio</source>
        <translation>关于 CallScript Studio</translation>
    </message>
    <message>
        <source>&lt;b&gt;CallScript Studio&lt;/b&gt;&lt;p&gt;Design, test and export voice-robot call scripts that say they are robots, stop when told no and answer what was asked.&lt;/p&gt;</source>
        <translation>&lt;b&gt;CallScript Studio&lt;/b&gt;&lt;p&gt;设计、测试并导出语音机器人话术：机器人会表明自己是机器人，客户说不要就停止，问什么答什么。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Simulator</source>
        <translation>模拟通话</translation>
    </message>
    <message>
        <source>Tests</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未回答问题</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>{id} (missing)</source>
        <translation>{id}（不存在）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <source>LIMIT</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>START</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>OverviewView</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>全局视图：点击或拖动以移动视野</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>Follow the system ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>The new language is used the next time CallScript Studio starts.</source>
        <translation>新的界面语言将在下次启动 CallScript Studio 时生效。</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Check the script again now</source>
        <translation>立即重新检查话术</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Checking the script…</source>
        <translation>正在检查话术…</translation>
    </message>
    <message>
        <source>The checks failed: {0}</source>
        <translation>检查未能完成：{0}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>No problems found</source>
        <translation>未发现问题</translation>
    </message>
    <message>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <source>{0} errors</source>
        <translation>{0} 个错误</translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation>1 个警告</translation>
    </message>
    <message>
        <source>{0} warnings</source>
        <translation>{0} 个警告</translation>
    </message>
    <message>
        <source>1 note</source>
        <translation>1 条提示</translation>
    </message>
    <message>
        <source>{0} notes</source>
        <translation>{0} 条提示</translation>
    </message>
</context>
<context>
    <name>PromptAudioWidget</name>
    <message>
        <source>Save the script first: its audio is kept in an audio folder beside the script file.</source>
        <translation>请先保存话术：音频保存在话术文件旁的 audio 文件夹里。</translation>
    </message>
    <message>
        <source>This node says nothing yet: write its prompt first.</source>
        <translation>这个节点还没有播报内容：请先填写。</translation>
    </message>
    <message>
        <source>The Audio panel is synthesizing all missing prompts; these controls come back when it has finished.</source>
        <translation>音频面板正在合成所有缺失的音频；完成后这些按钮即可使用。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Listen to this prompt&apos;s audio</source>
        <translation>试听这条播报内容的音频</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>Record this prompt from the microphone; click again to stop</source>
        <translation>用麦克风录制这条播报内容；再点一次停止</translation>
    </message>
    <message>
        <source>Synthesize</source>
        <translation>合成</translation>
    </message>
    <message>
        <source>Make the audio with the script&apos;s voice</source>
        <translation>用话术设置的音色合成音频</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Use an audio file (WAV; MP3 and OGG when ffmpeg is installed)</source>
        <translation>使用一个音频文件（WAV；安装了 ffmpeg 时也可用 MP3 和 OGG）</translation>
    </message>
    <message>
        <source>Trim + normalize</source>
        <translation>裁剪并统一音量</translation>
    </message>
    <message>
        <source>Cut the silence at both ends and bring the loudness to the level of the other prompts</source>
        <translation>去掉首尾的静音，并把音量调整到与其他播报内容一致</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Delete this prompt&apos;s audio file</source>
        <translation>删除这条播报内容的音频文件</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Synthesizing…</source>
        <translation>正在合成…</translation>
    </message>
    <message>
        <source>Will be written to {0}</source>
        <translation>将写入 {0}</translation>
    </message>
    <message>
        <source>Contains {0}: the dialer fills it in at call time; this audio uses the example value.</source>
        <translation>含有 {0}：外呼系统会在通话时填入；此音频使用示例值。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Replace the recording of {0} with synthesized speech? The recording cannot be restored.</source>
        <translation>用合成语音替换 {0} 的录音吗？录音将无法恢复。</translation>
    </message>
    <message>
        <source>Replace the imported audio of {0} with synthesized speech? The file cannot be restored.</source>
        <translation>用合成语音替换 {0} 的导入音频吗？该文件将无法恢复。</translation>
    </message>
    <message>
        <source>Replace the audio?</source>
        <translation>替换音频？</translation>
    </message>
    <message>
        <source>Synthesizing {0}…</source>
        <translation>正在合成 {0}…</translation>
    </message>
    <message>
        <source>Synthesis failed: {0}</source>
        <translation>合成失败：{0}</translation>
    </message>
    <message>
        <source>Synthesized {0}: {1}</source>
        <translation>已合成 {0}：{1}</translation>
    </message>
    <message>
        <source>Audio files (*.wav *.mp3 *.ogg *.m4a *.flac)</source>
        <translation>音频文件 (*.wav *.mp3 *.ogg *.m4a *.flac)</translation>
    </message>
    <message>
        <source>WAV files (*.wav)</source>
        <translation>WAV 文件 (*.wav)</translation>
    </message>
    <message>
        <source>Import audio for {0}</source>
        <translation>为 {0} 导入音频</translation>
    </message>
    <message>
        <source>Imported {0}: {1}</source>
        <translation>已导入 {0}：{1}</translation>
    </message>
    <message>
        <source>Trimmed and normalized {0}: {1} → {2}</source>
        <translation>已裁剪并统一音量 {0}：{1} → {2}</translation>
    </message>
    <message>
        <source>Delete the recording of {0}? This cannot be undone.</source>
        <translation>删除 {0} 的录音吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete the imported audio of {0}? This cannot be undone.</source>
        <translation>删除 {0} 的导入音频吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete the audio?</source>
        <translation>删除音频？</translation>
    </message>
    <message>
        <source>Cleared the audio of {0}.</source>
        <translation>已清除 {0} 的音频。</translation>
    </message>
    <message>
        <source>{0} has no audio yet: synthesize, record or import it.</source>
        <translation>{0} 还没有音频：请合成、录制或导入。</translation>
    </message>
    <message>
        <source>Recording {0}… speak now, then click Stop.</source>
        <translation>正在录制 {0}…请开始说话，说完点“停止”。</translation>
    </message>
    <message>
        <source>Finishing the recording…</source>
        <translation>正在完成录音…</translation>
    </message>
    <message>
        <source>Recorded {0}: {1}</source>
        <translation>已录制 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>Prompter</name>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Save the changes to {0} before closing it?</source>
        <translation>关闭前保存对 {0} 的修改吗？</translation>
    </message>
    <message>
        <source>Your changes are lost if you do not save them.</source>
        <translation>如果不保存，修改将会丢失。</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>CallScript Studio did not close properly. Unsaved changes to {0} were kept at {1}.</source>
        <translation>CallScript Studio 上次没有正常关闭。对 {0} 的未保存修改已保留在 {1}。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Restore opens them as unsaved changes; the file on disk is not touched until you save.</source>
        <translation>恢复后它们会作为未保存的修改打开；在你保存之前，磁盘上的文件不会被改动。</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>文件已在磁盘上被修改</translation>
    </message>
    <message>
        <source>{0} was changed by another program. Reload it?</source>
        <translation>{0} 已被其他程序修改。要重新载入吗？</translation>
    </message>
    <message>
        <source>{0} was changed by another program while you have unsaved changes here. Saving will replace the other version; use File &gt; Reload to take the other one instead.</source>
        <translation>{0} 已被其他程序修改，而这里还有未保存的修改。保存将覆盖另一个版本；如要采用另一个版本，请使用“文件 &gt; 从磁盘重新载入”。</translation>
    </message>
    <message>
        <source>line {0}: {1}</source>
        <translation>第 {0} 行：{1}</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>……另有 {0} 项</translation>
    </message>
    <message>
        <source>Cannot open script</source>
        <translation>无法打开话术</translation>
    </message>
    <message>
        <source>{0} could not be opened:</source>
        <translation>无法打开 {0}：</translation>
    </message>
    <message>
        <source>Open script</source>
        <translation>打开话术</translation>
    </message>
    <message>
        <source>Save script as</source>
        <translation>话术另存为</translation>
    </message>
</context>
<context>
    <name>QtPlayer</name>
    <message>
        <source>{0}: no such audio file</source>
        <translation>{0}：找不到该录音文件</translation>
    </message>
    <message>
        <source>No audio output found: the prompt cannot be played on this computer. Connect speakers or headphones and try again.</source>
        <translation>未找到音频输出设备：无法在这台电脑上播放播报内容。请连接扬声器或耳机后重试。</translation>
    </message>
    <message>
        <source>Prompt {0} has no audio yet: synthesize, record or import it.</source>
        <translation>提示语 {0} 还没有音频：请合成、录音或导入。</translation>
    </message>
    <message>
        <source>{0}: cannot be played (not a readable audio file)</source>
        <translation>{0}：无法播放（不是可读取的音频文件）</translation>
    </message>
</context>
<context>
    <name>QtRecorder</name>
    <message>
        <source>No microphone found. Connect a microphone (or enable one in the system&apos;s sound settings) and try again; you can also import a recording from a file.</source>
        <translation>未找到麦克风。请连接麦克风（或在系统声音设置中启用麦克风）后重试；也可以从文件导入录音。</translation>
    </message>
    <message>
        <source>already recording</source>
        <translation>正在录音中</translation>
    </message>
    <message>
        <source>{0}: the microphone delivered no sound data; check the system&apos;s sound settings and try again</source>
        <translation>{0}：麦克风没有传来声音数据，请检查系统声音设置后重试</translation>
    </message>
    <message>
        <source>recording failed: {0}</source>
        <translation>录音失败：{0}</translation>
    </message>
</context>
<context>
    <name>ScriptSettingsPanel</name>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>企业信息</translation>
    </message>
    <message>
        <source>Calling hours</source>
        <translation>外呼时段</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Grading</source>
        <translation>意向分级</translation>
    </message>
    <message>
        <source>Edit {what}</source>
        <translation>编辑{what}</translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <source>Find node (Ctrl+F)</source>
        <translation>查找节点（Ctrl+F）</translation>
    </message>
    <message>
        <source>No node matches “{0}”</source>
        <translation>没有节点匹配“{0}”</translation>
    </message>
    <message>
        <source>Match {0} of {1}: {2}</source>
        <translation>第 {0} 项，共 {1} 项：{2}</translation>
    </message>
</context>
<context>
    <name>SimulatorPanel</name>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Do not play the robot&apos;s recorded lines</source>
        <translation>不播放机器人的录音</translation>
    </message>
    <message>
        <source>Save as test case</source>
        <translation>保存为测试用例</translation>
    </message>
    <message>
        <source>Append this call to the script&apos;s cases.yaml</source>
        <translation>把这通模拟通话追加到话术的 cases.yaml</translation>
    </message>
    <message>
        <source>Variables (used from the next restart)</source>
        <translation>变量（下次重新开始时生效）</translation>
    </message>
    <message>
        <source>What the caller says (Enter)</source>
        <translation>客户说的话（回车发送）</translation>
    </message>
    <message>
        <source>Say</source>
        <translation>说</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>无应答（静默）</translation>
    </message>
    <message>
        <source>Caller hangs up</source>
        <translation>客户挂断</translation>
    </message>
    <message>
        <source>The script has no start node to call from.</source>
        <translation>话术没有开始节点，无法发起通话。</translation>
    </message>
    <message>
        <source>(silence)</source>
        <translation>（静默）</translation>
    </message>
    <message>
        <source>(the caller hangs up)</source>
        <translation>（客户挂断）</translation>
    </message>
    <message>
        <source>Listening at {0}</source>
        <translation>正在 {0} 等待回答</translation>
    </message>
    <message>
        <source>Robot: {0}</source>
        <translation>机器人：{0}</translation>
    </message>
    <message>
        <source>[transfer to {0}] if no agent answers: {1}</source>
        <translation>[转接到 {0}] 无坐席接听时：{1}</translation>
    </message>
    <message>
        <source>[the robot hangs up]</source>
        <translation>[机器人挂机]</translation>
    </message>
    <message>
        <source>Call ended: {0}</source>
        <translation>通话结束：{0}</translation>
    </message>
    <message>
        <source>Grade {0} (rule: {1})</source>
        <translation>意向等级 {0}（规则：{1}）</translation>
    </message>
    <message>
        <source>Flags: {0}</source>
        <translation>标记：{0}</translation>
    </message>
    <message>
        <source>Unanswered: {0}</source>
        <translation>未回答：{0}</translation>
    </message>
    <message>
        <source>Save the script first: its test cases live beside it.</source>
        <translation>请先保存话术：测试用例保存在话术文件旁边。</translation>
    </message>
    <message>
        <source>Could not save the case: {0}</source>
        <translation>无法保存用例：{0}</translation>
    </message>
    <message>
        <source>Saved as “{0}” in {1}</source>
        <translation>已保存为“{0}”，位于 {1}</translation>
    </message>
    <message>
        <source>Could not record unanswered questions: {0}</source>
        <translation>无法记录未回答的问题：{0}</translation>
    </message>
    <message>
        <source>The script changed: Restart to call the new version.</source>
        <translation>话术已修改：请重新开始，以模拟新版本。</translation>
    </message>
</context>
<context>
    <name>TestRunnerPanel</name>
    <message>
        <source>Add case file...</source>
        <translation>添加用例文件...</translation>
    </message>
    <message>
        <source>Run tests</source>
        <translation>运行测试</translation>
    </message>
    <message>
        <source>Heat map on the canvas</source>
        <translation>在画布上显示热力图</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>用例</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>First difference</source>
        <translation>第一处差异</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>已覆盖</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总数</translation>
    </message>
    <message>
        <source>No case files (*cases*.yaml) beside the script: save a simulated call as a case, or add a case file.</source>
        <translation>话术旁边没有用例文件（*cases*.yaml）：可以把模拟通话保存为用例，或添加一个用例文件。</translation>
    </message>
    <message>
        <source>Add case files</source>
        <translation>添加用例文件</translation>
    </message>
    <message>
        <source>Test cases (*.yaml *.yml)</source>
        <translation>测试用例 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Running...</source>
        <translation>正在运行...</translation>
    </message>
    <message>
        <source>The run failed: {0}</source>
        <translation>运行失败：{0}</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>{0} passed, {1} failed</source>
        <translation>{0} 个通过，{1} 个失败</translation>
    </message>
    <message>
        <source>{0} file(s) could not be read</source>
        <translation>有 {0} 个文件无法读取</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Branches</source>
        <translation>分支</translation>
    </message>
    <message>
        <source>Intents</source>
        <translation>意图</translation>
    </message>
    <message>
        <source>Keywords</source>
        <translation>关键词</translation>
    </message>
    <message>
        <source>FAQ entries</source>
        <translation>常见问题</translation>
    </message>
    <message>
        <source>not covered: {0}</source>
        <translation>未覆盖：{0}</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>path: {0}</source>
        <translation>路径：{0}</translation>
    </message>
</context>
<context>
    <name>UnansweredPanel</name>
    <message>
        <source>Replay a log</source>
        <translation>回放通话日志</translation>
    </message>
    <message>
        <source>Call logs (*.jsonl *.txt)</source>
        <translation>通话日志 (*.jsonl *.txt)</translation>
    </message>
    <message>
        <source>Replay log...</source>
        <translation>回放通话日志...</translation>
    </message>
    <message>
        <source>Replay again</source>
        <translation>再次回放</translation>
    </message>
    <message>
        <source>Show answered</source>
        <translation>显示已能回答的</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add as keyword to intent...</source>
        <translation>添加为意图的关键词...</translation>
    </message>
    <message>
        <source>Answer as new FAQ entry...</source>
        <translation>作为新的常见问题回答...</translation>
    </message>
    <message>
        <source>Mark as dealt with</source>
        <translation>标记为已处理</translation>
    </message>
    <message>
        <source>Save the script to collect unanswered questions.</source>
        <translation>保存话术后才能收集未回答的问题。</translation>
    </message>
    <message>
        <source>{0} unanswered group(s), {1} answered by the script now</source>
        <translation>{0} 组未回答的问题，其中 {1} 组现在话术已能回答</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已能回答</translation>
    </message>
    <message>
        <source>partly answered ({0} of {1} places)</source>
        <translation>部分已能回答（{1} 处中的 {0} 处）</translation>
    </message>
    <message>
        <source>{0} already has the keyword {1}</source>
        <translation>{0} 已经有关键词 {1}</translation>
    </message>
    <message>
        <source>Add keyword {0} to {1}</source>
        <translation>为 {1} 添加关键词 {0}</translation>
    </message>
    <message>
        <source>Cannot add intent {0}: the id is taken or not valid</source>
        <translation>无法添加意图 {0}：ID 已被使用或不合法</translation>
    </message>
    <message>
        <source>Answer “{0}” as FAQ</source>
        <translation>把“{0}”作为常见问题回答</translation>
    </message>
    <message>
        <source>Replaying {0}...</source>
        <translation>正在回放 {0}...</translation>
    </message>
    <message>
        <source>Replaying {0}... {1}%</source>
        <translation>正在回放 {0}... {1}%</translation>
    </message>
    <message>
        <source>The replay failed: {0}</source>
        <translation>回放失败：{0}</translation>
    </message>
    <message>
        <source>replayed {0} call(s), {1} utterance(s); grades: {2}; {3} line(s) skipped</source>
        <translation>已回放 {0} 通电话、{1} 句话；意向等级：{2}；跳过 {3} 行</translation>
    </message>
</context>
<context>
    <name>VariablesTab</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例值</translation>
    </message>
    <message>
        <source>Used by prompts</source>
        <translation>使用它的播报数</translation>
    </message>
    <message>
        <source>Prompts use a variable as {id}; the example is what the simulator and synthesized previews say.</source>
        <translation>播报内容中以 {id} 的形式使用变量；示例值用于模拟通话和合成试听。</translation>
    </message>
    <message>
        <source>variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>A variable id uses Latin letters, digits and &apos;_&apos;, and does not start with a digit.</source>
        <translation>变量 ID 只能使用英文字母、数字和“_”，且不能以数字开头。</translation>
    </message>
    <message>
        <source>There is already a variable {id}.</source>
        <translation>已存在变量 {id}。</translation>
    </message>
    <message>
        <source>New variable</source>
        <translation>新变量</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new script</source>
        <translation>新建一个话术</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a script file</source>
        <translation>打开话术文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the script (atomically: never a half-written file)</source>
        <translation>保存话术（原子写入，不会留下写了一半的文件）</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the script under another name</source>
        <translation>以另一个名称保存话术</translation>
    </message>
    <message>
        <source>&amp;Reload from Disk</source>
        <translation>从磁盘重新载入(&amp;R)</translation>
    </message>
    <message>
        <source>Read the file again, dropping unsaved changes</source>
        <translation>重新读取文件，放弃未保存的修改</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the window</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation>撤销上一步编辑</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Redo the edit just undone</source>
        <translation>重做刚撤销的编辑</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>Cut the selected nodes</source>
        <translation>剪切所选节点</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected nodes with the arrows between them</source>
        <translation>复制所选节点及其之间的连线</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Paste nodes (new ids, moved aside)</source>
        <translation>粘贴节点（使用新 ID，并错开位置）</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <source>Copy and paste the selected nodes at once</source>
        <translation>一步复制并粘贴所选节点</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected nodes or arrows</source>
        <translation>删除所选节点或连线</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Select every node</source>
        <translation>选择所有节点</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>偏好设置(&amp;F)…</translation>
    </message>
    <message>
        <source>Interface language and other choices</source>
        <translation>界面语言及其他选项</translation>
    </message>
    <message>
        <source>&amp;Find Node…</source>
        <translation>查找节点(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a node by id or by what it says</source>
        <translation>按 ID 或播报内容查找节点</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Go to the next match</source>
        <translation>转到下一个匹配项</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>Go to the previous match</source>
        <translation>转到上一个匹配项</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom to 100%</source>
        <translation>缩放到 100%</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole flow</source>
        <translation>显示整个流程</translation>
    </message>
    <message>
        <source>&amp;Add Node</source>
        <translation>添加节点(&amp;A)</translation>
    </message>
    <message>
        <source>Add a node in the middle of the view</source>
        <translation>在视图中央添加节点</translation>
    </message>
    <message>
        <source>Start the Call &amp;Here</source>
        <translation>通话从这里开始(&amp;H)</translation>
    </message>
    <message>
        <source>Make the selected node the first one</source>
        <translation>将所选节点设为通话的第一个节点</translation>
    </message>
    <message>
        <source>Use as &amp;Limit Node</source>
        <translation>用作上限节点(&amp;L)</translation>
    </message>
    <message>
        <source>Calls that reach a limit end at the selected node</source>
        <translation>达到上限的通话在所选节点结束</translation>
    </message>
    <message>
        <source>Auto-&amp;Layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>Arrange the flow left to right (one undo step)</source>
        <translation>从左到右排列流程（可一步撤销）</translation>
    </message>
    <message>
        <source>&amp;Check Now</source>
        <translation>立即检查(&amp;C)</translation>
    </message>
    <message>
        <source>Run every check of the script now</source>
        <translation>立即运行话术的全部检查</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>List the shortcuts</source>
        <translation>列出所有快捷键</translation>
    </message>
    <message>
        <source>&amp;About CallScript Studio</source>
        <translation>关于 CallScript Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Version and purpose</source>
        <translation>版本和用途</translation>
    </message>
</context>
</TS>
