"""The CJK font the figures use, shipped inside the package (no system font needed).

``model/fonts/CadresimSansSC.ttf`` is a TrueType subset of Noto Sans SC (SIL OFL 1.1, see
``model/fonts/OFL.txt``): Latin, punctuation, every GB 2312 hanzi and every label character.
`use_font` registers it with matplotlib's font manager and sets the rc parameters so PNG,
SVG (text as paths) and PDF (TrueType embedded, ``pdf.fonttype`` 42) all carry the glyphs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILE = FONT_DIR / "CadresimSansSC.ttf"
FAMILY = "Cadresim Sans SC"

_registered = False


def register() -> str:
    """Add the shipped font to matplotlib's font manager (once); return its family name."""
    global _registered
    if not _registered:
        from matplotlib import font_manager

        if not FONT_FILE.exists():
            raise FileNotFoundError(f"{FONT_FILE} is missing: reinstall cadresim (pip install -e .)")
        font_manager.fontManager.addfont(str(FONT_FILE))
        _registered = True
    return FAMILY


def rc_params(lang: str = "en") -> dict[str, Any]:
    """Matplotlib rc settings for briefing figures in `lang` (used with ``plt.rc_context``)."""
    family = register()
    # The CJK font covers Latin too; DejaVu Sans (bundled with matplotlib) is a fallback for
    # any symbol outside the subset. English figures use the same font for a uniform look.
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"],
        "axes.unicode_minus": False,  # U+2212 is in the subset, but keep '-' for ASCII tools
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "savefig.dpi": 300,
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 7.5,
        "legend.frameon": False,
    }


def has_glyphs(text: str) -> bool:
    """True when the shipped font has a glyph for every character of `text`."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(FONT_FILE), lazy=True).getBestCmap()
    return all(ord(c) in cmap for c in text if not c.isspace())
