"""The shipped Lào Cai commune/ward indicator set matches the decision it transcribes (seed 002)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, FieldType, Frequency, Indicator

CATALOG_PATH = Path(__file__).resolve().parents[2] / "resources" / "catalogs" / "laocai-2026.toml"

KT = "Phòng Kinh tế"
VH = "Phòng Văn hóa - Xã hội"
VP = "Văn phòng HĐND, UBND xã, phường"
HCC = "Trung tâm phục vụ HCC cấp xã, phường"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_file(CATALOG_PATH)


def _ind(catalog: Catalog, code: str) -> Indicator:
    ind = catalog.indicator(code)
    assert ind is not None, code
    return ind


def _fields(ind: Indicator) -> list[tuple[str, str, FieldType]]:
    return [(f.label, f.unit, f.type) for f in ind.fields]


def test_header(catalog: Catalog) -> None:
    assert catalog.id == "laocai-2026"
    assert catalog.kind.value == "indicator-set"
    assert catalog.issuer == "UBND tỉnh Lào Cai"
    assert catalog.document == "QĐ-UBND tỉnh Lào Cai (01/2026)"
    assert catalog.issued == ""
    assert "01/2026" in catalog.description
    assert catalog.title.startswith("Bộ chỉ số phục vụ công tác chỉ đạo, điều hành")


def test_group_counts(catalog: Catalog) -> None:
    assert [g.code for g in catalog.groups] == ["A", "B", "C", "D"]
    counts = Counter(i.group for i in catalog.indicators)
    assert counts == {"A": 31, "B": 24, "C": 6, "D": 1}
    assert len(catalog.indicators) == 62
    for group, n in counts.items():
        numbers = [i.number for i in catalog.indicators if i.group == group]
        assert numbers == [str(k) for k in range(1, n + 1)]


def test_group_names(catalog: Catalog) -> None:
    names = {g.code: g.name for g in catalog.groups}
    assert names["A"] == "NHÓM CHỈ SỐ PHỤC VỤ CHỈ ĐẠO, ĐIỀU HÀNH HÀNG NGÀY, HÀNG THÁNG"
    assert names["D"] == "NHÓM CHỈ SỐ THEO DÕI VIỆC THỰC HIỆN NHIỆM VỤ TỈNH ỦY, HĐND, UBND TỈNH GIAO"


def test_a1_annual_crops(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.1")
    assert ind.name == (
        "Cây hàng năm chủ yếu (Cây lúa; Cây ngô; Cây sắn; Cây khoai lang; Cây lạc; Rau các loại,...)"
    )
    assert (ind.agency, ind.frequency_text, ind.frequencies) == (KT, "Tháng", (Frequency.MONTH,))
    assert (ind.database, ind.owner, ind.source) == ("CSDL cây hàng năm", KT, "")
    D = FieldType.DECIMAL
    assert _fields(ind) == [
        ("Diện tích trồng", "Ha", D),
        ("Diện tích cho thu hoạch", "Ha", D),
        ("So với vụ trước", "%", D),
        ("So với cùng kỳ năm trước", "%", D),
        ("Sản lượng", "Tấn", D),
        ("So với vụ trước", "%", D),
        ("So với cùng kỳ năm trước", "%", D),
    ]
    assert all(not f.formula for f in ind.fields)
    assert ind.fields[2].note.startswith("so sánh")


def test_a4_fisheries_units_and_source(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.4")
    assert (ind.database, ind.owner, ind.source) == (
        "CSDL về thủy sản", "Thống kê cơ sở", "Thống kê cơ sở")
    assert ind.fields[2].label == "Nuôi trồng thủy sản lồng/bè"
    assert ind.fields[2].unit == "M³"
    assert [f.unit for f in ind.fields].count("Tấn") == 4


def test_a6_revenue_breakdown(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.6")
    assert ind.frequency_text == "Tuần/ tháng"
    assert ind.frequencies == (Frequency.WEEK, Frequency.MONTH)
    assert (ind.database, ind.source) == ("CSDL thu ngân sách nhà nước", "Thuế cơ sở")
    head = ind.field_by_code("A.6.6")
    assert head is not None and head.label == "Chia theo nguồn thu"
    children = [f for f in ind.fields if f.parent == "A.6.6"]
    assert [f.label for f in children] == ["Hải quan", "nội địa", "thu cân đối", "thu đóng góp CSHT"]
    assert all(f.unit == "Tỷ đồng" and f.type is FieldType.MONEY for f in children)


def test_a7_database_joined_across_page_break(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.7")
    assert ind.database == "CSDL chi ngân sách nhà nước"
    assert ind.source == "Kho bạc khu vực"
    assert [f.label for f in ind.fields if f.parent == "A.7.3"] == [
        "tổng chi ngân sách nhà nước", "chi đầu tư phát triển", "chi thường xuyên", "chi trả nợ lãi"]


def test_a20_administrative_procedures(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.20")
    assert (ind.agency, ind.frequency_text) == (HCC, "Ngày/ tháng")
    assert ind.frequencies == (Frequency.DAY, Frequency.MONTH)
    assert (ind.database, ind.owner) == ("CSDL giải quyết TTHC", HCC)
    assert len(ind.fields) == 9
    assert (ind.fields[0].label, ind.fields[0].unit, ind.fields[0].type) == (
        "Số hồ sơ được tiếp nhận", "Hồ sơ", FieldType.INTEGER)
    assert (ind.fields[7].label, ind.fields[7].unit) == ("Tỷ lệ DVC toàn trình", "%")
    assert ind.fields[8].unit == "Người"


def test_a23_packed_cell_split_across_page(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.23")
    assert len(ind.fields) == 7
    assert ind.fields[2].label == "Tỷ lệ hồ sơ TTHC theo hình thức nộp hồ sơ"
    assert ind.fields[5].label == "Tỷ lệ hồ sơ thanh toán trực tuyến"
    assert ind.fields[3].label == ind.fields[6].label  # printed twice in the decision


def test_a25_blank_unit_is_inferred(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.25")
    assert all(f.unit_inferred for f in ind.fields)
    first, second = ind.fields[1], ind.fields[2]
    assert (first.number, first.parent) == ("(1)", "A.25.1")
    assert second.label == "Phản ánh về hành vi của cán bộ, công chức, viên chức trong thực hiện"


def test_a26_packed_units(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.26")
    assert (ind.agency, ind.database) == ("Công an xã, phường", "CSDL phòng cháy chữa cháy")
    assert [f.unit for f in ind.fields] == ["Vụ", "Vụ"] + ["Người"] * 4 + ["Triệu đồng"] * 2
    assert ind.fields[6].label == "Thiệt hại trong thời điểm báo cáo"
    assert ind.fields[6].type is FieldType.MONEY


def test_a29_industrial_products(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.29")
    assert [(f.label, f.unit) for f in ind.fields] == [
        ("Đá xây dựng các loại", "m³"),
        ("Khai thác quặng các loại", "Tấn"),
        ("Sản phẩm may mặc", "Sản phẩm"),
        ("Xi măng", "Tấn"),
        ("Quế và các sản phẩm từ quế", "Tấn"),
        ("Sản phẩm thủy sản (tôm, cua, cá ..)", "Tấn"),
        ("Sản xuất điện", "kwh"),
    ]


def test_a31_tasks(catalog: Catalog) -> None:
    ind = _ind(catalog, "A.31")
    assert (ind.agency, ind.frequency_text, ind.database) == (VP, "Tuần/ tháng", "CSDL quản lý văn bản")
    assert [f.label for f in ind.fields] == [
        "Tổng số nhiệm vụ được giao trong tuần",
        "Tổng số nhiệm vụ đang xử lý",
        "Tổng số nhiệm vụ đã hoàn thành đúng hạn",
        "Tổng số nhiệm vụ đã hoàn thành quá hạn",
        "Tổng số nhiệm vụ quá hạn",
    ]
    assert {f.unit for f in ind.fields} == {"nhiệm vụ"}


def test_b1_structure_of_product(catalog: Catalog) -> None:
    ind = _ind(catalog, "B.1")
    assert (ind.agency, ind.frequencies, ind.database, ind.owner, ind.source) == (
        KT, (Frequency.YEAR,), "", KT, "Thống kê tỉnh")
    assert [f.label for f in ind.fields] == [
        "Nông, lâm nghiệp, thủy sản", "Công nghiệp - Xây dựng", "Dịch vụ",
        "Thuế sản phẩm trừ trợ cấp sản phẩm"]
    assert {f.type for f in ind.fields} == {FieldType.PERCENT}


def test_b6_insurance(catalog: Catalog) -> None:
    ind = _ind(catalog, "B.6")
    assert (ind.agency, ind.frequency_text, ind.frequencies) == (VH, "Quý", (Frequency.QUARTER,))
    assert ind.database == "CSDL bảo hiểm xã hội"
    assert [(f.label, f.unit) for f in ind.fields[3:]] == [
        ("Số người hưởng BHXH", "Người"), ("Số người hưởng BHYT", "Người"),
        ("Số người hưởng BHTN", "Người")]


def test_b7_industrial_zone(catalog: Catalog) -> None:
    ind = _ind(catalog, "B.7")
    assert (ind.frequency_text, ind.database, ind.source) == (
        "Quý/ Năm", "CSDL khu Công nghiệp", "Ban QL các Khu CN")
    assert ind.frequencies == (Frequency.QUARTER, Frequency.YEAR)
    assert (ind.fields[0].label, ind.fields[0].unit) == ("Tổng diện tích quy hoạch KCN", "Km²")
    assert (ind.fields[6].unit, ind.fields[6].type) == ("Triệu đồng", FieldType.MONEY)


def test_b14_education_nested(catalog: Catalog) -> None:
    ind = _ind(catalog, "B.14")
    assert (ind.name, ind.agency, ind.database) == ("Giáo dục và đào tạo", VH, "CSDL giáo dục")
    heads = [f for f in ind.fields if not f.parent]
    assert [h.label for h in heads] == [
        "Giáo dục mầm non", "Giáo dục tiểu học", "Giáo dục THCS", "Giáo dục THPT",
        "Giáo dục thường xuyên", "Đào tạo nghề, trung cấp, cao đẳng"]
    assert [h.code for h in heads] == ["B.14.1", "B.14.8", "B.14.15", "B.14.22", "B.14.29", "B.14.34"]
    assert all(h.heading and not h.unit for h in heads)
    full = [("Tổng số trường học", "Trường"), ("Tổng số lớp học", "Lớp"),
            ("Tổng số giáo viên", "Người"), ("Tổng số học sinh", "Người"),
            ("Số trường đạt chuẩn quốc gia", "Trường"), ("Tỷ lệ trường đạt chuẩn quốc gia", "%")]
    for head, expected in zip(heads, [full] * 4 + [full[:4]] * 2, strict=True):
        kids = [(f.label, f.unit) for f in ind.fields if f.parent == head.code]
        assert kids == expected, head.label
    assert len(ind.fields) == 6 + 4 * 6 + 2 * 4
    rate = ind.field_by_code("B.14.7")
    assert rate is not None and rate.type is FieldType.PERCENT and rate.parent == "B.14.1"
    pupils = ind.field_by_code("B.14.33")
    assert pupils is not None and pupils.type is FieldType.INTEGER and pupils.parent == "B.14.29"


def test_b19_two_reporting_bodies(catalog: Catalog) -> None:
    ind = _ind(catalog, "B.19")
    assert ind.agency == "BCHQS; Công an xã"
    assert [f.label for f in ind.fields] == ["Tuyển quân ngành quân đội", "Tuyển quân ngành công an"]
    assert "BCHQS" in ind.fields[0].note and "Công an xã" in ind.fields[1].note


def test_b21_mediation_breakdown(catalog: Catalog) -> None:
    ind = _ind(catalog, "B.21")
    assert (ind.agency, ind.database) == (VP, "CSDL tư pháp")
    assert (ind.fields[3].label, ind.fields[3].unit) == ("Số lớp tuyên truyền phổ biến pháp luật", "Buổi")
    assert [f.label for f in ind.fields if f.parent == "B.21.5"] == [
        "tổng số vụ hóa giải", "số vụ việc chưa giải quyết xong", "hòa giải thành",
        "hòa giải không thành"]


def test_c2_disaster_livelihood(catalog: Catalog) -> None:
    ind = _ind(catalog, "C.2")
    assert (ind.frequency_text, ind.frequencies) == ("Giờ/ Ngày", (Frequency.HOUR, Frequency.DAY))
    assert ind.database == "CSDL dân sinh – kinh tế khi gặp thiên tai"
    assert ind.source == "Phối hợp Công an Xã; ban Chỉ huy QS xã; Thôn"
    assert [f.label for f in ind.fields if f.parent == "C.2.1"] == ["bị chết", "thương", "sơ tán"]
    assert [f.label for f in ind.fields if f.parent == "C.2.5"] == ["hư hỏng", "tốc mái", "thiêu rụi"]
    assert [(f.label, f.unit) for f in ind.fields[8:]] == [
        ("Diện tích đất trồng trọt bị ảnh hưởng", "M²"),
        ("Số con gia súc, gia cầm bị ảnh hưởng", "Con"),
        ("Diện tích nuôi trồng thủy sản bị ảnh hưởng", "m²")]


def test_c5_animal_disease(catalog: Catalog) -> None:
    ind = _ind(catalog, "C.5")
    head = ind.fields[0]
    assert (head.label, head.unit, head.type) == ("Số ổ dịch phát sinh trong kỳ", "Ổ", FieldType.INTEGER)
    assert [f.label for f in ind.fields if f.parent == head.code] == [
        "DTLCP", "LMLM", "Cúm gia cầm", "Tai xanh", "Viêm da nổi cục"]
    assert (ind.fields[-1].label, ind.fields[-1].unit) == (
        "Số lượng gia súc, gia cầm chết/tiêu hủy do dịch", "Con")


def test_c6_four_on_site(catalog: Catalog) -> None:
    ind = _ind(catalog, "C.6")
    assert (ind.agency, ind.frequencies, ind.database) == ("Phòng kinh tế", (Frequency.MONTH,), "")
    assert len(ind.fields) == 13
    assert all(f.unit_inferred for f in ind.fields if f.parent == "C.6.6")


def test_d1_provincial_tasks(catalog: Catalog) -> None:
    ind = _ind(catalog, "D.1")
    assert (ind.agency, ind.frequency_text, ind.database, ind.owner) == (
        VP, "Tháng", "CSDL nhiệm vụ Chính phủ", VP)
    assert [f.unit for f in ind.fields] == ["Số nhiệm vụ"] * 5 + ["%"] * 3
    assert ind.fields[4].label == "Số nhiệm vụ đang triển khai"
    assert ind.fields[7].label == "Tỷ lệ chưa hoàn thành quá hạn"


def test_every_field_has_a_unit_or_says_it_was_inferred(catalog: Catalog) -> None:
    missing = [f.code for f in catalog.all_fields()
               if not f.unit and not f.unit_inferred and not f.heading]
    assert missing == []


def test_field_codes_follow_document_order(catalog: Catalog) -> None:
    for ind in catalog.indicators:
        assert ind.code == f"{ind.group}.{ind.number}"
        assert ind.fields, ind.code
        codes = [f.code for f in ind.fields]
        assert codes == [f"{ind.code}.{k}" for k in range(1, len(codes) + 1)]
        for pos, f in enumerate(ind.fields):
            if f.parent:
                assert f.parent in codes[:pos], f.code


def test_heading_rows(catalog: Catalog) -> None:
    """Rows that only group the items under them and have no value of their own: the six
    school levels of B.14 and the parenthesised lists (printed text kept in the note)."""
    headings = [f.code for f in catalog.all_fields() if f.heading]
    assert headings == [
        "A.6.6", "A.7.3", "A.25.1", "B.14.1", "B.14.8", "B.14.15", "B.14.22", "B.14.29",
        "B.14.34", "B.21.5", "C.1.1", "C.2.1", "C.2.5", "C.6.6"]
    assert catalog.version == "2026.4"  # 2026.3 had them as text fields
    for code in headings:
        f = next(g for g in catalog.all_fields() if g.code == code)
        assert not (f.formula or f.categories or f.choices), code
        assert f.note.startswith("tiêu đề nhóm"), code
        assert any(g.parent == code for g in catalog.all_fields()), code  # it groups rows


def test_types_follow_units(catalog: Catalog) -> None:
    for f in catalog.all_fields():
        if f.heading:
            continue
        if f.unit in ("Tỷ đồng", "Triệu đồng", "VNĐ") and f.type is not FieldType.TEXT:
            assert f.type is FieldType.MONEY, f.code
        if f.unit == "%" and f.type is not FieldType.TEXT:
            # Comparisons with an earlier period can exceed 100 %: decimals in %.
            expected = FieldType.DECIMAL if f.note.startswith("so sánh") else FieldType.PERCENT
            assert f.type is expected, f.code
        if f.unit in ("Con", "Hộ", "Người", "Hồ sơ", "Trường", "Lớp") and f.type is not FieldType.TEXT:
            assert f.type is FieldType.INTEGER, f.code


def test_text_is_clean_nfc(catalog: Catalog) -> None:
    texts = [catalog.title, catalog.description]
    for ind in catalog.indicators:
        texts += [ind.name, ind.agency, ind.database, ind.owner, ind.source]
        texts += [t for f in ind.fields for t in (f.label, f.unit, f.note)]
    for t in texts:
        assert unicodedata.normalize("NFC", t) == t
        assert "<" not in t and "$" not in t and "^" not in t, t
