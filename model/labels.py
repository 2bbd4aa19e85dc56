"""Every label that a figure, table or briefing shows, in English and Chinese.

    from cadresim.labels import label
    label("weak_share_true", "zh")      # '软弱涣散村党组织占比（真实）'
    label("footer", "en", names="baseline", replicates=20, seed=1, version="0.1.0")

A key missing in one language is a bug: `tests/test_plots.py` checks that both exist for
every key. Unknown keys fall back to the key itself, so a new outcome still gets a label.
"""

from __future__ import annotations

LANGS = ("en", "zh")

# key: (English, Chinese)
LABELS: dict[str, tuple[str, str]] = {
    # outcomes
    "weak_share_true": ("Weak village party organisations (true share)", "软弱涣散村党组织占比（真实）"),
    "weak_share_reported": ("Weak village party organisations (reported share)", "软弱涣散村党组织占比（上报）"),
    "flagged_share": ("Villages flagged for rectification (share)", "列为整顿对象的村占比"),
    "weak_share": ("Share of weak village party organisations", "软弱涣散村党组织占比"),
    "weak_share_short": ("Weak share", "软弱涣散占比"),
    "weak_true_short": ("true", "真实"),
    "weak_reported_short": ("reported", "上报"),
    "five_good_share": ("Five-good village party organisations (share)", "“五好”村党组织占比"),
    "secretary_vacancy_share": ("Villages without a party secretary (share)", "村党组织书记空缺占比"),
    "cost_total_yuan": ("Fiscal cost (yuan per year)", "年度财政支出（元）"),
    "cost_per_weak_avoided_yuan": ("Cost per weak village avoided (yuan per year)", "每减少一个软弱涣散村的年度成本（元）"),
    "stars_mean": ("Mean stars", "平均星级"),
    "stars_k": ("{k} stars", "{k}星"),
    "stars_1": ("{k} star", "{k}星"),
    # short forms for tables and narrow panels
    "short.weak_share_true": ("Weak share, true", "软弱涣散占比（真实）"),
    "short.weak_share_reported": ("Weak share, reported", "软弱涣散占比（上报）"),
    "short.flagged_share": ("Flagged share", "列为整顿对象占比"),
    "short.five_good_share": ("Five-good share", "“五好”占比"),
    "short.secretary_vacancy_share": ("Secretary vacancy share", "书记空缺占比"),
    "short.cost_total_yuan": ("Cost, yuan/year", "年度支出（元）"),
    "short.cost_per_weak_avoided_yuan": ("Yuan/year per weak village avoided", "每减少一个软弱涣散村年度成本（元）"),
    "share_of_villages": ("Share of villages", "村数占比"),
    # axes, legends, marks
    "year": ("Year", "年份"),
    "difference": ("Difference from base (alternative − base)", "与基准方案之差（备选 − 基准）"),
    "median": ("median", "中位数"),
    "mean": ("mean", "平均值"),
    "stat_note": ("statistic: {stat} over replicates", "统计量：各次重复运行的{stat}"),
    "base_median": ("{name} (median, for reference)", "{name}（中位数，作参照）"),
    "list_sep": (", ", "、"),
    "sep": (" · ", " · "),
    "band50": ("50% of replicates", "50% 重复运行区间"),
    "band90": ("90% of replicates", "90% 重复运行区间"),
    "ci95": ("95% interval (paired replicates)", "95% 区间（配对重复运行）"),
    "ci95_inline": ("95% interval, paired replicates", "95% 区间，配对重复运行"),
    "criticise_line": ("criticism threshold ({v:.0%})", "通报批评线（{v:.0%}）"),
    "adjust_line": ("adjustment threshold ({v:.0%})", "组织调整线（{v:.0%}）"),
    "village_term": ("village term ends", "村“两委”换届"),
    "township_term": ("township leaders' scheduled turnover", "乡镇领导班子按期换届或轮换"),
    "no_difference": ("no difference", "无差异"),
    "base": ("base", "基准"),
    "alternative": ("alternative", "备选方案"),
    "scenario": ("Scenario", "方案"),
    "point": ("sweep point", "扫描点"),
    "frontier": ("lowest cost for its weak share", "同等效果下成本最低"),
    "point_labels": ("points labelled: {levers}", "点旁标注：{levers}"),
    "sweep_points": ("sweep points ({stat} over replicates)", "扫描点（各次重复运行的{stat}）"),
    "sweep_points_w": ("sweep points ({stat}; whiskers: 90% of replicates)", "扫描点（{stat}；须线：90% 重复运行区间）"),
    "sweep": ("sweep", "参数扫描"),
    "stat_of": ("{outcome} ({stat})", "{outcome}（{stat}）"),
    "point_stat": ("design point ({stat} over replicates)", "设计点（各次重复运行的{stat}）"),
    "binned_mean": ("mean over {bins} bins of the lever", "按参数分 {bins} 组的平均值"),
    "title_partial": ("{outcome} against each lever", "{outcome}与各参数的关系"),
    "at_year": ("year {year}", "第 {year} 年"),
    # titles
    "title_trajectory": ("Weak village party organisations over time: {name}", "软弱涣散村党组织占比变化：{name}"),
    "title_trajectory_n": ("Weak village party organisations over time", "软弱涣散村党组织占比变化"),
    "title_comparison": ("Difference from {base}", "与“{base}”相比的差异"),
    "title_difference": ("{outcome}: difference from {base} in every year", "{outcome}：逐年与“{base}”之差"),
    "title_sep": (" — ", "——"),
    "paren": (" ({text})", "（{text}）"),
    "pp": ("percentage points", "百分点"),
    "yuan_per_year": ("yuan per year", "元/年"),
    "diff_each_year": ("difference in the year (mean over replicates)", "当年差异（各次重复运行的平均值）"),
    "mean_whole_run": ("mean over the whole run", "全程平均"),
    "mean_term": ("mean over a village term", "各届任期平均"),
    "title_heatmap": ("{outcome} by {x} and {y}", "{outcome}：按{x}与{y}"),
    "title_frontier": ("Cost against weak share over the sweep", "成本与软弱涣散占比的权衡"),
    "title_stars": ("Star ratings of villages: {name}", "村党组织星级分布：{name}"),
    # footer
    "footer": ("Scenarios: {names} · replicates: {replicates} · seed: {seed} · cadresim {version}",
               "方案：{names} · 重复运行：{replicates} 次 · 随机种子：{seed} · cadresim {version}"),
    # comparison table and briefing
    "outcome": ("Outcome", "指标"),
    "base_mean": ("Base", "基准"),
    "alt_mean": ("Alternative", "备选"),
    "diff": ("Difference", "差异"),
    "interval": ("95% interval", "95% 区间"),
    "brief_title": ("Briefing: {alts} compared with {base}", "决策参考：“{alts}”与“{base}”比较"),
    "question": ("Question", "问题"),
    "headline": ("Answer: {window}, alternative − base, 95% interval", "回答：{window}，备选 − 基准，95% 区间"),
    "assumptions": ("What changes, and the assumptions the result rests on (same mechanisms)",
                    "方案差异及结果所依赖的假设（同一机制）"),
    "more_keys": ("… and {n} more keys (cadresim rules lists them all)", "……另有 {n} 项参数未列出（完整清单见 cadresim 参数表）"),
    "dash": (" — ", "——"),
    "period": (".", "。"),
    "interp_lower": ("Over {window}, the true weak share is lower under {alt}: {diff} against a base level of {base_level}",
                     "{window}，“{alt}”下真实软弱涣散占比较低：{diff}（基准水平 {base_level}）"),
    "interp_higher": ("Over {window}, the true weak share is higher under {alt}: {diff} against a base level of {base_level}",
                      "{window}，“{alt}”下真实软弱涣散占比较高：{diff}（基准水平 {base_level}）"),
    "interp_same": ("Over {window}, the true weak share is the same under {alt}: {diff} against a base level of {base_level}",
                    "{window}，“{alt}”下真实软弱涣散占比不变：{diff}（基准水平 {base_level}）"),
    "interp_settled": ("; the interval excludes zero, so the direction is clear.", "；区间不含零，方向明确。"),
    "interp_unsettled": ("; the interval includes zero, so even the direction is not settled.",
                         "；区间包含零，连方向也不能确定。"),
    "interp_cost_more": (" It costs {cost} yuan a year more", "每年多支出 {cost} 元"),
    "interp_cost_less": (" It saves {cost} yuan a year", "每年节省 {cost} 元"),
    "interp_per_village": (", about {v} yuan a year per weak village avoided.", "，每减少一个软弱涣散村每年约 {v} 元。"),
    "interp_flips": (" The sign differs between village terms: a single year's comparison would mislead.",
                     "各届任期之间差异的正负号不一致：只看某一年会得出误导性结论。"),
    "key": ("Key", "参数"),
    "source": ("Source", "依据"),
    "is_assumption": ("assumption", "假设"),
    "is_sourced": ("documented", "有文件依据"),
    "no_question": ("(the scenario states no question: set meta.question)", "（方案未写明问题：请设置 meta.question）"),
    "no_changes": ("(no keys differ from the base)", "（与基准方案无参数差异）"),
    "note_reduction_zero": ("weak share unchanged: no weak village avoided, cost per village undefined",
                            "软弱涣散占比无变化：成本无法折算到每村"),
    "note_reduction_negative": ("alternative has more weak villages: none avoided, cost per village undefined",
                                "备选方案软弱涣散村更多：无村减少，成本无法折算"),
    "note_saves": ("saves money and has fewer weak villages", "既节省支出又减少软弱涣散村"),
    "note_uncertain": ("reduction not clearly above zero: no interval for the ratio",
                       "减少量未明显大于零：比值不给区间"),
    "window_all": ("years {start}–{end} (whole run)", "第 {start}–{end} 年（全程）"),
    "window_term": ("years {start}–{end} (village term {k})", "第 {start}–{end} 年（第 {k} 届）"),
    "window_years": ("years {start}–{end}", "第 {start}–{end} 年"),
    "window_term_one": ("year {start} (village term {k})", "第 {start} 年（第 {k} 届）"),
    "window_years_one": ("year {start}", "第 {start} 年"),
    "mean_over": ("Mean difference, alternative − base, over {window}", "{window}平均差异（备选 − 基准）"),
    "by_term": ("{outcome}, by village term:", "{outcome}，按村“两委”任期："),
    "diff_interval": ("Difference [95% interval]", "差异［95% 区间］"),
    "not_paired": ("WARNING: arms ran with different seeds; differences are not paired.",
                   "注意：各方案随机种子不同，差异未配对。"),
    "interval_note": ("Intervals: 95% paired bootstrap (BCa, {n} resamples) over replicates.",
                      "区间：对各次重复运行的配对差异作 95% 自助法区间（BCa，重抽样 {n} 次）。"),
    "villages_per_year": ("{n:.1f} fewer weak villages", "软弱涣散村减少 {n:.1f} 个"),
}


def label(key: str, lang: str = "en", **fmt: object) -> str:
    """The label for `key` in `lang` ('en' or 'zh'), formatted with `fmt`."""
    if lang not in LANGS:
        raise ValueError(f"lang: expected one of {', '.join(LANGS)}, got {lang!r}")
    if key.startswith("stars_") and key[6:].isdigit():
        fmt = {"k": key[6:], **fmt}
        key = "stars_1" if key == "stars_1" else "stars_k"
    pair = LABELS.get(key)
    text = key if pair is None else pair[LANGS.index(lang)]
    return text.format(**fmt) if fmt else text


def scenario_title(name: str, lang: str = "en") -> str:
    """A scenario's display title in `lang`: the catalogue's title for a shipped scenario, its
    overrides (``name+key=value``) as parameter labels, or the name as the user gave it."""
    from .catalogue import scenario_title as title

    return title(name, lang)


def short(key: str, lang: str = "en") -> str:
    """The short form of an outcome label (tables, narrow panels); the long one if none."""
    return label(f"short.{key}" if f"short.{key}" in LABELS else key, lang)


def all_text() -> str:
    """Every character any label uses (the font subset must cover them)."""
    return "".join(en + zh for en, zh in LABELS.values()) + "0123456789%−±×·–—…"
