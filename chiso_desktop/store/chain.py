"""Hash chains over the value history and the audit log.

Each row stores the hash of the previous row and its own hash over its
content, so a row edited or deleted outside the app breaks the chain at a
place ``chiso audit verify`` can name.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.store.models import AuditEntry, ValueHistory

_HISTORY_COLUMNS = (
    "id", "value_id", "field_code", "period", "old_state", "old_value", "new_state",
    "new_value", "note", "reason", "actor", "at", "source", "bundle_id", "revision",
)
_AUDIT_COLUMNS = ("id", "at", "actor", "action", "detail")


def _canon(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def row_digest(row: Any, columns: Iterable[str], prev_hash: str) -> str:
    payload = {c: _canon(getattr(row, c)) for c in columns}
    payload["prev"] = prev_hash
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_history(session: Session, row: ValueHistory) -> None:
    """Give a new history row its place in the chain (call after flush gave it an id)."""
    prev = _last_hash_before(session, ValueHistory, row.id)
    row.prev_hash = prev
    row.row_hash = row_digest(row, _HISTORY_COLUMNS, prev)


def _last_hash_before(session: Session, model: type[Any], row_id: int) -> str:
    last = session.execute(
        select(model.row_hash).where(model.id < row_id).order_by(model.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or ""


def append_audit(session: Session, action: str, actor: str = "", **detail: Any) -> AuditEntry:
    entry = AuditEntry(
        at=datetime.now(), actor=actor, action=action,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    )
    session.add(entry)
    session.flush()
    entry.prev_hash = _last_hash_before(session, AuditEntry, entry.id)
    entry.row_hash = row_digest(entry, _AUDIT_COLUMNS, entry.prev_hash)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    table: str
    row_id: int
    problem: str


def verify_chain(session: Session) -> list[ChainBreak]:
    """First break in each chain (history, audit); empty when both are intact."""
    breaks: list[ChainBreak] = []
    for model, columns, name in (
        (ValueHistory, _HISTORY_COLUMNS, "value_history"),
        (AuditEntry, _AUDIT_COLUMNS, "audit_log"),
    ):
        prev = ""
        for row in session.execute(select(model).order_by(model.id)).scalars():
            if row.prev_hash != prev:
                breaks.append(ChainBreak(name, row.id, "previous-link"))
                break
            if row.row_hash != row_digest(row, columns, prev):
                breaks.append(ChainBreak(name, row.id, "content"))
                break
            prev = row.row_hash
    return breaks
