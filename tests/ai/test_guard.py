"""The guard: a rewrite may delete, rephrase and ask; never add a number, a name or a link."""

from __future__ import annotations

import pytest

from inpublic.ai.guard import check_rewrite

EN = (
    "We moved CI from Jenkins to GitHub Actions: 14 min → 4 min for 1,200 tests. "
    "Details in https://example.com/ci and from @mei; the entry point is run_tests()."
)
ZH = "我们把发版检查写成了脚本，在 Jenkins 里跑：从 40 分钟降到 3 分钟，覆盖 23 项。详见 https://example.cn/a"


@pytest.mark.parametrize(
    "rewrite",
    [
        "CI takes 4 min instead of 14 min.",
        "The 1200 tests now run on GitHub Actions.",  # 1,200 read as 1200
        "We moved CI to GitHub Actions.",
        "Then we moved it. See https://example.com/ci.",
        "@mei wrote run_tests().",
        "Moved CI; 1,200 tests.",
        "How much faster is it now?",
    ],
)
def test_english_rewrites_that_add_nothing_pass(rewrite: str) -> None:
    assert check_rewrite(rewrite, EN) is None


@pytest.mark.parametrize(
    ("rewrite", "added"),
    [
        ("CI is 40% faster.", [("number", "40")]),
        ("CI takes 4.5 min.", [("number", "4.5")]),
        ("We moved CI to Redis-backed runners.", [("name", "Redis-backed")]),
        ("It runs on Kubernetes.", [("name", "Kubernetes")]),
        ("Thanks to @bob.", [("name", "@bob")]),
        ("Call fast_path() first.", [("name", "fast_path")]),
        ("Use `make ci` now.", [("name", "make ci")]),
        ("See https://example.org/x for the numbers.", [("link", "https://example.org/x")]),
        ("See [the log](https://evil.example/log).", [("link", "https://evil.example/log")]),
    ],
)
def test_english_rewrites_that_add_a_fact_are_rejected(rewrite: str, added) -> None:
    rejection = check_rewrite(rewrite, EN)
    assert rejection is not None and list(rejection.added) == added


@pytest.mark.parametrize(
    "rewrite",
    ["检查从 40 分钟降到 3 分钟。", "我们在 Jenkins 里跑脚本。", "覆盖 ２３ 项。", "快了多少？"],
)
def test_chinese_rewrites_that_add_nothing_pass(rewrite: str) -> None:
    assert check_rewrite(rewrite, ZH) is None


@pytest.mark.parametrize(
    ("rewrite", "why"),
    [
        ("检查快了 5 倍。", "加入了原文没有的数字 5"),
        ("我们在 GitLab 里跑脚本。", "加入了原文没有的名字 GitLab"),
        ("从 40 分钟降到 2 分钟，见 https://x.cn", "加入了原文没有的数字 2, 链接 https://x.cn"),
    ],
)
def test_chinese_rewrites_that_add_a_fact_are_rejected_with_why(rewrite: str, why: str) -> None:
    rejection = check_rewrite(rewrite, ZH)
    assert rejection is not None and rejection.text("zh") == why


def test_the_reason_reads_in_english() -> None:
    rejection = check_rewrite("It is 3x faster on Postgres.", EN)
    assert rejection is not None
    assert rejection.text("en") == "adds the number 3, the name Postgres, not in the post"
