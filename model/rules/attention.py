"""How townships spend their leaders' limited time on their villages in the coming year.

A township's help is bounded: its leaders' village time is a stock, and incentives change how
hard they work within it or where it goes — never create help from nothing.

    capacity_j = attention.budget · residence days / month_days                       (B8)
                 · (knowledge_floor + (1 − knowledge_floor) · leaders' mean knowledge)  (C3)
                 · (ability_offset + leaders' mean ability) / (ability_offset + ability_ref)
    push_j     = 1 − Π_k (1 − s_k)   over the incentives acting on the township:
                 B1 criticism/warning (pressure_attention), B2 threat of adjustment
                 (adjust_threat), B4 tournament (competition_effort), B6 commendation
                 (morale_effort), D8 salary-grade prospect (township_pay.effort)
    effort_j   = (effort_base + (effort_max − effort_base) · push_j) · (1 − falsify_cost · falsify_j)
    budget_j   = capacity_j · effort_j   help units per village per month          (E1: covering up
                                                                                     costs real time)

The township's total, budget_j × its villages, is split (A5) by weights over its villages as
it sees them (`perceive`), bent toward villages near the weak line under penalty (B1) and
toward a local leader's favourites (C2); before that, the leaders' contact villages (B7) take
their share of the total out of the same stock. Each village's help is split over the five
dimensions (mean 1): toward the dimensions nearest the standard in a middle village (A5), and
toward visible dimensions by a leader near the end of his time in place (C3). Fixed help from
outside the township's stock: rectification of flagged villages (A4), serving graduates
(C9), collective-economy funds (D9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .. import compute, fpmath
from ..state import DEV, IMAGE, LEAD, MECH, MONTHS, NDIMS, TEAM
from . import _plan, _yearly
from ._plan import DistributeCoef, add_column_help, add_graduate_help, contact_year, distribute_year
from ._yearly import GuidanceCoef, guidance_classified, perceive_views, short_term_split
from .assessment import weak_margin
from .groups import TINY, percentile_in_group, rank_in_group
from .pay import add_effort
from .rotation import years_left

if TYPE_CHECKING:
    from ..sim import CadreModel

HIDDEN_DIMS = (LEAD, TEAM, MECH)  # capacity-building work that shows slowly (C3)
VISIBLE_DIMS = (DEV, IMAGE)  # what shows within a leader's time in place (C3)


def start_plan(model: CadreModel) -> None:
    """Clear last year's plan: no push, equal weights, an even split over the dimensions."""
    v, t = model.v, model.t
    t.push = np.zeros(model.m)
    v.weights = np.ones(model.n)
    v.dim_split = np.ones((model.n, NDIMS))
    v.contact_help = np.zeros(model.n)
    t.pool_share = np.ones(model.m)
    v.help_fixed = np.zeros((model.n, NDIMS))


def capacity(model: CadreModel) -> None:
    """B8 (and C3): a township's help per village per month at full effort: attention.budget ×
    residence days / month_days (`residence.days`, or `days_off` with the rule off) × the
    leaders' knowledge factor × their ability factor (formula in the module docstring)."""
    t, sc = model.t, model.sc
    days = sc["residence.days"] if sc["residence.enabled"] else sc["residence.days_off"]
    kf = sc["attention.knowledge_floor"]
    know = kf + (1 - kf) * t.leader_knowledge.mean(axis=1)
    off = sc["attention.ability_offset"]
    skill = (off + t.leader_ability.mean(axis=1)) / (off + sc["attention.ability_ref"])
    t.capacity = sc["attention.budget"] * days / sc["residence.month_days"] * know * skill


def _push(model: CadreModel, share: float, mask: np.ndarray | bool) -> None:
    """Close `share` of the remaining gap to the effort ceiling where `mask` holds."""
    model.t.push = 1 - (1 - model.t.push) * (1 - share * np.asarray(mask, dtype=float))


def push_pressure(model: CadreModel) -> None:
    """B1: a township under criticism or warning closes `penalties.pressure_attention` of its
    effort gap."""
    if model.sc["penalties.enabled"]:
        _push(model, model.sc["penalties.pressure_attention"], model.t.penalty_level > 0)


def push_threat(model: CadreModel) -> None:
    """B2: a penalised township facing adjustment next closes `penalties.adjust_threat` more."""
    sc = model.sc
    if sc["penalties.enabled"] and sc["penalties.adjust"]:
        _push(model, sc["penalties.adjust_threat"], model.t.penalty_level > 0)


