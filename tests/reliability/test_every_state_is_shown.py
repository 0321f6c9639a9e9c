"""Issue 12: nothing accepted is invisible.

Hypothesis generates stored states — numbers at the digit limits, negative where a
field allows it, zero, "không phát sinh", a note alone, text with Vietnamese letters,
notes, breakdown cells ``CODE[combo]``, values of catalogs no department is assigned
to (the CCHC forms, the targets), values held for review as not assigned — and checks
every one is shown, findable, by each output, none raising:

``values list`` (text and JSON), the entry grid's Qt model, the merged view's read
model and its Qt model, the review of held values, the PDF forms (period report, CCHC
forms, targets), the IOC workbook and CSV, DHIS2 dataValueSet JSON and ADX; the
``slow`` variant adds the consolidated bundle (approval and signing: a key unlock
costs a quarter of a second by design) and more examples.

One ward is built per kind for the module (``tests/support/stored_states.py``); each
example works on a copy of its database.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from chiso_desktop.catalog.categories import DEFAULT_COMBO, split_cell
from chiso_desktop.catalog.model import CatalogKind, Field, FieldType, Frequency
from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.entry.spreadsheet import unneutralised
from chiso_desktop.errors import Refused
from chiso_desktop.office.conflict_rows import load_conflicts
from chiso_desktop.office.dhis2.export import build_value_set
from chiso_desktop.office.dhis2.mapping import DEFAULT_COC, read_mapping
from chiso_desktop.office.dhis2.valueset import to_adx, to_json
from chiso_desktop.office.merged import merged_view
from chiso_desktop.periods.period import parse_period
from chiso_desktop.reports.outputs import export_ioc
from chiso_desktop.reports.render import render_form
from chiso_desktop.store.db import open_database
from chiso_desktop.store.models import DataValue
from chiso_desktop.values.bounds import NUMERIC_TYPES, effective_bounds
from chiso_desktop.values.display import NOT_APPLICABLE_LABEL, format_number, format_value
from chiso_desktop.values.door import MAX_DIGITS, MAX_PLACES
from tests.support.cli import ok, run_cli
from tests.support.examples import example_count
from tests.support.pdf import page_texts
from tests.support.stored_states import (
    PASSPHRASE,
    WARDS,
    Held,
    ShortRepr,
    Slot,
    State,
    StoredWard,
    stored_ward,
    write_states,
)

NA = NOT_APPLICABLE_LABEL["vi"]
VI_LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
              "ùúủũụừứửữựỳýỷỹỵĐĂÂÊÔƠƯÀÁẢÃẠ")
TEXT_ALPHABET = VI_LETTERS + " 0123456789.,;:-=+@'\"%()/"
text_values = st.text(TEXT_ALPHABET, min_size=1, max_size=40).filter(lambda t: t.strip())
notes = st.one_of(st.just(""), st.text(TEXT_ALPHABET + "\n\t", max_size=60))


def _canonical(number: Decimal) -> str:
    text = format(number, "f")
    return text.lstrip("-") if number == 0 else text


@st.composite
def numbers(draw: st.DrawFn, f: Field) -> str:
    """A canonical number the door accepts for ``f``: its bounds, digit limits, zero."""
    kind = FieldType(f.type)
    low, high = effective_bounds(f)
    places = 0 if kind is FieldType.INTEGER else draw(st.integers(0, MAX_PLACES))
    widest = (Decimal(10) ** (MAX_DIGITS - places) - 1).scaleb(-places)  # 15 digits written
    lo = max(low, -widest) if low is not None else -widest
    hi = min(high, widest) if high is not None else widest
    quantum = Decimal(1).scaleb(-places)
    edges = [lo, hi, Decimal(0), quantum, -quantum, hi - quantum]
    pick = draw(st.one_of(
        st.sampled_from([e for e in edges if lo <= e <= hi]),
        st.decimals(min_value=lo, max_value=hi, places=places, allow_nan=False,
                    allow_infinity=False)))
    return _canonical(pick.quantize(quantum))


def value_of(draw: st.DrawFn, f: Field) -> str:
    kind = FieldType(f.type)
    if kind in NUMERIC_TYPES:
        return draw(numbers(f))
    if kind is FieldType.CHOICE:
        return draw(st.sampled_from([c.code for c in f.choices]))
    return draw(text_values)


@st.composite
def state_for(draw: st.DrawFn, slot: Slot) -> State:
    note = draw(notes)
    kind = draw(st.sampled_from(["value", "value", "not-applicable", "note-only"]))
    if kind == "value":
        return State(slot, "value", value_of(draw, slot.field), note)
    if kind == "not-applicable":
        return State(slot, "not-applicable", None, note)
    return State(slot, "missing", None, note or "Chưa có số liệu: chờ Phòng Kinh tế")


@dataclass(frozen=True)
class Example(ShortRepr):
    ward: StoredWard
    period: str
    states: list[State]
    held: list[Held]

    def __repr__(self) -> str:
        return f"Example({self.ward.kind}, {self.period}, {self.states!r}, held={self.held!r})"


@st.composite
def examples(draw: st.DrawFn, wards: dict[str, StoredWard]) -> Example:
    ward = wards[draw(st.sampled_from(WARDS))]
    period = draw(st.sampled_from([p for p in ward.periods if ward.slots[p]]))
    slots = ward.slots[period]
    chosen = draw(st.lists(st.sampled_from(slots), min_size=1, max_size=8,
                           unique_by=lambda s: (s.code, s.combo)))
    # A breakdown cell now and then, the catalogs no department is assigned to too.
    parts = [s for s in slots if s.combo != DEFAULT_COMBO]
    if parts and draw(st.booleans()):
        chosen += [p for p in draw(st.lists(st.sampled_from(parts), max_size=3))
                   if p not in chosen]
    owned = [s for s in slots if not s.department and s.catalog.kind is not CatalogKind.PLAN]
    if owned and draw(st.booleans()):
        extra = draw(st.sampled_from(owned))
        chosen += [extra] if extra not in chosen else []
    states = [draw(state_for(s)) for s in dict.fromkeys(chosen)]
    held: list[Held] = []
    assigned = any(s.department for s in slots)
    if assigned and owned and draw(st.booleans()):
        slot = draw(st.sampled_from([s for s in owned if s.combo == DEFAULT_COMBO]))
        held.append(Held(slot, "KT", value_of(draw, slot.field), draw(notes)))
    elif not assigned and draw(st.booleans()):  # a breakdown cell held too, now and then
        slot = draw(st.sampled_from(parts or slots))
        held.append(Held(slot, "VP", value_of(draw, slot.field), draw(notes), "local-change"))
    return Example(ward, period, states, held)


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, StoredWard]]:
    root = tmp_path_factory.mktemp("stored")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHISO_PASSPHRASE", PASSPHRASE)
        mp.setenv("HOME", str(root / "home"))
        mp.setenv("XDG_DATA_HOME", str(root / "home" / "data"))
        yield {kind: stored_ward(kind, root) for kind in WARDS}


# --- what the store holds, and where each output shows it -----------------------------


@dataclass(frozen=True)
class Stored(ShortRepr):
    code: str
    combo: str
    state: str
    value: str | None
    note: str
    field: Field
    catalog_kind: CatalogKind
    base_set: bool
    """Of the ward's base set (what the consolidated bundle ships to the city)."""

    @property
    def cell(self) -> str:
        return self.code if self.combo == DEFAULT_COMBO else f"{self.code}[{self.combo}]"

    @property
    def display(self) -> str:
        return format_value(self.value, self.field, "vi", state=self.state)

    def __repr__(self) -> str:
        return f"Stored({self.cell} {self.field.type.value} {self.state} {self.value!r} " \
               f"note={self.note!r})"


