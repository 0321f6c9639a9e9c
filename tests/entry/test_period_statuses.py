"""The picker's statuses come from one query and agree with the per-period read."""

from __future__ import annotations

from datetime import datetime

from chiso_desktop.entry.ops import department_status
from chiso_desktop.entry.period_choice import period_statuses
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import Database
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import PeriodStatus


def test_every_listed_period_has_the_status_stored_for_it(installed_db: Database) -> None:
    periods = [parse_period(p) for p in ("202601", "202602", "202603", "2026Q1", "2026")]
    with installed_db.session() as s, s.begin():
        inst = require_installation(s)
        for period, department, status in (("202602", "VP", "ready"),
                                           ("2026Q1", "VP", "submitted"),
                                           ("202603", "KT", "submitted"),  # another department
                                           ("202612", "VP", "ready")):  # not listed
            s.add(PeriodStatus(org_unit_id=inst.org_unit_id, department_code=department,
                               period=period, status=status, changed_at=datetime(2026, 4, 1)))
    with installed_db.session() as s:
        got = period_statuses(s, "VP", periods)
        inst = require_installation(s)
        assert got == {p.id: department_status(s, inst, "VP", p.id) for p in periods}
    assert got == {"202601": "draft", "202602": "ready", "202603": "draft",
                   "2026Q1": "submitted", "2026": "draft"}
    assert period_statuses(s, "", periods) == {}
