"""Realistic sample data for ward Nhị Chiểu, for the PDF tests (test data: not shipped).

The CCHC forms are the shipped catalog filled with Phụ lục 3's values
(``resources/samples/``); the period-report values are plausible figures, not
official ones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from chiso_desktop.reports.pdf.data import (
    CchcData,
    CityFieldRow,
    CityReportData,
    CityWardRow,
    CompletenessData,
    CompletenessSummary,
    CoverData,
    CoverValue,
    DepartmentCompleteness,
    DocumentSettings,
    IndicatorRow,
    PeriodReportData,
    TargetRow,
    TargetsData,
    TargetStatus,
)

UNIT_NAME = "Phường Nhị Chiểu"
KT = "Phòng Kinh tế, Hạ tầng và Đô thị"
VHXH = "Phòng Văn hóa - Xã hội"
HCC = "Trung tâm Phục vụ Hành chính công"


def sample_settings(**changes: object) -> DocumentSettings:
    base = DocumentSettings(
        parent_body="UBND THÀNH PHỐ HẢI PHÒNG",
        issuer="ỦY BAN NHÂN DÂN PHƯỜNG NHỊ CHIỂU",
        place="Nhị Chiểu",
        number="329",
        symbol="BC-UBND",
        date=date(2026, 6, 9),
        recipients=(
            "Sở Nội vụ thành phố Hải Phòng;",
            "Thường trực Đảng ủy - HĐND phường;",
            "Lãnh đạo UBND phường;",
            "Các phòng, ban chuyên môn;",
            "Lưu: VT, VP.",
        ),
        signature_lines=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        signer_name="Lãnh Duy Tiến",
    )
    return DocumentSettings(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def sample_cover_settings() -> DocumentSettings:
    """A department signs its own sheet: the department issues, the Office receives."""
    return sample_settings(
        parent_body="UBND PHƯỜNG NHỊ CHIỂU",
        issuer="TRUNG TÂM PHỤC VỤ\nHÀNH CHÍNH CÔNG",
        number="",
        symbol="PGSL-TTPVHCC",
        date=date(2026, 6, 12),
        recipients=("Văn phòng HĐND - UBND phường;", "Lưu: TTPVHCC."),
        signature_lines=("GIÁM ĐỐC",),
        signer_name="Phạm Văn Đức",
    )


def sample_cchc() -> CchcData:
    """Phụ lục 3 of report 329/BC-UBND as the app prints it, not transcribed a second time.

    The shipped CCHC catalog with the report's values (``resources/samples/``), typed
    into a throw-away database and gathered by the core (``reports.gather.cchc_data``).
    """
    return _cchc_from_resources()


@lru_cache(maxsize=1)
def _cchc_from_resources() -> CchcData:
    import tempfile
    import tomllib
    from pathlib import Path

    from chiso_desktop.entry.ops import Entry, set_values
    from chiso_desktop.paths import resources_dir
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.reports.gather import cchc_data
    from chiso_desktop.setup.installation import InitRequest, init_installation
    from chiso_desktop.store.db import open_database

    sample = tomllib.loads((resources_dir() / "samples" / "nhichieu-cchc-2026S1.toml")
                           .read_text(encoding="utf-8"))
    period = parse_period(sample["period"])
    with tempfile.TemporaryDirectory(prefix="chiso-sample-") as tmp:
        db = open_database(Path(tmp) / "sample.db")
        try:
            with db.session() as s, s.begin():
                init_installation(s, InitRequest(role="office", unit=sample["unit"],
                                                 catalogs=(sample["catalog"],)))
                set_values(s, period, [Entry(code, text) for code, text in
                                       sample["values"].items()], actor="Lan", lang="en")
            with db.session() as s:
                data = cchc_data(s, period, "vi")
        finally:
            db.close()
    return replace(data, report_reference=REPORT_329)


REPORT_329 = "329/BC-UBND ngày 09/6/2026 của Ủy ban nhân dân phường Nhị Chiểu"


GROUP_A = ("A", "Nhóm A. Các chỉ tiêu phát triển kinh tế - xã hội cấp xã")
GROUP_D = ("D", "Nhóm D. Thông tin dân sinh - kinh tế phục vụ chỉ đạo, điều hành")

# (code, name, group, items: (label, unit, value, previous, last year))
WARD_INDICATORS: tuple[tuple[str, str, tuple[str, str], tuple[tuple[str, ...], ...]], ...] = (
    (
        "A.1",
        "Tổng giá trị sản xuất",
        GROUP_A,
        (
            ("Giá so sánh", "Tỷ đồng", "4125.6", "1987.2", "3890.4"),
            ("Giá hiện hành", "Tỷ đồng", "6210.3", "3004.8", "5822.1"),
        ),
    ),
    (
        "A.2",
        "Giá trị sản xuất ngành Nông nghiệp - Thủy sản",
        GROUP_A,
        (
            ("Giá so sánh", "Tỷ đồng", "86.4", "41.2", "84.9"),
            ("Giá hiện hành", "Tỷ đồng", "132.7", "63.5", "128.0"),
        ),
    ),
    (
        "A.3",
        "Giá trị sản xuất ngành Công nghiệp",
        GROUP_A,
        (
            ("Giá so sánh", "Tỷ đồng", "2210.5", "1060.1", "2071.3"),
            ("Giá hiện hành", "Tỷ đồng", "3348.0", "1612.4", "3120.6"),
            ("Tốc độ tăng trưởng", "%", "6.7", "6.2", "5.9"),
        ),
    ),
    (
        "A.4",
        "Giá trị sản xuất ngành Xây dựng",
        GROUP_A,
        (
            ("Giá so sánh", "Tỷ đồng", "918.2", "430.7", "870.5"),
            ("Giá hiện hành", "Tỷ đồng", "1401.9", "660.2", "1318.4"),
            ("Tốc độ tăng trưởng", "%", "5.5", "5.1", "4.8"),
        ),
    ),
    (
        "A.5",
        "Giá trị sản xuất ngành Dịch vụ",
        GROUP_A,
        (
            ("Giá so sánh", "Tỷ đồng", "910.5", "455.2", "863.7"),
            ("Giá hiện hành", "Tỷ đồng", "1327.7", "668.7", "1255.1"),
            ("Tốc độ tăng trưởng", "%", "5.4", "5.0", "5.2"),
        ),
    ),
    ("A.6", "Thu nhập bình quân đầu người/năm", GROUP_A, (("", "Triệu đồng", "82.5", "", "76.3"),)),
    (
        "A.7",
        "Giá trị sản xuất trồng trọt, thủy sản/ha đất nông nghiệp (giá hiện hành)",
        GROUP_A,
        (("", "Triệu đồng/ha", "215.4", "104.0", "209.8"),),
    ),
    (
        "A.8",
        "Thu ngân sách nhà nước trên địa bàn",
        GROUP_A,
        (
            ("Dự toán giao", "Triệu đồng", "42809", "42809", "39500"),
            ("Thực hiện", "Triệu đồng", "21406", "9875", "18240"),
            ("Tỷ lệ so với dự toán", "%", "50.0", "23.1", "46.2"),
        ),
    ),
    (
        "A.9",
        "Tỷ lệ giải ngân vốn đầu tư công",
        GROUP_A,
        (
            ("Kế hoạch vốn", "Triệu đồng", "52000", "52000", "47300"),
            ("Đã giải ngân", "Triệu đồng", "26988", "14560", "20812"),
            ("Tỷ lệ giải ngân", "%", "51.9", "28.0", "44.0"),
        ),
    ),
    (
        "A.10",
        "Phát triển kinh tế tập thể, kinh tế tư nhân (hộ kinh doanh đăng ký mới)",
        GROUP_A,
        (("", "Hộ", "148", "71", "131"),),
    ),
    (
        "A.11",
        "Tỷ lệ hộ nghèo theo chuẩn đa chiều",
        GROUP_A,
        (("Số hộ nghèo", "Hộ", "37", "41", "52"), ("Tỷ lệ hộ nghèo", "%", "0.31", "0.35", "0.44")),
    ),
    (
        "A.12",
        "Hợp tác xã, kinh tế tập thể",
        GROUP_A,
        (
            ("Đang hoạt động", "HTX", "12", "12", "11"),
            ("Thành lập mới", "HTX", "1", "0", "0"),
            ("Vốn điều lệ", "Tỷ đồng", "18.6", "17.9", "16.2"),
            ("Giải thể", "HTX", "0", "0", "1"),
        ),
    ),
    ("A.13", "Tỷ lệ gia đình văn hóa hằng năm", GROUP_A, (("", "%", "93.8", "", "92.6"),)),
    ("A.14", "Tỷ lệ khu dân cư văn hóa hằng năm", GROUP_A, (("", "%", "96.2", "", "94.3"),)),
    (
        "A.15",
        "Số trường đạt chuẩn quốc gia",
        GROUP_A,
        (
            ("Mầm non", "Trường", "6", "", "5"),
            ("Tiểu học", "Trường", "5", "", "5"),
            ("Trung học cơ sở", "Trường", "3", "", "3"),
        ),
    ),
    (
        "A.16",
        "Tỷ lệ người dân tham gia bảo hiểm y tế (BHYT)",
        GROUP_A,
        (("", "%", "94.6", "94.1", "93.2"),),
    ),
    (
        "A.17",
        "Tỷ lệ lao động trong độ tuổi tham gia BHXH",
        GROUP_A,
        (("", "%", "41.3", "", "38.7"),),
    ),
    ("A.18", "Trạm y tế đạt chuẩn quốc gia", GROUP_A, (("", "Không = 0, Có = 1", "1", "1", "1"),)),
    ("A.19", "Tỷ lệ hộ dùng nước sạch hợp vệ sinh", GROUP_A, (("", "%", "100", "100", "99.6"),)),
    (
        "A.20",
        "Tỷ lệ thu gom chất thải rắn sinh hoạt",
        GROUP_A,
        (
            ("Khối lượng thu gom", "Tấn", "9275", "4610", "8830"),
            ("Tỷ lệ thu gom", "%", "98.5", "98.2", "97.1"),
        ),
    ),
    ("A.21", "Tỷ lệ phân loại rác thải tại nguồn", GROUP_A, (("", "%", "36.4", "31.0", "22.5"),)),
    (
        "A.22",
        "Tỷ lệ giải quyết thủ tục hành chính đúng hạn",
        GROUP_A,
        (
            ("Tổng số hồ sơ đã giải quyết", "Hồ sơ", "9275", "7540", "8102"),
            ("Số hồ sơ giải quyết đúng hạn", "Hồ sơ", "9275", "7538", "8090"),
            ("Tỷ lệ đúng hạn", "%", "100", "99.97", "99.85"),
        ),
    ),
    (
        "A.23",
        "Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận",
        GROUP_A,
        (
            ("Tổng số hồ sơ tiếp nhận", "Hồ sơ", "9275", "7540", "8102"),
            ("Số hồ sơ trực tuyến", "Hồ sơ", "8523", "6802", "6230"),
            ("Tỷ lệ trực tuyến", "%", "91.9", "90.2", "76.9"),
        ),
    ),
    (
        "A.24",
        "Số lượng hộ kinh doanh có hoạt động đổi mới sáng tạo",
        GROUP_A,
        (("", "Hộ", "27", "", "19"),),
    ),
    ("A.25", "Tỷ lệ lao động qua đào tạo", GROUP_A, (("", "%", "78.4", "", "75.0"),)),
    (
        "D.1",
        "Các thông tin về dân sinh - kinh tế",
        GROUP_D,
        (
            ("Dân số trung bình", "Người", "58342", "58190", "57615"),
            ("Số hộ dân cư", "Hộ", "16920", "16874", "16540"),
            ("Diện tích đất trồng trọt", "Ha", "412.6", "412.6", "418.3"),
            ("Tổng đàn gia súc, gia cầm", "Con", "38450", "37210", "36900"),
            ("Diện tích nuôi trồng thủy sản", "Ha", "96.5", "96.5", "98.0"),
            ("Số hộ thiếu đói", "Hộ", "0", "0", "0"),
        ),
    ),
    (
        "D.2",
        "Số hộ/người được hỗ trợ lương thực do thiên tai, hỏa hoạn, giáp hạt",
        GROUP_D,
        (("Số hộ", "Hộ", "0", "0", "3"), ("Số người", "Người", "0", "0", "11")),
    ),
    ("D.3", "Tổng số gạo hỗ trợ", GROUP_D, (("", "Tấn", "0", "0", "0.165"),)),
)


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def sample_period_report() -> PeriodReportData:
    rows = [
        IndicatorRow(
            group_code=group[0],
            group_name=group[1],
            indicator_code=code,
            indicator_name=name,
            field_label=label,
            unit=unit,
            value=Decimal(value),
            previous=_dec(previous),
            last_year=_dec(last_year),
        )
        for code, name, group, items in WARD_INDICATORS
        for label, unit, value, previous, last_year in items
    ]
    rows[0] = IndicatorRow(**{**rows[0].__dict__, "note": "Số ước tính"})
    return PeriodReportData(
        unit_name=UNIT_NAME,
        period_label="6 tháng đầu năm 2026",
        rows=rows,
        completeness=CompletenessSummary(
            expected=len(rows),
            received=len(rows) - 2,
            late=3,
            departments_expected=3,
            departments_reported=3,
        ),
        catalog_name="Bộ chỉ số phục vụ công tác chỉ đạo, điều hành trên môi trường điện tử",
    )


def sample_cover() -> CoverData:
    values = [
        CoverValue(
            "A.22",
            "Tỷ lệ giải quyết thủ tục hành chính đúng hạn",
            "Tổng số hồ sơ đã giải quyết",
            "Hồ sơ",
            Decimal("9275"),
            field_code="A.22.1",
        ),
        CoverValue(
            "A.22",
            "Tỷ lệ giải quyết thủ tục hành chính đúng hạn",
            "Số hồ sơ giải quyết đúng hạn",
            "Hồ sơ",
            Decimal("9275"),
            field_code="A.22.2",
        ),
        CoverValue(
            "A.22",
            "Tỷ lệ giải quyết thủ tục hành chính đúng hạn",
            "Tỷ lệ đúng hạn",
            "%",
            Decimal("100"),
            field_code="A.22.3",
        ),
        CoverValue(
            "A.23",
            "Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận",
            "Tổng số hồ sơ tiếp nhận",
            "Hồ sơ",
            Decimal("9275"),
            field_code="A.23.1",
        ),
        CoverValue(
            "A.23",
            "Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận",
            "Số hồ sơ trực tuyến",
            "Hồ sơ",
            Decimal("8523"),
            field_code="A.23.2",
        ),
        CoverValue(
            "A.23",
            "Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận",
            "Tỷ lệ trực tuyến",
            "%",
            Decimal("91.9"),
            field_code="A.23.3",
        ),
        CoverValue(
            "CCHC.1.2",
            "Tỷ lệ hoàn thành Kế hoạch CCHC năm",
            "",
            "%",
            Decimal("51.9"),
            "= 27/52*100",
            field_code="CCHC.1.2.1",
        ),
        CoverValue("CCHC.4.3", "Hình thức khảo sát", "", "Mã", "Phát phiếu (1)",
            field_code="CCHC.4.3.1",
        ),
        CoverValue(
            "CCHC.3.3",
            "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra",
            "",
            "%",
            None,
            "Không phát sinh",
            field_code="CCHC.3.3.1",
        ),
    ]
    return CoverData(
        unit_name=UNIT_NAME,
        department_name=HCC,
        period_label="Tháng 6/2026",
        bundle_id="HCC-202606-0003",
        bundle_hash="9f2c41d07be85a3361f0c2e4d9a7b6158c3e0f4a2d71b9e6c5a8f3d2e1b0c4a7",
        values=values,
        officer_name="Nguyễn Thị Hương",
        head_name="Phạm Văn Đức",
        exported_at=datetime(2026, 6, 12, 16, 45),
        key_fingerprint="5KQ7-M2XD-9HTA-RW3E",
    )


def sample_completeness() -> CompletenessData:
    return CompletenessData(
        unit_name=UNIT_NAME,
        period_label="Tháng 6/2026",
        departments=(
            DepartmentCompleteness("KT", KT, 52, 27, late=2, overdue=25),
            DepartmentCompleteness("VHXH", VHXH, 12, 12, late=1),
            DepartmentCompleteness("HCC", HCC, 6, 6),
            DepartmentCompleteness("CA", "Công an phường", 4, 3, overdue=1),
            DepartmentCompleteness("QS", "Ban Chỉ huy quân sự phường", 2, 0, overdue=2),
            DepartmentCompleteness("VP", "Văn phòng HĐND - UBND", 8, 8),
        ),
        deadline=date(2026, 6, 17),
        as_of=date(2026, 6, 18),
    )


def sample_targets() -> TargetsData:
    met, not_met, no_data = TargetStatus.MET, TargetStatus.NOT_MET, TargetStatus.NO_DATA
    return TargetsData(
        unit_name=UNIT_NAME,
        period_label="6 tháng đầu năm 2026",
        targets=(
            TargetRow(
                "A.22",
                "Tỷ lệ giải quyết thủ tục hành chính đúng hạn",
                "≥ 98%",
                "%",
                Decimal("100"),
                met,
            ),
            TargetRow(
                "A.23",
                "Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận",
                "≥ 80%",
                "%",
                Decimal("91.9"),
                met,
            ),
            TargetRow(
                "A.9",
                "Tỷ lệ giải ngân vốn đầu tư công",
                "≥ 60% (đến 30/6)",
                "%",
                Decimal("51.9"),
                not_met,
                "Chậm giải phóng mặt bằng",
            ),
            TargetRow(
                "A.16",
                "Tỷ lệ người dân tham gia bảo hiểm y tế (BHYT)",
                "≥ 95%",
                "%",
                Decimal("94.6"),
                not_met,
            ),
            TargetRow(
                "A.19", "Tỷ lệ hộ dùng nước sạch hợp vệ sinh", "100%", "%", Decimal("100"), met
            ),
            TargetRow(
                "A.20", "Tỷ lệ thu gom chất thải rắn sinh hoạt", "≥ 98%", "%", Decimal("98.5"), met
            ),
            TargetRow(
                "A.21", "Tỷ lệ phân loại rác thải tại nguồn", "≥ 40%", "%", Decimal("36.4"), not_met
            ),
            TargetRow(
                "A.11", "Tỷ lệ hộ nghèo theo chuẩn đa chiều", "≤ 0,5%", "%", Decimal("0.31"), met
            ),
            TargetRow(
                "A.20a",
                "Khối lượng chất thải rắn thu gom",
                "≥ 9.000 tấn",
                "Tấn",
                Decimal("9275"),
                met,
            ),
            TargetRow(
                "A.25",
                "Tỷ lệ lao động qua đào tạo",
                "≥ 80%",
                "%",
                None,
                no_data,
                "Chỉ số báo cáo năm",
            ),
        ),
    )


def sample_city() -> CityReportData:
    """A city's month: three wards (two diacritic twins), a total and a per-ward rate."""
    return CityReportData(
        unit_name="Thành phố Hải Phòng",
        period_label="Tháng 6/2026",
        wards=(
            CityWardRow("11311", UNIT_NAME, 15, 15, date(2026, 6, 12), "on-time"),
            CityWardRow("11401", "Xã Đông Hà", 15, 9, date(2026, 6, 22), "late"),
            CityWardRow("11402", "Xã Đồng Hà", 15, 0, None, "not-sent"),
        ),
        fields=(
            CityFieldRow("A.XIII.1.1", "Số hồ sơ tiếp nhận", "Hồ sơ", 2, "9.275"),
            CityFieldRow("A.XIII.21.1", "Tỷ lệ giải quyết thủ tục hành chính đúng hạn", "%", 2,
                         None, ((UNIT_NAME, "51,9%"), ("Xã Đông Hà", "98,5%"))),
        ),
        deadline=date(2026, 6, 19),
        as_of=date(2026, 6, 25),
    )
