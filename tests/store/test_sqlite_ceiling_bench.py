"""bench/sqlite_ceiling.py runs end to end (tiny size; the figures are not checked)."""

from __future__ import annotations

import contextlib
import io
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_sqlite_ceiling_bench_prints_each_line() -> None:
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(printed):
        mp.setattr(sys, "argv", ["sqlite_ceiling.py", "--values", "600", "--rounds", "1"])
        runpy.run_path(str(ROOT / "bench" / "sqlite_ceiling.py"), run_name="__main__")
    out = printed.getvalue()
    for line in ("1 narrow table, memory", "2 app tables, memory, no indexes",
                 "3 app tables, memory, every index", "4 app database file (WAL, FULL)"):
        assert line in out, out
