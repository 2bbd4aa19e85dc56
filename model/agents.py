"""Mesa agents as handles onto the model's arrays: inspect (and nudge) one village, its
secretary or a township in a notebook. They hold an index, not a copy; reading a property
reads the current state. The monthly arithmetic does not loop over them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from .state import DIMS, POSTS

if TYPE_CHECKING:
    from .sim import CadreModel


class Cadre(mesa.Agent):
    """The holder of a post: a village 'secretary' or 'director', or a township leader post
    ('secretary', 'mayor', 'org_member'). `person_id` changes when someone new takes the post."""

    def __init__(self, model: CadreModel, where: str, index: int, post: str) -> None:
        super().__init__(model)
        self.where, self.index, self.post = where, index, post

    def _arr(self, name: str) -> np.ndarray:
        return getattr(self.model.v, name)

    @property
    def present(self) -> bool:
        if self.where == "township":
            return True
        return bool(self.model.v.sec_present[self.index] if self.post == "secretary" else self.model.v.dir_present[self.index])

    @property
    def ability(self) -> float:
        if self.where == "township":
            return float(self.model.t.leader_ability[self.index, POSTS.index(self.post)])
        return float(self._arr("sec_ability" if self.post == "secretary" else "dir_ability")[self.index])

    @ability.setter
    def ability(self, value: float) -> None:
        if self.where == "township":
            self.model.t.leader_ability[self.index, POSTS.index(self.post)] = value
        else:
            self._arr("sec_ability" if self.post == "secretary" else "dir_ability")[self.index] = value

    @property
    def age(self) -> float | None:
        if self.where == "township":
            return None
        return float(self._arr("sec_age" if self.post == "secretary" else "dir_age")[self.index])

    @property
    def tenure_years(self) -> float:
        if self.where == "township":
            return float(self.model.t.leader_tenure[self.index, POSTS.index(self.post)] / 12)
        return float(self._arr("sec_tenure" if self.post == "secretary" else "dir_tenure")[self.index] / 12)

    @property
    def knowledge(self) -> float:
        if self.where == "township":
            return float(self.model.t.leader_knowledge[self.index, POSTS.index(self.post)])
        return float(self.model.v.sec_knowledge[self.index]) if self.post == "secretary" else float("nan")

    def _sec(self, name: str) -> Any:
        if self.where != "village" or self.post != "secretary":
            raise AttributeError(f"{name} is kept for village secretaries only")
        return self._arr(name)[self.index]

    effort = property(lambda self: float(self._sec("sec_effort")), doc="this month's effort (0-1)")
    pay_yuan = property(lambda self: float(self._sec("sec_pay")), doc="this year's pay (D1, D2)")
    pay_ratio = property(lambda self: float(self._sec("sec_pay_ratio")), doc="compensation / outside option (D10)")
    integrity = property(lambda self: float(self._sec("sec_integrity")))
    shuangdai = property(lambda self: bool(self._sec("sec_shuangdai")), doc="双带 (C5)")
    person_id = property(lambda self: int(self._sec("sec_person")))
    poor_reviews = property(lambda self: int(self._sec("poor_reviews")), doc="consecutive poor 述职评议 (A3)")

    def __repr__(self) -> str:
        return f"Cadre({self.where} {self.index} {self.post}, ability={self.ability:.2f})"


class Village(mesa.Agent):
    """A village party organisation and committee (a view onto row `index`)."""

    def __init__(self, model: CadreModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        self._posts: dict[str, Cadre] = {}

    def _post(self, post: str) -> Cadre:
        if post not in self._posts:
            self._posts[post] = Cadre(self.model, "village", self.index, post)
        return self._posts[post]

    secretary = property(lambda self: self._post("secretary"), doc="the secretary post (check `.present`)")
    director = property(lambda self: self._post("director"))

    @property
    def township(self) -> Township:
        return self.model.townships.to_list()[int(self.model.v.township[self.index])]

    @property
    def dims(self) -> dict[str, float]:
        """The five five-good dimensions (A1)."""
        return dict(zip(DIMS, map(float, self.model.v.dims[self.index]), strict=True))

    weak = property(lambda self: bool(self.model.v.weak_true[self.index]), doc="truly weak (A4)")
    flagged = property(lambda self: bool(self.model.v.flagged[self.index]), doc="flagged this year (A7)")
    hidden = property(lambda self: bool(self.model.v.hidden[self.index]), doc="weak but reported fine (E1)")
    five_good = property(lambda self: bool(self.model.v.five_good[self.index]))
    stars = property(lambda self: int(self.model.v.stars[self.index]))
    income_yuan = property(lambda self: float(self.model.v.income[self.index]))
    members = property(lambda self: int(self.model.v.members[self.index]))
    one_shoulder = property(lambda self: bool(self.model.v.one_shoulder[self.index]))
    vacant_months = property(lambda self: int(self.model.v.sec_vacant_months[self.index]))
    stationed_team = property(lambda self: int(self.model.v.st_team[self.index]))

    @property
    def reserves(self) -> list[float]:
        """Abilities of the reserve cadres (C6)."""
        r = self.model.v.reserves[self.index]
        return [float(x) for x in r[~np.isnan(r)]]

    def __repr__(self) -> str:
        return f"Village({self.index}, weak={self.weak}, stars={self.stars})"


class Township(mesa.Agent):
    """A township party committee and government (a view onto row `index`)."""

    def __init__(self, model: CadreModel, index: int) -> None:
        super().__init__(model)
        self.index = index
        self.leaders = {p: Cadre(model, "township", index, p) for p in POSTS}

    @property
    def villages(self) -> mesa.agent.AgentSet:
        return self.model.villages.select(lambda a: self.model.v.township[a.index] == self.index)

    n_villages = property(lambda self: int(self.model.t.n_villages[self.index]))
    penalty_level = property(lambda self: int(self.model.t.penalty_level[self.index]),
                             doc="0 none, 1 criticised, 2 warning talk (B1, B4, B5)")
    merits = property(lambda self: int(self.model.t.merits[self.index]))

    @property
    def weak_share(self) -> float:
        m = self.model.v.township == self.index
        return float(self.model.v.weak_true[m].mean())

    def __repr__(self) -> str:
        return f"Township({self.index}, villages={self.n_villages}, penalty={self.penalty_level})"
