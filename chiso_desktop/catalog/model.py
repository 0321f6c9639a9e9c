"""Typed, immutable catalog objects.

A catalog is data shipped with the app (``resources/catalogs/*.toml``) or
imported from Excel. Everything downstream (entry forms, bundles, reports)
refers to fields by their stable ``code``; the content hash pins the exact
version a bundle was made against.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class CatalogKind(StrEnum):
    INDICATOR_SET = "indicator-set"
    PLAN = "plan"
    FORMS = "forms"
    TARGETS = "targets"


class Frequency(StrEnum):
    HOUR = "hour"
    """"Giờ/Ngày": emergency reporting (Lào Cai C.1–C.5, the city's D.1–D.2), period 2026060114."""
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"


class FieldType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    MONEY = "money"
    CHOICE = "choice"
    TEXT = "text"


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    unit: str = ""
    unit_inferred: bool = False
    type: FieldType = FieldType.DECIMAL
    number: str = ""
    """Item numbering as printed in the document (``2.1.``, ``a``)."""
    parent: str = ""
    """Code of the enclosing field for nested breakdowns; empty at top level."""
    choices: tuple[Choice, ...] = ()
    formula: str = ""
    """Expression in the catalog formula language (docs/catalog-format.md)."""
    formula_text: str = ""
    """The formula as the document prints it (``= b/a*100``)."""
    min: Decimal | None = None
    max: Decimal | None = None
    note: str = ""
    categories: tuple[str, ...] = ()
    """Category combination (DHIS2 categoryCombo): codes of catalog categories, in order.
    The field then holds one value per option combination (``catalog/categories.py``)."""
    total: str = ""
    """``entered``: the total is typed and checked against its parts; ``overlapping``:
    typed, and each part is at most the total (the parts may overlap); empty: it is
    the sum of the parts, computed."""
    kind: str = ""
    """``heading``: a section heading of the document, shown in forms and PDFs but
    never entered nor counted; empty: an ordinary field."""

    @property
    def computed(self) -> bool:
        return bool(self.formula)

    @property
    def heading(self) -> bool:
        """A heading row holds no value: doors refuse it, completeness skips it."""
        return self.kind == "heading"

    @property
    def disaggregated(self) -> bool:
        return bool(self.categories)


@dataclass(frozen=True)
class Target:
    comparator: str
    """One of ``>=``, ``>``, ``=``, ``<=``, ``<``."""
    threshold: Decimal
    unit: str
    text: str
    """The target as the document words it (``≥80%``, ``Đạt 85% dân số``)."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    group: str
    frequencies: tuple[Frequency, ...] = ()
    frequency_text: str = ""
    scope: str = ""
    disaggregation: str = ""
    agency: str = ""
    department: str = ""
    """Plan catalogs: the code of the department assigned to this indicator."""
    database: str = ""
    owner: str = ""
    source: str = ""
    number: str = ""
    """Numbering as printed in the document (``1``, ``22``)."""
    note: str = ""
    target: Target | None = None
    fields: tuple[Field, ...] = ()
    months: tuple[int, ...] = ()
    """Named months ("Tháng 7 và 11 hằng năm"): a monthly indicator due only in these."""

    def reported_in(self, frequency: Frequency, month: int) -> bool:
        """Whether the indicator is due in a period of ``frequency`` starting in ``month``."""
        if self.frequencies and frequency not in self.frequencies:
            return False
        return not (self.months and frequency is Frequency.MONTH and month not in self.months)

    def field_by_code(self, code: str) -> Field | None:
        for f in self.fields:
            if f.code == code:
                return f
        return None


@dataclass(frozen=True)
class CategoryOption:
    code: str
    label: str


@dataclass(frozen=True)
class Category:
    """A disaggregation (phân tổ) shared across a catalog: sex, urban/rural, minerals.

    A category the document only names (VSIC sectors, ethnic groups, countries)
    is declared with no options and a note; a province loads the official list
    through the catalog workbook. Until then it adds no cells.
    """

    code: str
    name: str
    options: tuple[CategoryOption, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    parent: str = ""
    description: str = ""
    """The explanation of the group in the document's section II."""
    examples: tuple[str, ...] = ()
    """Example key figures the document lists for the group (section II)."""


@dataclass(frozen=True)
class Department:
    code: str
    name: str


@dataclass(frozen=True)
class Assignment:
    indicator: str
    department: str
    note: str = ""


@dataclass(frozen=True)
class Deadline:
    """Official deadline rule of a plan, per frequency.

    ``day`` is the day of the month before which the report is due; ``month``
    is 0 for "the period's own last month" or an absolute month (1-12).
    """

    frequency: Frequency
    day: int
    month: int = 0
    text: str = ""


@dataclass(frozen=True)
class Task:
    number: str
    name: str
    leader: str = ""
    lead_unit: str = ""
    partners: str = ""
    output: str = ""
    timeline: str = ""


@dataclass(frozen=True)
class Catalog:
    id: str
    version: str
    kind: CatalogKind
    title: str
    document: str
    issuer: str = ""
    issued: str = ""
    replaces: str = ""
    base: str = ""
    """Plan catalogs: the id of the indicator set the plan draws from."""
    description: str = ""
    groups: tuple[Group, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    departments: tuple[Department, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    department_lead_days: int = 0
    office_lead_days: int = 0
    tasks: tuple[Task, ...] = ()
    categories: tuple[Category, ...] = ()

    def category(self, code: str) -> Category | None:
        for c in self.categories:
            if c.code == code:
                return c
        return None

    def indicator(self, code: str) -> Indicator | None:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        return None

    def all_fields(self) -> list[Field]:
        return [f for ind in self.indicators for f in ind.fields]

    def find_field(self, code: str) -> Field | None:
        for ind in self.indicators:
            for f in ind.fields:
                if f.code == code:
                    return f
        return None
