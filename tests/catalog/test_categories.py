"""Categories (phân tổ) on fields: format 2, option combinations, totals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from chiso_desktop.catalog.categories import (
    DEFAULT_COMBO,
    cell_code,
    combo_codes,
    combo_label,
    pending_categories,
    split_cell,
)
from chiso_desktop.catalog.excel import export_catalog_xlsx, import_catalog_xlsx
from chiso_desktop.catalog.load import CatalogError, catalog_from_mapping, load_catalog_file
from chiso_desktop.catalog.serialize import (
    catalog_from_json,
    catalog_to_json,
    catalog_to_mapping,
    content_hash,
)
from chiso_desktop.paths import catalogs_dir
from chiso_desktop.values.totals import sum_parts, total_mismatch


def mapping(**field_extra: Any) -> dict[str, Any]:
    return {
        "format": 2,
        "catalog": {"id": "t", "version": "1", "kind": "indicator-set", "title": "T",
                    "document": "1/QĐ"},
        "categories": [
            {"code": "sex", "name": "Giới tính",
             "options": [{"code": "nam", "label": "Nam"}, {"code": "nu", "label": "Nữ"}]},
            {"code": "area", "name": "Thành thị, nông thôn",
             "options": [{"code": "thanh-thi", "label": "Thành thị"},
                         {"code": "nong-thon", "label": "Nông thôn"}]},
            {"code": "ethnic", "name": "Dân tộc",
             "note": "Danh mục các dân tộc Việt Nam (Tổng cục Thống kê); tỉnh nạp danh sách"},
        ],
        "groups": [{"code": "A", "name": "Nhóm A", "description": "Giải thích nhóm A",
                    "examples": ["Số dân", "Số hộ"]}],
        "indicators": [{"code": "A.1", "name": "Dân số", "group": "A", "fields": [
            {"code": "A.1.1", "label": "Dân số trung bình", "unit": "Người", "type": "integer",
             "categories": ["sex", "area", "ethnic"], **field_extra},
        ]}],
    }


def test_combinations_cross_the_options_in_order() -> None:
    cat = catalog_from_mapping(mapping())
    f = cat.find_field("A.1.1")
    assert f is not None and f.disaggregated
    assert combo_codes(cat, f) == ["nam.thanh-thi", "nam.nong-thon", "nu.thanh-thi",
                                   "nu.nong-thon"]
    assert combo_label(cat, f, "nu.nong-thon") == "Nữ, Nông thôn"
    assert combo_label(cat, f, DEFAULT_COMBO) == ""
    assert pending_categories(cat, f) == ["Dân tộc"]
    assert cat.groups[0].description == "Giải thích nhóm A"
    assert cat.groups[0].examples == ("Số dân", "Số hộ")


def test_cell_codes() -> None:
    assert cell_code("A.1.1", "nu.thanh-thi") == "A.1.1[nu.thanh-thi]"
    assert cell_code("A.1.1", DEFAULT_COMBO) == "A.1.1"
    assert split_cell("A.1.1[nu.thanh-thi]") == ("A.1.1", "nu.thanh-thi")
    assert split_cell(" A.1.1 ") == ("A.1.1", DEFAULT_COMBO)


def test_json_and_excel_round_trips_keep_the_hash(tmp_path: Path) -> None:
    cat = catalog_from_mapping(mapping(total="entered"))
    assert catalog_to_mapping(cat)["format"] == 2
    assert catalog_from_json(catalog_to_json(cat)) == cat
    path = tmp_path / "t.xlsx"
    export_catalog_xlsx(cat, path)
    back = import_catalog_xlsx(path)
    assert back == cat
    assert content_hash(back) == content_hash(cat)


def test_a_catalog_without_categories_keeps_its_version_1_hash() -> None:
    """Databases and bundles name shipped catalogs by hash: format 2 must not move it."""
    cat = load_catalog_file(catalogs_dir() / "nbk-799-2026.toml")
    assert catalog_to_mapping(cat)["format"] == 1
    data = catalog_to_mapping(cat)
    assert content_hash(catalog_from_mapping(data)) == content_hash(cat)


@pytest.mark.parametrize(("change", "needle"), [
    ({"categories": ["sex", "nosuch"]}, "unknown categories nosuch"),
    ({"categories": ["sex", "sex"]}, "names a category twice"),
    ({"total": "typed"}, "is not 'entered'"),
    ({"type": "text"}, "disaggregated but not a number"),
    ({"formula": "{A.1.1}"}, "computed and cannot be disaggregated"),
])
def test_bad_fields_are_refused(change: dict[str, Any], needle: str) -> None:
    with pytest.raises(CatalogError) as err:
        catalog_from_mapping(mapping(**change))
    assert any(needle in p for p in err.value.problems), err.value.problems


def test_bad_categories_are_refused() -> None:
    data = mapping()
    data["categories"][0]["options"].append({"code": "Nam Giới", "label": "x"})
    data["categories"].append({"code": "vsic", "name": "VSIC"})
    with pytest.raises(CatalogError) as err:
        catalog_from_mapping(data)
    text = "\n".join(err.value.problems)
    assert "option code 'Nam Giới'" in text
    assert "category vsic has no options" in text


def test_format_4_is_refused() -> None:
    data = mapping()
    data["format"] = 4
    with pytest.raises(CatalogError, match="format 4 is not supported"):
        catalog_from_mapping(data)


def test_province_loads_a_named_list_through_the_workbook(tmp_path: Path) -> None:
    """The ethnic list arrives empty; a province fills it in Excel; the import checks it."""
    from openpyxl import load_workbook

    cat = catalog_from_mapping(mapping())
    path = tmp_path / "t.xlsx"
    export_catalog_xlsx(cat, path)
    wb = load_workbook(path)
    ws = wb["categories"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "ethnic")
    row[2].value = "kinh = Kinh | tay = Tày | thai = Thái"
    wb.save(path)
    loaded = import_catalog_xlsx(path)
    f = loaded.find_field("A.1.1")
    assert f is not None
    assert len(combo_codes(loaded, f)) == 2 * 2 * 3
    assert "nu.nong-thon.tay" in combo_codes(loaded, f)
    row[2].value = "kinh = Kinh | kinh = Kinh"
    wb.save(path)
    with pytest.raises(CatalogError, match="option kinh appears twice"):
        import_catalog_xlsx(path)


def test_sum_of_parts() -> None:
    combos = ["a", "b", "c"]
    parts = {"a": ("value", "3"), "b": ("not-applicable", None)}
    s = sum_parts(parts, combos)
    assert (s.total, s.given, s.complete) == (Decimal(3), 2, False)
    assert s.as_cell() == ("missing", None)
    parts["c"] = ("value", "4.5")
    assert sum_parts(parts, combos).as_cell() == ("value", "7.5")
    na = {c: ("not-applicable", None) for c in combos}
    assert sum_parts(na, combos).as_cell() == ("not-applicable", None)


def test_entered_total_checked_against_parts() -> None:
    combos = ["a", "b"]
    complete = sum_parts({"a": ("value", "3"), "b": ("value", "4")}, combos)
    assert total_mismatch(("value", "7"), complete) is None
    assert total_mismatch(("value", "8"), complete) == Decimal(7)
    partial = sum_parts({"a": ("value", "9")}, combos)
    assert total_mismatch(("value", "8"), partial) == Decimal(9)
    assert total_mismatch(("value", "10"), partial) is None
    assert total_mismatch(("missing", None), complete) is None


def test_overlapping_parts_are_each_at_most_the_total() -> None:
    combos = ["bhxh", "bhyt", "bhtn"]
    parts = sum_parts({"bhxh": ("value", "60"), "bhyt": ("value", "90"),
                       "bhtn": ("value", "40")}, combos)
    assert total_mismatch(("value", "100"), parts, overlapping=True) is None
    assert total_mismatch(("value", "80"), parts, overlapping=True) == Decimal(90)
    assert catalog_from_mapping(mapping(total="overlapping")).find_field("A.1.1") is not None


def test_named_months() -> None:
    """A.XI.5 "Tháng 7 và 11 hằng năm": monthly, due in July and November only."""
    from chiso_desktop.catalog.model import Frequency
    from chiso_desktop.entry.scope import build_scope
    from chiso_desktop.periods.period import parse_period

    city = load_catalog_file(catalogs_dir() / "hp-2081-2026.toml")
    pupils = city.indicator("A.XI.5")
    assert pupils is not None and pupils.months == (7, 11)
    assert pupils.reported_in(Frequency.MONTH, 7) and not pupils.reported_in(Frequency.MONTH, 6)
    scope = build_scope([city])
    due = {ind.code for _c, ind in scope.indicators("", parse_period("202611"))}
    assert "A.XI.5" in due
    assert "A.XI.5" not in {ind.code for _c, ind in scope.indicators("", parse_period("202610"))}
    assert catalog_to_mapping(city)["format"] == 3  # D.1, D.2 report by the hour
    data = mapping()
    data["indicators"][0]["months"] = [13]
    with pytest.raises(CatalogError, match="month numbers"):
        catalog_from_mapping(data)
    data["indicators"][0]["months"] = [7]
    with pytest.raises(CatalogError, match="needs the frequency 'month'"):
        catalog_from_mapping(data)


def test_months_survive_the_workbook(tmp_path: Path) -> None:
    data = mapping()
    data["indicators"][0].update(frequencies=["month"], months=[7, 11])
    cat = catalog_from_mapping(data)
    path = tmp_path / "m.xlsx"
    export_catalog_xlsx(cat, path)
    assert import_catalog_xlsx(path) == cat
