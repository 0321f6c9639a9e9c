"""Merge a verified bundle's values into the Office store, value by value.

Every stored value keeps its provenance (bundle, sender, officer, revision)
and every change leaves a hash-chained history row, exactly as
``entry.ops.write_value(source="bundle")`` writes them. Nothing is overwritten
silently: a value is held in ``conflicts`` for review when

- the Office changed it locally since the last import (``locally_changed``),
- the sender is not the department the plan assigns the indicator to,
- the period is locked,
- another sender (department) set it, in this batch or before, to something else.

The rows are written in bulk: current values for the bundle's codes and
periods are read in one query; inserts, updates and history rows go out as
executemany on the transaction's sqlite3 connection. Ids are taken from
max(id) inside the write transaction (BEGIN IMMEDIATE holds the lock), so the
history chain is sealed before the insert, with the same digest
``store.chain`` computes. Other databases take the row-by-row path through
``write_value``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from chiso_desktop.bundle import BundleRefused, Manifest, Reason, ValueRecord
from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.entry.ops import LOCKED, write_value
from chiso_desktop.entry.scope import FieldRef, Scope
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import _HISTORY_COLUMNS
from chiso_desktop.store.exchange_models import Conflict, PeriodLock
from chiso_desktop.store.models import DataValue

LOCAL_CHANGE = "local-change"
NOT_ASSIGNED = "not-assigned"
PERIOD_LOCKED = "locked"
TWO_SENDERS = "two-senders"

_NUMBER = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,20})?")
_NUMERIC = {FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY}
_DV = DataValue.__table__
Slot = tuple[str, str, str]  # catalog id, field code, period


@dataclass
class MergeCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "conflicts": self.conflicts}


@dataclass
class Batch:
    """What one import run has written so far: slot → sender department."""

    written: dict[Slot, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Current:
    id: int
    state: str
    value: str | None
    note: str
    revision: int
    department: str
    source: str
    locally_changed: bool


def _bad(code: str, detail: str) -> BundleRefused:
    return BundleRefused(Reason.VALUES_INVALID, _(
        "The bundle's value for {code} is not valid here: {detail}.").format(
        code=code[:80], detail=detail))


def check_record(rec: ValueRecord, ref: FieldRef | None) -> FieldRef:
    """The record must name an entered field of our catalogs, in that field's shape."""
    if ref is None:
        raise _bad(rec.code, _("no such field in the installed catalogs"))
    f: Field = ref.field
    if f.computed:
        raise _bad(rec.code, _("it is computed, and computed items are not sent"))
    if rec.state == "value" and rec.value is not None:
        kind = FieldType(f.type)
        if kind in _NUMERIC and not _NUMBER.fullmatch(rec.value):
            raise _bad(rec.code, _("not a number"))
        if kind is FieldType.INTEGER and "." in rec.value:
            raise _bad(rec.code, _("a count cannot have a fraction"))
        if kind is FieldType.CHOICE and rec.value not in {c.code for c in f.choices}:
            raise _bad(rec.code, _("not one of the field's choices"))
    return ref


def _locked_periods(session: Session, org_unit_id: int, periods: Iterable[str]) -> set[str]:
    return set(session.execute(select(PeriodLock.period).where(
        PeriodLock.org_unit_id == org_unit_id, PeriodLock.period.in_(list(periods)),
        PeriodLock.status == LOCKED)).scalars())


def _preload(session: Session, org_unit_id: int, codes: Sequence[str],
             periods: Sequence[str]) -> dict[Slot, _Current]:
    """Current values of the bundle's codes and periods, in one query."""
    c = _DV.c
    rows = session.execute(select(
        c.id, c.catalog_id, c.field_code, c.period, c.state, c.value, c.note, c.revision,
        c.department_code, c.source, c.locally_changed).where(
        c.org_unit_id == org_unit_id, c.period.in_(list(periods)),
        c.field_code.in_(list(codes))))
    return {(r.catalog_id, r.field_code, r.period): _Current(
        r.id, r.state, r.value, r.note, r.revision, r.department_code, r.source,
        bool(r.locally_changed)) for r in rows}


