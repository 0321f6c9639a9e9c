"""Was anything in the history changed outside the app? The store-level checks.

``chiso audit verify`` runs the complete check, ``exchange.anchors.verify_installation``
(these, the row seals and the signed anchors); ``Finding`` names what either found.

Two checks. The hash chains over ``value_history`` and ``audit_log`` name the
first row edited or removed from the middle. The chain alone cannot see the
newest history row removed, or a current value edited directly, so every
current value is also compared with the last history row that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from chiso_desktop.i18n import _
from chiso_desktop.store.chain import verify_chain
from chiso_desktop.store.exchange_models import TrustedKey
from chiso_desktop.store.models import AuditEntry, DataValue, OrgUnit, ValueHistory


@dataclass(frozen=True)
class Finding:
    table: str
    row_id: int
    problem: str
    subject: str = ""
    """What the row is, in a clerk's words, as it reads now ("Xã Đông Hà, code 11401")."""

    def describe(self) -> str:
        what = _SPECIFIC.get((self.table, self.problem)) or {
            "content": _("its content no longer matches its hash: the row was edited"),
            "previous-link": _("the link to the row before it is broken: a row before it was "
                               "deleted, inserted or edited"),
            "no-history": _("the current value has no history: the row was added or its "
                            "history deleted"),
            "differs-from-history": _("the current value differs from its last recorded "
                                      "change: the value was edited directly or the last "
                                      "history row deleted"),
            "value-deleted": _("the value has a history but no current row: the value was "
                               "deleted"),
            "value-moved": _("the value lies under another ward or commune than the one whose "
                             "key signed the bundle it came from: its ward was edited outside "
                             "the app. Restore the last backup that verifies"),
            "row-changed": _("the row differs from its seal: it was edited outside the app"),
            "row-unsealed": _("the row has no seal: it was added outside the app"),
            "row-deleted": _("a sealed row is missing: it was deleted outside the app"),
            "anchored-row-missing": _("the last row covered by the signed anchor is missing: "
                                      "rows were deleted"),
            "anchored-head-differs": _("the chain differs from what the signed anchor covers: "
                                       "the chain was rewritten"),
            "anchored-count-differs": _("the number of rows differs from the signed anchor: "
                                        "rows were deleted or inserted"),
            "anchor-bad-signature": _("the anchor's signature is not valid: it was altered"),
            "anchor-unknown-key": _("the anchor is signed by a key this installation does not "
                                    "have"),
            "anchor-previous-link": _("the anchor does not follow the one before it: anchors "
                                      "were removed or replaced"),
        }.get(self.problem, self.problem)
        if callable(what):
            what = what()
        if self.subject:
            return _("{table}, row {row} ({subject}): {what}").format(
                table=self.table, row=self.row_id, subject=self.subject, what=what)
        return _("{table}, row {row}: {what}").format(table=self.table, row=self.row_id,
                                                      what=what)


_SPECIFIC = {
    ("org_units", "row-changed"): lambda: _(
        "the ward's official code or name differs from its seal: it was edited outside the "
        "app, so one ward's values and imports may now show under another. Restore the "
        "last backup that verifies"),
    ("trusted_keys", "row-changed"): lambda: _(
        "the enrolled key differs from its seal (the ward or department it speaks for, or "
        "its revocation, was edited outside the app). Restore the last backup that verifies"),
}
"""Problems worth their own words on some tables: the ward's identity at a city."""


def row_subject(conn: Connection, table: str, row_id: int) -> str:
    """A covered row named as people know it, for the finding's message ("" for others)."""
    if table == "org_units":
        row = conn.execute(select(OrgUnit.name, OrgUnit.admin_code).where(
            OrgUnit.id == row_id)).first()
        if row is not None:
            return _("{name}, code {code}").format(name=row[0], code=row[1] or "—")
    elif table == "trusted_keys":
        key = conn.execute(select(TrustedKey.org_unit, TrustedKey.department_code).where(
            TrustedKey.id == row_id)).first()
        if key is not None:
            return _("key of {unit} · {department}").format(unit=key[0], department=key[1])
    return ""


@dataclass(frozen=True)
class AuditReport:
    """What ``verify_history`` found, and how many rows it checked."""

    history_rows: int
    audit_rows: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


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


def verify_history(session: Session) -> AuditReport:
    """Both checks, with the number of history and audit rows they covered."""
    findings = audit_findings(session)
    history = session.execute(select(func.count()).select_from(ValueHistory)).scalar_one()
    audit = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    return AuditReport(history, audit, findings)
