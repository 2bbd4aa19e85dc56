"""docs/parameters.md: every scenario key with default, unit, range, rule ID and source, split
into numbers the seeds (or calibration facts F1–F10) give and numbers that are assumptions.

``python -m cadresim.paramdoc > docs/parameters.md``; a test keeps the file in step with `model.params`.
"""

from __future__ import annotations

from .params import PARAMS, Param


def _row(p: Param) -> str:
    rng = "" if p.lo is None else f"{p.lo:g} – {p.hi:g}"
    if p.choices:
        rng = " / ".join(p.choices)
    default = str(p.default).lower() if isinstance(p.default, bool) else f"{p.default!r}".replace("'", '"')
    return f"| `{p.key}` | {default} | {p.unit} | {rng} | {p.rule or '—'} | {p.src} | {p.doc} |"


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
    for title, params in groups.items():
        out += [f"## {title} ({len(params)})", "", head, *(_row(p) for p in params), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
