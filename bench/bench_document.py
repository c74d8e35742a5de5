"""Parsing posts into Documents, against markdown-it-py's bare parse of the same text (the floor).

Generates 1,000 mixed Chinese/English posts with lists, code, tables and links.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_seconds, table  # noqa: E402

from inpublic.document import markdown, parse_markdown  # noqa: E402

WORDS_EN = "cache wheel build test split job median minutes review merge run lock file".split()
WORDS_ZH = "缓存 构建 测试 拆分 任务 中位数 分钟 评审 合并 运行 锁文件 索引".split()


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        words = rng.choices(WORDS_EN, k=rng.randint(5, 14))
        return " ".join(words).capitalize() + f" took {rng.randint(1, 900)} ms."
    words = rng.choices(WORDS_ZH, k=rng.randint(4, 10))
    return "".join(words) + f"用了 {rng.randint(1, 60)} 分钟。"


def post(rng: random.Random) -> str:
    parts = []
    for heading in ("Problem", "Before", "Solution", "Result", "Next"):
        parts.append(f"## {heading}")
        parts.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 6))))
        parts.append("- " + sentence(rng) + "\n- " + sentence(rng) + " `make test` ok.")
        if rng.random() < 0.4:
            parts.append("```python\nfor i in range(3):\n    print(i)\n```")
        if rng.random() < 0.3:
            parts.append("| a | b |\n|---|---|\n| 14 min | 4 min |")
        parts.append(f"See [the run](https://ci.example.com/{rng.randint(1, 99999)}).")
    return "\n\n".join(parts) + "\n"


def main() -> None:
    rng = random.Random(7)
    posts = [post(rng) for _ in range(1000)]
    chars = sum(len(p) for p in posts)
    md = markdown()
    floor = median_seconds(lambda: [md.parse(p) for p in posts], repeat=3)
    ours = median_seconds(lambda: [parse_markdown(p) for p in posts], repeat=3)
    table(
        f"parse 1,000 posts ({chars / 1000:.0f} k characters), median of 3",
        [
            ("markdown-it-py parse", floor, "floor"),
            ("inpublic Document", ours, f"{ours / floor:.1f}x floor, {ours:.2f} ms per post"),
        ],
    )


if __name__ == "__main__":
    main()
