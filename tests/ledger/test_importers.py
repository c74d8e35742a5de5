from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inpublic.ledger import LedgerError
from inpublic.ledger.importers import formats, import_file, parse_count, parse_date

AS_OF = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.2万", 12000),
        ("1,234", 1234),
        ("1.2K", 1200),
        ("3.4M", 3_400_000),
        ("0", 0),
        ("-", None),
        ("", None),
        (" 56 ", 56),
        (7.0, 7),
        ("2亿", 200_000_000),
    ],
)
def test_counts(text, value) -> None:
    assert parse_count(text) == value


def test_bad_count() -> None:
    with pytest.raises(ValueError):
        parse_count("lots")


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("x", "2026-11-03 18:42 +0000"),
        ("x", "Tue, Nov 03, 2026"),
        ("wechat", "20261103"),
        ("linkedin", "11/03/2026"),
        ("xiaohongshu", "2026/11/03"),
        ("csv", "2026-11-03"),
        ("wechat", "2026年11月03日"),
        ("csv", "2026-11-03T23:30:00+08:00"),
        ("x", "2026-11-03T10:00:00Z"),
    ],
)
def test_dates_in_the_formats_each_platform_documents(source, text) -> None:
    patterns = formats()[source]["date_formats"]
    assert parse_date(text, patterns) == dt.date(2026, 11, 3)


def test_a_day_first_or_month_first_date_is_read_only_where_the_platform_writes_it() -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date("03/11/2026", formats()["wechat"]["date_formats"])
    assert parse_date("03/11/2026", formats()["linkedin"]["date_formats"]) == dt.date(2026, 3, 11)


def metrics(ledger) -> list[tuple]:
    return [
        tuple(r)
        for r in ledger.db.execute(
            "SELECT share_id, source, impressions, likes, comments, reposts, saves, follows, "
            "clicks, engagements FROM metrics ORDER BY share_id, source"
        )
    ]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_x_legacy_and_current_exports(ledger, shipped, tmp_path) -> None:
    legacy = write(
        tmp_path / "tweet_activity.csv",
        "Tweet id,Tweet permalink,Tweet text,time,impressions,engagements,"
        "engagement rate,retweets,replies,likes,user profile clicks,url clicks,follows\n"
        "102,https://twitter.com/mei/status/102,CI from 14 to 4 minutes…,"
        '2026-11-02 13:00 +0000,"1,200",80,0.066,3,4,50,9,12,2\n',
    )
    result = import_file(ledger, legacy, "x", as_of=AS_OF)
    assert (result.imported, result.unmatched, result.bad) == (1, [], [])
    current = write(
        tmp_path / "account_analytics_content.csv",
        "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,"
        "Shares,New follows,Replies,Reposts,Profile visits,URL Clicks\n"
        '103,"Tue, Nov 03, 2026",SQLite search…,https://x.com/mei/status/103,'
        "900,30,41,5,1,1,2,3,7,4\n",
    )
    assert import_file(ledger, current, "x", as_of=AS_OF).imported == 1
    assert metrics(ledger) == [
        (1, "x", 1200, 50, 4, 3, None, 2, 12, 80),
        (3, "x", 900, 30, 2, 3, 5, 1, 4, 41),
    ]


def test_reimporting_changes_nothing(ledger, shipped, tmp_path) -> None:
    file = write(tmp_path / "x.csv", "Post id,Impressions,Likes\n102,100,5\n103,200,9\n")
    assert import_file(ledger, file, "x", as_of=AS_OF).imported == 2
    before = metrics(ledger)
    again = import_file(ledger, file, "x", as_of=AS_OF)
    assert (again.imported, again.unchanged) == (0, 2)
    assert metrics(ledger) == before


def test_wechat_export_in_gbk(ledger, shipped, tmp_path) -> None:
    file = write(
        tmp_path / "图文分析.csv",
        "内容标题,发表日期,阅读人数,分享人数,阅读后关注人数,点赞,内容url\n"
        "CI from 14 to 4 minutes,20261102,1.2万,35,6,88,\n"
        'SQLite search,20261103,"2,345",12,1,20,https://mp.weixin.qq.com/s/search\n',
        encoding="gbk",
    )
    result = import_file(ledger, file, "wechat", as_of=AS_OF)
    assert result.imported == 2
    assert [(m[0], m[2], m[3], m[5], m[7]) for m in metrics(ledger)] == [
        (2, 12000, 88, 35, 6),
        (4, 2345, 20, 12, 1),
    ]


