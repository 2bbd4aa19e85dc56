"""Human words for everything a reader sees that is not a fixed label: shipped scenarios'
titles and questions, every parameter key, units, values and sources, in English and Chinese.

    from cadresim.catalogue import scenario_title, param_label, source_text
    scenario_title("village_term_5y", "zh")                  # '村“两委”任期五年'
    scenario_title("baseline+pay.base_multiple=2", "zh")      # '现行政策 + 村主职干部基本报酬＝2 倍农民人均纯收入'
    param_label("election.term_years", "zh")                  # '村“两委”任期'
    source_text("pay.base_multiple", "zh")                    # '种子文件 002 §一(四)一'

A user's own scenario keeps the name and question it was given (they are the user's words).
`tests/test_catalogue.py` checks every parameter key and every shipped scenario has both.
"""

from __future__ import annotations

import math
import re
from typing import Any

# name: (title in English, title in Chinese, question in Chinese); the English question is the file's meta.question
SCENARIOS: dict[str, tuple[str, str, str]] = {
    "baseline": ("current policy (baseline)", "现行政策（基准）",
                 "按各份文件现行政策，经过几届村“两委”任期后，软弱涣散村党组织的占比如何变化，财政支出多少？"),
    "allowance_high": ("higher pay for village cadres", "提高村干部报酬",
                       "若村主职干部报酬提高到农民人均纯收入的 2 倍（“一肩挑”为 2.5 倍），软弱涣散占比降低多少，支出多少？"),
    "allowance_low": ("lower pay for village cadres", "降低村干部报酬",
                      "若村干部报酬回落到农民人均纯收入的一半且取消保险补贴，会多出多少软弱涣散村，又能节省多少？"),
    "inspection_weak": ("few county inspections", "县级抽查减少",
                        "若县里每年只抽查 5% 的村，上报的软弱涣散占比会比真实占比低多少？"),
    "national": ("national scale", "全国规模",
                 "县级结果在全国规模（约 49 万个行政村、约 3 万个乡镇）下是否成立，一台机器能否运行？"),
    "no_stationed": ("no stationed cadres", "不派驻村干部",
                     "若不派驻村干部，软弱涣散占比升高多少，能节省多少驻村补助？"),
    "province": ("province scale", "全省规模",
                 "县级结果在约 1,500 个乡镇、约 2.5 万个行政村的一个省内是否成立？"),
    "rotation_two_terms": ("two full township terms", "乡镇领导干满两届",
                           "若乡镇领导干满两个五年任期、驻村干部驻两年而非一年，软弱涣散占比降低多少，代价多少？"),
    "rotation_yearly": ("yearly rotation of township leaders", "乡镇领导每年轮换",
                        "若乡镇领导每年调动，因不熟悉情况和工作短期化，软弱涣散占比会升高多少？"),
    "thresholds_off": ("no township thresholds", "取消乡镇问责线",
                       "若取消对乡镇的软弱涣散比例问责和倒排比例（只按直接触发条件整顿，见 F4），列入整顿的占比与真实软弱涣散占比相差多远？"),
    "thresholds_relaxed": ("relaxed township thresholds", "放宽乡镇问责线",
                           "若软弱涣散占比达 20% 才通报批评、超过 30% 才组织调整，每年倒排 5% 的村，软弱涣散占比升高多少？"),
    "thresholds_strict": ("strict township thresholds", "收紧乡镇问责线",
                          "若软弱涣散占比达 5% 即通报批评、超过 10% 即组织调整，每年倒排 10% 的村，真实软弱涣散占比会下降，"
                          "还是压力被瞒报和领导更替消化？"),
    "village_term_5y": ("five-year village terms", "村“两委”任期五年",
                        "若村“两委”任期由三年改为五年，因末年松懈和换届减少，软弱涣散占比降低多少？"),
    "terms_pay": ("village terms × base pay", "村“两委”任期 × 基本报酬",
                  "五年任期和更高的基本报酬能否降低真实软弱涣散占比？"),
    "lhs_pay_attention": ("pay, attention and contact (Latin hypercube)", "报酬、关注与联系（拉丁超立方抽样）", ""),
}

