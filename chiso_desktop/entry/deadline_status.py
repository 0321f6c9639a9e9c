"""A period's deadline as the status bar shows it: text, colour and level (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chiso_desktop.i18n import _, ngettext
from chiso_desktop.periods.deadlines import DeadlineRules, due_text
from chiso_desktop.periods.period import Period
from chiso_desktop.values.state import ReportStatus

GREEN, AMBER, RED, GREY = "#1b7f3b", "#a15c00", "#b3261e", "#555555"


@dataclass(frozen=True)
class DeadlineStatus:
    text: str
    colour: str
    level: str  # ok | soon | late | overdue | done


def deadline_status(period: Period, rules: DeadlineRules, today: date, *, role: str,
                    status: str = ReportStatus.DRAFT) -> DeadlineStatus:
    due = rules.due_dates(period)
    own = due.department if role == "department" else due.official
    when = due_text(due, "department" if role == "department" else "official")
    if status in (ReportStatus.READY, ReportStatus.SUBMITTED, ReportStatus.RECEIVED):
        return DeadlineStatus(_("Marked ready — due {date}").format(date=when)
                              if status == ReportStatus.READY else
                              _("Submitted — due {date}").format(date=when), GREY, "done")
    if today > due.official:
        days = (today - due.official).days
        return DeadlineStatus(ngettext("Overdue by {n} day (official deadline {date})",
                                       "Overdue by {n} days (official deadline {date})", days)
                              .format(n=days, date=due_text(due)),
                              RED, "overdue")
    if today > own:
        days = (today - own).days
        return DeadlineStatus(ngettext("Late by {n} day for the Office (due {date})",
                                       "Late by {n} days for the Office (due {date})", days)
                              .format(n=days, date=when), AMBER, "late")
    left = (own - today).days
    if left == 0:
        return DeadlineStatus(_("Due today ({date})").format(date=when), AMBER, "soon")
    return DeadlineStatus(ngettext("{n} day left (due {date})", "{n} days left (due {date})",
                                   left).format(n=left, date=when),
                          AMBER if left <= 3 else GREEN, "soon" if left <= 3 else "ok")
