"""The ward's indicator report for one period (the report the Office prints and signs).

Rows come grouped by indicator group; an indicator with several data items
gets a heading row and one indented row per item. Changes are computed here
from the values given, never looked up: the builder stays a pure function.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import groupby

from reportlab.platypus import Flowable, Paragraph

from chiso_desktop.reports.pdf.data import (
    CompletenessSummary,
    DocumentSettings,
    IndicatorRow,
    Number,
    PeriodReportData,
)
from chiso_desktop.reports.pdf.layout import (
    DASH,
    Styles,
    build_document,
    data_table,
    format_cell,
    format_number,
    format_signed,
    lower_first,
    make_styles,
    nfc,
    para,
    percent,
)

HEADINGS = {
    "vi": (
        "TT",
        "Chỉ số / thông tin dữ liệu",
        "Đơn vị tính",
        "Kết quả kỳ báo cáo",
        "So với kỳ trước",
        "So với cùng kỳ năm trước",
        "Ghi chú",
    ),
    "en": (
        "No.",
        "Indicator / data item",
        "Unit",
        "Value this period",
        "Change vs previous period",
        "Change vs same period last year",
        "Note",
    ),
}
WIDTHS_MM = (15, 58, 17, 21, 21, 21, 17)


def change_text(value: object, reference: Number | None, unit: str, lang: str) -> str:
    """``+125 (+1,4%)`` for counts and amounts; percentage points alone for ``%`` items."""
    if reference is None or isinstance(value, bool) or not isinstance(value, Decimal | int):
        return DASH
    diff = Decimal(value) - Decimal(reference)
    if diff == 0:
        return "0"
    text = format_signed(diff, lang)
    if nfc(unit).strip() != "%":
        relative = percent(diff, reference)
        if relative is not None:
            text += f" ({format_signed(relative, lang)}%)"
    return text


def completeness_text(summary: CompletenessSummary) -> str:
    rate = percent(summary.received, summary.expected)
    text = (
        f"Tình hình nhận số liệu: đã nhận {format_number(summary.received)}/"
        f"{format_number(summary.expected)} giá trị"
    )
    if rate is not None:
        text += f" (đạt {format_number(rate)}%)"
    text += f"; còn thiếu {format_number(summary.missing)}; nộp muộn {format_number(summary.late)}"
    if summary.departments_expected:
        text += (
            f"; {summary.departments_reported}/{summary.departments_expected} "
            "phòng, ban đã gửi số liệu"
        )
    return text + "."


def _value_cells(row: IndicatorRow, styles: Styles, lang: str) -> list[Paragraph]:
    return [
        para(row.unit, styles.cell_center),
        para(format_cell(row.value, lang, DASH), styles.cell_right),
        para(change_text(row.value, row.previous, row.unit, lang), styles.cell_right),
        para(change_text(row.value, row.last_year, row.unit, lang), styles.cell_right),
        para(row.note, styles.cell),
    ]


def _indicator_rows(
    rows: Sequence[IndicatorRow], styles: Styles, lang: str
) -> Iterator[list[Paragraph | str]]:
    """Table rows for one indicator: one row, or a heading row and one row per item.

    The heading row's name cell is spanned across the value columns by the caller.
    """
    first = rows[0]
    if len(rows) == 1:
        name = nfc(first.indicator_name)
        label = nfc(first.field_label)
        if label and label != name:
            name = f"{name}: {label}"
        yield [
            para(first.indicator_code, styles.cell_center),
            para(name, styles.cell),
            *_value_cells(first, styles, lang),
        ]
        return
    blanks = [""] * 5
    yield [
        para(first.indicator_code, styles.cell_center),
        para(first.indicator_name, styles.cell, "b"),
        *blanks,
    ]
    for row in rows:
        if row.heading:
            yield [para("", styles.cell), para(nfc(row.field_label), styles.cell, "b"), *blanks]
            continue
        yield [
            para("", styles.cell),
            para(f"\u00a0\u00a0\u00a0+ {nfc(row.field_label)}", styles.cell, "i") if row.part
            else para(f"- {nfc(row.field_label)}", styles.cell),
            *_value_cells(row, styles, lang),
        ]


def report_table(rows: Sequence[IndicatorRow], styles: Styles, lang: str) -> Flowable:
    heads = HEADINGS.get(lang, HEADINGS["vi"])
    header = [[para(h, styles.cell_head) for h in heads]]
    numbering = [[para(f"({i})", styles.cell_center) for i in range(1, len(heads) + 1)]]
    body: list[list[Paragraph | str]] = []
    extra: list[tuple] = [("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]
    offset = len(header) + len(numbering)
    for (group_code, group_name), group_rows in groupby(
        rows, key=lambda r: (r.group_code, r.group_name)
    ):
        index = offset + len(body)
        body.append(
            [para(group_code, styles.cell_center, "b"), para(group_name, styles.cell, "b")]
            + [""] * (len(heads) - 2)
        )
        extra += [
            ("SPAN", (1, index), (-1, index)),
            ("BACKGROUND", (0, index), (-1, index), "#f4f4f4"),
        ]
        for _code, same_indicator in groupby(group_rows, key=lambda r: r.indicator_code):
            indicator_rows = list(same_indicator)
            if len(indicator_rows) > 1:
                heading = offset + len(body)
                extra.append(("SPAN", (1, heading), (-1, heading)))
            body.extend(_indicator_rows(indicator_rows, styles, lang))
    return data_table(header + numbering, body, WIDTHS_MM, extra_style=extra)


def build_period_report(data: PeriodReportData, settings: DocumentSettings) -> bytes:
    """The period report as PDF bytes."""
    styles = make_styles()
    period = lower_first(data.period_label)
    catalog = nfc(data.catalog_name) or "Bộ chỉ số phục vụ công tác chỉ đạo, điều hành"
    intro = (
        f"{nfc(data.unit_name)} báo cáo kết quả thực hiện {lower_first(catalog)} {period} như sau:"
    )
    body: list[Flowable] = [para(intro, styles.body)]
    if data.completeness is not None:
        body.append(para(completeness_text(data.completeness), styles.body))
    body.append(report_table(data.rows, styles, settings.lang))
    return build_document(
        body,
        settings,
        styles,
        doc_type="BÁO CÁO",
        summary=f"Kết quả thực hiện Bộ chỉ số phục vụ chỉ đạo, điều hành {period}",
    )
