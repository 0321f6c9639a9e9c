"""Opening a database: engine, connection pragmas, migrations, sessions.

Every connection gets WAL (the rollback journal for a database in a network
folder, where WAL does not work: ``fileio/network_folder.py``), foreign keys and
a busy timeout. Opening runs the Alembic migrations itself, so an old install in
the field upgrades the first time the new version starts. The backups taken around that (before a migration,
once a day) are a policy of the app, one level up in ``store/opening.py``; this
module knows nothing of backups, and ``store/backup.py`` may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCHEMA_HEAD = "0002"
"""The newest migration's revision. Opening a database already at this revision
skips loading Alembic (half a second of start-up on an office PC);
``tests/store/test_migrations.py`` fails when a new migration forgets to bump it."""
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """The database cannot be opened; the message says what to do."""


@dataclass
class Database:
    path: Path | None
    engine: Engine
    sessions: sessionmaker[Session]

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


def make_engine(url: str, *, journal_mode: str = "WAL") -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        if journal_mode == "WAL":
            event.listen(engine, "connect", _on_connect)
        else:
            event.listen(engine, "connect",
                         lambda conn, record: _on_connect(conn, record, journal_mode))
        event.listen(engine, "begin", _on_begin)
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
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        if engine.dialect.name == "sqlite":
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise DatabaseError(f"foreign key check failed after migration: {bad[:3]}")


def journal_mode_for(path: Path) -> str:
    """WAL, except in a network folder, where only the rollback journal is safe."""
    from chiso_desktop.fileio.network_folder import network_share

    return "DELETE" if network_share(path) else "WAL"


def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    before_upgrade: Callable[[Path], object] | None = None,
) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``before_upgrade`` runs on an existing file just before a migration changes it
    (``store/opening.py`` takes its backup there).
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    existed = p.exists() and p.stat().st_size > 0
    engine = make_engine(f"sqlite:///{p}", journal_mode=journal_mode_for(p))
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
        raise DatabaseError(str(exc)) from exc
    return Database(p, engine, sessionmaker(engine, expire_on_commit=False))


def integrity_ok(db: Database) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
