"""The city's report of a period (Decree 30 layout): who sent, when, and the city's figures.

Table 1: each ward's counts, first arrival and timeliness against the official
deadline. Table 2: each field with the number of wards that reported it and
the city total where it adds up; rates and choices list each ward's value
instead (a sum of rates means nothing).
"""

from __future__ import annotations

from datetime import date, datetime

from reportlab.platypus import Flowable

from chiso_desktop.reports.pdf.data import CityReportData, DocumentSettings
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

STATUS = {"on-time": "Đúng hạn", "late": "Muộn", "not-sent": "Chưa gửi", "pending": "Chưa đến hạn"}
WARD_HEADINGS = ("TT", "Mã", "Xã, phường", "Phải báo cáo", "Đã nhận", "Tỷ lệ (%)",
                 "Ngày nhận", "Tình trạng")
WARD_WIDTHS_MM = (9, 14, 44, 17, 15, 15, 20, 22)
FIELD_HEADINGS = ("Mã", "Chỉ tiêu", "Đơn vị tính", "Số xã, phường báo cáo",
                  "Toàn thành phố / từng xã, phường")
FIELD_WIDTHS_MM = (23, 57, 18, 20, 38)


def _received(at: date | datetime | None) -> str:
    """The first receipt: its day, or for an hour period its day and time."""
    if at is None:
        return DASH
    return f"{at:%d/%m/%Y %H:%M}" if isinstance(at, datetime) else f"{at:%d/%m/%Y}"


def build_city_report(data: CityReportData, settings: DocumentSettings) -> bytes:
    styles = make_styles()
    lang = settings.lang
    head = [[para(h, styles.cell_head) for h in WARD_HEADINGS]]
    body = []
    for i, w in enumerate(data.wards, start=1):
        rate = percent(w.received, w.expected)
        body.append([
            para(str(i), styles.cell_center), para(w.code, styles.cell_center),
            para(w.name, styles.cell), para(format_number(w.expected, lang), styles.cell_right),
            para(format_number(w.received, lang), styles.cell_right),
            para(DASH if rate is None else format_number(rate, lang), styles.cell_right),
            para(_received(w.first_received), styles.cell_center),
            para(STATUS.get(w.timeliness, w.timeliness), styles.cell_center)])
    sent = sum(1 for w in data.wards if w.received)
    late = [w.name for w in data.wards if w.timeliness == "late"]
    missing = [w.name for w in data.wards if w.timeliness == "not-sent"]
    intro = (f"Tình hình gửi số liệu của các xã, phường về {nfc(data.unit_name)} "
             f"{lower_first(data.period_label)}")
    if data.deadline_before is not None:  # an hour: due at a time of day
        intro += f" (hạn báo cáo: trước {data.deadline_before:%H:%M} ngày " \
                 f"{data.deadline_before:%d/%m/%Y})"
    elif data.deadline is not None:
        intro += f" (hạn báo cáo: {data.deadline:%d/%m/%Y})"
    if isinstance(data.as_of, datetime):
        intro += f", tính đến {data.as_of:%H:%M} ngày {data.as_of:%d/%m/%Y}"
    elif data.as_of is not None:
        intro += f", tính đến ngày {data.as_of:%d/%m/%Y}"
    summary = f"Đã có {sent}/{len(data.wards)} xã, phường gửi số liệu."
    if late:
        summary += " Gửi muộn: " + ", ".join(nfc(n) for n in late) + "."
    if missing:
        summary += " Chưa gửi: " + ", ".join(nfc(n) for n in missing) + "."

    rows = []
    for f in data.fields:
        if f.total is not None:
            figure = para(f.total, styles.cell_right, "b")
        elif f.per_ward:
            figure = [para(f"{nfc(name)}: {nfc(value)}", styles.cell)  # type: ignore[assignment]
                      for name, value in f.per_ward]
        else:
            figure = para(DASH, styles.cell_center)
        rows.append([para(f.code, styles.cell), para(f.label, styles.cell),
                     para(f.unit, styles.cell_center),
                     para(format_number(f.reported, lang), styles.cell_right), figure])
    grey = [("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]
    flow: list[Flowable] = [
        para("I. TÌNH HÌNH GỬI SỐ LIỆU", styles.body, "b"),
        para(intro + ":", styles.body),
        data_table(head, body, WARD_WIDTHS_MM, extra_style=grey),
        para(summary, styles.body),
        para("II. SỐ LIỆU TỔNG HỢP", styles.body, "b"),
        para("Chỉ tiêu cộng được (số lượng, tiền, khối lượng) ghi tổng toàn thành phố; chỉ tiêu "
             "tỷ lệ và lựa chọn ghi số liệu của từng xã, phường.", styles.body),
        data_table([[para(h, styles.cell_head) for h in FIELD_HEADINGS]], rows,
                   FIELD_WIDTHS_MM, extra_style=grey),
    ]
    return build_document(flow, settings, styles, doc_type="BÁO CÁO",
                          summary=f"Tổng hợp số liệu các xã, phường "
                                  f"{lower_first(data.period_label)}")
