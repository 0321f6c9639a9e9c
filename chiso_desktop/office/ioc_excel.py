"""The period as an Excel workbook and a CSV file for entry into the city's IOC.

Numbers are real numeric cells, never text, so the IOC operator can copy them:
``#,##0`` for counts, ``#,##0.0…`` with the decimals the value has (at least
the field's display places) for decimals and money. Percentages are stored as
the number the forms print (51.9, not 0.519) with the format ``0.0"%"``: what
the IOC form asks for is "51,9" in a "%" column, and a real Excel percent would
make a copied cell read 0,519. Text cells that Excel would take for a formula
(``=``, ``+``, ``-``, ``@``) are neutralised. Files are written atomically.

The CSV is UTF-8 with a BOM (so Excel reads the diacritics), comma separated,
with canonical numbers (``.`` as the decimal mark, no grouping).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.entry.spreadsheet import neutralise
from chiso_desktop.fileio.atomic_file import atomic_write, atomic_write_bytes
from chiso_desktop.i18n import _
from chiso_desktop.office.approval import approval_status_label
from chiso_desktop.office.merged import MergedCell, part_cells
from chiso_desktop.office.rows import FinalOutput, row_name, row_note
from chiso_desktop.values.display import display_places

NUMERIC_TYPES = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def number_format(field: Field, value: Decimal) -> str:
    """The Excel format of a numeric value of ``field``."""
    kind = FieldType(field.type)
    if kind is FieldType.INTEGER:
        return "#,##0"
    places = max(display_places(field), _decimals(value))
    if kind is FieldType.PERCENT:
        return "0." + "0" * places + '"%"'
    return "#,##0." + "0" * places


def numeric_value(cell: MergedCell) -> Decimal | None:
    """The cell's number, or None when it holds text, a choice, or no value."""
    if cell.state != "value" or cell.value is None:
        return None
    if FieldType(cell.field.type) not in NUMERIC_TYPES:
        return None
    value = Decimal(cell.value)
    if cell.computed:
        value = value.quantize(Decimal(1).scaleb(-display_places(cell.field)))
    return value


def _text_value(cell: MergedCell) -> str | None:
    if cell.state != "value" or cell.value is None:
        return None
    return neutralise(cell.display or cell.value)


def _sheet_title(code: str, name: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", f"{code} {name}").strip()[:31].rstrip()
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _text_cell(ws: object, row: int, col: int, text: str) -> None:
    c = ws.cell(row, col)  # type: ignore[attr-defined]
    c.value = neutralise(text) if text else None
    if text:
        c.data_type = "s"


HEADER = ("Code", "Name", "Unit", "Value", "Period", "Note")


def output_rows(cells: Iterable[MergedCell], breakdowns: bool = True
                ) -> Iterator[tuple[MergedCell, str, str]]:
    """(cell, code, name) per output row: a disaggregated field's total, then (with
    ``breakdowns``) each part as ``CODE[combination]`` named "… — option, option" (the
    IOC's categoryOptionCombo)."""
    for cell in cells:
        yield cell, cell.code, row_name(cell)
        if breakdowns:
            for part in part_cells(cell):
                yield part, part.code, row_name(part)


def write_workbook(output: FinalOutput, path: Path, lang: str = "vi") -> None:
    """One cover sheet, then one sheet per top-level group, rows in catalog order."""
    wb = Workbook()
    cover = wb.active
    assert isinstance(cover, Worksheet)  # a new workbook has one sheet
    cover.title = _("Cover")[:31]
    approval = output.approval
    facts = [
        (_("Unit"), output.unit),
        (_("Period"), f"{output.period.label(lang)} ({output.period.id})"),
        (_("Revision"), str(approval.revision)),
        (_("Status"), approval_status_label(approval.status)),
        (_("Approver"), approval.approver),
        (_("Position"), approval.position),
        (_("Approved on"), f"{approval.approved_on:%d/%m/%Y}" if approval.approved_on else ""),
        (_("Comment"), approval.comment),
        (_("Generated at"), f"{output.generated_at:%d/%m/%Y %H:%M}"),
    ]
    for r, (label, text) in enumerate(facts, start=1):
        _text_cell(cover, r, 1, label)
        cover.cell(r, 1).font = Font(bold=True)
        _text_cell(cover, r, 2, text)
    cover.column_dimensions["A"].width = 18
    cover.column_dimensions["B"].width = 60
    used = {cover.title.lower()}
    for group in output.groups:
        ws = wb.create_sheet(_sheet_title(group.code, group.name, used))
        for col, head in enumerate(HEADER, start=1):
            _text_cell(ws, 1, col, _(head))
            ws.cell(1, col).font = Font(bold=True)
        rows = output_rows(group.cells, output.breakdowns)
        for r, (cell, code, name) in enumerate(rows, start=2):
            _text_cell(ws, r, 1, code)
            _text_cell(ws, r, 2, name)
            ws.cell(r, 2).alignment = Alignment(wrap_text=True, vertical="top")
            _text_cell(ws, r, 3, cell.field.unit)
            number = numeric_value(cell)
            if number is not None:
                ws.cell(r, 4).value = number
                ws.cell(r, 4).number_format = number_format(cell.field, number)
            else:
                shown = _text_value(cell)
                if shown:
                    ws.cell(r, 4).value = shown
                    ws.cell(r, 4).data_type = "s"
            _text_cell(ws, r, 5, output.period.id)
            _text_cell(ws, r, 6, row_note(cell, lang))
        for letter, width in zip("ABCDEF", (14, 70, 12, 16, 10, 40), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "D2"
    with atomic_write(path) as fh:
        wb.save(fh)


def csv_form(lang: str, machine: bool = False) -> tuple[str, str]:
    """(field separator, decimal mark) of the IOC CSV.

    In Vietnamese ``;`` and a decimal comma, which a vi-VN Excel or LibreOffice
    opens into columns and numbers (``447,26``); in English, or with
    ``machine``, ``,`` and ``.``. Numbers are never grouped, so ``1234,5``
    cannot be read as a thousands group.
    """
    return (",", ".") if machine or lang != "vi" else (";", ",")


def csv_number(number: Decimal, mark: str) -> str:
    return format(number, "f").replace(".", mark)


def write_csv(output: FinalOutput, path: Path, lang: str = "vi", *,
              machine: bool = False) -> None:
    """The same rows as the workbook in one CSV, with a group column first."""
    buf = io.StringIO()
    separator, mark = csv_form(lang, machine)
    writer = csv.writer(buf, delimiter=separator, lineterminator="\r\n")
    writer.writerow([_("Group"), *[_(h) for h in HEADER]])
    for group in output.groups:
        for cell, code, name in output_rows(group.cells, output.breakdowns):
            number = numeric_value(cell)
            value = csv_number(number, mark) if number is not None else (
                _text_value(cell) or "")
            writer.writerow([group.code, neutralise(code), neutralise(name),
                             neutralise(cell.field.unit), value, output.period.id,
                             neutralise(row_note(cell, lang))])
    atomic_write_bytes(path, buf.getvalue().encode("utf-8-sig"))
