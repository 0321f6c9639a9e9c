"""Which indicators and fields an installation enters, across its catalogs.

An installation holds several catalogs side by side (the city set through the
ward plan, the CCHC forms, the targets). Field codes are unique across them;
this index answers "which catalog and indicator owns code X" and "what does
department D report in period P".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from chiso_desktop.catalog.installed import active_catalogs
from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, Indicator
from chiso_desktop.catalog.registry import resolve_plan
from chiso_desktop.periods.period import Period
from chiso_desktop.values.door import CompiledFields

OFFICE_DEPARTMENT = "VP"
"""The Office's own department when the installation names none; it owns the indicators
of catalogs no plan assigns (the CCHC forms, the targets)."""


@dataclass(frozen=True)
class FieldRef:
    catalog: Catalog
    indicator: Indicator
    field: Field


@dataclass
class Scope:
    """The installation's reportable catalogs (plans resolved, their bases hidden)."""

    catalogs: list[Catalog]
    plan: Catalog | None
    index: dict[str, FieldRef]

    def ref(self, code: str) -> FieldRef | None:
        return self.index.get(code)

    def indicators(self, department: str = "", period: Period | None = None
                   ) -> list[tuple[Catalog, Indicator]]:
        """Indicators a department reports (all when ``department`` is empty) in a period."""
        out = []
        for cat in self.catalogs:
            for ind in cat.indicators:
                if department and cat.kind is CatalogKind.PLAN and ind.department != department:
                    continue
                if period is not None and not ind.reported_in(period.frequency,
                                                              period.start.month):
                    continue
                out.append((cat, ind))
        return out

    def owner(self, indicator: Indicator, office_department: str = OFFICE_DEPARTMENT) -> str:
        """Who reports ``indicator``: its plan department, else the Office's own department.

        Without a plan nobody is assigned anything: "" (anyone of the installation may
        enter it).
        """
        if self.plan is None:
            return indicator.department
        return indicator.department or office_department

    def split_by_owner(self, department: str, period: Period | None = None,
                       office_department: str = OFFICE_DEPARTMENT
                       ) -> tuple[list[tuple[Catalog, Indicator]], list[tuple[Catalog, Indicator]]]:
        """(the indicators ``department`` reports, those another department reports)."""
        mine: list[tuple[Catalog, Indicator]] = []
        others: list[tuple[Catalog, Indicator]] = []
        for cat, ind in self.indicators("", period):
            owner = self.owner(ind, office_department)
            (mine if owner in ("", department) else others).append((cat, ind))
        return mine, others

    def door_fields(self) -> dict[str, tuple[Field, Indicator]]:
        """code → (field, indicator), the map ``values.door`` checks against; built once."""
        cached = self.__dict__.get("_door_fields")
        if cached is None:
            cached = {code: (ref.field, ref.indicator) for code, ref in self.index.items()}
            self.__dict__["_door_fields"] = cached
        return cached

    def door_compiled(self) -> CompiledFields:
        """``door_fields`` with the door's per-field facts kept across calls (imports)."""
        cached = self.__dict__.get("_door_compiled")
        if cached is None:
            cached = CompiledFields(self.door_fields())
            self.__dict__["_door_compiled"] = cached
        return cached

    def owned_by(self, department: str) -> Scope:
        """With a plan: the same scope with the indicators the plan does not assign (CCHC
        forms, targets) given to ``department``. At the Office they are its own, so another
        sender's value for one is held for review, never written under whoever sent it
        first. Without a plan (a catalog alone) nothing is assigned and any enrolled
        department may report any indicator, as before."""
        if self.plan is None:
            return self
        cached = self.__dict__.setdefault("_owned", {})
        if department not in cached:
            index = {code: ref if ref.indicator.department else FieldRef(
                ref.catalog, replace(ref.indicator, department=department), ref.field)
                for code, ref in self.index.items()}
            cached[department] = Scope(self.catalogs, self.plan, index)
        return cached[department]

    def department_of(self, code: str) -> str:
        ref = self.index.get(code)
        return ref.indicator.department if ref else ""


def build_scope(catalogs: list[Catalog]) -> Scope:
    by_id = {c.id: c for c in catalogs}
    plan = next((c for c in catalogs if c.kind is CatalogKind.PLAN), None)
    reportable: list[Catalog] = []
    hidden = set()
    if plan is not None and plan.base in by_id:
        reportable.append(resolve_plan(plan, by_id[plan.base]))
        hidden = {plan.id, plan.base}
    reportable += [c for c in catalogs if c.id not in hidden and c.kind is not CatalogKind.PLAN]
    index: dict[str, FieldRef] = {}
    for cat in reportable:
        for ind in cat.indicators:
            for f in ind.fields:
                index.setdefault(f.code, FieldRef(cat, ind, f))
    return Scope(reportable, plan, index)


_SCOPES: dict[tuple[str, ...], Scope] = {}
"""The scope of each set of installed catalogs (by content hash) built in this process."""
_SCOPES_LIMIT = 16


def load_scope(session: Session) -> Scope:
    """The installation's scope: built once per set of installed catalogs in this process
    (a scope is never changed once built), so a window's refresh does not resolve the plan
    and index every field again for each report it asks for."""
    active = active_catalogs(session)
    if any(digest is None for digest, _catalog in active):
        return build_scope([catalog for _digest, catalog in active])
    key = tuple(digest for digest, _catalog in active if digest is not None)
    scope = _SCOPES.get(key)
    if scope is None:
        if len(_SCOPES) >= _SCOPES_LIMIT:
            _SCOPES.clear()
        scope = _SCOPES[key] = build_scope([catalog for _digest, catalog in active])
    return scope