# key: (label in English, label in Chinese)
PARAM_LABELS: dict[str, tuple[str, str]] = {
    "run.years": ("Simulated years", "模拟年数"),
    "run.seed": ("Random seed", "随机种子"),
    "run.replicates": ("Replicates", "重复运行次数"),
    "run.agent_handles": ("Mesa agent handles", "智能体句柄"),
    "run.auto_handles_max": ("Most villages given Mesa handles under 'auto'", "自动模式下创建智能体句柄的最多村数"),
    "run.snapshot_years": ("Years between village snapshots", "逐村快照间隔年数"),
    "county.townships": ("Townships", "乡镇数"),
    "county.villages": ("Administrative villages", "行政村数"),
    "county.township_size_cv": ("Spread of township sizes", "乡镇规模差异系数"),
    "county.counties": ("Counties", "县数"),
    "county.remoteness_mean": ("Mean remoteness", "村庄平均偏远程度"),
    "county.shell_share": ("Share of shell collective economies", "“空壳村”占比"),
    "county.shell_income_yuan": ("Shell-village income line", "“空壳村”集体收入线"),
    "county.rural_income_yuan": ("Rural income per person", "农村人均纯收入"),
    "county.rural_income_growth": ("Rural income growth", "农村收入年增长率"),
    "county.index_nominal": ("Nominal amounts follow rural income", "各项金额随农民收入增长"),
    "county.migrant_wage_yuan": ("Migrant wage (outside option)", "外出务工收入"),
    "county.members_mean": ("Party members per village", "每村党员数"),
    "county.reserve_mean": ("Reserve cadres per village at start", "每村初始后备干部数"),
    "county.secretary_age_mean": ("Mean secretary age", "村党组织书记平均年龄"),
    "county.director_age_mean": ("Mean director age", "村委会主任平均年龄"),
    "county.retire_age": ("Village cadre leaving age", "村干部离任年龄"),
    "county.init_dims_mean": ("Initial mean of the five dimensions", "五项指标初始均值"),
    "county.init_village_sd": ("Spread of village levels at the start", "初始村间水平离散度"),
    "county.init_dim_sd": ("Spread of dimensions within a village at the start", "初始村内维度离散度"),
    "county.init_vacancy_share": ("Secretary posts vacant at the start", "初始书记空缺比例"),
    "village.adjust_rate": ("Monthly catch-up to target", "每月向目标值调整比例"),
    "village.noise_sd": ("Monthly drift", "每月随机波动"),
    "village.shock_rate": ("Shock rate", "冲击月发生率"),
    "village.shock_size": ("Shock size", "冲击幅度"),
    "village.base_target": ("Target without secretary or help", "无书记无帮扶时的目标值"),
    "village.capacity_gain": ("Target gain from the secretary", "书记能力带来的目标提升"),
    "village.difficulty_mean": ("Mean village handicap", "村庄平均先天困难"),
    "village.help_gain": ("Target gain per unit of help", "每单位帮扶的目标提升"),
    "village.econ_gain": ("Development gain of a viable economy", "集体经济对发展指标的提升"),
    "village.director_weight": ("Director's capacity relative to the secretary", "村委会主任相对书记的带动能力"),
    "village.one_shoulder_extra": ("Extra capacity of a secretary-director", "“一肩挑”书记的额外带动能力"),
    "village.knowledge_floor": ("Secretary's capacity without local knowledge", "不熟悉村情时书记能力发挥比例"),
    "village.scandal_factor": ("Scandal rate of a secretary of no integrity", "廉洁度为零的书记违纪事件倍数"),
    "village.scandal_dev_share": ("Development loss in a scandal", "违纪事件对发展指标的损失比例"),
    "five_good.enabled": ("Five-good standard", "“五好”标准"),
    "five_good.threshold": ("Five-good pass mark", "“五好”达标线"),
    "five_good.gap_margin": ("Margin a secretary aims above the standard", "书记高于达标线的目标余量"),
    "five_good.min_weight": ("Least effort weight of a passing dimension", "已达标指标的最低精力权重"),
    "five_good.off_development_share": ("Effort on development without the standard", "无“五好”标准时投向发展的精力比例"),
    "weak.enabled": ("Yearly weak-village classification", "软弱涣散村年度排查"),
    "weak.threshold": ("Weak-dimension line", "软弱指标线"),
    "weak.min_dims": ("Weak dimensions that make a village weak", "判定软弱涣散所需指标数"),
    "weak.vacancy_months": ("Vacancy that makes a village weak", "导致软弱涣散的书记空缺月数"),
    "weak.rectify_help": ("Extra help for a flagged village", "整顿村额外帮扶"),
    "stars.enabled": ("Five-star rating", "星级评定"),
    "stars.threshold": ("Star pass mark", "星级达标线"),
    "stars.dev_threshold": ("Economic-star pass mark", "经济发展星达标线"),
    "stars.weak_below_three": ("Weak villages below three stars", "三星以下即软弱涣散"),
    "stars.pay_per_star": ("Performance pay per star", "每星绩效报酬"),
    "review.enabled": ("Report-and-review of secretaries", "村书记述职评议"),
    "review.participants": ("Reviewers", "评议人数"),
    "review.poor_threshold": ("Poor-review line", "评议“较差”线"),
    "review.remove_after": ("Poor reviews before removal", "连续较差后撤换次数"),
    "review.pressure_effort": ("Effort from a rectification order", "整改要求带来的努力提升"),
    "review.village_weight": ("Weight of the village's state in the review", "评议中村庄状况的权重"),
    "review.effort_offset": ("Effort offset in judging a secretary's own work", "评议书记本人工作的努力基数"),
    "review.noise_sd": ("Noise of one reviewer's judgement", "单个评议人的判断误差"),
    "attention.policy": ("Township attention policy", "乡镇注意力分配方式"),
    "attention.budget": ("Township attention per village", "乡镇对每村的关注投入"),
    "attention.near_line_band": ("Band above the weak line targeted", "重点关注的临界带宽"),
    "attention.near_line_below": ("Band below the weak line still counted near it", "软弱指标线以下仍算临界的带宽"),
    "attention.near_weight": ("Attention weight near the weak line", "临界村关注权重"),
    "attention.far_weight": ("Attention weight away from the weak line", "非临界村关注权重"),
    "attention.worst_power": ("Worst-first weight exponent", "最差优先权重指数"),
    "attention.worst_floor": ("Worst-first weight of the best village", "最差优先时最好村的权重"),
    "attention.knowledge_floor": ("Township capacity without local knowledge", "不熟悉情况时乡镇帮扶能力比例"),
    "attention.ability_offset": ("Ability offset of township capacity", "乡镇帮扶能力的能力基数"),
    "attention.ability_ref": ("Leaders' ability of full capacity", "乡镇领导参照能力"),
    "attention.perception_sd": ("Township's error in judging villages", "乡镇判断村情的误差"),
    "township.effort_base": ("Leaders' time on village work without incentives", "无激励时乡镇领导抓村工作时间比例"),
    "township.effort_max": ("Most of leaders' time on village work", "乡镇领导抓村工作时间比例上限"),
    "guidance.weight_backward": ("Attention weight of backward villages", "后进村关注权重"),
    "guidance.weight_middle": ("Attention weight of middle villages", "中间村关注权重"),
    "guidance.weight_advanced": ("Attention weight of advanced villages", "先进村关注权重"),
    "guidance.advanced_effort": ("Effort from a higher standard for advanced villages", "先进村高标准严要求带来的努力提升"),
    "audit.enabled": ("Audits of village cadres", "村干部审计"),
    "audit.detect_prob": ("Audit detection chance", "审计查实概率"),
    "audit.deterrence": ("Misconduct deterred by audits", "审计威慑比例"),
    "audit.integrity_line": ("Integrity below which cadres misbehave", "发生违纪的廉洁度线"),
    "flagging.enabled": ("Yearly rectification list", "年度整顿名单"),
    "flagging.quota": ("Bottom quota flagged", "倒排整顿比例"),
    "flagging.triggers": ("Direct triggers flag villages", "直接触发条件列入整顿"),
    "flagging.trigger_vacancy_months": ("Vacancy that triggers a flag", "触发整顿的空缺月数"),
    "flagging.trigger_no_member_years": ("Years without new members that trigger a flag", "触发整顿的未发展党员年数"),
    "flagging.trigger_last": ("Last in the county ranking triggers a flag", "全县排名末位列入整顿"),
    "flagging.trigger_satisfaction": ("Satisfaction that triggers a flag", "触发整顿的群众满意度"),
    "flagging.satisfaction_offset": ("Satisfaction above the image dimension", "满意度相对形象指标的偏移"),
    "flagging.trigger_incidents": ("Incidents a year that count as a mass incident", "视为群体性事件的年矛盾事件数"),
    "flagging.track_years": ("Years a rectified village is tracked", "整顿后跟踪年数"),
    "flagging.quota_skips_tracked": ("Quota skips villages in rectification", "倒排跳过整顿中村"),
    "penalties.enabled": ("Weak-share penalties for townships", "乡镇软弱涣散比例问责"),
    "penalties.criticise_share": ("Township criticism line (B1)", "乡镇通报批评线（B1）"),
    "penalties.adjust_share": ("Township adjustment line (B2)", "乡镇组织调整线（B2）"),
    "penalties.adjust": ("Leaders adjusted above the line", "超线调整领导班子"),
    "penalties.pressure_attention": ("Extra attention under criticism", "被批评乡镇额外关注"),
    "penalties.adjust_threat": ("Extra attention under threat of adjustment", "面临调整时额外关注"),
    "penalties.pull_share": ("Penalised township's attention pulled to the line", "被问责乡镇向临界村倾斜的比例"),
    "penalties.grace_years": ("Grace years after an adjustment", "调整后免于再次调整年数"),
    "leaderless.enabled": ("Long leaderless village blocks excellent grade", "长期无书记取消评优"),
    "leaderless.months": ("Vacancy that blocks the grade", "取消评优的空缺月数"),
    "leaderless.fill_push": ("Monthly outside appointment to a long vacancy", "长期空缺每月外派概率"),
    "leaderless.lead_months": ("Months ahead the township pushes to fill", "提前推动补缺的月数"),
    "ranking.enabled": ("Yearly township ranking", "乡镇年度综合排名"),
    "ranking.merit_top": ("Top townships given a merit", "记功乡镇数"),
    "ranking.competition_effort": ("Extra attention from competition", "排名竞争带来的额外关注"),
    "ranking.promote_prob": ("Promotion chance after a merit", "记功后提拔概率"),
    "ranking.target_by_base": ("Rank by progress on each township's base", "按各乡镇基础考核进步"),
    "evaluation.enabled": ("Democratic evaluation of township leaders", "乡镇领导民主测评"),
    "evaluation.incompetent_share": ("'Incompetent' votes for a warning", "诫勉谈话的“不称职”票比例"),
    "evaluation.voters": ("Evaluation voters", "测评人数"),
    "evaluation.incompetent_base": ("'Incompetent' share for the weakest leaders", "最弱领导的“不称职”票比例"),
    "evaluation.incompetent_slope": ("Fall of the 'incompetent' share with ability", "“不称职”票比例随能力的下降幅度"),
    "evaluation.knowledge_weight": ("Weight of local knowledge in the evaluation", "测评中熟悉情况的权重"),
    "evaluation.p_min": ("Least 'incompetent' vote chance", "“不称职”票最低概率"),
    "evaluation.p_max": ("Largest 'incompetent' vote chance", "“不称职”票最高概率"),
    "rating.enabled": ("Five-good township rating", "“五好”乡镇评定"),
    "rating.every_years": ("Years between township ratings", "乡镇评定间隔年数"),
    "rating.five_good_share": ("Five-good villages a township needs", "乡镇达标所需“五好”村比例"),
    "rating.morale_effort": ("Effort from a commendation", "表彰带来的努力提升"),
    "contact.enabled": ("Leaders link backward villages", "领导联系后进村"),
    "contact.months": ("Months the secretary stays in the linked village", "乡镇书记驻联系村月数"),
    "contact.secretary_share": ("Township secretary's share of village time", "乡镇党委书记占领导抓村时间比例"),
    "contact.other_share": ("Other leaders' time in their linked village", "其他领导在联系村的时间比例"),
    "residence.enabled": ("Leaders live in the township", "乡镇领导住乡"),
    "residence.days": ("Days a month in the township", "每月在乡天数"),
    "residence.days_off": ("Days in the township without the rule", "未执行住乡时在乡天数"),
    "residence.month_days": ("Days in a month", "每月天数"),
    "rotation.policy": ("Township rotation policy", "乡镇领导轮换方式"),
    "rotation.term_years": ("Township leadership term", "乡镇领导班子任期"),
    "rotation.every_years": ("Fixed tour of township leaders", "乡镇领导固定任职年限"),
    "rotation.hazard": ("Yearly transfer chance", "每年调动概率"),
    "rotation.turnover_costs": ("Costs of turnover", "领导更替代价"),
    "rotation.knowledge_months": ("Months to local knowledge", "熟悉情况所需月数"),
    "rotation.horizon_years": ("Short-term horizon before rotation", "临近轮换的短期化年限"),
    "rotation.short_term_share": ("Attention moved to visible work", "转向显性工作的关注比例"),
    "rotation.min_experience": ("Three years' township experience required", "须有三年乡镇工作经历"),
    "rotation.experience_years": ("Least township experience of new leaders", "新任领导最少乡镇工作年限"),
    "rotation.experience_max_years": ("Most township experience of new leaders", "新任领导最多乡镇工作年限"),
    "rotation.ability_experienced": ("Ability of new leaders under the experience rule", "有乡镇经历要求时新任领导能力"),
    "rotation.ability_novice": ("Ability of new leaders without it", "无经历要求时新任领导能力"),
    "rotation.ability_sd": ("Spread of new leaders' ability", "新任乡镇领导能力差异"),
    "avoidance.enabled": ("Leaders never serve at home", "任职回避"),
    "avoidance.home_share": ("Local leaders without avoidance", "无回避时本地任职比例"),
    "avoidance.home_favour": ("Attention bent to favoured villages", "本地领导偏向关照比例"),
    "avoidance.local_knowledge": ("Initial knowledge of a home-township leader", "本地任职领导初始熟悉程度"),
    "avoidance.favoured_share": ("Villages a local leader favours", "本地领导偏向的村比例"),
    "avoidance.favour_weight": ("Attention weight of a favoured village", "偏向村关注权重"),
    "election.term_years": ("Village committee term", "村“两委”任期"),
    "election.lame_duck": ("Last-year effort drop", "任期末年松懈"),
    "election.lame_duck_drop": ("Effort lost in the last year", "任期末年努力下降"),
    "election.incumbent_bias": ("Re-election chance", "连任概率"),
    "election.retire_margin_years": ("Years before leaving age a secretary stops standing", "临近离任年龄不再参选的年数"),
    "selection.enabled": ("Two-recommendation and direct election", "“两推一选”与“公推直选”"),
    "selection.direct_share": ("Villages electing by open direct election", "“公推直选”村占比"),
    "selection.noise_direct": ("Judging noise, open direct election", "“公推直选”识人误差"),
    "selection.noise_two_rec": ("Judging noise, two-recommendation", "“两推一选”识人误差"),
    "selection.noise_off": ("Judging noise without the rule", "未执行时识人误差"),
    "selection.shuangdai_share": ("Share of 'double-strong' secretaries", "“双带”书记占比"),
    "selection.shuangdai_off_factor": ("'Double-strong' share without the rule", "未执行时“双带”书记比例倍数"),
    "selection.shuangdai_gain": ("Development gain of a 'double-strong' secretary", "“双带”书记的发展提升"),
    "selection.one_shoulder_share": ("Secretary also director", "“一肩挑”村占比"),
    "selection.cross_serving_share": ("Cross-serving committee members", "“两委”交叉任职比例"),
    "selection.conflict_factor": ("Conflict multiplier without joint posts", "无“一肩挑”时冲突倍数"),
    "reserve.enabled": ("Reserve cadres", "后备干部队伍"),
    "reserve.minimum": ("Minimum reserves a village", "每村最少后备干部数"),
    "reserve.capacity": ("Most reserves a village", "每村最多后备干部数"),
    "reserve.fill_prob": ("Monthly fill from the reserve", "每月从后备中补缺概率"),
    "reserve.fill_delay_months": ("Months before a vacancy can be filled", "职位空缺后可补选的最短月数"),
    "reserve.outside_fill_prob": ("Monthly fill from outside", "每月从外部补缺概率"),
    "reserve.migration_rate": ("Yearly reserve out-migration", "后备干部年外出率"),
    "reserve.wage_ref": ("Wage ratio of the base migration rate", "基准外出率对应的务工收入倍数"),
    "reserve.remote_factor": ("Remoteness thinning the reserve", "偏远程度对后备队伍的削弱"),
    "reserve.recruit_ability": ("Ability of new members joining the reserve", "进入后备的新党员能力"),
    "reserve.topup_ability": ("Ability of reserves found to top up", "补充的后备干部能力"),
    "reserve.ability_sd": ("Spread of reserves' ability", "后备干部能力差异"),
    "reserve.join_without_rule": ("Reserves who join without the rule", "未执行时仍进入后备的比例"),
    "graduates.enabled": ("College-graduate village officials", "大学生村官"),
    "graduates.per_year": ("Graduates placed a village a year", "每村每年选派大学生数"),
    "graduates.ability": ("Graduate ability", "大学生村官能力"),
    "graduates.ability_sd": ("Spread of graduates' ability", "大学生村官能力差异"),
    "graduates.contract_years": ("Graduate's years of service", "大学生村官服务年限"),
    "graduates.help": ("Help from a serving graduate", "在岗大学生村官帮扶"),
    "members.enabled": ("Recruitment of new members", "发展党员"),
    "members.recruit_rate": ("New members a village a year", "每村每年发展党员数"),
    "members.reserve_share": ("New members joining the reserve", "新党员进入后备比例"),
    "members.team_gain": ("Team gain per new member", "每名新党员的队伍提升"),
    "members.requirement_push": ("Recruitment added by the yearly requirement", "每年至少发展一名党员要求的推动"),
    "members.loss_rate": ("Yearly loss of members", "党员年流失率"),
    "members.remote_factor": ("Remoteness slowing recruitment", "偏远程度对发展党员的削弱"),
    "members.team_offset": ("Team offset of recruitment", "发展党员的队伍基数"),
    "members.gain_cap": ("Most new members that strengthen the team", "带动队伍的新党员数上限"),
    "stationed.enabled": ("Stationed cadres", "驻村干部"),
    "stationed.rotation_years": ("Stationed cadre's tour", "驻村干部轮换年限"),
    "stationed.income_line_yuan": ("Income line for one cadre, not a team", "派一人而非工作队的收入线"),
    "stationed.team_small": ("Cadres to a viable village", "一般村派驻人数"),
    "stationed.team_large": ("Cadres to a poor or flagged village", "困难村、整顿村派驻人数"),
    "stationed.help_per_cadre": ("Help per stationed cadre", "每名驻村干部帮扶"),
    "stationed.knowledge_months": ("Months to local knowledge (stationed)", "驻村干部熟悉情况月数"),
    "stationed.coverage": ("Villages in the programme", "驻村覆盖比例"),
    "stationed.renew_years": ("Years between stationed-programme rounds", "驻村新一轮选派间隔年数"),
    "acceptance.enabled": ("Acceptance after three years", "三年验收"),
    "acceptance.years": ("Years before acceptance", "验收前年数"),
    "stationed.knowledge_floor": ("Stationed help without local knowledge", "不熟悉村情时驻村帮扶比例"),
    "pay.enabled": ("Structured pay", "结构化报酬"),
    "pay.base_multiple": ("Base pay of main village cadres", "村主职干部基本报酬"),
    "pay.one_shoulder_bonus": ("Extra pay for secretary-directors", "“一肩挑”额外报酬"),
    "pay.floor_enabled": ("Pay floor at rural income", "报酬不低于农民人均纯收入"),
    "pay.off_multiple": ("Base pay without the floor", "无保底时基本报酬"),
    "pay.reward_pool_yuan": ("Reward pool (以奖代补)", "“以奖代补”奖励资金"),
    "pay.reward_share": ("Villages sharing the reward pool", "分享奖励的村比例"),
    "pay.director_multiple": ("Director's pay", "村委会主任报酬"),
    "insurance.enabled": ("Social-insurance subsidy", "社会保险补贴"),
    "insurance.main_yuan": ("Subsidy for secretary and director", "书记、主任保险补贴"),
    "insurance.other_yuan": ("Subsidy for other members", "其他“两委”成员保险补贴"),
    "insurance.value_factor": ("Value of security to a cadre", "保障对干部的价值倍数"),
    "retirement.enabled": ("Retirement living subsidy", "离任生活补贴"),
    "retirement.subsidy_yuan": ("Yearly living subsidy", "每年生活补贴"),
    "retirement.min_years": ("Service that earns the subsidy", "享受补贴所需任职年限"),
    "retirement.value_years": ("Years of subsidy counted on", "预期领取补贴年数"),
    "retirement.min_age": ("Age from which the subsidy is drawn", "领取离任补贴起始年龄"),
    "retirement.on_track_years": ("Years from qualifying that count the subsidy", "计入补贴预期的距达标年数"),
    "retirement.on_track_age": ("Least age that counts the subsidy", "计入补贴预期的最低年龄"),
    "retirement.initial_per_village": ("Subsidy recipients per village at start", "每村初始领取补贴人数"),
    "support.enabled": ("Hardship fund and career route", "困难帮扶与晋升通道"),
    "support.hardship_fund_yuan": ("Hardship fund", "困难帮扶资金"),
    "support.health_check_yuan": ("Health check per cadre", "每人体检费用"),
    "support.career_effort": ("Effort from the career route", "晋升通道带来的努力提升"),
    "training.enabled": ("Training of secretaries", "书记培训"),
    "training.yuan": ("Training spend per secretary", "每名书记培训经费"),
    "training.ability_gain": ("Ability gained from training", "培训带来的能力提升"),
    "stationed_pay.allowance_yuan": ("Stationed cadre's allowance", "驻村干部补助"),
    "stationed_pay.enabled": ("Allowance paid", "发放驻村补助"),
    "stationed_pay.motivation_off": ("Help without the allowance", "无补助时帮扶倍数"),
    "township_pay.enabled": ("Salary step after 15 years", "乡镇工作满 15 年晋级"),
    "township_pay.years": ("Years for the salary step", "晋级所需年限"),
    "township_pay.step_yuan": ("Value of a salary grade", "一级工资额"),
    "township_pay.effort": ("Effort from the salary step prospect", "晋级预期带来的努力提升"),
    "funds.enabled": ("Collective-economy support funds", "集体经济扶持资金"),
    "funds.per_village_yuan": ("Support per funded village", "每村扶持资金"),
    "funds.help": ("Help from a year of funds", "一年扶持资金的帮扶"),
    "funds.income_growth": ("Income growth of a funded village", "扶持村集体收入增长率"),
    "economy.growth_base": ("Base collective-income growth", "集体收入基准增长率"),
    "economy.dev_slope": ("Growth per unit of development", "发展指标对集体收入增长的作用"),
    "economy.dev_ref": ("Development of zero extra growth", "无额外增长的发展水平"),
    "economy.noise_sd": ("Spread of collective-income growth", "集体收入增长波动"),
    "economy.max_log_growth": ("Cap on yearly log growth", "集体收入年对数增长上限"),
    "incentive.enabled": ("Pay drives effort and quitting", "报酬影响努力与离职"),
    "incentive.effort_base": ("Effort at a pay ratio of 1", "报酬比为 1 时的努力"),
    "incentive.effort_pay": ("Effort per log pay ratio", "努力对报酬比的弹性"),
    "incentive.quit_base": ("Quit rate at a pay ratio of 1", "报酬比为 1 时的离职率"),
    "cadre.other_leave_rate": ("Departures outside the pay rules", "非报酬原因的书记离任率"),
    "incentive.quit_pay": ("Quitting per log pay ratio", "离职对报酬比的弹性"),
    "incentive.effort_min": ("Least effort", "最低努力"),
    "incentive.effort_max": ("Most effort", "最高努力"),
    "incentive.quit_max": ("Highest quit rate", "最高离职率"),
    "incentive.director_quit_factor": ("Director's quit rate relative to a secretary's", "村委会主任相对书记的离职倍数"),
    "outside.age_ref": ("Age of the best outside option", "外出务工收入最高的年龄"),
    "outside.peak_factor": ("Peak outside option", "外出务工收入峰值倍数"),
    "outside.age_slope": ("Fall of the outside option with age", "外出务工收入随年龄下降率"),
    "outside.floor_factor": ("Least outside option", "外出务工收入最低倍数"),
    "cadre.knowledge_months": ("Months for a secretary to know the post", "村书记熟悉岗位月数"),
    "cadre.new_age_mean": ("Mean age of new village cadres", "新任村干部平均年龄"),
    "cadre.new_age_sd": ("Spread of new cadres' age", "新任村干部年龄差异"),
    "cadre.min_age": ("Youngest new village cadre", "新任村干部最低年龄"),
    "cadre.new_integrity_mean": ("Mean integrity of new secretaries", "新任书记平均廉洁度"),
    "cadre.new_integrity_sd": ("Spread of new secretaries' integrity", "新任书记廉洁度差异"),
    "cadre.knowledge_from_pool": ("Initial knowledge of a secretary from the reserve", "后备干部接任书记初始熟悉程度"),
    "cadre.knowledge_from_outside": ("Initial knowledge of an outside secretary", "外派书记初始熟悉程度"),
    "cadre.outside_ability": ("Ability of outside secretaries and new directors", "外派书记与新任主任能力"),
    "cadre.ability_sd": ("Spread of outside secretaries' ability", "外派书记能力差异"),
    "cadre.min_ability": ("Least cadre ability", "村干部最低能力"),
    "reporting.enabled": ("Townships may hide weak villages", "乡镇可能瞒报软弱涣散村"),
    "reporting.hide_prob": ("Chance of hiding under pressure", "受压时瞒报概率"),
    "reporting.inspect_share": ("Villages inspected by the county", "县级抽查比例"),
    "reporting.deterrence": ("Deterrence of inspections", "抽查威慑强度"),
    "reporting.falsify_cost": ("Time lost to covering up", "瞒报耗费的工作时间比例"),
    "reports.enabled": ("Quarterly written reports", "季度书面报告"),
    "reports.every_months": ("Months between reports", "报告间隔月数"),
    "reports.county_fill_prob": ("Monthly county fill of a reported vacancy", "县级每月补缺概率"),
    "cost.other_members": ("Other committee members a village", "每村其他“两委”成员数"),
    "cost.training_members_yuan": ("Training per party member", "每名党员培训费用"),
    "cost.graduate_yuan": ("Yearly cost of a graduate", "每名大学生村官年度费用"),
}

