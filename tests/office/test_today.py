"""The Office's footer tells the truth: locked, all in, or overdue only when someone is."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from chiso_desktop.office.today import (
    NextStep,
    PeriodState,
    TodayView,
    _next_step,
    office_deadline_status,
)
from chiso_desktop.periods.deadlines import DueDates
from chiso_desktop.periods.period import parse_period

DUE = DueDates(official=date(2026, 10, 19), office=date(2026, 10, 18),
               department=date(2026, 10, 16))
AFTER = date(2026, 11, 1)  # twelve days after the official deadline


def state(approval: str = "open", overdue=(), missing=()) -> PeriodState:
    return PeriodState(parse_period("202610"), DUE, approval,
                       datetime(2026, 10, 20, 9) if approval == "locked" else None,
                       1 if approval == "locked" else 0, list(overdue), list(missing),
                       Decimal("100.0"))


def test_locked_period_says_approved_not_overdue() -> None:
    info = office_deadline_status(state("locked"), AFTER)
    assert info.level == "done" and "20/10/2026" in info.text


def test_everyone_on_time_is_not_overdue_after_the_deadline() -> None:
    info = office_deadline_status(state(), AFTER)
    assert info.level == "ok" and info.colour != "#b3261e"


def test_overdue_names_who() -> None:
    info = office_deadline_status(state(overdue=["Phòng Kinh tế"], missing=["Phòng Kinh tế"]),
                                  AFTER)
    assert info.level == "overdue" and "Phòng Kinh tế" in info.text


def test_next_step_order_keys_conflicts_then_period() -> None:
    view = TodayView(AFTER, departments_without_key=["KT"], open_conflicts=2)
    assert _next_step(view) == NextStep("keys", "keys", count=1)
    view.departments_without_key = []
    assert _next_step(view).page == "office_conflicts"
    view.open_conflicts = 0
    assert _next_step(view).kind == "nothing"