def push_tournament(model: CadreModel) -> None:
    """B4: every township in a ranked county competes: `ranking.competition_effort`."""
    if model.sc["ranking.enabled"]:
        t = model.t
        _push(model, model.sc["ranking.competition_effort"], np.bincount(t.county)[t.county] > 1)


def push_commendation(model: CadreModel) -> None:
    """B6: a commended township closes `rating.morale_effort` until the next rating."""
    if model.sc["rating.enabled"]:
        _push(model, model.sc["rating.morale_effort"], model.t.commended_years > 0)


def push_step(model: CadreModel) -> None:
    """D8: the salary-grade prospect closes `township_pay.effort`, not where B3 blocks the
    'excellent' grade the step needs."""
    if model.sc["township_pay.enabled"]:
        _push(model, model.sc["township_pay.effort"], ~model.t.excellent_blocked)


def effort(model: CadreModel) -> None:
    """Township leaders' effort within its bounds (B1, B2, B4, B6, D8 push it toward
    `township.effort_max`), less what covering up takes (E1), and the budget it buys."""
    t, sc = model.t, model.sc
    base, top = sc["township.effort_base"], sc["township.effort_max"]
    t.effort = (base + (top - base) * t.push) * (1 - sc["reporting.falsify_cost"] * t.falsify)
    t.budget = t.capacity * t.effort


def perceive(model: CadreModel) -> None:
    """A5/C3: the township's view of each village — its mean dimension and its A4 margin
    (`weak_margin`) — each + the same error of sd `attention.perception_sd` × (1 − the
    leaders' mean knowledge). Draws a normal a village (stream A5)."""
    v, t, sc = model.v, model.t, model.sc
    z = model.draws("A5").normals()
    sd_t = sc["attention.perception_sd"] * (1 - t.leader_knowledge.mean(axis=1))  # a township's error sd
    # per village: error = sd_t[township] · z; score = mean dims + error; margin = weak_margin
    # (min(leadership, the weak.min_dims-th lowest dimension)) + error, in one compiled pass
    score, margin = np.empty(model.n), np.empty(model.n)
    args = (np.ascontiguousarray(v.dims, dtype=np.float64), v.township, sd_t, z, int(sc["weak.min_dims"]) - 1, LEAD,
            (score, margin))
    if compute.threads_for(model.n) > 1:  # the same bits on any number of threads
        _yearly.perceive_views_parallel(*args, compute.piece(model.n))
    else:
        perceive_views(*args)
    v.perceived_score, v.perceived_margin = score, margin


def threshold_weights(model: CadreModel) -> np.ndarray:
    """B1: `attention.near_weight` for villages seen near the weak line (A4 margin from
    near_line_below under it to near_line_band above), `attention.far_weight` elsewhere."""
    sc, s = model.sc, model.v.perceived_margin
    line = sc["weak.threshold"]
    near = (s >= line - sc["attention.near_line_below"]) & (s < line + sc["attention.near_line_band"])
    return np.where(near, sc["attention.near_weight"], sc["attention.far_weight"])


def guidance(model: CadreModel) -> None:
    """A5: the township's allocation policy. 'classified' (抓两头、促中间): its backward third
    of villages (as it sees them) weight_backward, the middle third weight_middle with help
    aimed at the dimensions nearest the five-good standard (to upgrade), the advanced third
    weight_advanced and a higher standard (their secretaries +`guidance.advanced_effort`);
    'uniform'; 'worst_first' ((1 − percentile)^worst_power + worst_floor); 'threshold'."""
    v, sc = model.v, model.sc
    policy = sc["attention.policy"]
    if policy == "uniform":
        return
    if policy == "threshold":
        v.weights = threshold_weights(model)
        return
    if policy == "worst_first":
        pct = percentile_in_group(v.perceived_score, v.township)
        v.weights = fpmath.power(1 - pct, sc["attention.worst_power"]) + sc["attention.worst_floor"]
        return
    # classified: pct = position / (size − 1) in the township; backward pct < 1/3, advanced
    # pct ≥ 2/3, middle between; a middle village's dim_split = 5 · gap / Σ gap with gap =
    # max(five_good.threshold + gap_margin − dims, min_weight); the advanced's secretaries
    # + advanced_effort — element by element in one compiled pass (`_yearly.guidance_classified`)
    pos, size = rank_in_group(v.perceived_score, v.township)
    coef = GuidanceCoef(weight_backward=sc["guidance.weight_backward"], weight_middle=sc["guidance.weight_middle"],
                        weight_advanced=sc["guidance.weight_advanced"],
                        aim=sc["five_good.threshold"] + sc["five_good.gap_margin"],
                        min_weight=sc["five_good.min_weight"], advanced_effort=sc["guidance.advanced_effort"])
    weights, dim_split = np.empty(model.n), np.array(v.dim_split, dtype=np.float64)  # the others' split is kept
    extra = np.empty(model.n)
    args = (pos, size, (np.ascontiguousarray(v.dims), v.sec_present, weights, dim_split), coef, extra)
    if compute.threads_for(model.n) > 1:  # the same bits on any number of threads
        _yearly.guidance_classified_parallel(*args, compute.piece(model.n))
    else:
        guidance_classified(*args)
    v.weights, v.dim_split = weights, dim_split
    add_effort(model, extra)


