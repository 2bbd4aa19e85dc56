"""A per-agent reference: the model's monthly village update written the plain Mesa way.

One `mesa.Agent` per village holds its own state as Python attributes, and `step()` does the
same monthly arithmetic as the vectorised rules, one village at a time:

- cadres   (`model/rules/cadres.py::month_ageing, month_lame_duck`): ageing, tenure, knowledge, effort (C4);
- leave    (`cadres.py::month_leave`): quitting (D10) and retirement of secretary and director;
- departures (`cadres.py::month_depart`): leaving for reasons outside the pay rules (F2);
- fill     (`model/rules/reserves.py::month_fill`): a vacancy filled from the reserve pool
           (best judged candidate, C5/C6) or from outside (B3, E2), appointee drawn as in
           `model/rules/posts.py::appoint_secretary`;
- stationed (`stationed.py::month_stationed`) and dims (`dynamics.py::month_dims`): the five
           dimensions move toward their target, with noise, conflict and scandal shocks.

The run is `model.agents.shuffle_do("step")` once a month. Random numbers come from the
model's stdlib `random` (so values differ from the vectorised model's streams; the work per
village-month is the same). The state is copied from a `CadreModel` of the same scenario, so
both start from the same world. Used by `benchmarks/bench_scale.py` to measure the speed-up
of the array implementation; not part of the model.
"""

from __future__ import annotations

import random
from statistics import NormalDist
from typing import Any

import mesa
from cadresim.rules import dynamics

_ND = NormalDist()
LEAD, TEAM, MECH, DEV, IMAGE = range(5)


