"""Reading and writing the user's files: strict UTF-8 in, atomic writes out."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from inpublic.errors import InpublicError, PostError, WorkspaceError


def read_text(path: Path, error: type[InpublicError] = PostError) -> str:
    """The file's text, with its line endings untouched.

    Raises ``error`` naming the file (and the line of the first bad byte) when the
    file is missing or is not UTF-8.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", path=path, hint="check the path") from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})",
            path=path,
            line=line,
            hint="save the file as UTF-8, e.g. 'iconv -f GBK -t UTF-8'",
        ) from None


def write_atomic(path: Path, text: str, sync: bool = True) -> None:
    """Write ``text`` to ``path`` so that a reader sees the old file or the new one, never half.

    The text goes to a temporary file in the same folder, is flushed to disk (unless
    ``sync`` is false: generated files that a build can write again), then replaces the
    target with ``os.replace``. The target's permissions are kept.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WorkspaceError(
            f"cannot write here: {exc.strerror}",
            path=folder,
            hint="check the folder's permissions or choose another folder",
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WorkspaceError(f"cannot write: {exc.strerror}", path=path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
