"""Write files so a pulled USB stick or a full disk never leaves a half file.

The content goes to a temporary name in the same folder, is flushed to disk,
and only then renamed over the real name (and the folder entry synced where
the OS allows). On failure the temporary file is removed and a clear,
translated error is raised; the real name is untouched. Every file that
leaves the app (bundles, exports, reports, backups, key cards) goes through here.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _


class WriteFailed(Refused):
    """The file could not be written; nothing is left under its name."""


def _fsync_directory(folder: Path) -> None:
    """Make the rename itself durable where the OS allows it (not on Windows)."""
    if os.name == "nt":
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
    return WriteFailed(
        _("Could not write {file}: {reason}. Check that the drive is connected and has "
          "free space, then try again.").format(file=path, reason=exc.strerror or exc)
    )


@contextlib.contextmanager
def atomic_write_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces ``path`` on success."""
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _failure(target, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(target.parent)


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    target = Path(path)
    with atomic_write_path(target) as tmp, open(tmp, "xb") as f:
        f.write(data)
        f.flush()
    return target
