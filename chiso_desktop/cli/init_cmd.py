"""``chiso init``: set up this installation (role, unit, catalogs)."""

from __future__ import annotations

import argparse
from typing import Any

from chiso_desktop.cli.context import Context, out
from chiso_desktop.i18n import _
from chiso_desktop.setup.installation import InitRequest, init_installation


def register(sub: Any) -> None:
    p = sub.add_parser("init", help=_("set up this installation"))
    p.add_argument("--role", choices=["department", "office", "city"])
    p.add_argument("--unit", help=_("name of the ward or commune, e.g. 'Phường Nhị Chiểu'"))
    p.add_argument("--unit-code", default="",
                   help=_("official administrative unit code (mã đơn vị hành chính), e.g. 11311; "
                          "an Office must give it"))
    p.add_argument("--catalog", action="append", default=[],
                   help=_("catalog id to install (repeatable)"))
    p.add_argument("--plan", default="", help=_("plan id, e.g. nhichieu-202-2026"))
    p.add_argument("--department", default="", help=_("department code, e.g. KT"))
    p.add_argument("--parent-body", default="", help=_("e.g. 'UBND THÀNH PHỐ HẢI PHÒNG'"))
    p.add_argument("--officer", default="", help=_("primary officer's name"))
    p.add_argument("--backup-officer", default="", help=_("backup officer's name"))
    p.add_argument("--from-setup", default=None, help=_("setup package from the Office"))
    p.add_argument("--yes", action="store_true",
                   help=_("accept the setup package's Office fingerprint without asking"))
    p.set_defaults(handler=cmd_init)


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    if args.from_setup:
        from chiso_desktop.cli.exchange_cmds import init_from_setup

        return init_from_setup(ctx, args)
    if args.unit_code and not args.role and not args.unit:
        return _set_code(ctx, args.unit_code)
    if not args.role or not args.unit:
        from chiso_desktop.errors import UsageError

        raise UsageError(_("chiso init needs --role and --unit (or --from-setup FILE)."))
    req = InitRequest(role=args.role, unit=args.unit, catalogs=tuple(args.catalog),
                      plan=args.plan, department=args.department,
                      parent_body=args.parent_body, officer=args.officer,
                      backup_officer=args.backup_officer, unit_code=args.unit_code)
    with ctx.db.session() as s, s.begin():
        inst = init_installation(s, req)
        unit = inst.org_unit.name
    out(_("Set up {role} installation for {unit} in {db}").format(
        role=args.role, unit=unit, db=ctx.shown_db))
    return 0


def _set_code(ctx: Context, code: str) -> int:
    """``chiso init --unit-code CODE`` on a set-up database records its official code."""
    from chiso_desktop.setup.installation import set_unit_code

    with ctx.db.session() as s, s.begin():
        unit = set_unit_code(s, code)
        name, stored = unit.name, unit.admin_code
    out(_("{unit} now has the administrative unit code {code}.").format(unit=name, code=stored))
    return 0
