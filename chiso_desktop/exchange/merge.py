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
executemany on the transaction's sqlite3 connection, or as COPY through
psycopg 3 on PostgreSQL. Ids are taken from max(id) inside the write
transaction (SQLite's BEGIN IMMEDIATE, PostgreSQL's chain lock), so the
history chain is sealed before the insert, with the same digest
``store.chain`` computes. Other databases take the row-by-row path through
``write_value``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from chiso_desktop.bundle import BundleRefused, Manifest, Reason, ValueRecord
from chiso_desktop.catalog.categories import (
    DEFAULT_COMBO,
    cell_code,
    combo_codes,
    total_entered,
)
from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.entry.ops import LOCKED, lock_candidates, write_value
from chiso_desktop.entry.scope import FieldRef, Scope
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import (
    _HISTORY_COLUMNS,
    mark_for_seal,
    mark_new_for_seal,
    sealed_history_rows,
)
from chiso_desktop.store.chain_lock import hold_chain_lock
from chiso_desktop.store.exchange_models import Conflict, ImportedBundle, PeriodLock
from chiso_desktop.store.models import DataValue
from chiso_desktop.values.door import first_rejection
from chiso_desktop.values.state import ConflictStatus, ValueState
from chiso_desktop.values.totals import sum_parts

LOCAL_CHANGE = "local-change"
NOT_ASSIGNED = "not-assigned"
PERIOD_LOCKED = "locked"
TWO_SENDERS = "two-senders"

_NUMBER = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,20})?")
_NUMBERS = re.compile(r"(?:-?[0-9]{1,30}(?:\.[0-9]{1,20})?\n)*")  # joined by "\n", one each
_NUMERIC = {FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY}
_DV = DataValue.__table__
Slot = tuple[str, str, str, str]  # catalog id, field code, combo, period


@dataclass
class MergeCounts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0
    older: int = 0  # of the unchanged: the sender had already sent a newer revision

    def as_dict(self) -> dict[str, int]:
        counts = {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                  "conflicts": self.conflicts}
        if self.older:
            counts["older"] = self.older
        return counts


@dataclass
class Batch:
    """What one import run has written so far: slot → sender department.

    Also caches, per field code, which check its values need (the run's
    scope does not change), so a run of 1,000 bundles looks each field up once.
    """

    written: dict[Slot, str] = field(default_factory=dict)
    value_checks: dict[str, str] = field(default_factory=dict)
    catalog_of: dict[str, str] = field(default_factory=dict)  # field code → catalog id
    assigned_to: dict[str, str] = field(default_factory=dict)  # field code → plan department


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
    if f.heading:
        raise _bad(rec.code, _("it is a heading of the form, and headings hold no value"))
    if rec.combo != DEFAULT_COMBO and rec.combo not in combo_codes(ref.catalog, f):
        raise _bad(cell_code(rec.code, rec.combo), _("the field has no such breakdown"))
    if rec.state == ValueState.VALUE and rec.value is not None:
        kind = FieldType(f.type)
        if kind in _NUMERIC and not _NUMBER.fullmatch(rec.value):
            raise _bad(rec.code, _("not a number"))
        if kind is FieldType.INTEGER and "." in rec.value:
            raise _bad(rec.code, _("a count cannot have a fraction"))
        if kind is FieldType.CHOICE and rec.value not in {c.code for c in f.choices}:
            raise _bad(rec.code, _("not one of the field's choices"))
    return ref


def _through_the_door(records: Sequence[ValueRecord], scope: Scope) -> None:
    """The checks typing gets (``values.door``): a bad value refuses the whole file."""
    rejection = first_rejection(records, scope.door_fields(), scope.door_compiled())
    if rejection is not None:
        raise BundleRefused(Reason.VALUES_INVALID, _(
            "The bundle's value for {code} ({period}) is refused: {reason} Nothing from this "
            "file was imported; ask the sender to correct it and send again.").format(
            code=rejection.code, period=rejection.period, reason=rejection.message))


