"""The Nhị Chiểu plan (202/KH-UBND) resolves to its 28 indicators of the city set.

Departments and deadlines are checked against the plan's own table and its
section III (``shared/seeds/000_f7b24137c8af16dd.txt``).
"""

from __future__ import annotations

from collections import Counter

import pytest

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, CatalogKind, Frequency
from chiso_desktop.catalog.registry import builtin_catalogs, resolve_plan
from chiso_desktop.paths import catalogs_dir

# City code -> department, in the plan's table order (section II.1 rows 1-25, II.2 rows 1-3).
EXPECTED = {
    "A.XIII.1": "KT", "A.XIII.2": "KT", "A.XIII.3": "KT", "A.XIII.4": "KT", "A.XIII.5": "KT",
    "A.XIII.6": "KT", "A.XIII.7": "KT", "A.XIII.8": "KT", "A.XIII.9": "KT", "A.XIII.10": "KT",
    "A.XIII.11": "KT", "A.IV.3": "KT", "A.XIII.12": "VHXH", "A.XIII.13": "VHXH",
    "A.XIII.14": "VHXH", "A.XIII.15": "VHXH", "A.XIII.16": "VHXH", "A.XIII.17": "VHXH",
    "A.XIII.18": "KT", "A.XIII.19": "KT", "A.XIII.20": "KT", "A.XIII.21": "HCC",
    "A.XIII.22": "HCC", "A.XIII.23": "KT", "A.XIII.24": "VHXH",
    "D.3": "KT", "D.4": "KT", "D.5": "KT",
}


@pytest.fixture(scope="module")
def city() -> Catalog:
    return load_catalog_file(catalogs_dir() / "hp-2081-2026.toml")


@pytest.fixture(scope="module")
def plan() -> Catalog:
    return load_catalog_file(catalogs_dir() / "nhichieu-202-2026.toml")


@pytest.fixture(scope="module")
def resolved(plan: Catalog, city: Catalog) -> Catalog:
    return resolve_plan(plan, city)


def test_header(plan: Catalog) -> None:
    assert plan.id == "nhichieu-202-2026"
    assert plan.kind is CatalogKind.PLAN
    assert plan.base == "hp-2081-2026"
    assert plan.document == "202/KH-UBND"
    assert plan.issued == "2026-06-11"
    assert plan.issuer == "UBND phường Nhị Chiểu"
    assert plan.indicators == ()  # indicators come from the base, never repeated


def test_both_catalogs_ship_with_the_app() -> None:
    shipped = builtin_catalogs()
    assert shipped["nhichieu-202-2026"].base in shipped


def test_assignments_in_plan_order(plan: Catalog) -> None:
    assert [(a.indicator, a.department) for a in plan.assignments] == list(EXPECTED.items())


def test_resolves_28_indicators_25_in_a_and_3_in_d(resolved: Catalog, city: Catalog) -> None:
    assert len(resolved.indicators) == 28
    top = Counter(i.group.split(".")[0] for i in resolved.indicators)
    assert top == {"A": 25, "D": 3}
    assert Counter(i.group for i in resolved.indicators) == {"A.IV": 1, "A.XIII": 24, "D": 3}
    for ind in resolved.indicators:
        assert ind.department == EXPECTED[ind.code]
        base = city.indicator(ind.code)
        assert base is not None
        assert (ind.name, ind.fields, ind.frequencies) == (base.name, base.fields, base.frequencies)
        assert ind.agency.startswith("UBND cấp xã")
    assert [g.code for g in resolved.groups] == ["A", "A.IV", "A.XIII", "D"]


def test_department_load(resolved: Catalog) -> None:
    assert Counter(i.department for i in resolved.indicators) == {"KT": 19, "VHXH": 7, "HCC": 2}


def test_departments_named_as_in_the_plan(plan: Catalog) -> None:
    assert {d.code: d.name for d in plan.departments} == {
        "KT": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "VHXH": "Phòng Văn hoá - Xã hội",
        "HCC": "Trung tâm Phục vụ Hành chính công",
        "VP": "Văn phòng HĐND-UBND",
    }


def test_deadlines_and_lead_days(plan: Catalog) -> None:
    assert [(d.frequency, d.day, d.month) for d in plan.deadlines] == [
        (Frequency.MONTH, 20, 0),
        (Frequency.QUARTER, 15, 0),
        (Frequency.HALF_YEAR, 15, 6),
        (Frequency.YEAR, 10, 12),
    ]
    assert plan.deadlines[1].text == "Chỉ số theo quý: gửi trước ngày 15 của tháng cuối quý."
    assert plan.department_lead_days == 3
    assert plan.office_lead_days == 1


def test_every_frequency_used_has_a_deadline(resolved: Catalog, plan: Catalog) -> None:
    used = {f for i in resolved.indicators for f in i.frequencies}
    assert used <= {d.frequency for d in plan.deadlines}


def test_plan_notes_keep_the_plan_wording(plan: Catalog) -> None:
    notes = {a.indicator: a.note for a in plan.assignments}
    assert notes["A.IV.3"] == "Kế hoạch: Nhóm A, STT 12; ghi chú (Báo cáo trong phạm vi quản lý)"
    assert "«Tỷ lệ khu dân cư văn hóa hằng năm»" in notes["A.XIII.13"]
    assert notes["D.3"].startswith("Kế hoạch: Nhóm D, STT 1")
