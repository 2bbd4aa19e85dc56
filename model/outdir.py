"""Output directories: where results go, who may write there, and how files are replaced.

* `default_out`: a name from a scenario or sweep (``meta.name``, ``sweep.name``) becomes one
  sanitised path component under the default root (``runs/``, ``out/``); it can never leave
  that root (``../../x``, absolute paths, NUL bytes and over-long names are made safe).
* `locked`: an advisory lock (``fcntl.flock`` on ``DIR/.cadresim.lock``) held for a whole
  command; a second writer is refused with one line naming the holder (pid, command). The
  kernel drops the lock when its process dies, so a lock file left by a killed process is
  stale and simply taken over (its holder is not alive to hold the lock). Taking the lock also proves the directory is writable, before any
  work starts.
* `atomic_write_bytes`: a unique temporary name in the same directory, fsync, then
  ``os.replace``: a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import EnvironmentFailure, InputError, OutputLockedError, environment_failure

LOCK_NAME = ".cadresim.lock"
MAX_NAME = 80  # characters of a directory name made from a scenario or sweep name

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(name: str, fallback: str = "unnamed") -> str:
    """`name` as one harmless path component: letters (any script), digits, ``_ . -``.

    Path separators, NUL and other characters become ``_``; leading dots are dropped (no
    ``..``, no hidden files); the result is at most `MAX_NAME` characters.
    """
    text = unicodedata.normalize("NFC", str(name)).replace("\x00", "")
    text = _UNSAFE.sub("_", text).strip("._")
    text = text[:MAX_NAME].rstrip("._")
    return text or fallback


def default_out(root: str | Path, name: str) -> Path:
    """``root/<safe name>``: the default output directory for a scenario or sweep called `name`."""
    return Path(root) / safe_name(name)


def check_out_path(out: str | Path, flag: str = "--out") -> Path:
    """`out` as a Path, refusing what cannot be a directory name (NUL bytes, over-long parts)."""
    text = os.fspath(out)
    if "\x00" in text:
        raise InputError(f"{flag}: expected a directory path, got one with a NUL byte")
    p = Path(text)
    if any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in p.parts):
        raise InputError(f"{flag}: a path component is longer than 255 bytes")
    if p.exists() and not p.is_dir():
        raise InputError(f"{flag} {p}: exists and is not a directory")
    return p


def _holder(lock_path: Path) -> str:
    try:
        with open(lock_path, encoding="utf-8", errors="replace") as f:
            text = " ".join(f.read(1000).split())
    except OSError:
        text = ""
    m = re.match(r"pid (\d+)", text)
    if m:
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:  # its worker processes still hold the lock for a moment
            return f"{text}, which has ended; its workers are stopping, try again in a few seconds"
        except OSError:
            pass
    return text or "another process"


@contextmanager
def locked(out: str | Path, command: str = "cadresim") -> Iterator[Path]:
    """Create `out` if needed and hold its lock while the block runs.

    Raises `OutputLockedError` when another process holds it, `EnvironmentFailure` when the
    directory cannot be created or written (read-only, full, no permission).
    """
    out = check_out_path(out)
    created = not out.exists()
    lock_path = out / LOCK_NAME
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(f"--out {out}: a part of the path is a file, not a directory") from None
    except OSError as e:
        raise environment_failure(e, out) from None
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no advisory locks, run unguarded
        fcntl = None  # type: ignore[assignment]
    for _ in range(100):
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise environment_failure(e, out) from None
        if fcntl is None:
            break
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputLockedError(f"{out}: in use by {_holder(lock_path)}; wait for it to finish "
                                    "or use another --out") from None
        except OSError:  # file systems without flock (some network mounts): run unguarded
            break
        try:  # the holder before us removes the file as it lets go: make sure ours is the one on disk
            if os.stat(lock_path).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    else:  # pragma: no cover - 100 lost races in a row
        raise OutputLockedError(f"{out}: in use by {_holder(lock_path)}")
    try:
        info = f"pid {os.getpid()} ({' '.join([os.path.basename(sys.argv[0] or 'python'), *sys.argv[1:]])[:300]})\n"
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, info.encode("utf-8", "replace"), 0)
        except OSError as e:
            raise environment_failure(e, out) from None
        yield out
    finally:
        try:
            lock_path.unlink(missing_ok=True)  # still holding the lock: no one else can be using it
        except OSError:
            pass
        os.close(fd)
        if created:
            try:
                out.rmdir()  # only if nothing was written
            except OSError:
                pass


def _file_mode() -> int:
    """The mode a new file gets from the process umask (mkstemp alone would make it 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a unique temporary file in the same directory."""
    with atomic_writer(path) as f:
        f.write(data)


_FILE_MODE = _file_mode()


@contextmanager
def atomic_writer(path: str | Path) -> Iterator[object]:
    """A binary file to write `path` piece by piece; it replaces `path` only when the block
    ends without an error (unique temporary name, fsync, ``os.replace``), else it is removed."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def clean_tmp(d: str | Path) -> None:
    """Remove temporary files left in `d` by an interrupted writer (call while holding the lock)."""
    d = Path(d)
    if d.is_dir():
        for p in d.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):
                p.unlink(missing_ok=True)


__all__ = ["LOCK_NAME", "EnvironmentFailure", "atomic_write_bytes", "atomic_write_text", "atomic_writer", "check_out_path",
           "clean_tmp", "default_out", "locked", "safe_name"]