# unit: (English, Chinese); '' and 'switch' show no unit
UNITS: dict[str, tuple[str, str]] = {
    "help units": ("help units", "帮扶单位"), "0-1": ("(0–1)", "（0–1）"), "runs": ("runs", "次"),
    "yuan/person/yr": ("yuan/person/yr", "元/人/年"), "yuan/secretary/yr": ("yuan/secretary/yr", "元/人/年"),
    "days/month": ("days/month", "天/月"), "share": ("", ""), "people": ("people", "人"), "years": ("years", "年"),
    "cadres": ("cadres", "人"), "members/yr": ("members/yr", "人/年"), "share of base pay": ("of base pay", "（占基本报酬）"),
    "× rural income": ("× rural income", "倍农民人均纯收入"), "prob/month": ("/month", "/月"),
    "ability/yr": ("/yr", "/年"), "villages": ("villages", "个村"), "months": ("months", "个月"), "×": ("×", "倍"),
    "per village/yr": ("per village/yr", "人/村/年"), "prob": ("", ""), "0-1/month": ("/month", "/月"),
    "dims": ("dimensions", "项"), "yuan/cadre/yr": ("yuan/cadre/yr", "元/人/年"), "townships": ("townships", "个乡镇"),
    "cadres/village": ("per village", "人/村"), "months/yr": ("months/yr", "个月/年"), "1/log-ratio": ("", ""),
    "yuan/member/yr": ("yuan/member/yr", "元/人/年"), "yuan/yr": ("yuan/yr", "元/年"), "1/month": ("/month", "/月"),
    "help units/village": ("help units/village", "帮扶单位/村"), "1/yr": ("/yr", "/年"), "effort": ("", ""),
    "members/village": ("per village", "人/村"), "yuan/month": ("yuan/month", "元/月"), "sd": ("(sd)", "（标准差）"),
    "effort/log-ratio": ("", ""), "": ("", ""), "switch": ("", ""), "counties": ("counties", "个县"),
    "incidents/yr": ("incidents/yr", "起/年"), "pensioners/village": ("per village", "人/村"),
    "× base pay": ("× base pay", "倍基本报酬"), "share of time": ("of working time", "（占工作时间）"),
    "share of gap": ("of the effort gap", "（占努力差距）"), "log/yr": ("log/yr", "（对数）/年"), "members": ("members", "人"),
}