class PlainVillage(mesa.Agent):
    """One village with its secretary, director, reserve pool and five dimensions."""

    def __init__(self, model: PlainCounty, i: int, src: Any) -> None:
        super().__init__(model)
        v = src.v
        f = float
        self.dims = [f(x) for x in v.dims[i]]
        self.difficulty = f(v.difficulty[i])
        self.one_shoulder = bool(v.one_shoulder[i])
        self.cross_serving = bool(v.cross_serving[i])
        self.direct_election = bool(v.direct_election[i])
        self.sec_present = bool(v.sec_present[i])
        self.sec_ability = f(v.sec_ability[i])
        self.sec_age = f(v.sec_age[i])
        self.sec_tenure = int(v.sec_tenure[i])
        self.sec_service = int(v.sec_service[i])
        self.sec_knowledge = f(v.sec_knowledge[i])
        self.sec_integrity = f(v.sec_integrity[i])
        self.sec_shuangdai = bool(v.sec_shuangdai[i])
        self.sec_effort = f(v.sec_effort[i])
        self.sec_effort_year = f(v.sec_effort_year[i])
        self.sec_vacant_months = int(v.sec_vacant_months[i])
        self.reported_vacant = bool(v.reported_vacant[i])
        self.dir_present = bool(v.dir_present[i])
        self.dir_ability = f(v.dir_ability[i])
        self.dir_age = f(v.dir_age[i])
        self.dir_tenure = int(v.dir_tenure[i])
        self.reserves = [f(x) for x in v.reserves[i] if x == x]  # drop NaN slots
        self.attention = [f(x) for x in v.attention[i]]
        self.help_fixed = [f(x) for x in v.help_fixed[i]]
        self.st_team = int(v.st_team[i])
        self.st_months = int(v.st_months[i])
        self.st_knowledge = f(v.st_knowledge[i])
        self.quit_rate = f(v.sec_quit_rate[i])
        self.dir_quit_rate = f(v.dir_quit_rate[i])
        self.dir_effort_year = f(v.dir_effort_year[i])
        self.dev_bonus = f(v.dev_bonus[i])
        self.team_bonus = f(v.team_bonus[i])

    # -- the monthly steps, in the order of model/loop.py ---------------------------------
    def step(self) -> None:
        m: PlainCounty = self.model
        p = m.p
        rnd = m.random
        # cadres
        self.sec_age += 1 / 12
        self.dir_age += 1 / 12
        if self.sec_present:
            self.sec_tenure += 1
            self.sec_service += 1
            self.sec_knowledge += (1 - self.sec_knowledge) / p["knowledge_months"]
        if self.dir_present:
            self.dir_tenure += 1
        self.sec_effort = self.sec_effort_year * (1 - m.lame_duck_drop)
        dir_effort = self.dir_effort_year * (1 - m.lame_duck_drop)
        # leave
        p_sec = 1 - (1 - self.quit_rate) ** (1 / 12)
        if self.sec_present and (self.sec_age >= p["retire_age"] or rnd.random() < p_sec):
            self.sec_present = False
            self.sec_vacant_months = 0
            if self.one_shoulder:
                self.dir_present = False
        if self.dir_present and not self.one_shoulder and (self.dir_age >= p["retire_age"] or rnd.random() < 1 - (1 - self.dir_quit_rate) ** (1 / 12)):
            self.dir_present = False
        # departures
        if self.sec_present and rnd.random() < p["depart"]:
            self.sec_present = False
            self.sec_vacant_months = 0
            if self.one_shoulder:
                self.dir_present = False
        # reports (E2)
        if m.report_month:
            self.reported_vacant = not self.sec_present
        elif self.sec_present:
            self.reported_vacant = False
        # fill
        if not self.sec_present:
            self.sec_vacant_months += 1
        if not self.sec_present and self.sec_vacant_months > p["fill_delay"]:
            if self.reserves and rnd.random() < p["fill_prob"]:
                sd = p["noise_direct"] if self.direct_election else p["noise_two_rec"]
                best = max(range(len(self.reserves)), key=lambda k: self.reserves[k] + sd * rnd.gauss(0.0, 1.0))
                self.appoint(self.reserves.pop(best), p["knowledge_pool"])
            else:
                p_none = 1 - p["outside_fill"]
                if self.sec_vacant_months >= max(p["leaderless_months"] - p["lead_months"], 1):
                    p_none *= 1 - p["fill_push"]
                if self.reported_vacant:
                    p_none *= 1 - p["county_fill"]
                if rnd.random() < 1 - p_none:
                    ability = p["outside_ability"] + p["ability_sd"] * rnd.gauss(0.0, 1.0)
                    self.appoint(min(max(ability, p["min_ability"]), 1.0), p["knowledge_outside"])
        # stationed
        if self.st_team > 0:
            self.st_months += 1
            self.st_knowledge += (1 - self.st_knowledge) / p["st_knowledge_months"]
        # dims
        kf = p["knowledge_floor"]
        cap = self.sec_ability * self.sec_effort * (kf + (1 - kf) * self.sec_knowledge) if self.sec_present else 0.0
        if self.one_shoulder:
            cap += p["one_shoulder_extra"] * cap
        elif self.dir_present:
            cap += p["director_weight"] * self.dir_ability * dir_effort
        if p["five_good"]:
            gap = [max(p["aim"] - d, p["min_weight"]) for d in self.dims]
            total = sum(gap)
            weights = [g / total for g in gap]
        else:
            weights = p["preference"]
        sf = p["stationed_floor"]
        st_help = self.st_team * p["help_per_cadre"] * (sf + (1 - sf) * self.st_knowledge)
        dims = self.dims
        for k in range(5):
            t = (p["base_target"] - self.difficulty + p["capacity_gain"] * cap * 5 * weights[k]
                 + p["help_gain"] * (self.attention[k] + self.help_fixed[k] + st_help))
            if k == DEV:
                t += self.dev_bonus
            elif k == TEAM:
                t += self.team_bonus
            t = min(max(t, 0.0), 1.0)
            dims[k] += p["adjust_rate"] * (t - dims[k]) + p["noise_sd"] * rnd.gauss(0.0, 1.0)
        factor = 1.0 if (self.one_shoulder or self.cross_serving) else p["conflict_factor"]
        if rnd.random() < p["shock_rate"] * factor:
            dims[LEAD] -= p["shock_size"]
            dims[MECH] -= p["shock_size"]
            m.conflicts += 1
        if self.sec_present and rnd.random() < p["scandal_rate"] * (1 - self.sec_integrity):
            dims[IMAGE] -= p["shock_size"]
            dims[DEV] -= p["shock_size"] * p["scandal_dev_share"]
            m.scandals += 1
        for k in range(5):
            dims[k] = min(max(dims[k], 0.0), 1.0)

    def appoint(self, ability: float, knowledge: float) -> None:
        p, rnd = self.model.p, self.model.random
        self.sec_present = True
        self.sec_ability = ability
        u = min(max(rnd.random(), 1e-9), 1 - 1e-9)
        self.sec_age = min(max(p["age_mean"] + p["age_sd"] * _ND.inv_cdf(u), p["min_age"]), p["retire_age"] - 1)
        self.sec_tenure = self.sec_service = 0
        self.sec_knowledge = knowledge
        u = min(max(rnd.random(), 1e-9), 1 - 1e-9)
        self.sec_integrity = min(max(p["integrity_mean"] + p["integrity_sd"] * _ND.inv_cdf(u), 0.0), 1.0)
        self.sec_shuangdai = rnd.random() < p["shuangdai_share"]
        self.sec_vacant_months = 0
        self.reported_vacant = False
        if self.one_shoulder:
            self.dir_present = True


