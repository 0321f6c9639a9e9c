from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop.catalog.model import Choice, Field, FieldType
from chiso_desktop.values.parse import ValueRefused, parse_input
from chiso_desktop.values.state import ValueState
from tests.support.examples import example_count

INT = Field("BM1.1", "Số hồ sơ tiếp nhận", unit="Hồ sơ", type=FieldType.INTEGER)
DEC = Field("A.1.1", "Diện tích", unit="Ha", type=FieldType.DECIMAL)
PCT = Field("BM1.3", "Tỷ lệ", unit="%", type=FieldType.PERCENT)
PCT_GROWTH = Field("A.2.1", "Tăng trưởng", unit="%", type=FieldType.PERCENT, min=Decimal(-50), max=Decimal(500))
MONEY = Field("A.3.1", "Thu ngân sách", unit="Tỷ đồng", type=FieldType.MONEY)
BALANCE = Field("A.3.2", "Cân đối", unit="Tỷ đồng", type=FieldType.MONEY, min=Decimal(-1000))
BOUNDED = Field("A.4.1", "Số trường", unit="Trường", type=FieldType.INTEGER, min=Decimal(1), max=Decimal(20))
CHOICE = Field(
    "BM3.1",
    "Hình thức khảo sát",
    type=FieldType.CHOICE,
    choices=(Choice("0", "Trực tuyến"), Choice("1", "Phát phiếu"), Choice("2", "Kết hợp")),
)
TEXT = Field("C.1.1", "Ghi chú", type=FieldType.TEXT)

R = "refused"
NA = "not-applicable"
MISS = "missing"

# text, field, expected canonical in vi, expected canonical in en
CASES = [
    ("9.275", INT, "9275", R),  # en: 9.275 is a fraction, not a count
    ("9,275", INT, R, "9275"),
    ("9275", INT, "9275", "9275"),
    ("1.234.567", INT, "1234567", R),
    ("1,234,567", INT, R, "1234567"),
    ("007", INT, "7", "7"),
    ("0", INT, "0", "0"),
    ("-0", INT, "0", "0"),
    ("-3", INT, R, R),  # counts are never negative
    ("9.275,0", INT, "9275", R),
    ("1,5", INT, R, R),  # vi: a fraction; en: malformed grouping
    ("51,9", DEC, "51.9", R),
    ("51.9", DEC, R, "51.9"),
    ("42,809", DEC, "42.809", "42809"),  # the CCHC typo: a decimal in vi
    ("42.809", DEC, "42809", "42.809"),
    ("1.234,56", DEC, "1234.56", R),
    ("1,234.56", DEC, R, "1234.56"),
    ("50,0", DEC, "50.0", R),
    ("  12  ", DEC, "12", "12"),
    ("1 234", DEC, R, R),
    ("1.2.3", DEC, R, R),
    ("12,34,5", DEC, R, R),
    ("12.34", DEC, R, "12.34"),  # vi: 12.34 groups wrongly
    ("abc", DEC, R, R),
    ("1e400", DEC, R, R),
    ("1E5", DEC, R, R),
    ("NaN", DEC, R, R),
    ("Infinity", DEC, R, R),
    ("-inf", DEC, R, R),
    ("--1", DEC, R, R),
    (".", DEC, R, R),
    (",", DEC, R, R),
    ("-", DEC, R, R),
    ("12a", DEC, R, R),
    ("0x1F", DEC, R, R),
    ("١٢٣", DEC, R, R),  # Arabic-Indic digits are not what officers type
    ("１２３", DEC, "123", "123"),  # full-width digits normalised
    ("１.２３４", DEC, "1234", "1.234"),
    ("12%", DEC, R, R),  # percent sign only for percent fields
    ("1" * 29, DEC, R, R),  # more digits than the context holds
    ("51,9%", PCT, "51.9", R),
    ("51.9%", PCT, R, "51.9"),
    ("51,9 %", PCT, "51.9", R),
    ("51,9", PCT, "51.9", R),
    ("100", PCT, "100", "100"),
    ("100,1", PCT, R, R),
    ("-1", PCT, R, R),
    ("-12,5", PCT_GROWTH, "-12.5", R),
    ("-12.5%", PCT_GROWTH, R, "-12.5"),
    ("250", PCT_GROWTH, "250", "250"),
    ("−12,5", PCT_GROWTH, "-12.5", R),  # Unicode minus
    ("1.250,75", MONEY, "1250.75", R),
    ("-5", MONEY, R, R),
    ("-5,5", BALANCE, "-5.5", R),
    ("-5.5", BALANCE, R, "-5.5"),
    ("0", BOUNDED, R, R),
    ("21", BOUNDED, R, R),
    ("20", BOUNDED, "20", "20"),
    ("1", CHOICE, "1", "1"),
    ("Phát phiếu", CHOICE, "1", "1"),
    ("phat phieu", CHOICE, "1", "1"),
    ("KẾT HỢP", CHOICE, "2", "2"),
    ("3", CHOICE, R, R),
    ("Email", CHOICE, R, R),
    ("  Số liệu ước tính  ", TEXT, "Số liệu ước tính", "Số liệu ước tính"),
    ("Không phát sinh", INT, NA, NA),
    ("không phát sinh", DEC, NA, NA),
    ("KHONG PHAT SINH", PCT, NA, NA),
    ("KPS", MONEY, NA, NA),
    ("kps", CHOICE, NA, NA),
    ("N/A", INT, NA, NA),
    ("n/a", TEXT, NA, NA),
    ("", INT, MISS, MISS),
    ("   ", DEC, MISS, MISS),
    ("\u00a0\t", PCT, MISS, MISS),
    ("", TEXT, MISS, MISS),
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("text", "field", "vi", "en"), CASES)
def test_parse_input_table(text, field, vi, en, lang):
    expected = vi if lang == "vi" else en
    if expected == R:
        with pytest.raises(ValueRefused) as exc:
            parse_input(text, field, lang)
        assert field.code in str(exc.value)  # the message names the field
        return
    parsed = parse_input(text, field, lang)
    if expected == NA:
        assert parsed.state == ValueState.NOT_APPLICABLE
        assert parsed.value is None
    elif expected == MISS:
        assert parsed.state == ValueState.MISSING
        assert parsed.value is None and parsed.canonical is None
    else:
        assert parsed.state == ValueState.VALUE
        assert parsed.canonical == expected
        if field.type in (FieldType.CHOICE, FieldType.TEXT):
            assert parsed.value == expected
        else:
            assert parsed.value == Decimal(expected)
            assert str(parsed.value) == expected or parsed.value.as_tuple().exponent == 0


