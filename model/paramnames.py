"""Short Chinese names of the assumption keys, for figures in Chinese (no English in them).

`param_label(key, lang)` gives the dotted key in English and the Chinese name in Chinese; a
key without a Chinese name falls back to its rule ID and Chinese section name, never to the
English key. `tests/test_sensitivity.py` checks every assumption key has a name here.
"""

from __future__ import annotations

from .params import PARAMS

SECTION_ZH: dict[str, str] = {
    "run": "运行", "county": "县情", "village": "村级动态", "five_good": "五好", "weak": "软弱涣散",
    "stars": "星级", "review": "述职评议", "attention": "乡镇精力", "audit": "审计", "flagging": "整顿名单",
    "penalties": "问责", "leaderless": "书记空缺", "ranking": "乡镇排名", "evaluation": "民主测评",
    "rating": "五好乡镇评定", "contact": "联系点", "residence": "住乡", "rotation": "乡镇领导任期",
    "avoidance": "任职回避", "election": "村“两委”换届", "selection": "书记选任", "reserve": "后备干部",
    "graduates": "大学生村官", "members": "发展党员", "stationed": "驻村干部", "acceptance": "驻村验收",
    "pay": "村干部报酬", "insurance": "养老保险", "retirement": "离任补贴", "support": "关爱帮扶",
    "training": "培训", "stationed_pay": "驻村补贴", "township_pay": "乡镇干部待遇", "funds": "集体经济扶持",
    "incentive": "激励", "reporting": "上报", "reports": "报告", "cost": "成本",
}

NAMES_ZH: dict[str, str] = {
    "county.township_size_cv": "乡镇规模差异", "county.remoteness_mean": "村平均偏远度",
    "county.rural_income_yuan": "农民人均纯收入", "county.migrant_wage_yuan": "外出务工收入",
    "county.members_mean": "村均党员数", "county.retire_age": "村干部离岗年龄", "county.init_dims_mean": "初始五项均值",
    "village.adjust_rate": "村况调整速度", "village.noise_sd": "村况随机波动", "village.shock_rate": "突发事件频率",
    "village.shock_size": "突发事件损失", "village.base_target": "无人领导时的村况目标",
    "village.capacity_gain": "书记能力带动", "village.difficulty_mean": "村均先天难度", "village.help_gain": "外部帮扶效果",
    "village.econ_gain": "集体经济带动", "five_good.threshold": "五好达标线", "weak.threshold": "软弱涣散判定线",
    "weak.min_dims": "软弱涣散最少短板数", "weak.vacancy_months": "书记空缺判定月数", "weak.rectify_help": "整顿帮扶力度",
    "stars.threshold": "星级达标线", "stars.pay_per_star": "每星绩效报酬", "review.poor_threshold": "述职评议差评线",
    "review.remove_after": "连续差评撤换年数", "review.pressure_effort": "整改压力带来的努力",
    "attention.budget": "乡镇精力预算", "attention.near_line_band": "临界村关注带宽", "audit.detect_prob": "审计发现概率",
    "audit.deterrence": "审计威慑", "penalties.pressure_attention": "受批评乡镇追加精力",
    "penalties.adjust_threat": "调整威胁追加精力", "leaderless.fill_push": "长期空缺外派补缺",
    "ranking.competition_effort": "排名竞争追加精力", "ranking.promote_prob": "立功提拔概率",
    "evaluation.voters": "民主测评人数", "rating.five_good_share": "五好乡镇所需五好村比例",
    "rating.morale_effort": "受表彰乡镇士气", "contact.help": "联系点帮扶力度", "residence.days_off": "不住乡时在乡天数",
    "rotation.term_years": "乡镇领导任期年数", "rotation.knowledge_months": "乡镇领导熟悉情况时间",
    "rotation.horizon_years": "临近调任年数", "rotation.short_term_share": "临近调任短期行为比例",
    "avoidance.home_share": "本地任职比例", "avoidance.home_favour": "本地领导偏向", "election.lame_duck_drop": "换届前努力下降",
    "election.incumbent_bias": "书记连任概率", "selection.noise_direct": "公推直选识人误差",
    "selection.noise_two_rec": "两推一选识人误差", "selection.noise_off": "委任识人误差",
    "selection.shuangdai_gain": "“双带”书记带动", "selection.conflict_factor": "“两委”矛盾倍数",
    "reserve.capacity": "后备干部容量", "reserve.outside_fill_prob": "外部补缺概率", "reserve.migration_rate": "后备干部外流率",
    "graduates.per_year": "每村每年大学生村官", "graduates.ability": "大学生村官能力", "members.recruit_rate": "村均年发展党员",
    "members.reserve_share": "新党员入后备比例", "members.team_gain": "新党员带动队伍",
    "stationed.help_per_cadre": "驻村干部帮扶力度", "stationed.knowledge_months": "驻村干部熟悉情况时间",
    "pay.off_multiple": "改革前报酬倍数", "pay.reward_share": "以奖代补覆盖比例", "insurance.value_factor": "保障的主观价值倍数",
    "retirement.value_years": "预期补贴年数", "support.health_check_yuan": "体检费用", "support.career_effort": "晋升通道带来的努力",
    "training.ability_gain": "培训能力提升", "stationed_pay.motivation_off": "无补贴时驻村积极性",
    "township_pay.step_yuan": "一级工资档差", "township_pay.effort": "晋档预期带来的努力",
    "funds.per_village_yuan": "每村扶持资金", "funds.help": "扶持资金帮扶效果", "funds.income_growth": "扶持后集体收入增速",
    "incentive.effort_base": "基础努力", "incentive.effort_pay": "报酬对努力的作用", "incentive.quit_base": "基础辞职率",
    "incentive.quit_pay": "报酬对辞职的作用", "reporting.hide_prob": "瞒报概率", "reporting.inspect_share": "县级抽查比例",
    "reporting.deterrence": "瞒报查处威慑", "reports.county_fill_prob": "县级补报概率", "cost.other_members": "其他“两委”成员数",
    "cost.training_members_yuan": "成员培训费用", "cost.graduate_yuan": "大学生村官费用",
}


def param_label(key: str, lang: str = "en") -> str:
    """The key itself in English; its Chinese name (or rule ID + section) in Chinese."""
    if lang != "zh":
        return key
    if key in NAMES_ZH:
        return NAMES_ZH[key]
    p = PARAMS.get(key)
    section = SECTION_ZH.get(key.split(".", 1)[0], "参数")
    rule = p.rule.split(",")[0] if p is not None and p.rule else ""
    return f"{section}（{rule}）" if rule else section
