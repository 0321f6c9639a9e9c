"""Write files so a pulled USB stick or a full disk never leaves a half file.

The content goes to a temporary name in the same folder, is flushed to disk,
and only then renamed over the real name. On failure the temporary file is
removed and a clear, translated error is raised.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _


@contextlib.contextmanager
def atomic_write_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; it replaces ``path`` on success."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise Refused(
            _("Could not write {file}: {reason}. Check that the drive is connected and has "
              "free space, then try again.").format(file=path, reason=exc.strerror or exc)
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_write_path(path) as tmp:
        tmp.write_bytes(data)