_PL = PeriodLock.__table__.c
# Prepared once and run on the Core connection: the ORM layer and building the
# statement cost more than the query, once per bundle.
_LOCKED = select(_PL.period).where(
    _PL.org_unit_id == bindparam("org_unit_id"),
    _PL.period.in_(bindparam("periods", expanding=True)), _PL.status == LOCKED)


def _locked_periods(session: Session, org_unit_id: int, periods: Iterable[str]) -> set[str]:
    """Which of ``periods`` are locked: by their own approval, or a day's or week's by the
    month it lies in (``entry.ops.lock_candidates``)."""
    covers = {p: lock_candidates(p) for p in periods}
    asked = sorted({c for cs in covers.values() for c in cs})
    locked = set(session.connection().execute(
        _LOCKED, {"org_unit_id": org_unit_id, "periods": asked}).scalars())
    return {p for p, cs in covers.items() if not locked.isdisjoint(cs)} if locked else set()


def _locked_periods_sqlite(cur: Any, org_unit_id: int, periods: Iterable[str]) -> set[str]:
    """:func:`_locked_periods` on a cursor of the transaction's sqlite3 connection (one query
    per file: the Core statement's own cost is several times the query's)."""
    covers = {p: lock_candidates(p) for p in periods}
    asked = sorted({c for cs in covers.values() for c in cs})
    locked = {row[0] for row in cur.execute(
        "SELECT period FROM period_locks WHERE org_unit_id = ? AND status = ? "
        f"AND period IN ({','.join('?' * len(asked))})", (org_unit_id, LOCKED, *asked))}
    return {p for p, cs in covers.items() if not locked.isdisjoint(cs)} if locked else set()


