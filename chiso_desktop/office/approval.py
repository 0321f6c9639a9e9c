"""Approval of a period by the leadership: complete → approved and locked → reopened.

A locked period cannot change: ``entry.ops.set_values`` refuses it and the
importer holds incoming values for it as conflicts. Reopening needs a reason,
written to the audit log; the next approval raises the revision, which every
final output (IOC workbook, consolidated bundle, printed report) carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.exchange.anchors import anchor_if_keys
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import PeriodLock
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values.state import ApprovalStatus

OPEN, COMPLETE, LOCKED, REOPENED = (ApprovalStatus.OPEN, ApprovalStatus.COMPLETE,
                                    ApprovalStatus.LOCKED, ApprovalStatus.REOPENED)


def approval_status_label(status: str) -> str:
    """The approval status in the UI language, as every export prints it."""
    labels: dict[str, str] = {
        OPEN: _("open"), COMPLETE: _("complete, waiting for approval"),
        LOCKED: _("approved and locked"), REOPENED: _("reopened for corrections")}
    return labels.get(status, status)


@dataclass(frozen=True)
class Approval:
    period: str
    status: ApprovalStatus
    approver: str
    position: str
    approved_on: datetime | None
    comment: str
    revision: int


def _lock_row(session: Session, org_unit_id: int, period: str, create: bool) -> PeriodLock | None:
    row = session.execute(select(PeriodLock).where(
        PeriodLock.org_unit_id == org_unit_id, PeriodLock.period == period)).scalar_one_or_none()
    if row is None and create:
        row = PeriodLock(org_unit_id=org_unit_id, period=period, status=OPEN, revision=0)
        session.add(row)
        session.flush()
    return row


def _office_only(session: Session) -> int:
    inst = require_installation(session)
    if inst.role != "office":
        raise Refused(_("Only the Office approves, locks and reopens periods."))
    return inst.org_unit_id


def approval_of(session: Session, period: Period) -> Approval:
    inst = require_installation(session)
    row = _lock_row(session, inst.org_unit_id, period.id, create=False)
    if row is None:
        return Approval(period.id, OPEN, "", "", None, "", 0)
    return Approval(period.id, ApprovalStatus(row.status), row.approver, row.position, row.approved_on,
                    row.comment, row.revision)


def mark_complete(session: Session, period: Period, actor: str) -> Approval:
    """The Office has everything it needs; the period waits for the leadership's approval."""
    row = _lock_row(session, _office_only(session), period.id, create=True)
    assert row is not None
    if row.status == LOCKED:
        raise Refused(_("Period {period} is already approved and locked.").format(
            period=period.id))
    row.status = COMPLETE
    append_audit(session, "period-complete", actor, period=period.id)
    return approval_of(session, period)


def approve(session: Session, period: Period, *, approver: str, position: str,
            comment: str = "", actor: str = "", on: datetime | None = None,
            secret: str | None = None) -> Approval:
    """Record the leadership's approval and lock the period under a new revision.

    The lock is anchored: the chain heads, this lock included, are signed with
    the Office's key (the passphrase is asked for), so unlocking it later
    outside the app is detectable.
    """
    if not approver.strip() or not position.strip():
        raise UsageError(_("Give the approver's name and position."))
    row = _lock_row(session, _office_only(session), period.id, create=True)
    assert row is not None
    if row.status == LOCKED:
        raise Refused(_("Period {period} is already approved and locked (revision "
                        "{revision}).").format(period=period.id, revision=row.revision))
    row.status = LOCKED
    row.approver, row.position = approver.strip(), position.strip()
    row.comment = comment
    row.approved_on = on or datetime.now()
    row.revision += 1
    append_audit(session, "period-locked", actor or approver, period=period.id,
                 approver=row.approver, position=row.position, comment=comment,
                 revision=row.revision)
    anchor_if_keys(session, "lock", secret=secret, actor=actor or approver)
    return approval_of(session, period)


def reopen(session: Session, period: Period, *, reason: str, actor: str) -> Approval:
    """Unlock an approved period for a correction; the reason goes to the audit log."""
    if not reason.strip():
        raise UsageError(_("Give the reason for reopening the period."))
    row = _lock_row(session, _office_only(session), period.id, create=False)
    if row is None or row.status != LOCKED:
        raise Refused(_("Period {period} is not locked; there is nothing to reopen.").format(
            period=period.id))
    row.status = REOPENED
    row.reopen_reason = reason.strip()
    append_audit(session, "period-reopened", actor, period=period.id, reason=reason.strip(),
                 revision=row.revision)
    return approval_of(session, period)
