"""The one door every value comes in by: the same checks, whoever sends it.

Typing, paste, ``values set``, ``values import`` (xlsx/csv), a department
bundle at the Office (first sending or a correction answer) and a ward's
consolidated bundle at the city all hand their values to :func:`check_value`
in the canonical form the store keeps (``.`` decimal mark, no grouping). A
value that fails is refused with the reason; nothing is stored that no screen
could show. Checks, in order (the first that fails is the reason):

``unknown-field``  the code is no entered field of the installed catalogs;
``computed``       computed items follow from their inputs, never entered;
``heading``        a heading row is shown, never entered;
``period``         the period id is a real period (20260231, 2025W53, 000001 are not);
``frequency``      the indicator reports at that frequency (a monthly field has no 2026Q2 value);
``state``          one of value, not-applicable, missing; only ``value`` carries a value;
``control``        text (values and notes) holds no control characters;
``length``         text (values and notes) has at most :data:`MAX_TEXT` characters;
``canonical``      numbers in canonical form: no ``-0``, no ``0007``, no ``+5``, no grouping;
``digits``         at most :data:`MAX_DIGITS` significant digits, :data:`MAX_PLACES` decimals;
``type``           a count has no fraction, a choice is one of the field's codes;
``bounds``         the field's effective bounds (no negative count, percent 0–100 …).

Who may send a value (the plan's assignment) and whether the period is locked
are the caller's business: typing refuses them, an Office import holds the
value for review with the reason (``exchange/merge.py``), because there the
Office decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from chiso_desktop.catalog.model import Field, FieldType, Indicator
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period, PeriodError, parse_period
from chiso_desktop.values.bounds import NUMERIC_TYPES, effective_bounds

MAX_DIGITS = 15
"""Digits written (before and after the mark): what a spreadsheet (the IOC workbook) holds
exactly; display and reports round within the Decimal context's 28 digits, never overflow."""
MAX_PLACES = 6
"""Decimals kept: a rate to a millionth is more than any form prints."""
MAX_TEXT = 10_000
"""Characters of a text value or a note: what a bundle carries (``bundle/values.py``)."""

UNKNOWN_FIELD = "unknown-field"
COMPUTED = "computed"
HEADING = "heading"
PERIOD = "period"
FREQUENCY = "frequency"
STATE = "state"
CONTROL = "control"
LENGTH = "length"
CANONICAL = "canonical"
DIGITS = "digits"
TYPE = "type"
BOUNDS = "bounds"

STATES = frozenset({"value", "not-applicable", "missing"})
_CANONICAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?", re.ASCII)
# C0 and C1 controls (tab and line feed are layout in a note), DEL, and the
# bidirectional overrides that make a terminal or a cell show other text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Rejection:
    """Why one value was refused: which value, which rule, a sentence for the user."""

    code: str
    period: str
    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


@lru_cache(maxsize=4096)
def real_period(period_id: str) -> Period | None:
    """The period an id names, only when the id is its exact DHIS2 form."""
    try:
        period = parse_period(period_id)
    except PeriodError:
        return None
    return period if period.id == period_id else None


def number_problem(number: Decimal, field: Field) -> tuple[str, str] | None:
    """(rule, message) when an exact number does not fit ``field``; used by every door."""
    name = f"{field.code} {field.label}".strip()
    if not number.is_finite():
        return TYPE, _("{field}: not a number.").format(field=name)
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    whole = max(number.adjusted() + 1, 1) if number else 1
    if whole + places > MAX_DIGITS or places > MAX_PLACES:
        return DIGITS, _("{field}: the number is too long; at most {digits} digits, {places} "
                         "of them after the decimal mark.").format(
            field=name, digits=MAX_DIGITS, places=MAX_PLACES)
    kind = FieldType(field.type)
    if kind is FieldType.INTEGER and number != number.to_integral_value():
        return TYPE, _("{field}: a count cannot have a fraction.").format(field=name)
    low, high = effective_bounds(field)
    if low is not None and number < low:
        if low == 0:
            return BOUNDS, _("{field}: the value cannot be negative.").format(field=name)
        return BOUNDS, _("{field}: {value} is below the minimum {minimum}.").format(
            field=name, value=format(number, "f"), minimum=format(low, "f"))
    if high is not None and number > high:
        return BOUNDS, _("{field}: {value} is above the maximum {maximum}.").format(
            field=name, value=format(number, "f"), maximum=format(high, "f"))
    return None


