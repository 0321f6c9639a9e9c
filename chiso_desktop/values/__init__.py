"""Entering, showing, computing and checking values; pure, no database, no Qt.

One job per module: :mod:`.parse` reads typed text, :mod:`.display` shows
values, :mod:`.formula` computes, :mod:`.validate` checks, :mod:`.outliers`
judges a value against its history, :mod:`.bounds` and :mod:`.state` are
shared by all of them.
"""

from __future__ import annotations

from chiso_desktop.values.display import format_computed, format_value
from chiso_desktop.values.formula import (
    CannotCompute,
    Formula,
    FormulaContext,
    FormulaError,
    MappingContext,
    compile_formula,
    evaluate_fields,
)
from chiso_desktop.values.parse import Parsed, ValueRefused, parse_input
from chiso_desktop.values.state import ValueState
from chiso_desktop.values.validate import Issue, validate_values

__all__ = [
    "CannotCompute",
    "Formula",
    "FormulaContext",
    "FormulaError",
    "Issue",
    "MappingContext",
    "Parsed",
    "ValueRefused",
    "ValueState",
    "compile_formula",
    "evaluate_fields",
    "format_computed",
    "format_value",
    "parse_input",
    "validate_values",
]
