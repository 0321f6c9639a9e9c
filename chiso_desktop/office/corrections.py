"""Questioned values: the Office asks a department to check some values.

The Office marks values with a comment (``correction_requests`` direction
``sent``) and writes a signed file of kind ``corrections`` to the department.
The department imports it (handler registered with the importer) and sees
the questions (direction ``received``) next to its form. It answers with its
next bundle: a request is *answered* once a later bundle (at the Office) or a
later exported change (at the department) altered the value.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import Manifest
from chiso_desktop.bundle.canonical import canonical_json
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.entry.ops import current_value
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.i18n import _
from chiso_desktop.office.plan import due_indicators, office_department
from chiso_desktop.office.signed import department_key, load_payload, text_field, write_signed
from chiso_desktop.periods.period import Period, PeriodError, parse_period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import CorrectionRequest, ExportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, ValueHistory

KIND = "corrections"
PAYLOAD = "corrections.json"
SENT, RECEIVED = "sent", "received"
OPEN, ANSWERED = "open", "answered"


@dataclass(frozen=True)
class Question:
    request_id: str
    department: str
    period: str
    code: str
    comment: str
    status: str
    created_at: datetime


def _question(row: CorrectionRequest) -> Question:
    return Question(row.request_id, row.department_code, row.period, row.field_code, row.comment,
                    row.status, row.created_at)


# -- the Office's side ------------------------------------------------------------------------


def question_values(session: Session, period: Period, department: str,
                    comments: Mapping[str, str], actor: str = "") -> str:
    """Record the questions; returns the request id shared by the rows and the file."""
    if not comments:
        raise UsageError(_("Name at least one value to question, as CODE=COMMENT."))
    scope = load_scope(session)
    own = office_department(session)
    codes = {f.code for item in due_indicators(scope, period, own) if item.department == department
             for f in item.indicator.fields}
    unknown = sorted(c for c in comments if c not in codes)
    if unknown:
        raise Refused(_("Not reported by department {department} in {period}: {codes}").format(
            department=department, period=period.id, codes=", ".join(unknown)))
    empty = sorted(c for c, text in comments.items() if not text.strip())
    if empty:
        raise UsageError(_("Say what is wrong with each questioned value: {codes}").format(
            codes=", ".join(empty)))
    request_id = str(uuid.uuid4())
    now = datetime.now()
    for code, comment in comments.items():
        session.add(CorrectionRequest(request_id=request_id, direction=SENT,
                                      department_code=department, period=period.id,
                                      field_code=code, comment=comment.strip(), status=OPEN,
                                      created_at=now))
    session.flush()
    append_audit(session, "values-questioned", actor, request_id=request_id, period=period.id,
                 department=department, codes=sorted(comments))
    return request_id


def write_request_file(session: Session, request_id: str, out: Path, *, actor: str = "",
                       secret: str | None = None) -> Path:
    """The signed ``corrections`` file for the department the request is for."""
    inst = require_installation(session)
    rows = list(session.execute(select(CorrectionRequest).where(
        CorrectionRequest.request_id == request_id, CorrectionRequest.direction == SENT)
        .order_by(CorrectionRequest.id)).scalars())
    if not rows:
        raise Refused(_("No correction request {id}.").format(id=request_id))
    department, period = rows[0].department_code, rows[0].period
    key = department_key(session, department)
    items = []
    for r in rows:
        dv = _value_row(session, inst.org_unit_id, r.field_code, period)
        items.append({"code": r.field_code, "comment": r.comment,
                      "state": dv.state if dv else "missing", "value": dv.value if dv else None})
    doc = {"request_id": request_id, "department": department, "period": period, "items": items}
    path, _built = write_signed(session, kind=KIND, out=out, payloads={PAYLOAD: canonical_json(doc)},
                                periods=[period], recipient=key.fingerprint,
                                counts={"questions": len(items)}, actor=actor, secret=secret)
    return path


def _value_row(session: Session, org_unit_id: int, code: str, period: str) -> DataValue | None:
    scope = load_scope(session)
    ref = scope.ref(code)
    if ref is None:
        return None
    return current_value(session, org_unit_id, ref.catalog.id, code, period)


# -- the department's side --------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionsImported:
    request_id: str
    period: str
    questions: int
    new: int


def import_corrections(session: Session, manifest: Manifest,
                       payloads: Mapping[str, bytes]) -> CorrectionsImported:
    """Store a verified ``corrections`` file's questions (direction ``received``)."""
    inst = require_installation(session)
    doc = load_payload(payloads, PAYLOAD)
    request_id = text_field(doc, "request_id", PAYLOAD, 64)
    period = text_field(doc, "period", PAYLOAD, 16)
    department = text_field(doc, "department", PAYLOAD, 16)
    try:
        parse_period(period)
    except PeriodError as exc:
        raise BundleRefused(Reason.VALUES_INVALID, str(exc)) from exc
    if period not in manifest.periods:
        raise BundleRefused(Reason.VALUES_INVALID,
                            _("The corrections are for a period the file does not declare."))
    if inst.department_code and department != inst.department_code:
        raise Refused(_("These corrections are for department {department}, not {own}.").format(
            department=department, own=inst.department_code))
    items = doc.get("items")
    if not isinstance(items, list) or not items or len(items) > 10_000:
        raise BundleRefused(Reason.VALUES_INVALID, _("The corrections file lists no values."))
    known = {(r.field_code) for r in session.execute(select(CorrectionRequest).where(
        CorrectionRequest.request_id == request_id,
        CorrectionRequest.direction == RECEIVED)).scalars()}
    now = datetime.now()
    new = 0
    for item in items:
        if not isinstance(item, dict):
            raise BundleRefused(Reason.VALUES_INVALID, _("The corrections file is malformed."))
        code = text_field(item, "code", PAYLOAD, 200)
        comment = text_field(item, "comment", PAYLOAD)
        if code in known:
            continue
        session.add(CorrectionRequest(request_id=request_id, direction=RECEIVED,
                                      department_code=department, period=period, field_code=code,
                                      comment=comment, status=OPEN, created_at=now))
        known.add(code)
        new += 1
    session.flush()
    append_audit(session, "corrections-received", request_id=request_id, period=period,
                 questions=len(items), new=new, bundle_id=manifest.bundle_id)
    return CorrectionsImported(request_id, period, len(items), new)


