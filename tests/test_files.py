"""write_atomic, which every stage uses to write: whole files, kept permissions, no lost edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from inpublic._files import FileStamp, write_atomic
from inpublic.errors import WorkspaceError


def test_a_new_file_and_a_replaced_one_keep_their_permissions(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.txt"
    write_atomic(path, "one\r\n")
    assert path.read_bytes() == b"one\r\n"
    path.chmod(0o640)
    write_atomic(path, "two")
    assert path.read_text() == "two" and path.stat().st_mode & 0o777 == 0o640


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "d" / "a.txt"
    path.parent.mkdir()
    path.write_text("mine")
    path.chmod(0o444)
    with pytest.raises(WorkspaceError, match="is read-only: not changed"):
        write_atomic(path, "theirs")
    assert path.read_text() == "mine"
    assert [p.name for p in path.parent.iterdir()] == ["a.txt"]


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "d" / "a.txt"
    path.parent.mkdir()
    path.write_text("read")
    stamp = FileStamp.of(path)
    write_atomic(path, "written", expect=stamp)  # unchanged: replaced
    assert path.read_text() == "written"
    stamp = FileStamp.of(path)
    path.write_text("saved!!")  # the same size
    with pytest.raises(WorkspaceError, match="changed on disk"):
        write_atomic(path, "lost update", expect=stamp)
    assert path.read_text() == "saved!!"
    assert [p.name for p in path.parent.iterdir()] == ["a.txt"]  # no temporary file left
    path.unlink()
    with pytest.raises(WorkspaceError, match="changed on disk"):
        write_atomic(path, "lost update", expect=stamp)  # deleted meanwhile
    assert not path.exists()


def test_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    """Outputs never write through a link to somewhere else; a caller that means to write
    to the link's target (check --fix) passes the resolved path."""
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep")
    link = tmp_path / "out.txt"
    link.symlink_to(target)
    write_atomic(link, "output")
    assert not link.is_symlink() and link.read_text() == "output"
    assert target.read_text() == "keep"
