from __future__ import annotations

from decimal import Decimal

import pytest

from chiso_desktop.catalog.model import Choice, Field, FieldType
from chiso_desktop.values.display import format_computed, format_value
from chiso_desktop.values.parse import parse_input

INT = Field("BM1.1", "Số hồ sơ", type=FieldType.INTEGER)
DEC = Field("A.1.1", "Diện tích", type=FieldType.DECIMAL)
PCT = Field("BM1.3", "Tỷ lệ", type=FieldType.PERCENT)
MONEY = Field("A.3.1", "Thu", type=FieldType.MONEY, min=Decimal(-10))
CHOICE = Field("BM3.1", "Hình thức", type=FieldType.CHOICE, choices=(Choice("0", "Trực tuyến"), Choice("1", "Phát phiếu")))
TEXT = Field("C.1", "Ghi chú", type=FieldType.TEXT)


@pytest.mark.parametrize(
    ("value", "field", "vi", "en"),
    [
        (Decimal("9275"), INT, "9.275", "9,275"),
        (Decimal("1234567"), INT, "1.234.567", "1,234,567"),
        (Decimal("51.9"), PCT, "51,9%", "51.9%"),
        (Decimal("50.0"), PCT, "50,0%", "50.0%"),  # the stored decimals are shown
        (Decimal("100"), PCT, "100%", "100%"),
        (Decimal("1234.5678"), DEC, "1.234,5678", "1,234.5678"),  # not cut to 3 places
        (Decimal("0.00001"), DEC, "0,00001", "0.00001"),
        (Decimal("-5.50"), MONEY, "-5,50", "-5.50"),
        ("42.809", DEC, "42,809", "42.809"),  # canonical text works too
        ("1", CHOICE, "Phát phiếu", "Phát phiếu"),
        ("9", CHOICE, "9", "9"),
        ("Số liệu ước tính", TEXT, "Số liệu ước tính", "Số liệu ước tính"),
        (None, INT, "", ""),
    ],
)
def test_format_value(value, field, vi, en):
    assert format_value(value, field, "vi") == vi
    assert format_value(value, field, "en") == en


def test_not_applicable_is_not_zero():
    assert format_value(None, INT, "vi", state="not-applicable") == "Không phát sinh"
    assert format_value(None, INT, "en", state="not-applicable") == "Not applicable"
    assert format_value(Decimal(5), INT, "vi", state="missing") == ""


def test_computed_values_round_for_display_only():
    assert format_computed(Decimal(27) / Decimal(52) * 100, PCT, "vi") == "51,9%"
    assert format_computed(Decimal(21406) / Decimal(42809) * 100, PCT, "vi") == "50,0%"
    assert format_computed(Decimal("12.345"), DEC, "en") == "12.35"  # half up
    assert format_computed(Decimal("9274.5"), INT, "vi") == "9.275"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "value", ["9275", "51.9", "50.0", "0.5", "1234567.891", "0", "100.00"]
)
def test_round_trip_display_then_parse(value, lang):
    field = PCT if Decimal(value) <= 100 else DEC
    shown = format_value(Decimal(value), field, lang)
    assert parse_input(shown, field, lang).canonical == value


def test_unreadable_stored_text_is_shown_as_is():
    assert format_value("abc", DEC, "vi") == "abc"
