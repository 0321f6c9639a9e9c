"""Issue 12: a day or a week inside an approved-and-locked month is locked with it.

A week across two months is locked when either month is; longer periods (a quarter,
a year) have locks of their own, and a locked month does not lock its quarter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso_desktop.entry.ops import lock_candidates, locked_by, locked_message, period_locked
from chiso_desktop.office.approval import approve
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from chiso_desktop.store.installation import require_installation


def test_the_periods_whose_lock_covers_a_period() -> None:
    assert lock_candidates("202606") == ("202606",)
    assert lock_candidates("2026Q2") == ("2026Q2",)
    assert lock_candidates("20260615") == ("20260615", "202606")
    assert lock_candidates("2026W24") == ("2026W24", "202606")         # 8–14 June
    assert lock_candidates("2026W27") == ("2026W27", "202606", "202607")  # 29 June – 5 July
    assert lock_candidates("2026W1") == ("2026W1", "202512", "202601")  # 29 Dec – 4 Jan
    # an hour of 15 June: its day's lock, then its month's
    assert lock_candidates("2026061514") == ("2026061514", "20260615", "202606")
    assert lock_candidates("20260231") == ("20260231",)  # no such day: only its own id


@pytest.fixture
def office(tmp_path: Path):
    db = open_database(tmp_path / "office.db")
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         plan="nhichieu-202-2026", catalogs=()))
        approve(s, parse_period("202606"), approver="Nguyễn Văn An",
                position="Chủ tịch UBND phường")
    yield db
    db.close()


@pytest.mark.parametrize(("period", "locked"), [
    ("202606", True), ("20260601", True), ("20260630", True), ("2026W24", True),
    ("2026W27", True), ("2026W23", True),                   # 1–7 June
    ("20260531", False), ("20260701", False), ("2026W22", False), ("2026W28", False),
    ("202605", False), ("2026Q2", False), ("2026S1", False), ("2026", False),
])
def test_a_locked_month_locks_its_days_and_weeks(office, period: str, locked: bool) -> None:
    with office.session() as s:
        unit = require_installation(s).org_unit_id
        assert period_locked(s, unit, period) is locked
        assert locked_by(s, unit, period) == ("202606" if locked else None)


def test_the_refusal_names_the_locked_month() -> None:
    day = parse_period("20260615")
    assert locked_message(day, "202606", "vi") == (
        "Ngày 15/6/2026 thuộc Tháng 6/2026, kỳ đã khóa sổ sau khi phê duyệt; hãy đề nghị Văn "
        "phòng mở lại Tháng 6/2026 và nêu lý do.")
    assert "Tháng 6/2026" in locked_message(parse_period("202606"), "202606", "vi")
