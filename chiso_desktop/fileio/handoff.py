"""Hand a file to the window that already has the database open.

Double-clicking a ``.chiso`` from email while the app is open starts a second
process, which the instance lock turns away. Instead of refusing, that
process leaves the file's path in ``<db>.handoff/`` and the open window,
watching the folder, takes it into its import view. Plain files, no sockets:
the app never opens a network port, not even a local one.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

from chiso_desktop.fileio.atomic_file import atomic_write_bytes


def handoff_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".handoff")


def hand_off(db_path: Path, file: Path) -> Path:
    """Leave ``file`` for the running window; returns the note written."""
    folder = handoff_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / f"{uuid.uuid4().hex}.path"
    atomic_write_bytes(note, str(Path(file).resolve()).encode("utf-8"))
    return note


def take_handoffs(db_path: Path) -> list[Path]:
    """The files left for this window, oldest first; each note is removed once read."""
    folder = handoff_dir(db_path)
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for note in sorted(folder.glob("*.path"), key=lambda p: p.stat().st_mtime_ns):
        try:
            text = note.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            text = ""
        with contextlib.suppress(OSError):
            note.unlink()
        if text:
            found.append(Path(text))
    return found
