"""``chiso catalog list|show|export|import|install``."""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.excel import export_catalog_xlsx, import_catalog_xlsx
from chiso_desktop.catalog.installed import (
    add_catalog,
    find_catalog,
    installed_rows,
    version_key,
)
from chiso_desktop.catalog.model import Catalog, CatalogKind
from chiso_desktop.catalog.registry import builtin_catalogs, resolve_plan
from chiso_desktop.catalog.serialize import content_hash
from chiso_desktop.cli.context import Context, out, out_json
from chiso_desktop.entry.notes import assignment_notes
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _


def register(sub: Any) -> None:
    p = sub.add_parser("catalog", help=_("indicator catalogs"))
    csub = p.add_subparsers(dest="catalog_command", required=True)

    ls = csub.add_parser("list", help=_("list shipped and installed catalogs"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)

    show = csub.add_parser("show", help=_("show one catalog with its indicators and fields"))
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    ex = csub.add_parser("export", help=_("write a catalog as an Excel workbook"))
    ex.add_argument("id")
    ex.add_argument("--out", type=Path, required=True)
    ex.set_defaults(handler=cmd_export)

    im = csub.add_parser("import", help=_("install a catalog from an Excel workbook"))
    im.add_argument("file", type=Path)
    im.set_defaults(handler=cmd_import)

    ins = csub.add_parser("install", help=_("add a shipped catalog to this installation"))
    ins.add_argument("id")
    ins.set_defaults(handler=cmd_install)


def _all_catalogs(ctx: Context) -> tuple[dict[str, Catalog], set[str]]:
    catalogs = dict(builtin_catalogs())
    installed: set[str] = set()
    if ctx.db_exists:
        with ctx.db.session() as s:
            for row in installed_rows(s):
                installed.add(row.catalog_id)
                catalogs[row.catalog_id] = find_catalog(s, row.catalog_id)
    return catalogs, installed


def indicator_count(catalog: Catalog) -> int:
    if catalog.kind is CatalogKind.PLAN:
        return len(catalog.assignments)
    return len(catalog.indicators)


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    catalogs, installed = _all_catalogs(ctx)
    rows = [
        {
            "id": c.id, "title": c.title, "document": c.document, "kind": c.kind.value,
            "version": c.version, "indicators": indicator_count(c),
            "fields": sum(len(i.fields) for i in c.indicators),
            "base": c.base or None, "content_hash": content_hash(c),
            "installed": c.id in installed,
        }
        for c in catalogs.values()
    ]
    if args.json:
        out_json(rows)
        return 0
    for r in rows:
        mark = "*" if r["installed"] else " "
        out(f"{mark} {r['id']:<22} {r['kind']:<14} {r['document']:<16} "
            f"{r['indicators']:>4}  {r['title']}")
    out(_("* = installed in this database"))
    return 0


def indicator_json(ind: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": ind.code, "name": ind.name, "group": ind.group, "number": ind.number,
        "frequencies": [f.value for f in ind.frequencies], "frequency_text": ind.frequency_text,
        "scope": ind.scope, "disaggregation": ind.disaggregation, "agency": ind.agency,
        "database": ind.database, "owner": ind.owner, "source": ind.source,
        "fields": [
            {"code": f.code, "label": f.label, "unit": f.unit, "unit_inferred": f.unit_inferred,
             "type": f.type.value, "number": f.number, "parent": f.parent or None,
             "formula": f.formula or None, "formula_text": f.formula_text or None,
             "choices": [{"code": c.code, "label": c.label} for c in f.choices],
             "min": None if f.min is None else str(f.min),
             "max": None if f.max is None else str(f.max), "note": f.note}
            for f in ind.fields
        ],
        "note": ind.note,
    }
    if ind.department:
        data["department"] = ind.department
    if ind.target is not None:
        data["target"] = {"comparator": ind.target.comparator,
                          "threshold": str(ind.target.threshold),
                          "unit": ind.target.unit, "text": ind.target.text}
    return data


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    catalogs, _installed = _all_catalogs(ctx)
    cat = catalogs.get(args.id)
    if cat is None:
        with ctx.db.session() as s:
            cat = find_catalog(s, args.id)  # raises with the helpful message
    if cat.kind is CatalogKind.PLAN:
        cat = resolve_plan(cat, catalogs[cat.base])
    if args.json:
        plan_notes = assignment_notes([cat])
        out_json({
            "id": cat.id, "title": cat.title, "document": cat.document, "kind": cat.kind.value,
            "version": cat.version, "base": cat.base or None, "content_hash": content_hash(cat),
            "description": cat.description,
            "groups": [{"code": g.code, "name": g.name, "parent": g.parent or None,
                        "description": g.description, "examples": list(g.examples)}
                       for g in cat.groups],
            "categories": [{"code": c.code, "name": c.name, "note": c.note,
                            "options": [{"code": o.code, "label": o.label} for o in c.options]}
                           for c in cat.categories],
            "indicators": [{**indicator_json(i), **({"assignment_note": plan_notes[i.code]}
                                                   if i.code in plan_notes else {})}
                           for i in cat.indicators],
            "assignments": [{"indicator": a.indicator, "department": a.department,
                             "note": a.note} for a in cat.assignments],
            "departments": [{"code": d.code, "name": d.name} for d in cat.departments],
            "tasks": [vars(t) for t in cat.tasks],
        })
        return 0
    out(f"{cat.id} — {cat.title}")
    out(f"{cat.document}  {cat.issuer}  {cat.issued}")
    groups = {g.code: g for g in cat.groups}
    shown: set[str] = set()
    for ind in cat.indicators:
        for code in _group_chain(groups, ind.group):
            if code not in shown:
                shown.add(code)
                _print_group(groups[code])
        dept = f" [{ind.department}]" if ind.department else ""
        out(f"  {ind.code:<12} {ind.name}{dept}")
        for f in ind.fields:
            unit = f" ({f.unit})" if f.unit else ""
            out(f"      {f.code:<14} {f.label}{unit}")
            if f.categories:
                names = [c.name if c.options else _("{name} (list to load)").format(
                    name=c.name) for c in map(cat.category, f.categories) if c is not None]
                out("      " + " " * 15 + _("by {categories}").format(
                    categories=" × ".join(names)))
    return 0


def _group_chain(groups: dict[str, Any], code: str) -> list[str]:
    """The group and its parents, outermost first (only those the catalog declares)."""
    chain = []
    while code in groups and code not in chain:
        chain.append(code)
        code = groups[code].parent
    return chain[::-1]


def _print_group(group: Any) -> None:
    out(f"{group.code} — {group.name}")
    for line in group.description.splitlines():
        for piece in textwrap.wrap(line, 96) or [""]:
            out(f"    {piece}")
    if group.examples:
        out("    " + _("Example key figures:"))
        for example in group.examples:
            out(f"      • {example}")


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    catalogs, _installed = _all_catalogs(ctx)
    cat = catalogs.get(args.id)
    if cat is None:
        with ctx.db.session() as s:
            cat = find_catalog(s, args.id)
    export_catalog_xlsx(cat, args.out)
    out(_("Wrote {file} ({id}, hash {hash})").format(file=args.out, id=cat.id,
                                                      hash=content_hash(cat)[:12]))
    return 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    cat = import_catalog_xlsx(args.file)
    with ctx.db.session() as s, s.begin():
        row = add_catalog(s, cat, source_file=str(args.file))
    out(_("Installed catalog {id} version {version} ({n} indicators, hash {hash})").format(
        id=cat.id, version=cat.version, n=indicator_count(cat), hash=row.content_hash[:12]))
    return 0


def cmd_install(ctx: Context, args: argparse.Namespace) -> int:
    """The shipped version when there is one: installing it over an older installed version
    upgrades (the older row is kept, inactive, so bundles naming its hash still verify);
    a newer installed version (a province's own) is never replaced by an older shipped one."""
    with ctx.db.session() as s, s.begin():
        cat = builtin_catalogs().get(args.id) or find_catalog(s, args.id)
        current = next((r for r in installed_rows(s) if r.catalog_id == cat.id), None)
        if current is not None and version_key(current.version) > version_key(cat.version):
            raise Refused(_("Catalog {id} version {installed} installed here is newer than "
                            "version {version} shipped with this program; nothing was "
                            "changed.").format(id=cat.id, installed=current.version,
                                               version=cat.version))
        row = add_catalog(s, cat)
    out(_("Installed catalog {id} version {version} (hash {hash})").format(
        id=cat.id, version=cat.version, hash=row.content_hash[:12]))
    return 0
