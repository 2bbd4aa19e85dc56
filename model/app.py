"""The interactive app behind `cadresim app`: levers as sliders, the weak share against the
baseline, stars, a map of villages by township, one village's history; Chinese or English.

Built on Mesa's `SolaraViz`: its controller steps the model a year at a time (Step, ▶ and
Reset), its `make_plot_component` draws the five-good, vacancy and cost lines, and its
parameter card holds the run settings (replicates, years) that Reset applies. The levers
are this module's own panel, because they act at once (the run is rebuilt and brought back
to the year on screen) and their labels follow the language toggle.

The model package never imports this module (it needs the ``[app]`` extra); only the `app`
command and the tests do.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib
import mesa
import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter
from mesa.visualization import SolaraViz, make_plot_component
from mesa.visualization.user_param import Slider
from mesa.visualization.utils import update_counter

from . import fonts
from .labels import label, short
from .params import PARAMS
from .rng import replicate_seeds
from .runner import run
from .scenario import Scenario, ScenarioError, load_scenario
from .sim import CadreModel
from .state import DIMS

# ---- levers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lever:
    """One control of the lever panel: a scenario key, its widget and range."""

    key: str
    widget: str  # "int", "float", "select" or "bool"
    lo: float = 0
    hi: float = 1
    step: float = 1
    percent: bool = False  # a share shown as a percentage


LEVERS: tuple[Lever, ...] = (
    Lever("rotation.policy", "select"),
    Lever("rotation.every_years", "int", 1, 10, 1),
    Lever("election.term_years", "int", 1, 6, 1),
    Lever("pay.base_multiple", "float", 0.0, 4.0, 0.1),
    Lever("penalties.criticise_share", "float", 0.0, 0.5, 0.01, percent=True),
    Lever("penalties.adjust_share", "float", 0.0, 0.6, 0.01, percent=True),
    Lever("flagging.quota", "float", 0.0, 0.2, 0.01, percent=True),
    Lever("flagging.triggers", "bool"),
    Lever("reporting.inspect_share", "float", 0.0, 1.0, 0.05, percent=True),
    Lever("stationed.enabled", "bool"),
)
LEVER_KEYS: tuple[str, ...] = tuple(lv.key for lv in LEVERS)

DEFAULT_REPLICATES = 5  # a few replicates: bands, and still a fraction of a second per change
DEFAULT_YEARS = 15

# ---- the app's own labels (shared outcome labels come from `cadresim.labels`) -------------
TEXT: dict[str, tuple[str, str]] = {
    "title": ("cadresim: policy levers and weak village party organisations", "政策杠杆与软弱涣散村党组织：模拟"),
    "levers": ("Policy levers", "政策杠杆"),
    "levers_note": ("Changes apply at once, to the year on screen.", "调整立即生效，显示到当前年份。"),
    "rotation.policy": ("Township leader rotation", "乡镇领导班子轮岗方式"),
    "rotation.policy.two_terms": ("after two full terms", "任满两届轮岗"),
    "rotation.policy.fixed": ("every N years", "每隔固定年限轮岗"),
    "rotation.policy.hazard": ("yearly chance of transfer", "按年度概率调动"),
    "rotation.every_years": ("Rotation period, years (fixed policy)", "轮岗年限（固定年限方式）"),
    "election.term_years": ("Village committee term, years", "村“两委”任期（年）"),
    "pay.base_multiple": ("Cadre base pay, × rural income", "村干部基本报酬（农民人均纯收入的倍数）"),
    "penalties.criticise_share": ("Criticism threshold, reported weak share", "通报批评线（上报软弱涣散占比）"),
    "penalties.adjust_share": ("Adjustment threshold, reported weak share", "组织调整线（上报软弱涣散占比）"),
    "flagging.quota": ("Bottom-ranking quota (0 = none)", "倒排整顿比例（0 为不倒排）"),
    "flagging.triggers": ("Flag villages on direct triggers", "按直接情形列为整顿对象"),
    "reporting.inspect_share": ("County inspection share", "县级抽查村比例"),
    "stationed.enabled": ("Stationed cadres in villages", "选派驻村干部"),
    "replicates": ("Replicates (on Reset)", "重复运行次数（重置后生效）"),
    "years": ("Years (on Reset)", "模拟年数（重置后生效）"),
    "language": ("Language", "语言"),
    "levers_arm": ("with these levers", "调整后"),
    "base_arm": ("baseline", "基准方案"),
    "range": ("range of {n} replicates", "{n} 次重复运行的范围"),
    "weak_title": ("Weak village party organisations, year {year} of {years}", "软弱涣散村党组织占比（第 {year} 年，共 {years} 年）"),
    "stars_title": ("Star ratings at year {year} (median of replicates)", "第 {year} 年村党组织星级分布（各次运行中位数）"),
    "not_yet": ("No year simulated yet: press Step, or the play button.", "尚未模拟：请点击 Step（单步）或播放键。"),
    "stars_off": ("Star rating (A2) is switched off in this scenario.", "本方案未实行星级评定（A2）。"),
    "shares_title": ("Five-good and vacancy shares by year (median)", "“五好”与书记空缺占比（按年，中位数）"),
    "cost_title": ("Fiscal cost by year (median), 10,000 yuan", "年度财政支出（按年，中位数，万元）"),
    "five_good_share": ("five-good", "“五好”"),
    "secretary_vacancy_share": ("secretary vacant", "书记空缺"),
    "villages_title": ("Villages by township at year {year} (replicate 1); click one",
                       "各乡镇村党组织状态（第 {year} 年，第 1 次运行）：点击查看"),
    "township": ("Township {j}: {w}/{n} weak", "乡镇 {j}：软弱涣散 {w}/{n}"),
    "state.weak": ("weak", "软弱涣散"),
    "state.ok": ("neither", "一般"),
    "state.five_good": ("five-good", "“五好”"),
    "flagged_frame": ("flagged for rectification (dark frame)", "列为整顿对象（深色边框）"),
    "village": ("Village {i}", "村 {i}"),
    "history_title": ("Village {i} (township {township}) over the years", "村 {i}（乡镇 {township}）历年情况"),
    "pick_village": ("Click a village in the map to see its history.", "在村庄状态图中点击一个村，查看其历年情况。"),
    "dims_axis": ("five-good dimensions (0–1)", "“五好”各项得分（0–1）"),
    "weak_line": ("weak line", "软弱涣散线"),
    "five_good_line": ("five-good line", "“五好”线"),
    "stars_axis": ("stars", "星级"),
    "stars_n": ("stars: {k}", "{k}星"),
    "secretary_present": ("secretary in post", "书记在岗"),
    "secretary_vacant": ("secretary post vacant", "书记空缺"),
    "hidden": ("reported as fine", "上报为正常"),
    "flagged": ("flagged", "列为整顿对象"),
    "dim.leadership": ("leadership", "领导班子"),
    "dim.team": ("member team", "党员队伍"),
    "dim.mechanism": ("mechanisms", "工作机制"),
    "dim.development": ("development", "发展业绩"),
    "dim.image": ("public view", "群众反映"),
    "error": ("Not applied: {e}", "未生效：{e}"),
}


def text(key: str, lang: str, **fmt: Any) -> str:
    """The app's label for `key` in `lang` ('en' or 'zh')."""
    en, zh = TEXT[key]
    s = zh if lang == "zh" else en
    return s.format(**fmt) if fmt else s


