"""Realistic sample data for ward Nhị Chiểu: used by tests, the benchmark and screenshots.

The CCHC forms are transcribed from Phụ lục 3 of report 329/BC-UBND; the
period-report values are plausible figures, not official ones.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from chiso_desktop.reports.pdf.data import (
    CchcData,
    CompletenessData,
    CompletenessSummary,
    CoverData,
    CoverValue,
    DepartmentCompleteness,
    DocumentSettings,
    FormItem,
    IndicatorRow,
    PeriodReportData,
    StatisticalForm,
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


CCHC_FORMS = (
    StatisticalForm(
        1,
        "Công tác chỉ đạo điều hành cải cách hành chính",
        (
            FormItem(
                "1.",
                "Số văn bản chỉ đạo cải cách hành chính (CCHC) đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)",
                "Văn bản",
                Decimal("7"),
            ),
            FormItem(
                "2.",
                "Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)",
                "%",
                Decimal("51.9"),
                "= 27/52*100",
            ),
            FormItem("2.1.", "Số nhiệm vụ đề ra trong kế hoạch", "Nhiệm vụ", Decimal("52")),
            FormItem("2.2.", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", Decimal("27")),
            FormItem("3.", "Kiểm tra CCHC", ""),
            FormItem("3.1.", "Số sở, ngành đã kiểm tra", "Cơ quan, đơn vị"),
            FormItem("3.2.", "Số UBND cấp xã đã kiểm tra", "Cơ quan, đơn vị"),
            FormItem(
                "3.3.", "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra", "%", None, "= b/a*100"
            ),
            FormItem("3.3.1.", "Số vấn đề phát hiện qua kiểm tra", "Vấn đề", None, "a"),
            FormItem("3.3.2.", "Số vấn đề phát hiện đã xử lý xong", "Vấn đề", None, "b"),
            FormItem(
                "4.",
                "Thực hiện nhiệm vụ Ủy ban nhân dân thành phố, Chủ tịch Ủy ban nhân dân thành phố giao",
                "",
            ),
            FormItem("4.1.", "Tổng số nhiệm vụ được giao", "Nhiệm vụ", Decimal("38")),
            FormItem("4.1.1.", "Số nhiệm vụ đã hoàn thành đúng hạn", "Nhiệm vụ", Decimal("28")),
            FormItem("4.1.2.", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", "Nhiệm vụ", Decimal("0")),
            FormItem(
                "4.1.3.", "Số nhiệm vụ quá hạn nhưng chưa hoàn thành", "Nhiệm vụ", Decimal("0")
            ),
            FormItem("4.2.", "Số lượng phiếu khảo sát", "Số lượng", Decimal("9500")),
            FormItem(
                "4.3.",
                "Hình thức khảo sát",
                "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2",
                Decimal("1"),
            ),
            FormItem(
                "5.",
                "Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp",
                "Không = 0 Có = 1",
                Decimal("0"),
            ),
        ),
    ),
    StatisticalForm(
        2,
        "Cải cách thể chế",
        (
            FormItem(
                "1.", "Tổng số VBQPPL do địa phương ban hành", "Văn bản", Decimal("0"), "= a+b"
            ),
            FormItem("", "Số VBQPPL do cấp xã ban hành", "Văn bản", Decimal("0")),
        ),
    ),
    StatisticalForm(
        3,
        "Cải cách thủ tục hành chính",
        (
            FormItem("1.", "Thực hiện cơ chế một cửa, một cửa liên thông", ""),
            FormItem(
                "1.1.",
                "Tỷ lệ thủ tục hành chính (TTHC) thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa",
                "%",
                Decimal("100"),
            ),
            FormItem(
                "1.2.",
                "Số TTHC đang thực hiện tiếp nhận và giải quyết không phục thuộc vào địa giới hành chính",
                "Thủ tục",
                Decimal("2060"),
            ),
            FormItem("2.", "Kết quả giải quyết TTHC", ""),
            FormItem(
                "2.1.",
                "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn",
                "%",
                Decimal("100"),
                "= 9.275/9.275*100",
            ),
            FormItem(
                "2.1.1.",
                "Tổng số hồ sơ TTHC đã giải quyết xong",
                "Hồ sơ",
                Decimal("9275"),
                italic=True,
            ),
            FormItem(
                "2.1.2.", "Số hồ sơ TTHC giải quyết đúng hạn", "Hồ sơ", Decimal("9275"), italic=True
            ),
            FormItem(
                "2.2.",
                "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC",
                "%",
                Decimal("100"),
                "= 2/2*100",
            ),
            FormItem(
                "2.2.1.",
                "Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)",
                "PAKN",
                Decimal("2"),
                italic=True,
            ),
            FormItem("2.2.2.", "Số PAKN đã giải quyết xong", "PAKN", Decimal("2"), italic=True),
        ),
    ),
    StatisticalForm(
        4,
        "Cải cách tổ chức bộ máy",
        (
            FormItem("1.", "Số liệu về biên chế công chức", ""),
            FormItem("1.1.", "Tổng số biên chế được giao trong năm", "Người", Decimal("52")),
            FormItem(
                "1.2.", "Tổng số biên chế có mặt tại thời điểm báo cáo", "Người", Decimal("43")
            ),
            FormItem(
                "1.3.",
                "Số hợp đồng lao động làm việc tại các cơ quan, tổ chức hành chính",
                "Người",
                Decimal("1"),
            ),
            FormItem("1.4.", "Số biên chế đã tinh giản trong kỳ báo cáo", "Người", Decimal("0")),
            FormItem(
                "2.",
                "Số người làm việc hưởng lương từ ngân sách nhà nước tại các đơn vị sự nghiệp công lập",
                "",
            ),
            FormItem("2.1.", "Tổng số người làm việc được giao", "Người", Decimal("586")),
            FormItem(
                "2.2.",
                "Tổng số người làm việc có mặt tại thời điểm báo cáo",
                "Người",
                Decimal("573"),
            ),
            FormItem("2.3.", "Số người đã tinh giản trong kỳ báo cáo", "Người", Decimal("0")),
            FormItem("2.4.", "Tỷ lệ % đã tinh giản so với năm 2015", "%", Decimal("0")),
        ),
    ),
    StatisticalForm(
        5,
        "Cải cách chế độ công vụ",
        (
            FormItem("1.", "Vị trí việc làm của công chức, viên chức", ""),
            FormItem(
                "1.1.",
                "Số cơ quan, tổ chức hành chính đã được phê duyệt vị trí việc làm theo quy định",
                "Cơ quan, đơn vị",
                Decimal("4"),
            ),
            FormItem(
                "1.2.",
                "Số đơn vị sự nghiệp đã được phê duyệt vị trí việc làm theo quy định",
                "Cơ quan, đơn vị",
                Decimal("19"),
            ),
            FormItem(
                "1.3.",
                "Số cơ quan, tổ chức có vi phạm trong thực hiện vị trí việc làm phát hiện qua thanh tra",
                "Cơ quan, đơn vị",
                Decimal("0"),
            ),
            FormItem("2.", "Tuyển dụng công chức, viên chức", ""),
            FormItem(
                "2.1.", "Số công chức được tuyển dụng (thi tuyển, xét tuyển)", "Người", Decimal("0")
            ),
            FormItem(
                "2.2.",
                "Số viên chức được tuyển dụng (thi tuyển, xét tuyển).",
                "Người",
                Decimal("10"),
            ),
            FormItem(
                "3.",
                "Số lượng lãnh đạo quản lý được tuyển chọn, bổ nhiệm thông qua thi tuyển (Lũy kế từ đầu năm)",
                "Người",
                Decimal("0"),
            ),
            FormItem(
                "4.",
                "Số lượng cán bộ, công chức, viên chức bị kỷ luật (cả về Đảng và chính quyền).",
                "Người",
                Decimal("0"),
                "= a+b+c+d",
            ),
            FormItem(
                "4.1.", "Số lãnh đạo Ủy ban nhân dân cấp xã bị kỷ luật.", "Người", Decimal("0")
            ),
            FormItem(
                "4.2.",
                "Số lãnh đạo cấp phòng Ủy ban nhân dân cấp xã bị kỷ luật.",
                "Người",
                Decimal("0"),
            ),
            FormItem(
                "4.3.",
                "Số người làm việc hưởng lương từ ngân sách nhà nước tại các đơn vị sự nghiệp công lập bị kỷ luật.",
                "Người",
                Decimal("0"),
            ),
        ),
    ),
    StatisticalForm(
        6,
        "Cải cách tài chính công",
        (
            FormItem(
                "1.",
                "Tỷ lệ thực hiện Kế hoạch giải ngân vốn đầu tư công",
                "%",
                Decimal("50.0"),
                "= b/a*100",
            ),
            FormItem("1.1.", "Kế hoạch được giao", "Triệu đồng", Decimal("42809")),
            FormItem("1.2.", "Đã thực hiện", "Triệu đồng", Decimal("21406")),
            FormItem(
                "2.",
                "Thực hiện tự chủ tài chính của đơn vị sự nghiệp (ĐVSN) tại địa phương (lũy kế đến thời điểm báo cáo)",
                "",
                None,
                italic=True,
            ),
            FormItem("2.1.", "Tổng số ĐVSN công lập tại địa phương", "Đơn vị", Decimal("19")),
            FormItem(
                "2.2.", "Số ĐVSN tự bảo đảm chi thường xuyên và chi đầu tư", "Đơn vị", Decimal("0")
            ),
            FormItem("2.3.", "Số ĐVSN tự bảo đảm chi thường xuyên", "Đơn vị", Decimal("0")),
            FormItem(
                "2.4.", "Số ĐVSN tự bảo đảm một phần chi thường xuyên", "Đơn vị", Decimal("19")
            ),
            FormItem(
                "2.4.1.",
                "Số ĐVSN tự bảo đảm từ 70% - dưới 100% chi thường xuyên",
                "Đơn vị",
                Decimal("0"),
                italic=True,
            ),
            FormItem(
                "2.4.2.",
                "Số ĐVSN tự bảo đảm từ 30% - dưới 70% chi thường xuyên",
                "Đơn vị",
                Decimal("0"),
                italic=True,
            ),
            FormItem(
                "2.4.3.",
                "Số ĐVSN tự bảo đảm từ 10% - dưới 30% chi thường xuyên",
                "Đơn vị",
                Decimal("0"),
                italic=True,
            ),
            FormItem(
                "2.5.", "Số ĐVSN do Nhà nước bảo đảm chi thường xuyên", "Đơn vị", Decimal("19")
            ),
            FormItem(
                "2.6.",
                "Số lượng ĐVSN đã chuyển đổi thành công ty cổ phần (lũy kế đến thời điểm báo cáo)",
                "Đơn vị",
                Decimal("0"),
                italic=True,
            ),
        ),
    ),
    StatisticalForm(
        7,
        "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        (
            FormItem("1.", "Cung cấp dịch vụ công trực tuyến (DVCTT)", ""),
            FormItem(
                "1.1.", "Tỷ lệ DVCTT toàn trình đủ điều kiện", "%", Decimal("100"), "= b/a*100"
            ),
            FormItem(
                "1.1.1.",
                "Tổng số DVC đủ điều kiện lên trực tuyến toàn trình",
                "Thủ tục",
                Decimal("219"),
                italic=True,
            ),
            FormItem("1.1.2.", "Số lượng DVCTT toàn trình", "Thủ tục", Decimal("219"), italic=True),
            FormItem(
                "1.2.",
                "Tỷ lệ DVC có phát sinh hồ sơ nộp trực tuyến (toàn trình + một phần)",
                "%",
                Decimal("100"),
                "= b/a*100",
            ),
            FormItem(
                "1.2.1.",
                "Tổng số DVCTT có phát sinh hồ sơ (gồm các DVCTT có phát sinh hồ sơ trực tuyến hoặc trực tiếp hoặc cả 2 hình thức)",
                "Thủ tục",
                Decimal("39"),
                italic=True,
            ),
            FormItem(
                "1.2.2.",
                "Số DVCTT có phát sinh hồ sơ trực tuyến",
                "Thủ tục",
                Decimal("39"),
                italic=True,
            ),
            FormItem("1.3.", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", Decimal("100"), "= b/a*100"),
            FormItem(
                "1.3.1.",
                "Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)",
                "Thủ tục",
                Decimal("752"),
                italic=True,
            ),
            FormItem(
                "1.3.2.",
                "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình",
                "Thủ tục",
                Decimal("752"),
                italic=True,
            ),
            FormItem("1.4.", "Tỷ lệ hồ sơ trực tuyến một phần", "%", Decimal("100"), "= b/a*100"),
            FormItem(
                "1.4.1.",
                "Tổng số hồ sơ của DVCTT một phần (gồm hồ sơ nộp trực tuyến + trực tiếp)",
                "Hồ sơ",
                Decimal("8523"),
                italic=True,
            ),
            FormItem(
                "1.4.2.",
                "Số hồ sơ nộp trực tuyến của các DVCTT một phần",
                "Hồ sơ",
                Decimal("8523"),
                italic=True,
            ),
            FormItem(
                "1.5.",
                "Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến",
                "%",
                Decimal("100"),
                "= b/a*100",
            ),
            FormItem(
                "1.5.1.",
                "Tổng số TTHC có yêu cầu nghĩa vụ tài chính (tất cả các TTHC có phát sinh phí, lệ phí,...)",
                "Thủ tục",
                Decimal("43"),
                italic=True,
            ),
            FormItem(
                "1.5.2.",
                "Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến trên Cổng DVC quốc gia",
                "Thủ tục",
                Decimal("43"),
                italic=True,
            ),
        ),
    ),
)


def sample_cchc() -> CchcData:
    return CchcData(
        unit_name=UNIT_NAME,
        period_label="6 tháng đầu năm 2026",
        forms=CCHC_FORMS,
        report_reference="329/BC-UBND ngày 09/6/2026 của Ủy ban nhân dân phường Nhị Chiểu",
    )


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
