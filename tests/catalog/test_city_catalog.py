"""The Hải Phòng city set (2081/QĐ-UBND) is transcribed completely and faithfully.

Expected values below are copied from section III of the decision
(``shared/seeds/004_0c1e355f51cadc1d.txt``), so a careless regeneration of the
TOML shows up as a failing row, not as a silently different catalog.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal

import pytest

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, CatalogKind, FieldType, Frequency
from chiso_desktop.paths import catalogs_dir

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
SUBGROUP_COUNTS = [4, 5, 1, 6, 3, 8, 1, 7, 4, 9, 5, 8, 24]


@pytest.fixture(scope="module")
def city() -> Catalog:
    return load_catalog_file(catalogs_dir() / "hp-2081-2026.toml")


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


def test_header(city: Catalog) -> None:
    assert city.id == "hp-2081-2026"
    assert city.kind is CatalogKind.INDICATOR_SET
    assert city.document == "2081/QĐ-UBND"
    assert city.issued == "2026-06-03"
    assert city.replaces == "5340/QĐ-UBND"
    assert city.issuer == "UBND thành phố Hải Phòng"


def test_total_and_group_counts(city: Catalog) -> None:
    per_group = Counter(i.group for i in city.indicators)
    assert len(city.indicators) == 109
    for roman, count in zip(ROMAN, SUBGROUP_COUNTS, strict=True):
        assert per_group[f"A.{roman}"] == count, roman
    assert sum(per_group[f"A.{r}"] for r in ROMAN) == 85
    assert per_group["B"] == 15  # section 3.2 and the table; section II's "24" disagrees
    assert per_group["C"] == 2
    assert per_group["D"] == 7


def test_groups_form_a_tree(city: Catalog) -> None:
    codes = [g.code for g in city.groups]
    assert codes == ["A", *[f"A.{r}" for r in ROMAN], "B", "C", "D"]
    assert all(g.parent == "A" for g in city.groups if g.code.startswith("A."))
    names = {g.code: g.name for g in city.groups}
    assert names["A.XIII"] == (
        "Nhóm chỉ số theo dõi giám sát về tình hình phát triển KT-XH của các địa phương"
    )
    assert names["A.IV"] == "Tài chính – Doanh nghiệp"


def test_codes_follow_document_numbering(city: Catalog) -> None:
    for ind in city.indicators:
        assert ind.code == f"{ind.group}.{ind.number}"
    numbers_by_group: dict[str, list[int]] = {}
    for ind in city.indicators:
        numbers_by_group.setdefault(ind.group, []).append(int(ind.number))
    for group, numbers in numbers_by_group.items():
        assert numbers == list(range(1, len(numbers) + 1)), group


def test_field_code_rule(city: Catalog) -> None:
    for ind in city.indicators:
        assert ind.fields, ind.code
        for pos, field in enumerate(ind.fields, 1):
            assert field.code == f"{ind.code}.{pos}"
            if field.parent:
                earlier = [f.code for f in ind.fields[: pos - 1]]
                assert field.parent in earlier, field.code


def test_text_is_clean_nfc(city: Catalog) -> None:
    markup = re.compile(r"</?\w+>|\*\*")
    for ind in city.indicators:
        texts = [ind.name, ind.scope, ind.disaggregation, ind.agency, ind.frequency_text]
        texts += [f.label for f in ind.fields] + [f.unit for f in ind.fields]
        for text in texts:
            assert is_nfc(text), ind.code
            assert not markup.search(text), (ind.code, text)


def test_units_and_types_are_consistent(city: Catalog) -> None:
    for field in city.all_fields():
        if field.type is FieldType.PERCENT:
            assert field.unit == "%"
            assert (field.min, field.max) == (Decimal(0), Decimal(100))
        if field.type is FieldType.MONEY:
            assert field.unit in {"Tỷ đồng", "Triệu đồng", "VNĐ"}
        if field.type is FieldType.TEXT:
            assert field.unit == "" and not field.unit_inferred
        if field.type is FieldType.INTEGER:
            assert field.min == Decimal(0)
        if field.unit and field.code != "A.V.3.1":  # kWh is printed, in the Phân tổ column
            assert field.unit_inferred, field.code


# code, name, frequency_text, frequencies, scope, disaggregation, agency, [(label, unit, type)]
SAMPLES = [
    ("A.I.1", "Chỉ số giá tiêu dùng tháng", "Tháng", ["month"], "Toàn thành phố",
     "11 nhóm hành chính", "Thống kê thành phố",
     [("So với tháng trước", "%", "decimal"), ("So với tháng 12 năm trước", "%", "decimal"),
      ("So với cùng kỳ năm trước", "%", "decimal")]),
    ("A.II.1", "Thu ngân sách", "Ngày/ Tháng", ["day", "month"], "Toàn thành phố",
     "Các khoản thu chủ yếu", "Sở Tài chính",
     [("Lũy kế đến kỳ báo cáo", "Tỷ đồng", "money"), ("So sánh với dự toán", "%", "decimal")]),
    ("A.III.1", "Dư nợ tín dụng của các tổ chức tín dụng, chi nhánh Ngân hàng nước ngoài",
     "Tháng", ["month"], "Toàn thành phố",
     "Phân ngành kinh tế (VSIC)/ thành phố/loại hình kinh tế", "Ngân hàng Nhà nước Khu vực 6",
     [("Dư nợ tín dụng của các tổ chức tín dụng, chi nhánh Ngân hàng nước ngoài", "Tỷ đồng",
       "money")]),
    ("A.IV.3", "Hợp tác xã, kinh tế tập thể", "Tháng", ["month"],
     "Tổng hợp trên toàn thành phố", "Phân ngành kinh tế",
     "UBND cấp xã (Báo cáo trên phạm vi quản lý)",
     [("Đang hoạt động", "Hợp tác xã", "integer"), ("Thành lập mới", "Hợp tác xã", "integer"),
      ("Vốn điều lệ", "Tỷ đồng", "money"), ("Giải thể", "Hợp tác xã", "integer")]),
    ("A.IV.6", "Dự án đầu tư công", "Tháng", ["month"], "Toàn thành phố", "Phân ngành kinh tế",
     "Sở Tài chính (số lượng dự án; tổng vốn đầu tư) Kho bạc Nhà nước khu vực III "
     "(giải ngân theo dự án)",
     [("Số lượng dự án", "Dự án", "integer"), ("Tổng vốn đầu tư", "Tỷ đồng", "money"),
      ("Giải ngân theo dự án", "Tỷ đồng", "money")]),
    ("A.V.3", "Điện năng", "6 tháng/lần", ["half-year"], "Toàn thành phố", "Kwh",
     "Sở Công Thương", [("Điện năng", "kWh", "decimal")]),
    ("A.VI.7", "Diện tích rừng bị thiệt hại", "Tháng", ["month"], "Toàn thành phố", "",
     "Sở Nông nghiệp và Môi trường",
     [("Bị chặt phá", "Ha", "decimal"), ("Bị cháy", "Ha", "decimal")]),
    ("A.VII.1", "Nhà ở và thị trường bất động sản", "Tháng", ["month"], "Toàn thành phố",
     "Phân loại công trình", "Sở Xây dựng",
     [("Số lượng công trình xây dựng nhà ở", "Công trình", "integer"),
      ("Diện tích công trình xây dựng nhà ở", "m²", "decimal")]),
    ("A.VIII.7", "Thương mại điện tử",
     "Tháng/ Năm (sau khi Bộ Công Thương phân tổ dữ liệu cho các tỉnh/TP)", ["month", "year"],
     "Toàn thành phố", "Thành phố/thành phố, ngành kinh tế, khu vực kinh tế", "Sở Công Thương",
     [("Doanh thu", "Tỷ đồng", "money"), ("Tốc độ tăng trưởng", "%", "decimal"),
      ("Quy mô thị trường", "Tỷ đồng", "money")]),
    ("A.IX.4", "Chi trả BHXH, BHYT, BHTN", "Tháng/Quý/ Năm", ["month", "quarter", "year"],
     "Toàn thành phố", "BHXH, BHYT, BHTN", "Bảo hiểm Xã hội thành phố",
     [("Chi trả BHXH, BHYT, BHTN", "Tỷ đồng", "money")]),
    ("A.X.4", "An toàn giao thông", "Tháng", ["month"], "Toàn thành phố", "",
     "Công an thành phố",
     [("Số vụ tai nạn", "Vụ", "integer"), ("Số người chết", "Người", "integer"),
      ("Số người bị thương", "Người", "integer")]),
    ("A.XI.1", "Lao động", "Quý/06 tháng/cả năm", ["quarter", "half-year", "year"],
     "Toàn thành phố", "Nước, vùng lãnh thổ", "Sở Nội vụ",
     [("Lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng", "Người", "integer"),
      ("Lao động nước ngoài làm việc tại Việt Nam", "Người", "integer"),
      ("Giao dịch việc làm", "Lượt", "integer"),
      ("Lao động hưởng bảo hiểm thất nghiệp", "Người", "integer")]),
    ("A.XII.5", "Tỷ lệ cắt giảm, đơn giản hóa quy định, chi phí tuân thủ quy định liên quan "
     "đến hoạt động kinh doanh", "06 tháng/năm", ["half-year", "year"], "Toàn thành phố", "",
     "Văn phòng UBND thành phố",
     [("Tỷ lệ cắt giảm, đơn giản hóa quy định, chi phí tuân thủ quy định liên quan đến hoạt "
       "động kinh doanh", "%", "percent")]),
    ("A.XIII.1", "Tổng giá trị sản xuất", "6 tháng/Năm", ["half-year", "year"],
     "Xã, phường, đặc khu", "", "UBND cấp xã",
     [("Giá so sánh", "Tỷ đồng", "money"), ("Giá hiện hành", "Tỷ đồng", "money")]),
    ("A.XIII.3", "Giá trị sản xuất ngành Công nghiệp", "6 tháng/Năm", ["half-year", "year"],
     "Xã, phường, đặc khu", "", "UBND cấp xã",
     [("Giá so sánh", "Tỷ đồng", "money"), ("Giá hiện hành", "Tỷ đồng", "money"),
      ("Tốc độ tăng trưởng giá trị sản xuất nông nghiệp- thủy sản", "%", "decimal")]),
    ("A.XIII.7", "Giá trị sản xuất trồng trọt, TS/ha đất nông nghiệp (GHH)", "6 tháng/Năm",
     ["half-year", "year"], "Xã, phường, đặc khu", "", "UBND cấp xã",
     [("Giá trị sản xuất trồng trọt, TS/ha đất nông nghiệp (GHH)", "Triệu đồng/ha",
       "decimal")]),
    ("A.XIII.10", "Phát triển kinh tế tập thể, kinh tế tư nhân", "6 tháng/Năm",
     ["half-year", "year"], "Xã, phường, đặc khu", "", "UBND cấp xã",
     [("Phát triển hộ kinh doanh (đăng ký mới)", "Hộ", "integer")]),
    ("A.XIII.14", "Số trường đạt chuẩn quốc gia", "Năm", ["year"], "Xã, phường, đặc khu", "",
     "UBND cấp xã",
     [("Mầm non", "Trường", "integer"), ("Tiểu học", "Trường", "integer"),
      ("THCS", "Trường", "integer")]),
    ("A.XIII.22", "Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận", "Tháng", ["month"],
     "Xã, phường, đặc khu", "", "UBND cấp xã",
     [("Tỷ lệ hồ sơ trực tuyến/tổng hồ sơ tiếp nhận", "%", "percent")]),
    ("B.7", "Tỷ lệ lao động qua đào tạo. Trong đó: Tỷ lệ lao động qua đào tạo có văn bằng, "
     "chứng chỉ", "Quý/Năm", ["quarter", "year"], "Toàn thành phố", "", "Thống kê thành phố",
     [("Tỷ lệ lao động qua đào tạo", "%", "percent"),
      ("Tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ", "%", "percent")]),
    ("B.9", "Mức giảm tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều", "Năm", ["year"],
     "Toàn thành phố", "Toàn thành phố/dân tộc thiểu số", "Sở Nông nghiệp và Môi trường",
     [("Mức giảm tỷ lệ hộ nghèo theo chuẩn nghèo tiếp cận đa chiều", "%", "decimal")]),
    ("C.2", "Các dự án quan trọng quốc gia, công trình trọng điểm của ngành Xây dựng", "Tháng",
     ["month"], "Toàn thành phố", "", "Sở Xây dựng",
     [("Dự án", "Dự án", "integer"), ("Tổng vốn đầu tư", "Tỷ đồng", "money"),
      ("Giải ngân", "Tỷ đồng", "money"),
      ("Tiến độ thực hiện, vướng mắc, kiến nghị", "", "text")]),
    ("D.1", "Các thông tin về khí tượng thủy văn", "Giờ/Ngày/ Tháng", ["hour", "day", "month"],
     "Toàn thành phố", "", "Sở Nông nghiệp và Môi trường",
     [("Số liệu quan trắc khí tượng thủy văn", "", "text"),
      ("Bản tin dự báo thời tiết", "", "text"),
      ("Cảnh báo thiên tai khí tượng thủy văn tại khu vực xảy ra thiên tai, dịch bệnh, ứng "
       "phó và tìm kiếm cứu nạn", "", "text")]),
    ("D.3", "Các thông tin về dân sinh - kinh tế", "Tháng/ Quý/ Năm",
     ["month", "quarter", "year"], "Tổng hợp trên toàn thành phố", "Xã, phường, đặc khu",
     "UBND cấp xã (báo cáo trên phạm vi quản lý)",
     [("Dân cư", "Người", "integer"), ("Nhà ở", "Căn", "integer"),
      ("Đất diện tích trồng trọt", "Ha", "decimal"),
      ("Số đầu con trong chăn nuôi", "Con", "integer"),
      ("Diện tích thủy sản", "Ha", "decimal"), ("Số hộ thiếu đói", "Hộ", "integer")]),
    ("D.5", "Tổng số gạo hỗ trợ", "Tháng/ Quý/ Năm", ["month", "quarter", "year"],
     "Tổng hợp trên toàn thành phố", "Xã, phường, đặc khu",
     "UBND cấp xã (báo cáo trên phạm vi quản lý)", [("Tổng số gạo hỗ trợ", "Tấn", "decimal")]),
]


@pytest.mark.parametrize("row", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_sample_rows_match_the_document(city: Catalog, row: tuple) -> None:
    code, name, freq_text, freqs, scope, disagg, agency, fields = row
    ind = city.indicator(code)
    assert ind is not None
    assert ind.name == unicodedata.normalize("NFC", name)
    assert ind.frequency_text == freq_text
    assert list(ind.frequencies) == [Frequency(f) for f in freqs]
    assert ind.scope == scope
    assert ind.disaggregation == disagg
    assert ind.agency == agency
    assert [(f.label, f.unit, f.type.value) for f in ind.fields] == [
        (unicodedata.normalize("NFC", label), unit, ftype) for label, unit, ftype in fields
    ]


def test_nested_breakdowns(city: Catalog) -> None:
    fdi = city.indicator("A.IV.5")
    assert fdi is not None
    assert [(f.label, f.parent) for f in fdi.fields] == [
        ("Vốn thực hiện", ""),
        ("Đăng ký đầu tư", ""),
        ("Đầu tư mới", "A.IV.5.2"),
        ("Điều chỉnh vốn", "A.IV.5.2"),
        ("Góp vốn mua cổ phần", "A.IV.5.2"),
    ]
    b7 = city.indicator("B.7")
    assert b7 is not None
    assert b7.fields[1].parent == "B.7.1"
    assert b7.fields[1].number == "Trong đó"


def test_ward_rows_are_the_28_of_ubnd_cap_xa(city: Catalog) -> None:
    ward = [i.code for i in city.indicators if i.agency.startswith("UBND cấp xã")]
    assert len(ward) == 28
    assert ward == ["A.IV.3", *[f"A.XIII.{n}" for n in range(1, 25)], "D.3", "D.4", "D.5"]


def test_phan_to_as_categories(city: Catalog) -> None:
    """Spelled-out or standard lists have options; lists only named are declared empty."""
    from chiso_desktop.catalog.categories import combo_codes, pending_categories

    cats = {c.code: c for c in city.categories}
    assert [o.label for o in cats["insurance"].options] == ["BHXH", "BHYT", "BHTN"]
    assert [o.label for o in cats["sex"].options] == ["Nam", "Nữ"]
    for named in ("vsic", "ethnic", "country", "religion", "qualification"):
        assert not cats[named].options and cats[named].note, named
    population = city.find_field("A.X.1.1")
    assert population is not None and combo_codes(city, population) == ["nam", "nu"]
    insured = city.find_field("A.IX.1.1")
    assert insured is not None and insured.total == "overlapping"
    assert combo_codes(city, insured) == ["bhxh", "bhyt", "bhtn"]
    pupils = city.find_field("A.XI.5.1")
    assert pupils is not None
    assert combo_codes(city, pupils) == ["cong-lap.nam", "cong-lap.nu", "ngoai-cong-lap.nam",
                                         "ngoai-cong-lap.nu"]
    assert pending_categories(city, pupils) == ["Dân tộc"]
    cooperatives = city.find_field("A.IV.3.1")  # the ward's own row: VSIC, list to load
    assert cooperatives is not None and cooperatives.categories == ("vsic",)
    assert combo_codes(city, cooperatives) == []
    percent = city.find_field("A.X.1.5")
    assert percent is not None and not percent.categories