def test_a_tab_separated_export_under_a_title_row_is_told_apart_by_its_columns(
    ledger, shipped, tmp_path
) -> None:
    """Exports often start with a title row and some use tabs; the platform is told by the
    columns, and a wrong --from is named for what the file looks like."""
    file = write(
        tmp_path / "图文分析.tsv",
        "公众号图文数据\t\t\t\n"
        "内容标题\t发表日期\t阅读人数\t点赞\t内容url\n"
        "CI from 14 to 4 minutes\t20261102\t1200\t88\t\n",
    )
    result = import_file(ledger, file, "auto", as_of=AS_OF)
    assert (result.source, result.imported, result.bad) == ("wechat", 1, [])
    with pytest.raises(LedgerError, match="this looks like a wechat export") as caught:
        import_file(ledger, file, "x", as_of=AS_OF)
    assert "--from wechat" in str(caught.value)
    unknown = write(tmp_path / "other.csv", "a,b\n1,2\n")
    with pytest.raises(LedgerError, match="cannot tell which platform made this file"):
        import_file(ledger, unknown, "auto", as_of=AS_OF)


def test_xiaohongshu_export(ledger, shipped, tmp_path) -> None:
    from inpublic.ledger import Ledger

    assert isinstance(ledger, Ledger)
    ledger.ship(shipped[0], "xiaohongshu", at=dt.datetime(2026, 11, 5, 9, tzinfo=dt.UTC))
    file = write(
        tmp_path / "笔记列表.csv",
        "笔记标题,首次发布时间,体裁,曝光,观看量,封面点击率,点赞,评论,收藏,涨粉,分享,人均观看时长,弹幕\n"
        "CI from 14 to 4 minutes,2026-11-05 17:00,图文,1.5万,3200,14%,210,18,96,12,7,30,0\n",
    )
    assert import_file(ledger, file, "xiaohongshu", as_of=AS_OF).imported == 1
    assert metrics(ledger) == [(7, "xiaohongshu", 15000, 210, 18, 7, 96, 12, None, None)]


def test_linkedin_workbook_with_side_by_side_tables(ledger, shipped, tmp_path) -> None:
    from openpyxl import Workbook

    ledger.ship(
        shipped[1],
        "linkedin",
        url="https://www.linkedin.com/feed/update/urn:li:1",
        at=dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC),
    )
    book = Workbook()
    book.active.title = "DISCOVERY"
    sheet = book.create_sheet("TOP POSTS")
    sheet.append(["Maximum of 50 posts available"])
    sheet.append([])
    sheet.append(
        [
            "Post URL",
            "Post publish date",
            "Engagements",
            None,
            "Post URL",
            "Post publish date",
            "Impressions",
        ]
    )
    sheet.append(
        [
            "https://www.linkedin.com/feed/update/urn:li:1",
            "11/03/2026",
            64,
            None,
            "https://www.linkedin.com/feed/update/urn:li:1",
            "11/03/2026",
            2100,
        ]
    )
    path = tmp_path / "Content_2026-11-01_2026-11-20_Mei.xlsx"
    book.save(path)
    assert import_file(ledger, path, "linkedin", as_of=AS_OF).imported == 1
    assert metrics(ledger) == [(7, "linkedin", 2100, None, None, None, None, None, None, 64)]


def test_generic_csv_with_mapped_columns(ledger, shipped, tmp_path) -> None:
    file = write(
        tmp_path / "mine.csv", "channel,url,Seen,Hearts\nx,https://x.com/mei/status/104,500,25\n"
    )
    with pytest.raises(LedgerError) as caught:
        import_file(ledger, file, "csv", as_of=AS_OF)
    assert "expected some of" in caught.value.hint and "Seen, Hearts" in caught.value.hint
    result = import_file(
        ledger, file, "csv", as_of=AS_OF, mapping={"Seen": "impressions", "Hearts": "likes"}
    )
    assert result.imported == 1
    assert metrics(ledger)[0][:4] == (5, "csv", 500, 25)


def test_unknown_columns_list_what_was_expected(ledger, tmp_path) -> None:
    file = write(tmp_path / "odd.csv", "foo,bar\n1,2\n")
    with pytest.raises(LedgerError) as caught:
        import_file(ledger, file, "wechat")
    assert "do not look like a wechat export" in caught.value.message
    assert "阅读人数" in caught.value.hint and "found: foo, bar" in caught.value.hint


def test_empty_file(ledger, tmp_path) -> None:
    with pytest.raises(LedgerError) as caught:
        import_file(ledger, write(tmp_path / "empty.csv", "\n\n"), "x")
    assert "empty" in caught.value.message


