"""Automatic rotating backups, verification of a backup, and restoring one.

A backup is a consistent copy made through SQLite's online backup API, so it
can be taken while the app has the database open. Backups live in a
``backups/`` folder beside the database (or ``CHISO_BACKUP_DIR``): one a day
on open (the last :data:`KEEP_DAILY` kept), one before every migration and
one before every restore (the last :data:`KEEP_SAFETY` of those kept).

Before a backup is trusted (restore, or offered to the user after a damaged
database would not open) it is verified on a private copy: SQLite's
integrity check, a Chỉ số schema at a revision this version knows, and both
hash chains intact.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from chiso_desktop.errors import Refused
from chiso_desktop.fileio.atomic_file import FileInUse, atomic_write_path, replace_file
from chiso_desktop.i18n import _

KEEP_DAILY = 7
KEEP_SAFETY = 10
BACKUP_DIR_ENV = "CHISO_BACKUP_DIR"
DAILY = "daily"
SAFETY_KINDS = ("before-migration", "before-restore")


@dataclass(frozen=True)
class BackupInfo:
    """What a verified backup holds."""

    path: Path
    revision: str
    org_unit: str | None
    org_unit_code: str | None
    role: str | None
    values: int
    history_rows: int
    audit_rows: int


def backups_dir(db_path: Path) -> Path:
    """The folder for the automatic backups of ``db_path``."""
    configured = os.environ.get(BACKUP_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(db_path).parent / "backups"


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def _online_copy(src: Path, dest: Path) -> None:
    """SQLite's online backup API into a temporary name, then renamed (safe while in use).

    The copy is made one self-contained file (no -wal beside it, fit to carry on a
    USB stick) and synced through a writable handle before it takes its name.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write_path(dest) as tmp:
        source = sqlite3.connect(str(src))
        try:
            target = sqlite3.connect(str(tmp))
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()


def backup_to(db_path: Path, dest: Path) -> Path:
    """Consistent copy of the live database to ``dest`` (online backup API, fsynced)."""
    dest = Path(dest)
    try:
        _online_copy(Path(db_path), dest)
    except sqlite3.Error as exc:
        if "full" in str(exc).lower():
            raise Refused(_("Could not write {file}: the drive is full. Free some space or "
                            "choose another drive, then try again.").format(file=dest)) from exc
        raise
    return Path(dest)


def safety_backup(db_path: Path, kind: str) -> Path:
    """A backup taken before a risky step (``before-migration``, ``before-restore``)."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    dest = backup_to(db_path, folder / f"{db_path.stem}-{kind}-{_stamp()}.db")
    _rotate(folder, db_path.stem, SAFETY_KINDS, KEEP_SAFETY)
    return dest


def daily_backup(db_path: Path, today: date | None = None) -> Path | None:
    """Take today's backup unless it exists; keep the last :data:`KEEP_DAILY` days."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    day = (today or date.today()).strftime("%Y%m%d")
    dest = folder / f"{db_path.stem}-{DAILY}-{day}.db"
    if dest.exists():
        return None
    backup_to(db_path, dest)
    _rotate(folder, db_path.stem, (DAILY,), KEEP_DAILY)
    return dest


def _backups_of(folder: Path, stem: str, kinds: tuple[str, ...]) -> list[Path]:
    pattern = re.compile(rf"^{re.escape(stem)}-({'|'.join(kinds)})-\d{{8}}.*\.db$")
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if pattern.match(p.name)), key=lambda p: p.name)


def _rotate(folder: Path, stem: str, kinds: tuple[str, ...], keep: int) -> None:
    found = sorted(_backups_of(folder, stem, kinds), key=lambda p: _date_part(p.name))
    for old in found[:-keep] if keep else found:
        with contextlib.suppress(OSError):
            old.unlink()


def _date_part(name: str) -> str:
    m = re.search(r"-(\d{8}(?:-\d{6}(?:-\d+)?)?)\.db$", name)
    return m.group(1) if m else ""


def automatic_backups(db_path: Path) -> list[Path]:
    """Every automatic backup of ``db_path``, newest first."""
    db_path = Path(db_path)
    found = _backups_of(backups_dir(db_path), db_path.stem, (DAILY, *SAFETY_KINDS))
    return sorted(found, key=lambda p: (p.stat().st_mtime, _date_part(p.name)), reverse=True)


def on_open(db_path: Path) -> None:
    """The daily backup taken when the app opens a database; never stops the open (a drive
    too full for the copy refuses it with a message: the work itself may still fit)."""
    with contextlib.suppress(OSError, sqlite3.Error, Refused):
        daily_backup(db_path)


# -- verification --------------------------------------------------------------------------


