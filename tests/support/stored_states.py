"""Wards whose stores are filled with generated states, for "nothing accepted is invisible".

:func:`stored_ward` builds a ward's Office database once (through the CLI, as a clerk
would) with everything its outputs need: the city's key enrolled and an official
code (the consolidated bundle), keys (approval), a filled DHIS2 mapping. Each
generated example works on a copy of that file (:meth:`StoredWard.copy`), so one
build serves every example.

Two wards between them hold every kind of field and state the store can hold:

- ``nhichieu``: the Nhị Chiểu plan on the Hải Phòng set (fields assigned to departments),
  plus the CCHC forms and the targets of decision 799, which no department is assigned
  (the Office's own: text and choice fields among them);
- ``laocai``: a Lào Cai commune on its province's set, with breakdowns
  (``B.4.1[apatit]``: category option combinations).

:func:`write_states` puts generated states in a copy through the store's own writer
(``entry.ops.write_value``, with the breakdown total refreshed as typing does) and
held-for-review rows as the importer holds them, after checking each passes the door
(``values.door``): these are states the store can really hold.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from chiso_desktop.catalog.categories import DEFAULT_COMBO, combo_codes
from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, Indicator
from chiso_desktop.entry.ops import refresh_total, write_value
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.office.dhis2.mapping import DEFAULT_COC
from chiso_desktop.periods.period import Period, parse_period
from chiso_desktop.store.db import open_database
from chiso_desktop.store.exchange_models import Conflict
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values.door import check_value

from .cli import ok, run_cli

PASSPHRASE = "stored states passphrase"
WARDS = ("nhichieu", "laocai")


class ShortRepr:
    """Hypothesis prints dataclasses field by field: a catalog would fill pages."""

    def _repr_pretty_(self, printer: Any, _cycle: bool) -> None:
        printer.text(repr(self))


@dataclass(frozen=True)
class Slot(ShortRepr):
    """One cell a generated state can go in: a field (or a part of it) in a period."""

    code: str
    combo: str
    field: Field
    indicator: Indicator
    catalog: Catalog
    department: str
    """The department the plan assigns, "" for the Office's own (no department)."""

    @property
    def cell(self) -> str:
        return self.code if self.combo == DEFAULT_COMBO else f"{self.code}[{self.combo}]"

    def __repr__(self) -> str:  # the catalog objects would fill pages
        return f"Slot({self.cell} {self.field.type.value} in {self.catalog.id}" + (
            f", {self.department})" if self.department else ")")


@dataclass(frozen=True)
class State(ShortRepr):
    slot: Slot
    state: str  # value | not-applicable | missing (a note alone)
    value: str | None
    note: str = ""

    def __repr__(self) -> str:
        return f"State({self.slot!r}, {self.state}, {self.value!r}, note={self.note!r})"


@dataclass(frozen=True)
class Held(ShortRepr):
    """A value held for review: a department sent a field it is not assigned
    (``not-assigned``), or one the Office had changed itself (``local-change``)."""

    slot: Slot
    sender: str
    value: str
    note: str = ""
    kind: str = "not-assigned"

    def __repr__(self) -> str:
        return f"Held({self.kind} {self.slot!r} from {self.sender}, {self.value!r}, " \
               f"note={self.note!r})"


