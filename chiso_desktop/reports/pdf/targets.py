"""Targets against results: threshold text, value and status (Đạt / Không đạt / Chưa có số liệu).

The status is decided by the caller (it knows the comparison rules); this
module only words and counts it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from chiso_desktop.reports.pdf.data import DocumentSettings, TargetsData, TargetStatus
from chiso_desktop.reports.pdf.layout import (
    DASH,
    build_document,
    data_table,
    format_cell,
    lower_first,
    make_styles,
    nfc,
    para,
)

STATUS_LABELS = {
    "vi": {
        TargetStatus.MET: "Đạt",
        TargetStatus.NOT_MET: "Không đạt",
        TargetStatus.NO_DATA: "Chưa có số liệu",
    },
    "en": {
        TargetStatus.MET: "Met",
        TargetStatus.NOT_MET: "Not met",
        TargetStatus.NO_DATA: "No data",
    },
}
HEADINGS = {
    "vi": (
        "TT",
        "Mã",
        "Chỉ tiêu",
        "Chỉ tiêu giao",
        "Đơn vị tính",
        "Kết quả",
        "Đánh giá",
        "Ghi chú",
    ),
    "en": ("No.", "Code", "Target", "Threshold", "Unit", "Result", "Status", "Note"),
}
WIDTHS_MM = (9, 13, 48, 22, 14, 18, 20, 21)


def status_label(status: TargetStatus, lang: str = "vi") -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["vi"])[status]


def build_targets(data: TargetsData, settings: DocumentSettings) -> bytes:
    """The targets assessment as PDF bytes."""
    styles = make_styles()
    lang = settings.lang
    header = [[para(h, styles.cell_head) for h in HEADINGS.get(lang, HEADINGS["vi"])]]
    body = []
    for index, target in enumerate(data.targets, start=1):
        markup = "b" if target.status is TargetStatus.NOT_MET else ""
        body.append(
            [
                para(str(index), styles.cell_center),
                para(target.code, styles.cell_center),
                para(target.name, styles.cell),
                para(target.threshold, styles.cell_center),
                para(target.unit, styles.cell_center),
                para(format_cell(target.value, lang, DASH), styles.cell_right),
                para(status_label(target.status, lang), styles.cell_center, markup),
                para(target.note, styles.cell),
            ]
        )
    counts = {s: sum(1 for t in data.targets if t.status is s) for s in TargetStatus}
    total = len(data.targets)
    summary = (
        f"Trong {total} chỉ tiêu được giao, {nfc(data.unit_name)} có "
        f"{counts[TargetStatus.MET]} chỉ tiêu đạt, {counts[TargetStatus.NOT_MET]} chỉ tiêu "
        f"không đạt và {counts[TargetStatus.NO_DATA]} chỉ tiêu chưa có số liệu "
        f"{lower_first(data.period_label)}."
    )
    flow: list[Flowable] = [
        para(summary, styles.body),
        data_table(
            header, body, WIDTHS_MM, extra_style=[("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]
        ),
    ]
    return build_document(
        flow,
        settings,
        styles,
        doc_type="BÁO CÁO",
        summary=f"Kết quả thực hiện các chỉ tiêu {lower_first(data.period_label)}",
    )
