"""``inpublic`` run in a real pseudo-terminal, for the prompts a command only asks on one."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def run_in_a_terminal(
    args: Sequence[str],
    cwd: Path,
    answers: Sequence[tuple[bytes, bytes]] = (),
    env: dict[str, str] | None = None,
) -> str:
    """``inpublic ARGS`` on a pseudo-terminal; each (prompt, answer) typed once the prompt
    has been printed (the n-th time, for its n-th answer); all it printed. It must exit 0."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "inpublic", *args],
        cwd=cwd,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    said, seen = b"", dict[bytes, int]()
    for prompt, answer in answers:
        seen[prompt] = seen.get(prompt, 0) + 1
        while said.count(prompt) < seen[prompt]:
            said += os.read(leader, 1024)
        os.write(leader, answer)
    while True:
        try:
            chunk = os.read(leader, 1024)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        said += chunk
    assert process.wait(timeout=60) == 0, said.decode()
    os.close(leader)
    return said.decode()
