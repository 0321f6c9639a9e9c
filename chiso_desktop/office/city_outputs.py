"""The city's period as an IOC workbook and a CSV: every ward side by side, with city totals.

Workbook: sheet "Số liệu" has one row per field (code, name, unit), one column
per ward (named by its official code and name) and a last column with the
city total where the field adds up (``city.additive``); rates and choices keep
only the wards' own values. Numbers are numeric cells with the IOC workbook's
formats (``ioc_excel.number_format``). Sheet "Tình hình gửi" lists each ward's
counts, arrival and timeliness.

CSV (UTF-8 with BOM, canonical numbers): one line per ward and field, then
one line per additive field with ward code ``TOTAL``: the long shape an IOC
import or a pivot table takes. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from chiso_desktop.catalog.model import FieldType
from chiso_desktop.entry.spreadsheet import neutralise
from chiso_desktop.fileio.atomic_file import atomic_write, atomic_write_bytes
from chiso_desktop.i18n import _
from chiso_desktop.office.city import LATE, NOT_SENT, ON_TIME, PENDING, CityReport
from chiso_desktop.office.ioc_excel import NUMERIC_TYPES, number_format

TOTAL = "TOTAL"


def timeliness_label(status: str) -> str:
    return {ON_TIME: _("on time"), LATE: _("late"), NOT_SENT: _("not sent"),
            PENDING: _("not yet due")}.get(status, status)


def _number(state: str, value: str | None, numeric: bool) -> Decimal | None:
    if not numeric or state != "value" or value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def write_city_workbook(report: CityReport, path: Path, lang: str = "vi") -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Số liệu"
    wards = report.view.wards
    bold = Font(bold=True)
    header = [_("Code"), _("Indicator / item"), _("Unit"),
              *[f"{w.code} {w.name}" for w in wards], _("City total")]
    ws.append([neutralise(h) for h in header])
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, line in enumerate(report.lines, start=2):
        f = line.row.field
        numeric = FieldType(f.type) in NUMERIC_TYPES
        ws.cell(r, 1, neutralise(line.row.code))
        ws.cell(r, 2, neutralise(line.row.label))
        ws.cell(r, 3, neutralise(f.unit))
        by_ward = {w.code: (state, value) for w, state, value in line.values}
        for c, ward in enumerate(wards, start=4):
            if ward.code not in by_ward:
                continue
            state, value = by_ward[ward.code]
            number = _number(state, value, numeric)
            if number is not None:
                cell = ws.cell(r, c, number)
                cell.number_format = number_format(f, number)
            elif state == "not-applicable":
                ws.cell(r, c, _("Not applicable"))
            elif value is not None:
                ws.cell(r, c, neutralise(value))
        if line.total is not None:
            cell = ws.cell(r, len(wards) + 4, line.total)
            cell.number_format = number_format(f, line.total)
            cell.font = bold
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 60
    ws.freeze_panes = "D2"

    st = wb.create_sheet("Tình hình gửi")
    st.append([_("Code"), _("Ward or commune"), _("Expected"), _("Received"), _("Missing"),
               _("Reporting rate (%)"), _("First received"), _("Timeliness"), _("Revision")])
    for cell in st[1]:
        cell.font = bold
    for w in wards:
        st.append([w.code, neutralise(w.name), w.expected, w.received, w.missing,
                   w.reporting_rate, w.first_imported_at, timeliness_label(w.timeliness),
                   w.revision])
        if w.first_imported_at is not None:  # to the minute: an hour is due at a time of day
            st.cell(st.max_row, 7).number_format = "dd/mm/yyyy hh:mm"
    st.column_dimensions["B"].width = 32
    with atomic_write(path) as fh:
        wb.save(fh)


def write_city_csv(report: CityReport, path: Path, lang: str = "vi", *,
                   machine: bool = False) -> None:
    """Every ward's value, then the city totals; separator and decimal mark as the IOC CSV."""
    from chiso_desktop.office.ioc_excel import csv_form, csv_number

    buf = io.StringIO()
    separator, mark = csv_form(lang, machine)
    writer = csv.writer(buf, delimiter=separator, lineterminator="\r\n")
    writer.writerow([_("Period"), _("Ward code"), _("Ward or commune"), _("Code"),
                     _("Indicator / item"), _("Unit"), _("State"), _("Value")])
    period = report.period.id
    for line in report.lines:
        f = line.row.field
        label = neutralise(line.row.label)
        for ward, state, value in line.values:
            writer.writerow([period, ward.code, neutralise(ward.name), neutralise(line.row.code),
                             label, neutralise(f.unit), state, _csv_value(value, mark)])
    for line in report.lines:
        if line.total is not None:
            f = line.row.field
            writer.writerow([period, TOTAL, neutralise(report.unit_name),
                             neutralise(line.row.code), neutralise(line.row.label),
                             neutralise(f.unit), "value", csv_number(line.total, mark)])
    atomic_write_bytes(path, buf.getvalue().encode("utf-8-sig"))


def _csv_value(value: str | None, mark: str) -> str:
    """A stored canonical number with the CSV's decimal mark; other text neutralised."""
    if value and _CANONICAL_NUMBER.fullmatch(value):
        return value.replace(".", mark)
    return neutralise(value or "")


_CANONICAL_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
