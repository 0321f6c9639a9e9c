"""Read what an officer typed into a field, by the active locale, or refuse it.

Numbers go through ``babel.numbers.parse_decimal(strict=True)``: in
Vietnamese ``9.275`` is nine thousand two hundred seventy-five and ``51,9``
is fifty-one point nine; in English the reverse. An entry that the locale
cannot read unambiguously (``1.2.3``, ``12,34,5``) is refused with what was
expected, never guessed. The canonical text of a number uses ``.`` as the
decimal mark, no grouping, and keeps the decimals typed (``50,0`` →
``50.0``) so the display shows them back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.i18n import _
from chiso_desktop.values.bounds import effective_bounds
from chiso_desktop.values.display import format_number
from chiso_desktop.values.door import DIGITS, number_problem
from chiso_desktop.values.state import ValueState

_NOT_APPLICABLE_WORDS = frozenset(
    {"khong phat sinh", "kps", "n/a", "na", "not applicable", "khong ap dung"}
)
_NUMBER_SHAPE = re.compile(r"^[+-]?(?:[0-9][0-9.,]*|[.,][0-9]+)$", re.ASCII)
_SIGN_SPACE = re.compile(r"^([+-])\s+")
_PLAIN_DIGITS = re.compile(r"[+-]?[0-9]+", re.ASCII)
"""Digits with no mark: the same number in every UI language, read without babel (which
reads it so too, at a tenth of the speed: a pasted sheet is mostly such numbers)."""


class ValueRefused(ValueError):
    """Typed text that is not a valid value for the field; the message says what is expected."""


@dataclass(frozen=True)
class Parsed:
    state: ValueState
    value: Decimal | str | None
    canonical: str | None
    """``.`` decimal mark, no grouping (numbers); the choice code; the stripped text."""


MISSING = Parsed(ValueState.MISSING, None, None)
NOT_APPLICABLE = Parsed(ValueState.NOT_APPLICABLE, None, None)


def locale_for(lang: str) -> str:
    return "vi_VN" if lang == "vi" else "en_US"


def fold(text: str) -> str:
    """Case-, diacritic- and space-insensitive form for matching words."""
    text = unicodedata.normalize("NFKC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(plain.casefold().split())


def is_not_applicable_word(text: str) -> bool:
    """"Không phát sinh", "KPS", "N/A" in any case, with or without diacritics."""
    return fold(text).rstrip(".") in _NOT_APPLICABLE_WORDS


def parse_input(text: str | None, field: Field, lang: str) -> Parsed:
    """Parse ``text`` for ``field`` in language ``lang`` ("vi" or "en")."""
    if text is None:
        return MISSING
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    if not cleaned:
        return MISSING
    if is_not_applicable_word(cleaned):
        return NOT_APPLICABLE
    kind = FieldType(field.type)
    if kind is FieldType.TEXT:
        value = unicodedata.normalize("NFC", str(text).strip())
        return Parsed(ValueState.VALUE, value, value)
    if kind is FieldType.CHOICE:
        return _parse_choice(cleaned, field)
    return _parse_number(cleaned, field, lang)


def _parse_choice(text: str, field: Field) -> Parsed:
    folded = fold(text)
    for choice in field.choices:
        if folded in (fold(choice.code), fold(choice.label)):
            return Parsed(ValueState.VALUE, choice.code, choice.code)
    options = "; ".join(f"{c.code} = {c.label}" for c in field.choices)
    raise ValueRefused(
        _("{field}: “{text}” is not one of the choices ({options}).").format(
            field=field_name(field), text=text[:40], options=options
        )
    )


def _example(kind: FieldType, lang: str) -> str:
    if kind is FieldType.INTEGER:
        return "9.275" if lang == "vi" else "9,275"
    if kind is FieldType.PERCENT:
        return "51,9" if lang == "vi" else "51.9"
    return "1.234,5" if lang == "vi" else "1,234.5"


def _expected(field: Field, lang: str) -> str:
    kind = FieldType(field.type)
    example = _example(kind, lang)
    if kind is FieldType.INTEGER:
        return _("Expected a whole number, such as {example}.").format(example=example)
    if kind is FieldType.PERCENT:
        return _("Expected a percentage, such as {example} or {example}%.").format(example=example)
    return _("Expected a number, such as {example}.").format(example=example)


def _refuse(field: Field, text: str, lang: str, detail: str = "") -> ValueRefused:
    head = _("{field}: “{text}” is not a valid number.").format(
        field=field_name(field), text=text[:40]
    )
    parts = [head, detail, _expected(field, lang)] if detail else [head, _expected(field, lang)]
    return ValueRefused(" ".join(parts))


def _parse_number(text: str, field: Field, lang: str) -> Parsed:
    kind = FieldType(field.type)
    number = text.replace("\u2212", "-")  # Unicode minus sign
    if number.endswith("%"):
        if kind is not FieldType.PERCENT:
            raise _refuse(field, text, lang, _("A percent sign belongs only in percentage fields."))
        number = number[:-1].rstrip()
    number = _SIGN_SPACE.sub(r"\1", number)  # "- 5" -> "-5"; spaces inside digits are refused
    if not _NUMBER_SHAPE.match(number):
        raise _refuse(field, text, lang)
    if _PLAIN_DIGITS.fullmatch(number):
        return accept_number(Decimal(number), field, lang, text)
    try:
        value = parse_decimal(number, locale=locale_for(lang), strict=True)
    except NumberFormatError as exc:
        hint = ""
        suggestions = [s for s in getattr(exc, "suggestions", None) or [] if s]
        if suggestions:
            hint = _("Did you mean {suggestion}?").format(suggestion=" / ".join(suggestions))
        raise _refuse(field, text, lang, hint) from None
    except (InvalidOperation, ValueError):
        raise _refuse(field, text, lang) from None
    return accept_number(value, field, lang, text)


def accept_number(value: Decimal, field: Field, lang: str, text: str | None = None) -> Parsed:
    """An exact number (typed and read, or a spreadsheet's number cell) checked for ``field``.

    A number cell is never turned into text and read again in the UI
    language: ``1.234`` stored by a Vietnamese Excel stays one point two three four.
    """
    shown = text if text is not None else format(value, "f")
    if value.is_zero():
        value = value.copy_abs()  # no "-0"
    problem = number_problem(value, field)
    if not value.is_finite() or (problem is not None and problem[0] == DIGITS):
        raise _refuse(field, shown, lang, _("The number is too long."))
    kind = FieldType(field.type)
    if kind is FieldType.INTEGER:
        if value != value.to_integral_value():
            raise _refuse(field, shown, lang, _("A count cannot have a fraction."))
        value = value.quantize(Decimal(1))
    check_bounds(value, field, lang)
    if problem is not None:
        raise ValueRefused(problem[1])
    return Parsed(ValueState.VALUE, value, canonical_text(value))


def canonical_text(value: Decimal) -> str:
    """``.`` decimal mark, no grouping, no exponent; the typed decimals kept."""
    return format(value, "f")


def field_name(field: Field) -> str:
    return f"{field.code} {field.label}".strip()


def check_bounds(value: Decimal, field: Field, lang: str) -> None:
    """Raise :class:`ValueRefused` when ``value`` is outside the field's bounds."""
    low, high = effective_bounds(field)
    if low is not None and value < low:
        if low == 0:
            raise ValueRefused(
                _("{field}: the value cannot be negative.").format(field=field_name(field))
            )
        raise ValueRefused(
            _("{field}: {value} is below the minimum {minimum}.").format(
                field=field_name(field),
                value=format_number(value, lang),
                minimum=format_number(low, lang),
            )
        )
    if high is not None and value > high:
        raise ValueRefused(
            _("{field}: {value} is above the maximum {maximum}.").format(
                field=field_name(field),
                value=format_number(value, lang),
                maximum=format_number(high, lang),
            )
        )
