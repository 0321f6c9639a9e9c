"""The catalogs shipped with the app, and plan resolution against its base set."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, CatalogKind
from chiso_desktop.paths import catalogs_dir


@cache
def builtin_catalogs() -> dict[str, Catalog]:
    found: dict[str, Catalog] = {}
    for path in sorted(Path(catalogs_dir()).glob("*.toml")):
        cat = load_catalog_file(path)
        found[cat.id] = cat
    return found


def resolve_plan(plan: Catalog, base: Catalog) -> Catalog:
    """A plan's indicators are its base set's rows, each tagged with its department.

    Kept in the base document's order so forms and reports read like the decision.
    """
    if plan.kind is not CatalogKind.PLAN:
        return plan
    wanted = {a.indicator: a.department for a in plan.assignments}
    missing = sorted(set(wanted) - {i.code for i in base.indicators})
    if missing:
        raise ValueError(f"plan {plan.id} names indicators not in {base.id}: {', '.join(missing)}")
    indicators = tuple(
        replace(ind, department=wanted[ind.code])
        for ind in base.indicators
        if ind.code in wanted
    )
    used_groups = {i.group for i in indicators}
    groups = [g for g in base.groups if g.code in used_groups]
    parents = {g.parent for g in groups if g.parent}
    groups = [g for g in base.groups if g.code in used_groups or g.code in parents]
    return replace(plan, indicators=indicators, groups=tuple(groups))
