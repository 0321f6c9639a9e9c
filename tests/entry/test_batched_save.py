"""A save is written in batches (``entry/write.py``), with the results it had value by value.

The reference below is the value-by-value writer as it was before batching (an ORM
row and a flush per value, its history row chained by ``seal_history``). The same
saves go through it and through ``set_values`` into two databases with the clock
frozen: every value row, history row and hash must come out identical, on SQLite and
on PostgreSQL. A refusal in the middle of a save writes nothing, and the number of
SQL statements of a save does not grow with its number of values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import DEFAULT_COMBO, cell_code, combo_codes, split_cell
from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import (
    Catalog,
    CatalogKind,
    Category,
    CategoryOption,
    Field,
    FieldType,
    Frequency,
    Indicator,
)
from chiso_desktop.entry import breakdown, write
from chiso_desktop.entry.form import set_status
from chiso_desktop.entry.ops import (
    Entry,
    SetResult,
    current_value,
    department_status,
    set_values,
    write_value,
)
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.entry.sheet_import import import_sheet
from chiso_desktop.entry.spreadsheet import SheetEntry
from chiso_desktop.errors import Refused
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.chain import seal_history, verify_chain
from chiso_desktop.store.chain_lock import hold_chain_lock
from chiso_desktop.store.db import Database, open_database
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, ValueHistory
from chiso_desktop.values.parse import parse_input
from chiso_desktop.values.state import ReportStatus
from tests.support.cli import run_cli

MONTH = parse_period("202610")
FIXED = datetime(2026, 10, 14, 9, 30, 15, 123456)
N_PLAIN = 400
SEX = Category("gioi-tinh", "Giới tính", (CategoryOption("nam", "Nam"),
                                          CategoryOption("nu", "Nữ")))
CATALOG = Catalog(
    id="batch-test", version="1", kind=CatalogKind.INDICATOR_SET, title="Batch",
    document="batch", categories=(SEX,),
    indicators=(
        Indicator(code="B.1", name="Số liệu", group="B", frequencies=(Frequency.MONTH,),
                  fields=tuple(Field(code=f"B.1.{j}", label=f"Mục {j}",
                                     type=FieldType.INTEGER if j % 3 else FieldType.DECIMAL)
                               for j in range(1, N_PLAIN + 1))),
        Indicator(code="B.2", name="Phân tổ", group="B", frequencies=(Frequency.MONTH,),
                  fields=(Field(code="B.2.1", label="Lao động (tổng cộng)",
                                type=FieldType.INTEGER, categories=("gioi-tinh",)),
                          Field(code="B.2.2", label="Hộ (tổng nhập)", type=FieldType.INTEGER,
                                categories=("gioi-tinh",), total="entered"),
                          Field(code="B.2.3", label="Ghi chú", type=FieldType.TEXT),
                          *(Field(code=f"B.2.{j}", label=f"Hộ nhóm {j}", type=FieldType.INTEGER,
                                  categories=("gioi-tinh",), total="entered")
                            for j in range(4, 24)))),
    ))


class _Frozen(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> datetime:
        return FIXED


def _open(location: str) -> Database:
    db = open_database(location)
    with db.session() as s, s.begin():
        install_catalog(s, CATALOG)
        init_installation(s, InitRequest(role="office", unit="Phường Thử",
                                         catalogs=(CATALOG.id,), department="VP"))
    return db


@pytest.fixture
def two_stores(backend: str, tmp_path: Path, request: pytest.FixtureRequest
               ) -> Iterator[tuple[Database, Database]]:
    """Two fresh, identical installations on the test's backend."""
    if backend == "postgresql":
        server = request.getfixturevalue("pg_server")
        locations = [server.create_database(), server.create_database()]
    else:
        locations = [str(tmp_path / "batched.db"), str(tmp_path / "reference.db")]
    dbs = [_open(loc) for loc in locations]
    yield dbs[0], dbs[1]
    for db in dbs:
        db.close()


