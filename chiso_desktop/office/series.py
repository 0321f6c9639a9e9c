"""One field's values over the last periods of its frequency, for the dashboard's chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import FieldType, Frequency, Indicator
from chiso_desktop.entry.scope import Scope
from chiso_desktop.periods.period import Period, period_containing
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue

NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY)


@dataclass(frozen=True)
class Point:
    period: Period
    value: Decimal | None


def chartable_fields(scope: Scope) -> list[tuple[str, str, str]]:
    """(code, label, unit) of every numeric field with a frequency, in catalog order."""
    out = []
    for _cat, ind in scope.indicators():
        if not ind.frequencies:
            continue
        for f in ind.fields:
            if FieldType(f.type) in NUMERIC:
                label = ind.name if f.label == ind.name else f"{ind.name} — {f.label}"
                out.append((f.code, label, f.unit))
    return out


def last_periods(indicator: Indicator, current: Period | None, today: date,
                 count: int = 12) -> list[Period]:
    """``count`` periods of the indicator's frequency ending at the current one, oldest first."""
    # Hours only when an hour is shown: twelve hours before a month say nothing about it.
    usual: list[Frequency] = [f for f in indicator.frequencies if f is not Frequency.HOUR] or \
        list(indicator.frequencies)
    freq = current.frequency if current is not None and \
        current.frequency in indicator.frequencies else usual[0]
    end = current if current is not None and current.frequency is freq else \
        period_containing(freq, current.start if current else today)
    periods = [end]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def field_series(session: Session, scope: Scope, code: str, current: Period | None,
                 today: date, count: int = 12) -> list[Point]:
    ref = scope.ref(code)
    if ref is None or not ref.indicator.frequencies:
        return []
    inst = require_installation(session)
    periods = last_periods(ref.indicator, current, today, count)
    stored: dict[str, str | None] = {period: value for period, value in session.execute(
        select(DataValue.period, DataValue.value).where(
            DataValue.org_unit_id == inst.org_unit_id, DataValue.field_code == code,
            DataValue.combo == DEFAULT_COMBO, DataValue.state == "value", DataValue.period.in_([p.id for p in periods])))}
    points = []
    for p in periods:
        try:
            text = stored.get(p.id)
            value = Decimal(text) if text is not None else None
        except InvalidOperation:
            value = None
        points.append(Point(p, value))
    return points
