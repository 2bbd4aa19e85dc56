"""Rebuild ``CadresimSansSC.ttf``: a TrueType subset of Noto Sans SC (SIL OFL 1.1).

Not imported at run time; a maintainer runs it only to change the character set::

    pip download --no-deps pylopdf-fonts-zh-cn   # ships NotoSansSC-Regular.otf (OFL-1.1)
    unzip pylopdf_fonts_zh_cn-*.whl 'pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf' -d /tmp/src
    python model/fonts/build_font.py /tmp/src/pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf

Why a TrueType subset rather than the OTF as-is: Noto Sans SC has CFF outlines, and
matplotlib's PDF backend embeds fonts (``pdf.fonttype`` 42) as TrueType (FontFile2); a CFF
font there makes a PDF that some readers refuse. The subset keeps ASCII, Latin-1, general
punctuation, CJK punctuation, full-width forms, every GB 2312 hanzi (6,763: all that
simplified-Chinese official text normally uses) and every character of `model.labels`.
The family is renamed (``Cadresim Sans SC``) as the OFL asks of modified versions.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "CadresimSansSC.ttf"
FAMILY = "Cadresim Sans SC"


def gb2312_chars() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def charset() -> set[int]:
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    cps |= set(range(0x2000, 0x2070)) | set(range(0x2190, 0x2200)) | set(range(0x2200, 0x2270))
    cps |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | {0x2103, 0x2116, 0x2160, 0x25CB, 0x25CF, 0x2605, 0x2606}
    cps |= {ord(c) for c in gb2312_chars()}
    sys.path.insert(0, str(HERE.parent.parent))
    from cadresim.labels import all_text

    cps |= {ord(c) for c in all_text()}
    return cps


def cff_to_glyf(font) -> None:  # noqa: ANN001 - fontTools TTFont
    """Replace CFF outlines with quadratic TrueType outlines (as fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font) -> None:  # noqa: ANN001
    name = font["name"]
    ps = FAMILY.replace(" ", "") + "-Regular"
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16):
            name.setName(FAMILY if rec.nameID != 4 else FAMILY + " Regular", rec.nameID, rec.platformID,
                         rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            name.setName(ps, 6, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            name.setName(f"{ps};subset of Noto Sans SC 2.004", 3, rec.platformID, rec.platEncID, rec.langID)
    name.names = [r for r in name.names if r.nameID not in (17, 18) and r.langID in (0, 0x409)]


def build(src: str | Path, out: Path = OUT) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(src))
    opts = subset.Options()
    opts.layout_features = ["kern", "liga", "locl", "vert", "palt"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(charset()))
    sub.subset(font)
    cff_to_glyf(font)
    rename(font)
    font.save(str(out))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    p = build(sys.argv[1])
    print(f"wrote {p} ({p.stat().st_size / 1e6:.2f} MB)")
