from __future__ import annotations

import json
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


def test_a_cache_that_cannot_be_written_does_not_stop_or_change_the_check(
    tmp_path: Path,
) -> None:
    post = tmp_path / "p.md"
    post.write_text(POST, "utf-8")
    expected = check_paths([post]).to_dict()
    state = tmp_path / "state"
    state.write_text("a file where the cache folder should be", "utf-8")
    for folder in (state, state / "sub"):  # neither can be created: as in a read-only workspace
        assert check_paths([post], cache_dir=folder).to_dict() == expected
    assert state.read_text("utf-8") == "a file where the cache folder should be"


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(POST, "utf-8")
    expected = check_paths([post]).to_dict()
    cache = tmp_path / "cache"
    cache.mkdir()
    for damaged in ("[]", "{", "null", '"x"'):
        (cache / "check-cache.json").write_text(damaged, "utf-8")
        assert check_paths([post], cache_dir=cache).to_dict() == expected
    entries = json.loads((cache / "check-cache.json").read_text("utf-8"))
    for entry in entries.values():
        entry["findings"] = [{"rule": "x"}]  # a wrong shape
    (cache / "check-cache.json").write_text(json.dumps(entries), "utf-8")
    assert check_paths([post], cache_dir=cache).to_dict() == expected
