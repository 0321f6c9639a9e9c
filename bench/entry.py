"""Time to set one value and recompute + validate its form.

Prints figures for the Hải Phòng city set and the Lào Cai commune set next to
a bare SQLite insert+commit measured in the same run (these machines are
noisy: compare ratios, not absolute times). Run: python bench/entry.py
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database

ROUNDS = 30


def bare_insert(folder: Path) -> float:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE v (code TEXT, period TEXT, value TEXT)")
    times = []
    for i in range(ROUNDS):
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO v VALUES (?, ?, ?)", ("A.1.1", "202606", str(i)))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t)
    conn.close()
    return statistics.median(times)


def entry_round(folder: Path, catalog: str, period_id: str) -> tuple[float, float, int]:
    db = open_database(folder / f"{catalog}.db")
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         catalogs=(catalog,)))
    period = parse_period(period_id)
    with db.session() as s:
        scope = load_scope(s)
        form = load_form(s, period, scope=scope)
    editable = [r for r in form.rows if not r.computed and r.field.type.value
                not in ("text", "choice")]
    with db.session() as s, s.begin():  # a filled form, as in real use
        set_values(s, period, [Entry(r.code, str(i % 50 + 1)) for i, r in enumerate(editable)],
                   actor="bench", lang="en", scope=scope)
    save, recompute = [], []
    for i in range(ROUNDS):
        row = editable[i % len(editable)]
        t0 = time.perf_counter()
        with db.session() as s, s.begin():
            set_values(s, period, [Entry(row.code, str(60 + i % 30))], actor="bench", lang="en",
                       scope=scope)
        t1 = time.perf_counter()
        with db.session() as s:
            load_form(s, period, scope=scope)
        t2 = time.perf_counter()
        save.append(t1 - t0)
        recompute.append(t2 - t1)
    db.close()
    return statistics.median(save), statistics.median(recompute), len(form.rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = bare_insert(folder)
        print(f"baseline: bare SQLite insert + commit (WAL, synchronous=FULL): {base*1000:.2f} ms")
        for catalog, period in (("hp-2081-2026", "202606"), ("laocai-2026", "202606")):
            save, recompute, fields = entry_round(folder, catalog, period)
            print(f"{catalog:<14} {fields:>4} fields in the form: set one value "
                  f"{save*1000:.2f} ms ({save/base:.1f}× baseline), recompute + validate form "
                  f"{recompute*1000:.2f} ms")


if __name__ == "__main__":
    main()
