"""Check one form's values for one period before a department marks it ready.

Errors must be fixed; warnings ask the officer to look again. Rules:

* ``bounds`` (error): the field's effective bounds (catalog min/max, counts
  and amounts not negative, percentages 0–100), for entered *and computed*
  values: ``21.406 / 42,809 × 100 = 50.003%`` is caught here.
* ``integer`` (error): a count with a fraction. ``choice`` (error): a code
  that is not one of the field's choices. ``formula`` (error): a computed
  field whose formula cannot be read.
* ``part-of-whole``: a part is not larger than its whole.
  - Derived from a percentage ratio ``{b} / {a} * 100`` whose field allows at
    most 100%: ``b ≤ a``. Error: the catalog states the relation.
  - Derived from nesting: a field with a ``parent`` of the same (non-empty)
    unit, both counts or amounts, is at most its parent — unless the parent
    is computed as a sum (then it holds by construction). Warning: nesting is
    layout, and a catalog may nest a field that is not a share of its parent.
* ``outlier`` (warning): the value against up to the last 12 values of the
  field (:mod:`chiso_desktop.values.outliers`).

Computed fields missing from ``values`` are computed here, from ``context``
when given, else from ``values`` alone (period functions then cannot compute
and are skipped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from chiso_desktop.catalog.model import Field, FieldType, Indicator
from chiso_desktop.i18n import _, language
from chiso_desktop.values.bounds import effective_bounds, is_numeric
from chiso_desktop.values.display import format_computed, format_value
from chiso_desktop.values.formula import (
    Formula,
    FormulaContext,
    FormulaError,
    Lookup,
    MappingContext,
    OverlayContext,
    compile_formula,
    evaluate_fields,
)
from chiso_desktop.values.outliers import check_outlier
from chiso_desktop.values.parse import field_name
from chiso_desktop.values.state import ValueState

ERROR = "error"
WARNING = "warning"

RULE_BOUNDS = "bounds"
RULE_INTEGER = "integer"
RULE_CHOICE = "choice"
RULE_FORMULA = "formula"
RULE_PART_OF_WHOLE = "part-of-whole"
RULE_OUTLIER = "outlier"


@dataclass(frozen=True)
class Issue:
    code: str
    """The field the issue is about."""
    severity: str
    """``error`` or ``warning``."""
    rule: str
    message: str


def _as_decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, (int, str)):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


class _Checker:
    def __init__(
        self,
        fields: list[Field],
        values: Mapping[str, Decimal | str | None],
        states: Mapping[str, str],
        lang: str,
    ) -> None:
        self.fields = fields
        self.by_code = {f.code: f for f in fields}
        self.values = values
        self.states = states
        self.lang = lang
        self.issues: list[Issue] = []
        self.numbers: dict[str, Decimal] = {}
        self.formulas: dict[str, Formula] = {}

    def state(self, code: str) -> str:
        given = self.states.get(code)
        if given:
            return given
        return ValueState.VALUE if self.values.get(code) is not None else ValueState.MISSING

    def add(self, field: Field, severity: str, rule: str, message: str) -> None:
        self.issues.append(Issue(field.code, severity, rule, message))

    def show(self, value: Decimal, field: Field) -> str:
        if field.computed:
            return format_computed(value, field, self.lang)
        return format_value(value, field, self.lang)

    # --- collecting values --------------------------------------------------

    def collect(self, context: FormulaContext | None) -> None:
        for f in self.fields:
            if f.computed:
                try:
                    self.formulas[f.code] = compile_formula(f.formula)
                except FormulaError as exc:
                    self.add(f, ERROR, RULE_FORMULA, f"{field_name(f)}: {exc}")
            if self.state(f.code) != ValueState.VALUE or not is_numeric(f):
                continue
            number = _as_decimal(self.values.get(f.code))
            if number is not None:
                self.numbers[f.code] = number
        missing = [
            f for f in self.fields if f.code in self.formulas and f.code not in self.numbers
            and self.state(f.code) != ValueState.NOT_APPLICABLE
        ]
        if not missing:
            return
        if context is None:
            lookups: dict[str, Lookup] = dict(self.numbers)
            for code in self.by_code:
                if self.state(code) == ValueState.NOT_APPLICABLE:
                    lookups[code] = ValueState.NOT_APPLICABLE
            context = MappingContext(lookups)
        computable = [f for f in self.fields if not f.computed or f.code in self.formulas]
        try:
            results = evaluate_fields(computable, OverlayContext(context, self.numbers))
        except FormulaError as exc:  # a cycle
            self.add(missing[0], ERROR, RULE_FORMULA, str(exc))
            return
        for f in missing:
            result = results.get(f.code)
            if isinstance(result, Decimal):
                self.numbers[f.code] = result

    # --- rules --------------------------------------------------------------

    def check_fields(self) -> None:
        for f in self.fields:
            kind = FieldType(f.type)
            if kind is FieldType.CHOICE and self.state(f.code) == ValueState.VALUE:
                code = self.values.get(f.code)
                if code is not None and str(code) not in {c.code for c in f.choices}:
                    self.add(
                        f,
                        ERROR,
                        RULE_CHOICE,
                        _("{field}: “{value}” is not one of the choices.").format(
                            field=field_name(f), value=code
                        ),
                    )
            number = self.numbers.get(f.code)
            if number is None:
                continue
            if kind is FieldType.INTEGER and not f.computed and number != number.to_integral_value():
                self.add(
                    f,
                    ERROR,
                    RULE_INTEGER,
                    _("{field}: a count cannot have a fraction ({value}).").format(
                        field=field_name(f), value=format_value(number, f, self.lang)
                    ),
                )
            low, high = effective_bounds(f)
            if low is not None and number < low:
                self.add(
                    f,
                    ERROR,
                    RULE_BOUNDS,
                    _("{field}: {value} is below the minimum {minimum}.").format(
                        field=field_name(f),
                        value=self.show(number, f),
                        minimum=format_value(low, f, self.lang),
                    ),
                )
            if high is not None and number > high:
                message = (
                    _("{field}: the computed result {value} is above the maximum {maximum}; "
                      "check the values it is computed from.")
                    if f.computed
                    else _("{field}: {value} is above the maximum {maximum}.")
                )
                self.add(
                    f,
                    ERROR,
                    RULE_BOUNDS,
                    message.format(
                        field=field_name(f),
                        value=self.show(number, f),
                        maximum=format_value(high, f, self.lang),
                    ),
                )

    def check_ratios(self) -> None:
        for code, formula in self.formulas.items():
            ratio_field = self.by_code[code]
            parts = formula.ratio_parts()
            _low, high = effective_bounds(ratio_field)
            if parts is None or FieldType(ratio_field.type) is not FieldType.PERCENT:
                continue
            if high is None or high > 100:
                continue
            self._part_of_whole(parts[0], parts[1], ERROR, ratio_field)

    def check_nesting(self) -> None:
        for child in self.fields:
            parent = self.by_code.get(child.parent) if child.parent else None
            if parent is None or not child.unit or child.unit != parent.unit:
                continue
            kinds = {FieldType(child.type), FieldType(parent.type)}
            if not kinds <= {FieldType.INTEGER, FieldType.DECIMAL, FieldType.MONEY}:
                continue
            if parent.code in self.formulas and self.formulas[parent.code].sum_parts():
                continue
            self._part_of_whole(child.code, parent.code, WARNING, None)

    def _part_of_whole(self, part: str, whole: str, severity: str, via: Field | None) -> None:
        part_value, whole_value = self.numbers.get(part), self.numbers.get(whole)
        part_field, whole_field = self.by_code.get(part), self.by_code.get(whole)
        if None in (part_value, whole_value, part_field, whole_field):
            return
        assert part_value is not None and whole_value is not None
        assert part_field is not None and whole_field is not None
        if part_value <= whole_value:
            return
        args = {
            "part": field_name(part_field),
            "part_value": self.show(part_value, part_field),
            "whole": field_name(whole_field),
            "whole_value": self.show(whole_value, whole_field),
        }
        if via is not None:
            message = _(
                "{part} ({part_value}) is larger than {whole} ({whole_value}), "
                "but it is a part of it in {ratio}."
            ).format(ratio=field_name(via), **args)
        else:
            message = _(
                "{part} ({part_value}) is larger than {whole} ({whole_value}), "
                "the item it belongs to."
            ).format(**args)
        self.add(part_field, severity, RULE_PART_OF_WHOLE, message)

    def check_outliers(self, history: Mapping[str, Sequence[Decimal | None]]) -> None:
        for f in self.fields:
            number = self.numbers.get(f.code)
            past = history.get(f.code)
            if number is None or not past:
                continue
            found = check_outlier(number, past)
            if found is None:
                continue
            self.add(
                f,
                WARNING,
                RULE_OUTLIER,
                _("{field}: {value} is far from its usual level (median {median} "
                  "over recent periods); please check it.").format(
                    field=field_name(f),
                    value=self.show(number, f),
                    median=self.show(found.median, f),
                ),
            )


def validate_values(
    fields: Indicator | Iterable[Field],
    values: Mapping[str, Decimal | str | None],
    states: Mapping[str, str] | None = None,
    history: Mapping[str, Sequence[Decimal | None]] | None = None,
    *,
    context: FormulaContext | None = None,
    lang: str | None = None,
) -> list[Issue]:
    """All issues of one form's values, errors first, in field order within a severity.

    ``values`` maps field codes to Decimals (or canonical text) for numbers,
    codes for choices, text for text fields; ``states`` maps codes to
    ``value`` | ``not-applicable`` | ``missing`` (inferred from ``values``
    when absent); ``history`` maps codes to earlier values, oldest first.
    """
    field_list = list(fields.fields if isinstance(fields, Indicator) else fields)
    checker = _Checker(field_list, values, states or {}, lang or language())
    checker.collect(context)
    checker.check_fields()
    checker.check_ratios()
    checker.check_nesting()
    checker.check_outliers(history or {})
    order = {f.code: i for i, f in enumerate(field_list)}
    return sorted(
        checker.issues,
        key=lambda i: (i.severity != ERROR, order.get(i.code, len(order))),
    )


__all__ = ["ERROR", "WARNING", "Issue", "validate_values"]
