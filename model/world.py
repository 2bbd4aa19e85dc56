"""Build the county (or province, or country) a scenario describes, as state arrays.

Townships get uneven numbers of villages; villages get remoteness, size, a collective
income (most are shells, D9), party members and reserve cadres (C6, C10), the five
five-good dimensions (A1) and two posts (secretary, director; one person where 一肩挑, C5).
Township leaders get staggered tenure, local knowledge and township experience.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from scipy.special import ndtri

from . import fpmath
from .scenario import Scenario
from .state import TownshipState, VillageState


def township_sizes(n_villages: int, n_townships: int, cv: float, rng: np.random.Generator) -> np.ndarray:
    """Villages per township: gamma weights with the given coefficient of variation, each ≥ 1."""
    if cv > 0:
        shape = 1.0 / (cv * cv)
        w = rng.gamma(shape, 1.0 / shape, n_townships)
    else:
        w = np.ones(n_townships)
    extra = n_villages - n_townships
    sizes = np.ones(n_townships, dtype=np.int64)
    if extra > 0:
        sizes += rng.multinomial(extra, w / w.sum())
    return sizes


def _beta_mean(rng: np.random.Generator, mean: float, conc: float, n: int) -> np.ndarray:
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    return rng.beta(mean * conc, (1 - mean) * conc, n)


def new_ability(rng: np.random.Generator, n: int | tuple[int, ...], mean: float = 0.5, sd: float = 0.12) -> np.ndarray:
    return np.clip(rng.normal(mean, sd, n), 0.05, 1.0)


def county_of_townships(m: int, counties: int) -> np.ndarray:
    """County index of each of `m` townships: `counties` runs of consecutive townships, as even as
    possible (at most `m` counties)."""
    return np.arange(m) * min(counties, m) // m


def build_villages(sc: Scenario, sizes: np.ndarray, rng: np.random.Generator) -> VillageState:
    n = int(sizes.sum())
    township = np.repeat(np.arange(len(sizes)), sizes)
    county = county_of_townships(len(sizes), int(sc["county.counties"]))[township]
    remote = _beta_mean(rng, sc["county.remoteness_mean"], 4.0, n)
    # lognormal(log 350, 0.5), its exp our own (numpy's lognormal takes the C library's)
    households = np.maximum(50, fpmath.exp(fpmath.log(350.0) + 0.5 * rng.standard_normal(n))).astype(np.int64)
    # Collective income: lognormal with county.shell_share of villages below the shell line.
    sigma = 1.0
    share = min(max(sc["county.shell_share"], 1e-6), 1 - 1e-6)
    z = rng.standard_normal(n)
    income = sc["county.shell_income_yuan"] * fpmath.exp(sigma * (z - ndtri(share)))
    dims = np.clip(sc["county.init_dims_mean"] + rng.normal(0, sc["county.init_village_sd"], (n, 1))
                   + rng.normal(0, sc["county.init_dim_sd"], (n, 5)), 0, 1)
    members = rng.poisson(sc["county.members_mean"] * households / 350).astype(np.int64)

    sec_tenure = rng.integers(0, 8 * 12, n)
    sec_present = rng.random(n) >= sc["county.init_vacancy_share"]  # F2: ≈1.2% of villages without a secretary
    cap = int(sc["reserve.capacity"])
    n_res = np.minimum(rng.poisson(sc["county.reserve_mean"], n), cap)
    reserves = np.full((n, cap), np.nan)
    res_ab = new_ability(rng, (n, cap), 0.5)
    reserves[np.arange(cap)[None, :] < n_res[:, None]] = res_ab[np.arange(cap)[None, :] < n_res[:, None]]
    sec_ability = new_ability(rng, n, 0.6)
    dir_ability = new_ability(rng, n, 0.55)
    f = np.zeros(n)
    return VillageState(
        township=township,
        county=county,
        remoteness=remote,
        households=households,
        difficulty=rng.exponential(1.0, n) * sc["village.difficulty_mean"],
        dims=dims,
        income=income,
        members=members,
        months_no_member=rng.integers(0, 24, n),
        new_members=np.zeros(n, dtype=np.int64),
        to_pool=np.zeros(n, dtype=np.int64),
        direct_election=rng.random(n) < sc["selection.direct_share"],
        one_shoulder=rng.random(n) < sc["selection.one_shoulder_share"],
        cross_serving=rng.random(n) < sc["selection.cross_serving_share"],
        sec_present=sec_present,
        sec_person=np.where(sec_present, np.arange(n), -1),
        sec_ability=sec_ability,
        sec_age=np.clip(rng.normal(sc["county.secretary_age_mean"], 7, n), 25, sc["county.retire_age"] - 0.5),
        sec_tenure=sec_tenure,
        sec_service=sec_tenure + rng.integers(0, 6 * 12, n),
        sec_knowledge=0.6 + 0.4 * (1 - fpmath.exp(-sec_tenure / 24)),
        sec_integrity=rng.beta(6, 2, n),
        sec_shuangdai=rng.random(n) < sc["selection.shuangdai_share"],
        sec_effort=np.full(n, sc["incentive.effort_base"]),
        sec_effort_year=np.full(n, sc["incentive.effort_base"]),
        sec_vacant_months=np.where(sec_present, 0, 1),
        sec_pay=f.copy(),
        sec_base_pay=f.copy(),
        sec_comp=f.copy(),
        sec_pay_ratio=np.ones(n),
        sec_quit_rate=np.full(n, sc["incentive.quit_base"]),
        poor_reviews=np.zeros(n, dtype=np.int64),
        rectify_order=np.zeros(n, dtype=bool),
        dir_present=rng.random(n) > 0.02,
        dir_ability=dir_ability,
        dir_age=np.clip(rng.normal(sc["county.director_age_mean"], 7, n), 25, sc["county.retire_age"] - 0.5),
        dir_tenure=rng.integers(0, 8 * 12, n),
        dir_effort=np.full(n, sc["incentive.effort_base"]),
        dir_effort_year=np.full(n, sc["incentive.effort_base"]),
        dir_pay_ratio=np.ones(n),
        dir_comp=f.copy(),
        dir_quit_rate=np.full(n, sc["incentive.quit_base"] * sc["incentive.director_quit_factor"]),
        reserves=reserves,
        stars=np.zeros(n, dtype=np.int64),
        weak_true=np.zeros(n, dtype=bool),
        five_good=np.zeros(n, dtype=bool),
        reported_score=dims.mean(axis=1),
        reported_weak=np.zeros(n, dtype=bool),
        perceived_score=dims.mean(axis=1),
        perceived_margin=dims.min(axis=1),
        review_score=np.full(n, np.nan),
        conflicts_year=np.zeros(n, dtype=np.int64),
        hidden=np.zeros(n, dtype=bool),
        flagged=np.zeros(n, dtype=bool),
        tracked_years=np.zeros(n, dtype=np.int64),
        reported_vacant=np.zeros(n, dtype=bool),
        attention=np.zeros((n, 5)),
        help_fixed=np.zeros((n, 5)),
        favoured=np.zeros(n, dtype=bool),
        weights=np.ones(n),
        dim_split=np.ones((n, 5)),
        contact_help=np.zeros(n),
        st_program=rng.random(n) < sc["stationed.coverage"],
        st_team=np.zeros(n, dtype=np.int64),
        st_months=np.zeros(n, dtype=np.int64),
        st_knowledge=np.zeros(n),
        funded=np.zeros(n, dtype=bool),
        dev_bonus=np.zeros(n),
        team_bonus=np.zeros(n),
        grad_cohorts=np.zeros((n, int(sc["graduates.contract_years"])), dtype=np.int64),
    )


def build_townships(sc: Scenario, sizes: np.ndarray, rng: np.random.Generator) -> TownshipState:
    m = len(sizes)
    tenure = rng.integers(0, sc["rotation.term_years"] * 12, (m, 3))
    return TownshipState(
        n_villages=sizes.astype(np.int64),
        county=county_of_townships(m, int(sc["county.counties"])),
        leader_tenure=tenure,
        leader_knowledge=1 - fpmath.exp(-tenure / sc["rotation.knowledge_months"]),
        leader_ability=new_ability(rng, (m, 3), 0.6, 0.1),
        leader_years_township=rng.uniform(3, 20, (m, 3)),
        leader_local=np.zeros((m, 3), dtype=bool),
        leader_term_left=np.zeros((m, 3), dtype=np.int64),  # set by the rotation rule at start
        penalty_level=np.zeros(m, dtype=np.int64),
        criticised_last=np.zeros(m, dtype=bool),
        prev_flag_share=np.zeros(m),
        last_streak=np.zeros(m, dtype=np.int64),
        merits=np.zeros(m, dtype=np.int64),
        excellent_blocked=np.zeros(m, dtype=bool),
        commended_years=np.zeros(m, dtype=np.int64),
        pressure=np.zeros(m),
        caught=np.zeros(m, dtype=bool),
        falsify=np.zeros(m),
        push=np.zeros(m),
        effort=np.full(m, sc["township.effort_base"]),
        capacity=np.zeros(m),
        budget=np.zeros(m),
        pool_share=np.ones(m),
        years_since_adjust=np.full(m, 99, dtype=np.int64),
        prev_score=np.full(m, np.nan),
        sanction=np.zeros(m, dtype=np.int64),
        adjust_now=np.zeros((m, 3), dtype=bool),
    )


def stack_worlds(worlds: list[tuple[VillageState, TownshipState]]) -> tuple[VillageState, TownshipState]:
    """The replicates' worlds as blocks of one: arrays end to end, each block's township and
    county indices shifted past the previous blocks' (so every per-township and per-county
    reduction stays within its block). All worlds have the same numbers of villages, townships
    and counties (one scenario)."""
    if len(worlds) == 1:
        return worlds[0]
    m = len(worlds[0][1].n_villages)
    counties = int(worlds[0][1].county.max()) + 1
    shift = {"township": m, "county": counties}

    def stack(states: list, cls: type) -> Any:
        out = {}
        for f in dataclasses.fields(cls):
            parts = [getattr(s, f.name) for s in states]
            if f.name in shift and not (cls is TownshipState and f.name == "township"):
                parts = [p + b * shift[f.name] for b, p in enumerate(parts)]
            out[f.name] = np.concatenate(parts)
        return cls(**out)

    return stack([w[0] for w in worlds], VillageState), stack([w[1] for w in worlds], TownshipState)


def build_world(sc: Scenario, rng: np.random.Generator) -> tuple[VillageState, TownshipState]:
    """Villages and townships for scenario `sc`, drawn from the 'world' stream `rng`."""
    sizes = township_sizes(sc["county.villages"], sc["county.townships"], sc["county.township_size_cv"], rng)
    return build_villages(sc, sizes, rng), build_townships(sc, sizes, rng)


__all__ = ["build_world", "stack_worlds", "township_sizes", "new_ability", "county_of_townships"]
