"""The Decree 30 frame: repeated table headers, page numbers from page 2, NFC, formats."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm

from chiso_desktop.reports.pdf.cover import qr_drawing, short_fingerprint
from chiso_desktop.reports.pdf.data import IndicatorRow, PeriodReportData
from chiso_desktop.reports.pdf.forms import build_form
from chiso_desktop.reports.pdf.layout import (
    MARGIN_LEFT,
    MARGIN_TOP,
    PAGE_SIZE,
    date_line,
    format_cell,
    format_number,
    format_signed,
)
from chiso_desktop.reports.pdf.period_report import change_text
from tests.support.pdf import all_text, flat, page_texts, reader
from tests.support.samples import sample_period_report, sample_settings

HEADER_STRINGS = ("Chỉ số / thông tin dữ liệu", "Đơn vị tính", "So với kỳ trước", "Ghi chú")


def long_report(rows: int = 120) -> PeriodReportData:
    return PeriodReportData(
        unit_name="Phường Nhị Chiểu",
        period_label="Tháng 6/2026",
        rows=[
            IndicatorRow(
                group_code="A",
                group_name="Nhóm A. Các chỉ tiêu phát triển kinh tế - xã hội cấp xã",
                indicator_code=f"T.{i:03d}",
                indicator_name=f"Chỉ tiêu thử nghiệm số {i} về hồ sơ thủ tục hành chính",
                field_label="",
                unit="Hồ sơ",
                value=Decimal(9275 + i),
                previous=Decimal(9000),
            )
            for i in range(1, rows + 1)
        ],
    )


def test_long_table_repeats_its_header_on_every_page() -> None:
    pdf = build_form("period-report", long_report(), sample_settings())
    texts = page_texts(pdf)
    assert len(texts) >= 3
    table_pages = [t for t in texts if "T.0" in t or "T.1" in t]
    assert len(table_pages) >= 3
    for text in table_pages:
        for heading in HEADER_STRINGS:
            assert heading in text
    assert "T.120" in texts[-1] or "T.120" in texts[-2]


def _texts_at_top_centre(page) -> list[str]:
    """Text drawn in the top margin, around the horizontal centre of the text block."""
    found: list[str] = []
    centre = MARGIN_LEFT + (PAGE_SIZE[0] - MARGIN_LEFT - 15 * mm) / 2

    def visit(text, cm, tm, font_dict, font_size) -> None:
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        if text.strip() and y > PAGE_SIZE[1] - MARGIN_TOP and abs(x - centre) < 15 * mm:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_page_numbers_start_on_page_two_at_top_centre() -> None:
    pdf = build_form("period-report", long_report(), sample_settings())
    pages = reader(pdf).pages
    assert _texts_at_top_centre(pages[0]) == []
    for number, page in enumerate(pages[1:], start=2):
        assert _texts_at_top_centre(page) == [str(number)]


def test_decomposed_input_comes_out_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Phường Nhị Chiểu")
    assert nfd != "Phường Nhị Chiểu"
    data = replace(sample_period_report(), unit_name=nfd)
    settings = sample_settings(signer_name=unicodedata.normalize("NFD", "Lãnh Duy Tiến"))
    text = all_text(build_form("period-report", data, settings))
    assert "Phường Nhị Chiểu báo cáo" in text
    assert "Lãnh Duy Tiến" in text
    assert nfd not in text


def test_markup_characters_in_names_are_drawn_literally() -> None:
    data = long_report(3)
    rows = [replace(data.rows[0], indicator_name="Thu & chi <ngân sách>"), *data.rows[1:]]
    text = all_text(build_form("period-report", replace(data, rows=rows), sample_settings()))
    assert "Thu & chi <ngân sách>" in text


def test_english_column_headings_when_asked() -> None:
    text = all_text(build_form("period-report", sample_period_report(), sample_settings(lang="en")))
    assert "Indicator / data item" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "9,275" in text  # English number format in the table


def test_issuer_breaks_after_uy_ban_nhan_dan_when_too_wide() -> None:
    pdf = build_form("targets", *_targets())
    first = reader(pdf).pages[0].extract_text()
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG NHỊ CHIỂU" in first.replace(" \n", "\n").replace("\n ", "\n")


def _targets():
    from tests.support.samples import sample_targets

    return sample_targets(), sample_settings()


def test_vietnamese_number_formats() -> None:
    assert format_number(Decimal("9275")) == "9.275"
    assert format_number(Decimal("51.9")) == "51,9"
    assert format_number(Decimal("50.0")) == "50,0"
    assert format_number(9275, "en") == "9,275"
    assert format_number(Decimal("0.123456")) == "0,123"
    assert format_signed(Decimal("-3.2")) == "\u22123,2"
    assert format_signed(Decimal("125")) == "+125"
    assert format_cell(None, empty="—") == "—"
    assert format_cell("Phát phiếu (1)") == "Phát phiếu (1)"


def test_changes_show_points_for_percent_and_relative_for_counts() -> None:
    assert change_text(Decimal("9275"), Decimal("7540"), "Hồ sơ", "vi") == "+1.735 (+23,0%)"
    assert change_text(Decimal("51.9"), Decimal("44.0"), "%", "vi") == "+7,9"
    assert change_text(Decimal("5"), None, "Hộ", "vi") == "—"
    assert change_text("Có", Decimal("1"), "", "vi") == "—"
    assert change_text(Decimal("3"), Decimal("3"), "Hộ", "vi") == "0"


def test_date_line_follows_decree_30_padding() -> None:
    assert date_line("Nhị Chiểu", date(2026, 6, 9)) == "Nhị Chiểu, ngày 09 tháng 6 năm 2026"
    assert date_line("Nhị Chiểu", date(2026, 1, 15)) == "Nhị Chiểu, ngày 15 tháng 01 năm 2026"
    assert date_line("Nhị Chiểu", date(2026, 12, 1)) == "Nhị Chiểu, ngày 01 tháng 12 năm 2026"


def test_cover_fingerprint_and_qr_carry_the_bundle_hash() -> None:
    digest = "9f2c41d07be85a3361f0c2e4d9a7b6158c3e0f4a2d71b9e6c5a8f3d2e1b0c4a7"
    assert short_fingerprint(digest) == "9F2C 41D0 7BE8 5A33"
    drawing = qr_drawing(digest)
    assert drawing.contents[0].value == digest
    assert flat("9F2C 41D0 7BE8 5A33") in all_text(build_form("cover", *_cover()))


def _cover():
    from tests.support.samples import sample_cover, sample_cover_settings

    return sample_cover(), sample_cover_settings()
