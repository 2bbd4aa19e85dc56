"""Numbers as a reader sees them: ticks that never repeat, intervals never rounded into a wrong statement.

    from cadresim.numfmt import interval_text, TickFormatter
    interval_text(-0.0512, -0.071, -0.032, "pp", "en")   # '−5.1 pp [−7.1, −3.2]'
    ax.yaxis.set_major_formatter(TickFormatter("pct"))   # decimals chosen from the tick spacing

Shares are shown in per cent (levels) or percentage points (differences); yuan in 万元 in
Chinese and in thousands (k) or millions (M) in English. The number of decimals follows the
width of what is shown next to it: tick spacing for axes, the interval's width for an
estimate with its interval (two significant figures of the width), so that an interval
never reads "−0.1M [−0.2M, −0.1M]".
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.ticker import Formatter

MINUS = "−"  # typographic minus (U+2212)
KINDS = ("pct", "pp", "yuan", "plain")


def decimals_for(width: float, digits: int = 2, most: int = 4) -> int:
    """Decimals that show `width` with `digits` significant figures (negative: round to tens, hundreds…)."""
    if not (width > 0 and math.isfinite(width)):
        return 1
    return int(min(most, digits - 1 - math.floor(math.log10(width) + 1e-9)))


def _fixed(x: float, d: int) -> str:
    """`x` with `d` decimals; a negative `d` rounds to 10**-d (no decimals shown)."""
    if d >= 0:
        return f"{x:,.{d}f}"
    return f"{round(x, d):,.0f}"


def _sign(text: str, v: float, sign: bool) -> str:
    text = text.replace("-", MINUS)
    if sign and v > 0 and not text.startswith(MINUS):
        return "+" + text
    return text


def yuan_unit(scale: float, lang: str) -> tuple[float, str]:
    """(divisor, suffix) for yuan of magnitude `scale`: 万 in Chinese, k or M in English."""
    if lang == "zh":
        return (1e4, "万") if scale >= 1e5 else (1.0, "")
    if scale >= 1e6:
        return (1e6, "M")
    if scale >= 1e4:
        return (1e3, "k")
    return (1.0, "")


def number(v: float, kind: str, lang: str = "en", decimals: int | None = None, sign: bool = False,
           unit: bool = True, scale: float | None = None) -> str:
    """One number: a share in % (`pct`), a share difference in percentage points (`pp`),
    yuan (`yuan`, unit chosen from `scale`, default |v|) or a plain number."""
    if v is None or not math.isfinite(v):
        return "—"
    if kind == "pct" or kind == "pp":
        x = v * 100
        d = 1 if decimals is None else decimals
        t = _fixed(x, d)
        if float(t.replace(",", "")) == 0:
            t = _fixed(0.0, d)
            v = 0.0
        t = _sign(t, v, sign)
        if unit:
            t += "%" if kind == "pct" else (" 个百分点" if lang == "zh" else " pp")
        return t
    if kind == "yuan":
        div, suf = yuan_unit(abs(v) if scale is None else scale, lang)
        x = v / div
        d = (0 if div == 1 else 1) if decimals is None else decimals
        t = _fixed(x, d)
        if float(t.replace(",", "")) == 0:
            t, v = _fixed(0.0, d), 0.0
        return _sign(t, v, sign) + (suf if unit else "")
    d = 2 if decimals is None else decimals
    return _sign(_fixed(v, d), v, sign)


def _keep_signs(values: Sequence[float], d: int, scale: float = 1.0, most: int = 4) -> int:
    """More decimals until no non-zero value reads as zero (an interval's sign is its message)."""
    while d < most and any(v != 0 and round(v * scale, max(d, 0)) == 0 and abs(v * scale) >= 10.0 ** -most
                           for v in values):
        d = max(d, 0) + 1
    return d


def interval_text(est: float, lo: float, hi: float, kind: str, lang: str = "en", sign: bool = True) -> str:
    """`est [lo, hi]` with decimals from the interval's width (two significant figures);
    full-width brackets and comma in Chinese."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return number(est, kind, lang, sign=sign)
    op, sep, cl = ("［", "，", "］") if lang == "zh" else ("[", ", ", "]")
    width = hi - lo
    if kind in ("pct", "pp"):
        d = decimals_for(width * 100) if width > 0 else 1
        d = _keep_signs((est, lo, hi), max(d, 0), 100)
        head = number(est, kind, lang, d, sign)
        return f"{head} {op}{number(lo, kind, lang, d, sign, unit=False)}{sep}{number(hi, kind, lang, d, sign, unit=False)}{cl}"
    scale = max(abs(est), abs(lo), abs(hi))
    div, _ = yuan_unit(scale, lang) if kind == "yuan" else (1.0, "")
    d = decimals_for(width / div) if width > 0 else (0 if div == 1 else 1)
    if div == 1:
        d = min(d, 0)
    d = _keep_signs((est, lo, hi), d, 1 / div) if d >= 0 or any(abs(v / div) < 10.0 ** -d for v in (lo, hi) if v) else d
    parts = [number(x, kind, lang, d, sign, scale=scale) for x in (est, lo, hi)]
    return f"{parts[0]} {op}{parts[1]}{sep}{parts[2]}{cl}"


class TickFormatter(Formatter):
    """Tick labels with as many decimals as the tick spacing needs, so no two read the same.

    `kind`: 'pct' (share → '12%'), 'pp' (share difference → '+1.5'), 'yuan' or 'plain'."""

    def __init__(self, kind: str = "pct", lang: str = "en", sign: bool = False) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        self.kind, self.lang, self.sign = kind, lang, sign
        self._d = 0
        self._scale: float | None = None

    def _setup(self, values: Sequence[float]) -> None:
        vals = sorted(float(v) for v in values if math.isfinite(v))
        steps = [b - a for a, b in zip(vals, vals[1:], strict=False) if b - a > 0]
        step = min(steps) if steps else (abs(vals[0]) if vals else 1.0)
        self._scale = max((abs(v) for v in vals), default=1.0)
        if self.kind in ("pct", "pp"):
            step *= 100
        elif self.kind == "yuan":
            step /= yuan_unit(self._scale, self.lang)[0]
        scale = 100 if self.kind in ("pct", "pp") else 1 / yuan_unit(self._scale, self.lang)[0] \
            if self.kind == "yuan" else 1
        d = max(0, decimals_for(step, digits=1)) if step > 0 else 0
        while d < 4 and any(abs(round(v * scale, d) - v * scale) > 1e-6 * max(1.0, abs(v * scale)) for v in vals):
            d += 1  # every tick shown exactly: 2.5 stays 2.5, never '2' next to '5'
        self._d = d

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        self._setup(values)
        return [self._one(v) for v in values]

    def _one(self, v: float) -> str:
        tol = 1e-12 if self.kind != "yuan" else 1e-6
        if abs(v) < tol:
            v = 0.0
        if self.kind == "pct":
            return number(v, "pct", self.lang, self._d, self.sign)
        if self.kind == "pp":
            return number(v, "pp", self.lang, self._d, self.sign, unit=False)
        if self.kind == "yuan":
            return "0" if v == 0 else number(v, "yuan", self.lang, self._d, self.sign, scale=self._scale)
        return number(v, "plain", self.lang, self._d, self.sign)

    def __call__(self, x: float, pos: int | None = None) -> str:
        if self._scale is None and self.axis is not None:
            self._setup(self.axis.get_majorticklocs())
        return self._one(x)
