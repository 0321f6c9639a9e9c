"""The mapping between our codes and a DHIS2 instance's identifiers (docs/dhis2.md).

Field code + option combination → dataElement + categoryOptionCombo; our org
unit (its code, until the ward's official code exists, or its name) → orgUnit;
the catalog → dataSet; and the rule for "Không phát sinh". A province keeps it
as a workbook (sheets ``dataset``, ``dataElements``, ``orgUnits``); a template
is written from a catalog with every entered cell listed and the DHIS2 columns
empty. The same content reads from JSON for scripts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.categories import DEFAULT_COMBO, field_combos
from chiso_desktop.catalog.model import Catalog
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _

MAPPING_VERSION = 1
SKIP, COMMENT = "skip", "comment"
DEFAULT_COC = "HllvX50cXC0"
"""The uid of the default categoryOptionCombo, the same in every DHIS2 instance."""
NOT_APPLICABLE_COMMENT = "Không phát sinh"
_ID = re.compile(r"[^\s\"<>&]{1,230}")
MAX_ROWS = 50_000


@dataclass(frozen=True)
class ElementMap:
    field: str
    combo: str
    data_element: str
    category_option_combo: str


@dataclass(frozen=True)
class UnitMap:
    unit: str
    """Our org unit: its code (or name)."""
    org_unit: str
    name: str = ""


@dataclass
class Mapping:
    catalog: str
    data_set: str
    not_applicable: str = SKIP
    not_applicable_comment: str = NOT_APPLICABLE_COMMENT
    elements: list[ElementMap] = field(default_factory=list)
    units: list[UnitMap] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_cell = {(e.field, e.combo): e for e in self.elements}
        self.by_element = {(e.data_element, e.category_option_combo): e for e in self.elements}
        self.by_unit = {u.unit: u for u in self.units}
        self.by_org_unit = {u.org_unit: u for u in self.units}

    def unit_for(self, code: str, name: str, admin_code: str | None = None) -> UnitMap | None:
        """By the ward's official code when it has one, else by our code or its name."""
        return ((self.by_unit.get(admin_code) if admin_code else None)
                or self.by_unit.get(code) or self.by_unit.get(name))


class MappingError(Refused):
    """A mapping file that cannot be used; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def entered_cells(catalogs: list[Catalog]) -> set[tuple[str, str]]:
    """(field code, combination) of every entered cell of the catalogs, totals included."""
    cells: set[tuple[str, str]] = set()
    for catalog in catalogs:
        for f in catalog.all_fields():
            if f.computed or f.heading:
                continue
            cells.add((f.code, DEFAULT_COMBO))
            cells.update((f.code, combo.code) for combo in field_combos(catalog, f))
    return cells


def mapping_from_dict(data: dict[str, Any], origin: str,
                      catalogs: list[Catalog] | None = None) -> Mapping:
    """Check every row; with ``catalogs``, every field code and combination must exist."""
    problems: list[str] = []
    head = data.get("dataset", {})
    version = data.get("version", MAPPING_VERSION)
    if version != MAPPING_VERSION:
        problems.append(_("{file}: mapping version {version} is not supported").format(
            file=origin, version=version))
    rule = _text(head.get("not_applicable")) or SKIP
    if rule not in (SKIP, COMMENT):
        problems.append(_("{file}: not_applicable must be “skip” or “comment”, not “{rule}”"
                          ).format(file=origin, rule=rule))
    data_set = _text(head.get("dataSet"))
    if data_set and not _ID.fullmatch(data_set):
        problems.append(_("{file}: the dataSet “{id}” is not a DHIS2 identifier").format(
            file=origin, id=data_set))
    cells = entered_cells(catalogs) if catalogs is not None else set()
    elements: list[ElementMap] = []
    seen_cell: set[tuple[str, str]] = set()
    seen_element: set[tuple[str, str]] = set()
    for i, row in enumerate(data.get("dataElements", []), 2):
        where = f"{origin} dataElements {i}"
        code, combo = _text(row.get("field")), _text(row.get("combo")) or DEFAULT_COMBO
        de, coc = _text(row.get("dataElement")), _text(row.get("categoryOptionCombo"))
        if not de:
            continue  # a template row the province left unmapped
        coc = coc or DEFAULT_COC
        if catalogs is not None and (code, combo) not in cells:
            problems.append(_("{where}: {code} [{combo}] is not an entered cell of the "
                              "installed catalogs").format(where=where, code=code, combo=combo))
        for ident in (de, coc):
            if not _ID.fullmatch(ident):
                problems.append(_("{where}: “{id}” is not a DHIS2 identifier").format(
                    where=where, id=ident))
        if (code, combo) in seen_cell:
            problems.append(_("{where}: {code} [{combo}] is mapped twice").format(
                where=where, code=code, combo=combo))
        if (de, coc) in seen_element:
            problems.append(_("{where}: dataElement {de} with categoryOptionCombo {coc} is "
                              "mapped twice").format(where=where, de=de, coc=coc))
        seen_cell.add((code, combo))
        seen_element.add((de, coc))
        elements.append(ElementMap(code, combo, de, coc))
    units: list[UnitMap] = []
    seen_units: set[str] = set()
    seen_org: set[str] = set()
    for i, row in enumerate(data.get("orgUnits", []), 2):
        where = f"{origin} orgUnits {i}"
        unit, org, name = _text(row.get("unit")), _text(row.get("orgUnit")), _text(row.get("name"))
        if not org:
            continue
        if not unit or not _ID.fullmatch(org):
            problems.append(_("{where}: give our unit and a DHIS2 orgUnit identifier").format(
                where=where))
            continue
        if unit in seen_units or org in seen_org:
            problems.append(_("{where}: {unit} or {org} is mapped twice").format(
                where=where, unit=unit, org=org))
        seen_units.add(unit)
        seen_org.add(org)
        units.append(UnitMap(unit, org, name))
    if problems:
        raise MappingError(problems)
    return Mapping(
        catalog=_text(head.get("catalog")),
        data_set=data_set, not_applicable=rule,
        not_applicable_comment=_text(head.get("not_applicable_comment")) or
        NOT_APPLICABLE_COMMENT,
        elements=elements, units=units)


_SHEETS = {
    "dataElements": ["field", "combo", "label", "dataElement", "categoryOptionCombo"],
    "orgUnits": ["unit", "name", "orgUnit"],
}
_HEAD_KEYS = ["version", "catalog", "dataSet", "not_applicable", "not_applicable_comment"]


def read_mapping(path: Path, catalogs: list[Catalog] | None = None) -> Mapping:
    """A mapping workbook (.xlsx) or its JSON form."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise MappingError([_("{file}: cannot be read as a mapping ({reason})").format(
                file=path.name, reason=type(exc).__name__)]) from exc
        if not isinstance(data, dict):
            raise MappingError([_("{file}: not a mapping").format(file=path.name)])
        return mapping_from_dict(data, path.name, catalogs)
    if not path.is_file():
        raise MappingError([_("{file}: no such file").format(file=path)])
    return mapping_from_dict(_read_workbook(path), path.name, catalogs)


