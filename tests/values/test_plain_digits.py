"""Plain digits are read without babel (a pasted sheet is mostly such numbers, and babel
costs most of a save's parsing): the result, or the refusal, is exactly babel's."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.values.parse import ValueRefused, accept_number, locale_for, parse_input
from tests.support.examples import example_count

FIELDS = (
    Field(code="A.1", label="Số hộ", type=FieldType.INTEGER),
    Field(code="A.2", label="Diện tích", type=FieldType.DECIMAL),
    Field(code="A.3", label="Tỷ lệ", type=FieldType.PERCENT),
    Field(code="A.4", label="Kinh phí", type=FieldType.MONEY),
    Field(code="A.5", label="Có giới hạn", type=FieldType.INTEGER, min=Decimal(1),
          max=Decimal(500)),
)


def _outcome(read: object) -> object:
    try:
        return read()  # type: ignore[operator]
    except ValueRefused as exc:
        return ("refused", str(exc))


@settings(max_examples=example_count(300), deadline=None)
@given(text=st.from_regex(r"[+-]?[0-9]{1,32}", fullmatch=True),
       field=st.sampled_from(FIELDS), lang=st.sampled_from(("vi", "en")))
def test_plain_digits_read_as_babel_reads_them(text: str, field: Field, lang: str) -> None:
    babel = _outcome(lambda: accept_number(
        parse_decimal(text, locale=locale_for(lang), strict=True), field, lang, text))
    assert _outcome(lambda: parse_input(text, field, lang)) == babel


def test_marked_numbers_still_go_through_babel() -> None:
    decimal = FIELDS[1]
    assert parse_input("1.234", decimal, "vi").canonical == "1234"
    assert parse_input("1.234", decimal, "en").canonical == "1.234"
    assert parse_input("0007", FIELDS[0], "vi").canonical == "7"
