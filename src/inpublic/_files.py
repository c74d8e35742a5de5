"""Reading and writing the user's files: strict UTF-8 in, atomic writes out."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from inpublic.errors import InpublicError, PostError, WorkspaceError


def read_text(
    path: Path, error: type[InpublicError] = PostError, max_bytes: int | None = None
) -> str:
    """The file's text, with its line endings untouched.

    Raises ``error`` naming the file (and the line of the first bad byte) when the file is
    missing, is not a regular file (a FIFO would block the read), is over ``max_bytes``, is
    binary (a NUL byte in its first 8 KB) or is not UTF-8.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise error("not a regular file", path=path, hint="give a text file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise error(
                f"too large to be a post ({info.st_size / 1024 / 1024:.1f} MB)",
                path=path,
                hint=f"files over {max_bytes // 1024 // 1024} MB are not read",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", path=path, hint="check the path") from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=path) from None
    if b"\0" in data[:8192]:
        raise error("a binary file, not text", path=path, hint="give a Markdown or text file")
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


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: its size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The file's stamp now; None when it cannot be read or is not a regular file."""
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                return None  # opening a FIFO would block
            with path.open("rb") as handle:
                found = os.fstat(handle.fileno())
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return None
        return cls(found.st_size, found.st_mtime_ns, digest)


def write_atomic(
    path: Path, text: str | bytes, sync: bool = True, *, expect: FileStamp | None = None
) -> None:
    """Write ``text`` (or bytes) to ``path`` so that a reader sees the old file or the new
    one, never half.

    The text goes to a temporary file in the same folder, is flushed to disk (unless
    ``sync`` is false: generated files that a build can write again), then replaces the
    target with ``os.replace``. The target's permissions are kept, and a file that is
    read-only (no write permission for its user, or no write bit at all) is not replaced.
    With ``expect``, the file must still be what was read, checked just before it is
    replaced: an edit saved meanwhile by someone else is never overwritten.
    """
    _refuse_read_only(path)
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
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        if expect is not None and FileStamp.of(path) != expect:
            raise WorkspaceError(
                "changed on disk while inpublic was working on it: not overwritten",
                path=path,
                hint="an editor or another program saved it; run the command again",
            )
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WorkspaceError(f"cannot write: {exc.strerror}", path=path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _refuse_read_only(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # a new file: the folder's permissions decide
    if not os.access(path, os.W_OK) or not mode & 0o222:
        raise WorkspaceError(
            "is read-only: not changed",
            path=path,
            hint="make it writable (chmod u+w) to let inpublic change it",
        )


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
