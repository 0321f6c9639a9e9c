"""Who has sent what for a period: departments × expected/received/missing/late/overdue.

The Office prints this to chase missing numbers; the reporting rate is
received/expected, computed exactly with Decimal.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from chiso_desktop.reports.pdf.data import CompletenessData, DocumentSettings
from chiso_desktop.reports.pdf.layout import (
    DASH,
    build_document,
    data_table,
    format_number,
    lower_first,
    make_styles,
    nfc,
    para,
    percent,
)

HEADINGS = {
    "vi": (
        "TT",
        "Phòng, ban",
        "Phải báo cáo",
        "Đã nhận",
        "Còn thiếu",
        "Nộp muộn",
        "Quá hạn chưa nộp",
        "Tỷ lệ báo cáo (%)",
    ),
    "en": ("No.", "Department", "Expected", "Received", "Missing", "Late", "Overdue", "Rate (%)"),
}
TOTAL_LABEL = {"vi": "Tổng cộng", "en": "Total"}
WIDTHS_MM = (10, 55, 17, 15, 15, 15, 18, 20)


def rate_text(received: int, expected: int, lang: str) -> str:
    rate = percent(received, expected)
    return DASH if rate is None else format_number(rate, lang)


def _count_row(cells: list[object], styles, lang: str, markup: str = "") -> list[Paragraph]:
    first, name, *counts, rate = cells
    return [
        para(first, styles.cell_center, markup),
        para(name, styles.cell, markup),
        *[para(format_number(c, lang), styles.cell_right, markup) for c in counts],  # type: ignore[arg-type]
        para(rate, styles.cell_right, markup),
    ]


def build_completeness(data: CompletenessData, settings: DocumentSettings) -> bytes:
    """The completeness table as PDF bytes."""
    styles = make_styles()
    lang = settings.lang
    heads = HEADINGS.get(lang, HEADINGS["vi"])
    header = [[para(h, styles.cell_head) for h in heads]]
    body = []
    for index, dept in enumerate(data.departments, start=1):
        body.append(
            _count_row(
                [
                    str(index),
                    dept.name,
                    dept.expected,
                    dept.received,
                    dept.missing,
                    dept.late,
                    dept.overdue,
                    rate_text(dept.received, dept.expected, lang),
                ],
                styles,
                lang,
            )
        )
    totals = [
        sum(getattr(d, attr) for d in data.departments)
        for attr in ("expected", "received", "missing", "late", "overdue")
    ]
    body.append(
        _count_row(
            [
                "",
                TOTAL_LABEL.get(lang, TOTAL_LABEL["vi"]),
                *totals,
                rate_text(totals[1], totals[0], lang),
            ],
            styles,
            lang,
            "b",
        )
    )
    intro = (
        f"Tình hình gửi số liệu của các phòng, ban thuộc {nfc(data.unit_name)} "
        f"{lower_first(data.period_label)}"
    )
    if data.deadline is not None:
        intro += f" (hạn gửi Văn phòng: {data.deadline:%d/%m/%Y})"
    if data.as_of is not None:
        intro += f", số liệu tính đến ngày {data.as_of:%d/%m/%Y}"
    summary_rate = rate_text(totals[1], totals[0], "vi")
    flow: list[Flowable] = [
        para(intro + ":", styles.body),
        data_table(
            header,
            body,
            WIDTHS_MM,
            extra_style=[("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")],
        ),
        para(
            f"Tỷ lệ báo cáo chung đạt {summary_rate}%; còn thiếu "
            f"{format_number(totals[2])} giá trị, trong đó {format_number(totals[4])} "
            "giá trị đã quá hạn.",
            styles.body,
        ),
    ]
    return build_document(
        flow,
        settings,
        styles,
        doc_type="BÁO CÁO",
        summary=f"Tình hình tiếp nhận số liệu {lower_first(data.period_label)}",
    )