def pull_near_line(model: CadreModel) -> None:
    """B1: a township under criticism or warning puts `penalties.pull_share` of its allocation
    weight on the villages near the weak line (the 'threshold' weights)."""
    v, t, sc = model.v, model.t, model.sc
    if sc["penalties.enabled"] and sc["attention.policy"] != "threshold":
        pressed = (t.penalty_level > 0)[v.township]
        mix = sc["penalties.pull_share"]
        v.weights = np.where(pressed, (1 - mix) * v.weights + mix * threshold_weights(model), v.weights)


def favour(model: CadreModel) -> None:
    """C2: where a leader serves in his home township (avoidance off), `avoidance.home_favour`
    of the allocation weight goes to his favoured villages (× `avoidance.favour_weight`)."""
    v, t, sc = model.v, model.t, model.sc
    local = t.leader_local.any(axis=1)[v.township]
    fav = sc["avoidance.home_favour"]
    v.weights = np.where(local, (1 - fav) * v.weights + fav * v.favoured * sc["avoidance.favour_weight"], v.weights)


def contact(model: CadreModel) -> None:
    """B7: out of the township's own stock, the secretary spends `contact.months` a year of his
    time (`contact.secretary_share` of the leaders') in the village it sees as most backward;
    each of the two other leaders `contact.other_share` of his in the next most backward."""
    v, t, sc = model.v, model.t, model.sc
    if not sc["contact.enabled"]:
        return
    total = t.budget * t.n_villages
    sec = sc["contact.secretary_share"] * sc["contact.months"] / MONTHS
    other = (1 - sc["contact.secretary_share"]) / 2 * sc["contact.other_share"]
    # the village at position 0 by perceived score in its township gets sec · total, those at
    # 1 and 2 other · total, the rest 0; pool_share = 1 − their sum / total — in one compiled
    # pass that finds each township's three lowest (`_plan.contact_year`)
    contact_help, pool_share = np.empty(model.n), np.empty(model.m)
    contact_year(np.asarray(v.perceived_score, dtype=np.float64), v.township, np.asarray(total, dtype=np.float64),
                 (float(sec), float(other)), (contact_help, pool_share))
    v.contact_help, t.pool_share = contact_help, pool_share


def short_term(model: CadreModel) -> None:
    """C3: a township secretary expecting to leave soon favours visible work: a share
    s = short_term_share · exp(−years left / horizon_years) of the help to the capacity
    dimensions (leadership, team, mechanism) moves to development and image (under every
    rotation policy; years left is the expected 1 / hazard under 'hazard')."""
    v, sc = model.v, model.sc
    horizon = sc["rotation.horizon_years"]
    if not sc["rotation.turnover_costs"] or horizon <= 0:
        return
    s_t = sc["rotation.short_term_share"] * fpmath.exp(-years_left(model) / horizon)  # s per township
    # per village: hidden dims × (1 − s), visible × (1 + s · 3 / 2), then rescaled to mean 1
    # (× 5 / the row's sum), in one compiled pass
    kind = model.consts("C3 dim kind", lambda _sc: np.array(
        [1 if k in HIDDEN_DIMS else 2 if k in VISIBLE_DIMS else 0 for k in range(NDIMS)], dtype=np.int64))
    out = np.empty((model.n, NDIMS))
    args = (np.ascontiguousarray(v.dim_split, dtype=np.float64), v.township, s_t, kind,
            (len(HIDDEN_DIMS), len(VISIBLE_DIMS)), out)
    if compute.threads_for(model.n) > 1:  # the same bits on any number of threads
        _yearly.short_term_split_parallel(*args, compute.piece(model.n))
    else:
        short_term_split(*args)
    v.dim_split = out


