"""Catalog exchange as an Excel workbook, so a province can distribute its own set.

One sheet per kind of row. Export → import gives the same content hash.
Import checks every cell and reports each problem with sheet, row and column;
formulas, oversized sheets and wrong types are refused, never evaluated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chiso_desktop.catalog.load import FORMAT_VERSION, CatalogError, catalog_from_mapping
from chiso_desktop.catalog.model import Catalog
from chiso_desktop.catalog.serialize import catalog_to_mapping
from chiso_desktop.fileio.spreadsheet_guard import xlsx_problem
from chiso_desktop.i18n import _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000

HEAD_COLUMNS = ["key", "value"]
HEAD_KEYS = ["id", "version", "kind", "title", "document", "issuer", "issued", "replaces",
             "base", "description", "department_lead_days", "office_lead_days"]
INT_HEAD_KEYS = {"department_lead_days", "office_lead_days"}

SHEETS: dict[str, list[str]] = {
    "categories": ["code", "name", "options", "note"],
    "groups": ["code", "name", "parent", "description", "examples"],
    "indicators": ["code", "number", "group", "name", "frequencies", "months", "frequency_text",
                   "scope",
                   "disaggregation", "agency", "department", "database", "owner", "source",
                   "note", "target_comparator", "target_threshold", "target_unit",
                   "target_text"],
    "fields": ["indicator", "code", "number", "label", "unit", "unit_inferred", "type", "parent",
               "choices", "formula", "formula_text", "min", "max", "note", "categories", "total",
               "kind"],
    "departments": ["code", "name"],
    "assignments": ["indicator", "department", "note"],
    "deadlines": ["frequency", "day", "month", "text"],
    "tasks": ["number", "name", "leader", "lead_unit", "partners", "output", "timeline"],
}
INT_COLUMNS = {("deadlines", "day"), ("deadlines", "month")}
BOOL_COLUMNS = {("fields", "unit_inferred")}
CHOICE_SEPARATOR = " | "


def _text_cell(cell: Cell | MergedCell, value: Any) -> None:
    """Write text as text: a leading '=' must never become a live formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _choices_text(choices: list[dict[str, str]]) -> str:
    return CHOICE_SEPARATOR.join(f"{c['code']} = {c['label']}" for c in choices)


def _rows(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for cat in data.get("categories", []):
        row = dict(cat)
        if "options" in row:
            row["options"] = _choices_text(row["options"])
        yield "categories", row
    for g in data.get("groups", []):
        row = dict(g)
        if "examples" in row:
            row["examples"] = CHOICE_SEPARATOR.join(row["examples"])
        yield "groups", row
    for key in ("departments", "assignments", "deadlines", "tasks"):
        for item in data.get(key, []):
            yield key, item
    for ind in data.get("indicators", []):
        row = {k: v for k, v in ind.items()
               if k not in ("fields", "target", "frequencies", "months")}
        row["frequencies"] = ", ".join(ind.get("frequencies", []))
        if ind.get("months"):
            row["months"] = ", ".join(map(str, ind["months"]))
        for k, v in ind.get("target", {}).items():
            row[f"target_{k}"] = v
        yield "indicators", row
        for f in ind.get("fields", []):
            frow = dict(f)
            frow["indicator"] = ind["code"]
            if "choices" in frow:
                frow["choices"] = _choices_text(frow["choices"])
            if "categories" in frow:
                frow["categories"] = ", ".join(frow["categories"])
            yield "fields", frow


def export_catalog_xlsx(catalog: Catalog, path: Path) -> None:
    from chiso_desktop.fileio.atomic_file import atomic_write

    data = catalog_to_mapping(catalog)
    wb = Workbook()
    head = wb.active
    assert isinstance(head, Worksheet)  # a new workbook has one sheet
    head.title = "catalog"
    head.append(HEAD_COLUMNS)
    for key in HEAD_KEYS:
        head.append([key, None])
        _text_cell(head.cell(row=head.max_row, column=2), data["catalog"].get(key, ""))
    sheets = {}
    for name, columns in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(columns)
        ws.freeze_panes = "A2"
        sheets[name] = ws
    for sheet, row in _rows(data):
        ws = sheets[sheet]
        r = ws.max_row + 1
        for c, col in enumerate(SHEETS[sheet], 1):
            value = row.get(col, "")
            if isinstance(value, bool):
                value = "TRUE" if value else ""
            _text_cell(ws.cell(row=r, column=c), value if value != "" else None)
    for ws in wb.worksheets:
        for c in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(c)].width = 18 if c > 1 else 14
    with atomic_write(path) as fh:
        wb.save(fh)


class _SheetReader:
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def cell_text(self, sheet: str, row: int, col: int, cell: Cell | MergedCell) -> str:
        where = f"{sheet}!{get_column_letter(col)}{row}"
        if cell.data_type == "f":
            self.problems.append(_("{where}: formulas are not allowed; type the value").format(
                where=where))
            return ""
        value = cell.value
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else ""
        if isinstance(value, float):
            if value.is_integer():
                return str(int(value))
            return repr(value)
        return str(value)


