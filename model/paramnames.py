"""Parameter names for sensitivity figures, taken from the catalogue (one table, not two).

`param_label(key, lang)` is `cadresim.catalogue.param_label`: the key's human label in
English or Chinese. A key the catalogue does not know yet (a new key without its labels)
falls back in Chinese to its section's Chinese name and rule ID, never to the English key,
so a Chinese figure stays free of English. `tests/test_catalogue.py` checks every key has
both labels; `tests/test_sensitivity.py` checks the Chinese names carry no English.
"""

from __future__ import annotations

from . import catalogue
from .params import PARAMS

SECTION_ZH: dict[str, str] = {
    "run": "运行", "county": "县情", "village": "村级动态", "five_good": "五好", "weak": "软弱涣散",
    "stars": "星级", "review": "述职评议", "attention": "乡镇精力", "township": "乡镇领导精力",
    "guidance": "分类指导", "audit": "审计", "flagging": "整顿名单",
    "penalties": "问责", "leaderless": "书记空缺", "ranking": "乡镇排名", "evaluation": "民主测评",
    "rating": "五好乡镇评定", "contact": "联系点", "residence": "住乡", "rotation": "乡镇领导任期",
    "avoidance": "任职回避", "election": "村“两委”换届", "selection": "书记选任", "reserve": "后备干部",
    "graduates": "大学生村官", "members": "发展党员", "stationed": "驻村干部", "acceptance": "驻村验收",
    "pay": "村干部报酬", "insurance": "养老保险", "retirement": "离任补贴", "support": "关爱帮扶",
    "training": "培训", "stationed_pay": "驻村补贴", "township_pay": "乡镇干部待遇", "funds": "集体经济扶持",
    "economy": "村集体经济", "incentive": "激励", "outside": "外出务工机会", "cadre": "村干部来源",
    "reporting": "上报", "reports": "报告", "cost": "成本",
}

# Chinese names of all keys, derived from the catalogue (kept for callers that read a mapping)
NAMES_ZH: dict[str, str] = {key: zh for key, (_, zh) in catalogue.PARAM_LABELS.items()}


def param_label(key: str, lang: str = "en") -> str:
    """The key's label from the catalogue; in Chinese, a key it lacks gets its section and rule ID."""
    if key in catalogue.PARAM_LABELS or lang != "zh":
        return catalogue.param_label(key, lang)
    p = PARAMS.get(key)
    section = SECTION_ZH.get(key.split(".", 1)[0], "参数")
    rule = p.rule.split(",")[0] if p is not None and p.rule else ""
    return f"{section}（{rule}）" if rule else section
