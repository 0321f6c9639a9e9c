"""What stands in the way of approving and locking a period, listed for the leadership.

Missing departments and values, late and overdue deliveries, open conflicts
and open questions to departments. None of them forbids the approval (the
leadership may decide to lock with a value missing), so all are warnings the
person confirms; a locked period is refused by ``approve`` itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from chiso_desktop.entry.guards import Guard, Obstacle
from chiso_desktop.exchange.conflicts import list_conflicts
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.completeness import completeness
from chiso_desktop.office.corrections import OPEN, refresh_answered, requests_sent
from chiso_desktop.periods.period import Period


def approval_guard(session: Session, period: Period, today: date | None = None) -> Guard:
    report = completeness(session, period, today)
    warnings: list[Obstacle] = []
    for d in report.departments:
        if d.received == 0 and d.expected:
            warnings.append(Obstacle(d.code, _("{name}: nothing received yet ({n} values "
                                               "expected)").format(name=d.name, n=d.expected)))
        elif d.missing:
            warnings.append(Obstacle(d.code, ngettext(
                "{name}: {n} value missing ({codes})", "{name}: {n} values missing ({codes})",
                d.missing).format(name=d.name, n=d.missing,
                                  codes=", ".join(d.missing_codes[:6]) +
                                  ("…" if len(d.missing_codes) > 6 else ""))))
    passed = (today or date.today()) > report.due.official
    for d in report.departments:
        late = d.late + d.overdue - (d.missing if passed else 0)
        if late > 0:
            warnings.append(Obstacle(d.code, ngettext(
                "{name}: {n} value arrived after the deadline",
                "{name}: {n} values arrived after the deadline", late).format(
                name=d.name, n=late)))
    conflicts = [c for c in list_conflicts(session) if c.period == period.id]
    if conflicts:
        warnings.append(Obstacle("", ngettext(
            "{n} conflict is not resolved ({codes})", "{n} conflicts are not resolved ({codes})",
            len(conflicts)).format(n=len(conflicts),
                                   codes=", ".join(c.field_code for c in conflicts[:6]))))
    refresh_answered(session, period.id)
    questions = requests_sent(session, period, OPEN)
    if questions:
        warnings.append(Obstacle("", ngettext(
            "{n} question to a department is not answered ({codes})",
            "{n} questions to departments are not answered ({codes})", len(questions)).format(
            n=len(questions), codes=", ".join(q.code for q in questions[:6]))))
    return Guard(warnings=warnings)
