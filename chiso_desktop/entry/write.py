"""Writing values in batches: the one writer behind ``set_values`` and ``write_value``.

Value by value, a save cost per value a SELECT of the current row, two ORM
flushes and a query of the previous history row's hash: about 3 ms a value,
a second for a pasted or imported sheet of 300. A :class:`ValueBatch`
instead

1. reads the current rows of every cell the save may touch in one query
   (under the chain lock, as the value-by-value writer read under it);
2. plans each change in memory, exactly as ``write_value`` changed a row: a
   cell given twice, or a total summed from parts of the same save, sees what
   was planned before it, as the old writer saw what it had flushed;
3. writes: the new value rows in one executemany, the changed ones in
   another, and their history rows chained in order in one pass
   (``store.chain.sealed_history_rows``: the very row text and hash
   ``seal_history`` computes) and inserted in a third.

A history row's hash covers its own id and its value's, so ids are taken
before the insert from the largest ids under the chain lock
(``store.chain.reserve_history``), as the import's bulk writer takes them.
The statements of a save no longer grow with its number of values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from chiso_desktop.catalog.categories import DEFAULT_COMBO
from chiso_desktop.store.chain import (
    SEALED_TABLES,
    history_columns,
    mark_for_seal,
    reserve_history,
    sealed_history_rows,
)
from chiso_desktop.store.chain_lock import hold_chain_lock
from chiso_desktop.store.models import DataValue
from chiso_desktop.values.totals import Cell

Slot = tuple[str, str, str, str]
"""One stored cell: catalog id, field code, combination, period."""


@dataclass(frozen=True)
class Change:
    code: str
    old_state: str | None
    old_value: str | None
    new_state: str
    new_value: str | None
    combo: str = DEFAULT_COMBO


@dataclass(frozen=True)
class Stored:
    state: str
    value: str | None
    note: str
    source: str


@dataclass
class _Row:
    """A value row as it stands in the batch: read from the store, or planned."""

    id: int | None  # a planned new row gets its id when the batch is written
    state: str
    value: str | None
    note: str
    revision: int
    department: str
    stored: bool  # read from the store (an UPDATE), else planned (an INSERT)
    updated_by: str = ""
    source: str = "local"
    bundle_id: str | None = None
    sender_fingerprint: str | None = None
    locally_changed: bool = False
    changed: bool = False


@dataclass(frozen=True)
class _History:
    slot: Slot
    row: _Row
    old_state: str | None
    old_value: str | None
    new_state: str
    new_value: str | None
    note: str
    reason: str
    actor: str
    source: str
    bundle_id: str | None
    revision: int


_DV = cast(Table, DataValue.__table__)
_c = _DV.c
# Built once: building and compiling a statement costs more than running it.
_READ_PERIODS = select(_c.id, _c.catalog_id, _c.field_code, _c.combo, _c.period, _c.state,
                       _c.value, _c.note, _c.revision, _c.department_code, _c.source).where(
    _c.org_unit_id == bindparam("unit"), _c.period.in_(bindparam("periods", expanding=True)))
_READ = _READ_PERIODS.where(_c.field_code.in_(bindparam("codes", expanding=True)))
_MANY_CODES = 64
"""From this many codes, the period's rows are read whole (through the (period, unit)
index) and filtered here: a long IN list costs more to build than the few thousand rows
a unit's period holds at most cost to read."""

# The writes go to the driver as plain tuples (one executemany each): SQLAlchemy's
# per-row parameter processing would cost more than the insert itself.
_VALUE_COLUMNS = ("id", "org_unit_id", "catalog_id", "field_code", "combo", "period", "state",
                  "value", "note", "revision", "department_code", "updated_at", "updated_by",
                  "source", "bundle_id", "sender_fingerprint", "locally_changed")
_INSERT_VALUES = (f"INSERT INTO data_values ({', '.join(_VALUE_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(_VALUE_COLUMNS))})")
_UPDATE_VALUES = (
    "UPDATE data_values SET state = ?, value = ?, note = ?, revision = ?, department_code = ?, "
    "updated_at = ?, updated_by = ?, source = ?, bundle_id = ?, sender_fingerprint = ?, "
    "locally_changed = ? WHERE id = ?")
