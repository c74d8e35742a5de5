"""The micro-report parts by content (issue 13, sections 1, 2 and 9): what a measurement is,
which sentence is a problem, a solution, a result and its baseline, and the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from inpublic.check import Verdict, check_file
from inpublic.config import CheckSettings
from inpublic.document import parse_document
from inpublic.document.parts import find_parts, has_measure, measures
from inpublic.workspace import parse_post

# ---------------------------------------------------------------------------------------------
# Section 2: a measurement is a measurement


@pytest.mark.parametrize(
    "text",
    [
        "The import takes 3 s.",  # a number with a unit
        "峰值内存 1.8 GB。",
        "Throughput is 12,000 QPS on one node.",
        "The page weighs 420 KB.",
        "每次发版要等 25 分钟。",
        "Cold start went from 2.1 s to 0.6 s.",  # before → after, in any phrasing
        "Cold start: 2.1 s → 0.6 s.",
        "接口耗时从 800 毫秒降到了 90 毫秒。",
        "p95 is 140 ms, vs 610 ms on the old box.",
        "对比旧方案的 35 秒，新方案 6 秒。",
        "Linking is 7x faster.",
        "打包快了 1.7 倍。",
        "内存占用减少了 40%。",
        "We cut the error rate by 30 %.",
        "All 200/200 fixtures pass.",  # a ratio or a fraction
        "12 of 14 services moved.",
        "The patch touched 9 files.",  # a count of things with its noun
        "一共改了 37 行。",
        "The index covers about 48 million rows.",  # a count with its magnitude
    ],
)
def test_these_are_measurements(text: str) -> None:
    assert has_measure(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Released v2.4.0 today.",  # versions
        "Upgraded from 2.1.0 → 2.2.0.",
        "We moved to Python 3.12 and Node 20.",
        "升级到 1.21.3 之后再说。",
        "See #123 and PR 4567 for the discussion.",  # issue and pull-request references
        "Founded in 2015, the company is based in Berlin.",  # dates and years
        "公司成立于 2015 年。",
        "The incident started on 2023-12-08 at 14:05 UTC.",
        "2022 年 3 月 5 日上线。",
        "Call us on +1 415-555-0134 or 138 1234 5678.",  # phone numbers
        "咨询电话 010-12345678，手机 13812345678。",
        "第 3 步：打开设置。",  # ordinals and labels
        "See step 3 and figure 2.",
        "The run ended with 0 xfail.",  # a digit touching letters
        "It runs on x86 and arm64 under k8s.",
        "We are open 24/7.",
        "4/22 14:30 发布。",  # a month and a day before a clock time
        "对比上线前一周（2/26–3/3）的数据。",
    ],
)
def test_these_are_not_measurements(text: str) -> None:
    assert not has_measure(text), (text, measures(text))


@pytest.mark.parametrize(
    "text",
    [
        "Trusted by 200+ customers.",
        "10,000 users served.",
        "9+ years of experience in backend systems.",
        "Up to 10x faster than the alternatives.",
        "我们已服务超过 1 万家企业。",
        "全网阅读量超过 300 万。",
        "签约效率提升 90% 以上。",
        "We raised $40 million in Series B funding.",
        "Today we announce a $40 million Series B.",
        "We crossed $12M ARR.",
    ],
)
def test_boasts_are_not_measured_results(text: str) -> None:
    assert not [m for m in measures(text) if m.result], (text, measures(text))


# ---------------------------------------------------------------------------------------------
# Section 1: readiness decided by content


def check(tmp_path: Path, body: str, lang: str | None = None, default: str = "en"):
    front = "---\ntitle: A post\n" + (f"lang: {lang}\n" if lang else "") + "---\n\n"
    path = tmp_path / "post.md"
    path.write_text(front + body, "utf-8")
    return check_file(path, CheckSettings(), default)


HEADINGLESS_EN = """\
Our nightly export to the data warehouse kept timing out after 40 minutes, and the analysts
waited until noon for yesterday's numbers.

I replaced the row-by-row inserts with COPY in batches of 50,000 rows and dropped two indexes
during the load.

The export now finishes in 6 minutes instead of 40.
"""

HEADINGLESS_ZH = """\
我们的日志清洗任务每天凌晨都会超时，运维要手工重跑，经常拖到上午。

我把单线程的解析改成了 8 个进程并行，并且把正则预编译了。

