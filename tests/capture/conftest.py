from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


class Repo:
    """A real git repository in a temporary folder, with commits at chosen times."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "mei@example.com")
        self.git("config", "user.name", "Mei Chen")
        self.count = 0

    def git(self, *args: str, env: dict | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.path), *args],
            check=True,
            capture_output=True,
            env={**os.environ, **(env or {})},
        )
        return done.stdout.decode("utf-8", "replace")

    def commit(
        self,
        message: str | bytes,
        when: str,
        files: dict[str, str] | None = None,
        email: str = "mei@example.com",
        name: str = "Mei Chen",
    ) -> str:
        self.count += 1
        for relative, text in (
            files or {f"work-{self.count}.txt": f"change {self.count}\n"}
        ).items():
            target = self.path / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
            self.git("add", relative)
        env = {
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_NAME": name,
        }
        message_file = self.path.parent / f"message-{self.count}.txt"
        message_file.write_bytes(message if isinstance(message, bytes) else message.encode())
        self.git("commit", "-q", "-F", str(message_file), env=env)
        return self.git("rev-parse", "--short", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "ledgerline")