CHOICES: dict[str, tuple[str, str]] = {
    "two_terms": ("two full terms", "干满两届"), "fixed": ("fixed tour", "固定年限轮换"),
    "hazard": ("yearly chance", "按年概率调动"), "classified": ("both ends first (抓两头)", "抓两头促中间"),
    "uniform": ("evenly", "平均分配"), "worst_first": ("worst first", "最差优先"),
    "threshold": ("near the line", "临界村优先"), "auto": ("auto", "自动"), "all": ("all", "全部"), "none": ("none", "无"),
}


def _lang_index(lang: str) -> int:
    if lang not in ("en", "zh"):
        raise ValueError(f"lang: expected 'en' or 'zh', got {lang!r}")
    return 0 if lang == "en" else 1


def param_label(key: str, lang: str = "en") -> str:
    """A parameter key as a reader says it ('election.term_years' → 'Village committee term' / '村“两委”任期')."""
    pair = PARAM_LABELS.get(key)
    return key if pair is None else pair[_lang_index(lang)]


def value_text(key: str, value: Any, lang: str = "en") -> str:
    """A parameter value with its unit: shares ('share', 'share of …', 'prob') in %, switches on/off,
    choices in words."""
    from .params import PARAMS

    i = _lang_index(lang)
    p = PARAMS.get(key)
    if isinstance(value, bool):
        return ("on", "是")[i] if value else ("off", "否")[i]
    if isinstance(value, str):
        return CHOICES.get(value, (value, value))[i]
    if p is None or not isinstance(value, (int, float)) or not math.isfinite(value):
        return str(value)
    unit = UNITS.get(p.unit, (p.unit, p.unit))[i]
    if p.unit.startswith(("share", "prob")) and "/" not in p.unit and 0 <= value <= 1:
        num = f"{value * 100:.4g}%"  # 'share of time' → '70% of working time', '70%（占工作时间）'
        return f"{num} {unit}" if lang == "en" and unit else f"{num}{unit}"
    num = f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.4g}"
    if not unit:
        return num
    return f"{num} {unit}" if lang == "en" and unit[0] != "/" else f"{num}{unit}"


