"""The CCHC statistical forms of report 329/BC-UBND (Phụ lục 3, Biểu mẫu 1-7).

Checks the transcription against the printed document, and that the report's own
first-half 2026 values (resources/samples) fit the catalog and reproduce its printed
results. Results are computed here with Decimal directly, independent of the formula
engine, so a wrong formula in the catalog shows up as a wrong printed result.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

import pytest

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, FieldType, Frequency
from chiso_desktop.paths import catalogs_dir, resources_dir

CATALOG_PATH = catalogs_dir() / "nhichieu-cchc-2026.toml"
SAMPLE_PATH = resources_dir() / "samples" / "nhichieu-cchc-2026S1.toml"

FORM_TITLES = {
    "BM1": "Công tác chỉ đạo điều hành cải cách hành chính",
    "BM2": "Cải cách thể chế",
    "BM3": "Cải cách thủ tục hành chính",
    "BM4": "Cải cách tổ chức bộ máy",
    "BM5": "Cải cách chế độ công vụ",
    "BM6": "Cải cách tài chính công",
    "BM7": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}
ITEM_COUNTS = {"BM1": 18, "BM2": 2, "BM3": 10, "BM4": 10, "BM5": 12, "BM6": 13, "BM7": 16}
REF = re.compile(r"\{([^{}]+)\}")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog_file(CATALOG_PATH)


@pytest.fixture(scope="module")
def sample() -> dict:
    return tomllib.loads(SAMPLE_PATH.read_text(encoding="utf-8"))


def _field(catalog: Catalog, code: str) -> Field:
    found = catalog.find_field(code)
    assert found is not None, code
    return found


def _is_heading(f: Field) -> bool:
    return f.heading


def test_catalog_identity(catalog: Catalog) -> None:
    assert catalog.id == "nhichieu-cchc-2026"
    assert catalog.kind is CatalogKind.FORMS
    assert catalog.document == "329/BC-UBND"
    assert catalog.issued == "2026-06-09"
    assert catalog.issuer == "UBND phường Nhị Chiểu"


def test_one_group_and_one_indicator_per_form(catalog: Catalog) -> None:
    assert [(g.code, g.name) for g in catalog.groups] == list(FORM_TITLES.items())
    assert [(i.code, i.name, i.group) for i in catalog.indicators] == [
        (code, name, code) for code, name in FORM_TITLES.items()
    ]


def test_frequencies_follow_the_table_header(catalog: Catalog) -> None:
    # Every form's header says "(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)".
    for ind in catalog.indicators:
        assert ind.frequencies == (Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR)
        assert ind.frequency_text == "Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm"


def test_item_counts_per_form(catalog: Catalog) -> None:
    assert {i.code: len(i.fields) for i in catalog.indicators} == ITEM_COUNTS
    assert len(catalog.all_fields()) == 81


def test_field_code_is_form_plus_printed_number(catalog: Catalog) -> None:
    unnumbered = []
    for ind in catalog.indicators:
        for f in ind.fields:
            if not f.number:
                unnumbered.append(f.code)
                continue
            assert re.fullmatch(r"(\d+\.)+", f.number), f.number
            assert f.code == f"{ind.code}.{f.number.rstrip('.')}"
    # The single component under "1. Tổng số VBQPPL" in Biểu mẫu 2 is printed without a number.
    assert unnumbered == ["BM2.1.1"]


def test_parent_is_the_enclosing_item(catalog: Catalog) -> None:
    for ind in catalog.indicators:
        codes = {f.code for f in ind.fields}
        for f in ind.fields:
            enclosing = f.code.rsplit(".", 1)[0]
            expected = enclosing if enclosing in codes else ""
            assert f.parent == expected, f.code
    assert _field(catalog, "BM1.2.1").parent == "BM1.2"
    assert _field(catalog, "BM1.3.3.1").parent == "BM1.3.3"
    assert _field(catalog, "BM1.1").parent == ""


def test_fields_appear_in_document_order(catalog: Catalog) -> None:
    assert [f.number for f in catalog.indicator("BM1").fields] == [
        "1.", "2.", "2.1.", "2.2.", "3.", "3.1.", "3.2.", "3.3.", "3.3.1.", "3.3.2.",
        "4.", "4.1.", "4.1.1.", "4.1.2.", "4.1.3.", "4.2.", "4.3.", "5.",
    ]


def test_formulas_reference_existing_children_of_the_same_form(catalog: Catalog) -> None:
    computed = [f for f in catalog.all_fields() if f.computed]
    assert len(computed) == 12
    for ind in catalog.indicators:
        own = {f.code: f for f in ind.fields}
        for f in ind.fields:
            if not f.computed:
                assert not f.formula_text, f.code
                continue
            assert f.formula_text.startswith("="), f.code
            refs = REF.findall(f.formula)
            assert refs, f.code
            for ref in refs:
                assert ref in own, (f.code, ref)
                assert own[ref].parent == f.code, (f.code, ref)
                assert not own[ref].computed


def test_printed_formulas_resolved_to_children(catalog: Catalog) -> None:
    expected = {
        "BM1.2": ("= 27/52*100", "{BM1.2.2} / {BM1.2.1} * 100"),
        "BM1.3.3": ("= b/a*100", "{BM1.3.3.2} / {BM1.3.3.1} * 100"),
        "BM2.1": ("=a+b", "sum({BM2.1.1})"),
        "BM3.2.1": ("= 9.275/9.275*100", "{BM3.2.1.2} / {BM3.2.1.1} * 100"),
        "BM3.2.2": ("= 2/2*100", "{BM3.2.2.2} / {BM3.2.2.1} * 100"),
        "BM5.4": ("=a+b+c+d", "sum({BM5.4.1}, {BM5.4.2}, {BM5.4.3})"),
        "BM6.1": ("= b/a*100", "{BM6.1.2} / {BM6.1.1} * 100"),
    }
    expected.update(
        {f"BM7.1.{i}": ("= b/a*100", f"{{BM7.1.{i}.2}} / {{BM7.1.{i}.1}} * 100")
         for i in range(1, 6)}
    )
    got = {f.code: (f.formula_text, f.formula) for f in catalog.all_fields() if f.computed}
    assert got == expected


def test_ratio_items_are_percent_and_sums_are_counts(catalog: Catalog) -> None:
    for f in catalog.all_fields():
        if "/" in f.formula:
            assert f.type is FieldType.PERCENT and f.unit == "%", f.code
        elif f.computed:
            assert f.type is FieldType.INTEGER, f.code


def test_coded_choices(catalog: Catalog) -> None:
    survey = _field(catalog, "BM1.4.3")
    assert survey.type is FieldType.CHOICE
    assert [(c.code, c.label) for c in survey.choices] == [
        ("0", "Trực tuyến"), ("1", "Phát phiếu"), ("2", "Kết hợp"),
    ]
    dialogue = _field(catalog, "BM1.5")
    assert dialogue.type is FieldType.CHOICE
    assert [(c.code, c.label) for c in dialogue.choices] == [("0", "Không"), ("1", "Có")]
    assert {f.code for f in catalog.all_fields() if f.type is FieldType.CHOICE} == {
        "BM1.4.3", "BM1.5",
    }


@pytest.mark.parametrize(
    ("code", "label", "unit", "ftype"),
    [
        ("BM1.1", "Số văn bản chỉ đạo cải cách hành chính (CCHC) đã ban hành "
                  "(Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)", "Văn bản", "integer"),
        ("BM1.3.1", "Số sở, ngành đã kiểm tra", "Cơ quan, đơn vị", "integer"),
        ("BM1.4.2", "Số lượng phiếu khảo sát", "Số lượng", "integer"),
        # Footnote mark ¹ removed from "VBQPPL¹".
        ("BM2.1", "Tổng số VBQPPL do địa phương ban hành", "Văn bản", "integer"),
        ("BM2.1.1", "Số VBQPPL do cấp xã ban hành", "Văn bản", "integer"),
        # The document's own misspelling "phục thuộc" is kept.
        ("BM3.1.2", "Số TTHC đang thực hiện tiếp nhận và giải quyết không phục thuộc vào "
                    "địa giới hành chính", "Thủ tục", "integer"),
        # <i> markup removed.
        ("BM3.2.1.1", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", "integer"),
        ("BM3.2.2.1", "Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền "
                      "chuyển đến)", "PAKN", "integer"),
        ("BM4.2.4", "Tỷ lệ % đã tinh giản so với năm 2015", "%", "percent"),
        ("BM5.2.2", "Số viên chức được tuyển dụng (thi tuyển, xét tuyển).", "Người", "integer"),
        ("BM6.1.1", "Kế hoạch được giao", "Triệu đồng", "money"),
        ("BM6.1.2", "Đã thực hiện", "Triệu đồng", "money"),
        ("BM6.2.4.2", "Số ĐVSN tự bảo đảm từ 30% - dưới 70% chi thường xuyên", "Đơn vị",
         "integer"),
        ("BM7.1.3.1", "Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực "
                      "tiếp)", "Thủ tục", "integer"),
        ("BM7.1.4.1", "Tổng số hồ sơ của DVCTT một phần (gồm hồ sơ nộp trực tuyến + trực "
                      "tiếp)", "Hồ sơ", "integer"),
    ],
)
def test_labels_and_units_as_printed(
    catalog: Catalog, code: str, label: str, unit: str, ftype: str
) -> None:
    f = _field(catalog, code)
    assert (f.label, f.unit, f.type.value) == (label, unit, ftype)


def test_texts_are_clean_nfc(catalog: Catalog) -> None:
    raw = CATALOG_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw  # the file itself, not just after loading
    for f in catalog.all_fields():
        for text in (f.label, f.unit):
            assert "<" not in text and "¹" not in text and "*" not in text, f.code


def test_units_inferred_only_where_the_print_has_none(catalog: Catalog) -> None:
    inferred = {f.code for f in catalog.all_fields() if f.unit_inferred}
    # Ratios whose unit column prints the result ("51,9%", "100%"), and BM5.4 (blank).
    assert inferred == {
        "BM1.2", "BM3.1.1", "BM3.2.1", "BM3.2.2", "BM5.4", "BM6.1",
        "BM7.1.1", "BM7.1.2", "BM7.1.3", "BM7.1.4", "BM7.1.5",
    }


def test_headings_have_no_value(catalog: Catalog, sample: dict) -> None:
    headings = {f.code for f in catalog.all_fields() if _is_heading(f)}
    assert headings == {
        "BM1.3", "BM1.4", "BM3.1", "BM3.2", "BM4.1", "BM4.2", "BM5.1", "BM5.2",
        "BM6.2", "BM7.1",
    }
    assert not headings & set(sample["values"])
    assert catalog.version == "2026.2"  # 2026.1 had these rows as text fields
    for code in headings:
        f = _field(catalog, code)
        assert not (f.unit or f.formula or f.choices or f.note), code
    assert _field(catalog, "BM6.2").label == (
        "Thực hiện tự chủ tài chính của đơn vị sự nghiệp (ĐVSN) tại địa phương "
        "(lũy kế đến thời điểm báo cáo)")


# --- the report's own values -------------------------------------------------------------


def test_sample_names_the_catalog_and_period(sample: dict) -> None:
    assert sample["catalog"] == "nhichieu-cchc-2026"
    assert sample["unit"] == "Phường Nhị Chiểu"
    assert sample["period"] == "2026S1"


def test_sample_inputs_are_known_input_fields(catalog: Catalog, sample: dict) -> None:
    values: dict[str, str] = sample["values"]
    assert len(values) == 55
    for code, text in values.items():
        f = _field(catalog, code)
        assert not f.computed, code
        number = Decimal(text)  # canonical: '.' decimal mark, no grouping
        assert str(number) == text, code
        if f.type is FieldType.CHOICE:
            assert text in {c.code for c in f.choices}, code
        if f.type in (FieldType.INTEGER, FieldType.CHOICE):
            assert number == number.to_integral_value() and number >= 0, code
        if f.type is FieldType.PERCENT:
            assert Decimal(0) <= number <= Decimal(100), code


def test_sample_computed_keys_are_computed_fields(catalog: Catalog, sample: dict) -> None:
    assert set(sample["computed"]) == {
        "BM1.2", "BM3.2.1", "BM3.2.2", "BM6.1",
        "BM7.1.1", "BM7.1.2", "BM7.1.3", "BM7.1.4", "BM7.1.5",
    }
    for code in sample["computed"]:
        assert _field(catalog, code).computed, code


def test_sample_values_as_printed(sample: dict) -> None:
    values = sample["values"]
    assert values["BM1.4.2"] == "9500"        # printed "9.500"
    assert values["BM3.2.1.1"] == "9275"      # printed "9.275"
    assert values["BM4.1.3"] == "1"           # printed "01"
    assert values["BM1.4.3"] == "1"           # Phát phiếu
    assert values["BM1.5"] == "0"             # Không
    assert "BM1.3.3.1" not in values          # printed "a": a placeholder, no value


def _ratio(values: dict[str, str], num: str, den: str) -> Decimal:
    return Decimal(values[num]) / Decimal(values[den]) * 100


def _one_decimal(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_bm1_completion_ratio_is_51_9(sample: dict) -> None:
    ratio = _ratio(sample["values"], "BM1.2.2", "BM1.2.1")
    assert (sample["values"]["BM1.2.2"], sample["values"]["BM1.2.1"]) == ("27", "52")
    assert _one_decimal(ratio) == Decimal("51.9") == Decimal(sample["computed"]["BM1.2"])


def test_bm6_disbursement_ratio_is_50_0(sample: dict) -> None:
    ratio = _ratio(sample["values"], "BM6.1.2", "BM6.1.1")
    assert (sample["values"]["BM6.1.2"], sample["values"]["BM6.1.1"]) == ("21406", "42809")
    assert _one_decimal(ratio) == Decimal("50.0") == Decimal(sample["computed"]["BM6.1"])


def test_bm6_plan_typo_is_recorded(sample: dict) -> None:
    # The report prints "42,809" (42.809 with a decimal comma); read literally the printed
    # 50,0% could not follow, so the intended 42.809 million đồng is stored.
    assert sample["printed"] == {"BM6.1.1": "42,809"}
    literal = Decimal(sample["printed"]["BM6.1.1"].replace(",", "."))
    done = Decimal(sample["values"]["BM6.1.2"])
    assert _one_decimal(done / literal * 100) != Decimal(sample["computed"]["BM6.1"])
    assert literal * 1000 == Decimal(sample["values"]["BM6.1.1"])


def test_every_printed_result_follows_from_the_inputs(catalog: Catalog, sample: dict) -> None:
    """Evaluate each catalog formula by hand (ratios and sums only) against [computed]."""
    values = sample["values"]
    for code, printed in sample["computed"].items():
        formula = _field(catalog, code).formula
        m = re.fullmatch(r"\{(\S+)\} / \{(\S+)\} \* 100", formula)
        assert m, formula
        result = _ratio(values, m.group(1), m.group(2))
        places = Decimal(1).scaleb(-len(printed.partition(".")[2]))
        assert result.quantize(places, rounding=ROUND_HALF_UP) == Decimal(printed), code


def test_sums_without_printed_result_follow_from_inputs(catalog: Catalog, sample: dict) -> None:
    values = sample["values"]
    for code in ("BM2.1", "BM5.4"):
        refs = REF.findall(_field(catalog, code).formula)
        assert sum(Decimal(values[r]) for r in refs) == 0