def check_value(field: Field | None, indicator: Indicator | None, code: str, period: str,
                state: str, value: str | None, note: str = "") -> Rejection | None:
    """None when the value may be stored as is; else the first reason it may not.

    ``value`` is the canonical text the store keeps. The same call for every
    door, so a value refused by typing is refused in a bundle, and the reverse.
    """
    def no(rule: str, message: str) -> Rejection:
        return Rejection(code[:80], period[:20], rule, message)

    if field is None or indicator is None:
        return no(UNKNOWN_FIELD, _("{code}: no such field in the installed catalogs.").format(
            code=code[:80]))
    name = f"{field.code} {field.label}".strip()
    if field.computed:
        return no(COMPUTED, _("{field} is computed from other items; enter those instead.")
                  .format(field=name))
    if field.heading:
        return no(HEADING, _("{field} is a heading; it holds no value.").format(field=name))
    real = real_period(period)
    if real is None:
        return no(PERIOD, _("{code}: “{period}” is not a real reporting period.").format(
            code=field.code, period=period[:20]))
    if not indicator.reported_in(real.frequency, real.start.month):
        return no(FREQUENCY, _("{field}: the indicator is not reported for {period}.").format(
            field=name, period=real.label()))
    if state not in STATES or (state != "value") != (value is None):
        return no(STATE, _("{field}: the value's state is not valid.").format(field=name))
    if has_control(note) or (value is not None and has_control(value)):
        return no(CONTROL, _("{field}: the text holds control characters; type it again "
                             "without them.").format(field=name))
    if len(note) > MAX_TEXT or (value is not None and len(value) > MAX_TEXT):
        return no(LENGTH, _("{field}: the text is too long (at most {n} characters); shorten "
                            "it.").format(field=name, n=f"{MAX_TEXT:,}".replace(",", ".")))
    if value is None:
        return None
    kind = FieldType(field.type)
    if kind in NUMERIC_TYPES:
        if not _CANONICAL.fullmatch(value) or (value.startswith("-0") and \
                value.strip("-0.") == ""):
            return no(CANONICAL, _("{field}: “{value}” is not a number in canonical form.")
                      .format(field=name, value=value[:40]))
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return no(CANONICAL, _("{field}: “{value}” is not a number in canonical form.")
                      .format(field=name, value=value[:40]))
        problem = number_problem(number, field)
        return no(*problem) if problem else None
    if kind is FieldType.CHOICE and value not in {c.code for c in field.choices}:
        return no(TYPE, _("{field}: “{value}” is not one of the choices.").format(
            field=name, value=value[:40]))
    return None


# --- many values at once ------------------------------------------------------------
#
# An Office import checks 100,000s of values. The common, valid batch is proven
# valid column by column (one regex over the joined text of a column, per kind of
# field); any doubt falls back to check_value per value, which names the first bad
# one. Both paths apply the same rules: the fast one only ever says "all fine".

_PLACES = f"(?:\\.[0-9]{{1,{MAX_PLACES}}})?"
_WHOLE = f"(?:0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}})"
_NONNEG_LINES = re.compile(f"(?:{_WHOLE}{_PLACES}\n)*", re.ASCII)
_COUNT_LINES = re.compile(f"(?:{_WHOLE}\n)*", re.ASCII)
_PERCENT_LINES = re.compile(
    f"(?:(?:100(?:\\.0{{1,{MAX_PLACES}}})?|(?:0|[1-9][0-9]?){_PLACES})\n)*", re.ASCII)
_STATE_TYPES = {("value", str), ("not-applicable", type(None)), ("missing", type(None))}
_TEXT, _CHOICE, _NONNEG, _COUNT, _PERCENT, _EACH = range(6)


def _kind_of(field: Field) -> int:
    """Which column check proves a field's values; _EACH for bounds only Decimal can judge."""
    kind = FieldType(field.type)
    if kind is FieldType.TEXT:
        return _TEXT
    if kind is FieldType.CHOICE:
        return _CHOICE
    low, high = effective_bounds(field)
    if low != 0:
        return _EACH
    if kind is FieldType.INTEGER:
        return _COUNT if high is None else _EACH
    if kind is FieldType.PERCENT and high == 100:
        return _PERCENT
    return _NONNEG if high is None else _EACH