# ---- the model the app shows -------------------------------------------------------------

STATE_WEAK, STATE_OK, STATE_FIVE_GOOD = 0, 1, 2


@lru_cache(maxsize=8)
def baseline_yearly(seed: int, replicates: int, years: int) -> pd.DataFrame:
    """The baseline's yearly rows (replicate × year), same replicate seeds as the levers' arm."""
    sc = load_scenario(None).with_overrides({"run.agent_handles": "none"}, source="cadresim app")
    return run(sc, replicates=replicates, seed=seed, years=years).yearly


def _lever_values(levers: Any) -> dict[str, Any]:
    """A dict of lever values, from a dict or from a reactive holding one (Mesa's Reset passes it)."""
    return dict(getattr(levers, "value", levers) or {})


class LeverEnsemble(mesa.Model):
    """A few replicates of the baseline county under the app's levers, stepped a year at a time.

    One `step` is one year of every replicate (12 monthly steps of each `CadreModel`); the
    baseline arm is run once for the same seeds and shown up to the horizon. Replicate k of
    both arms uses ``SeedSequence(seed).spawn(replicates)[k]``, so with the baseline's levers
    the two arms are identical. Replicate 0 keeps each village's state every year (the map
    and a village's history).
    """

    def __init__(self, levers: Any = None, replicates: int = DEFAULT_REPLICATES, years: int = DEFAULT_YEARS,
                 seed: int | None = None, to_year: int = 0) -> None:
        base = load_scenario(None)
        seed = int(base["run.seed"] if seed is None else seed)
        super().__init__(rng=seed)
        self.levers = _lever_values(levers)
        self.replicates, self.years, self.seed = int(replicates), int(years), seed
        settings = {"run.agent_handles": "none", "run.years": self.years}
        # ScenarioError here names the lever and what was expected (the panel shows it)
        self.sc: Scenario = base.with_overrides({**self.levers, **settings}, source="cadresim app")
        self.models = [CadreModel(self.sc, rng=s, replicate=k)
                       for k, s in enumerate(replicate_seeds(seed, self.replicates))]
        self.base = baseline_yearly(seed, self.replicates, self.years)
        self.year = 0
        self.village_years: list[dict[str, np.ndarray]] = []  # replicate 0, one dict per year
        first = self.models[0]
        self.township = first.v.township.copy()
        self.datacollector = mesa.DataCollector(model_reporters={
            c: (lambda m, c=c: m.median(c)) for c in
            ("five_good_share", "secretary_vacancy_share", "cost_total_yuan")
        } | {
            f"{c}_base": (lambda m, c=c: m.base_median(c)) for c in
            ("five_good_share", "secretary_vacancy_share", "cost_total_yuan")
        })
        self.running = True
        for _ in range(min(int(to_year), self.years)):
            self.step()

    def step(self) -> None:
        """One more year of every replicate (nothing once the horizon is reached)."""
        if self.year >= self.years:
            self.running = False
            return
        for m in self.models:
            m.run_years(1)
        v = self.models[0].v
        state = np.where(v.weak_true, STATE_WEAK, np.where(v.five_good, STATE_FIVE_GOOD, STATE_OK))
        self.village_years.append({
            "state": state.astype(np.int8), "flagged": v.flagged.copy(), "hidden": v.hidden.copy(),
            "stars": v.stars.copy(), "dims": v.dims.copy(), "secretary": v.sec_present.copy(),
        })
        self.year += 1
        self.datacollector.collect(self)
        self.running = self.year < self.years

    # ---- what the components read ---------------------------------------------------
    def series(self, column: str, year: int | None = None) -> np.ndarray:
        """`column` of the levers' arm, shape (replicates, `year`), by default the years simulated.
        Only the first `year` records: while ▶ steps the replicates in another thread, some may be
        a year ahead."""
        year = self.year if year is None else year
        return np.array([[r[column] for r in m.records[:year]] for m in self.models], dtype=float).reshape(
            len(self.models), year)

    def base_series(self, column: str) -> np.ndarray:
        """`column` of the baseline arm, shape (replicates, horizon)."""
        return self.base.pivot(index="replicate", columns="year", values=column).to_numpy(dtype=float)

    def median(self, column: str) -> float:
        """Median over replicates of `column` in the last year simulated (Mesa's plot lines)."""
        return float(np.median(self.series(column)[:, -1]))

    def base_median(self, column: str) -> float:
        """The baseline's median of `column` in the same year."""
        return float(np.median(self.base_series(column)[:, self.year - 1]))


