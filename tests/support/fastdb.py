"""New SQLite databases in tests start as a copy of one migrated in this session.

Running every Alembic migration on a new file costs ≈0.1 s of CPU, and the suite makes
hundreds of new databases (each ``chiso init``, each department of a ward). The
session-wide autouse fixture ``_migrated_copies_all_session`` (``tests/support/fixtures.py``)
replaces ``store.db.upgrade`` for the whole session, module and session fixtures included:
when it is asked to bring a *blank* SQLite file to
``head`` in WAL mode, it copies the pages of a template database (migrated for real,
once per session and per xdist worker) into it with SQLite's backup API, and then runs
the same foreign-key check the real upgrade ends with. Everything else (an older
revision, a file that already has tables, the rollback journal of a network folder,
PostgreSQL) goes to the real ``upgrade``.

The template is made by the real ``open_database`` on an empty file, so the copy is
byte for byte what a migration writes (the migrations write no data into an empty
database). Tests that are about the migrations themselves carry
``@pytest.mark.real_migrations`` (``tests/store/test_migrations.py`` does, module-wide)
and get Alembic on every new file (``_migrated_copies`` puts it back for them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from chiso_desktop.store import db as store_db

Upgrade = Callable[..., None]


def make_template(folder: Path) -> Path:
    """A database at the schema head, written by the real migrations, closed (no WAL left)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "migrated-template.db"
    if not path.exists():
        store_db.open_database(path).close()
    return path


def _blank_wal_file(engine: Engine) -> Any:
    """A pooled connection to the engine's file when it is blank SQLite in WAL mode, else None."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    raw: Any = engine.raw_connection()
    conn: sqlite3.Connection = raw.driver_connection
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if tables or str(mode).lower() != "wal" or conn.in_transaction:
        raw.close()
        return None
    return raw


def fast_upgrade(template: Path, real: Upgrade) -> Upgrade:
    """``store.db.upgrade`` that copies ``template`` into a blank file asked for ``head``."""

    def upgrade(engine: Engine, revision: str = "head") -> None:
        raw = _blank_wal_file(engine) if revision == "head" else None
        if raw is None:
            real(engine, revision)
            return
        try:
            conn: sqlite3.Connection = raw.driver_connection
            source = sqlite3.connect(template)
            try:
                source.backup(conn)
            finally:
                source.close()
            bad = conn.execute("PRAGMA foreign_key_check").fetchall()
            assert not bad, bad
        finally:
            raw.close()

    upgrade.__wrapped__ = real  # type: ignore[attr-defined]
    return upgrade
