"""The city's view: wards side by side for a period, and completeness across wards.

Each ward is an org unit created when its Office's key was enrolled
(:func:`office.consolidated.enroll_ward`). A ward is expected to send every
entered field due in the period (the city's catalogs and plan); the city's
reporting rate is received / expected over all wards, and the share of wards
that sent anything.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Field, Indicator
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.office.completeness import rate
from chiso_desktop.office.received import DELIVERED_STATES
from chiso_desktop.periods.period import Period
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, OrgUnit


@dataclass
class WardStatus:
    code: str
    name: str
    expected: int
    received: int
    revision: int | None = None
    imported_at: datetime | None = None

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(self.received, self.expected)

    def to_json(self) -> dict[str, object]:
        rr = self.reporting_rate
        return {"code": self.code, "name": self.name, "expected": self.expected,
                "received": self.received, "missing": self.missing,
                "reporting_rate": None if rr is None else str(rr), "revision": self.revision,
                "imported_at": self.imported_at.isoformat(timespec="seconds")
                if self.imported_at else None}


@dataclass
class CityRow:
    indicator: Indicator
    field: Field
    values: dict[str, tuple[str, str | None]] = dataclass_field(default_factory=dict)
    """Ward code → (state, canonical value)."""


@dataclass
class CityView:
    period: Period
    wards: list[WardStatus]
    rows: list[CityRow]

    @property
    def wards_reporting(self) -> int:
        return sum(1 for w in self.wards if w.received)

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(sum(w.received for w in self.wards), sum(w.expected for w in self.wards))

    def to_json(self) -> dict[str, object]:
        rr = self.reporting_rate
        return {"period": self.period.id, "wards": [w.to_json() for w in self.wards],
                "wards_expected": len(self.wards), "wards_reporting": self.wards_reporting,
                "reporting_rate": None if rr is None else str(rr)}


def wards(session: Session) -> list[OrgUnit]:
    inst = require_installation(session)
    return list(session.execute(select(OrgUnit).where(
        OrgUnit.id != inst.org_unit_id, OrgUnit.kind == "ward").order_by(OrgUnit.name)).scalars())


def _commune_level(indicator: Indicator) -> bool:
    return "cấp xã" in unicodedata.normalize("NFC", indicator.agency).casefold()


def expected_fields(session: Session, period: Period) -> list[tuple[Indicator, Field]]:
    """The entered fields every ward owes in ``period``.

    With a plan installed, the plan's; without one (the usual city), the base
    set's indicators a commune-level People's Committee reports ("UBND cấp xã"),
    or all of them when the set names no agency of that level (a commune set).
    """
    scope = load_scope(session)
    indicators = [ind for _c, ind in scope.indicators("", period)]
    if scope.plan is None and any(_commune_level(i) for i in indicators):
        indicators = [i for i in indicators if _commune_level(i)]
    return [(ind, f) for ind in indicators for f in ind.fields if not f.computed]


def city_view(session: Session, period: Period) -> CityView:
    """Every entered field due in ``period`` with each ward's value, and each ward's counts."""
    fields = expected_fields(session, period)
    units = wards(session)
    by_id = {u.id: u for u in units}
    rows = {f.code: CityRow(ind, f) for ind, f in fields}
    received: dict[str, int] = {u.code: 0 for u in units}
    for r in session.execute(select(DataValue).where(
            DataValue.period == period.id, DataValue.org_unit_id.in_(list(by_id)))).scalars():
        row = rows.get(r.field_code)
        if row is None:
            continue
        unit = by_id[r.org_unit_id]
        row.values[unit.code] = (r.state, r.value)
        if r.state in DELIVERED_STATES:
            received[unit.code] += 1
    latest = _latest_imports(session, period)
    statuses = []
    for u in units:
        imp = latest.get(u.id)
        statuses.append(WardStatus(u.code, u.name, len(fields), received[u.code],
                                   imp[1] if imp else None, imp[0] if imp else None))
    return CityView(period, statuses, list(rows.values()))


def _latest_imports(session: Session, period: Period) -> dict[int, tuple[datetime, int | None]]:
    """Ward id → (time, approved revision) of its latest consolidated bundle for the period.

    The ward is the one the signing key was enrolled for, never the name the
    manifest claims.
    """
    unit_of_key = dict(session.execute(select(TrustedKeyRow.fingerprint, TrustedKeyRow.org_unit_id)
                                       .where(TrustedKeyRow.org_unit_id.is_not(None))).all())
    out: dict[int, tuple[datetime, int | None]] = {}
    for b in session.execute(select(ImportedBundle).where(
            ImportedBundle.kind == "bundle", ImportedBundle.periods.contains(f'"{period.id}"'))
            .order_by(ImportedBundle.imported_at)).scalars():
        unit_id = unit_of_key.get(b.sender_fingerprint)
        if unit_id is None or period.id not in json.loads(b.periods or "[]"):
            continue
        counts = json.loads(b.counts or "{}")
        revision = counts.get("revision") if isinstance(counts, dict) else None
        out[unit_id] = (b.imported_at, revision if type(revision) is int else None)
    return out