# ---- figures (matplotlib with the package's CJK font) ------------------------------------

COLOURS = {"levers": "#1f5fa8", "base": "#7f7f7f", STATE_WEAK: "#d62728", STATE_OK: "#e8d9a8",
           STATE_FIVE_GOOD: "#2ca02c"}
_FIG_RC = ("font.family", "font.sans-serif", "axes.unicode_minus", "axes.spines.top", "axes.spines.right",
           "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize", "legend.fontsize",
           "legend.frameon")


def use_cjk_font() -> None:
    """Point matplotlib's default font at the shipped CJK font (for Mesa's own plot components,
    which draw outside our figures' settings). Only the font keys change."""
    family = fonts.register()
    matplotlib.rcParams["font.family"] = "sans-serif"
    if matplotlib.rcParams["font.sans-serif"][:1] != [family]:
        matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False


def _png(draw: Callable[[Figure], None], size: tuple[float, float], lang: str) -> bytes:
    rc = {k: v for k, v in fonts.rc_params(lang).items() if k in _FIG_RC}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=size, dpi=100, layout="constrained")
        draw(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def weak_share_png(model: LeverEnsemble, lang: str) -> bytes:
    """Three panels (true, reported, flagged): the levers' median and range of replicates,
    against the baseline's, over the horizon."""
    keys = ("weak_share_true", "weak_share_reported", "flagged_share")
    year = model.year  # once: ▶ may add a year while this draws

    def draw(fig: Figure) -> None:
        grid = fig.subplots(2, 2, sharex=True, sharey=True)
        axes, legend_ax = [grid[0, 0], grid[0, 1], grid[1, 0]], grid[1, 1]
        years_all = np.arange(1, model.years + 1)
        top = 0.05
        for ax, key in zip(axes, keys, strict=True):
            b = model.base_series(key)
            ax.fill_between(years_all, b.min(axis=0), b.max(axis=0), color=COLOURS["base"], alpha=0.18, lw=0)
            ax.plot(years_all, np.median(b, axis=0), color=COLOURS["base"], ls="--", lw=1.4,
                    label=text("base_arm", lang))
            top = max(top, float(b.max()))
            if year:
                s = model.series(key, year)
                yrs = years_all[:year]
                ax.fill_between(yrs, s.min(axis=0), s.max(axis=0), color=COLOURS["levers"], alpha=0.25, lw=0,
                                label=text("range", lang, n=model.replicates))
                ax.plot(yrs, np.median(s, axis=0), color=COLOURS["levers"], lw=2, label=text("levers_arm", lang))
                top = max(top, float(s.max()))
            ax.set_title(short(key, lang), fontsize=9)
            ax.set_xlim(0.5, model.years + 0.5)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            ax.grid(axis="y", lw=0.4, alpha=0.5)
        axes[0].set_ylim(0, top * 1.1)
        axes[2].set_xlabel(label("year", lang))
        legend_ax.axis("off")
        handles, names = axes[0].get_legend_handles_labels()
        legend_ax.legend(handles, names, loc="center", fontsize=8)
        fig.suptitle(text("weak_title", lang, year=year, years=model.years), fontsize=10)

    return _png(draw, (5.8, 3.7), lang)


def stars_png(model: LeverEnsemble, lang: str) -> bytes:
    """Share of villages with 0–5 stars at the current year: levers against baseline (medians,
    whiskers the range of replicates)."""
    year = model.year

    def draw(fig: Figure) -> None:
        ax = fig.subplots()
        k = np.arange(6)
        cols = [f"stars_{i}" for i in k]
        s = np.stack([model.series(c, year)[:, -1] for c in cols], axis=1)
        b = np.stack([model.base_series(c)[:, year - 1] for c in cols], axis=1)
        for off, arr, colour, name in ((-0.2, s, COLOURS["levers"], text("levers_arm", lang)),
                                       (0.2, b, COLOURS["base"], text("base_arm", lang))):
            med = np.median(arr, axis=0)
            ax.bar(k + off, med, width=0.4, color=colour, label=name)
            ax.errorbar(k + off, med, yerr=[med - arr.min(axis=0), arr.max(axis=0) - med], fmt="none",
                        ecolor="black", elinewidth=0.8, capsize=2)
        ax.set_xticks(k, [str(i) for i in k])
        ax.set_xlabel(text("stars_axis", lang))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylabel(label("share_of_villages", lang))
        top = max(float(s.max()), float(b.max()))
        ax.set_ylim(0, top * 1.25)  # headroom for the legend above the whiskers
        ax.legend(loc="upper center", ncols=2)
        ax.set_title(text("stars_title", lang, year=year))

    return _png(draw, (5.8, 3.6), lang)


def history_png(model: LeverEnsemble, village: int, lang: str, year: int | None = None) -> bytes:
    """One village (replicate 0) year by year: its five dimensions against the weak and
    five-good lines, and below, its stars coloured by state, flagged years framed."""
    ys = model.village_years[: model.year if year is None else year]

    def draw(fig: Figure) -> None:
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2.2, 1])
        yrs = np.arange(1, len(ys) + 1)
        dims = np.array([y["dims"][village] for y in ys])
        for d, name in enumerate(DIMS):
            top.plot(yrs, dims[:, d], lw=1.4, marker="o", ms=2.5, label=text(f"dim.{name}", lang))
        top.axhline(model.sc["weak.threshold"], color=COLOURS[STATE_WEAK], lw=0.8, ls=":",
                    label=text("weak_line", lang))
        top.axhline(model.sc["five_good.threshold"], color=COLOURS[STATE_FIVE_GOOD], lw=0.8, ls=":",
                    label=text("five_good_line", lang))
        top.set_ylim(0, 1)
        top.set_ylabel(text("dims_axis", lang))
        top.legend(loc="lower left", ncols=4, fontsize=6.5)
        state = np.array([y["state"][village] for y in ys])
        flagged = np.array([y["flagged"][village] for y in ys])
        stars = np.array([y["stars"][village] for y in ys])
        bottom.bar(yrs, stars, width=0.6, color="#4d6f94")
        # the state strip under the bars: colour by state, a dark frame in flagged years
        bottom.bar(yrs, 0.9, bottom=-1.05, width=0.9, color=[COLOURS[int(s)] for s in state],
                   edgecolor=["#222" if f else "none" for f in flagged], linewidth=1.2)
        bottom.set_ylim(-1.2, 5.5)
        bottom.set_yticks(range(6))
        bottom.set_ylabel(text("stars_axis", lang))
        bottom.set_xlabel(label("year", lang))
        bottom.set_xlim(0.5, model.years + 0.5)
        bottom.xaxis.set_major_locator(MaxNLocator(integer=True))
        tw = int(model.township[village]) + 1
        top.set_title(text("history_title", lang, i=village + 1, township=tw))

    return _png(draw, (5.8, 3.3), lang)


