from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop import i18n
from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.values.display import format_computed
from chiso_desktop.values.formula import (
    CannotCompute,
    FormulaError,
    MappingContext,
    compile_formula,
    evaluate_fields,
)
from chiso_desktop.values.state import ValueState
from tests.support.examples import example_count


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """These tests match the English source text of the messages."""
    i18n.set_language("en")


D = Decimal
RATIO = "{BM1.3.2} / {BM1.3.1} * 100"


def test_cchc_ratio_27_of_52():
    # Biểu mẫu 1 of report 329/BC-UBND: 27 of 52 -> 51,9%
    f = compile_formula(RATIO)
    result = f.evaluate(MappingContext({"BM1.3.1": D(52), "BM1.3.2": D(27)}))
    assert isinstance(result, Decimal)
    assert result.quantize(D("0.0001")) == D("51.9231")
    pct = Field("BM1.3", "Tỷ lệ", type=FieldType.PERCENT, formula=RATIO)
    assert format_computed(result, pct, "vi") == "51,9%"
    assert format_computed(result, pct, "en") == "51.9%"


def test_cchc_ratio_21406_of_42809():
    fields = [
        Field("BM2.1", "Tổng số hồ sơ", type=FieldType.INTEGER),
        Field("BM2.2", "Hồ sơ trực tuyến", type=FieldType.INTEGER),
        Field("BM2.3", "Tỷ lệ", type=FieldType.PERCENT, formula="{BM2.2} / {BM2.1} * 100"),
    ]
    results = evaluate_fields(fields, MappingContext({"BM2.1": D(42809), "BM2.2": D(21406)}))
    assert results == {"BM2.3": D("50.0035")}  # stored: 4 places
    assert format_computed(results["BM2.3"], fields[2], "vi") == "50,0%"


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("1 + 2 * 3", {}, D(7)),
        ("(1 + 2) * 3", {}, D(9)),
        ("10 - 4 - 3", {}, D(3)),  # left associative
        ("100 / 8 / 5", {}, D("2.5")),
        ("-{a} + 5", {"a": D(2)}, D(3)),
        ("- -{a}", {"a": D(2)}, D(2)),
        ("2 * -3", {}, D(-6)),
        ("0.1 + 0.2", {}, D("0.3")),  # decimal, not float
        ("sum({a}, {b})", {"a": D(1), "b": D("2.5")}, D("3.5")),
        ("sum({a}, {b} * 2, 1)", {"a": D(1), "b": D(2)}, D(6)),
        ("min({a}, {b}, 7)", {"a": D(9), "b": D(3)}, D(3)),
        ("max({a}, {b})", {"a": D(-9), "b": D(-3)}, D(-3)),
        ("{a}/{b}*100", {"a": D(1), "b": D(3)}, D("33.33333333333333333333333333")),
        ("  {A.XIII.1.1}+{A.XIII.1.2} ", {"A.XIII.1.1": D(1), "A.XIII.1.2": D(2)}, D(3)),
    ],
)
def test_arithmetic(text, values, expected):
    assert compile_formula(text).evaluate(MappingContext(values)) == expected


def test_period_functions():
    ctx = MappingContext(
        values={"x": D(120)},
        previous_values={"x": D(100)},
        last_year_values={"x": D(80)},
        cumulative_values={"x": D(600)},
        plan_values={"x": D(1200)},
    )
    assert compile_formula("({x} - previous({x})) / previous({x}) * 100").evaluate(ctx) == D(20)
    assert compile_formula("{x} / last_year({x}) * 100").evaluate(ctx) == D(150)
    assert compile_formula("cumulative({x}) / plan({x}) * 100").evaluate(ctx) == D(50)


def test_references_include_those_under_functions():
    f = compile_formula("sum({a}, max({b}, 2)) + previous({c}) / plan({d}) - cumulative({e})")
    assert f.references == {"a", "b", "c", "d", "e"}
    assert f.current_references == {"a", "b", "e"}


@pytest.mark.parametrize(
    ("text", "ctx", "code", "words"),
    [
        ("{a} / {b}", MappingContext({"a": D(1), "b": D(0)}), "b", "Division by zero"),
        ("{a} / ({b} - {b})", MappingContext({"a": D(1), "b": D(3)}), "", "Division by zero"),
        ("{a} + {b}", MappingContext({"a": D(1)}), "b", "b has no value"),
        ("{a} + {b}", MappingContext({"a": D(1), "b": ValueState.NOT_APPLICABLE}), "b", "not applicable"),
        ("sum({a}, {b})", MappingContext({"a": D(1), "b": None}), "b", "b has no value"),
        ("previous({a})", MappingContext({"a": D(1)}), "a", "previous period"),
        ("last_year({a})", MappingContext({"a": D(1)}), "a", "same period last year"),
        ("cumulative({a})", MappingContext({"a": D(1)}), "a", "year to date"),
        ("plan({a})", MappingContext({"a": D(1)}), "a", "plan value"),
    ],
)
def test_cannot_compute_is_a_result(text, ctx, code, words):
    result = compile_formula(text).evaluate(ctx)
    assert isinstance(result, CannotCompute)
    assert result.code == code
    assert words in result.reason