# -- both sides -------------------------------------------------------------------------------


def _changed_after(session: Session, org_unit_id: int, row: CorrectionRequest) -> datetime | None:
    """When the value was first changed after the question (by a bundle at the Office)."""
    sources = ("bundle",) if row.direction == SENT else ("local", "resolution", "bundle")
    at = session.execute(
        select(ValueHistory.at).join(DataValue, DataValue.id == ValueHistory.value_id)
        .where(DataValue.org_unit_id == org_unit_id, ValueHistory.field_code == row.field_code,
               ValueHistory.period == row.period, ValueHistory.at > row.created_at,
               ValueHistory.source.in_(sources))
        .order_by(ValueHistory.id).limit(1)).scalar_one_or_none()
    return at


def has_open_requests(session: Session) -> bool:
    """Whether any correction request is open (else ``refresh_answered`` has nothing to do)."""
    return session.execute(select(CorrectionRequest.id).where(
        CorrectionRequest.status == OPEN).limit(1)).first() is not None


def refresh_answered(session: Session, period: str | None = None) -> int:
    """Mark open requests answered where a later bundle changed the value; returns how many.

    At the Office a bundle carrying a new value answers. At the department the
    answer is a changed value that left in a bundle exported after the change.
    """
    inst = require_installation(session)
    q = select(CorrectionRequest).where(CorrectionRequest.status == OPEN)
    if period:
        q = q.where(CorrectionRequest.period == period)
    done = 0
    for row in session.execute(q).scalars().all():
        changed = _changed_after(session, inst.org_unit_id, row)
        if changed is None:
            continue
        if row.direction == RECEIVED and not _exported_since(session, row.period, changed):
            continue
        row.status = ANSWERED
        done += 1
    if done:
        session.flush()
    return done


def _exported_since(session: Session, period: str, since: datetime) -> bool:
    for periods, kind in session.execute(select(ExportedBundle.periods, ExportedBundle.kind).where(
            ExportedBundle.created_at >= since)):
        if kind == "bundle" and f'"{period}"' in periods:
            return True
    return False


def questioned(session: Session, period: Period | str) -> list[Question]:
    """Open questions about ``period`` received from the Office (the department's view).

    Questions already answered (the value changed and left in a later bundle)
    are marked so first and not listed.
    """
    pid = period if isinstance(period, str) else period.id
    refresh_answered(session, pid)
    rows = session.execute(select(CorrectionRequest).where(
        CorrectionRequest.direction == RECEIVED, CorrectionRequest.period == pid,
        CorrectionRequest.status == OPEN).order_by(CorrectionRequest.id)).scalars()
    return [_question(r) for r in rows]


def requests_sent(session: Session, period: Period | str, status: str = "") -> list[Question]:
    """The Office's questions about ``period`` (all, or only ``open`` / ``answered``)."""
    pid = period if isinstance(period, str) else period.id
    q = select(CorrectionRequest).where(CorrectionRequest.direction == SENT,
                                        CorrectionRequest.period == pid)
    if status:
        q = q.where(CorrectionRequest.status == status)
    return [_question(r) for r in session.execute(q.order_by(CorrectionRequest.id)).scalars()]