_SEED = re.compile(r"(?:seed\s+)?(\d{3})\s+(§[^\s;,:]+(?:\s*[,，]\s*\d+)*)")
_FACT = re.compile(r"\bF(\d{1,2})\b")


def source_text(key: str, lang: str = "en") -> str:
    """Where a parameter's value comes from. English: the parameter table's text. Chinese: the
    same references (seed documents, calibration facts F1…F10, assumption) in Chinese words."""
    from .params import PARAMS

    p = PARAMS.get(key)
    if p is None:
        return ""
    if lang == "en":
        return p.src
    _lang_index(lang)
    src = p.src
    full = str.maketrans({"(": "（", ")": "）", ",": "、"})
    parts = [f"文件 {n} {sec.translate(full)}" for n, sec in _SEED.findall(src)]
    parts += [f"校准事实 F{n}" for n in dict.fromkeys(_FACT.findall(src))]
    if src.startswith("setting"):
        return "运行设置"
    if p.is_assumption or "ASSUMPTION" in src:
        return "模型假设" + (f"（参照{'、'.join(parts)}）" if parts else "")
    return "、".join(parts) if parts else "有文件依据"


def _split_name(name: str) -> tuple[str, list[tuple[str, str]]]:
    """'baseline+pay.base_multiple=2+x.y=z' → ('baseline', [('pay.base_multiple', '2'), ('x.y', 'z')])."""
    from .params import PARAMS

    head, *rest = name.split("+")
    overrides = []
    for part in rest:
        k, _, v = part.partition("=")
        if k not in PARAMS:
            return name, []
        overrides.append((k, v))
    return head, overrides


def _parse(key: str, text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def scenario_title(name: str, lang: str = "en") -> str:
    """A scenario's title: the catalogue's for a shipped scenario, its overrides spelled out
    (`baseline+pay.base_multiple=2` → 'current policy (baseline) + Base pay of main village
    cadres = 2 × rural income'), or the name the user gave it."""
    i = _lang_index(lang)
    head, overrides = _split_name(str(name))
    title = SCENARIOS[head][i] if head in SCENARIOS else head
    if not overrides:
        return title
    eq, plus = (" = ", " + ") if lang == "en" else ("＝", " + ")
    return title + "".join(f"{plus}{param_label(k, lang)}{eq}{value_text(k, _parse(k, v), lang)}" for k, v in overrides)


def scenario_question(name: str, question: str | None, lang: str = "en") -> str:
    """The question a scenario asks in `lang`: the catalogue's Chinese for a shipped scenario,
    else the scenario's own `meta.question`."""
    head, _ = _split_name(str(name))
    if lang == "zh" and head in SCENARIOS and SCENARIOS[head][2]:
        return SCENARIOS[head][2]
    return question or ""