# -- the reference: the value-by-value writer as it was before batching ---------------------


def _old_write_value(session: Session, *, org_unit_id: int, catalog_id: str, code: str,
                     period: str, state: str, value: str | None, note: str | None, actor: str,
                     reason: str, department: str, combo: str) -> Any:
    hold_chain_lock(session)
    row = current_value(session, org_unit_id, catalog_id, code, period, combo)
    if row is not None and row.state == state and row.value == value and \
            (note is None or row.note == note):
        return None
    old_state, old_value = (row.state, row.value) if row else (None, None)
    if row is None:
        row = DataValue(org_unit_id=org_unit_id, catalog_id=catalog_id, field_code=code,
                        combo=combo, period=period, state=state, value=value, note=note or "",
                        revision=1, department_code=department, updated_at=FIXED,
                        updated_by=actor, source="local", bundle_id=None,
                        sender_fingerprint=None, locally_changed=True)
        session.add(row)
    else:
        row.state, row.value = state, value
        if note is not None:
            row.note = note
        row.revision = row.revision + 1
        row.updated_at, row.updated_by, row.source = FIXED, actor, "local"
        row.bundle_id, row.sender_fingerprint = None, None
        row.locally_changed = True
        if department:
            row.department_code = department
    session.flush()
    hist = ValueHistory(value_id=row.id, field_code=code, combo=combo, period=period,
                        old_state=old_state, old_value=old_value, new_state=state,
                        new_value=value, note=row.note, reason=reason, actor=actor, at=FIXED,
                        source="local", bundle_id=None, revision=row.revision)
    session.add(hist)
    session.flush()
    seal_history(session, hist)
    return write.Change(code, old_state, old_value, state, value, combo)


def _old_save(session: Session, entries: list[Entry], *, actor: str, reason: str = ""
              ) -> SetResult:
    """The old ``set_values`` write loop (the checks before it are unchanged and shared)."""
    inst = require_installation(session)
    scope = load_scope(session)
    result = SetResult(period=MONTH.id)
    totals: dict[str, Any] = {}
    for entry in entries:
        if entry.combo == DEFAULT_COMBO and entry.code.endswith("]"):
            code, combo = split_cell(entry.code)
            entry = replace(entry, code=code, combo=combo)
        ref = scope.ref(entry.code)
        assert ref is not None
        dept = ref.indicator.department or inst.department_code
        if ref.field.disaggregated:
            totals[entry.code] = (ref, dept)
        row = current_value(session, inst.org_unit_id, ref.catalog.id, entry.code, MONTH.id,
                            entry.combo)
        if entry.text is None:
            state, canonical = (row.state, row.value) if row else ("missing", None)
        else:
            got = parse_input(entry.text, ref.field, "en")
            state, canonical = str(got.state), got.canonical
        if row is None and state == "missing" and not entry.note:
            result.unchanged.append(cell_code(entry.code, entry.combo))
            continue
        changes_value = row is not None and (row.state, row.value) != (state, canonical)
        if changes_value and not reason and \
                department_status(session, inst, dept, MONTH.id) != ReportStatus.DRAFT:
            raise Refused("ready")
        change = _old_write_value(session, org_unit_id=inst.org_unit_id,
                                  catalog_id=ref.catalog.id, code=entry.code, period=MONTH.id,
                                  state=state, value=canonical, note=entry.note, actor=actor,
                                  reason=reason, department=dept, combo=entry.combo)
        (result.unchanged.append(cell_code(entry.code, entry.combo)) if change is None
         else result.changed.append(change))
    for ref, dept in totals.values():
        f = ref.field
        if f.total or not combo_codes(ref.catalog, f):
            continue
        cells = breakdown.stored_cells(session, inst.org_unit_id, ref.catalog.id, f.code,
                                       MONTH.id)
        state, value = breakdown.parts_sum(ref, cells).as_cell()
        if cells.get(DEFAULT_COMBO) == (state, value) or \
                (DEFAULT_COMBO not in cells and state == "missing"):
            continue
        change = _old_write_value(session, org_unit_id=inst.org_unit_id,
                                  catalog_id=ref.catalog.id, code=f.code, period=MONTH.id,
                                  state=state, value=value, note=None, actor=actor,
                                  reason=reason, department=dept, combo=DEFAULT_COMBO)
        if change is not None:
            result.changed.append(change)
    return result


