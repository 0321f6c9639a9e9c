"""Write files so a pulled USB stick, a full disk or an open copy never leaves a half file.

The content goes to a temporary name in the same folder, is flushed and
``fsync``-ed through the handle that wrote it (Windows' ``FlushFileBuffers``
needs a handle opened for writing; a read-only one fails with EBADF), closed,
and only then renamed over the real name. On POSIX the folder entry is synced
too (Windows cannot open a folder as a file). Windows refuses to replace a
file that another program holds open (a PDF in a reader, a workbook in
Excel), and virus scanners hold new files for a moment: the rename is retried
briefly, then the user is told which file to close. On any failure the
temporary file is removed and the real name is untouched. Every file that
leaves the app (bundles, exports, reports, backups, key cards) goes through here.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.platform_rules import on_windows, path_too_long

REPLACE_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)
"""Seconds between attempts to rename over a target that Windows reports in use
(1.55 s in all: long enough for a virus scanner, short enough for a person)."""


class WriteFailed(Refused):
    """The file could not be written; nothing is left under its name."""


class FileInUse(WriteFailed):
    """Another program holds the target open (Windows); the old file is unchanged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(_(
            "{file} is open in another program (a PDF reader, Excel …). Close it there, "
            "then try again. The file was not changed.").format(file=path))


def _temporary_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.part")


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable where the OS allows it (not on Windows)."""
    if on_windows():
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _failure(path: Path, exc: OSError) -> WriteFailed:
    if isinstance(exc, PermissionError):
        return WriteFailed(_(
            "Could not write {file}: {reason}. Choose a folder you are allowed to write to "
            "(not a read-only USB stick), then try again.").format(
                file=path, reason=exc.strerror or exc))
    return WriteFailed(
        _("Could not write {file}: {reason}. Check that the drive is connected and has "
          "free space, then try again.").format(file=path, reason=exc.strerror or exc)
    )


def _check_length(target: Path, tmp: Path) -> None:
    if on_windows() and (path_too_long(tmp) or path_too_long(target)):
        raise WriteFailed(_(
            "Could not write {file}: the full path is longer than Windows allows (260 "
            "characters). Choose a folder nearer the top of the drive or a shorter file "
            "name, then try again.").format(file=target))


def replace_file(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` over ``target``, waiting briefly while Windows says it is in use."""
    for delay in (*REPLACE_RETRY_DELAYS, None):
        try:
            os.replace(tmp, target)
            return
        except PermissionError as exc:
            if not on_windows():
                raise
            if delay is None:
                raise FileInUse(target) from exc
            time.sleep(delay)


def _sync_file(path: Path) -> None:
    """``fsync`` a file another library wrote and closed, through a handle opened for writing."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _publishing(target: Path, tmp: Path) -> Iterator[None]:
    """Remove ``tmp`` on any failure and turn OS errors into one translated message."""
    try:
        yield
    except WriteFailed:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _failure(target, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_write(path: Path | str) -> Iterator[BinaryIO]:
    """Yield a binary file to write; on success it replaces ``path``.

    The data is flushed and synced through this same handle before it is closed.
    Libraries that accept a file object (openpyxl's ``save``) write here too.
    """
    target = Path(path)
    tmp = _temporary_name(target)
    _check_length(target, tmp)
    with _publishing(target, tmp):
        with open(tmp, "xb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        replace_file(tmp, target)
    _fsync_directory(target.parent)


@contextlib.contextmanager
def atomic_write_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path for writers that need a name (SQLite's backup API).

    Once the caller has written and closed it, it is synced through a writable
    handle and renamed over ``path``.
    """
    target = Path(path)
    tmp = _temporary_name(target)
    _check_length(target, tmp)
    with _publishing(target, tmp):
        yield tmp
        _sync_file(tmp)
        replace_file(tmp, target)
    _fsync_directory(target.parent)


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    target = Path(path)
    with atomic_write(target) as f:
        f.write(data)
    return target
