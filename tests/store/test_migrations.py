from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from chiso_desktop.store.db import (
    current_revision,
    head_revision,
    integrity_ok,
    make_engine,
    open_database,
    upgrade,
)
from chiso_desktop.store.models import DataValue, OrgUnit
from chiso_desktop.store.opening import open_for_use
from tests.support.fastdb import fast_upgrade, make_template

# These tests are about the migrations: every new database here runs them for real.
pytestmark = pytest.mark.real_migrations


def _schema(path: Path) -> tuple[object, ...]:
    con = sqlite3.connect(path)
    try:
        return (sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
                con.execute("SELECT version_num FROM alembic_version").fetchall(),
                con.execute("PRAGMA user_version").fetchall(),
                con.execute("PRAGMA page_size").fetchall(),
                con.execute("PRAGMA journal_mode").fetchall())
    finally:
        con.close()


def test_the_tests_migrated_copy_is_what_the_migrations_write(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """The other tests' new databases are copies (tests/support/fastdb.py): the same schema."""
    from chiso_desktop.store import db as store_db

    template = make_template(tmp_path / "template")
    open_database(tmp_path / "migrated.db").close()
    monkeypatch.setattr(store_db, "upgrade", fast_upgrade(template, store_db.upgrade))
    copy = open_database(tmp_path / "copied.db")
    assert current_revision(copy.engine) == head_revision()
    assert integrity_ok(copy)
    copy.close()
    assert _schema(tmp_path / "copied.db") == _schema(tmp_path / "migrated.db")


def test_fresh_database_is_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert integrity_ok(db)
    db.close()


def test_first_migration_database_upgrades_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO org_units (id, code, name, parent_body, place, kind) "
            "VALUES (1, 'nhi-chieu', 'Phường Nhị Chiểu', '', 'Nhị Chiểu', 'ward')")
        conn.exec_driver_sql(
            "INSERT INTO data_values (org_unit_id, catalog_id, field_code, period, state, value, "
            "note, revision, department_code, updated_at, updated_by, source, locally_changed) "
            "VALUES (1, 'hp-2081-2026', 'A.XIII.1.1', '2026S1', 'value', '9275', 'ghi chú', 1, "
            "'KT', '2026-06-01 00:00:00.000000', 'Lan', 'local', 0)")
    engine.dispose()
    tables_before = {r[0] for r in sqlite3.connect(path).execute(
        "SELECT name FROM sqlite_master WHERE type='table'")}
    assert "conflicts" not in tables_before

    db = open_for_use(path)
    assert current_revision(db.engine) == head_revision()
    with db.session() as s:
        unit = s.execute(select(OrgUnit)).scalar_one()
        assert unit.name == "Phường Nhị Chiểu"
        value = s.execute(select(DataValue)).scalar_one()
        assert (value.value, value.note, value.state) == ("9275", "ghi chú", "value")
    backups = list((tmp_path / "backups").glob("old-before-migration-*.db"))
    assert len(backups) == 1, "an automatic backup is taken before migrating"
    assert sqlite3.connect(backups[0]).execute("SELECT count(*) FROM data_values").fetchone() == (1,)
    db.close()


def test_schema_head_constant_names_the_newest_migration() -> None:
    from chiso_desktop.store.db import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD, (
        "a new migration was added: set store/db.py SCHEMA_HEAD to its revision")