def _read_workbook(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    from chiso_desktop.fileio.spreadsheet_guard import xlsx_problem

    problem = xlsx_problem(path)
    if problem:
        raise MappingError([problem])
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise MappingError([_("{file}: not an Excel workbook (.xlsx) or damaged").format(
            file=path.name)]) from exc
    try:
        if "dataset" not in wb.sheetnames:
            raise MappingError([_("{file}: the sheet “dataset” is missing").format(
                file=path.name)])
        head: dict[str, Any] = {}
        for row in wb["dataset"].iter_rows(min_row=2, max_row=50, values_only=True):
            if row and row[0] and _text(row[0]) in _HEAD_KEYS:
                head[_text(row[0])] = row[1] if len(row) > 1 else None
        data: dict[str, Any] = {"dataset": head}
        if head.get("version") not in (None, ""):
            try:
                data["version"] = int(_text(head["version"]))
            except ValueError:
                data["version"] = _text(head["version"])
        for name, columns in _SHEETS.items():
            rows = []
            if name in wb.sheetnames:
                it = wb[name].iter_rows(values_only=True)
                header = [_text(h) for h in next(it, ())]
                for n, values in enumerate(it, 2):
                    if n > MAX_ROWS:
                        raise MappingError([_("{file}: sheet {sheet} has too many rows").format(
                            file=path.name, sheet=name)])
                    rows.append({h: v for h, v in zip(header, values, strict=False)
                                 if h in columns})
            data[name] = rows
        return data
    finally:
        wb.close()


def write_template(catalog: Catalog, units: list[tuple[str, str]], path: Path) -> int:
    """The mapping workbook of ``catalog`` with our side filled in; the rows written.

    ``units`` are (code, name) of the org units to map. The default
    categoryOptionCombo is prefilled for totals; dataElement and the other
    identifiers are for the province to fill in.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from chiso_desktop.fileio.atomic_file import atomic_write

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "dataset"
    for r in (["key", "value"], ["version", MAPPING_VERSION], ["catalog", catalog.id],
              ["dataSet", ""], ["not_applicable", SKIP],
              ["not_applicable_comment", NOT_APPLICABLE_COMMENT]):
        ws.append(r)
    de = wb.create_sheet("dataElements")
    de.append(_SHEETS["dataElements"])
    n = 0
    for ind in catalog.indicators:
        for f in ind.fields:
            if f.computed or f.heading:
                continue
            de.append([f.code, DEFAULT_COMBO, f"{ind.name} — {f.label}", None, DEFAULT_COC])
            n += 1
            for combo in field_combos(catalog, f):
                de.append([f.code, combo.code, f"{ind.name} — {f.label} — {combo.label}", None,
                           None])
                n += 1
    ou = wb.create_sheet("orgUnits")
    ou.append(_SHEETS["orgUnits"])
    for code, name in units:
        ou.append([code, name, None])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for col, width in zip("ABCDE", (14, 16, 70, 16, 20), strict=True):
        de.column_dimensions[col].width = width
    with atomic_write(path) as fh:
        wb.save(fh)
    return n