class PlainCounty(mesa.Model):
    """The villages of a `CadreModel` (copied at its current state) as plain Mesa agents."""

    def __init__(self, src: Any, seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.random = random.Random(seed)
        sc = src.sc
        self.p = {
            "retire_age": sc["county.retire_age"], "depart": 1 - (1 - sc["cadre.other_leave_rate"]) ** (1 / 12),
            "fill_delay": sc["reserve.fill_delay_months"], "fill_prob": sc["reserve.fill_prob"] if sc["reserve.enabled"] else 0.0,
            "outside_fill": sc["reserve.outside_fill_prob"], "leaderless_months": sc["leaderless.months"],
            "fill_push": sc["leaderless.fill_push"] if sc["leaderless.enabled"] else 0.0,
            "county_fill": sc["reports.county_fill_prob"], "noise_direct": sc["selection.noise_direct"],
            "noise_two_rec": sc["selection.noise_two_rec"], "st_knowledge_months": sc["stationed.knowledge_months"],
            "effort_base": sc["incentive.effort_base"], "five_good": sc["five_good.enabled"],
            "threshold": sc["five_good.threshold"], "base_target": sc["village.base_target"],
            "capacity_gain": sc["village.capacity_gain"], "help_gain": sc["village.help_gain"],
            "adjust_rate": sc["village.adjust_rate"], "noise_sd": sc["village.noise_sd"],
            "shock_rate": sc["village.shock_rate"], "shock_size": sc["village.shock_size"],
            "conflict_factor": sc["selection.conflict_factor"],
            "deter": sc["audit.deterrence"] if sc["audit.enabled"] else 0.0,
            "help_per_cadre": sc["stationed.help_per_cadre"] * (
                1.0 if sc["stationed_pay.enabled"] else sc["stationed_pay.motivation_off"]),
            "shuangdai_share": sc["selection.shuangdai_share"],
            "knowledge_months": sc["cadre.knowledge_months"], "knowledge_pool": sc["cadre.knowledge_from_pool"],
            "knowledge_outside": sc["cadre.knowledge_from_outside"], "lead_months": sc["leaderless.lead_months"],
            "outside_ability": sc["cadre.outside_ability"], "ability_sd": sc["cadre.ability_sd"],
            "min_ability": sc["cadre.min_ability"], "knowledge_floor": sc["village.knowledge_floor"],
            "one_shoulder_extra": sc["village.one_shoulder_extra"], "director_weight": sc["village.director_weight"],
            "aim": sc["five_good.threshold"] + sc["five_good.gap_margin"], "min_weight": sc["five_good.min_weight"],
            "preference": tuple(dynamics.preference(sc)), "stationed_floor": sc["stationed.knowledge_floor"],
            "scandal_rate": sc["village.shock_rate"] * sc["village.scandal_factor"] * (
                1 - (sc["audit.deterrence"] if sc["audit.enabled"] else 0.0)),
            "scandal_dev_share": sc["village.scandal_dev_share"], "age_mean": sc["cadre.new_age_mean"],
            "age_sd": sc["cadre.new_age_sd"], "min_age": sc["cadre.min_age"],
            "integrity_mean": sc["cadre.new_integrity_mean"], "integrity_sd": sc["cadre.new_integrity_sd"],
        }
        self.report_every = sc["reports.every_months"] if sc["reports.enabled"] else 12
        self.lame_duck_drop = 0.0
        self.month = 0
        self.conflicts = self.scandals = 0
        for i in range(src.n):
            PlainVillage(self, i, src)

    @property
    def report_month(self) -> bool:
        return (self.month + 1) % self.report_every == 0

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self.month += 1

    def mean_dims(self) -> list[float]:
        n = len(self.agents)
        return [sum(a.dims[k] for a in self.agents) / n for k in range(5)]