# -- the saves ------------------------------------------------------------------------------

FIRST = [
    *(Entry(f"B.1.{j}", str(j * 7)) for j in range(1, 151)),
    Entry("B.2.1[nam]", "12"),
    Entry("B.2.2", "30"), Entry("B.2.2[nam]", "14"), Entry("B.2.2[nu]", "16"),
    Entry("B.2.3", "Ghi chép đầu kỳ", note="đã kiểm tra"),
]
"""What is stored before the save under test: values, half a breakdown, an entered total."""

SECOND = [
    *(Entry(f"B.1.{j}", str(j * 7)) for j in range(1, 41)),  # unchanged
    *(Entry(f"B.1.{j}", str(j * 7 + 1)) for j in range(41, 101)),  # changed
    Entry("B.1.101", None, note="Số liệu ước tính"),  # notes only, on a stored value
    Entry("B.1.102", str(102 * 7), note="Theo báo cáo quý"),  # same value, a new note
    Entry("B.1.103", ""),  # cleared
    Entry("B.1.151", None, note="Chưa có số liệu"),  # notes only, nothing stored yet
    Entry("B.1.152", ""),  # empty over nothing
    *(Entry(f"B.1.{j}", f"{j}.5" if j % 3 == 0 else str(j)) for j in range(153, 361)),  # new
    Entry("B.1.120", "999"), Entry("B.1.120", "1000"),  # the same cell twice in one save
    Entry("B.2.1[nu]", "9"),  # completes the breakdown: its total is summed (21)
    Entry("B.2.1[nam]", "13"),  # and changed again: the total follows (22)
    Entry("B.2.2[nam]", "15"), Entry("B.2.2", "31"),  # an entered total and its part
    Entry("B.2.3", "Ghi chép cuối kỳ"),
    Entry("B.1.150", "không phát sinh"),
]
"""A save of about 330 values: unchanged, changed, notes-only, cleared, new, breakdowns."""


