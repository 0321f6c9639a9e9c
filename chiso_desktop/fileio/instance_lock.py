"""One window of the app per database: an exclusive OS lock on a file beside it.

SQLite's own locking keeps concurrent writers from corrupting the file, but
two windows editing the same values would overwrite each other's work and
a restore under a running window would pull the file from under it. The
GUI (and ``chiso restore``) therefore take an exclusive, non-blocking lock
on ``<db>.lock``: ``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows.
The OS drops the lock when the process dies, so a crash never leaves the
database locked; the lock file itself is never deleted (deleting it would
let two processes lock two different files).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

from chiso_desktop.errors import UserError
from chiso_desktop.i18n import _
from chiso_desktop.platform_rules import on_windows


class DatabaseInUse(UserError):
    """Another running copy of the app holds the database."""

    def __init__(self, db_path: Path) -> None:
        from chiso_desktop.fileio.network_folder import network_share

        self.db_path = db_path
        self.network_share = network_share(db_path)
        if self.network_share:
            message = _(
                "The database {file} is in a network folder ({share}) and is already open in "
                "Chỉ số Desktop, on this computer or on another one. Only one computer at a "
                "time can work on it: close Chỉ số Desktop there, then try again. Better still, "
                "keep the database on this computer and exchange bundles.").format(
                    file=db_path, share=self.network_share)
        else:
            message = _(
                "The database {file} is already open in another window of Chỉ số Desktop on "
                "this computer. Switch to that window, or close it and try again. Two windows "
                "on one database would overwrite each other's work.").format(file=db_path)
        super().__init__(message)


def lock_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """A held lock; release it on exit (the OS also releases it if the process dies)."""

    def __init__(self, db_path: Path, fd: int) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def acquire_instance_lock(db_path: Path | str) -> InstanceLock:
    """Take the lock for ``db_path`` or raise :class:`DatabaseInUse` at once (never waits)."""
    db_path = Path(db_path)
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(fd)
    except OSError as exc:
        os.close(fd)
        raise DatabaseInUse(db_path) from exc
    with contextlib.suppress(OSError):  # who holds it, for a person looking at the folder
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    return InstanceLock(db_path, fd)


def _lock(fd: int) -> None:
    if on_windows():
        import msvcrt

        # A one-byte region lock at offset 0; Windows drops it when the process dies.
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if on_windows():
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
