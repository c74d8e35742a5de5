"""A TeX formula ($…$, $$…$$) as a PNG image, for the channels that cannot show TeX: the
WeChat article (a data: URI, since the editor strips SVG and MathML), the Xiaohongshu cards
and the site (a data: URI in the page; no JavaScript).

matplotlib's mathtext draws it: the subset of TeX it knows (fractions, sums, roots,
scripts, Greek, \\mathbb, \\text …); an environment such as \\begin{aligned} is not in
it, and such a formula is left as code with a finding.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

DPI = 192  # twice the CSS pixel: sharp on a phone
SIZE_PT = 12  # 12 pt at 96 dpi is 16 CSS px, a body font's size
DISPLAY_SCALE = 1.4  # mathtext sets fractions and limits in text style: larger on their own line
INK = "#222222"


@dataclass(frozen=True)
class Formula:
    """A drawn formula: the PNG, its size and how far it reaches below the baseline, in
    CSS pixels."""

    tex: str
    png: bytes
    width: float
    height: float
    depth: float

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")

    def img(self, display: bool) -> str:
        """An ``<img>`` of the formula at the text's size: a display formula centred on its
        own line (never wider than the column), an inline one on the text's baseline."""
        import html

        width = f"width:{self.width:.0f}px;max-width:100%;height:auto"
        style = (
            f"display:block;margin:0.8em auto;{width}"
            if display
            else f"display:inline-block;{width};vertical-align:-{self.depth:.0f}px;margin:0 1px"
        )
        return f'<img src="{self.data_uri}" alt="{html.escape(self.tex)}" style="{style}">'


@lru_cache(maxsize=256)
def formula(tex: str, display: bool = False) -> Formula | None:
    """The formula drawn (larger for a display formula), or None when mathtext does not
    know its TeX."""
    import io
    import logging

    from matplotlib import mathtext, rc_context
    from matplotlib.font_manager import FontProperties
    from PIL import Image

    tex = " ".join(tex.split())
    if not tex:
        return None
    logging.getLogger("matplotlib.mathtext").setLevel(logging.ERROR)
    buffer = io.BytesIO()
    try:
        with rc_context({"savefig.transparent": True}):  # on any background (an alert's)
            depth = mathtext.math_to_image(
                f"${tex}$",
                buffer,
                prop=FontProperties(size=SIZE_PT * (DISPLAY_SCALE if display else 1)),
                dpi=DPI,
                format="png",
                color=INK,
            )
    except (ValueError, RuntimeError, KeyError):
        return None
    png = buffer.getvalue()
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    scale = 96 / DPI
    return Formula(tex, png, width * scale, height * scale, float(depth) * scale)
