"""A generated corpus of micro reports, mixed Chinese and English, with some fluff in them."""

from __future__ import annotations

import random
from pathlib import Path

from inpublic.workspace.new import template_sections  # the seven parts of a post

EN_CONCRETE = [
    "CI took {a} minutes per run before the change.",
    "I cached the wheel builds keyed on the lock file hash.",
    "The median run now takes {b} minutes instead of {a}.",
    "The index shrank from {a}.2 GB to {b}6 MB.",
    "Reviewers asked for the benchmark script, so I added it to the repository.",
    "We split the suite into {b} jobs by recorded durations.",
    "Error rates dropped from {a}.1% to 0.{b}%.",
    "The parser rejects files that are not UTF-8 and names the first bad line.",
    "I have not worked out why the second run is slower; my guess is the page cache.",
    "Run `make bench` to repeat the measurement on your machine.",
]
EN_FLUFF = [
    "This is a truly revolutionary approach.",
    "Everyone knows that deploys are painful.",
    "I think the new scheduler is somewhat better.",
    "The build is significantly faster now.",
    "We leveraged synergies across the platform.",
    "The ultimate guide to caching, a must-read.",
]
ZH_CONCRETE = [
    "之前每次发版要手动检查 {a} 项，平均 {b}0 分钟。",
    "我把能机读的检查写成了一个脚本 `release-check`。",
    "最近 {b} 次发版，检查平均 {a} 分钟，其中脚本运行 40 秒。",
    "索引从 1.2 GB 变成 {b}6 MB，p95 延迟从 180 ms 降到 2{a} ms。",
    "生产配置通过只读接口读取，密钥一律打码。",
    "我还没搞清楚为什么第二次运行更慢，猜测是磁盘缓存。",
    "我们用 SQLite 的 FTS5 替换了 Elasticsearch，查询写在 80 行 Python 里。",
    "测试按历史耗时拆成 {b} 组，每组相差不到 20 秒。",
]
ZH_FLUFF = [
    "这是一个非常强大的平台，性能显著提升。",
    "大家都知道，微服务一定更好。",
    "我觉得新的方案可能会好一些。",
    "我们打通了各个系统，形成了闭环，为业务赋能。",
    "干货满满，建议收藏！",
]


def paragraph(rng: random.Random, lang: str, size: int) -> str:
    concrete, fluff = (EN_CONCRETE, EN_FLUFF) if lang == "en" else (ZH_CONCRETE, ZH_FLUFF)
    sentences = []
    for _ in range(size):
        pool = fluff if rng.random() < 0.15 else concrete
        sentences.append(rng.choice(pool).format(a=rng.randint(2, 9), b=rng.randint(2, 9)))
    return (" " if lang == "en" else "").join(sentences)


def post(rng: random.Random, lang: str, index: int, target_chars: int) -> str:
    parts = [f"---\ntitle: Post {index}\ndate: 2026-01-01\nlang: {lang}\n---\n"]
    while sum(len(p) for p in parts) < target_chars:
        for heading in (section.heading for section in template_sections(lang)):
            parts.append(f"## {heading}\n\n{paragraph(rng, lang, rng.randint(2, 5))}\n")
            if rng.random() < 0.2:
                parts.append("```python\nfor i in range(3):\n    print(i)\n```\n")
            if sum(len(p) for p in parts) >= target_chars:
                break
    return "\n".join(parts)


def write_corpus(folder: Path, count: int, seed: int = 11) -> dict:
    """Write ``count`` posts of about 3 KB, half English (in en/) and half Chinese (in zh/)."""
    rng = random.Random(seed)
    sizes = {"en": 0, "zh": 0}
    for index in range(count):
        lang = "en" if index % 2 == 0 else "zh"
        text = post(rng, lang, index, 3000 if lang == "en" else 1100)  # UTF-8: 3 bytes a 字
        path = folder / lang / f"post-{index:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sizes[lang] += len(text.encode("utf-8"))
    return sizes
