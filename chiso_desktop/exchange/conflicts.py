"""Conflicts held at import, and their resolution one value at a time, always with a reason.

Resolving writes the chosen value through ``write_value`` (source
``resolution``) so it lands in the value's history, and the decision goes to
the audit log. Keeping the current value writes a history row too: the
record shows that someone looked and decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.entry.ops import current_value, locked_by, write_value
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import append_audit, seal_history
from chiso_desktop.store.exchange_models import Conflict
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import ValueHistory
from chiso_desktop.values.parse import ValueRefused, parse_input
from chiso_desktop.values.state import ConflictStatus

TAKE_INCOMING = "incoming"
KEEP_CURRENT = "current"
SET_VALUE = "value"


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[Conflict]:
    inst = require_installation(session)
    query = select(Conflict).where(Conflict.org_unit_id == inst.org_unit_id)
    if not include_resolved:
        query = query.where(Conflict.status == ConflictStatus.OPEN)
    return list(session.execute(query.order_by(Conflict.id)).scalars())


@dataclass(frozen=True)
class Decision:
    """``take`` is "incoming", "current" or "value"; ``text`` is the typed value for "value"."""

    take: str
    text: str | None = None

    @classmethod
    def parse(cls, option: str) -> Decision:
        if option in (TAKE_INCOMING, KEEP_CURRENT):
            return cls(option)
        if option.startswith("value="):
            return cls(SET_VALUE, option[len("value="):])
        raise UsageError(_("Choose the incoming value, the current value, or type the right value."),
                         cli_hint="--take incoming | --take current | --take value=V")


def resolve(session: Session, conflict_id: int, decision: Decision, *, reason: str, actor: str,
            lang: str) -> Conflict:
    """Settle one open conflict; refused without a reason or while the period is locked."""
    if not reason.strip():
        raise UsageError(_("Give a reason for the decision; it is kept in the value's history."),
                         cli_hint="--reason TEXT")
    inst = require_installation(session)
    c = session.get(Conflict, conflict_id)
    if c is None or c.org_unit_id != inst.org_unit_id:
        raise Refused(_("No conflict with number {id}.").format(id=conflict_id))
    if c.status != ConflictStatus.OPEN:
        raise Refused(_("Conflict {id} is already {status}.").format(id=conflict_id,
                                                                    status=c.status))
    lock = locked_by(session, inst.org_unit_id, c.period) if decision.take != KEEP_CURRENT \
        else None
    if lock == c.period:
        raise Refused(_("Period {period} is locked; reopen it with a reason first.").format(
            period=c.period))
    if lock is not None:  # a day or a week inside a locked month
        raise Refused(_("{period} lies in {month}, which is locked; reopen {month} with a "
                        "reason first.").format(period=c.period, month=lock))
    now = datetime.now()
    text = f"{_('conflict')} #{c.id}: {reason.strip()}"
    if decision.take == TAKE_INCOMING:
        write_value(session, org_unit_id=c.org_unit_id, catalog_id=c.catalog_id,
                    code=c.field_code, period=c.period, state=c.incoming_state,
                    value=c.incoming_value, note=c.incoming_note, actor=actor, reason=text,
                    source="resolution", department=c.sender_department,
                    bundle_id=c.bundle_id, sender_fingerprint=c.sender_fingerprint,
                    revision=c.incoming_revision, now=now, combo=c.combo)
    elif decision.take == SET_VALUE:
        ref = load_scope(session).ref(c.field_code)
        if ref is None:
            raise Refused(_("{code}: no such field in the installed catalogs").format(
                code=c.field_code))
        try:
            parsed = parse_input(decision.text, ref.field, lang)
        except ValueRefused as exc:
            raise Refused(str(exc)) from exc
        write_value(session, org_unit_id=c.org_unit_id, catalog_id=c.catalog_id,
                    code=c.field_code, period=c.period, state=str(parsed.state),
                    value=parsed.canonical, note=None, actor=actor, reason=text,
                    source="resolution", now=now, combo=c.combo)
        row = current_value(session, c.org_unit_id, c.catalog_id, c.field_code, c.period,
                            c.combo)
        if row is not None:
            row.locally_changed = True  # the Office's own figure: later bundles are reviewed
    else:
        _history_of_decision(session, c, actor, text, now)
    c.status, c.resolution, c.reason = ConflictStatus.RESOLVED, decision.take, reason.strip()
    c.resolved_at, c.resolved_by = now, actor
    append_audit(session, "conflict-resolved", actor, conflict=c.id, code=c.field_code,
                 period=c.period, take=decision.take, value=decision.text, reason=reason.strip(),
                 bundle_id=c.bundle_id)
    session.flush()
    return c


def _history_of_decision(session: Session, c: Conflict, actor: str, reason: str,
                         now: datetime) -> None:
    """Keep current: no value changes, but the value's history records the decision."""
    row = current_value(session, c.org_unit_id, c.catalog_id, c.field_code, c.period, c.combo)
    if row is None:
        return
    hist = ValueHistory(value_id=row.id, field_code=c.field_code, combo=c.combo,
                        period=c.period,
                        old_state=row.state, old_value=row.value, new_state=row.state,
                        new_value=row.value, note=row.note, reason=reason, actor=actor, at=now,
                        source="resolution", bundle_id=c.bundle_id, revision=row.revision)
    session.add(hist)
    session.flush()
    seal_history(session, hist)
