"""Phụ lục 3 of the CCHC report: Biểu mẫu 1–7, one table per form.

Ratio items show their value with ``%`` beside the formula as the source
report writes it (``51,9%`` and ``= 27/52*100``); the formula is text the
caller supplies, never evaluated here.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph

from chiso_desktop.reports.pdf.data import CchcData, DocumentSettings, FormItem, StatisticalForm
from chiso_desktop.reports.pdf.layout import (
    Styles,
    build_document,
    data_table,
    format_cell,
    lower_first,
    make_styles,
    nfc,
    para,
)

HEADINGS = {
    "vi": (
        "STT",
        "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
        "Kết quả thống kê",
        "Đơn vị tính",
        "Số liệu",
        "Cách tính",
        "Ghi chú",
    ),
    "en": (
        "No.",
        "Statistical item (quarterly, half-year and annual reports)",
        "Result",
        "Unit",
        "Value",
        "Formula",
        "Note",
    ),
}
WIDTHS_MM = (14, 67, 22, 20, 24, 18)


def value_text(item: FormItem, lang: str) -> str:
    text = format_cell(item.value, lang)
    if text and nfc(item.unit).strip() == "%" and not isinstance(item.value, str):
        text += "%"
    return text


def _is_heading(item: FormItem) -> bool:
    """A top-level item without its own value (``3. Kiểm tra CCHC``) is a section line."""
    return item.value is None and not item.formula and not item.unit.strip()


def form_table(form: StatisticalForm, styles: Styles, lang: str) -> Flowable:
    h = HEADINGS.get(lang, HEADINGS["vi"])
    cell, head = styles.cell, styles.cell_head
    header = [
        [para(h[0], head), para(h[1], head), para(h[2], head), "", "", para(h[6], head)],
        ["", "", para(h[3], head), para(h[4], head), para(h[5], head), ""],
    ]
    spans = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (4, 0)),
        ("SPAN", (5, 0), (5, 1)),
        ("BACKGROUND", (0, 0), (-1, 1), "#eeeeee"),
    ]
    body: list[list[Paragraph]] = []
    for item in form.items:
        top_level = item.number.count(".") <= 1 and item.number.strip() != ""
        markup = "b" if item.heading else \
            "i" if item.italic else ("b" if top_level and _is_heading(item) else "")
        body.append(
            [
                para(item.number, styles.cell_center, markup),
                para(item.name, cell, markup),
                para(item.unit, styles.cell_center, "i" if item.italic else ""),
                para(value_text(item, lang), styles.cell_right, "i" if item.italic else ""),
                para(item.formula, styles.cell_center),
                para(item.note, cell),
            ]
        )
    return data_table(header, body, WIDTHS_MM, extra_style=spans)


def form_section(form: StatisticalForm, styles: Styles, lang: str) -> list[Flowable]:
    """The heading ("Biểu mẫu N" and its title), kept with the start of its table."""
    title = [
        para(f"Biểu mẫu {form.number}", styles.heading, "b"),
        para(form.title, styles.heading, "b"),
    ]
    return [CondPageBreak(40 * mm), KeepTogether(title), form_table(form, styles, lang)]


def build_cchc(data: CchcData, settings: DocumentSettings) -> bytes:
    """The statistical annex of the periodic CCHC report as PDF bytes."""
    styles = make_styles()
    body: list[Flowable] = []
    if data.report_reference:
        body.append(
            para(
                f"(Kèm theo Báo cáo số: {nfc(data.report_reference)})",
                styles.body_center,
                "i",
            )
        )
    body.append(
        para(
            f"{nfc(data.appendix_label)} — {nfc(data.unit_name)}, {lower_first(data.period_label)}",
            styles.body_center,
        )
    )
    for form in data.forms:
        body += form_section(form, styles, settings.lang)
    return build_document(
        body,
        settings,
        styles,
        doc_type="BIỂU MẪU THỐNG KÊ SỐ LIỆU",
        summary="Báo cáo cải cách hành chính định kỳ " + lower_first(data.period_label),
    )
