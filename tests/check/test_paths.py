"""check_paths: one file that cannot be read never stops the others, in either path."""

from __future__ import annotations

from pathlib import Path

import pytest

from inpublic.check import check_paths

GOOD = "---\ntitle: t\nlang: en\n---\n\n## Problem\n\nIt is amazing.\n"


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "process-pool"])
def test_bad_front_matter_is_one_files_error(tmp_path: Path, jobs: int) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    for index in range(30):  # enough for the process pool
        (folder / f"good-{index:02}.md").write_text(GOOD, "utf-8")
    (folder / "bad.md").write_text(GOOD.replace("lang: en", "date: 2026-02-30"), "utf-8")
    report = check_paths([folder], jobs=jobs)
    errors = {f.path.name: f.error for f in report.files if f.error}
    assert list(errors) == ["bad.md"]
    assert "not a real date: 2026-02-30" in errors["bad.md"]
    assert all(any(x.rule == "en.peacock" for x in f.findings) for f in report.files if not f.error)
    assert len(report.files) == 31
