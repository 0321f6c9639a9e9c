"""Opening a database: engine, connection pragmas, migrations, sessions.

A database is a file path (SQLite, every ward's embedded default) or a
``postgresql://`` URL (a city or province server, several officers at once,
through psycopg 3); :func:`parse_location` tells them apart and refuses any
other scheme. Every SQLite connection gets WAL (the rollback journal for a
database in a network folder, where WAL does not work:
``fileio/network_folder.py``), foreign keys and a busy timeout. Opening runs the
same Alembic migrations on both (on PostgreSQL under an advisory lock, so two officers starting the new version at once do
not both migrate), so an old install in the field upgrades the first time the
new version starts. The backups taken around that (before a migration, once a
day) are a policy of the app, one level up in ``store/opening.py``; this module
knows nothing of backups, and ``store/backup.py`` may use it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker  # Session: also named from here by gui/, cli/

from chiso_desktop.errors import UserError
from chiso_desktop.i18n import _
from chiso_desktop.store.location import (  # noqa: F401 - named from here by the CLI and tests
    Location,
    database_exists,
    is_postgresql,
    local_anchor,
    parse_location,
    redact,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0008_org_unit_name_key"
"""The newest migration's revision. Opening a database already at this revision
skips loading Alembic (half a second of start-up on an office PC);
``tests/store/test_migrations.py`` fails when a new migration forgets to bump it."""
BUSY_TIMEOUT_MS = 5000
MIGRATION_LOCK = 0x63686973  # "chis": the advisory lock key held while migrating PostgreSQL


class DatabaseError(Exception):
    """The database cannot be opened; the message says what to do."""


class DatabaseNotWritable(UserError):
    """The file or its folder cannot be written: not damage, so no advice to restore a backup."""


FULL_DISK_BYTES = 1 << 20
"""Free space under which a failed write is taken for a full drive (SQLite reports a full
drive as "disk I/O error" when it cannot grow its shared-memory file)."""


def _local_file(path: object) -> Path | None:
    """The database file a message names (a path, or its text), None for a server URL."""
    if isinstance(path, Path):
        return path
    if isinstance(path, str) and "://" not in path:
        return Path(path)
    return None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _read_only_drive(path: Path) -> bool:
    statvfs = getattr(os, "statvfs", None)  # not on Windows
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def readonly_message(exc: BaseException, path: object) -> str | None:
    """The plain message for SQLite's read-only and cannot-open errors; None for others.

    "unable to open database file" on a file SQLite could not create or whose
    folder refuses its journal is a permission problem, not a damaged
    database; "file is not a database" and "malformed" stay damage. SQLite says
    "readonly database" for a read-only file and also for a writable file whose
    folder refuses the WAL's ``-wal``/``-shm`` files: the message names the one
    that is really in the way.
    """
    text = str(exc).lower()
    if "readonly database" not in text and "unable to open database file" not in text:
        return None
    file = _local_file(path)
    folder = file.parent if file is not None else None
    if file is not None and folder is not None and folder.exists() and _read_only_drive(folder):
        return _("Cannot write to the database {path}: the drive it is on is read-only (a "
                 "write-protected USB stick, a CD or a read-only share). Copy the file to a "
                 "folder on this computer and open it there. Nothing was changed.").format(
            path=path)
    if "readonly database" in text:
        if file is not None and file.exists() and _writable(file) and folder is not None:
            if not _writable(folder):
                return _("Cannot write to the database {path}: its folder cannot be written, "
                         "and the database needs to keep its working files beside it. Choose "
                         "a folder where you may save files (or ask for write access to this "
                         "one) and try again. Nothing was changed.").format(path=path)
            stuck = [w.name for w in (file.with_name(file.name + "-wal"),
                                      file.with_name(file.name + "-shm"))
                     if w.exists() and not _writable(w)]
            if stuck:
                return _("Cannot write to the database {path}: its working files ({files}) "
                         "are read-only. Close every program that has the database open, "
                         "remove their read-only attribute (or ask the person who created "
                         "them) and try again. Nothing was changed.").format(
                    path=path, files=", ".join(stuck))
        return _("Cannot write to the database {path}: the file is read-only. Remove the "
                 "read-only attribute of the file (or copy it to a folder of your own) and try "
                 "again. Nothing was changed.").format(path=path)
    return _("Cannot open or write the database {path}: its folder cannot be written. "
             "Choose a folder where you may save files (or ask for write access to this "
             "one) and try again. Nothing was changed.").format(path=path)


def _free_bytes(path: object) -> int | None:
    file = _local_file(path)
    if file is None:
        return None
    folder = file.parent
    try:
        return shutil.disk_usage(folder if folder.exists() else Path.cwd()).free
    except OSError:
        return None


def write_failure_message(exc: BaseException, path: object) -> str | None:
    """The plain message for a full drive or a write the drive refused; None for others.

    "database or disk is full" is SQLite's own word for it; "disk I/O error" is what
    the operating system's refusal becomes (a full drive under the shared-memory file,
    a file-size limit, a removed USB stick). Neither is a damaged database: SQLite
    rolled back, so nothing was changed.
    """
    text = str(exc).lower()
    full = "database or disk is full" in text
    if not full and "disk i/o error" not in text:
        return None
    free = _free_bytes(path)
    if full or (free is not None and free < FULL_DISK_BYTES):
        return _("The drive holding {path} is full. Nothing was changed; free some space and "
                 "try again.").format(path=path)
    return _("The drive holding {path} refused to write (it may be full, removed or "
             "failing). Nothing was changed; check the drive, free some space, and try "
             "again.").format(path=path)


def storage_message(exc: BaseException, path: object) -> str | None:
    """The plain message for an error of the storage under the database, for the CLI and
    the GUI: read-only, busy, full, refused write, lost server; None for anything else."""
    message = readonly_message(exc, path) or write_failure_message(exc, path)
    if message is not None:
        return message
    text = str(exc).lower()
    if "database is locked" in text or "database is busy" in text:
        return _("The database {path} is busy: another program is writing to it. Nothing was "
                 "changed; try again in a moment.").format(path=path)
    if "connection" in text and ("failed" in text or "closed" in text or "terminat" in text):
        return _("The database server {path} could not be reached or closed the connection. "
                 "Nothing was changed; check the network and try again.").format(path=path)
    return None


OPERATIONAL_ERRORS: tuple[type[Exception], ...] = (sqlite3.OperationalError, OperationalError,
                                                   InterfaceError)
"""SQLite's busy, locked and disk-full errors, raw or wrapped by SQLAlchemy, and a PostgreSQL
connection lost (for the CLI and the GUI to catch without importing SQLAlchemy)."""


@dataclass
class Database:
    path: Path | None
    engine: Engine
    sessions: sessionmaker[Session]
    url: str | None = None
    """The PostgreSQL URL (``path`` is None then)."""
    network_share: str | None = None
    """The network share a SQLite file lives on (opened with the rollback journal), for the
    window to say so; None on a local disk and on PostgreSQL."""

    @property
    def location(self) -> Location:
        return self.path if self.path is not None else str(self.url)

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def _on_connect(dbapi_conn: Any, _record: Any, journal_mode: str = "WAL") -> None:
    # pysqlite's own transaction handling would defer BEGIN; take control so
    # SQLAlchemy's begin is a real BEGIN (needed for consistent snapshots).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA journal_mode={journal_mode}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _savepoints_on_driver(engine: Engine) -> None:
    """SAVEPOINT, RELEASE and ROLLBACK TO run on the sqlite3 connection itself.

    An import with group commit puts every file in a savepoint; SQLAlchemy's
    default builds, caches and executes a Core clause for each of the three, a
    large share of a small file's cost. The statements are the same text; the
    connection's savepoint events still fire (they come before the dialect).
    """
    dialect = engine.dialect

    def run(sql: str) -> Callable[[Any, str], None]:
        def do(connection: Any, name: str) -> None:
            connection.connection.driver_connection.execute(f"{sql} {name}")
        return do

    dialect.do_savepoint = run("SAVEPOINT")  # type: ignore[method-assign, assignment]
    dialect.do_release_savepoint = run("RELEASE SAVEPOINT")  # type: ignore[method-assign, assignment]
    dialect.do_rollback_to_savepoint = run("ROLLBACK TO SAVEPOINT")  # type: ignore[method-assign, assignment]


def make_engine(url: str, *, journal_mode: str = "WAL") -> Engine:
    if url.startswith("postgresql"):
        engine = create_engine(url, future=True, pool_pre_ping=True,
                               connect_args={"connect_timeout": 10,
                                             "application_name": "chiso-desktop"})
    else:
        engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        if journal_mode == "WAL":
            event.listen(engine, "connect", _on_connect)
        else:
            event.listen(engine, "connect",
                         lambda conn, record: _on_connect(conn, record, journal_mode))
        event.listen(engine, "begin", _on_begin)
        _savepoints_on_driver(engine)
    from chiso_desktop.store.chain_lock import install_chain_lock

    install_chain_lock(engine)
    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The head according to the migration scripts themselves (loads Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            known = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).first()
            if known is None:
                return None
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            return row[0] if row else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        if engine.dialect.name == "sqlite":
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise DatabaseError(f"foreign key check failed after migration: {bad[:3]}")


def _share_of(path: Path) -> str | None:
    """The network share of ``path``: there only the rollback journal is safe, not WAL."""
    from chiso_desktop.fileio.network_folder import network_share

    return network_share(path)


def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    before_upgrade: Callable[[Path], object] | None = None,
) -> Database:
    """Open (creating if needed) and migrate the database at ``path`` (a file or a URL).

    ``before_upgrade`` runs on an existing file just before a migration changes it
    (``store/opening.py`` takes its backup there). A PostgreSQL server keeps its
    own backups (``chiso backup`` runs pg_dump).
    """
    location = parse_location(path)
    if isinstance(location, str):
        return _open_postgresql(location, migrate=migrate)
    p = location
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseNotWritable(_(
            "Cannot open or write the database {path}: its folder cannot be written. Choose a "
            "folder where you may save files (or ask for write access to this one) and try "
            "again. Nothing was changed.").format(path=p)) from exc
    existed = p.exists() and p.stat().st_size > 0
    share = _share_of(p)
    engine = make_engine(f"sqlite:///{p}", journal_mode="DELETE" if share else "WAL")
    try:
        if migrate:
            current = current_revision(engine)
            if current != SCHEMA_HEAD:
                if existed and current is not None and before_upgrade is not None:
                    before_upgrade(p)
                upgrade(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:  # sqlite3.DatabaseError: not a database, corrupt …
        engine.dispose()
        message = readonly_message(exc, p) or write_failure_message(exc, p)
        if message is not None:
            raise DatabaseNotWritable(message) from exc
        raise DatabaseError(str(exc)) from exc
    return Database(p, engine, sessionmaker(engine, expire_on_commit=False), network_share=share)


def _open_postgresql(url: str, *, migrate: bool) -> Database:
    engine = make_engine(url)
    try:
        if migrate and current_revision(engine) != SCHEMA_HEAD:
            upgrade(engine)
        elif not migrate:
            with engine.connect():
                pass
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:  # psycopg.OperationalError: no server, wrong password, no database
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise DatabaseError(_("the PostgreSQL server at {url} cannot be used ({reason}); check "
                              "the address, the user and password, and that the database "
                              "exists").format(url=redact(url),
                                               reason=reason[0] if reason else exc)) from exc
    return Database(None, engine, sessionmaker(engine, expire_on_commit=False), url=url)


def integrity_ok(db: Database) -> bool:
    """SQLite's integrity check; on PostgreSQL, whether the server answers with our schema.

    PostgreSQL checks its pages itself (checksums, WAL); what we can check is
    that the schema is there at the revision we know.
    """
    with db.engine.connect() as conn:
        if db.is_postgresql:
            return conn.execute(text("SELECT version_num FROM alembic_version")
                                ).scalar() == SCHEMA_HEAD
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
