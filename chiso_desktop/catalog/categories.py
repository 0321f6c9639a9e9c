"""Category option combinations: the cells of a disaggregated field.

A field with ``categories = ["sex", "area"]`` holds one value per option
combination (DHIS2's categoryOptionCombo), the cross product of the
categories' options in the order given, plus its total under the default
combination. The total is what every consumer that knows nothing of
breakdowns (formulas, the merged view, old readers) sees, so a field that
gains a breakdown keeps its history: its old values become the total.

A combination is named by its option codes joined with ``.``
(``nam.thanh-thi``); option codes are ``[a-z0-9-]`` so the name is
unambiguous. The default combination is ``default``, as in DHIS2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from chiso_desktop.catalog.model import Catalog, CategoryOption, Field

DEFAULT_COMBO = "default"
COMBO_SEPARATOR = "."
MAX_COMBO = 64
TOTAL_ENTERED = "entered"
TOTAL_OVERLAPPING = "overlapping"
"""Entered, and the parts may overlap (one person in BHXH and BHYT): each part is at most
the total, their sum is not checked."""
CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_CELL = re.compile(r"(?P<code>[^\[\]]+)\[(?P<combo>[^\[\]]+)\]")


@dataclass(frozen=True)
class OptionCombo:
    code: str
    options: tuple[CategoryOption, ...]

    @property
    def label(self) -> str:
        return ", ".join(o.label for o in self.options)


def field_combos(catalog: Catalog, field: Field) -> list[OptionCombo]:
    """The field's cells besides the total, in catalog order; empty when not disaggregated.

    Categories declared without options (a list the document only names) add
    no cells until a province loads their options.
    """
    lists = []
    for code in field.categories:
        cat = catalog.category(code)
        if cat is not None and cat.options:
            lists.append(cat.options)
    if not lists:
        return []
    return [OptionCombo(COMBO_SEPARATOR.join(o.code for o in combo), combo)
            for combo in product(*lists)]


def combo_codes(catalog: Catalog, field: Field) -> list[str]:
    return [c.code for c in field_combos(catalog, field)]


def combo_label(catalog: Catalog, field: Field, combo: str) -> str:
    """The options' labels (``Nam, Thành thị``); empty for the default combination."""
    if combo == DEFAULT_COMBO:
        return ""
    for c in field_combos(catalog, field):
        if c.code == combo:
            return c.label
    return combo


def pending_categories(catalog: Catalog, field: Field) -> list[str]:
    """Names of the field's categories still waiting for their official list."""
    out = []
    for code in field.categories:
        cat = catalog.category(code)
        if cat is not None and not cat.options:
            out.append(cat.name)
    return out


def total_entered(field: Field) -> bool:
    return field.total in (TOTAL_ENTERED, TOTAL_OVERLAPPING)


def parts_overlap(field: Field) -> bool:
    return field.total == TOTAL_OVERLAPPING


def cell_code(code: str, combo: str) -> str:
    """``A.X.1.1[nam.thanh-thi]``: how the CLI, spreadsheets and bundles v1 readers spell a cell."""
    return code if combo == DEFAULT_COMBO else f"{code}[{combo}]"


def split_cell(text: str) -> tuple[str, str]:
    """``A.X.1.1[nu]`` → (``A.X.1.1``, ``nu``); a plain code → (code, ``default``)."""
    m = _CELL.fullmatch(text.strip())
    if m is None:
        return text.strip(), DEFAULT_COMBO
    return m.group("code").strip(), m.group("combo").strip()