def squash(text: str) -> str:
    """Without any whitespace: PDF tables and CSV quoting break lines and spaces apart."""
    return "".join(str(text).split())


def findable(needle: str, haystack: str) -> bool:
    return squash(needle) in squash(haystack)


def stored_rows(db_path: Path, period: str) -> list[Stored]:
    db = open_database(db_path)
    try:
        with db.session() as s:
            scope = load_scope(s)
            base = {c.base for c in scope.catalogs if c.kind is CatalogKind.PLAN and c.base}
            out = []
            for r in s.query(DataValue).filter_by(period=period).order_by(DataValue.id):
                ref = scope.ref(r.field_code)
                assert ref is not None, f"{r.field_code}: stored but in no installed catalog"
                shipped = ref.catalog.kind is CatalogKind.PLAN or ref.catalog.id in base
                out.append(Stored(r.field_code, r.combo, r.state, r.value, r.note, ref.field,
                                  ref.catalog.kind, shipped))
            return out
    finally:
        db.close()


def check_values_list(db: Path, period: str, rows: list[Stored]) -> None:
    listed = ok(run_cli("--db", db, "values", "list", "--period", period, "--json")).json()
    by_code = {item["code"]: item for item in listed}
    text = ok(run_cli("--db", db, "values", "list", "--period", period)).out
    for r in rows:
        item = by_code.get(r.code)
        assert item is not None, f"{r.cell}: not in values list"
        if r.combo != DEFAULT_COMBO:
            parts = {p["combo"]: p for p in item["parts"]}
            assert r.combo in parts, f"{r.cell}: no part in values list"
            item = parts[r.combo]
        assert (item["state"], item["value"], item.get("note", "")) == (
            r.state, r.value, r.note), (r, item)
        if r.state == "value":
            assert findable(r.display, text), (r, text)


