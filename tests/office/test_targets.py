"""Achievement against the 799/TB-UBND targets: met, not met, no data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.cli import ok


def test_targets_met_not_met_and_no_data(chiso: Callable[..., Any], tmp_path: Path) -> None:
    db = tmp_path / "nbk.db"
    ok(chiso("--db", db, "init", "--role", "office", "--unit", "Xã Nguyễn Bỉnh Khiêm",
             "--catalog", "nbk-799-2026"))
    ok(chiso("--db", db, "values", "set", "--period", "2026", "I.1.1=90", "I.2.1=95"))
    rows = ok(chiso("--db", db, "targets", "--year", "2026", "--json")).json()
    by_code = {r["code"]: r for r in rows}
    assert len(rows) == 12
    assert (by_code["I.1"]["status"], by_code["I.1"]["value"]) == ("met", "90")  # ≥85
    assert (by_code["I.2"]["status"], by_code["I.2"]["value"]) == ("not-met", "95")  # 100%
    assert {r["status"] for c, r in by_code.items() if c not in ("I.1", "I.2")} == {"no-data"}
    other_year = ok(chiso("--db", db, "targets", "--year", "2025", "--json")).json()
    assert {r["status"] for r in other_year} == {"no-data"}
