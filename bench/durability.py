"""What synchronous=FULL costs: one save and one bundle-sized batch, FULL vs NORMAL vs OFF.

The store runs SQLite in WAL mode with synchronous=FULL, so a commit is on
disk before "saved" is shown (NORMAL in WAL can lose the last commits on a
power cut; OFF can corrupt). This measures the price on this machine's disk,
all three modes in the same run, on the same data:

    python bench/durability.py [--saves 200] [--batches 20] [--dir DIR]

Run it with --dir on the disk that matters (the office PC's data folder).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.model import FieldType
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store import db as dbmod

MODES = ("FULL", "NORMAL", "OFF")
YEAR = parse_period("2026")
NUMERIC = {FieldType.INTEGER, FieldType.MONEY, FieldType.DECIMAL, FieldType.PERCENT}


def _with_mode(mode: str) -> Callable[[Any, Any], None]:
    original = dbmod._on_connect

    def on_connect(conn: Any, record: Any) -> None:
        original(conn, record)
        conn.execute(f"PRAGMA synchronous={mode}")
    return on_connect


def _setup(path: Path) -> list[str]:
    db = dbmod.open_database(path)
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         plan="nhichieu-202-2026"))
    with db.session() as s:
        scope = load_scope(s)
        candidates = [f.code for _c, ind in scope.indicators("", YEAR) for f in ind.fields
                      if not f.computed and f.type in NUMERIC]
    codes = []
    for code in candidates:
        try:
            with db.session() as s, s.begin():
                set_values(s, YEAR, [Entry(code, "5")], actor="bench", lang="en")
            codes.append(code)
        except Refused:
            continue
    db.close()
    return codes


def _measure(path: Path, mode: str, codes: list[str], saves: int, batches: int
             ) -> tuple[list[float], list[float]]:
    dbmod._on_connect = _with_mode(mode)  # type: ignore[assignment]
    try:
        db = dbmod.open_database(path)
    finally:
        dbmod._on_connect = ORIGINAL
    with db.engine.connect() as conn:
        level = conn.exec_driver_sql("PRAGMA synchronous").scalar()
    assert level == {"OFF": 0, "NORMAL": 1, "FULL": 2}[mode], (mode, level)
    single, batch = [], []
    for n in range(saves):
        t = time.perf_counter()
        with db.session() as s, s.begin():
            set_values(s, YEAR, [Entry(codes[n % len(codes)], str(10 + (n + _salt()) % 80))], actor="bench",
                       lang="en")
        single.append(time.perf_counter() - t)
    for n in range(batches):
        t = time.perf_counter()
        with db.session() as s, s.begin():
            set_values(s, YEAR, [Entry(c, str(10 + (n + _salt()) % 80)) for c in codes], actor="bench",
                       lang="en")
        batch.append(time.perf_counter() - t)
    db.close()
    return single, batch


ORIGINAL = dbmod._on_connect
_COUNTER = [0]


def _salt() -> int:
    """A changing offset so a repeated round writes new values (unchanged ones are skipped)."""
    _COUNTER[0] += 7
    return _COUNTER[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        results: dict[str, tuple[list[float], list[float]]] = {m: ([], []) for m in MODES}
        codes = []
        for mode in MODES:
            codes = _setup(Path(tmp) / f"{mode}.db")
        for _round in range(3):  # interleaved, so a busy moment of the machine hits all modes
            for mode in MODES:
                single, batch = _measure(Path(tmp) / f"{mode}.db", mode, codes,
                                         args.saves // 3, max(1, args.batches // 3))
                results[mode][0].extend(single)
                results[mode][1].extend(batch)
        print(f"durability bench in {tmp}: one save = set_values of 1 value in its own "
              f"transaction; batch = {len(codes)} values in one transaction (a department's "
              f"year form, the size of a bundle)")
        print(f"{'synchronous':<12} {'save median ms':>15} {'save p95 ms':>12} "
              f"{'batch median ms':>16} {'batch values/s':>15}")
        for mode, (single, batch) in results.items():
            p95 = sorted(single)[int(len(single) * 0.95) - 1]
            med_b = statistics.median(batch)
            print(f"{mode:<12} {statistics.median(single) * 1000:>15.2f} {p95 * 1000:>12.2f} "
                  f"{med_b * 1000:>16.2f} {len(codes) / med_b:>15.0f}")
        full = statistics.median(results["FULL"][0])
        normal = statistics.median(results["NORMAL"][0])
        print(f"FULL costs {(full - normal) * 1000:.2f} ms per save over NORMAL "
              f"({full / normal:.2f}×)")


if __name__ == "__main__":
    main()