def _conflict_kind(slot: Slot, rec: ValueRecord, ref: FieldRef, cur: _Current | None,
                   sender_dept: str, locked: set[str], batch: Batch) -> str | None:
    if rec.period in locked:
        return PERIOD_LOCKED
    assigned = ref.indicator.department
    if assigned and assigned != sender_dept:
        return NOT_ASSIGNED
    earlier = batch.written.get(slot)
    if earlier is not None and earlier != sender_dept:
        return TWO_SENDERS
    if cur is None:
        return None
    if cur.locally_changed:
        return LOCAL_CHANGE
    if cur.source != "local" and cur.department and cur.department != sender_dept:
        return TWO_SENDERS
    return None


def merge_values(session: Session, *, org_unit_id: int, scope: Scope, manifest: Manifest,
                 records: Sequence[ValueRecord], batch: Batch,
                 now: datetime | None = None) -> MergeCounts:
    """Merge into the caller's transaction; raises ``BundleRefused`` before writing anything."""
    now = now or datetime.now()
    refs = [check_record(rec, scope.ref(rec.code)) for rec in records]
    sender = manifest.sender
    sender_dept, fp, bundle_id = sender.department, sender.key_fingerprint, manifest.bundle_id
    periods = sorted({r.period for r in records})
    locked = _locked_periods(session, org_unit_id, periods)
    current = _preload(session, org_unit_id, sorted({r.code for r in records}), periods)

    counts = MergeCounts()
    inserts: list[tuple[Slot, ValueRecord]] = []
    updates: list[tuple[Slot, ValueRecord, _Current]] = []
    conflicts: list[tuple[Slot, ValueRecord, _Current | None, str]] = []
    for rec, ref in zip(records, refs, strict=True):
        slot = (ref.catalog.id, rec.code, rec.period)
        cur = current.get(slot)
        if cur is not None and (cur.state, cur.value, cur.note) == (rec.state, rec.value, rec.note):
            counts.unchanged += 1
            batch.written.setdefault(slot, sender_dept)
            continue
        kind = _conflict_kind(slot, rec, ref, cur, sender_dept, locked, batch)
        if kind is not None:
            conflicts.append((slot, rec, cur, kind))
            continue
        batch.written[slot] = sender_dept
        if cur is None:
            inserts.append((slot, rec))
        else:
            updates.append((slot, rec, cur))
    counts.new, counts.changed, counts.conflicts = len(inserts), len(updates), len(conflicts)

    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        _write_bulk(session, org_unit_id, inserts, updates, bundle_id, fp, sender_dept, now)
    else:
        _write_each(session, org_unit_id, inserts, updates, bundle_id, fp, sender_dept, now)
    _hold_conflicts(session, org_unit_id, conflicts, bundle_id, fp, sender_dept, now)
    return counts


def _write_each(session: Session, org_unit_id: int, inserts: list[tuple[Slot, ValueRecord]],
                updates: list[tuple[Slot, ValueRecord, _Current]], bundle_id: str, fp: str,
                dept: str, now: datetime) -> None:
    for slot, rec, *_rest in [*inserts, *updates]:
        write_value(session, org_unit_id=org_unit_id, catalog_id=slot[0], code=rec.code,
                    period=rec.period, state=rec.state, value=rec.value, note=rec.note,
                    actor=rec.officer, source="bundle", department=dept, bundle_id=bundle_id,
                    sender_fingerprint=fp, revision=rec.revision or (None if _rest else 1),
                    now=now)


_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores a value in SQLite
_INSERT_VALUE = (
    "INSERT INTO data_values (id, org_unit_id, catalog_id, field_code, period, state, value, "
    "note, revision, department_code, updated_at, updated_by, source, bundle_id, "
    "sender_fingerprint, locally_changed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)")
_UPDATE_VALUE = (
    "UPDATE data_values SET state=?, value=?, note=?, revision=?, department_code=?, "
    "updated_at=?, updated_by=?, source='bundle', bundle_id=?, sender_fingerprint=?, "
    "locally_changed=0 WHERE id=?")
_INSERT_HISTORY = (
    "INSERT INTO value_history (id, value_id, field_code, period, old_state, old_value, "
    "new_state, new_value, note, reason, actor, at, source, bundle_id, revision, prev_hash, "
    "row_hash) VALUES (?,?,?,?,?,?,?,?,?,'',?,?,'bundle',?,?,?,?)")
# chain.row_digest's exact JSON, without building an encoder and a namespace per row.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
assert tuple(sorted(_HISTORY_COLUMNS)) == (
    "actor", "at", "bundle_id", "field_code", "id", "new_state", "new_value", "note",
    "old_state", "old_value", "period", "reason", "revision", "source", "value_id")


