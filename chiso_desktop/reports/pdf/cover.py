"""A department's submission sheet for one signed bundle, printed and signed on paper.

The sheet carries the bundle's hash as a QR code and a short fingerprint so
the Office can match paper to file by eye or by scanner.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from chiso_desktop.reports.pdf.data import CoverData, CoverValue, DocumentSettings
from chiso_desktop.reports.pdf.fonts import serif_family
from chiso_desktop.reports.pdf.layout import (
    CONTENT_WIDTH,
    DASH,
    Styles,
    build_document,
    data_table,
    format_cell,
    lower_first,
    make_styles,
    nfc,
    para,
    recipients_column,
    signature_column,
    table_style,
    two_columns,
)

HEADINGS = {
    "vi": ("TT", "Mã", "Chỉ số / thông tin dữ liệu", "Đơn vị tính", "Giá trị", "Ghi chú"),
    "en": ("No.", "Code", "Indicator / data item", "Unit", "Value", "Note"),
}
WIDTHS_MM = (10, 19, 66, 18, 27, 25)
QR_SIZE = 34 * mm


def short_fingerprint(digest: str, groups: int = 4) -> str:
    """``9F2C 41D0 7BE8 5A33``: the first 64 bits of the hash, easy to read aloud."""
    clean = "".join(ch for ch in digest if ch.isalnum()).upper()
    return " ".join(clean[i : i + 4] for i in range(0, min(len(clean), groups * 4), 4))


def qr_drawing(value: str, size: float = QR_SIZE) -> Drawing:
    widget = QrCodeWidget(value, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    # The renderer otherwise selects Helvetica for the drawing, adding an unembedded font.
    drawing.initialFontName = serif_family().regular
    drawing.initialFontSize = 10
    return drawing


def facts_table(data: CoverData, styles: Styles) -> Table:
    """The sheet's particulars on the left, the QR code on the right."""
    facts = [
        ("Đơn vị:", data.unit_name),
        ("Phòng, ban:", data.department_name),
        ("Kỳ báo cáo:", data.period_label),
        ("Mã gói số liệu:", data.bundle_id),
        ("Dấu vân tay gói:", short_fingerprint(data.bundle_hash)),
    ]
    if data.key_fingerprint:
        facts.append(("Khóa ký của phòng:", data.key_fingerprint))
    if data.exported_at is not None:
        facts.append(("Thời điểm xuất:", data.exported_at.strftime("%H:%M ngày %d/%m/%Y")))
    facts.append(("Số giá trị:", str(len(data.values))))
    rows = [[para(label, styles.cell, "b"), para(value, styles.cell)] for label, value in facts]
    inner = Table(rows, colWidths=[38 * mm, CONTENT_WIDTH - 38 * mm - QR_SIZE - 8 * mm])
    inner.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    caption = para("Mã băm của gói (SHA-256)", styles.cell_center, "i")
    outer = Table(
        [[inner, [qr_drawing(nfc(data.bundle_hash)), caption]]],
        colWidths=[CONTENT_WIDTH - QR_SIZE - 8 * mm, QR_SIZE + 8 * mm],
    )
    outer.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return outer


def values_table(values: list[CoverValue], styles: Styles, lang: str) -> Flowable:
    heads = HEADINGS.get(lang, HEADINGS["vi"])
    header = [[para(h, styles.cell_head) for h in heads]]
    body: list[list[Paragraph]] = []
    for index, value in enumerate(values, start=1):
        name = nfc(value.indicator_name)
        if value.field_label:
            name = f"{name}: {nfc(value.field_label)}"
        body.append(
            [
                para(str(index), styles.cell_center),
                para(value.field_code or value.indicator_code, styles.cell_center),
                para(name, styles.cell),
                para(value.unit, styles.cell_center),
                para(format_cell(value.value, lang, DASH), styles.cell_right),
                para(value.note, styles.cell),
            ]
        )
    return data_table(
        header, body, WIDTHS_MM, extra_style=[("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]
    )


def cover_closing(data: CoverData, settings: DocumentSettings, styles: Styles) -> Flowable:
    """The preparing officer and the head of department sign; recipients under the officer."""
    head_lines = list(settings.signature_lines) or ["TRƯỞNG PHÒNG"]
    officer_lines = ["NGƯỜI LẬP"] + ["\u00a0"] * (len(head_lines) - 1)
    officer = signature_column(officer_lines, data.officer_name, styles)
    head = signature_column(head_lines, data.head_name or settings.signer_name, styles)
    signatures = two_columns(officer, head)
    recipients = recipients_column(settings.recipients, styles)
    return KeepTogether([Spacer(1, 8), signatures, Spacer(1, 4), *recipients])


def build_cover(data: CoverData, settings: DocumentSettings) -> bytes:
    """The submission sheet for one bundle as PDF bytes."""
    styles = make_styles()
    body: list[Flowable] = [
        facts_table(data, styles),
        Spacer(1, 4 * mm),
        values_table(list(data.values), styles, settings.lang),
    ]
    return build_document(
        body,
        settings,
        styles,
        doc_type="PHIẾU GỬI SỐ LIỆU",
        summary=f"{nfc(data.department_name)} — {lower_first(data.period_label)}",
        closing=cover_closing(data, settings, styles),
    )