def _preload(session: Session, org_unit_id: int, codes: Sequence[str],
             periods: Sequence[str]) -> dict[Slot, _Current]:
    """Current values of the bundle's codes and periods, in one query."""
    c = _DV.c
    rows = session.execute(select(
        c.id, c.catalog_id, c.field_code, c.combo, c.period, c.state, c.value, c.note,
        c.revision, c.department_code, c.source, c.locally_changed).where(
        c.org_unit_id == org_unit_id, c.period.in_(list(periods)),
        c.field_code.in_(list(codes))))
    return {(r.catalog_id, r.field_code, r.combo, r.period): _Current(
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


_PLAIN, _NUMBER_CHECK, _INTEGER_CHECK, _CHOICE_CHECK = "", "number", "integer", "choice"


def _value_check(ref: FieldRef) -> str:
    kind = FieldType(ref.field.type)
    if kind is FieldType.INTEGER:
        return _INTEGER_CHECK
    if kind in _NUMERIC:
        return _NUMBER_CHECK
    return _CHOICE_CHECK if kind is FieldType.CHOICE else _PLAIN


def _checked_refs(records: Sequence[ValueRecord], scope: Scope,
                  checks: dict[str, str]) -> list[FieldRef]:
    """``check_record`` for every record, with per-field work done once per distinct code.

    Number shapes are checked for all numeric values in one regex pass over
    their joined text; any doubt falls back to ``check_record``, which names
    the first bad record.
    """
    index = scope.index
    codes = [rec.code for rec in records]
    refs = list(map(index.get, codes))
    if any(rec.combo != DEFAULT_COMBO for rec in records):
        return [check_record(rec, ref) for rec, ref in zip(records, refs, strict=True)]
    for code in set(codes).difference(checks):
        ref = index.get(code)
        if ref is None or ref.field.computed or ref.field.heading:
            return [check_record(rec, scope.ref(rec.code)) for rec in records]
        checks[code] = _value_check(ref)
    kinds = set(map(checks.__getitem__, codes))
    if kinds != {_PLAIN}:
        numeric = {c for c in set(codes) if checks[c] in (_NUMBER_CHECK, _INTEGER_CHECK)}
        integer = {c for c in numeric if checks[c] == _INTEGER_CHECK}
        choice = {c for c in set(codes) if checks[c] == _CHOICE_CHECK}
        given = [(rec.code, rec.value) for rec in records
                 if rec.state == ValueState.VALUE and rec.value is not None]
        numbers = [value for code, value in given if code in numeric]
        joined = "\n".join(numbers) + "\n" if numbers else ""
        fine = (joined.count("\n") == len(numbers) and _NUMBERS.fullmatch(joined) is not None
                and "." not in "\n".join(value for code, value in given if code in integer))
        if not fine or any(code in choice for code, _value in given):
            return [check_record(rec, ref) for rec, ref in zip(records, refs, strict=True)]
    return refs  # type: ignore[return-value]  # no None: every code was found above


def _classify(records: Sequence[ValueRecord], refs: Sequence[FieldRef], slots: Sequence[Slot],
              current: dict[Slot, _Current], sender_dept: str, late: bool, locked: set[str],
              batch: Batch,
              counts: MergeCounts, inserts: list[tuple[Slot, ValueRecord]],
              updates: list[tuple[Slot, ValueRecord, _Current]],
              conflicts: list[tuple[Slot, ValueRecord, _Current | None, str]]) -> None:
    """Sort each record into unchanged, new, changed or held as a conflict."""
    written = batch.written
    for rec, ref, slot in zip(records, refs, slots, strict=True):
        cur = current.get(slot)
        if cur is not None and (cur.state, cur.value, cur.note) == (rec.state, rec.value,
                                                                     rec.note):
            counts.unchanged += 1
            written.setdefault(slot, sender_dept)
            continue
        if (cur is not None and cur.source == "bundle" and cur.department == sender_dept
                and (rec.revision < cur.revision or (late and rec.revision == cur.revision))):
            # A late bundle (mail arrives out of order): this sender already sent a newer
            # revision of the value (or the same revision in a newer bundle); keep it.
            counts.unchanged += 1
            counts.older += 1
            written.setdefault(slot, sender_dept)
            continue
        kind = _conflict_kind(slot, rec, ref, cur, sender_dept, locked, batch)
        if kind is not None:
            conflicts.append((slot, rec, cur, kind))
            continue
        written[slot] = sender_dept
        if cur is None:
            inserts.append((slot, rec))
        else:
            updates.append((slot, rec, cur))


_IB = ImportedBundle.__table__.c
_HIGHEST_FROM = select(func.max(_IB.sequence)).where(_IB.sender_fingerprint == bindparam("fp"))


def _is_late(session: Session, fp: str, sequence: int) -> bool:
    """Whether a newer bundle of this sender key was imported already (out-of-order mail)."""
    highest = session.connection().execute(_HIGHEST_FROM, {"fp": fp}).scalar_one_or_none()
    return highest is not None and highest > sequence


def merge_values(session: Session, *, org_unit_id: int, scope: Scope, manifest: Manifest,
                 records: Sequence[ValueRecord], batch: Batch,
                 now: datetime | None = None, cursor: Any = None) -> MergeCounts:
    """Merge into the caller's transaction; raises ``BundleRefused`` before writing anything.

    ``cursor``: on SQLite, a cursor on the transaction's own connection the caller holds
    for the file (the importer's), used instead of opening new ones.
    """
    now = now or datetime.now()
    refs = _checked_refs(records, scope, batch.value_checks)
    _through_the_door(records, scope)
    sender = manifest.sender
    sender_dept, fp, bundle_id = sender.department, sender.key_fingerprint, manifest.bundle_id
    codes = [r.code for r in records]
    periods = sorted({r.period for r in records})
    session.flush()
    hold_chain_lock(session)  # one writer from here to commit (PostgreSQL; see chain_lock)
    dialect = session.get_bind().dialect.name
    bulk = dialect in ("sqlite", "postgresql")
    heads: tuple[int, int, str] | None = None
    if dialect == "postgresql":  # one round trip: locks, current values, ids and chain head
        current, locked, heads = _read_postgres(session, org_unit_id, sorted(set(codes)),
                                                periods, len(records))
    elif dialect == "sqlite":
        cur = cursor if cursor is not None else _raw_cursor(session)
        locked = _locked_periods_sqlite(cur, org_unit_id, periods)
        current = _preload_sqlite(cur, org_unit_id, set(codes), periods)
        if cursor is None:
            cur.close()
    else:
        locked = _locked_periods(session, org_unit_id, periods)
        current = _preload(session, org_unit_id, sorted(set(codes)), periods)
    catalog_of, assigned_to = batch.catalog_of, batch.assigned_to
    for code, ref in zip(codes, refs, strict=True):
        if code not in catalog_of:
            catalog_of[code], assigned_to[code] = ref.catalog.id, ref.indicator.department
    slots = list(zip(map(catalog_of.__getitem__, codes), codes, [r.combo for r in records],
                     [r.period for r in records], strict=True))
    check_totals(records, refs)

    counts = MergeCounts()
    inserts: list[tuple[Slot, ValueRecord]] = []
    updates: list[tuple[Slot, ValueRecord, _Current]] = []
    conflicts: list[tuple[Slot, ValueRecord, _Current | None, str]] = []
    written = batch.written
    if (not current and not locked and written.keys().isdisjoint(slots)
            and set(map(assigned_to.__getitem__, codes)) <= {"", sender_dept}):
        # The common import, a period never seen: every value is new and nothing objects.
        inserts = list(zip(slots, records, strict=True))
        written.update(dict.fromkeys(slots, sender_dept))
    else:
        _classify(records, refs, slots, current, sender_dept,
                  _is_late(session, fp, manifest.sequence), locked, batch, counts, inserts,
                  updates, conflicts)
    counts.new, counts.changed, counts.conflicts = len(inserts), len(updates), len(conflicts)

    if bulk:
        _write_bulk(session, org_unit_id, inserts, updates, bundle_id, fp, sender_dept, now,
                    heads=heads, cursor=cursor)
    else:
        session.flush()
        _write_each(session, org_unit_id, inserts, updates, bundle_id, fp, sender_dept, now)
    _hold_conflicts(session, org_unit_id, conflicts, bundle_id, fp, sender_dept, now)
    return counts


def check_totals(records: Sequence[ValueRecord], refs: Sequence[FieldRef]) -> None:
    """A computed total the bundle sends must be the sum of the parts it sends.

    Typing cannot produce anything else (``entry.ops.refresh_total``), so a
    bundle that does came from a modified client and is refused whole. Entered
    totals are checked against their parts by validation, as when typing.
    """
    groups: dict[tuple[str, str], tuple[FieldRef, dict[str, tuple[str, str | None]]]] = {}
    for rec, ref in zip(records, refs, strict=True):
        if ref.field.disaggregated and not total_entered(ref.field):
            cells = groups.setdefault((rec.code, rec.period), (ref, {}))[1]
            cells[rec.combo] = (rec.state, rec.value)
    for (code, _period), (ref, cells) in groups.items():
        total = cells.get(DEFAULT_COMBO)
        parts = sum_parts(cells, combo_codes(ref.catalog, ref.field))
        if total is not None and parts.complete and parts.as_cell() != total:
            raise _bad(code, _("its total is not the sum of its breakdown"))


def _write_each(session: Session, org_unit_id: int, inserts: list[tuple[Slot, ValueRecord]],
                updates: list[tuple[Slot, ValueRecord, _Current]], bundle_id: str, fp: str,
                dept: str, now: datetime) -> None:
    # A new value without a revision of its own starts at 1; an update without one lets
    # write_value count on from the stored revision.
    writes: list[tuple[Slot, ValueRecord, int | None]] = [
        *((slot, rec, rec.revision or 1) for slot, rec in inserts),
        *((slot, rec, rec.revision or None) for slot, rec, _current in updates)]
    for slot, rec, revision in writes:
        write_value(session, org_unit_id=org_unit_id, catalog_id=slot[0], code=rec.code,
                    period=rec.period, state=rec.state, value=rec.value, note=rec.note,
                    actor=rec.officer, source="bundle", department=dept, bundle_id=bundle_id,
                    sender_fingerprint=fp, revision=revision, now=now, combo=rec.combo)


def _raw_cursor(session: Session) -> Any:
    """A cursor on the transaction's own sqlite3 connection."""
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _preload_sqlite(cur: Any, org_unit_id: int, codes: set[str],
                    periods: Sequence[str]) -> dict[Slot, _Current]:
    """``_preload`` without building and compiling a 300-parameter IN per bundle.

    Rows of the bundle's unit and periods are read through the (period, unit)
    index and the codes filtered here: one unit's period holds a few thousand
    values at most, whatever the number of wards a city holds.
    """
    marks = ",".join("?" * len(periods))
    rows = cur.execute(
        "SELECT id, catalog_id, field_code, period, state, value, note, revision, "
        "department_code, source, locally_changed, combo FROM data_values "
        f"WHERE org_unit_id = ? AND period IN ({marks})", (org_unit_id, *periods)).fetchall()
    return {(r[1], r[2], r[11], r[3]): _Current(r[0], r[4], r[5], r[6], r[7], r[8], r[9],
                                                bool(r[10]))
            for r in rows if r[2] in codes}


@lru_cache(maxsize=64)
def _text_array(items: tuple[str, ...]) -> str:
    """A text[] literal, kept for the next file: the bundles of a run name the same codes
    and periods, and psycopg's list adapter costs more than the query's other work."""
    return "{" + ",".join('"' + i.replace("\\", "\\\\").replace('"', '\\"') + '"'
                          for i in items) + "}"


def _read_postgres(session: Session, org_unit_id: int, codes: Sequence[str],
                   periods: Sequence[str], most: int
                   ) -> tuple[dict[Slot, _Current], set[str], tuple[int, int, str]]:
    """What the merge reads, in one constant statement (one round trip, prepared once on
    the server): the locked periods (``_locked_periods``), the current values of the
    bundle's codes and periods (``_preload``), and the first free value and history ids
    with the history chain's head, the id sequences moved past the ``most`` rows the
    bundle can write (unused ids are gaps, never reused).

    Read under the chain lock, so nothing moves the heads until this transaction ends.
    Planned afresh each time (``prepare=False``): a plan prepared while the table was
    nearly empty scans it whole, which made every file of a long import slower than the
    one before (measured: 9,500 → 14,800 values/s over 400 files).
    """
    covers = {p: lock_candidates(p) for p in periods}
    asked = sorted({c for cs in covers.values() for c in cs})
    conn = session.connection().connection.driver_connection
    assert conn is not None, "an open transaction has its driver connection"
    with conn.cursor() as cur:
        max_value, max_history, head, _v, _h, locks, rows = cur.execute(_READ_PG, {
            "unit": org_unit_id, "periods": _text_array(tuple(periods)),
            "codes": _text_array(tuple(codes)), "asked": _text_array(tuple(asked)),
            "locked": LOCKED, "n": most}, prepare=False).fetchone()
    current = {(r[1], r[2], r[11], r[3]): _Current(r[0], r[4], r[5], r[6], r[7], r[8], r[9],
                                                   bool(r[10]))
               for r in rows or ()}
    locked = set(locks or ())
    return (current, {p for p, cs in covers.items() if not locked.isdisjoint(cs)},
            (max_value + 1, max_history + 1, head or ""))


_INSERT_VALUE = (
    "INSERT INTO data_values (id, org_unit_id, catalog_id, field_code, period, state, value, "
    "note, revision, department_code, updated_at, updated_by, source, bundle_id, "
    "sender_fingerprint, combo, locally_changed) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'bundle',?,?,?,0)")
_UPDATE_VALUE = (
    "UPDATE data_values SET state=?, value=?, note=?, revision=?, department_code=?, "
    "updated_at=?, updated_by=?, source='bundle', bundle_id=?, sender_fingerprint=?, "
    "locally_changed=0 WHERE id=?")
# The columns in chain._HISTORY_COLUMNS order, then the two hashes.
_INSERT_HISTORY = (
    f"INSERT INTO value_history ({', '.join(_HISTORY_COLUMNS)}, prev_hash, row_hash) "
    f"VALUES ({','.join('?' * (len(_HISTORY_COLUMNS) + 2))})")
_INSERT_HISTORY_COMBO = (
    f"INSERT INTO value_history ({', '.join(_HISTORY_COLUMNS)}, combo, prev_hash, row_hash) "
    f"VALUES ({','.join('?' * (len(_HISTORY_COLUMNS) + 3))})")
assert _HISTORY_COLUMNS == (
    "id", "value_id", "field_code", "period", "old_state", "old_value", "new_state",
    "new_value", "note", "reason", "actor", "at", "source", "bundle_id", "revision")


def _write_bulk(session: Session, org_unit_id: int, inserts: list[tuple[Slot, ValueRecord]],
                updates: list[tuple[Slot, ValueRecord, _Current]], bundle_id: str, fp: str,
                dept: str, now: datetime, *, heads: tuple[int, int, str] | None = None,
                cursor: Any = None) -> None:
    """executemany (SQLite) or COPY (PostgreSQL) on the transaction's own connection.

    No per-row ORM work. Each history row is hashed from the very tuple that is
    inserted (``chain.sealed_history_rows``), so the chain ``verify_chain``
    checks is the one written here. Ids are taken from max(id) under the
    writer's lock (SQLite's BEGIN IMMEDIATE, PostgreSQL's chain lock), and on
    PostgreSQL the id sequences are moved past them afterwards.
    """
    if not inserts and not updates:
        return
    sink: _SqliteSink | _PostgresSink = (
        _PostgresSink(session) if session.get_bind().dialect.name == "postgresql"
        else _SqliteSink(session, cursor))
    at = now.isoformat(sep=" ", timespec="microseconds")  # SQLAlchemy's DateTime text in SQLite
    history: list[tuple[Any, ...]] = []
    history_combos: list[str] = []
    first_vid, next_hid, prev = heads if heads is not None else sink.allocate(
        len(inserts), len(inserts) + len(updates))
    if inserts:
        # Column by column with zip: the rows are built in C, not in a Python loop.
        n = len(inserts)
        slots, recs = zip(*inserts, strict=True)
        codes, periods, states, values, notes, revisions, officers, combos = zip(*recs,
                                                                                 strict=True)
        if 0 in revisions:
            revisions = tuple(r or 1 for r in revisions)
        vids = range(first_vid, first_vid + n)
        sink.insert_values(zip(
            vids, repeat(org_unit_id), map(itemgetter(0), slots), codes, periods, states, values,
            notes, revisions, repeat(dept), repeat(at), officers, repeat(bundle_id), repeat(fp),
            combos))
        history = list(zip(
            range(next_hid, next_hid + n), vids, codes, periods, repeat(None), repeat(None),
            states, values, notes, repeat(""), officers, repeat(at), repeat("bundle"),
            repeat(bundle_id), revisions))
        history_combos = list(combos)
        next_hid += n
    if updates:
        sink.update_values([
            (rec.state, rec.value, rec.note, rec.revision, dept or old.department, at,
             rec.officer, bundle_id, fp, old.id) for _slot, rec, old in updates])
        history += [(hid, old.id, rec.code, rec.period, old.state, old.value, rec.state,
                     rec.value, rec.note, "", rec.officer, at, "bundle", bundle_id, rec.revision)
                    for hid, (_slot, rec, old) in enumerate(updates, next_hid)]
        history_combos += [rec.combo for _slot, rec, _old in updates]
    if set(history_combos) <= {DEFAULT_COMBO}:
        sink.insert_history(sealed_history_rows(prev, history), combo=False)
    else:
        # A combination other than the default is hashed as one more column (chain.history_columns).
        hashed = [row if combo == DEFAULT_COMBO else (*row, combo)
                  for row, combo in zip(history, history_combos, strict=True)]
        width = len(_HISTORY_COLUMNS)
        sink.insert_history([
            (*row[:width], combo, *row[-2:])
            for row, combo in zip(sealed_history_rows(prev, hashed), history_combos,
                                  strict=True)], combo=True)
    sink.close()


_HEADS = (
    "SELECT (SELECT coalesce(max(id), 0) FROM data_values), "
    "(SELECT coalesce(max(id), 0) FROM value_history), "
    "(SELECT row_hash FROM value_history ORDER BY id DESC LIMIT 1)")


class _SqliteSink:
    """The bulk writer's statements on the transaction's sqlite3 connection."""

    def __init__(self, session: Session, cursor: Any = None) -> None:
        self.own = cursor is None  # a cursor the caller lent stays open for it
        self.cur = _raw_cursor(session) if cursor is None else cursor

    def allocate(self, n_values: int, n_history: int) -> tuple[int, int, str]:
        """The first new value id, the first new history id and the chain head, in one
        query (the writer holds SQLite's write lock since BEGIN IMMEDIATE)."""
        max_value, max_history, head = self.cur.execute(_HEADS).fetchone()
        return max_value + 1, max_history + 1, head or ""

    def insert_values(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.cur.executemany(_INSERT_VALUE, rows)

    def update_values(self, rows: list[tuple[Any, ...]]) -> None:
        self.cur.executemany(_UPDATE_VALUE, rows)

    def insert_history(self, rows: list[tuple[Any, ...]], *, combo: bool) -> None:
        self.cur.executemany(_INSERT_HISTORY_COMBO if combo else _INSERT_HISTORY, rows)

    def close(self) -> None:
        if self.own:
            self.cur.close()


_VALUE_COPY_COLUMNS = (
    "id", "org_unit_id", "catalog_id", "field_code", "period", "state", "value", "note",
    "revision", "department_code", "updated_at", "updated_by", "bundle_id",
    "sender_fingerprint", "combo")


def _move_sequence(table: str, wanted: str) -> str:
    seq = f"pg_get_serial_sequence('{table}', 'id')"
    return (f"setval({seq}, greatest({wanted}, "
            f"coalesce(pg_sequence_last_value({seq}::regclass), 1), 1))")


_ALLOCATE_PG = (
    "WITH m AS (SELECT (SELECT coalesce(max(id), 0) FROM data_values) AS v, "
    "(SELECT coalesce(max(id), 0) FROM value_history) AS h) "
    "SELECT m.v, m.h, (SELECT row_hash FROM value_history ORDER BY id DESC LIMIT 1), "
    f"{_move_sequence('data_values', 'm.v + %(nv)s')}, "
    f"{_move_sequence('value_history', 'm.h + %(nh)s')} FROM m")


_READ_PG = (
    "WITH m AS (SELECT (SELECT coalesce(max(id), 0) FROM data_values) AS v, "
    "(SELECT coalesce(max(id), 0) FROM value_history) AS h) "
    "SELECT m.v, m.h, (SELECT row_hash FROM value_history ORDER BY id DESC LIMIT 1), "
    f"{_move_sequence('data_values', 'm.v + %(n)s')}, "
    f"{_move_sequence('value_history', 'm.h + %(n)s')}, "
    "(SELECT array_agg(period) FROM period_locks WHERE org_unit_id = %(unit)s "
    "AND period = ANY(%(asked)s::text[]) AND status = %(locked)s), "
    "(SELECT json_agg(json_build_array(id, catalog_id, field_code, period, state, value, "
    "note, revision, department_code, source, locally_changed, combo)) FROM data_values "
    "WHERE org_unit_id = %(unit)s AND period = ANY(%(periods)s::text[]) "
    "AND field_code = ANY(%(codes)s::text[])) FROM m")


_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value
    return str(value)


def _copy_column(column: tuple[Any, ...]) -> Iterable[str]:
    """One column's COPY texts; a column of plain strings or of ints is passed through in C."""
    kinds = set(map(type, column))
    if kinds == {str}:
        joined = "".join(column)  # four substring searches are faster than one regex's
        if not ("\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined):
            return column
    elif kinds == {int}:
        return map(str, column)
    elif kinds == {type(None)}:
        return repeat("\\N", len(column))
    return map(_copy_field, column)


def copy_text(rows: Sequence[tuple[Any, ...]], suffix: str = "") -> str:
    """Rows in COPY's text format (tab-separated, ``\\N`` for NULL, backslash escapes),
    each line ending in ``suffix`` (constant columns, already in that format).

    Built column by column, so the common column (all plain text, all ints) costs
    no Python call per value: psycopg's ``write_row`` dumps every value through its
    adapters, about a third of the PostgreSQL writer's client time. The server reads
    the same texts ``write_row`` would send (``tests/exchange/test_bulk_import.py``).
    """
    if not rows:
        return ""
    columns = [_copy_column(column) for column in zip(*rows, strict=True)]
    lines = map("\t".join, zip(*columns, strict=True))
    end = suffix + "\n"
    return end.join(lines) + end


class _PostgresSink:
    """The same rows through psycopg 3: COPY for inserts, a pipelined executemany for updates.

    COPY is all-or-nothing inside the transaction like any statement; the
    values' ``source`` and ``locally_changed`` take their column defaults'
    meaning here ('bundle', false), given explicitly.
    """

    def __init__(self, session: Session) -> None:
        conn = session.connection().connection.driver_connection
        assert conn is not None, "an open transaction has its driver connection"
        self.conn: Any = conn
        self.cur = self.conn.cursor()

    def allocate(self, n_values: int, n_history: int) -> tuple[int, int, str]:
        """Ids and chain head in one round trip, the id sequences moved past the ids taken.

        Under the chain lock the largest ids are the committed truth; each
        sequence is set past the rows about to be written (never back: a
        sequence ahead of the table, after a rolled-back insert, stays ahead),
        so the next ORM insert (a value typed at the city) gets a free id.
        """
        max_value, max_history, head, _v, _h = self.cur.execute(
            _ALLOCATE_PG, {"nv": n_values, "nh": n_history}).fetchone()
        return max_value + 1, max_history + 1, head or ""

    def insert_values(self, rows: Iterable[tuple[Any, ...]]) -> None:
        cols = ", ".join((*_VALUE_COPY_COLUMNS, "source", "locally_changed"))
        with self.cur.copy(f"COPY data_values ({cols}) FROM STDIN") as copy:
            copy.write(copy_text(list(rows), "\tbundle\tf"))

    def update_values(self, rows: list[tuple[Any, ...]]) -> None:
        self.cur.executemany(_UPDATE_VALUE.replace("?", "%s").replace(
            "locally_changed=0", "locally_changed=false"), rows)

    def insert_history(self, rows: list[tuple[Any, ...]], *, combo: bool) -> None:
        names = [*_HISTORY_COLUMNS, *(("combo",) if combo else ()), "prev_hash", "row_hash"]
        with self.cur.copy(f"COPY value_history ({', '.join(names)}) FROM STDIN") as copy:
            copy.write(copy_text(rows))

    def close(self) -> None:
        self.cur.close()


def _hold_conflicts(session: Session, org_unit_id: int,
                    conflicts: list[tuple[Slot, ValueRecord, _Current | None, str]],
                    bundle_id: str, fp: str, dept: str, now: datetime) -> None:
    if not conflicts:
        return
    # An open conflict from the same sender for the same value is superseded by the newer one.
    # These are Core statements: the rows they touch are marked for sealing at commit.
    slots = {slot for slot, *_rest in conflicts}
    mark_for_seal(session, "conflicts", [
        cid for cid, *slot in session.execute(select(
            Conflict.id, Conflict.catalog_id, Conflict.field_code, Conflict.combo, Conflict.period)
            .where(Conflict.org_unit_id == org_unit_id, Conflict.sender_department == dept,
                   Conflict.status == ConflictStatus.OPEN))
        if tuple(slot) in slots])
    for slot, *_rest in conflicts:
        session.execute(update(Conflict).where(
            Conflict.org_unit_id == org_unit_id, Conflict.catalog_id == slot[0],
            Conflict.field_code == slot[1], Conflict.combo == slot[2],
            Conflict.period == slot[3],
            Conflict.sender_department == dept, Conflict.status == ConflictStatus.OPEN).values(
            status="superseded"))
    session.execute(insert(Conflict), [{
        "org_unit_id": org_unit_id, "catalog_id": slot[0], "field_code": rec.code,
        "combo": rec.combo, "period": rec.period, "kind": kind,
        "current_state": cur.state if cur else None, "current_value": cur.value if cur else None,
        "incoming_state": rec.state, "incoming_value": rec.value, "incoming_note": rec.note,
        "incoming_revision": rec.revision, "bundle_id": bundle_id, "sender_department": dept,
        "sender_fingerprint": fp, "officer": rec.officer, "status": "open", "resolution": "",
        "reason": "", "created_at": now, "resolved_at": None, "resolved_by": ""}
        for slot, rec, cur, kind in conflicts])
    mark_new_for_seal(session, "conflicts")
