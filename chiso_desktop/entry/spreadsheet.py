"""The department's form as a spreadsheet: a template to fill in, and reading it back.

Files come from anywhere, so reading is defensive: size and row limits,
formulas refused (never evaluated), CSV in UTF-8 (with or without BOM) or
Windows-1258/cp1252, comma, semicolon or tab delimited.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.entry.form import FormState, Row, part_row
from chiso_desktop.entry.ops import Entry
from chiso_desktop.errors import Refused
from chiso_desktop.fileio.atomic_file import atomic_write, atomic_write_bytes
from chiso_desktop.fileio.spreadsheet_guard import not_a_regular_file, xlsx_problem
from chiso_desktop.i18n import _
from chiso_desktop.values.bounds import is_numeric
from chiso_desktop.values.parse import canonical_text

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
HEADER = ("code", "name", "unit", "value", "note")


@dataclass(frozen=True)
class SheetEntry:
    where: str
    entry: Entry
    row: int = 0
    """The sheet's row number (what a message names)."""
    formula: bool = False
    """The value cell holds a formula (only a summed total's ``=SUM`` is accepted)."""
    shown: Decimal | str | None = None
    """A formula cell's value as last computed by Excel or LibreOffice (None: never)."""


FORMULA_STARTS = "=+-@\t\r"
"""The first characters that make a spreadsheet take a text for a formula."""


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe."""
    if text and text[0] in FORMULA_STARTS:
        return "'" + text
    return text


def unneutralised(text: str) -> str:
    """``text`` read back from a sheet without the apostrophe :func:`neutralise` added; a
    text that itself starts with an apostrophe ("'98 flood") keeps it."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def write_template(form: FormState, path: Path, lang: str) -> None:
    """The form to fill in: ``.csv`` as CSV, anything else as an Excel workbook."""
    if path.suffix.lower() == ".csv":
        write_csv_template(form, path, lang)
        return
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one sheet
    ws.title = form.period.id
    ws.append([_("Code"), _("Name"), _("Unit"), _("Value"), _("Note")])
    for c in ws[1]:
        c.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="E6E6E6")
    heading_cells = _heading_validation()
    for row in form.rows:
        name = f"{row.indicator.name} — {row.label}" if row.label != row.indicator.name \
            else row.label
        ws.append([row.code, None, row.unit, None, None])
        r = ws.max_row
        ws.cell(r, 2).value = name
        ws.cell(r, 2).data_type = "s"
        if row.heading:
            _heading_row(ws, r, grey, heading_cells)
            continue
        _value_cell(ws.cell(r, 4), row)
        ws.cell(r, 5).value = row.note or None
        if row.note:
            ws.cell(r, 5).data_type = "s"
        if row.computed:
            for c in ws[r]:
                c.fill = grey
        if row.parts:
            _breakdown_rows(ws, row, r)
    for col, width in zip("ABCDE", (16, 70, 14, 16, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "D2"
    if heading_cells.sqref:
        ws.add_data_validation(heading_cells)
    with atomic_write(path) as fh:
        wb.save(fh)


def _heading_validation() -> DataValidation:
    """Excel and LibreOffice refuse typing into a heading's Value or Note cell, saying why."""
    dv = DataValidation(type="textLength", operator="equal", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorStyle="stop")
    dv.errorTitle = _("Heading row")
    dv.error = _("This row is a heading of the form; it holds no value. Type the values in "
                 "the rows under it.")
    return dv


def _heading_row(ws: Worksheet, r: int, grey: PatternFill, dv: DataValidation) -> None:
    """A section title: greyed and bold, the value and note cells empty and guarded."""
    for c in ws[r]:
        c.fill = grey
    name = ws.cell(r, 2)
    name.font = Font(name=name.font.name, size=name.font.size, bold=True)  # the body's face
    dv.add(f"D{r}:E{r}")


def _breakdown_rows(ws: Worksheet, row: Row, total_row: int) -> None:
    """One row per option combination under a disaggregated field ("— Nam", ``CODE[nam]``).

    A summed total becomes ``=SUM`` over the rows below it, so Excel shows the
    total as the clerk types; an entered total stays a value cell. Reading the
    sheet back accepts only that formula, and checks either total against its parts.
    """
    for part in row.parts:
        cells = part_row(row, part)
        ws.append([cells.code, None, row.unit, None, None])
        r = ws.max_row
        ws.cell(r, 2).value = f"— {part.label}"
        ws.cell(r, 2).data_type = "s"
        ws.cell(r, 2).alignment = Alignment(indent=2)
        _value_cell(ws.cell(r, 4), cells)
        ws.cell(r, 5).value = part.note or None
        if part.note:
            ws.cell(r, 5).data_type = "s"
    if row.summed:
        total = ws.cell(total_row, 4)
        total.value = f"=SUM(D{total_row + 1}:D{total_row + len(row.parts)})"
        total.number_format = number_format(row.field, Decimal(row.value)) \
            if row.state == "value" and row.value is not None else number_format(row.field)


def write_csv_template(form: FormState, path: Path, lang: str) -> None:
    """The same rows as the workbook, as CSV UTF-8 (with BOM) a spreadsheet opens in columns.

    Vietnamese: ``;`` between columns and a decimal comma, as a vi-VN Excel
    writes it (and as reading expects); English: ``,`` and a point. Numbers are
    never grouped. Computed rows and summed totals are left empty: their
    values follow from the others (a total typed there is checked on import).
    """
    separator, mark = (";", ",") if lang == "vi" else (",", ".")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=separator, lineterminator="\r\n")
    writer.writerow([_("Code"), _("Name"), _("Unit"), _("Value"), _("Note")])

    def value_text(row: Row) -> str:
        if row.computed:
            return ""
        if row.state == "value" and row.value is not None and is_numeric(row.field):
            return row.value.replace(".", mark)
        return neutralise(row.display)

    for row in form.rows:
        name = f"{row.indicator.name} — {row.label}" if row.label != row.indicator.name \
            else row.label
        writer.writerow([neutralise(row.code), neutralise(name), neutralise(row.unit),
                         value_text(row), neutralise(row.note)])
        for part in row.parts:
            cells = part_row(row, part)
            writer.writerow([cells.code, neutralise(f"— {part.label}"), neutralise(row.unit),
                             value_text(cells), neutralise(part.note)])
    atomic_write_bytes(path, buf.getvalue().encode("utf-8-sig"))


def number_format(field: Field, value: Decimal | None = None) -> str:
    """The cell's number format: grouped, with the decimals the value holds.

    A count shows ``#,##0``; other numbers show their own decimals, or
    ``General`` while empty so the officer's typing is shown as typed. Excel
    and LibreOffice show the format in the user's own locale (``1.234,5``).
    """
    if FieldType(field.type) is FieldType.INTEGER:
        return "#,##0"
    exponent = value.as_tuple().exponent if value is not None else 0
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if value is None:
        return "General"
    return "#,##0." + "0" * places if places else "#,##0"


def _value_cell(cell: Any, row: Row) -> None:
    """A number cell for an entered number, so Excel users type numbers, not text."""
    if is_numeric(row.field) and not row.computed:
        cell.number_format = number_format(row.field)
        if row.state == "value" and row.value is not None:
            number = Decimal(row.value)
            cell.value = int(number) if number == number.to_integral_value() and \
                FieldType(row.field.type) is FieldType.INTEGER else number
            cell.number_format = number_format(row.field, number)
            return
    cell.value = row.display or None
    if row.display:
        cell.data_type = "s"


def read_entries(path: Path) -> list[SheetEntry]:
    special = not_a_regular_file(path)
    if special:
        raise Refused(special)
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


@dataclass(frozen=True)
class FormulaCell:
    """A value cell holding a formula: never evaluated, only its last shown value kept."""

    text: str
    shown: Decimal | str | None = None


Cell = str | Decimal | FormulaCell
"""A cell as read: its text, the exact number of a number cell, or a value cell's formula."""


def cell_number(value: object) -> Decimal | None:
    """The exact number a number cell holds; None for any other cell.

    openpyxl gives the stored number as int or float. ``repr`` of the float
    is the shortest text that reads back as the same double, which is what
    Excel and LibreOffice write (``1.234``, ``349.5``), so the Decimal is the
    number the cell shows, never the locale string of it read again.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        number = Decimal(repr(value))
        return number.quantize(Decimal(1)) if value.is_integer() and abs(value) < 1e15 \
            else number
    return Decimal(value)


def _xlsx_rows(path: Path) -> list[tuple[int, list[Cell]]]:
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
        out: list[tuple[int, list[Cell]]] = []
        formulas: dict[int, str] = {}
        for r, cells in enumerate(ws.iter_rows(max_col=5), 1):
            if r > MAX_ROWS:
                raise Refused(_("{file}: more than {n} rows; this is not a form.").format(
                    file=path.name, n=MAX_ROWS))
            row: list[Cell] = []
            for c, cell in enumerate(cells, 1):
                if cell.data_type == "f" and c == 4:
                    # Only a summed total may hold one (checked once the codes are known).
                    formulas[r] = str(cell.value)
                    row.append(FormulaCell(str(cell.value)))
                    continue
                if cell.data_type == "f":
                    raise Refused(_("{file}: cell {cell} holds a formula; type the value "
                                    "instead.").format(file=path.name,
                                                       cell=f"{get_column_letter(c)}{r}"))
                v = cell.value
                number = cell_number(v)
                if number is not None and c == 4:
                    row.append(number)
                elif number is not None:
                    row.append(canonical_text(number))
                else:
                    row.append("" if v is None else str(v))
            out.append((r, row))
    finally:
        wb.close()
    return _with_shown_values(path, out, formulas) if formulas else out


def _with_shown_values(path: Path, rows: list[tuple[int, list[Cell]]],
                       formulas: dict[int, str]) -> list[tuple[int, list[Cell]]]:
    """Each formula cell with the value Excel or LibreOffice last showed for it.

    openpyxl writes formulas without a value; a workbook saved by a spreadsheet
    program keeps the computed one, which import checks against the parts.
    """
    shown: dict[int, Decimal | str | None] = {}
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        for r, cells in enumerate(wb.worksheets[0].iter_rows(min_col=4, max_col=4), 1):
            if r in formulas and cells:
                v = cells[0].value
                number = cell_number(v)
                shown[r] = number if number is not None else (None if v is None else str(v))
            if r >= max(formulas):
                break
    finally:
        wb.close()
    return [(r, [FormulaCell(formulas[r], shown.get(r)) if c == 3 else cell
                 for c, cell in enumerate(row)] if r in formulas else row) for r, row in rows]


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[Cell]]]:
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
    out: list[tuple[int, list[Cell]]] = []
    try:
        for r, row in enumerate(csv.reader(io.StringIO(text), dialect), 1):
            if r > MAX_ROWS:
                raise Refused(_("{file}: more than {n} rows; this is not a form.").format(
                    file=name, n=MAX_ROWS))
            out.append((r, list(row[:5])))
    except csv.Error as exc:
        raise Refused(_("{file}: not a readable CSV file ({reason}).").format(
            file=name, reason=exc)) from exc
    return _csv_numbers(out, dialect.delimiter, name)


_NUMBERISH = re.compile(r"[+-]?[0-9][0-9.,]*%?")
# Evidence of the decimal mark: a mark followed by other than exactly three digits
# (a group of thousands would be three), or both marks in their usual order.
_COMMA_DECIMAL = re.compile(r"[+-]?(?:[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+)%?")
_POINT_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+)%?")


def csv_decimal_mark(rows: Sequence[tuple[int, Sequence[Cell]]], delimiter: str,
                     name: str) -> str:
    """The file's decimal mark, from its numbers, else from its separator.

    ``12,5`` or ``1.234,5`` say comma; ``447.26`` or ``1,234.5`` say point; a
    file saying both is refused. With no such number a ``;`` file (vi-VN Excel)
    writes a decimal comma and a ``,`` file a point. Any other file holding a
    number such as ``1.234`` (a thousand, or one point two three four) is refused,
    naming the first such cell.
    """
    comma = point = None
    for r, row in rows[1:]:
        value = row[3].strip() if len(row) > 3 and isinstance(row[3], str) else ""
        if _COMMA_DECIMAL.fullmatch(value) and comma is None:
            comma = f"D{r}"
        elif _POINT_DECIMAL.fullmatch(value) and point is None:
            point = f"D{r}"
    if comma and point:
        raise Refused(_("{file}: cell {a} writes decimals with a comma and cell {b} with a "
                        "point; save the file again with one decimal mark.").format(
            file=name, a=comma, b=point))
    if comma or point:
        return "," if comma else "."
    if delimiter in ";,":
        return "," if delimiter == ";" else "."
    for r, row in rows[1:]:
        value = row[3].strip() if len(row) > 3 and isinstance(row[3], str) else ""
        if _NUMBERISH.fullmatch(value) and ("." in value or "," in value):
            raise Refused(_("{file}: the number in cell D{row} (“{value}”) can be read two "
                            "ways; save the file with ';' between columns and a decimal comma, "
                            "or ',' and a decimal point.").format(file=name, row=r,
                                                                  value=value[:20]))
    return ","


def _csv_numbers(rows: list[tuple[int, list[Cell]]], delimiter: str,
                 name: str) -> list[tuple[int, list[Cell]]]:
    """Numbers of the value column read by the file's own decimal mark, as exact Decimals."""
    mark = csv_decimal_mark(rows, delimiter, name)
    locale = "vi_VN" if mark == "," else "en_US"
    out: list[tuple[int, list[Cell]]] = rows[:1]
    for r, row in rows[1:]:
        value = row[3].strip() if len(row) > 3 and isinstance(row[3], str) else ""
        if _NUMBERISH.fullmatch(value) and not value.endswith("%"):
            try:
                number = parse_decimal(value, locale=locale, strict=True)
            except (NumberFormatError, ValueError, ArithmeticError):
                number = None
            if number is not None:
                row = [*row[:3], number, *row[4:]]
        out.append((r, row))
    return out


def _entries(rows: Sequence[tuple[int, Sequence[Cell]]], name: str) -> list[SheetEntry]:
    if not rows:
        raise Refused(_("{file} is empty.").format(file=name))
    out = []
    for r, row in rows[1:]:
        cells = [c.strip() if isinstance(c, str) else c for c in row] + [""] * (5 - len(row))
        code, value, note = str(cells[0]), cells[3], str(cells[4])
        if not code:
            continue
        note_text = unneutralised(note).replace("\r\n", "\n") or None
        if isinstance(value, FormulaCell):
            out.append(SheetEntry(f"{name}:{r}", Entry(code, None, note_text), r, True,
                                  value.shown))
            continue
        if isinstance(value, Decimal):
            out.append(SheetEntry(f"{name}:{r}", Entry(code, None, note_text, number=value), r))
            continue
        if value.startswith("'"):
            value = value[1:]
        out.append(SheetEntry(f"{name}:{r}", Entry(code, value, note_text), r))
    return out
