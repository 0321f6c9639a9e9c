"""What the Office expects in a period: indicators due, their department, the deadlines.

Indicators of a plan carry their department; indicators of the other installed
catalogs (the CCHC forms, the targets) have none and belong to the Office's own
department, which reports them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Catalog, Field, Indicator
from chiso_desktop.entry.scope import OFFICE_DEPARTMENT, Scope, load_scope
from chiso_desktop.periods.deadlines import DeadlineRules
from chiso_desktop.periods.period import Period
from chiso_desktop.store.installation import require_installation

__all__ = ["OFFICE_DEPARTMENT", "DueIndicator", "deadline_rules", "due_indicators", "load_plan",
           "office_department"]


@dataclass(frozen=True)
class DueIndicator:
    catalog: Catalog
    indicator: Indicator
    department: str

    @property
    def entered_fields(self) -> list[Field]:
        """The fields someone types; computed items follow from them, headings hold none."""
        return [f for f in self.indicator.fields if not f.computed and not f.heading]


def office_department(session: Session) -> str:
    """The Office's own department code (the installation's, else ``VP``)."""
    inst = require_installation(session)
    return inst.department_code or OFFICE_DEPARTMENT


def deadline_rules(scope: Scope) -> DeadlineRules:
    return DeadlineRules.from_catalog(scope.plan) if scope.plan is not None else DeadlineRules()


def due_indicators(scope: Scope, period: Period, own_department: str) -> list[DueIndicator]:
    """Every indicator due in ``period`` with the department that reports it, catalog order."""
    return [DueIndicator(cat, ind, ind.department or own_department)
            for cat, ind in scope.indicators("", period)]


def load_plan(session: Session) -> tuple[Scope, DeadlineRules, str]:
    scope = load_scope(session)
    return scope, deadline_rules(scope), office_department(session)
