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
changed save), in one transaction with the same pragmas. No test asserts a timing.

    python bench/save_values.py [--rounds 3] [--sizes 300,3000]
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


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _copy(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _written(path: Path, history_before: int, value_ids: set[int] | None
             ) -> tuple[dict[str, tuple[list[str], list[tuple[Any, ...]]]], set[int]]:
    """The value rows the save wrote (new ones: ``value_ids`` None) and its history rows."""
    conn = sqlite3.connect(path)
    try:
        hcols, vcols = _columns(conn, "value_history"), _columns(conn, "data_values")
        history = conn.execute(f"SELECT {', '.join(hcols)} FROM value_history WHERE id > ? "
                               "ORDER BY id", (history_before,)).fetchall()
        ids = {row[hcols.index("value_id")] for row in history}
        values = [row for row in conn.execute(
            f"SELECT {', '.join(vcols)} FROM data_values ORDER BY id") if row[0] in ids]
    finally:
        conn.close()
    return {"data_values": (vcols, values), "value_history": (hcols, history)}, ids


def bare(path: Path, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]], *,
         update: bool) -> float:
    """Seconds for sqlite3 executemany of the same rows in one transaction, commit included."""
    vcols, values = rows["data_values"]
    hcols, history = rows["value_history"]
    if update:  # the changed save: the value rows are updated by id
        sets = ", ".join(f"{c}=?" for c in vcols[1:])
        value_sql = f"UPDATE data_values SET {sets} WHERE id=?"
        value_rows = [(*row[1:], row[0]) for row in values]
    else:
        value_sql = (f"INSERT INTO data_values ({', '.join(vcols)}) "
                     f"VALUES ({','.join('?' * len(vcols))})")
        value_rows = values
    history_sql = (f"INSERT INTO value_history ({', '.join(hcols)}) "
                   f"VALUES ({','.join('?' * len(hcols))})")
    conn = _connect(path)
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(value_sql, value_rows)
    conn.executemany(history_sql, history)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def _max_history(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM value_history").fetchone()[0])
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


def run(root: Path, size: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Median seconds per kind of save ("new", "changed"): (set_values, bare)."""
    catalog = synthetic_catalog(size)
    path = root / f"office-{size}.db"
    db = open_database(path)
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
                db.engine.dispose()  # the copy sees every committed page
                _copy(path, root / "bare.db")
                before = _max_history(path)
                app = timed_save(db, scope, period, entries)
                db.engine.dispose()
                rows, _ids = _written(path, before, None)
                assert len(rows["value_history"][1]) == size
                times[kind].append((app, bare(root / "bare.db", rows, update=kind == "changed")))
    finally:
        db.close()
    return {kind: (statistics.median(a for a, _b in t), statistics.median(b for _a, b in t))
            for kind, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="300,3000")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    print("one save = set_values in one transaction, commit included (SQLite, WAL, "
          "synchronous=FULL); bare = sqlite3 executemany of the same value and history rows "
          f"into a copy of the database; medians of {args.rounds} rounds")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for size in (int(n) for n in args.sizes.split(",")):
            for kind, (app, base) in run(Path(tmp), size, args.rounds).items():
                print(f"{size:>6,} values, {kind:<8} set_values {app * 1000:8.1f} ms "
                      f"{size / app:>9,.0f} values/s | bare {base * 1000:7.1f} ms "
                      f"{size / base:>9,.0f} values/s | ratio {app / base:5.1f}×")


if __name__ == "__main__":
    main()
