"""``chiso report dhis2``, ``chiso import-dhis2`` and ``chiso dhis2-mapping`` (docs/dhis2.md)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chiso_desktop.cli.context import Context, out, out_json
from chiso_desktop.errors import UsageError
from chiso_desktop.i18n import _, language


def register(sub: Any) -> None:
    im = sub.add_parser("import-dhis2", help=_("read a DHIS2 dataValueSet (JSON) through a "
                                               "mapping"))
    im.add_argument("file", type=Path)
    im.add_argument("--mapping", type=Path, required=True)
    im.add_argument("--json", action="store_true")
    im.set_defaults(handler=cmd_import)
    t = sub.add_parser("dhis2-mapping", help=_("write a DHIS2 mapping workbook to fill in"))
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--catalog", default="", help=_("catalog id (default: what this "
                                                   "installation reports)"))
    t.set_defaults(handler=cmd_template)


def add_report(formats: Any) -> None:
    f = formats.add_parser("dhis2", help=_("DHIS2 dataValueSet (JSON) or ADX (XML) through a "
                                           "mapping"))
    f.add_argument("--period", required=True)
    f.add_argument("--out", type=Path, required=True)
    f.add_argument("--mapping", type=Path, required=True)
    f.add_argument("--format", choices=("json", "adx"), default="json")
    f.set_defaults(handler=cmd_report)


def _scope_catalogs(session: Any) -> list[Any]:
    from chiso_desktop.entry.scope import load_scope

    return load_scope(session).catalogs


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    from chiso_desktop.cli.values_cmds import period_arg
    from chiso_desktop.fileio.atomic_file import atomic_write_bytes
    from chiso_desktop.office.dhis2.export import build_value_set
    from chiso_desktop.office.dhis2.mapping import DEFAULT_COC, read_mapping
    from chiso_desktop.office.dhis2.valueset import registrations_json, to_adx, to_json

    period = period_arg(args.period)
    with ctx.db.session() as s:
        mapping = read_mapping(args.mapping, _scope_catalogs(s))
        built = build_value_set(s, period, mapping)
    vs = built.value_set
    if args.format == "adx":
        atomic_write_bytes(args.out, to_adx(vs, datetime.now(UTC).replace(microsecond=0),
                                            DEFAULT_COC))
    else:
        atomic_write_bytes(args.out, to_json(vs))
    out(_("Wrote {file}: {n} values for {period}; {unmapped} not mapped, {na} “not "
          "applicable” skipped.").format(file=args.out, n=len(vs.values),
                                         period=period.label(language()),
                                         unmapped=built.unmapped,
                                         na=built.skipped_not_applicable))
    if vs.complete and period.hour is None:
        reg = args.out.with_name(args.out.stem + ".registration.json")
        atomic_write_bytes(reg, registrations_json(vs))
        out(_("The period is approved and locked: its completeDataSetRegistration is in "
              "{file}.").format(file=reg))
    return 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from chiso_desktop.office.dhis2.importer import import_value_set
    from chiso_desktop.office.dhis2.mapping import read_mapping

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {file}: {reason}").format(
            file=args.file, reason=exc.strerror)) from exc
    with ctx.db.session() as s, s.begin():
        mapping = read_mapping(args.mapping, _scope_catalogs(s))
        result = import_value_set(s, data, mapping, lang=language())
    if args.json:
        out_json({"period": result.period, "new": result.new, "changed": result.changed,
                  "unchanged": result.unchanged, "conflicts": result.conflicts,
                  "unmapped": result.unmapped, "units": list(result.units)})
        return 0
    out(_("{period}: {new} new, {changed} changed, {unchanged} unchanged, {conflicts} held "
          "for review, {unmapped} not mapped.").format(
        period=result.period, new=result.new, changed=result.changed,
        unchanged=result.unchanged, conflicts=result.conflicts, unmapped=result.unmapped))
    return 0


def cmd_template(ctx: Context, args: argparse.Namespace) -> int:
    from chiso_desktop.office.dhis2.export import write_mapping_template

    with ctx.db.session() as s:
        catalog_id, n = write_mapping_template(s, args.catalog, args.out)
    out(_("Wrote {file}: {n} cells of {catalog} to map.").format(file=args.out, n=n,
                                                                  catalog=catalog_id))
    return 0
