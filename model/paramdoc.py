"""docs/parameters.md: every scenario key with default, unit, range, rule ID and source, split
into numbers the seeds (or calibration facts F1–F10) give and numbers that are assumptions.

``python -m cadresim.paramdoc > docs/parameters.md``; a test keeps the file in step with `model.params`.
"""

from __future__ import annotations

from .params import PARAMS, Param, plausible_range


def _plausible(p: Param) -> str:
    """An assumed number's plausible range (what calibration searches); "stated" when
    params.py gives it, else the default ± 50% within the bounds."""
    if not (p.is_assumption and p.kind in (int, float) and p.lo is not None):
        return ""
    lo, hi = plausible_range(p.key)
    return f"{lo:.4g} – {hi:.4g}" + (" (stated)" if p.plausible is not None else "")


def _default(p: Param) -> str:
    d = str(p.default).lower() if isinstance(p.default, bool) else f"{p.default!r}".replace("'", '"')
    return d if p.was is None else f"**{d}** (fitted; was {p.was:g})"


def _row(p: Param, plausible: bool = False) -> str:
    rng = "" if p.lo is None else f"{p.lo:g} – {p.hi:g}"
    if p.choices:
        rng = " / ".join(p.choices)
    default = _default(p)
    mid = f" {_plausible(p)} |" if plausible else ""
    return f"| `{p.key}` | {default} | {p.unit} | {rng} |{mid} {p.rule or '—'} | {p.src} | {p.doc} |"


def markdown() -> str:
    head = "| key | default | unit | range | rule | source | meaning |\n|---|---|---|---|---|---|---|"
    groups = {
        "From the seeds and the calibration facts": [p for p in PARAMS.values()
                                                    if not p.is_assumption and p.src != "setting"],
        "Assumptions (ours, not the seeds')": [p for p in PARAMS.values() if p.is_assumption],
        "Run settings": [p for p in PARAMS.values() if p.src == "setting"],
    }
    out = ["# Parameters: which numbers come from the seeds, which are assumptions", "",
           "Generated from `model/params.py` by `python -m cadresim.paramdoc > docs/parameters.md`.",
           "Sources: `seed 000`…`seed 004` are the policy texts in `../shared/seeds/` (paragraph given);",
           "F1–F10 are the calibration facts of the rulebook. A value here is the default; a scenario",
           "file or `--set` changes it.", ""]
    head_a = ("| key | default | unit | range | plausible | rule | source | meaning |\n"
              "|---|---|---|---|---|---|---|---|")
    for title, params in groups.items():
        a = title.startswith("Assumptions")
        out += [f"## {title} ({len(params)})", ""]
        if a:
            out += ["*plausible* is the range `cadresim calibrate` searches and uncertainty analyses draw from",
                    "(stated in `model/params.py`, or the default ± 50%); *range* is only what input is accepted.",
                    f"The {sum(p.was is not None for p in params)} defaults in **bold** were fitted by `cadresim calibrate` to the targets of",
                    "`scenarios/targets/seed002.toml` (`--group fit`; the value each replaced is given); the others",
                    "are set by hand (“calibrated to …”: against that figure) or are the scenario's own. The fit,",
                    "its accepted sets (`scenarios/posterior/seed002.csv`) and what it cannot meet: docs/calibration.md.", ""]
        out += [head_a if a else head, *(_row(p, a) for p in params), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
