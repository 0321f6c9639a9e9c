"""``chiso audit verify``: was anything changed outside the app?

The checks live in the core (``exchange/anchors.py: verify_installation``):
the three hash chains (value history, audit log, row seals) row by row; the
chains against the newest signed anchor, so a tail deleted or a chain
recomputed up to it is found; every sealed row (locks, keys, imported
bundles, conflicts, catalogs, …) against its newest seal; every current value
against the history row that produced it. Rows after the newest anchor are
shown as "not yet anchored". Exit code 0 when intact, 3 when a change is found.
"""

from __future__ import annotations

import argparse
from typing import Any

from chiso_desktop.cli.context import Context, err, out, out_json
from chiso_desktop.exchange.anchors import IntegrityReport, last_peer_heads, verify_installation
from chiso_desktop.i18n import _
from chiso_desktop.store.audit import Finding


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help=_("check the history for changes made outside the app"))
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help=_("verify the hash-chained history and audit log"))
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)
    h = asub.add_parser("heads", help=_("show the last signed history summary of each sender"))
    h.add_argument("--json", action="store_true")
    h.set_defaults(handler=cmd_heads)


def _report_json(report: IntegrityReport, findings: list[Finding]) -> dict[str, Any]:
    a = report.anchor
    return {
        "ok": report.ok, "history_rows": report.rows.get("value_history", 0),
        "audit_rows": report.rows.get("audit_log", 0), "seal_rows": report.rows.get("row_seals", 0),
        "sealed_rows": report.sealed_rows, "values": report.values,
        "anchor": None if a is None else {"number": a.number, "kind": a.kind,
                                          "created_at": a.created_at, "key": report.anchor_key},
        "not_yet_anchored": report.unanchored,
        "findings": [{"table": f.table, "row_id": f.row_id, "problem": f.problem,
                      "subject": f.subject, "message": f.describe()} for f in findings]}


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        report = verify_installation(s)
    findings = list(report.findings)
    if args.json:
        out_json(_report_json(report, findings))
        return 3 if findings else 0
    a = report.anchor
    if a is None:
        out(_("No signed anchor yet: the history can only be checked for edits that did not "
              "recompute its hashes. The first export, lock or backup signs one."))
    else:
        out(_("Signed anchor no. {n} ({kind}, {at}, key {key}) covers {history} history rows, "
              "{audit} audit entries and {seals} seals.").format(
            n=a.number, kind=a.kind, at=a.created_at, key=report.anchor_key,
            history=a.chains["value_history"].count, audit=a.chains["audit_log"].count,
            seals=a.chains["row_seals"].count))
    later = report.unanchored
    if any(later.values()):
        out(_("Not yet anchored (checked by hash only, signed at the next export, lock or "
              "backup): {history} history rows, {audit} audit entries, {seals} seals.").format(
            history=later.get("value_history", 0), audit=later.get("audit_log", 0),
            seals=later.get("row_seals", 0)))
    if not findings:
        out(_("OK: {history} history rows and {audit} audit entries verified; nothing was "
              "changed outside the app.").format(history=report.rows.get("value_history", 0),
                                                 audit=report.rows.get("audit_log", 0)))
        return 0
    err(_("The history was changed outside the app:"))
    for f in findings[:50]:
        err("  - " + f.describe())
    if len(findings) > 50:
        err(_("  … and {n} more.").format(n=len(findings) - 50))
    return 3


def cmd_heads(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        heads = last_peer_heads(s)
    if args.json:
        out_json([{"department": h.department, "org_unit": h.org_unit, "key": h.short_fingerprint,
                   "number": h.number, "created_at": h.created_at,
                   "chains": {n: c.as_json() for n, c in h.chains.items()}} for h in heads])
        return 0
    if not heads:
        out(_("No signed history summary has been received yet."))
        return 0
    for h in heads:
        hist = h.chains.get("value_history")
        out(_("{department} ({unit}), key {key}: anchor no. {n} of {at}, {history} history "
              "rows").format(department=h.department, unit=h.org_unit, key=h.short_fingerprint,
                             n=h.number, at=h.created_at, history=hist.count if hist else 0))
    return 0