def distribute(model: CadreModel) -> None:
    """A5: each village's monthly help: its township's pool (after contact time) × its weight /
    the township's total weight, plus its contact help, split over the dimensions. Records
    B1's and A5/B7's observables (`near_line_ratio`, `relative_help` of the truly weak)."""
    v, t, sc = model.v, model.t, model.sc
    # per village: help = budget · n_villages · pool_share (of its township) · weight / Σ
    # weights + contact help; attention = help · dim_split; the observables' means of help /
    # township mean, per block — in one compiled pass (`_plan.distribute_year`)
    line = sc["weak.threshold"]
    coef = DistributeCoef(near_lo=line - sc["attention.near_line_below"], near_hi=line + sc["attention.near_line_band"],
                          kth=int(sc["weak.min_dims"]) - 1, lead=LEAD)
    attention = np.empty((model.n, NDIMS))
    near, weak = np.empty(model.blocks), np.empty(model.blocks)
    args = ((np.asarray(v.weights, dtype=np.float64), np.asarray(v.contact_help, dtype=np.float64),
             np.ascontiguousarray(v.dim_split, dtype=np.float64), np.ascontiguousarray(v.dims, dtype=np.float64),
             v.weak_true, v.township),
            (np.asarray(t.budget, dtype=np.float64), t.n_villages, np.asarray(t.pool_share, dtype=np.float64)),
            coef, model.nb, (attention, near, weak))
    if compute.threads_for(model.n) > 1:  # the same bits on any number of threads
        _plan.distribute_year_parallel(*args, compute.piece(model.n))
    else:
        distribute_year(*args)
    v.attention = attention
    model.county.near_line_ratio, model.county.weak_planned_ratio = near, weak


def near_line_ratio(model: CadreModel, per_village: np.ndarray) -> np.ndarray:
    """B1's observable, per replicate: the help villages truly near the weak line (A4 margin
    within the band) get, relative to their township's average village, when the help is
    planned (NaN where no village is near)."""
    sc = model.sc
    line = sc["weak.threshold"]
    margin = weak_margin(sc, model.v.dims)
    near = (margin >= line - sc["attention.near_line_below"]) & (margin < line + sc["attention.near_line_band"])
    return relative_help(model, per_village, near)


def relative_help(model: CadreModel, per_village: np.ndarray, which: np.ndarray) -> np.ndarray:
    """A5's and B7's observable (and B1's, for the villages near the line), per replicate: the
    mean, over the villages in `which` (for A5/B7 those truly weak when the help is planned), of
    each one's planned help relative to its township's average village. NaN for a replicate
    with no village in `which`."""
    v, t = model.v, model.t
    mean = np.bincount(v.township, weights=per_village, minlength=model.m) / t.n_villages
    rel = per_village / np.maximum(mean[v.township], TINY)
    n = model.per_block(which)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, model.per_block(rel, which) / n, np.nan)


def rectification(model: CadreModel) -> None:
    """A4: a flagged or tracked village gets `weak.rectify_help` for its capacity dimensions
    from the county's rectification work."""
    v, sc = model.v, model.sc
    if sc["weak.enabled"]:
        # help_fixed[:, capacity dims] += rectify_help · (tracked_years > 0), in one compiled pass
        on = model.consts("A4 hidden dims", lambda _sc: np.isin(np.arange(NDIMS), HIDDEN_DIMS))
        add_column_help(v.help_fixed, float(sc["weak.rectify_help"]), on, v.tracked_years)


def graduates_serving(model: CadreModel) -> None:
    """C9: help from the graduates serving in the village: `graduates.help` × the graduates
    serving (the contract years' cohorts) to team and mechanism, added to ``help_fixed`` in one
    compiled pass (`_plan.add_graduate_help`)."""
    v = model.v
    on = model.consts("C9 help dims", lambda _sc: np.isin(np.arange(NDIMS), (TEAM, MECH)))
    add_graduate_help(v.help_fixed, np.asarray(v.grad_cohorts, dtype=np.int64), float(model.sc["graduates.help"]), on)


def funds(model: CadreModel) -> None:
    """D9: a shell village (income below `county.shell_income_yuan`) that is flagged, tracked or
    known weak gets `funds.per_village_yuan` (booked) and `funds.help` for development."""
    v, sc = model.v, model.sc
    v.funded = np.zeros(model.n, dtype=bool)
    if sc["funds.enabled"]:
        v.funded = (v.income < sc["county.shell_income_yuan"]) & (v.flagged | (v.tracked_years > 0) | v.reported_weak)
        v.help_fixed[v.funded, DEV] += sc["funds.help"]
        model.ledger.cost("funds", model.per_block(v.funded) * model.yuan("funds.per_village_yuan"))
