"""Achievement against targets (catalogs of kind ``targets``, e.g. nbk-799-2026).

Each target indicator's first field holds the achieved value; it is compared
with the threshold by the target's comparator. The value read for a year is
the year's own value, else the latest period of that year holding one.
Without a value the target is "no data", never "not met".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.installed import installed_catalogs
from chiso_desktop.catalog.model import CatalogKind, Indicator
from chiso_desktop.periods.period import PeriodError, parse_period
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue

MET, NOT_MET, NO_DATA = "met", "not-met", "no-data"

_COMPARE = {
    ">=": lambda v, t: v >= t,
    ">": lambda v, t: v > t,
    "=": lambda v, t: v == t,
    "<=": lambda v, t: v <= t,
    "<": lambda v, t: v < t,
}


@dataclass(frozen=True)
class Achievement:
    catalog_id: str
    indicator: Indicator
    target_text: str
    comparator: str
    threshold: Decimal
    value: Decimal | None
    period: str
    status: str

    def to_json(self) -> dict[str, object]:
        return {
            "catalog": self.catalog_id, "code": self.indicator.code,
            "name": self.indicator.name, "target": self.target_text,
            "comparator": self.comparator, "threshold": str(self.threshold),
            "value": None if self.value is None else str(self.value),
            "period": self.period or None, "status": self.status,
        }


def judge(value: Decimal | None, comparator: str, threshold: Decimal) -> str:
    if value is None:
        return NO_DATA
    return MET if _COMPARE[comparator](value, threshold) else NOT_MET


def _year_value(rows: list[DataValue], year: int) -> tuple[Decimal | None, str]:
    best: tuple[Decimal | None, str] = (None, "")
    best_end = None
    for r in rows:
        if r.state != "value" or r.value is None:
            continue
        try:
            period = parse_period(r.period)
            value = Decimal(r.value)
        except (PeriodError, InvalidOperation):
            continue
        if period.start.year != year:
            continue
        if period.id == str(year):
            return value, period.id
        if best_end is None or period.end > best_end:
            best, best_end = (value, period.id), period.end
    return best


def achievements(session: Session, year: int) -> list[Achievement]:
    """Every target of the installed targets catalogs, judged for ``year``."""
    inst = require_installation(session)
    out: list[Achievement] = []
    for cat in installed_catalogs(session):
        if cat.kind is not CatalogKind.TARGETS:
            continue
        for ind in cat.indicators:
            if ind.target is None or not ind.fields:
                continue
            code = ind.fields[0].code
            rows = list(session.execute(select(DataValue).where(
                DataValue.org_unit_id == inst.org_unit_id, DataValue.catalog_id == cat.id,
                DataValue.field_code == code, DataValue.combo == DEFAULT_COMBO,
                DataValue.period.like(f"{year}%"))).scalars())
            value, period = _year_value(rows, year)
            t = ind.target
            out.append(Achievement(cat.id, ind, t.text, t.comparator, t.threshold, value,
                                   period, judge(value, t.comparator, t.threshold)))
    return out
