"""``chiso audit verify``: was anything in the history changed outside the app?

Two checks. The hash chains over ``value_history`` and ``audit_log`` name the
first row edited or removed from the middle. The chain alone cannot see the
newest history row removed, or a current value edited directly, so every
current value is also compared with the last history row that produced it.
Exit code 0 when intact, 3 when a change is found.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chiso_desktop.cli.context import Context, err, out, out_json
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import verify_chain
from chiso_desktop.store.models import AuditEntry, DataValue, ValueHistory


@dataclass(frozen=True)
class Finding:
    table: str
    row_id: int
    problem: str

    def describe(self) -> str:
        what = {
            "content": _("its content no longer matches its hash: the row was edited"),
            "previous-link": _("the link to the row before it is broken: a row before it was "
                               "deleted, inserted or edited"),
            "no-history": _("the current value has no history: the row was added or its "
                            "history deleted"),
            "differs-from-history": _("the current value differs from its last recorded "
                                      "change: the value was edited directly or the last "
                                      "history row deleted"),
        }.get(self.problem, self.problem)
        return _("{table}, row {row}: {what}").format(table=self.table, row=self.row_id,
                                                      what=what)


def current_values_match_history(session: Session) -> list[Finding]:
    """Each current value equals the newest history row of it (first mismatch only)."""
    last = (select(ValueHistory.value_id, func.max(ValueHistory.id).label("hid"))
            .group_by(ValueHistory.value_id).subquery())
    rows = session.execute(
        select(DataValue.id, DataValue.state, DataValue.value, ValueHistory.new_state,
               ValueHistory.new_value)
        .outerjoin(last, last.c.value_id == DataValue.id)
        .outerjoin(ValueHistory, ValueHistory.id == last.c.hid)
        .order_by(DataValue.id))
    for vid, state, value, h_state, h_value in rows:
        if h_state is None:
            return [Finding("data_values", vid, "no-history")]
        if (state, value) != (h_state, h_value):
            return [Finding("data_values", vid, "differs-from-history")]
    return []


def audit_findings(session: Session) -> list[Finding]:
    found = [Finding(b.table, b.row_id, b.problem) for b in verify_chain(session)]
    return found + current_values_match_history(session)


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help=_("check the history for changes made outside the app"))
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help=_("verify the hash-chained history and audit log"))
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        findings = audit_findings(s)
        history = s.execute(select(func.count()).select_from(ValueHistory)).scalar_one()
        audit = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
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