def _dump(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with db.session() as s:
        values = [tuple(r) for r in s.execute(select(*DataValue.__table__.c)
                                              .order_by(DataValue.id))]
        history = [tuple(r) for r in s.execute(select(*ValueHistory.__table__.c)
                                               .order_by(ValueHistory.id))]
    return values, history


def _save(db: Database, entries: list[Entry], *, reference: bool, reason: str = ""
          ) -> SetResult:
    with db.session() as s, s.begin():
        if reference:
            return _old_save(s, entries, actor="Nguyễn Thị Lan", reason=reason)
        return set_values(s, MONTH, entries, actor="Nguyễn Thị Lan", lang="en", reason=reason)


def test_a_batched_save_stores_exactly_what_value_by_value_did(
        two_stores: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch) -> None:
    batched, reference = two_stores
    monkeypatch.setattr(write, "datetime", _Frozen)
    results = []
    for entries in (FIRST, SECOND):
        results.append((_save(batched, entries, reference=False),
                        _save(reference, entries, reference=True)))
    for new, old in results:
        assert new == old
    changed = {c.code if c.combo == DEFAULT_COMBO else f"{c.code}[{c.combo}]"
               for c in results[1][0].changed}
    assert {"B.1.41", "B.1.101", "B.1.102", "B.1.103", "B.1.151", "B.1.153", "B.1.120",
            "B.2.1", "B.2.1[nu]", "B.2.2"} <= changed
    assert {"B.1.1", "B.1.152"} <= set(results[1][0].unchanged)

    values, history = _dump(batched)
    assert (values, history) == _dump(reference)  # ids, provenance, texts and hashes
    by_code = {(v[3], v[4]): v for v in values}  # (field_code, combo)
    cols = [c.name for c in DataValue.__table__.c]
    total = dict(zip(cols, by_code[("B.2.1", DEFAULT_COMBO)], strict=True))
    assert (total["state"], total["value"]) == ("value", "22")
    twice = dict(zip(cols, by_code[("B.1.120", DEFAULT_COMBO)], strict=True))
    assert (twice["value"], twice["revision"]) == ("1000", 3)
    notes = dict(zip(cols, by_code[("B.1.151", DEFAULT_COMBO)], strict=True))
    assert (notes["state"], notes["note"]) == ("missing", "Chưa có số liệu")
    assert len(history) == 155 + 281  # a row per real change, two for B.1.120

    with batched.session() as s:
        assert verify_chain(s) == []
    for db in (batched, reference):
        result = run_cli("--db", db.location, "audit", "verify")
        assert result.code == 0, result.out + result.err


def test_write_value_is_a_batch_of_one_with_the_same_row(
        two_stores: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch) -> None:
    """The other writers (conflict resolution, the DHIS2 import, the demo) keep their call."""
    batched, reference = two_stores
    monkeypatch.setattr(write, "datetime", _Frozen)
    for db, writer in ((batched, write_value), (reference, _old_write_value)):
        with db.session() as s, s.begin():
            inst = require_installation(s)
            for value, note in (("5", None), ("6", "sửa"), ("6", "sửa"), ("7", None)):
                writer(s, org_unit_id=inst.org_unit_id, catalog_id=CATALOG.id, code="B.1.9",
                       period=MONTH.id, state="value", value=value, note=note,
                       actor="Lan", reason="", department="VP", combo=DEFAULT_COMBO)
            row = current_value(s, inst.org_unit_id, CATALOG.id, "B.1.9", MONTH.id)
            assert row is not None and (row.value, row.note, row.revision) == ("7", "sửa", 3)
    assert _dump(batched) == _dump(reference)


def test_a_refused_value_in_the_middle_writes_nothing(two_stores: tuple[Database, Database]
                                                      ) -> None:
    db = two_stores[0]
    _save(db, FIRST, reference=False)
    before = _dump(db)
    bad = [*SECOND[:150], Entry("B.1.200", "mười hai"), *SECOND[150:]]
    with pytest.raises(Refused, match=r"B\.1\.200|mười hai"):
        _save(db, bad, reference=False)
    assert _dump(db) == before


def test_a_change_after_ready_without_a_reason_writes_nothing(
        two_stores: tuple[Database, Database]) -> None:
    """The refusal comes at the first changed value, after new ones were planned: none of
    them is written, even inside the caller's transaction."""
    db = two_stores[0]
    _save(db, FIRST, reference=False)
    with db.session() as s, s.begin():
        set_status(s, MONTH, "VP", ReportStatus.READY, "Lan")
    before = _dump(db)
    save = [Entry("B.1.300", "1"), Entry("B.1.301", "2"), Entry("B.1.5", "1234")]
    with db.session() as s, s.begin():
        with pytest.raises(Refused, match=r"B\.1\.5:") as refused:
            set_values(s, MONTH, save, actor="Lan", lang="en")
        assert refused.value.cli_hint == "--reason TEXT"
        counts = [s.query(DataValue).count(), s.query(ValueHistory).count()]
        assert counts == [len(before[0]), len(before[1])]
        s.rollback()
    assert _dump(db) == before
    result = _save(db, save, reference=False, reason="Sửa theo số liệu Công an")
    assert [c.code for c in result.changed] == ["B.1.300", "B.1.301", "B.1.5"]
    result = _save(db, [Entry("B.1.302", "3")], reference=False)  # new only: no reason asked
    assert [c.code for c in result.changed] == ["B.1.302"]


def test_a_save_locked_period_is_refused(two_stores: tuple[Database, Database]) -> None:
    from chiso_desktop.store.exchange_models import PeriodLock

    db = two_stores[0]
    with db.session() as s, s.begin():
        s.add(PeriodLock(org_unit_id=require_installation(s).org_unit_id, period=MONTH.id,
                         status="locked", approver="An", position="Chủ tịch",
                         approved_on=FIXED, comment="", revision=1, reopen_reason=""))
    before = _dump(db)
    with pytest.raises(Refused, match=r"locked|khóa"):
        _save(db, FIRST, reference=False)
    assert _dump(db) == before


def _statements(db: Database, entries: list[Entry]) -> int:
    count = 0

    def counted(*_args: Any) -> None:
        nonlocal count
        count += 1

    scope = None
    with db.session() as s:
        scope = load_scope(s)
    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        with db.session() as s, s.begin():
            set_values(s, MONTH, entries, actor="Lan", lang="en", scope=scope)
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_the_statements_of_a_save_do_not_grow_with_its_values(
        two_stores: tuple[Database, Database]) -> None:
    db = two_stores[0]
    ten = [Entry(f"B.1.{j}", str(j)) for j in range(1, 11)]
    three_hundred = [Entry(f"B.1.{j}", str(j)) for j in range(11, 311)]
    new = (_statements(db, ten), _statements(db, three_hundred))
    changed = (_statements(db, [replace(e, text=e.text + "1") for e in ten]),
               _statements(db, [replace(e, text=e.text + "1") for e in three_hundred]))
    mixed = [*three_hundred[:100], *(replace(e, text=e.text + "2") for e in three_hundred[100:]),
             *(Entry(f"B.1.{j}", str(j)) for j in range(311, 401)),
             Entry("B.2.1[nam]", "3"), Entry("B.2.1[nu]", "4"), Entry("B.1.1", None, note="x")]
    assert new[0] == new[1], new
    assert changed[0] == changed[1], changed
    assert _statements(db, mixed) <= new[0] + 2  # an UPDATE and a status read more, at most
    with db.session() as s:
        assert s.query(DataValue).count() == 400 + 3
        total = s.query(DataValue).filter_by(field_code="B.2.1", combo="default").one()
        assert total.value == "7"
        assert verify_chain(s) == []


def test_an_orm_row_loaded_before_a_save_reads_as_written(
        two_stores: tuple[Database, Database]) -> None:
    """The batch updates rows with Core statements: a row the session had loaded is
    expired, so the conflict resolver's read-then-mark (``exchange/conflicts.py``) works."""
    db = two_stores[0]
    _save(db, FIRST, reference=False)
    with db.session() as s, s.begin():
        inst = require_installation(s)
        row = current_value(s, inst.org_unit_id, CATALOG.id, "B.1.7", MONTH.id)
        assert row is not None and row.value == "49"
        set_values(s, MONTH, [Entry("B.1.7", "50")], actor="Lan", lang="en")
        again = current_value(s, inst.org_unit_id, CATALOG.id, "B.1.7", MONTH.id)
        assert again is row and (row.value, row.revision) == ("50", 2)
        row.locally_changed = False
    with db.session() as s:
        stored = s.execute(select(DataValue.value, DataValue.locally_changed).where(
            DataValue.field_code == "B.1.7")).one()
    assert tuple(stored) == ("50", False)


def test_orm_writers_and_batches_share_the_chain_and_the_ids(
        two_stores: tuple[Database, Database]) -> None:
    """A history row added through the ORM between two batches (keeping the current value
    of a conflict does so, ``exchange/conflicts.py``) takes the next id and links to the
    batch's last row; the next batch links to it. On PostgreSQL this needs the id
    sequences moved past the ids a batch took."""
    db = two_stores[0]
    _save(db, [Entry(f"B.1.{j}", str(j)) for j in range(1, 6)], reference=False)
    with db.session() as s, s.begin():
        inst = require_installation(s)
        row = current_value(s, inst.org_unit_id, CATALOG.id, "B.1.2", MONTH.id)
        assert row is not None
        hist = ValueHistory(value_id=row.id, field_code="B.1.2", combo=DEFAULT_COMBO,
                            period=MONTH.id, old_state=row.state, old_value=row.value,
                            new_state=row.state, new_value=row.value, note=row.note,
                            reason="giữ nguyên", actor="Lan", at=FIXED, source="resolution",
                            bundle_id=None, revision=row.revision)
        s.add(hist)
        s.flush()
        seal_history(s, hist)
        assert hist.id == 6
        orm_value = DataValue(org_unit_id=inst.org_unit_id, catalog_id=CATALOG.id,
                              field_code="B.1.6", combo=DEFAULT_COMBO, period=MONTH.id,
                              state="value", value="6", note="", revision=1,
                              department_code="VP", updated_at=FIXED, updated_by="Lan",
                              source="local", bundle_id=None, sender_fingerprint=None,
                              locally_changed=True)
        s.add(orm_value)
        s.flush()
        assert orm_value.id == 6
        s.delete(orm_value)  # a value without history would fail the audit
    _save(db, [Entry("B.1.7", "7"), Entry("B.1.2", "20")], reference=False)
    with db.session() as s:
        ids = list(s.execute(select(ValueHistory.id).order_by(ValueHistory.id)).scalars())
        assert ids == list(range(1, 9))
        assert verify_chain(s) == []
    result = run_cli("--db", db.location, "audit", "verify")
    assert result.code == 0, result.out + result.err


def test_a_batch_refuses_a_cell_it_did_not_read(two_stores: tuple[Database, Database]
                                                ) -> None:
    db = two_stores[0]
    with db.session() as s, s.begin():
        batch = write.ValueBatch(s, require_installation(s).org_unit_id, ["B.1.1"], [MONTH.id])
        with pytest.raises(ValueError, match="outside"):
            batch.put((CATALOG.id, "B.1.2", DEFAULT_COMBO, MONTH.id), "value", "1", None,
                      actor="Lan")


def _sheet_statements(db: Database, rows: list[SheetEntry]) -> int:
    count = 0

    def counted(*_args: Any) -> None:
        nonlocal count
        count += 1

    with db.session() as s:
        scope = load_scope(s)
    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        with db.session() as s, s.begin():
            import_sheet(s, MONTH, rows, actor="Lan", lang="vi", scope=scope)
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def _sheet(plain: range, breakdowns: range) -> list[SheetEntry]:
    """A filled template's rows: plain number cells, then entered totals with their parts."""
    rows = [SheetEntry("sheet", Entry(f"B.1.{j}", None, number=Decimal(j)), row=j)
            for j in plain]
    for j in breakdowns:
        rows += [SheetEntry("sheet", Entry(f"B.2.{j}", None, number=Decimal(10)), row=1000 + j),
                 SheetEntry("sheet", Entry(f"B.2.{j}[nam]", None, number=Decimal(4))),
                 SheetEntry("sheet", Entry(f"B.2.{j}[nu]", None, number=Decimal(6)))]
    return rows


def test_a_sheet_imports_in_statements_that_do_not_grow_with_its_rows(
        two_stores: tuple[Database, Database]) -> None:
    """``values import``: 10 values and one breakdown, or 300 values and twenty."""
    db = two_stores[0]
    small = _sheet_statements(db, _sheet(range(1, 11), range(4, 5)))
    large = _sheet_statements(db, _sheet(range(11, 311), range(5, 24)))
    assert small == large, (small, large)
    with db.session() as s:
        assert s.query(DataValue).count() == 310 + 20 * 3
        assert verify_chain(s) == []