# ---- components --------------------------------------------------------------------------


@dataclass(frozen=True)
class Ui:
    """What the panels need besides the model: the language and the selected village. Given
    through a context, so the panels are fixed components that SolaraViz updates in place
    (rather than new closures it would rebuild from scratch at every change)."""

    lang: str
    selected: solara.Reactive[int | None]


UiContext = solara.create_context(Ui("zh", solara.reactive(None)))
_SCROLL = {"height": "100%", "overflow-y": "auto", "overflow-x": "hidden"}  # a panel taller than its grid cell scrolls


@solara.component
def WeakShareView(model: LeverEnsemble) -> None:
    update_counter.get()  # Mesa's Step/▶ change the model in place: redraw then
    lang = solara.use_context(UiContext).lang
    solara.Image(weak_share_png(model, lang), classes=["cadresim-weak-chart"], width="100%")


@solara.component
def StarsView(model: LeverEnsemble) -> None:
    update_counter.get()  # Mesa's Step/▶ change the model in place: redraw then
    lang = solara.use_context(UiContext).lang
    if not model.year:
        solara.Info(text("not_yet", lang))
    elif not model.sc["stars.enabled"]:
        solara.Info(text("stars_off", lang))
    else:
        solara.Image(stars_png(model, lang), width="100%")


