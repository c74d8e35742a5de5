from __future__ import annotations

from pathlib import Path

import pytest

from inpublic.channels import render_post
from inpublic.config import Config, XSettings

MIXED = """---
title: 缓存 wheel：CI 从 14 分钟到 4 分钟
date: 2026-10-12
slug: ci-cache
lang: zh
tags: [ci, python, github-actions]
series: build-speed
project: ledgerline
draft: false
weight: 7
---

## 问题

每个 PR 都要等 14 分钟的 CI，评审只能攒着一起做。See [the CI log](https://ci.example.com/runs/42).

<!--more-->

## 方案

1. 按 `requirements.lock` 的哈希缓存 wheel。
   - 嵌套的一项，链接到[同一个日志](https://ci.example.com/runs/42)。
2. 把测试拆成 4 组，见 [公众号文章](https://mp.weixin.qq.com/s/abc)。

```python
def build(wheels):
\tfor wheel in wheels:  # a tab, then spaces
        print("  two spaces")
```

![CI 时间](chart.png)

<script>alert(1)</script>

## 结果

CI 中位数从 14 分钟降到 4 分钟，评审等待从 5.2 小时降到 1.9 小时。
"""


@pytest.fixture
def render(tmp_path: Path):
    """Write a post (with a 300×150 chart image beside it) and render it."""
    from PIL import Image

    def run(
        text: str = MIXED, channels=("hugo",), config: Config | None = None, image: bool = True
    ):
        posts = tmp_path / "posts"
        posts.mkdir(exist_ok=True)
        if image:
            Image.new("RGB", (300, 150), (200, 30, 30)).save(posts / "chart.png")
        post = posts / "post.md"
        post.write_text(text, "utf-8")
        # The X thread in full (not the default "short"): the tests read every piece of it.
        config = config or Config(x=XSettings(thread="full"))
        return render_post(post, config, list(channels), tmp_path / "out")

    return run
