"""Write a file so that it is either complete or absent, never half-written."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

from chiso_desktop.bundle.errors import BundleWriteError
from chiso_desktop.i18n import _


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


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write to a temporary name in the same folder, fsync, then rename over ``path``.

    On any OSError (disk full, USB stick pulled out) the temporary file is
    removed and ``BundleWriteError`` says what happened; ``path`` is untouched.
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(temp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise BundleWriteError(
            _("Could not write {path}: {reason}").format(
                path=str(target), reason=exc.strerror or str(exc)
            )
        ) from exc
    _fsync_directory(target.parent)
    return target
