"""``chiso audit verify``: was anything in the history changed outside the app?

The checks are the core's (``store/audit.py``); exit code 0 when intact, 3 when a
change is found.
"""

from __future__ import annotations

import argparse
from typing import Any

from chiso_desktop.cli.context import Context, err, out, out_json
from chiso_desktop.i18n import _
from chiso_desktop.store.audit import verify_history


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help=_("check the history for changes made outside the app"))
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help=_("verify the hash-chained history and audit log"))
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        report = verify_history(s)
    findings, history, audit = report.findings, report.history_rows, report.audit_rows
    if args.json:
        out_json({"ok": not findings, "history_rows": history, "audit_rows": audit,
                  "findings": [{"table": f.table, "row_id": f.row_id, "problem": f.problem,
                                "message": f.describe()} for f in findings]})
        return 3 if findings else 0
    if not findings:
        out(_("OK: {history} history rows and {audit} audit entries verified; nothing was "
              "changed outside the app.").format(history=history, audit=audit))
        return 0
    err(_("The history was changed outside the app:"))
    for f in findings:
        err("  - " + f.describe())
    return 3