def test_bad_rows_reject_the_whole_file_unless_skipped(ledger, shipped, tmp_path) -> None:
    file = write(
        tmp_path / "x.csv",
        "Post id,Impressions,Likes,Date\n102,100,5,2026-11-02\n"
        "103,lots,9,2026-11-03\n104,30,1,someday\n",
    )
    with pytest.raises(LedgerError) as caught:
        import_file(ledger, file, "x", as_of=AS_OF)
    assert "2 bad row(s); nothing was imported" in caught.value.message
    assert "row 3: Impressions: not a count: 'lots'" in caught.value.message
    assert "row 4: Date: not a date: 'someday'" in caught.value.message
    assert metrics(ledger) == []
    result = import_file(ledger, file, "x", as_of=AS_OF, skip_bad=True)
    assert result.imported == 1 and len(result.bad) == 2


def test_ambiguous_rows_are_confirmed_from_a_list(ledger, tmp_path) -> None:
    from .conftest import make_post

    at = dt.datetime(2026, 11, 2, 21, tzinfo=dt.UTC)
    ledger.ship(make_post("a", "Weekly notes"), "wechat", at=at)
    ledger.ship(make_post("b", "Weekly notes"), "wechat", at=at + dt.timedelta(hours=1))
    file = write(tmp_path / "w.csv", "内容标题,发表日期,阅读人数\nWeekly notes,20261102,300\n")
    result = import_file(ledger, file, "wechat", as_of=AS_OF)
    assert (result.imported, result.ambiguous) == (0, [2])
    seen = []

    def pick_second(row, candidates):
        seen.append([c["slug"] for c in candidates])
        return candidates[1]["id"]

    assert import_file(ledger, file, "wechat", as_of=AS_OF, resolve=pick_second).imported == 1
    assert seen == [["a", "b"]]
    assert metrics(ledger)[0][0] == 2


def test_a_killed_import_leaves_the_ledger_as_it_was(workspace, ledger, shipped, tmp_path) -> None:
    rows = "".join(f"10{2 + i % 3},{i},{i}\n" for i in range(30000))
    file = write(tmp_path / "big.csv", "Post id,Impressions,Likes\n" + rows)
    marker = tmp_path / "inside"
    script = f"""
import datetime as dt, time
from pathlib import Path
from inpublic.ledger import Ledger
from inpublic.ledger.importers import import_file

class Stalling:
    \"\"\"The ledger's connection, stalled right after the import's rows are written.\"\"\"
    def __init__(self, db):
        self.db = db
    def __getattr__(self, name):
        return getattr(self.db, name)
    def executemany(self, *args):
        cursor = self.db.executemany(*args)
        Path({str(marker)!r}).write_text("x")
        time.sleep(60)
        return cursor

with Ledger(Path({str(workspace.state_dir / "ledger.db")!r})) as ledger:
    ledger.db = Stalling(ledger.db)
    import_file(ledger, Path({str(file)!r}), "x", as_of=dt.date(2026, 11, 21))
"""
    before = metrics(ledger)
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 60
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the import never started writing"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert metrics(ledger) == before


def test_the_posts_of_an_x_thread_add_up_to_its_share(ledger, shipped, tmp_path) -> None:
    """A thread's later posts ("2/3", "3/3") have their own links; their counts are the
    thread's, so they fold into the share of that day instead of matching no share."""
    file = write(
        tmp_path / "tweet_activity.csv",
        "Tweet id,Tweet permalink,Tweet text,time,impressions,likes,replies\n"
        "102,https://x.com/mei/status/102,CI from 14 to 4 minutes 1/3,"
        "2026-11-02 13:00 +0000,1000,50,4\n"
        "202,https://x.com/mei/status/202,The cache key is the lock file. 2/3,"
        "2026-11-02 13:01 +0000,300,10,1\n"
        "203,https://x.com/mei/status/203,Next: the test shards. 3/3,"
        "2026-11-02 13:01 +0000,200,5,\n"
        "204,https://x.com/mei/status/204,A reply from someone else 2/3,"
        "2026-10-20 13:01 +0000,9,1,0\n",
    )
    result = import_file(ledger, file, "x", as_of=AS_OF)
    assert (result.imported, result.unmatched) == (1, [5])  # no X share on 20 October
    assert metrics(ledger) == [(1, "x", 1500, 65, 5, None, None, None, None, None)]
    again = import_file(ledger, file, "x", as_of=AS_OF)
    assert (again.imported, again.unchanged) == (0, 1)
