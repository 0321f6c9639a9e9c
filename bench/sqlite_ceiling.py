"""Baseline: how fast can SQLite itself, on this machine, store the rows an import writes?

An imported value is two rows: its ``data_values`` row and its hash-chained
``value_history`` row, each with the app's indexes. This script writes N such
rows (the shape ``exchange/merge.py`` writes: the same columns, typical widths,
no Python work between them) by a plain sqlite3 ``executemany``, from the
fastest setting to the app's own, and prints values/s for each:

1. one narrow table in memory (``id INTEGER PRIMARY KEY, value TEXT``): the
   interpreter and SQLite's B-tree, nothing else;
2. the app's two tables in memory, without their secondary indexes;
3. the app's two tables in memory, with every index (the unique value slot,
   the period index, the history's value index);
4. the app's migrated database file, with its pragmas (WAL,
   ``synchronous=FULL``), a commit every 15,000 values.

It answers whether a bar such as issue 16's "100,000 values/s" is reachable on
this machine by any import that stores each value with its history: compare the
import's figure (``bench/import.py``) with line 3 and line 4. No test asserts a
timing.

    python bench/sqlite_ceiling.py [--values 300000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from chiso_desktop.store.db import open_database

COMMIT_EVERY = 15_000
FIRST_DAY = date(2020, 1, 1)


def rows(n: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """``n`` value rows and their history rows, as an import of 300-value bundles writes."""
    values: list[tuple[object, ...]] = []
    history: list[tuple[object, ...]] = []
    bundle = hashlib.sha256(b"bundle").hexdigest()
    at = "2026-06-01 10:00:00.000000"
    prev = ""
    for i in range(n):
        b = i // 300
        code = f"B.{i % 300 // 10 + 1}.{i % 10 + 1}"
        period = (FIRST_DAY + timedelta(days=b)).strftime("%Y%m%d")  # a day per bundle
        value = str(i * 7 % 100_003)
        values.append((i + 1, 1, "bench-300", code, period, "value", value, "", 1, "D1", at,
                       "Nguyễn Văn An", "bundle", bundle, bundle, 0, "default"))
        digest = hashlib.sha256((prev + code + value).encode()).hexdigest()
        history.append((i + 1, i + 1, code, period, None, None, "value", value, "",
                        "Nhập từ tệp số liệu", "Nguyễn Văn An", at, "bundle", bundle, 1, prev,
                        digest, "default"))
        prev = digest
    return values, history


def _schema(path: Path) -> tuple[list[str], list[str]]:
    """The CREATE TABLE and CREATE INDEX statements of the two tables, as migrated."""
    con = sqlite3.connect(path)
    try:
        found = con.execute("SELECT type, sql FROM sqlite_master WHERE tbl_name IN "
                            "('data_values', 'value_history') AND sql IS NOT NULL").fetchall()
    finally:
        con.close()
    tables = [sql for kind, sql in found if kind == "table"]
    indexes = [sql for kind, sql in found if kind == "index"]
    return tables, indexes


def _write(con: sqlite3.Connection, values: list[tuple[object, ...]],
           history: list[tuple[object, ...]]) -> float:
    v_sql = f"INSERT INTO data_values VALUES ({', '.join('?' * len(values[0]))})"
    h_sql = f"INSERT INTO value_history VALUES ({', '.join('?' * len(history[0]))})"
    start = time.perf_counter()
    for k in range(0, len(values), COMMIT_EVERY):
        con.execute("BEGIN")
        con.executemany(v_sql, values[k:k + COMMIT_EVERY])
        con.executemany(h_sql, history[k:k + COMMIT_EVERY])
        con.execute("COMMIT")
    return time.perf_counter() - start


def narrow(values: list[tuple[object, ...]], _h: list[tuple[object, ...]], _d: Path) -> float:
    con = sqlite3.connect(":memory:", isolation_level=None)
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT)")
    pairs = [(v[0], v[6]) for v in values]
    start = time.perf_counter()
    for k in range(0, len(pairs), COMMIT_EVERY):
        con.execute("BEGIN")
        con.executemany("INSERT INTO t VALUES (?, ?)", pairs[k:k + COMMIT_EVERY])
        con.execute("COMMIT")
    return time.perf_counter() - start


def in_memory(with_indexes: bool) -> Callable[..., float]:
    def run(values: list[tuple[object, ...]], history: list[tuple[object, ...]],
            folder: Path) -> float:
        tables, indexes = _schema(folder / "migrated.db")
        con = sqlite3.connect(":memory:", isolation_level=None)
        for sql in tables:
            if not with_indexes:  # the slot's UNIQUE constraint is an index too
                sql = re.sub(r",\s*CONSTRAINT \w+ UNIQUE \([^)]*\)", "", sql)
            con.execute(sql)
        if with_indexes:
            for sql in indexes:
                con.execute(sql)
        return _write(con, values, history)
    return run


def app_file(values: list[tuple[object, ...]], history: list[tuple[object, ...]],
             folder: Path) -> float:
    path = folder / f"app-{time.monotonic_ns()}.db"
    path.write_bytes((folder / "migrated.db").read_bytes())
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    try:
        return _write(con, values, history)
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    values, history = rows(args.values)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        open_database(folder / "migrated.db").close()
        cases: list[tuple[str, Callable[..., float]]] = [
            ("1 narrow table, memory", narrow),
            ("2 app tables, memory, no indexes", in_memory(False)),
            ("3 app tables, memory, every index", in_memory(True)),
            ("4 app database file (WAL, FULL)", app_file),
        ]
        print(f"{args.values:,} values (two rows each but line 1), "
              f"a commit every {COMMIT_EVERY:,}, median of {args.rounds}")
        print(f"{'':38} {'s':>7} {'values/s':>10}")
        for name, run in cases:
            times = [run(values, history, folder) for _ in range(args.rounds)]
            best = statistics.median(times)
            print(f"{name:38} {best:7.2f} {args.values / best:10,.0f}")


if __name__ == "__main__":
    main()