def _history_digest(hid: int, value_id: int, rec: ValueRecord, old_state: str | None,
                    old_value: str | None, revision: int, bundle_id: str, at: str,
                    prev: str) -> str:
    payload = {"actor": rec.officer, "at": at, "bundle_id": bundle_id, "field_code": rec.code,
               "id": hid, "new_state": rec.state, "new_value": rec.value, "note": rec.note,
               "old_state": old_state, "old_value": old_value, "period": rec.period,
               "prev": prev, "reason": "", "revision": revision, "source": "bundle",
               "value_id": value_id}
    return hashlib.sha256(_ENCODER.encode(payload).encode("utf-8")).hexdigest()


def _write_bulk(session: Session, org_unit_id: int, inserts: list[tuple[Slot, ValueRecord]],
                updates: list[tuple[Slot, ValueRecord, _Current]], bundle_id: str, fp: str,
                dept: str, now: datetime) -> None:
    """executemany on the transaction's own sqlite3 connection: no per-row ORM work."""
    if not inserts and not updates:
        return
    cur = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    stored_at = now.strftime(_DATETIME)
    digest_at = now.isoformat(timespec="microseconds")
    history: list[tuple[Any, ...]] = []
    hid = int(cur.execute("SELECT coalesce(max(id), 0) FROM value_history").fetchone()[0]) + 1
    row = cur.execute("SELECT row_hash FROM value_history ORDER BY id DESC LIMIT 1").fetchone()
    prev = row[0] if row else ""
    if inserts:
        vid = int(cur.execute("SELECT coalesce(max(id), 0) FROM data_values").fetchone()[0]) + 1
        values = []
        for slot, rec in inserts:
            revision = rec.revision or 1
            values.append((vid, org_unit_id, slot[0], rec.code, rec.period, rec.state, rec.value,
                           rec.note, revision, dept, stored_at, rec.officer, "bundle", bundle_id,
                           fp))
            digest = _history_digest(hid, vid, rec, None, None, revision, bundle_id, digest_at,
                                     prev)
            history.append((hid, vid, rec.code, rec.period, None, None, rec.state, rec.value,
                            rec.note, rec.officer, stored_at, bundle_id, revision, prev, digest))
            prev, hid, vid = digest, hid + 1, vid + 1
        cur.executemany(_INSERT_VALUE, values)
    if updates:
        changes = []
        for _slot, rec, old in updates:
            changes.append((rec.state, rec.value, rec.note, rec.revision, dept or old.department,
                            stored_at, rec.officer, bundle_id, fp, old.id))
            digest = _history_digest(hid, old.id, rec, old.state, old.value, rec.revision,
                                     bundle_id, digest_at, prev)
            history.append((hid, old.id, rec.code, rec.period, old.state, old.value, rec.state,
                            rec.value, rec.note, rec.officer, stored_at, bundle_id, rec.revision,
                            prev, digest))
            prev, hid = digest, hid + 1
        cur.executemany(_UPDATE_VALUE, changes)
    cur.executemany(_INSERT_HISTORY, history)
    cur.close()


def _hold_conflicts(session: Session, org_unit_id: int,
                    conflicts: list[tuple[Slot, ValueRecord, _Current | None, str]],
                    bundle_id: str, fp: str, dept: str, now: datetime) -> None:
    if not conflicts:
        return
    # An open conflict from the same sender for the same value is superseded by the newer one.
    for slot, *_rest in conflicts:
        session.execute(update(Conflict).where(
            Conflict.org_unit_id == org_unit_id, Conflict.catalog_id == slot[0],
            Conflict.field_code == slot[1], Conflict.period == slot[2],
            Conflict.sender_department == dept, Conflict.status == "open").values(
            status="superseded"))
    session.execute(insert(Conflict), [{
        "org_unit_id": org_unit_id, "catalog_id": slot[0], "field_code": rec.code,
        "period": rec.period, "kind": kind,
        "current_state": cur.state if cur else None, "current_value": cur.value if cur else None,
        "incoming_state": rec.state, "incoming_value": rec.value, "incoming_note": rec.note,
        "incoming_revision": rec.revision, "bundle_id": bundle_id, "sender_department": dept,
        "sender_fingerprint": fp, "officer": rec.officer, "status": "open", "resolution": "",
        "reason": "", "created_at": now, "resolved_at": None, "resolved_by": ""}
        for slot, rec, cur, kind in conflicts])