@solara.component
def VillageMap(model: LeverEnsemble) -> None:
    """Every village of replicate 0 as a square, grouped by township, coloured by state;
    a dark frame marks a flagged village; clicking selects it for the history view."""
    update_counter.get()  # Mesa's Step/▶ change the model in place: redraw then
    with solara.Column(style=_SCROLL):
        ui = solara.use_context(UiContext)
        VillageMapBody(model, ui.lang, ui.selected, model.year)  # the year: Step redraws the body


@solara.component
def VillageMapBody(model: LeverEnsemble, lang: str, selected: solara.Reactive[int | None], year: int) -> None:
    if not year:
        solara.Info(text("not_yet", lang))
        return
    now = model.village_years[year - 1]
    chosen = selected.value
    solara.Text(text("villages_title", lang, year=year), style={"font-weight": "bold", "font-size": "13px"})
    with solara.Row(style={"flex-wrap": "wrap", "gap": "10px", "font-size": "12px"}):
        for s in (STATE_WEAK, STATE_OK, STATE_FIVE_GOOD):
            key = {STATE_WEAK: "state.weak", STATE_OK: "state.ok", STATE_FIVE_GOOD: "state.five_good"}[s]
            solara.HTML(tag="span", unsafe_innerHTML=(
                f'<span style="display:inline-block;width:11px;height:11px;background:{COLOURS[s]};'
                f'margin-right:4px"></span>{text(key, lang)}'))
        solara.HTML(tag="span", unsafe_innerHTML=(
            '<span style="display:inline-block;width:9px;height:9px;border:2px solid #222;margin-right:4px">'
            f'</span>{text("flagged_frame", lang)}'))
    for j in range(int(model.township.max()) + 1):
        idx = np.flatnonzero(model.township == j)
        with solara.Row(gap="6px", style={"margin-top": "4px", "align-items": "flex-start"}):
            solara.Text(text("township", lang, j=j + 1, n=len(idx), w=int((now["state"][idx] == STATE_WEAK).sum())),
                        style={"font-size": "12px", "width": "140px", "flex": "none"})
            with solara.Row(gap="3px", style={"flex-wrap": "wrap", "flex": "1"}):
                for i in idx:
                    _village_cell(int(i), now, lang, selected, chosen == i)