def check_grid(db_path: Path, period: str, rows: list[Stored]) -> None:
    from chiso_desktop.gui.entry.model import Col, EntryModel

    db = open_database(db_path)
    try:
        with db.session() as s:
            form = load_form(s, parse_period(period), "", "vi")
            catalogs = list(load_scope(s).catalogs)
    finally:
        db.close()
    model = EntryModel()
    model.set_form(form, catalogs, "vi")
    shown: dict[tuple[str, str], tuple[str, str]] = {}
    for line in range(model.rowCount()):
        row = model.row_at(line)
        if row is not None:
            shown[(split_cell(row.code)[0], row.combo)] = (model.index(line, Col.VALUE).data(),
                                            model.index(line, Col.NOTE).data())
    for r in rows:
        assert (r.code, r.combo) in shown, f"{r.cell}: not in the entry grid"
        value_text, note_text = shown[(r.code, r.combo)]
        expected = NA if r.state == "not-applicable" else r.display
        assert findable(expected, value_text or ""), (r, value_text)
        assert findable(r.note, note_text or ""), (r, note_text)


def check_merged(db_path: Path, period: str, rows: list[Stored], held: list[Held]) -> None:
    from chiso_desktop.gui.office.merged_model import Col, MergedModel

    db = open_database(db_path)
    try:
        with db.session() as s:
            cells = merged_view(s, parse_period(period))
            catalogs = list(load_scope(s).catalogs)
            conflicts = load_conflicts(s, "vi")
    finally:
        db.close()
    by_code = {c.code: c for c in cells}
    model = MergedModel()
    model.set_cells(cells, False, catalogs)
    model.set_breakdowns(True)  # "Show breakdowns": each part under its field
    gui = {model.index(n, Col.CODE).data(): (model.index(n, Col.VALUE).data(),
                                             model.index(n, Col.NOTE).data())
           for n in range(model.rowCount())}
    for r in rows:
        cell = by_code.get(r.code)
        assert cell is not None, f"{r.cell}: not in the merged view"
        if r.combo != DEFAULT_COMBO:
            parts = {p.combo: p for p in cell.parts}
            assert r.combo in parts, f"{r.cell}: no part in the merged view"
            part = parts[r.combo]
            assert (part.state, part.value, part.note) == (r.state, r.value, r.note), (r, part)
            assert r.cell in gui, f"{r.cell}: not in the merged view's breakdown rows"
            value_text, note_text = gui[r.cell]
            assert findable(r.display, value_text or ""), (r, value_text)
            assert findable(r.note, note_text or ""), (r, note_text)
            continue
        assert (cell.state, cell.value, cell.note) == (r.state, r.value, r.note), (r, cell)
        value_text, note_text = gui[r.code]
        assert findable(r.display, value_text or ""), (r, value_text)
        assert findable(r.note, note_text or ""), (r, note_text)
    for h in held:
        assert by_code[h.slot.code].conflict, f"{h.slot.code}: held, not flagged"
        [row] = [c for c in conflicts if c.code == h.slot.cell and c.period == period]
        shown = format_value(h.value, h.slot.field, "vi")
        assert findable(shown, row.incoming.text), (h, row.incoming)