def _lines_match(pattern: re.Pattern[str], values: list[str]) -> bool:
    if not values:
        return True
    # The longest allowed: MAX_DIGITS digits and a decimal mark.
    if max(map(len, values)) > MAX_DIGITS + 1:
        return False
    joined = "\n".join(values) + "\n"
    return joined.count("\n") == len(values) and pattern.fullmatch(joined) is not None


Record = Sequence[Any]
"""(code, period, state, value, note, …): a bundle's ValueRecord or a typed entry."""


class CompiledFields:
    """What the column checks need of each field, worked out once per field map.

    An import checks 1,000s of bundles against one catalog: which column check
    proves a field's values (``_kind_of``), and whether an indicator is
    reported in a period, are the same for every bundle, so they are looked
    up once per code and per (code, period) and kept here. Holds nothing a
    value could change; ``fields`` must not change while this is used.
    """

    def __init__(self, fields: Mapping[str, tuple[Field, Indicator]]) -> None:
        self.fields = fields
        self.kinds: dict[str, int | None] = {}  # None: unknown, computed or heading
        self.reported: dict[tuple[str, int], frozenset[str]] = {}

    def kind(self, code: str) -> int | None:
        try:
            return self.kinds[code]
        except KeyError:
            found = self.fields.get(code)
            kind = (None if found is None or found[0].computed or found[0].heading
                    else _kind_of(found[0]))
            self.kinds[code] = kind
            return kind

    def reported_codes(self, period: str) -> frozenset[str]:
        """The codes whose indicator is reported in ``period`` (none for a period id that
        is no real period): one set per frequency and month, whatever the period."""
        real = real_period(period)
        if real is None:
            return frozenset()
        key = (str(real.frequency), real.start.month)
        codes = self.reported.get(key)
        if codes is None:
            codes = frozenset(code for code, (_field, indicator) in self.fields.items()
                              if indicator.reported_in(real.frequency, real.start.month))
            self.reported[key] = codes
        return codes


def first_rejection(records: Sequence[Record],
                    fields: Mapping[str, tuple[Field, Indicator]],
                    compiled: CompiledFields | None = None) -> Rejection | None:
    """The first of ``records`` the door refuses, or None.

    ``fields`` maps the codes to their field and indicator (absent: unknown);
    ``compiled``, when given, is a :class:`CompiledFields` of that same map,
    kept by the caller across many calls.
    """
    if not records:
        return None
    if compiled is None or compiled.fields is not fields:
        compiled = CompiledFields(fields)
    if _all_fine(records, compiled):
        return None
    for code, period, state, value, note, *_rest in records:
        found = fields.get(code)
        field, indicator = found if found is not None else (None, None)
        rejection = check_value(field, indicator, code, period, state, value, note)
        if rejection is not None:
            return rejection
    return None


def _all_fine(records: Sequence[Record], compiled: CompiledFields) -> bool:
    fields = compiled.fields
    codes, periods, states, values, notes = list(zip(*records, strict=True))[:5]
    kinds = {code: compiled.kind(code) for code in set(codes)}
    if None in kinds.values():
        return False
    distinct_periods = set(periods)
    if len(distinct_periods) == 1:
        if not compiled.reported_codes(periods[0]).issuperset(kinds):
            return False
    elif not all(code in compiled.reported_codes(period)
                 for code, period in set(zip(codes, periods, strict=True))):
        return False
    if set(zip(states, map(type, values), strict=True)) - _STATE_TYPES:
        return False
    present = [v for v in values if v is not None]
    if _CONTROL.search("\n".join(notes)) or _CONTROL.search("\n".join(present)):
        return False
    if max(map(len, notes)) > MAX_TEXT or (present and max(map(len, present)) > MAX_TEXT):
        return False
    by_kind: dict[int, list[str]] = {k: [] for k in range(6)}
    each: list[tuple[str, str]] = []
    for code, value in zip(codes, values, strict=True):
        if value is not None:
            kind = kinds[code]
            by_kind[kind].append(value)  # type: ignore[index]  # no None: refused above
            if kind in (_EACH, _CHOICE):
                each.append((code, value))
    period_of = dict(zip(codes, periods, strict=True))  # each pair was checked above
    for code, value in each:  # a few fields only: growth rates, bounded amounts, choices
        field, indicator = fields[code]
        if check_value(field, indicator, code, period_of[code], "value", value) is not None:
            return False
    return (_lines_match(_NONNEG_LINES, by_kind[_NONNEG])
            and _lines_match(_COUNT_LINES, by_kind[_COUNT])
            and _lines_match(_PERCENT_LINES, by_kind[_PERCENT]))