_HISTORY_COLUMNS = ("id", "value_id", "field_code", "period", "old_state", "old_value",
                    "new_state", "new_value", "note", "reason", "actor", "at", "source",
                    "bundle_id", "revision", "combo", "prev_hash", "row_hash")
assert history_columns(DEFAULT_COMBO) == _HISTORY_COLUMNS[:15], "the hashed row text's order"
_INSERT_HISTORY = (f"INSERT INTO value_history ({', '.join(_HISTORY_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(_HISTORY_COLUMNS))})")


def _driver_sql(conn: Any, sql: str) -> str:
    """``sql`` in the driver's placeholders: sqlite3 takes ``?``, psycopg ``%s``."""
    return sql if conn.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _seal_marks(session: Session, table: str, ids: Iterable[int]) -> None:
    """Core writes are not seen by the ORM's flush hook: mark them as it would have.

    Neither values nor history are row-sealed today (the history chain covers
    current values), so this marks nothing unless ``SEALED_TABLES`` lists them.
    """
    if table in SEALED_TABLES:
        mark_for_seal(session, table, ids)


class ValueBatch:
    """The cells of one save as they stand: read once, changed in memory, written at once.

    ``codes`` × ``periods`` is what is read (every combination of each code:
    a breakdown's total is summed from them); ``put`` refuses a cell outside it.
    """

    def __init__(self, session: Session, org_unit_id: int, codes: Iterable[str],
                 periods: Iterable[str], *, now: datetime | None = None) -> None:
        self.session, self.org_unit_id = session, org_unit_id
        self.now = now or datetime.now()
        self._rows: dict[Slot, _Row] = {}
        self._fields: dict[tuple[str, str, str], dict[str, _Row]] = {}
        self._new: list[_Row] = []
        self._history: list[_History] = []
        hold_chain_lock(session)  # before reading the current values (PostgreSQL; see chain_lock)
        session.flush()  # rows the ORM still holds count as stored
        wanted_codes, wanted_periods = sorted(set(codes)), sorted(set(periods))
        self._read = (frozenset(wanted_codes), frozenset(wanted_periods))
        if not wanted_codes or not wanted_periods:
            return
        rows: Iterable[Any]
        if len(wanted_codes) < _MANY_CODES:
            rows = session.connection().execute(_READ, {
                "unit": org_unit_id, "periods": wanted_periods, "codes": wanted_codes})
        else:
            wanted = set(wanted_codes)
            rows = (r for r in session.connection().execute(_READ_PERIODS, {
                "unit": org_unit_id, "periods": wanted_periods}) if r.field_code in wanted)
        for r in rows:
            self._keep((r.catalog_id, r.field_code, r.combo, r.period), _Row(
                r.id, r.state, r.value, r.note, r.revision, r.department_code, stored=True,
                source=r.source))

    def _keep(self, slot: Slot, row: _Row) -> None:
        self._rows[slot] = row
        self._fields.setdefault((slot[0], slot[1], slot[3]), {})[slot[2]] = row

    def current(self, slot: Slot) -> tuple[str, str | None] | None:
        """(state, value) of the cell as it stands in this batch, or None when absent."""
        row = self._rows.get(slot)
        return (row.state, row.value) if row is not None else None

    def stored(self, slot: Slot) -> Stored | None:
        """The cell as it stands in this batch, with its note and source; None when absent."""
        row = self._rows.get(slot)
        return Stored(row.state, row.value, row.note, row.source) if row is not None else None

    def cells(self, catalog_id: str, code: str, period: str) -> dict[str, Cell]:
        """combo → (state, value) of every cell of one field as it stands, the total
        included (``breakdown.stored_cells`` of the store once this batch is written)."""
        return {combo: (row.state, row.value)
                for combo, row in self._fields.get((catalog_id, code, period), {}).items()}

    def put(self, slot: Slot, state: str, value: str | None, note: str | None, *, actor: str,
            reason: str = "", source: str = "local", department: str = "",
            bundle_id: str | None = None, sender_fingerprint: str | None = None,
            revision: int | None = None) -> Change | None:
        """Plan one value with its history, as ``write_value`` stores one; None when
        nothing changes. ``note`` None keeps the stored note."""
        row = self._rows.get(slot)
        if row is None and (slot[1] not in self._read[0] or slot[3] not in self._read[1]):
            # Not read, so not known to be absent: inserting it could duplicate a stored row.
            raise ValueError(f"{slot}: a cell outside the batch's codes and periods")
        if row is not None and row.state == state and row.value == value and \
                (note is None or row.note == note):
            return None
        old_state, old_value = (row.state, row.value) if row is not None else (None, None)
        if row is None:
            row = _Row(None, state, value, note or "", revision or 1, department, stored=False)
            self._keep(slot, row)
            self._new.append(row)
        else:
            row.state, row.value = state, value
            if note is not None:
                row.note = note
            row.revision = revision if revision is not None else row.revision + 1
            if department:
                row.department = department
        row.updated_by, row.source = actor, source
        row.bundle_id, row.sender_fingerprint = bundle_id, sender_fingerprint
        row.locally_changed, row.changed = source == "local", True
        self._history.append(_History(slot, row, old_state, old_value, state, value, row.note,
                                      reason, actor, source, bundle_id, row.revision))
        return Change(slot[1], old_state, old_value, state, value, slot[2])

    def write(self) -> None:
        """Store every planned change: one insert, one update, one chained history insert."""
        if not self._history:
            return
        session = self.session
        conn = session.connection()
        first_value, first_history, prev = reserve_history(conn, len(self._new),
                                                           len(self._history))
        for value_id, row in enumerate(self._new, first_value):
            row.id = value_id
        # What the DateTime and Boolean columns store: SQLite keeps SQLAlchemy's text.
        sqlite = conn.dialect.name == "sqlite"
        at = self.now.isoformat(sep=" ", timespec="microseconds")
        when: Any = at if sqlite else self.now
        flag: Any = int if sqlite else bool
        unit = self.org_unit_id
        if self._new:
            conn.exec_driver_sql(_driver_sql(conn, _INSERT_VALUES), [
                (row.id, unit, slot[0], slot[1], slot[2], slot[3], row.state, row.value,
                 row.note, row.revision, row.department, when, row.updated_by, row.source,
                 row.bundle_id, row.sender_fingerprint, flag(row.locally_changed))
                for slot, row in self._rows.items() if not row.stored])
        changed = [row for row in self._rows.values() if row.stored and row.changed]
        if changed:
            conn.exec_driver_sql(_driver_sql(conn, _UPDATE_VALUES), [
                (row.state, row.value, row.note, row.revision, row.department, when,
                 row.updated_by, row.source, row.bundle_id, row.sender_fingerprint,
                 flag(row.locally_changed), row.id) for row in changed])
        self._write_history(conn, first_history, prev, at, when)
        _seal_marks(session, "data_values", [cast(int, row.id) for row in (*self._new, *changed)])
        self._forget_orm_copies(changed)
        for row in self._rows.values():
            row.stored, row.changed = True, False
        self._new, self._history = [], []

    def _write_history(self, conn: Any, first_id: int, prev: str, at: str, when: Any) -> None:
        # The hashed text (store.chain): the columns in _HISTORY_COLUMNS order, ``at`` as the
        # text SQLite stores, and a breakdown cell's combination as one more column.
        rows: list[tuple[Any, ...]] = []
        for history_id, h in enumerate(self._history, first_id):
            row: tuple[Any, ...] = (
                history_id, h.row.id, h.slot[1], h.slot[3], h.old_state, h.old_value,
                h.new_state, h.new_value, h.note, h.reason, h.actor, at, h.source, h.bundle_id,
                h.revision)
            rows.append(row if h.slot[2] == DEFAULT_COMBO else (*row, h.slot[2]))
        sealed = sealed_history_rows(prev, rows)
        conn.exec_driver_sql(_driver_sql(conn, _INSERT_HISTORY), [
            (*row[:11], when, *row[12:15], h.slot[2], row[-2], row[-1])
            for row, h in zip(sealed, self._history, strict=True)])
        _seal_marks(self.session, "value_history", [row[0] for row in sealed])

    def _forget_orm_copies(self, changed: list[_Row]) -> None:
        """A value row the session had loaded is stale after the UPDATE: expire it, so the
        next read (``current_value``) sees the row as written."""
        identity_map = self.session.identity_map
        for row in changed:
            obj = identity_map.get(identity_key(DataValue, row.id))
            if obj is not None:
                self.session.expire(obj)