def check_pdfs(db_path: Path, period: str, rows: list[Stored]) -> None:
    db = open_database(db_path)
    try:
        with db.session() as s:
            p = parse_period(period)
            kinds = {c.kind for c in load_scope(s).catalogs}
            texts = {"period-report": "".join(page_texts(render_form(s, p, "period-report")))}
            if CatalogKind.FORMS in kinds:
                texts["cchc"] = "".join(page_texts(render_form(s, p, "cchc")))
            if CatalogKind.TARGETS in kinds:
                texts["targets"] = "".join(page_texts(render_form(s, p, "targets")))
    finally:
        db.close()
    form_of = {CatalogKind.FORMS: "cchc", CatalogKind.TARGETS: "targets"}
    for r in rows:
        if r.state == "missing":
            continue
        form = form_of.get(r.catalog_kind, "period-report")
        if form == "targets":
            continue  # the targets form shows achievement against them, not each value
        expected = NA if r.state == "not-applicable" else r.display
        if r.state == "value" and FieldType(r.field.type) in NUMERIC_TYPES:
            expected = format_number(Decimal(r.value or ""), "vi")  # the unit has its column
        assert findable(expected, texts[form]), (r, form)


def check_ioc(db_path: Path, period: str, rows: list[Stored], folder: Path) -> None:
    db = open_database(db_path)
    try:
        with db.session() as s:
            p = parse_period(period)
            export_ioc(s, p, "vi", folder / "ioc.xlsx")
            export_ioc(s, p, "vi", folder / "ioc.csv")
    finally:
        db.close()
    wb = load_workbook(folder / "ioc.xlsx")
    sheet_rows = {str(row[0]): row for ws in wb.worksheets[1:]
                  for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    text = (folder / "ioc.csv").read_bytes().decode("utf-8-sig")
    csv_rows = {row[1]: row for row in csv.reader(io.StringIO(text), delimiter=";")}
    for r in rows:
        row = sheet_rows.get(r.cell)
        assert row is not None, f"{r.cell}: not in the IOC workbook"
        crow = csv_rows.get(r.cell)
        assert crow is not None, f"{r.cell}: not in the IOC CSV"
        value, note = row[3], row[5] or ""
        if r.state == "value" and FieldType(r.field.type) in NUMERIC_TYPES:
            assert isinstance(value, (int, float)), (r, value)
            assert Decimal(repr(value)) == Decimal(r.value or ""), (r, value)
            assert Decimal(crow[4].replace(",", ".")) == Decimal(r.value or ""), (r, crow)
        elif r.state == "value":
            assert findable(r.display, unneutralised(str(value))), (r, value)
            assert findable(r.display, unneutralised(crow[4])), (r, crow)
        else:
            assert value is None and crow[4] == "", (r, value, crow)
        expected_note = (f"{NA}. {r.note}" if r.note else NA) if r.state == "not-applicable" \
            else r.note
        assert findable(expected_note, unneutralised(str(note))), (r, note)
        assert findable(expected_note, unneutralised(crow[6])), (r, crow)


def check_dhis2(ward: StoredWard, db_path: Path, period: str, rows: list[Stored]) -> None:
    db = open_database(db_path)
    try:
        with db.session() as s:
            mapping = read_mapping(ward.mapping, list(load_scope(s).catalogs))
            built = build_value_set(s, parse_period(period), mapping)
    finally:
        db.close()
    if parse_period(period).frequency is Frequency.HOUR:  # DHIS2 has no hourly period
        with pytest.raises(Refused, match="ADX"):
            to_json(built.value_set)
        as_json = {"dataValues": [{"dataElement": v.data_element, "categoryOptionCombo":
                                   v.category_option_combo, "value": v.value,
                                   "comment": v.comment} for v in built.value_set.values]}
    else:
        as_json = json.loads(to_json(built.value_set))
    numeric = [v for v in built.value_set.values if v.value and _is_number(v.value)]
    if numeric:
        adx = to_adx(built.value_set, datetime(2026, 7, 5), DEFAULT_COC).decode()
    else:  # said in a sentence, as the CLI prints it
        with pytest.raises(Refused, match="ADX"):
            to_adx(built.value_set, datetime(2026, 7, 5), DEFAULT_COC)
        adx = ""
    sent = {(v["dataElement"], v["categoryOptionCombo"]): v for v in as_json["dataValues"]}
    for r in rows:
        m = mapping.by_cell.get((r.code, r.combo))
        if m is None or r.state == "missing":
            continue  # not mapped: said in the summary ("unmapped"), nothing to look for
        v = sent.get((m.data_element, m.category_option_combo))
        assert v is not None, f"{r.cell}: mapped, not in the dataValueSet"
        if r.state == "value":
            assert v["value"] == r.value, (r, v)
            if FieldType(r.field.type) in NUMERIC_TYPES:  # ADX carries numbers only
                assert f'value="{r.value}"' in adx, (r, adx)
        else:
            assert v["value"] == "" and v.get("comment", "").startswith(
                mapping.not_applicable_comment), (r, v)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def check_consolidated(db_path: Path, period: str, rows: list[Stored], folder: Path) -> None:
    from chiso_desktop.office.approval import approve
    from chiso_desktop.office.consolidated import write_consolidated

    db = open_database(db_path)
    try:
        p = parse_period(period)
        with db.session() as s, s.begin():
            approve(s, p, approver="Nguyễn Văn An", position="Chủ tịch UBND phường",
                    secret=PASSPHRASE)
        shipped = [r for r in rows if r.base_set and (r.state != "missing" or r.note)]
        if not shipped:
            return
        CONSOLIDATED_CHECKED.append(len(shipped))
        with db.session() as s, s.begin():
            path = write_consolidated(s, p, folder / "ward.chiso", secret=PASSPHRASE)
    finally:
        db.close()
    with zipfile.ZipFile(path) as z:
        records = json.loads(z.read("values.json"))
    records = records.get("values", records) if isinstance(records, dict) else records
    got = {(rec["code"], rec.get("combo", DEFAULT_COMBO)): rec for rec in records}
    for r in shipped:
        rec = got.get((r.code, r.combo))
        assert rec is not None, f"{r.cell}: not in the consolidated bundle"
        assert (rec["state"], rec["value"], rec["note"]) == (r.state, r.value, r.note), (r, rec)


CONSOLIDATED_CHECKED: list[int] = []
"""How many values each consolidated bundle was checked for (the slow test asserts some)."""


def run_example(example: Example, *, consolidated: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="chiso-states-") as tmp:
        folder = Path(tmp)
        db = example.ward.copy(folder)
        write_states(db, example.period, example.states, example.held)
        rows = stored_rows(db, example.period)
        assert rows, "something was stored"
        check_values_list(db, example.period, rows)
        check_grid(db, example.period, rows)
        check_merged(db, example.period, rows, example.held)
        check_pdfs(db, example.period, rows)
        check_ioc(db, example.period, rows, folder)
        check_dhis2(example.ward, db, example.period, rows)
        if consolidated and example.ward.kind == "nhichieu":
            check_consolidated(db, example.period, rows, folder)


QUICK = [Phase.explicit, Phase.reuse, Phase.generate]  # no shrinking: an example takes seconds
SETTINGS = {"deadline": None, "derandomize": False, "database": None,
            "suppress_health_check": [HealthCheck.function_scoped_fixture,
                                      HealthCheck.too_slow, HealthCheck.data_too_large]}


@pytest.mark.usefixtures("qapp")
@settings(max_examples=example_count(3), phases=QUICK, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_every_stored_state_is_shown_everywhere(wards: dict[str, StoredWard],
                                                data: st.DataObject) -> None:
    run_example(data.draw(examples(wards)), consolidated=False)


@pytest.mark.slow
@pytest.mark.usefixtures("qapp")
@settings(max_examples=example_count(40), phases=QUICK, **SETTINGS)  # type: ignore[arg-type]
@given(data=st.data())
def test_every_stored_state_is_shown_everywhere_and_shipped(wards: dict[str, StoredWard],
                                                            data: st.DataObject) -> None:
    run_example(data.draw(examples(wards)), consolidated=True)


@pytest.mark.slow
def test_the_consolidated_bundle_was_really_checked() -> None:
    """After the slow run above (same module, in order): bundles held values to check."""
    assert sum(CONSOLIDATED_CHECKED) > 0, CONSOLIDATED_CHECKED
