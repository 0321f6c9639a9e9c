"""When each value of a period reached the Office.

"Received" is the import time of the bundle that first delivered the value,
or the local entry time for a value the Office typed itself (its own
department, or a correction). A value sent again later keeps its first
receipt time: a resend to fix a typo does not make a report late.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.models import DataValue, ValueHistory

DELIVERED_STATES = ("value", "not-applicable")


def received_times(session: Session, org_unit_id: int, period: str) -> dict[str, datetime]:
    """Field code → first time a value (or "not applicable") for it was received."""
    rows = session.execute(
        select(ValueHistory.field_code, ValueHistory.at, ValueHistory.bundle_id)
        .join(DataValue, DataValue.id == ValueHistory.value_id)
        .where(DataValue.org_unit_id == org_unit_id, DataValue.period == period,
               ValueHistory.new_state.in_(DELIVERED_STATES))
        .order_by(ValueHistory.id)).all()
    bundle_ids = {b for _c, _a, b in rows if b}
    imported: dict[str, datetime] = {}
    if bundle_ids:
        imported = dict(session.execute(
            select(ImportedBundle.bundle_id, ImportedBundle.imported_at)
            .where(ImportedBundle.bundle_id.in_(bundle_ids))).all())
    first: dict[str, datetime] = {}
    for code, at, bundle_id in rows:
        when = imported.get(bundle_id, at) if bundle_id else at
        if code not in first or when < first[code]:
            first[code] = when
    return first