@contextlib.contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    """A throw-away copy, so checking never writes to the user's file (maybe on a USB stick)."""
    with tempfile.TemporaryDirectory(prefix="chiso-verify-") as tmp:
        copy = Path(tmp) / "check.db"
        try:
            # Without a -wal beside it the file is complete: open it immutable, so that
            # checking creates nothing beside it (a read-only stick, a shared folder).
            wal = path.with_name(path.name + "-wal")
            mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
            src = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
            try:
                dst = sqlite3.connect(str(copy))
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.Error as exc:
            raise Refused(_("{file} is not a Chỉ số database or is damaged ({reason}).").format(
                file=path, reason=exc)) from exc
        yield copy


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from chiso_desktop.store.db import alembic_config

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def verify_backup(path: Path) -> BackupInfo:
    """Check a backup before it is trusted; raises Refused saying what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise Refused(_("{file} does not exist.").format(file=path))
    with _private_copy(path) as copy:
        conn = sqlite3.connect(str(copy))
        try:
            try:
                check = conn.execute("PRAGMA integrity_check").fetchone()[0]
                tables = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
            except sqlite3.Error as exc:
                raise Refused(_("{file} is not a Chỉ số database or is damaged ({reason}).")
                              .format(file=path, reason=exc)) from exc
            if check != "ok":
                raise Refused(_("{file} is damaged: the database integrity check failed "
                                "({reason}).").format(file=path, reason=check))
            if "alembic_version" not in tables or "data_values" not in tables:
                raise Refused(_("{file} is not a Chỉ số database.").format(file=path))
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is None or revision[0] not in known_revisions():
                raise Refused(_("{file} was written by another version of Chỉ số Desktop "
                                "(schema {rev}); it cannot be restored by this version.").format(
                    file=path, rev=revision[0] if revision else "?"))
        finally:
            conn.close()
        return _verify_contents(path, copy, revision[0])


def _verify_contents(original: Path, copy: Path, revision: str) -> BackupInfo:
    """Bring the private copy to the current schema and check the hash chains."""
    from sqlalchemy import func, select

    from chiso_desktop.store.chain import verify_chain
    from chiso_desktop.store.db import DatabaseError, open_database
    from chiso_desktop.store.models import AuditEntry, DataValue, Installation, ValueHistory

    try:
        db = open_database(copy)
    except DatabaseError as exc:
        raise Refused(_("{file} cannot be opened as a Chỉ số database ({reason}).").format(
            file=original, reason=exc)) from exc
    try:
        with db.session() as s:
            breaks = verify_chain(s)
            if breaks:
                b = breaks[0]
                raise Refused(_("{file}: the history was changed outside the app ({table}, "
                                "row {row}); this backup cannot be trusted.").format(
                    file=original, table=b.table, row=b.row_id))
            inst = s.execute(select(Installation)).scalars().first()
            unit = inst.org_unit if inst is not None else None
            return BackupInfo(
                path=original, revision=revision,
                org_unit=unit.name if unit else None, org_unit_code=unit.code if unit else None,
                role=inst.role if inst else None,
                values=s.execute(select(func.count()).select_from(DataValue)).scalar_one(),
                history_rows=s.execute(
                    select(func.count()).select_from(ValueHistory)).scalar_one(),
                audit_rows=s.execute(select(func.count()).select_from(AuditEntry)).scalar_one(),
            )
    finally:
        db.close()


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest automatic backup of ``db_path`` that passes :func:`verify_backup`."""
    for candidate in automatic_backups(Path(db_path)):
        try:
            verify_backup(candidate)
        except Refused:
            continue
        return candidate
    return None


# -- restore -------------------------------------------------------------------------------


def current_org_unit(db_path: Path) -> tuple[str, str] | None:
    """(code, name) of the org unit of the database at ``db_path``, if it can be read."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT o.code, o.name FROM installation i JOIN org_units o "
                           "ON o.id = i.org_unit_id LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class Restored:
    info: BackupInfo
    safety_copy: Path | None


def restore_backup(backup: Path, db_path: Path, *, force: bool = False) -> Restored:
    """Replace the database by a verified backup, keeping a copy of what it replaces.

    The caller holds the instance lock, so no window of the app has it open.
    A backup of another org unit is refused unless ``force``.
    """
    backup, db_path = Path(backup), Path(db_path)
    info = verify_backup(backup)
    here = current_org_unit(db_path) if db_path.exists() else None
    if here is not None and info.org_unit_code is not None and here[0] != info.org_unit_code \
            and not force:
        raise Refused(_("{file} is a backup of {other}, but this database belongs to {unit}. "
                        "Nothing was changed; choose a backup of this ward.").format(
            file=backup, other=info.org_unit, unit=here[1]),
            cli_hint="--force replaces it anyway")
    safety = _keep_current(db_path)
    staging = db_path.with_name(f".{db_path.name}.restore")
    try:
        backup_to(backup, staging)
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                db_path.with_name(db_path.name + suffix).unlink()
        replace_file(staging, db_path)
    except FileInUse:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise Refused(_("Could not restore {file}: {reason}. The database was not "
                        "replaced.").format(file=backup, reason=exc.strerror or exc)) from exc
    return Restored(info, safety)


def _keep_current(db_path: Path) -> Path | None:
    """A before-restore copy of the database about to be replaced (damaged or not)."""
    if not db_path.exists():
        return None
    try:
        return safety_backup(db_path, "before-restore")
    except sqlite3.Error:
        # Too damaged for the backup API: keep the raw files as they are.
        folder = backups_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        dest = folder / f"{db_path.stem}-before-restore-{_stamp()}.db"
        shutil.copy2(db_path, dest)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, dest.with_name(dest.name + "-wal"))
        return dest