现在整个任务从 52 分钟降到了 9 分钟。
"""


@pytest.mark.parametrize("body", [HEADINGLESS_EN, HEADINGLESS_ZH])
def test_a_post_with_no_headings_that_holds_the_parts_is_ready(tmp_path: Path, body) -> None:
    report = check(tmp_path, body)
    assert report.verdict == Verdict.READY, report.to_add
    assert all(report.parts[p] for p in ("problem", "solution", "result", "baseline"))


@pytest.mark.parametrize(
    "body",
    [
        "## Context\n\nWe are thrilled to share some big news with our community.\n\n"
        "## Solution\n\nOur platform empowers teams to unlock their full potential.\n\n"
        "## Results\n\nThe response has been incredible and we could not be prouder.\n",
        "## 背景\n\n我们很高兴地宣布一个好消息。\n\n## 方案\n\n平台全面赋能企业数字化转型。\n\n"
        "## 效果\n\n客户反响热烈，好评如潮。\n",
    ],
)
def test_headings_without_the_parts_in_their_sentences_are_not_ready(tmp_path, body) -> None:
    report = check(tmp_path, body)
    assert report.verdict == Verdict.NOT_READY
    assert report.parts["result"] is None and report.parts["solution"] is None


def test_the_three_cases_of_issue_13(tmp_path: Path) -> None:
    linker = check(
        tmp_path,
        "## Motivation\n\nOn large projects, the linker can take several seconds on every "
        "rebuild.\n\n## What changed\n\nThe compiler now uses the LLD linker by default on "
        "x86_64 Linux.\n\n## Benefits\n\nLinking is reduced 7x, a 40 % reduction in "
        "end-to-end compilation time.\n",
    )
    assert linker.verdict == Verdict.READY, linker.to_add  # headings other than the template's
    funding = check(
        tmp_path,
        "## Context\n\nWe are thrilled to announce that Acme has raised a $20M Series A.\n\n"
        "## Solution\n\nAcme is the leading platform for modern data teams.\n\n"
        "## Results\n\nSince 2021 we have grown to 150 customers. We couldn't be more excited.\n",
    )
    assert funding.verdict == Verdict.NOT_READY  # template headings over a press release
    assert funding.parts["problem"] is None and funding.parts["result"] is None
    see = check(
        tmp_path,
        "## Problem\n\nThe cache was slow.\n\n## Solution\n\nI rewrote the cache.\n\n"
        "## Result\n\nIt is much better, see #123.\n",
    )
    assert see.verdict == Verdict.NOT_READY and see.parts["result"] is None


def test_a_result_without_its_baseline_is_almost_and_asks_for_it(tmp_path: Path) -> None:
    body = (
        "Our deploy script failed whenever the registry was slow.\n\n"
        "I added retries with backoff and a local cache of the base image.\n\n"
        "It takes 3 s now.\n"
    )
    report = check(tmp_path, body)
    assert report.verdict == Verdict.ALMOST
    assert report.to_add == ("the baseline: what was it before? (14 min → 4 min)",)
    zh = check(
        tmp_path,
        "部署脚本在镜像仓库慢的时候经常失败。\n\n我加了带退避的重试。\n\n现在只要 3 秒。\n",
    )
    assert (zh.verdict, zh.to_add) == (Verdict.ALMOST, ("基线：之前是多少？（14 分钟 → 4 分钟）",))


@pytest.mark.parametrize(
    "baseline",
    [
        "## Before\n\nA full rebuild took 14 minutes on the CI runner.\n\n",  # a Before section
        "Before the change, a full rebuild took 14 minutes.\n\n",  # a sentence that says how it was
        "| run | before | after |\n|---|---|---|\n| full | 14 min | 4 min |\n\n",  # a table
        "| build | time |\n|---|---|\n| old | 14.2 |\n| new | 4.1 |\n\n",  # two rows of numbers
    ],
)
def test_the_baseline_may_sit_anywhere(tmp_path: Path, baseline: str) -> None:
    body = (
        "CI was slow, and every pull request waited for it.\n\n"
        + baseline
        + "I cached the wheels and split the tests into four jobs.\n\n"
        "A full rebuild takes 4 minutes now.\n"
    )
    report = check(tmp_path, body)
    assert report.verdict == Verdict.READY, (report.to_add, report.parts)


@pytest.mark.parametrize(
    "body",
    [
        "We're thrilled to announce our $40 million Series B. Founded in 2015, we now serve "
        "10,000 users and 200+ customers across 30 countries. Version 3.0 is out today.\n",
        "公司成立于 2015 年，已服务超过 1 万家企业，累计用户 3000 万。"
        "我们荣获 2024 年度最佳创新奖。全新 8.0 版本今天正式发布！\n",
    ],
)
def test_a_boastful_post_is_not_ready_for_want_of_a_measured_result(tmp_path, body) -> None:
    report = check(tmp_path, body)
    assert report.verdict == Verdict.NOT_READY
    assert report.parts["result"] is None
    assert any("14" in item for item in report.to_add)  # the measured result is asked for


@pytest.mark.parametrize(
    "goal",
    [
        "Next, we want to get it from 4 minutes to 2 minutes.",
        "The target is a 40 % cut in build time.",
        "今年的目标是把日志成本降低 40%。",
        "预计上线后能快 2 倍。",
    ],
)
def test_a_goal_or_a_forecast_is_not_a_result(goal: str) -> None:
    post = parse_post("---\ntitle: t\n---\n\n" + goal + "\n", Path("p.md"))
    assert find_parts(parse_document(post)).result is None


@pytest.mark.parametrize(
    "baseline",
    [
        "## 优化前\n\n完整构建一次要 14 分钟。\n\n## 做法\n\n",
        "之前完整构建一次要 14 分钟。\n\n",
        "| 指标 | 优化前 | 优化后 |\n|---|---|---|\n| 构建 | 14 分钟 | 4 分钟 |\n\n",
    ],
)
def test_the_baseline_may_sit_anywhere_in_chinese(tmp_path: Path, baseline: str) -> None:
    body = (
        "CI 太慢了，每个合并请求都要等。\n\n"
        + baseline
        + "我把依赖缓存起来，测试拆成了四个并行任务。\n\n现在完整构建只要 4 分钟。\n"
    )
    report = check(tmp_path, body)
    assert report.verdict == Verdict.READY, (report.to_add, report.parts)


def test_release_notes_act_in_their_list_items(tmp_path: Path) -> None:
    body = (
        "- Fixed a crash when the config file was empty.\n"
        "- Replaced the JSON parser; loading a 40 MB file went from 2.3 s to 0.8 s.\n"
        "- 修复了导出时报错的问题。\n"
    )
    report = check(tmp_path, body)
    assert report.verdict == Verdict.READY, report.to_add


@pytest.mark.parametrize(
    ("text", "part", "found"),
    [
        (
            "The pool size was lowered to 5 and the old value was restored at 09:51.",
            "solution",
            True,
        ),
        ("The change was rolled back at 09:51.", "solution", True),  # the passive acts too
        ("New packets were dropped.", "solution", False),  # a failure, not an action
        ("最后通过给重试加上限解决了积压。", "solution", True),
        ("Moving to a new city was hard.", "solution", False),
        ("翻页的问题也处理了：现在改成游标分页。", "solution", True),  # no subject in Chinese
        ("| 15:22 | Raised the limit from 262,144 to 1,048,576 by hand |", "solution", False),
        ("The gzip step takes most of the job's four hours.", "problem", True),  # a cost
        ("每次打包要花 20 分钟。", "problem", True),
        ("Reduced infrastructure costs by 35% with spot instances.", "problem", False),
        ("云成本降低了 30%。", "problem", False),  # a pain said to be reduced is a result
        ("Fixed a crash when the config file was empty.", "problem", True),
    ],
)
def test_problem_and_solution_cues(text: str, part: str, found: bool) -> None:
    post = parse_post("---\ntitle: t\n---\n\n" + text + "\n", Path("p.md"))
    assert (find_parts(parse_document(post)).get(part) is not None) is found


def test_a_postmortem_acts_in_its_timeline(tmp_path: Path) -> None:
    body = (
        "About 6% of API requests failed with a timeout for two hours.\n\n"
        "## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n"
        "| 14:06 | Error rate rises from 0.05% to 6% |\n"
        "| 15:22 | Raised the conntrack limit on the affected nodes by hand |\n"
        "| 16:31 | The exporter rolled back to the previous release |\n"
    )
    report = check(tmp_path, body)
    assert report.parts["solution"] and report.parts["solution"].line == 12
    assert report.verdict == Verdict.READY, report.to_add


def test_a_chinese_post_gets_chinese_messages_without_lang(tmp_path: Path) -> None:
    report = check(tmp_path, "这次上线之后，大家都觉得挺好的。\n", default="en")
    assert report.verdict == Verdict.NOT_READY
    assert all(any("\u4e00" <= c <= "\u9fff" for c in item) for item in report.to_add)
    english = check(tmp_path, "Everyone liked it after the launch.\n", default="zh")
    assert not any("\u4e00" <= c <= "\u9fff" for item in english.to_add for c in item)


def test_the_key_result_is_found_without_headings() -> None:
    from inpublic.channels._plain import first_sentence, key_result

    post = parse_post("---\ntitle: t\n---\n\n" + HEADINGLESS_ZH, Path("p.md"))
    document = parse_document(post)
    assert key_result(document) == "现在整个任务从 52 分钟降到了 9 分钟。"
    assert first_sentence(document, "problem").startswith("我们的日志清洗任务")
    parts = find_parts(document)
    assert parts.result and parts.result.line == 9 and parts.result.column == 1
