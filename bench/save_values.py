"""Benchmark: values/s of one save (``entry.ops.set_values``) against a bare insert of its rows.

A save is what a clerk's paste or sheet import (``values import``) makes: one call of
``set_values`` in one transaction, commit included, with the scope loaded once as the
entry grid holds it. Two sizes, 300 and 3,000 values of one month, each saved twice:
every value new (value rows inserted), then every value changed (value rows updated);
each save leaves a chained history row per value. The Office has a synthetic catalog
of monthly decimal fields, SQLite with the app's pragmas (WAL, synchronous=FULL).

Baseline, measured in the same run: the rows the save wrote (value rows and history
rows, read back from the database), written into a copy of the database as it was
before the save by a bare sqlite3 ``executemany`` (INSERT, or UPDATE by id for the
changed save), in one transaction with the same pragmas. ``--backend postgresql``
runs the same on a scratch server (fsync on): the copy is ``CREATE DATABASE …
TEMPLATE``, the bare writer psycopg 3's ``executemany``. No test asserts a timing.

    python bench/save_values.py [--rounds 3] [--sizes 300,3000] [--backend sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, FieldType, Frequency, Indicator
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.scope import Scope, load_scope
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import BUSY_TIMEOUT_MS, Database, open_database

PER_INDICATOR = 10


def synthetic_catalog(n_fields: int) -> Catalog:
    """``n_fields`` monthly decimal fields, ten to an indicator."""
    indicators = tuple(
        Indicator(code=f"B.{i + 1}", name=f"Chỉ số {i + 1}", group="B",
                  frequencies=(Frequency.MONTH,),
                  fields=tuple(Field(code=f"B.{i + 1}.{j + 1}", label=f"Mục {j + 1}",
                                     type=FieldType.DECIMAL)
                               for j in range(min(PER_INDICATOR, n_fields - i * PER_INDICATOR))))
        for i in range(-(-n_fields // PER_INDICATOR)))
    return Catalog(id="bench-save", version="1", kind=CatalogKind.INDICATOR_SET,
                   title="Bench", document="bench", indicators=indicators)


def codes_of(catalog: Catalog) -> list[str]:
    return [f.code for ind in catalog.indicators for f in ind.fields]


class SqliteStore:
    """The Office's SQLite file, its copies and the bare sqlite3 writer."""

    def __init__(self, root: Path, size: int) -> None:
        self.root = root
        self.location: Path | str = root / f"office-{size}.db"
        self.bare_location = root / "bare.db"

    def connect(self, bare: bool = False) -> Any:
        conn = sqlite3.connect(self.bare_location if bare else self.location,
                               isolation_level=None)
        if bare:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=FULL")
        return conn

    def copy(self) -> None:
        """The database as it is now, for the bare writer."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.bare_location}{suffix}").unlink(missing_ok=True)
        src, dst = sqlite3.connect(self.location), sqlite3.connect(self.bare_location)
        src.backup(dst)
        src.close()
        dst.close()

    def columns(self, conn: Any, table: str) -> list[str]:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]

    mark = "?"

    def begin(self, conn: Any) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def commit(self, conn: Any) -> None:
        conn.execute("COMMIT")


class PostgresStore(SqliteStore):
    """The same on a scratch PostgreSQL server."""

    def __init__(self, server: Any, size: int) -> None:
        self.server, self.name = server, f"office_{size}"
        self.location = server.create_database(self.name)

    def connect(self, bare: bool = False) -> Any:
        import psycopg

        return psycopg.connect(self.server.url("bare" if bare else self.name).replace(
            "postgresql+psycopg://", "postgresql://"))

    def copy(self) -> None:
        import psycopg

        url = self.server.url().replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "bare"')
            conn.execute(f'CREATE DATABASE "bare" TEMPLATE "{self.name}"')

    def columns(self, conn: Any, table: str) -> list[str]:
        return [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position", (table,))]

    mark = "%s"

    def begin(self, conn: Any) -> None:
        pass  # psycopg opens the transaction at the first statement

    def commit(self, conn: Any) -> None:
        conn.commit()


Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def written(store: SqliteStore, history_before: int) -> Rows:
    """The value rows and the history rows the save wrote, as stored."""
    conn = store.connect()
    try:
        hcols, vcols = store.columns(conn, "value_history"), store.columns(conn, "data_values")
        history = list(conn.execute(
            f"SELECT {', '.join(hcols)} FROM value_history WHERE id > {store.mark} "
            "ORDER BY id", (history_before,)).fetchall())
        ids = {row[hcols.index("value_id")] for row in history}
        values = [row for row in conn.execute(
            f"SELECT {', '.join(vcols)} FROM data_values ORDER BY id") if row[0] in ids]
    finally:
        conn.close()
    return {"data_values": (vcols, values), "value_history": (hcols, history)}


def bare(store: SqliteStore, rows: Rows, *, update: bool) -> float:
    """Seconds for a bare executemany of the same rows in one transaction, commit included."""
    vcols, values = rows["data_values"]
    hcols, history = rows["value_history"]
    marks = ",".join([store.mark] * len(vcols))
    if update:  # the changed save: the value rows are updated by id
        sets = ", ".join(f"{c}={store.mark}" for c in vcols[1:])
        value_sql = f"UPDATE data_values SET {sets} WHERE id={store.mark}"
        value_rows = [(*row[1:], row[0]) for row in values]
    else:
        value_sql = f"INSERT INTO data_values ({', '.join(vcols)}) VALUES ({marks})"
        value_rows = values
    history_sql = (f"INSERT INTO value_history ({', '.join(hcols)}) "
                   f"VALUES ({','.join([store.mark] * len(hcols))})")
    conn = store.connect(bare=True)
    cur = conn.cursor()
    t0 = time.perf_counter()
    store.begin(conn)
    cur.executemany(value_sql, value_rows)
    cur.executemany(history_sql, history)
    store.commit(conn)
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def max_history(store: SqliteStore) -> int:
    conn = store.connect()
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM value_history"
                                ).fetchone()[0])
    finally:
        conn.close()


def timed_save(db: Database, scope: Scope, period_id: str, entries: list[Entry]) -> float:
    period = parse_period(period_id)
    t0 = time.perf_counter()
    with db.session() as s, s.begin():
        result = set_values(s, period, entries, actor="bench", lang="en", scope=scope)
    elapsed = time.perf_counter() - t0
    assert len(result.changed) == len(entries), (len(result.changed), len(entries))
    return elapsed


def run(store: SqliteStore, size: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Median seconds per kind of save ("new", "changed"): (set_values, bare)."""
    catalog = synthetic_catalog(size)
    db = open_database(store.location)
    with db.session() as s, s.begin():
        install_catalog(s, catalog)
        init_installation(s, InitRequest(role="office", unit="Phường Bench",
                                         catalogs=(catalog.id,), department="VP"))
    with db.session() as s:
        scope = load_scope(s)
    codes = codes_of(catalog)
    times: dict[str, list[tuple[float, float]]] = {"new": [], "changed": []}
    try:
        for r in range(rounds):
            period = f"2026{r % 12 + 1:02d}"
            for kind, shift in (("new", 1), ("changed", 2)):
                entries = [Entry(code, str(i % 997 + shift)) for i, code in enumerate(codes)]
                db.engine.dispose()  # no connection left open on the database copied
                store.copy()
                before = max_history(store)
                app = timed_save(db, scope, period, entries)
                rows = written(store, before)
                assert len(rows["value_history"][1]) == size
                times[kind].append((app, bare(store, rows, update=kind == "changed")))
    finally:
        db.close()
    return {kind: (statistics.median(a for a, _b in t), statistics.median(b for _a, b in t))
            for kind, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="300,3000")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    if args.backend == "sqlite":
        how = ("SQLite, WAL, synchronous=FULL; bare = sqlite3 executemany of the same value "
               "and history rows into a copy of the database")
    else:
        how = ("PostgreSQL scratch server, fsync on; bare = psycopg executemany of the same "
               "value and history rows into a copy of the database")
    print(f"one save = set_values in one transaction, commit included ({how}); medians of "
          f"{args.rounds} rounds")
    server = None
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        try:
            if args.backend == "postgresql":
                from chiso_desktop.store import scratch_postgres

                server = scratch_postgres.start(fsync=True)
            for size in (int(n) for n in args.sizes.split(",")):
                store = (SqliteStore(Path(tmp), size) if server is None
                         else PostgresStore(server, size))
                for kind, (app, base) in run(store, size, args.rounds).items():
                    print(f"{size:>6,} values, {kind:<8} set_values {app * 1000:8.1f} ms "
                          f"{size / app:>9,.0f} values/s | bare {base * 1000:7.1f} ms "
                          f"{size / base:>9,.0f} values/s | ratio {app / base:5.1f}×")
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