def test_cannot_compute_names_the_field_with_its_label():
    result = compile_formula("{a} / {b}").evaluate(
        MappingContext({"a": D(1), "b": D(0)}), labels={"b": "Tổng số hồ sơ"}
    )
    assert isinstance(result, CannotCompute)
    assert "b Tổng số hồ sơ" in result.reason


def test_overflow_is_cannot_compute():
    result = compile_formula("{a} * {a} * {a}").evaluate(MappingContext({"a": D("1E+400000")}))
    assert isinstance(result, CannotCompute)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("{a} +", "ends too early"),
        ("(1 + 2", "ends too early"),
        ("1 + 2)", "unexpected"),
        ("{a} {b}", "“{b}”"),
        ("1 +* 2", "position 4"),
        ("foo({a})", "unknown function"),
        ("eval(1)", "unknown function"),
        ("__import__(1)", "unknown function"),
        ("previous(1)", "one field reference"),
        ("previous({a}, {b})", "one field reference"),
        ("plan({a} + 1)", "one field reference"),
        ("sum()", "needs an argument"),
        ("{}", "not a field code"),
        ("{a b}", "not a field code"),
        ("{a", "no closing"),
        ("1..2", "not a number"),
        ("1,5 * 2", "unexpected"),
        ("2 ^ 3", "unexpected"),
        ("2 % 3", "unexpected"),
        ("sum{a}", "expected"),
        ("(" * 200 + "1" + ")" * 200, "nested too deeply"),
        ("+".join(["1"] * 600), "too long"),
    ],
)
def test_formula_errors(text, words):
    with pytest.raises(FormulaError) as exc:
        compile_formula(text)
    assert words in str(exc.value)


@settings(max_examples=example_count(300))
@given(st.text(alphabet="{}()+-*/,.0123456789 abxsumpreviousmaxinplan_", max_size=40))
def test_compile_raises_only_formula_error(text):
    try:
        f = compile_formula(text)
    except FormulaError:
        return
    result = f.evaluate(MappingContext(dict.fromkeys(f.references, D(2))))
    assert isinstance(result, (Decimal, CannotCompute))


def test_evaluate_fields_dependency_order_and_chained_failure():
    fields = [
        Field("r", "Tỷ lệ", type=FieldType.PERCENT, formula="{t} / {w} * 100"),
        Field("t", "Tổng", type=FieldType.INTEGER, formula="sum({a}, {b})"),
        Field("w", "Toàn bộ", type=FieldType.INTEGER),
        Field("a", "A", type=FieldType.INTEGER),
        Field("b", "B", type=FieldType.INTEGER),
    ]
    ok = evaluate_fields(fields, MappingContext({"a": D(1), "b": D(2), "w": D(6)}))
    assert ok == {"t": D(3), "r": D(50)}
    assert str(ok["t"]) == "3" and str(ok["r"]) == "50"  # no trailing-zero junk
    failed = evaluate_fields(fields, MappingContext({"a": D(1), "w": D(6)}))
    assert isinstance(failed["t"], CannotCompute) and failed["t"].code == "b"
    assert isinstance(failed["r"], CannotCompute)
    assert "t Tổng cannot be computed" in failed["r"].reason


def test_running_total_via_previous_is_not_a_cycle():
    fields = [
        Field("m", "Trong tháng", type=FieldType.INTEGER),
        Field("c", "Lũy kế", type=FieldType.INTEGER, formula="previous({c}) + {m}"),
    ]
    ctx = MappingContext({"m": D(5)}, previous_values={"c": D(40)})
    assert evaluate_fields(fields, ctx) == {"c": D(45)}


def test_cycle_is_a_formula_error():
    fields = [
        Field("x", "X", formula="{y} + 1"),
        Field("y", "Y", formula="{z} * 2"),
        Field("z", "Z", formula="cumulative({x})"),
    ]
    with pytest.raises(FormulaError) as exc:
        evaluate_fields(fields, MappingContext())
    assert "circle" in str(exc.value)


def test_bad_formula_in_fields_names_the_field():
    with pytest.raises(FormulaError) as exc:
        evaluate_fields([Field("BM1.3", "Tỷ lệ", formula="{a} //")], MappingContext())
    assert str(exc.value).startswith("BM1.3:")


def test_ratio_and_sum_shapes():
    assert compile_formula("{b} / {a} * 100").ratio_parts() == ("b", "a")
    assert compile_formula("100 * ({b} / {a})").ratio_parts() == ("b", "a")
    assert compile_formula("{b} * 100 / {a}").ratio_parts() == ("b", "a")
    assert compile_formula("{b} / {a}").ratio_parts() is None
    assert compile_formula("({b} - {a}) / {a} * 100").ratio_parts() is None
    assert compile_formula("sum({a}, {b})").sum_parts() == ("a", "b")
    assert compile_formula("{a} + {b} + {c}").sum_parts() == ("a", "b", "c")
    assert compile_formula("{a} - {b}").sum_parts() is None


def test_context_returning_text_numbers_and_junk():
    f = compile_formula("{a} + {b}")
    assert f.evaluate(MappingContext({"a": "1.5", "b": D(1)})) == D("2.5")  # type: ignore[dict-item]
    result = f.evaluate(MappingContext({"a": "abc", "b": D(1)}))  # type: ignore[dict-item]
    assert isinstance(result, CannotCompute) and result.code == "a"
