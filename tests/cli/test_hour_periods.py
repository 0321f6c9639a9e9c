"""``--period`` takes an hour in every spelling; a wrong hour is a usage error (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import ok, run_cli


@pytest.fixture
def office(tmp_path: Path) -> Path:
    db = tmp_path / "office.db"
    ok(run_cli("--db", db, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
               "laocai-2026", "--department", "VP"))
    return db


def test_period_show_of_an_hour(office: Path) -> None:
    shown = ok(run_cli("--db", office, "period", "show", "14h 01/6/2026", "--json")).json()
    assert shown["period"] == "2026060114" and shown["frequency"] == "hour"
    assert shown["label_vi"] == "14h 01/6/2026" and shown["label_en"] == "June 1, 2026, 14:00"
    assert shown["start_at"] == "2026-06-01T14:00" and shown["due_before"] == "2026-06-01T16:00"
    text = ok(run_cli("--db", office, "period", "show", "2026060114")).out
    assert "14:00 – 14:59 01/06/2026" in text and "16:00" in text


@pytest.mark.parametrize("bad", ["2026060124", "20260601 24", "2026023114", "25h 1/6/2026"])
def test_a_wrong_hour_is_a_usage_error(office: Path, bad: str) -> None:
    result = run_cli("--db", office, "values", "set", "--period", bad, "C.1.4=1")
    assert result.code == 2 and "Traceback" not in result.err
    assert "2026060114" in result.err  # the accepted forms name the hour form


def test_values_set_and_list_by_the_hour(office: Path) -> None:
    ok(run_cli("--db", office, "values", "set", "--period", "2026-06-01T14:00", "C.1.4=12,5"))
    listed = ok(run_cli("--db", office, "values", "list", "--period", "1/6/2026 14h")).out
    assert "14h 01/6/2026" in listed and "12,5" in listed
    daily_only = run_cli("--db", office, "values", "set", "--period", "2026060114", "A.1.1=5")
    assert daily_only.code == 3 and "14h 01/6/2026" in daily_only.err
