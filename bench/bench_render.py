"""Rendering one 3,000-character post: all text channels in-process (target: under 300 ms),
and the Xiaohongshu image cards (target: under 2 s; the time per card is printed too)."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_seconds, table  # noqa: E402
from _corpus import post  # noqa: E402

from inpublic.channels import render_post  # noqa: E402
from inpublic.config import Config  # noqa: E402

TEXT_CHANNELS = ["hugo", "wechat", "x", "linkedin", "zhihu"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "post.md"
        text = post(random.Random(3), "zh", 1, 3000)
        path.write_text(text, encoding="utf-8")
        config = Config()
        text_time = median_seconds(lambda: render_post(path, config, TEXT_CHANNELS, folder / "o"))
        cards = median_seconds(
            lambda: render_post(path, config, ["xiaohongshu"], folder / "o"), repeat=3
        )
        count = len(list((folder / "o").glob("*/xiaohongshu/card-*.png")))
        table(
            f"render one post ({len(text)} characters), median",
            [
                ("hugo, wechat, x, linkedin, zhihu", text_time, "target < 300 ms"),
                ("xiaohongshu caption and cards", cards, f"target < 2000 ms; {count} cards"),
                ("xiaohongshu, per card", cards / max(count, 1), "cover included"),
            ],
        )


if __name__ == "__main__":
    main()
