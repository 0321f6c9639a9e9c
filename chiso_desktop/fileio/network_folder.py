"""Is a database file on a network share? SQLite's WAL mode must not be used there.

WAL keeps its index in shared memory (``-shm``), which only works when every
process using the database runs on the same computer; SQLite's documentation
says WAL "does not work over a network filesystem". A database in a shared
folder (a UNC path ``\\\\server\\share``, a mapped network drive, or an NFS,
CIFS/SMB … mount on Linux) is therefore opened in rollback-journal mode
(``store/db.py``), and the instance-lock message says that only one computer
at a time may use it.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from chiso_desktop.platform_rules import on_windows

MOUNTS_FILE = Path("/proc/mounts")
"""Linux's table of mounted file systems (a module attribute so tests can point elsewhere)."""

NETWORK_FS_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "smb2", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "fuse.glusterfs", "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2",
    "fuse.rclone", "lustre", "gpfs", "beegfs", "fuse.s3fs",
})
"""File systems whose files live on another computer."""

DRIVE_REMOTE = 4
"""``GetDriveTypeW`` result for a mapped network drive."""


def network_share(path: PurePath | str) -> str | None:
    """Where ``path`` lives when it is on a network share (for messages), else None."""
    if on_windows():
        return _windows_share(str(path))
    return _linux_share(Path(path))


def _windows_share(text: str) -> str | None:
    text = os.path.abspath(text) if not text.startswith(("\\\\", "//")) else text
    norm = text.replace("/", "\\")
    if norm.upper().startswith("\\\\?\\UNC\\"):
        norm = "\\\\" + norm[8:]
    elif norm.startswith("\\\\?\\") or norm.startswith("\\\\.\\"):
        norm = norm[4:]
    if norm.startswith("\\\\"):
        parts = norm[2:].split("\\")
        return "\\\\" + "\\".join(parts[:2])
    if len(norm) >= 2 and norm[1] == ":" and _drive_type(norm[:2] + "\\") == DRIVE_REMOTE:
        return norm[:2].upper()
    return None


def _drive_type(root: str) -> int:
    """Windows' drive type of ``C:\\`` (4 = network); 0 where it cannot be asked."""
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return 0


def _unescape(field: str) -> str:
    """``/proc/mounts`` writes a space as ``\\040`` (octal escapes)."""
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def _existing(path: Path) -> Path:
    """``path`` resolved through its nearest existing folder (a new database does not exist yet)."""
    path = Path(os.path.abspath(path))
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve()
    return path


def _linux_share(path: Path) -> str | None:
    try:
        lines = MOUNTS_FILE.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    where = _existing(path)
    best: tuple[int, str, str, str] | None = None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        device, mount, fstype = _unescape(fields[0]), _unescape(fields[1]), fields[2]
        mount_path = Path(mount)
        if where == mount_path or mount_path in where.parents:
            depth = len(mount_path.parts)
            if best is None or depth >= best[0]:
                best = (depth, device, mount, fstype)
    if best is None:
        return None
    _depth, device, mount, fstype = best
    if fstype.lower() in NETWORK_FS_TYPES:
        return f"{device} ({fstype}, {mount})"
    return None
