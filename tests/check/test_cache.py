from __future__ import annotations

from pathlib import Path

import inpublic.check as check_module
from inpublic.check import check_paths
from inpublic.config import CheckSettings

POST = "---\ntitle: t\nlang: en\n---\n\n## Problem\n\nIt is amazing and very slow.\n"


def test_unchanged_files_come_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    post = tmp_path / "p.md"
    post.write_text(POST, "utf-8")
    cache = tmp_path / "cache"
    first = check_paths([post], cache_dir=cache)
    assert (cache / "check-cache.json").exists()

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cached file was checked again")

    monkeypatch.setattr(check_module, "check_file", must_not_run)
    second = check_paths([post], cache_dir=cache)
    assert second.to_dict() == first.to_dict()
    assert second.files[0].findings == first.files[0].findings


def test_a_changed_file_or_setting_is_checked_again(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(POST, "utf-8")
    cache = tmp_path / "cache"
    rules = {f.rule for f in check_paths([post], cache_dir=cache).files[0].findings}
    assert "en.peacock" in rules
    post.write_text(POST.replace("amazing", "fine"), "utf-8")
    rules = {f.rule for f in check_paths([post], cache_dir=cache).files[0].findings}
    assert "en.peacock" not in rules and "en.intensifier" in rules
    quiet = CheckSettings(disable=["intensifier"])
    rules = {f.rule for f in check_paths([post], quiet, cache_dir=cache).files[0].findings}
    assert "en.intensifier" not in rules