def test_refusal_says_what_was_expected():
    with pytest.raises(ValueRefused) as exc:
        parse_input("1.2.3", INT, "vi")
    assert "9.275" in str(exc.value)  # the example is written the Vietnamese way
    with pytest.raises(ValueRefused) as exc:
        parse_input("abc", PCT, "en")
    assert "51.9" in str(exc.value)
    with pytest.raises(ValueRefused) as exc:
        parse_input("Email", CHOICE, "vi")
    assert "Phát phiếu" in str(exc.value)  # lists the choices


def test_the_typed_decimals_are_kept():
    assert parse_input("50,0", PCT, "vi").canonical == "50.0"
    assert parse_input("9.275,00", DEC, "vi").canonical == "9275.00"


FIELDS = [INT, DEC, PCT, PCT_GROWTH, MONEY, BALANCE, BOUNDED, CHOICE, TEXT]


@settings(max_examples=example_count(300))
@given(st.text(), st.sampled_from(FIELDS), st.sampled_from(["vi", "en"]))
def test_parse_input_raises_only_value_refused(text, field, lang):
    try:
        parsed = parse_input(text, field, lang)
    except ValueRefused:
        return
    assert parsed.state in set(ValueState)


@settings(max_examples=example_count(300))
@given(
    st.from_regex(r"\A[-+−]?[0-9０-９.,%eE ]{0,12}\Z"),
    st.sampled_from(FIELDS),
    st.sampled_from(["vi", "en"]),
)
def test_number_like_text_raises_only_value_refused(text, field, lang):
    try:
        parsed = parse_input(text, field, lang)
    except ValueRefused:
        return
    if parsed.state == ValueState.VALUE and isinstance(parsed.value, Decimal):
        assert parsed.value.is_finite()
        assert Decimal(parsed.canonical) == parsed.value