@dataclass
class StoredWard(ShortRepr):
    kind: str
    root: Path
    template: Path
    mapping: Path
    """The DHIS2 mapping of the ward's first catalog, every cell given an identifier."""
    periods: tuple[str, ...]
    slots: dict[str, list[Slot]] = field(default_factory=dict)
    """Period id → the cells one may enter in it."""

    def __repr__(self) -> str:
        return f"StoredWard({self.kind})"

    def copy(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "office.db"
        shutil.copyfile(self.template, db)
        return db


_built: dict[tuple[str, Path], StoredWard] = {}


def stored_ward(kind: str, root: Path) -> StoredWard:
    """The ward ``kind`` built under ``root`` (once per root)."""
    key = (kind, root)
    if key not in _built:
        _built[key] = _build(kind, root / kind)
    return _built[key]


def _build(kind: str, root: Path) -> StoredWard:
    shutil.rmtree(root, ignore_errors=True)  # a build left by an earlier run
    root.mkdir(parents=True)
    office = root / "office.db"
    if kind == "nhichieu":
        ok(run_cli("--db", office, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                   "--plan", "nhichieu-202-2026", "--catalog", "hp-2081-2026",
                   "--department", "VP", "--unit-code", "11311"))
        for extra in ("nhichieu-cchc-2026", "nbk-799-2026"):
            ok(run_cli("--db", office, "catalog", "install", extra))
        periods = ("202606", "2026Q2", "2026S1", "2026")
    else:
        ok(run_cli("--db", office, "init", "--role", "office", "--unit", "Xã Bảo Hà",
                   "--catalog", "laocai-2026", "--department", "VP", "--unit-code", "15001"))
        periods = ("202606", "2026Q2", "2026", "20260615", "2026W24", "2026061514")
    ok(run_cli("--db", office, "keys", "fingerprint"))
    if kind == "nhichieu":
        city = root / "city.db"
        ok(run_cli("--db", city, "init", "--role", "city", "--unit", "Thành phố Hải Phòng",
                   "--unit-code", "31", "--plan", "nhichieu-202-2026"))
        ok(run_cli("--db", city, "keys", "fingerprint"))
        card = root / "city.key"
        ok(run_cli("--db", city, "keys", "export", "--out", card))
        ok(run_cli("--db", office, "keys", "trust", card, "--department", "city", "--yes"))
    template = root / "mapping-template.xlsx"
    ok(run_cli("--db", office, "dhis2-mapping", "--out", template))
    mapping = _fill_mapping(template, root / "mapping.xlsx")
    ward = StoredWard(kind, root, office, mapping, periods)
    db = open_database(office)
    try:
        with db.session() as s:
            scope = load_scope(s)
            for pid in periods:
                period = parse_period(pid)
                ward.slots[pid] = _slots(scope.catalogs, period)
    finally:
        db.close()
    return ward


def _slots(catalogs: Sequence[Catalog], period: Period) -> list[Slot]:
    out: list[Slot] = []
    for cat in catalogs:
        if cat.kind is CatalogKind.PLAN and not cat.indicators:
            continue
        for ind in cat.indicators:
            if not ind.reported_in(period.frequency, period.start.month):
                continue
            for f in ind.fields:
                if f.computed or f.heading:
                    continue
                combos = combo_codes(cat, f) if f.disaggregated else []
                out.append(Slot(f.code, DEFAULT_COMBO, f, ind, cat, ind.department))
                out += [Slot(f.code, c, f, ind, cat, ind.department) for c in combos]
    return out


def _fill_mapping(template: Path, out: Path) -> Path:
    """Every cell of the template gets a DHIS2 identifier; "not applicable" as a comment."""
    wb = load_workbook(template)
    head = {r[0].value: r for r in wb["dataset"].iter_rows(min_row=2)}
    head["dataSet"][1].value = "DsStored001"
    head["not_applicable"][1].value = "comment"
    for n, row in enumerate(wb["dataElements"].iter_rows(min_row=2)):
        if not row[0].value:
            continue
        row[3].value = f"De{n:09d}"
        row[4].value = DEFAULT_COC if row[1].value == DEFAULT_COMBO else f"Co{n:09d}"
    for n, row in enumerate(wb["orgUnits"].iter_rows(min_row=2)):
        row[2].value = f"Ou{n:09d}"
    wb.save(out)
    return out


def write_states(db_path: Path, period: str, states: Sequence[State],
                 held: Sequence[Held] = ()) -> None:
    """Store ``states`` (each checked by the door first) and ``held`` rows in ``db_path``."""
    db = open_database(db_path)
    now = datetime(2026, 7, 5, 9, 30)
    try:
        with db.session() as s, s.begin():
            inst = require_installation(s)
            scope = load_scope(s)
            totals = {}
            for st in states:
                f, ind = st.slot.field, st.slot.indicator
                rejection = check_value(f, ind, st.slot.code, period, st.state, st.value,
                                        st.note)
                assert rejection is None, (st, rejection)
                write_value(s, org_unit_id=inst.org_unit_id, catalog_id=st.slot.catalog.id,
                            code=st.slot.code, period=period, state=st.state, value=st.value,
                            note=st.note, actor="Nguyễn Thị Lan", department=ind.department
                            or "VP", combo=st.slot.combo, now=now)
                if f.disaggregated:
                    totals[st.slot.code] = ind.department or "VP"
            for code, dept in totals.items():
                ref = scope.ref(code)
                assert ref is not None
                refresh_total(s, inst.org_unit_id, ref, period, actor="Nguyễn Thị Lan",
                              department=dept, now=now)
            for h in held:
                s.add(Conflict(
                    org_unit_id=inst.org_unit_id, catalog_id=h.slot.catalog.id,
                    field_code=h.slot.code, combo=h.slot.combo, period=period,
                    kind=h.kind, current_state=None, current_value=None,
                    incoming_state="value", incoming_value=h.value, incoming_note=h.note,
                    incoming_revision=1, bundle_id="b-held", sender_department=h.sender,
                    sender_fingerprint="", officer="Lan", status="open", resolution="",
                    reason="", created_at=now, resolved_at=None, resolved_by=""))
    finally:
        db.close()
