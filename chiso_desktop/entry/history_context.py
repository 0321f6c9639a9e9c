"""Stored values as the formula engine's context: this period, the previous one,
the same period last year, the year to date.

Loaded in one query per form so a recompute after each keystroke stays cheap.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.periods.period import Period, periods_to_date
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue
from chiso_desktop.values.formula import Lookup
from chiso_desktop.values.state import ValueState

ValueMap = dict[tuple[str, str], tuple[str, str | None]]


def _number(state_value: tuple[str, str | None] | None) -> Decimal | None:
    if state_value is None or state_value[0] != "value" or state_value[1] is None:
        return None
    try:
        return Decimal(state_value[1])
    except InvalidOperation:
        return None


def _lookup(state_value: tuple[str, str | None] | None) -> Lookup:
    """A stored value as the formula engine sees it: number, not applicable, or None."""
    if state_value is not None and state_value[0] == ValueState.NOT_APPLICABLE:
        return ValueState.NOT_APPLICABLE
    return _number(state_value)


class StoredValues:
    """Implements the formula context protocol over a preloaded value map."""

    def __init__(self, values: ValueMap, period: Period,
                 overrides: dict[str, Lookup] | None = None) -> None:
        self.values = values
        self.period = period
        self.overrides = overrides if overrides is not None else {}

    def state(self, code: str, period: str | None = None) -> tuple[str, str | None] | None:
        return self.values.get((code, period or self.period.id))

    def value(self, code: str) -> Lookup:
        if code in self.overrides:
            return self.overrides[code]
        return _lookup(self.state(code))

    def is_not_applicable(self, code: str) -> bool:
        st = self.state(code)
        return st is not None and st[0] == "not-applicable"

    def previous(self, code: str) -> Lookup:
        return _lookup(self.values.get((code, self.period.previous().id)))

    def last_year(self, code: str) -> Lookup:
        return _lookup(self.values.get((code, self.period.same_period_last_year().id)))

    def cumulative(self, code: str) -> Lookup:
        """Year to date (hours: the day so far); "no occurrence" counts as zero, a missing one fails."""
        total = Decimal(0)
        for p in periods_to_date(self.period):
            v = self.value(code) if p.id == self.period.id else _lookup(
                self.values.get((code, p.id)))
            if v is None:
                return None
            if isinstance(v, Decimal):
                total += v
        return total

    def plan(self, code: str) -> Lookup:
        """Plan targets are entered as the field's value for the whole year."""
        return _lookup(self.values.get((code, str(self.period.start.year))))


def needed_periods(period: Period) -> set[str]:
    ids = {period.id, period.previous().id, period.same_period_last_year().id,
           str(period.start.year)}
    ids.update(p.id for p in periods_to_date(period))
    return ids


def load_values(session: Session, org_unit_id: int, period: Period,
                codes: set[str] | None = None) -> ValueMap:
    rows = session.execute(
        select(DataValue.field_code, DataValue.period, DataValue.state, DataValue.value)
        .where(DataValue.org_unit_id == org_unit_id, DataValue.combo == DEFAULT_COMBO,
               DataValue.period.in_(needed_periods(period)))
    ).all()
    return {(c, p): (s, v) for c, p, s, v in rows if codes is None or c in codes}


def series_many(session: Session, org_unit_id: int, codes: set[str], period: Period,
                length: int = 12) -> dict[str, list[Decimal]]:
    """Each field's own values over the ``length`` periods before ``period``, oldest first.

    One query for the whole form, so validation after each edit stays cheap.
    """
    ids = []
    p = period
    for _ in range(length):
        p = p.previous()
        ids.append(p.id)
    order = {pid: i for i, pid in enumerate(reversed(ids))}
    found: dict[str, list[tuple[int, Decimal]]] = {}
    if not codes:
        return {}
    for code, pid, value in session.execute(
        select(DataValue.field_code, DataValue.period, DataValue.value).where(
            DataValue.org_unit_id == org_unit_id, DataValue.state == "value",
            DataValue.combo == DEFAULT_COMBO,
            DataValue.period.in_(ids), DataValue.field_code.in_(codes))):
        number = _number(("value", value))
        if number is not None:
            found.setdefault(code, []).append((order[pid], number))
    return {code: [v for _i, v in sorted(items)] for code, items in found.items()}
