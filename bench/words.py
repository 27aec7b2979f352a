"""Word lists the generator builds keywords, prompts and caller utterances from.

The vocabulary is a telecom / broadband service line, the trade these robots are most used in:
nouns (what the caller talks about), aspects (what they want to know or do about it, each with
several phrasings) and modifiers (which plan, whose line), in Chinese and in English.
"""
from __future__ import annotations

ZH_NOUNS = (
    "宽带", "套餐", "光纤", "路由器", "光猫", "网速", "流量", "话费", "合约", "账单", "发票", "积分",
    "优惠券", "会员", "电视", "机顶盒", "手机卡", "副卡", "亲情号", "固话", "宽带账号", "密码",
    "安装", "师傅", "地址", "预约", "上门服务", "维修", "故障", "信号", "网络", "无线网", "千兆宽带",
    "月租", "年费", "押金", "违约金", "退款", "余额", "充值", "缴费", "营业厅", "客服", "客户经理",
    "合同", "身份证", "实名认证", "过户", "移机", "拆机", "停机", "复机", "提速", "升级", "降档",
    "续约", "续费", "赠品", "礼品", "红包", "活动", "家庭套餐", "企业宽带", "学生卡", "老人机",
    "国际漫游", "短信", "彩铃", "视频会员", "云盘", "智能音箱", "摄像头", "安防", "交费", "网费",
    "带宽", "光改", "组网", "中继器", "网线", "插座", "工单", "投诉单", "积分兑换", "话费券",
)

# aspect -> (suffix phrasings, prefix phrasings, short form)
ZH_ASPECTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "price": (("多少钱", "怎么收费", "贵不贵", "收费标准", "一个月多少"), ("问一下", "报个价"), "价格"),
    "how": (("怎么办理", "如何办理", "怎么弄", "办理流程", "要带什么"), ("想办", "要办理"), "流程"),
    "when": (("什么时候", "多久能好", "几天到", "什么时间"), ("尽快", "赶紧"), "时间"),
    "where": (("在哪里", "去哪办", "在什么地方", "哪里能办"), ("附近的", "最近的"), "地点"),
    "can": (("能不能", "可以吗", "行不行", "支持吗"), ("能否", "可不可以"), "能否"),
    "want": (("要一个", "办一个", "给我来一个"), ("我想要", "我要", "帮我办"), "需求"),
    "cancel": (("不要了", "退掉", "取消掉", "停掉"), ("取消", "注销", "退订"), "取消"),
    "problem": (("坏了", "用不了", "有问题", "太慢了", "老是断"), ("怎么又", "一直"), "故障"),
    "compare": (("有什么区别", "哪个好", "对比一下", "差在哪"), ("比较", "推荐"), "区别"),
    "discount": (("有优惠吗", "打折吗", "便宜点", "有活动吗", "送什么"), ("优惠的", "特价"), "优惠"),
    "change": (("改一下", "换一个", "变更", "修改"), ("更换", "改成"), "变更"),
    "check": (("查一下", "还剩多少", "用了多少", "明细"), ("帮我查", "查询"), "查询"),
}

ZH_MODIFIERS = (
    "新的", "老的", "家里的", "公司的", "我的", "最便宜的", "最快的", "包年", "包月", "两年的",
    "三百兆", "五百兆", "一千兆", "带电视的", "带手机的", "无线", "有线", "移动", "电信", "联通",
    "学生", "老人", "双卡", "全家", "商务", "基础", "高级", "畅享", "尊享", "青春",
)

EN_NOUNS = (
    "broadband", "plan", "fiber", "router", "modem", "speed", "data", "bill", "contract",
    "invoice", "points", "coupon", "membership", "tv box", "sim card", "landline", "account",
    "password", "installation", "technician", "address", "appointment", "repair", "outage",
    "signal", "wifi", "gigabit line", "monthly fee", "deposit", "cancellation fee", "refund",
    "balance", "top up", "payment", "store", "customer service", "manager", "id card", "upgrade",
    "renewal", "gift", "promotion", "family plan", "business line", "roaming", "text messages",
    "streaming pass", "cloud storage", "smart speaker", "camera", "mesh network", "cable",
)

# aspect -> (question templates with {n}, short form)
EN_ASPECTS: dict[str, tuple[tuple[str, ...], str]] = {
    "price": (("how much is the {n}", "what does the {n} cost", "{n} price", "is the {n} expensive"),
              "price"),
    "how": (("how do i get the {n}", "sign up for the {n}", "how to apply for {n}"), "process"),
    "when": (("when will the {n} be ready", "how long for the {n}", "{n} timing"), "timing"),
    "where": (("where is the {n}", "where can i get {n}", "nearest {n}"), "location"),
    "can": (("can i get the {n}", "is the {n} possible", "do you support {n}"), "possible"),
    "want": (("i want the {n}", "give me the {n}", "i need a {n}"), "want"),
    "cancel": (("cancel the {n}", "stop my {n}", "drop the {n}"), "cancel"),
    "problem": (("my {n} is broken", "{n} not working", "{n} keeps failing"), "problem"),
    "compare": (("which {n} is better", "compare the {n}", "difference between {n}"), "compare"),
    "discount": (("any {n} discount", "cheaper {n}", "{n} deal"), "discount"),
    "change": (("change my {n}", "switch the {n}", "update the {n}"), "change"),
    "check": (("check my {n}", "how much {n} is left", "{n} details"), "check"),
}