def _village_cell(i: int, now: dict[str, np.ndarray], lang: str, selected: solara.Reactive[int | None],
                  chosen: bool) -> None:
    """One village's square (a plain function: the map re-renders once, not once per village)."""
    state = int(now["state"][i])
    tip = [text("village", lang, i=i + 1),
           text({STATE_WEAK: "state.weak", STATE_OK: "state.ok", STATE_FIVE_GOOD: "state.five_good"}[state], lang),
           text("stars_n", lang, k=int(now["stars"][i]))]
    if now["flagged"][i]:
        tip.append(text("flagged", lang))
    if now["hidden"][i]:
        tip.append(text("hidden", lang))
    border = "2px solid #222" if now["flagged"][i] else "2px solid transparent"
    if chosen:
        border = "2px solid #1f5fa8"
    solara.Button(
        label="", on_click=lambda: selected.set(i), text=False, attributes={"title": " · ".join(tip)},
        classes=["cadresim-village"],
        style={"min-width": "15px", "width": "15px", "height": "15px", "padding": "0", "box-shadow": "none",
               "background-color": COLOURS[state], "border": border, "border-radius": "2px"},
    )


@solara.component
def VillageHistory(model: LeverEnsemble) -> None:
    update_counter.get()  # Mesa's Step/▶ change the model in place: redraw then
    ui = solara.use_context(UiContext)
    with solara.Column(style=_SCROLL):
        VillageHistoryBody(model, ui.lang, ui.selected, model.year)


@solara.component
def VillageHistoryBody(model: LeverEnsemble, lang: str, selected: solara.Reactive[int | None], year: int) -> None:
    i = selected.value
    if i is None or i >= len(model.township):
        solara.Info(text("pick_village", lang))
        return
    if not year:
        solara.Info(text("not_yet", lang))
        return
    now = model.village_years[year - 1]
    facts = [text("village", lang, i=i + 1),
             text({STATE_WEAK: "state.weak", STATE_OK: "state.ok",
                   STATE_FIVE_GOOD: "state.five_good"}[int(now["state"][i])], lang),
             text("stars_n", lang, k=int(now["stars"][i])),
             text("secretary_present" if now["secretary"][i] else "secretary_vacant", lang)]
    if now["flagged"][i]:
        facts.append(text("flagged", lang))
    if now["hidden"][i]:
        facts.append(text("hidden", lang))
    solara.Text(" · ".join(facts), style={"font-size": "13px"})
    solara.Image(history_png(model, i, lang, year), width="100%")


def _relabel(keys: tuple[str, ...], lang: str, title: str, money: bool = False) -> Callable[[Any], None]:
    """post_process for Mesa's plot component: our labels, baseline dashed, x ticks as years
    (the component's own x label is hidden: it is not translatable)."""

    def post(ax: Any) -> None:
        lines = ax.get_lines()
        names = []
        for line, key in zip(lines, keys, strict=False):
            base = key.endswith("_base")
            if base:
                line.set_linestyle("--")
            arm = text("base_arm" if base else "levers_arm", lang)
            names.append(arm if money else f"{text(key.removesuffix('_base'), lang)} ({arm})")
        ax.figure.set_size_inches(5.8, 3.6)
        ax.legend(lines, names, loc="best", fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("")
        ax.xaxis.label.set_visible(False)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{int(x) + 1}"))  # row 0 is year 1
        if money:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y / 1e4:,.0f}"))
        else:
            ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))

    return post


def components(lang: str) -> list[Any]:
    """The panels SolaraViz lays out: ours, and Mesa's plot components for the other lines."""
    shares = ("five_good_share", "five_good_share_base", "secretary_vacancy_share", "secretary_vacancy_share_base")
    cost = ("cost_total_yuan", "cost_total_yuan_base")
    return [
        (WeakShareView, 0),
        (StarsView, 0),
        (VillageMap, 0),
        (VillageHistory, 0),
        make_plot_component(dict(zip(shares, ("#2ca02c", "#2ca02c", "#ff7f0e", "#ff7f0e"), strict=True)),
                            post_process=_relabel(shares, lang, text("shares_title", lang))),
        make_plot_component(dict(zip(cost, ("#1f5fa8", "#7f7f7f"), strict=True)),
                            post_process=_relabel(cost, lang, text("cost_title", lang), money=True)),
    ]


