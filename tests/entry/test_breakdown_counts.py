"""A summed total waits for its parts: "mark ready" lists it as having no value yet."""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.guards import mark_ready_guard
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli


def test_a_summed_total_with_a_part_missing_is_listed_before_ready(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    ok(run_cli("--db", path, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
               "--catalog", "hp-2081-2026", "--department", "VP"))
    ok(run_cli("--db", path, "values", "set", "--period", "202606", "A.X.1.1[nam]=12.450"))
    db = open_database(path)
    with db.session() as s:
        form = load_form(s, parse_period("202606"), with_outliers=False)
    db.close()
    missing = {r.code for r in form.missing_inputs}
    assert "A.X.1.1" in missing  # Nữ not given yet: no total
    assert "A.X.1.5" in missing and "A.X.1.5" not in {r.code for r in form.rows if r.computed}
    assert "A.X.1.1" in {o.code for o in mark_ready_guard(form).warnings}
    ok(run_cli("--db", path, "values", "set", "--period", "202606", "A.X.1.1[nu]=12.980"))
    db = open_database(path)
    with db.session() as s:
        form = load_form(s, parse_period("202606"), with_outliers=False)
    db.close()
    assert "A.X.1.1" not in {r.code for r in form.missing_inputs}
