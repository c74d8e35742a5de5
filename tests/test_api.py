"""The Python API: `from inpublic import …`, loaded lazily, through a whole share."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import inpublic


def test_import_loads_nothing_until_a_name_is_used() -> None:
    code = "import sys, inpublic; print(sorted(m for m in sys.modules if m.startswith('inpublic')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['inpublic']"
    assert set(inpublic.__all__) == {*inpublic._API, "__version__"}


def test_a_share_through_the_api(tmp_path: Path) -> None:
    from inpublic import build_site, check_post, init_workspace, load_post, open_ledger, render

    workspace = init_workspace(tmp_path / "blog", name="Mei", channels=["hugo", "x"])
    path = workspace.posts_dir / "cache.md"
    path.write_text(
        "---\ntitle: CI from 14 to 4 minutes\ndate: 2026-11-02\n---\n\n"
        "## Problem\n\nEvery pull request waited 14 minutes for CI.\n\n"
        "## Solution\n\nI cached the wheel build and split the tests into four shards.\n\n"
        "## Result\n\nThe median run went from 14 min to 4 min over 120 runs.\n",
        "utf-8",
    )
    post = load_post(path)
    report = check_post(post, workspace.config.check)
    assert report.verdict == "READY", report.to_add
    rendered = render(path, workspace.config, ["hugo", "x"], workspace.out_dir)
    assert {output.channel for output in rendered.outputs} == {"hugo", "x"}
    assert build_site(workspace).posts == 1
    with open_ledger(workspace) as ledger:
        assert ledger.ship(post, "x").number == 1


def test_an_unknown_name_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        inpublic.nothing  # noqa: B018


def test_a_stage_takes_the_post_already_parsed(tmp_path: Path) -> None:
    """check, render and the Document share one parse: render takes the loaded post and its
    Document instead of reading the file again (issue 16, section 3)."""
    from inpublic import check_post, init_workspace, load_post, parse_document, render

    workspace = init_workspace(tmp_path / "blog", name="Mei")
    path = workspace.posts_dir / "cache.md"
    path.write_text("---\ntitle: Cache\n---\n\nThe build took 14 min; now 4 min.\n", "utf-8")
    post = load_post(path)
    document = parse_document(post)
    check_post(post)
    path.unlink()  # rendering reads nothing more from the file
    result = render(post, workspace.config, ["x"], workspace.out_dir, document=document)
    assert result.slug == "cache" and (workspace.out_dir / "cache" / "x.txt").is_file()