@solara.component
def LeverPanel(model: solara.Reactive[LeverEnsemble], levers: solara.Reactive[dict[str, Any]], lang: str) -> None:
    """The levers: each change rebuilds the run with the same replicates and horizon and brings
    it to the year on screen; a value the scenario rejects is shown and not applied."""
    error = solara.use_reactive(None)

    def apply(key: str, value: Any) -> None:
        new = {**levers.value, key: value}
        cur = model.value
        try:
            m = LeverEnsemble(new, replicates=cur.replicates, years=cur.years, seed=cur.seed, to_year=cur.year)
        except ScenarioError as e:  # name the lever, not the baseline file the levers are laid over
            error.set(f"{e.key}: {e.problem}" if e.key else e.problem)
            return
        error.set(None)
        levers.set(new)
        model.set(m)

    with solara.Card(text("levers", lang)):
        solara.Text(text("levers_note", lang), style={"font-size": "12px", "color": "#555"})
        for lv in LEVERS:
            LeverInput(lv, levers.value[lv.key], lang, apply)
        if error.value:
            solara.Error(text("error", lang, e=error.value))


@solara.component
def LeverInput(lv: Lever, value: Any, lang: str, apply: Callable[[str, Any], None]) -> None:
    name = text(lv.key, lang)

    def on(v: Any) -> None:
        apply(lv.key, v)

    if lv.widget == "select":
        choices = list(PARAMS[lv.key].choices or ())
        names = {text(f"{lv.key}.{c}", lang): c for c in choices}
        solara.Select(label=name, value=text(f"{lv.key}.{value}", lang), values=list(names),
                      on_value=lambda shown: on(names[shown]))
    elif lv.widget == "bool":
        solara.Checkbox(label=name, value=bool(value), on_value=on)
    else:
        shown = f"{value:.0%}" if lv.percent else f"{value:g}"
        solara.Text(f"{name}: {shown}", style={"font-size": "13px", "margin-top": "6px"})
        slider = solara.SliderInt if lv.widget == "int" else solara.SliderFloat
        cast = int if lv.widget == "int" else float
        slider("", value=cast(value), min=cast(lv.lo), max=cast(lv.hi), step=cast(lv.step), on_value=on,
               thumb_label=False, tick_labels=False)


def default_levers() -> dict[str, Any]:
    """The levers at the baseline scenario's values."""
    base = load_scenario(None)
    return {k: base[k] for k in LEVER_KEYS}


@solara.component
def LanguageToggle(lang: solara.Reactive[str]) -> None:
    """中文 / English."""
    with solara.ToggleButtonsSingle(value=lang.value, on_value=lang.set, dense=True):
        solara.Button("中文", value="zh", text=True)
        solara.Button("English", value="en", text=True)


@solara.component
def App(initial_lang: str = "zh", replicates: int = DEFAULT_REPLICATES, years: int = DEFAULT_YEARS) -> None:
    """The whole app: SolaraViz with our levers in the sidebar and a language toggle in the bar;
    it opens on the whole horizon run."""
    use_cjk_font()
    lang = solara.use_reactive(initial_lang)
    levers = solara.use_reactive(solara.use_memo(default_levers, []))
    selected = solara.use_reactive(None)
    first = solara.use_memo(lambda: LeverEnsemble(levers.value, replicates, years, to_year=years), [])
    model = solara.use_reactive(first)
    l_ = lang.value
    with solara.AppBar():
        LanguageToggle(lang)
    with solara.Sidebar():
        LeverPanel(model, levers, l_)
    UiContext.provide(solara.use_memo(lambda: Ui(l_, selected), [l_]))
    SolaraViz(
        model,
        components=components(l_),
        model_params={
            "levers": levers,  # fixed: Reset keeps the levers the panel set
            "replicates": Slider(text("replicates", l_), replicates, 1, 10, 1),
            "years": Slider(text("years", l_), years, 3, 30, 1),
        },
        name=text("title", l_),
        play_interval=400,
    )


@solara.component
def Page() -> None:
    """What `solara run cadresim.app` serves."""
    App()
