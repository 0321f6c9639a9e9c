from __future__ import annotations

from decimal import Decimal

import pytest

from chiso_desktop.catalog.model import Choice, Field, FieldType, Indicator
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.values.formula import MappingContext
from chiso_desktop.values.parse import parse_input
from chiso_desktop.values.validate import validate_values

D = Decimal


@pytest.fixture(scope="module")
def bm6_fields() -> list[Field]:
    cchc = builtin_catalogs()["nhichieu-cchc-2026"]
    indicator = cchc.indicator("BM6")
    assert indicator is not None
    return [f for f in indicator.fields if f.code in ("BM6.1", "BM6.1.1", "BM6.1.2")]


def test_the_42_809_typo_is_flagged(bm6_fields):
    by_code = {f.code: f for f in bm6_fields}
    plan = parse_input("42,809", by_code["BM6.1.1"], "vi")  # printed with a decimal comma
    done = parse_input("21.406", by_code["BM6.1.2"], "vi")
    assert plan.canonical == "42.809"
    assert done.canonical == "21406"
    issues = validate_values(bm6_fields, {"BM6.1.1": plan.value, "BM6.1.2": done.value}, lang="vi")
    errors = {(i.code, i.rule) for i in issues if i.severity == "error"}
    assert ("BM6.1", "bounds") in errors  # 21406 / 42.809 * 100 ≈ 50003%
    assert ("BM6.1.2", "part-of-whole") in errors
    bounds = next(i for i in issues if i.rule == "bounds")
    assert "50.003,5%" in bounds.message and "BM6.1" in bounds.message


def test_the_corrected_value_passes(bm6_fields):
    values = {"BM6.1.1": D(42809), "BM6.1.2": D(21406)}
    assert validate_values(bm6_fields, values) == []


def test_given_computed_value_is_checked_too(bm6_fields):
    issues = validate_values(bm6_fields, {"BM6.1": D("50003.5")}, lang="en")
    assert [(i.code, i.rule) for i in issues] == [("BM6.1", "bounds")]


COUNT = Field("X.1", "Tổng số hồ sơ", unit="Hồ sơ", type=FieldType.INTEGER)
ONLINE = Field("X.1.1", "Trong đó trực tuyến", unit="Hồ sơ", type=FieldType.INTEGER, parent="X.1")
RATE = Field("X.2", "Tỷ lệ trực tuyến", unit="%", type=FieldType.PERCENT, formula="{X.1.1} / {X.1} * 100")
GROWTH = Field(
    "X.3", "So với cùng kỳ", unit="%", type=FieldType.PERCENT, max=D(1000),
    formula="{X.1} / last_year({X.1}) * 100",
)
MODE = Field("X.4", "Hình thức", type=FieldType.CHOICE, choices=(Choice("0", "Trực tuyến"), Choice("1", "Phát phiếu")))
FORM = Indicator("X", "Biểu thử", "G", fields=(COUNT, ONLINE, RATE, GROWTH, MODE))


def rules(issues):
    return [(i.code, i.severity, i.rule) for i in issues]


def test_clean_form_has_no_issues():
    ctx = MappingContext({"X.1": D(100), "X.1.1": D(40)}, last_year_values={"X.1": D(80)})
    assert validate_values(FORM, {"X.1": D(100), "X.1.1": D(40), "X.4": "1"}, context=ctx) == []


def test_bounds_integer_and_choice():
    issues = validate_values(FORM, {"X.1": D(-1), "X.1.1": D("2.5"), "X.4": "7"})
    assert ("X.1", "error", "bounds") in rules(issues)
    assert ("X.1.1", "error", "integer") in rules(issues)
    assert ("X.4", "error", "choice") in rules(issues)


def test_ratio_part_larger_than_whole():
    issues = validate_values(FORM, {"X.1": D(40), "X.1.1": D(100)})
    found = rules(issues)
    assert ("X.1.1", "error", "part-of-whole") in found
    assert ("X.2", "error", "bounds") in found  # 250%
    assert ("X.1.1", "warning", "part-of-whole") in found  # from the nesting as well
    message = next(i.message for i in issues if i.rule == "part-of-whole" and i.severity == "error")
    assert "X.1.1 Trong đó trực tuyến" in message and "X.1 Tổng số hồ sơ" in message


def test_growth_ratio_above_100_is_fine():
    ctx = MappingContext({"X.1": D(150), "X.1.1": D(10)}, last_year_values={"X.1": D(100)})
    assert validate_values(FORM, {"X.1": D(150), "X.1.1": D(10)}, context=ctx) == []


def test_nesting_rule_needs_the_same_unit_and_skips_sum_parents():
    parent = Field("P", "Tổng", unit="Người", type=FieldType.INTEGER, formula="sum({P.1}, {P.2})")
    kids = [
        Field("P.1", "Nam", unit="Người", type=FieldType.INTEGER, parent="P"),
        Field("P.2", "Nữ", unit="Người", type=FieldType.INTEGER, parent="P"),
        Field("P.3", "Số hộ", unit="Hộ", type=FieldType.INTEGER, parent="P"),
    ]
    assert validate_values([parent, *kids], {"P.1": D(5), "P.2": D(6), "P.3": D(50)}) == []


def test_not_applicable_is_not_checked_and_blocks_computing():
    issues = validate_values(
        FORM,
        {"X.1": D(40), "X.1.1": None},
        states={"X.1.1": "not-applicable"},
    )
    assert issues == []


def test_outlier_warning_names_the_field():
    history = {"X.1": [D(x) for x in (9100, 9250, 9180, 9300, 9275, 9210, 9190, 9320)]}
    issues = validate_values(FORM, {"X.1": D("92750"), "X.1.1": D(10)}, history=history, lang="vi")
    assert ("X.1", "warning", "outlier") in rules(issues)
    message = next(i.message for i in issues if i.rule == "outlier")
    assert "X.1 Tổng số hồ sơ" in message and "92.750" in message


def test_mostly_zero_history_does_not_warn():
    history = {"X.1": [D(x) for x in (0, 0, 0, 2, 3, 0, 0, 0, 0, 0, 1, 0)]}
    assert validate_values(FORM, {"X.1": D(4), "X.1.1": D(0)}, history=history) == []


def test_errors_come_before_warnings():
    history = {"X.4": [], "X.1": [D(x) for x in (10, 11, 12, 10, 11, 12, 10, 11)]}
    issues = validate_values(FORM, {"X.1": D(5000), "X.1.1": D(6000)}, history=history)
    severities = [i.severity for i in issues]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert "warning" in severities and "error" in severities


def test_bad_formula_is_reported_not_raised():
    broken = Field("B", "Hỏng", type=FieldType.DECIMAL, formula="{A} +")
    issues = validate_values([Field("A", "A"), broken], {"A": D(1)})
    assert rules(issues) == [("B", "error", "formula")]