def import_catalog_xlsx(path: Path) -> Catalog:
    """Read a catalog workbook; raises CatalogError listing every problem found."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CatalogError([_("{file}: cannot be read ({reason})").format(
            file=path.name, reason=exc.strerror)]) from exc
    if size > MAX_FILE_BYTES:
        raise CatalogError([_("{file}: the file is too large for a catalog ({size} MB)").format(
            file=path.name, size=size // (1024 * 1024))])
    problem = xlsx_problem(path)
    if problem:
        raise CatalogError([problem])
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise CatalogError([_("{file}: not an Excel workbook (.xlsx) or damaged: {reason}").format(
            file=path.name, reason=type(exc).__name__)]) from exc
    problems: list[str] = []
    reader = _SheetReader(problems)
    try:
        if "catalog" not in wb.sheetnames:
            raise CatalogError([_("{file}: the sheet 'catalog' is missing").format(file=path.name)])
        head: dict[str, Any] = {}
        for line, cells in enumerate(wb["catalog"].iter_rows(min_row=2), 2):
            if line > 200:
                problems.append(_("catalog: too many rows"))
                break
            if len(cells) < 2:
                continue
            key = reader.cell_text("catalog", line, 1, cells[0]).strip()
            value = reader.cell_text("catalog", line, 2, cells[1])
            if not key:
                continue
            if key not in HEAD_KEYS:
                problems.append(_("catalog!A{row}: unknown key {key!r}").format(row=line,
                                                                                 key=key))
            elif key in INT_HEAD_KEYS:
                head[key] = _to_int(value, f"catalog!B{line}", problems)
            elif value:
                head[key] = value
        data: dict[str, Any] = {"format": FORMAT_VERSION, "catalog": head}
        sheet_rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for name, columns in SHEETS.items():
            if name not in wb.sheetnames:
                continue
            sheet_rows[name] = _read_sheet(wb[name], name, columns, reader, problems)
    finally:
        wb.close()
    if problems:
        raise CatalogError(problems)
    for key in ("departments", "assignments", "deadlines", "tasks"):
        if sheet_rows.get(key):
            data[key] = [row for _r, row in sheet_rows[key]]
    categories = []
    for r, row in sheet_rows.get("categories", []):
        if "options" in row:
            row["options"] = _parse_choices(row["options"], f"categories row {r}", problems)
        categories.append(row)
    if categories:
        data["categories"] = categories
    groups = []
    for _r, row in sheet_rows.get("groups", []):
        if "examples" in row:
            row["examples"] = [e.strip() for e in row["examples"].split(CHOICE_SEPARATOR.strip())
                               if e.strip()]
        groups.append(row)
    if groups:
        data["groups"] = groups
    indicators: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for _r, row in sheet_rows.get("indicators", []):
        ind = {k: v for k, v in row.items()
               if not k.startswith("target_") and k not in ("frequencies", "months")}
        months = [m.strip() for m in str(row.get("months", "")).split(",") if m.strip()]
        if months:
            ind["months"] = [int(m) if m.isdigit() else m for m in months]
        freqs = [f.strip() for f in str(row.get("frequencies", "")).split(",") if f.strip()]
        if freqs:
            ind["frequencies"] = freqs
        target = {k[len("target_"):]: v for k, v in row.items() if k.startswith("target_")}
        if target:
            ind["target"] = target
        indicators.append(ind)
        by_code[ind.get("code", "")] = ind
    for r, row in sheet_rows.get("fields", []):
        owner = by_code.get(row.pop("indicator", ""))
        if owner is None:
            problems.append(_("fields!A{row}: unknown indicator").format(row=r))
            continue
        if "choices" in row:
            row["choices"] = _parse_choices(row["choices"], f"fields row {r}", problems)
        if "categories" in row:
            row["categories"] = [c.strip() for c in row["categories"].split(",") if c.strip()]
        owner.setdefault("fields", []).append(row)
    if indicators:
        data["indicators"] = indicators
    if problems:
        raise CatalogError(problems)
    return catalog_from_mapping(data, path.name)


def _read_sheet(ws: Any, name: str, columns: list[str], reader: _SheetReader,
                problems: list[str]) -> list[tuple[int, dict[str, Any]]]:
    rows: list[tuple[int, dict[str, Any]]] = []
    header: list[str] = []
    for r, cells in enumerate(ws.iter_rows(), 1):
        if r > MAX_ROWS:
            problems.append(_("{sheet}: more than {n} rows; this is not a catalog sheet").format(
                sheet=name, n=MAX_ROWS))
            break
        values = [reader.cell_text(name, r, c, cell) for c, cell in enumerate(cells, 1)]
        if r == 1:
            header = [v.strip() for v in values]
            unknown = [h for h in header if h and h not in columns]
            for h in unknown:
                problems.append(_("{sheet}!{col}1: unknown column {name!r}").format(
                    sheet=name, col=get_column_letter(header.index(h) + 1), name=h))
            continue
        if not any(v.strip() for v in values):
            continue
        row: dict[str, Any] = {}
        for c, (col, value) in enumerate(zip(header, values, strict=False), 1):
            if not col or value == "":
                continue
            where = f"{name}!{get_column_letter(c)}{r}"
            if (name, col) in INT_COLUMNS:
                row[col] = _to_int(value, where, problems)
            elif (name, col) in BOOL_COLUMNS:
                if value.upper() not in ("TRUE", "FALSE", "1", "0", "X"):
                    problems.append(_("{where}: expected TRUE or empty").format(where=where))
                row[col] = value.upper() in ("TRUE", "1", "X")
            else:
                row[col] = value
        rows.append((r, row))
    return rows


def _to_int(value: str, where: str, problems: list[str]) -> int:
    try:
        return int(value or 0)
    except ValueError:
        problems.append(_("{where}: expected a whole number, found {value!r}").format(
            where=where, value=value))
        return 0


def _parse_choices(text: str, where: str, problems: list[str]) -> list[dict[str, str]]:
    out = []
    for part in text.split(CHOICE_SEPARATOR.strip()):
        if not part.strip():
            continue
        code, sep, label = part.partition("=")
        if not sep:
            problems.append(_("{where}: choices are written 'code = label | code = label'").format(
                where=where))
            continue
        out.append({"code": code.strip(), "label": label.strip()})
    return out