EN_MODIFIERS = (
    "new", "old", "home", "office", "cheapest", "fastest", "annual", "monthly", "two year",
    "300 mega", "500 mega", "gigabit", "family", "student", "senior", "premium", "basic",
    "business", "unlimited", "prepaid",
)

# shared intents (DESIGN.md 1): always present, in both languages
SHARED_ZH = {
    "affirm": ("肯定", "normal", ("是的", "可以", "好的", "行啊", "没问题", "对的", "嗯嗯", "要的",
                                 "有需要", "需要", "OK", "yes", "当然")),
    "refuse": ("拒绝", "refusal", ("不需要", "不用了", "不要", "没兴趣", "不感兴趣", "算了", "不考虑",
                                  "以后再说", "没时间", "no thanks", "not interested")),
    "opt_out": ("别再来电", "opt_out", ("别再打", "不要再打", "别打了", "投诉你们", "骚扰电话", "拉黑",
                                    "别给我打电话", "stop calling", "do not call", "remove my number")),
    "ask_robot": ("是否机器人", "robot_question", ("机器人", "是真人吗", "真人", "是人吗", "人工智能",
                                              "AI吗", "是录音吗", "are you a robot", "real person",
                                              "智能客服")),
}

SHARED_EN = {
    "affirm": ("Affirm", "normal", ("yes", "sure", "okay", "ok", "sounds good", "of course",
                                    "go ahead", "yeah", "alright", "i do", "please do")),
    "refuse": ("Refuse", "refusal", ("no thanks", "not interested", "no need", "don't need",
                                     "maybe later", "not now", "no", "never mind", "i'll pass",
                                     "too busy")),
    "opt_out": ("Do not call", "opt_out", ("stop calling", "do not call", "don't call me",
                                           "remove my number", "take me off", "harassment",
                                           "report you", "unsubscribe", "leave me alone")),
    "ask_robot": ("Robot?", "robot_question", ("are you a robot", "real person", "are you human",
                                               "is this a machine", "recording", "talk to a human",
                                               "bot", "artificial intelligence")),
}

ZH_FILLERS_BEFORE = ("嗯，", "那个", "喂，", "我想问一下", "就是说", "你好，", "请问", "哦，", "对了，",
                     "我听说", "呃", "")
ZH_FILLERS_AFTER = ("吧", "呢", "啊", "。", "？", "的", "呀", "一下", "啊？", "嘛", "了", "")
ZH_NO_MATCH = (
    "我现在在开车", "你说什么我没听清楚", "今天天气怎么样", "等一下我看看", "这个我得问问我老婆",
    "你们公司在哪个城市", "刚才信号不好", "我在吃饭呢", "你再说一遍", "嗯嗯嗯那个什么",
    "孩子在旁边哭", "我不太明白你的意思", "上次那个人也这么说", "周末再联系吧可能", "哎呀",
    "我是他家里人", "他现在不在家", "喂喂喂", "这是哪里打来的", "怎么又是你们",
)
ZH_TRADITIONAL = str.maketrans({
    "宽": "寬", "带": "帶", "费": "費", "价": "價", "钱": "錢", "么": "麼", "时": "時", "间": "間",
    "这": "這", "个": "個", "们": "們", "话": "話", "电": "電", "网": "網", "线": "線", "师": "師",
    "装": "裝", "务": "務", "续": "續", "约": "約", "号": "號", "单": "單", "机": "機", "请": "請",
    "问": "問", "办": "辦", "优": "優", "惠": "惠", "还": "還", "说": "說", "没": "沒", "兴": "興",
})

EN_FILLERS_BEFORE = ("um, ", "well ", "so ", "hello, ", "hi, ", "excuse me, ", "right, ",
                     "okay so ", "i was wondering ", "")
EN_FILLERS_AFTER = ("", " please", "?", "!", " thanks", " right", " i guess", ".", " now")
EN_NO_MATCH = (
    "sorry i am driving", "what did you say", "hold on a second", "let me ask my wife",
    "who is this", "the line is bad", "i'm eating dinner", "say that again", "hmm",
    "the kids are screaming", "i don't get it", "someone called yesterday too",
    "he is not home", "hello hello", "which company", "weather is nice today",
)

ZH_SAY_OPEN = ("好的，", "明白，", "了解，", "收到，", "没问题，", "")
ZH_SAY_BODY = ("关于{m}{n}的{a}，我们现在可以为您详细说明", "{m}{n}目前正在做{a}相关的活动",
               "{n}的{a}需要先核对一下您的信息", "我帮您记录一下{m}{n}的{a}",
               "{m}{n}这边有专人负责{a}")
ZH_SAY_ASK = ("请问您还有什么想了解的吗？", "您看可以吗？", "您是想了解价格还是办理方式？",
              "请问方便现在办理吗？", "您更关心哪一方面？", "需要我帮您安排吗？")
EN_SAY_BODY = ("About the {m} {n} {a}: let me walk you through it.",
               "The {m} {n} has a {a} offer right now.",
               "For {n} {a} I need to confirm a few details first.",
               "I'll note down your {a} question about the {m} {n}.")
EN_SAY_ASK = ("Anything else you'd like to know?", "Does that work for you?",
              "Would you like to go ahead?", "Which part matters most to you?",
              "Shall I arrange it for you?")
