"""Opening the database someone works in: the backup policy around ``open_database``.

``store/db.py`` opens and migrates; ``store/backup.py`` copies and verifies (and
opens its throw-away copies with ``open_database``). This module, one level above
both, decides when a working database is backed up: before a migration changes an
existing file, and once a day when it is opened. The CLI, the GUI and the demo
open through :func:`open_for_use`; tests and checks of copies use ``open_database``.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.store.backup import on_open, safety_backup
from chiso_desktop.store.db import Database, open_database, parse_location


def _before_migration(path: Path) -> None:
    safety_backup(path, "before-migration")


def open_for_use(path: Path | str) -> Database:
    """Open and migrate ``path`` with the automatic backups (never stopped by the daily one).

    A PostgreSQL URL opens without them: the server's administrator backs it up
    (``chiso backup`` runs pg_dump).
    """
    location = parse_location(path)
    if not isinstance(location, Path):
        return open_database(location)
    p = location
    existed = p.exists() and p.stat().st_size > 0
    db = open_database(p, before_upgrade=_before_migration)  # its failure: DatabaseError
    if existed:
        on_open(p)
    return db
