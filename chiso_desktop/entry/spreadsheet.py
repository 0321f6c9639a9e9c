"""The department's form as a spreadsheet: a template to fill in, and reading it back.

Files come from anywhere, so reading is defensive: size and row limits,
formulas refused (never evaluated), CSV in UTF-8 (with or without BOM) or
Windows-1258/cp1252, comma, semicolon or tab delimited.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from chiso_desktop.entry.form import FormState
from chiso_desktop.entry.ops import Entry
from chiso_desktop.errors import Refused
from chiso_desktop.fileio.atomic_file import atomic_write
from chiso_desktop.fileio.spreadsheet_guard import xlsx_problem
from chiso_desktop.i18n import _

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER = ("code", "name", "unit", "value", "note")


@dataclass(frozen=True)
class SheetEntry:
    where: str
    entry: Entry


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def write_template(form: FormState, path: Path, lang: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one sheet
    ws.title = form.period.id
    ws.append([_("Code"), _("Name"), _("Unit"), _("Value"), _("Note")])
    for c in ws[1]:
        c.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="E6E6E6")
    for row in form.rows:
        name = f"{row.indicator.name} — {row.label}" if row.label != row.indicator.name \
            else row.label
        ws.append([row.code, None, row.unit, None, None])
        r = ws.max_row
        ws.cell(r, 2).value = name
        ws.cell(r, 2).data_type = "s"
        ws.cell(r, 4).value = row.display or None
        if row.display:
            ws.cell(r, 4).data_type = "s"
        ws.cell(r, 5).value = row.note or None
        if row.note:
            ws.cell(r, 5).data_type = "s"
        if row.computed:
            for c in ws[r]:
                c.fill = grey
    for col, width in zip("ABCDE", (16, 70, 14, 16, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D2"
    with atomic_write(path) as fh:
        wb.save(fh)


def read_entries(path: Path) -> list[SheetEntry]:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Refused(_("Cannot read {file}: {reason}").format(file=path, reason=exc.strerror)) \
            from exc
    if size > MAX_BYTES:
        raise Refused(_("{file} is too large ({mb} MB) for a form; the limit is {limit} MB.")
                      .format(file=path.name, mb=size // 1_048_576, limit=MAX_BYTES // 1_048_576))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path.read_bytes(), path.name)
    else:
        raise Refused(_("{file}: only .xlsx and .csv files can be imported.").format(
            file=path.name))
    return _entries(rows, path.name)


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    problem = xlsx_problem(path)
    if problem:
        raise Refused(problem)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise Refused(_("{file} is not an Excel workbook (.xlsx) or is damaged.").format(
            file=path.name)) from exc
    try:
        ws = wb.worksheets[0]
        out = []
        for r, cells in enumerate(ws.iter_rows(max_col=5), 1):
            if r > MAX_ROWS:
                raise Refused(_("{file}: more than {n} rows; this is not a form.").format(
                    file=path.name, n=MAX_ROWS))
            row = []
            for c, cell in enumerate(cells, 1):
                if cell.data_type == "f":
                    raise Refused(_("{file}: cell {cell} holds a formula; type the value "
                                    "instead.").format(file=path.name,
                                                       cell=f"{get_column_letter(c)}{r}"))
                v = cell.value
                if isinstance(v, float) and v.is_integer():
                    v = int(v)
                row.append("" if v is None else str(v))
            out.append((r, row))
        return out
    finally:
        wb.close()


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise Refused(_("{file}: unknown text encoding; save it as CSV UTF-8.").format(file=name))
    if "\x00" in text:
        raise Refused(_("{file} is not a text CSV file.").format(file=name))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    out = []
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text), dialect), 1):
            if r > MAX_ROWS:
                raise Refused(_("{file}: more than {n} rows; this is not a form.").format(
                    file=name, n=MAX_ROWS))
            out.append((r, row[:5]))
    except csv.Error as exc:
        raise Refused(_("{file}: not a readable CSV file ({reason}).").format(
            file=name, reason=exc)) from exc
    return out


def _entries(rows: list[tuple[int, list[str]]], name: str) -> list[SheetEntry]:
    if not rows:
        raise Refused(_("{file} is empty.").format(file=name))
    out = []
    for r, row in rows[1:]:
        cells = [c.strip() for c in row] + [""] * (5 - len(row))
        code, value, note = cells[0], cells[3], cells[4]
        if not code:
            continue
        if value.startswith("'"):
            value = value[1:]
        out.append(SheetEntry(f"{name}:{r}", Entry(code, value, note.lstrip("'") or None)))
    return out
