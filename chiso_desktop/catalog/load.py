"""Read catalogs from their TOML text form (docs/catalog-format.md).

Every problem is reported with its location so a province editing its own
catalog file knows exactly which line of data to fix.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.model import (
    Assignment,
    Catalog,
    CatalogKind,
    Category,
    CategoryOption,
    Choice,
    Deadline,
    Department,
    Field,
    FieldType,
    Frequency,
    Group,
    Indicator,
    Target,
    Task,
)

FORMAT_VERSION = 3
"""Version 2 adds categories (phân tổ with options), a field's category combination
and entered totals, and the groups' section II text; version 3 the frequency ``hour``
("Giờ/Ngày", periods 2026060114). Version 1 and 2 files still load."""
READABLE_FORMATS = (1, 2, 3)
HOUR_FORMAT = 3
"""The first format whose readers know the frequency ``hour``."""


class CatalogError(ValueError):
    """A catalog file that cannot be read; ``problems`` lists every fault found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, table: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            self.problems.append(f"{where}: '{key}' must be text")
            return ""
        if required and not value.strip():
            self.problems.append(f"{where}: '{key}' is required")
        return nfc(value)

    def decimal(self, table: Mapping[str, Any], key: str, where: str) -> Decimal | None:
        value = table.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problems.append(f"{where}: '{key}' must be a number written as text")
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.problems.append(f"{where}: '{key}' is not a number: {value!r}")
            return None

    def enum(self, enum_type: type[Enum], value: Any, where: str) -> Any:
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(e.value for e in enum_type)
            self.problems.append(f"{where}: {value!r} is not one of {allowed}")
            return None


def _field(r: _Reader, t: Mapping[str, Any], where: str) -> Field:
    choices = []
    for i, c in enumerate(t.get("choices", []), 1):
        choices.append(
            Choice(code=r.text(c, "code", f"{where} choice {i}", True),
                   label=r.text(c, "label", f"{where} choice {i}", True))
        )
    ftype = r.enum(FieldType, t.get("type", "decimal"), where) or FieldType.DECIMAL
    return Field(
        code=r.text(t, "code", where, True),
        label=r.text(t, "label", where, True),
        unit=r.text(t, "unit", where),
        unit_inferred=bool(t.get("unit_inferred", False)),
        type=ftype,
        number=r.text(t, "number", where),
        parent=r.text(t, "parent", where),
        choices=tuple(choices),
        formula=r.text(t, "formula", where),
        formula_text=r.text(t, "formula_text", where),
        min=r.decimal(t, "min", where),
        max=r.decimal(t, "max", where),
        note=r.text(t, "note", where),
        categories=_codes(r, t, "categories", where),
        total=r.text(t, "total", where),
        kind=r.text(t, "kind", where),
    )


def _codes(r: _Reader, t: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = t.get(key, [])
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        r.problems.append(f"{where}: '{key}' must be a list of codes")
        return ()
    return tuple(nfc(v) for v in value)


def _category(r: _Reader, t: Mapping[str, Any], where: str) -> Category:
    code = r.text(t, "code", where, True)
    where = f"{where} ({code})"
    options = []
    raw = t.get("options", [])
    if not isinstance(raw, list):
        r.problems.append(f"{where}: 'options' must be a list")
        raw = []
    for i, o in enumerate(raw, 1):
        if not isinstance(o, Mapping):
            r.problems.append(f"{where} option {i}: must be a table with code and label")
            continue
        options.append(CategoryOption(code=r.text(o, "code", f"{where} option {i}", True),
                                      label=r.text(o, "label", f"{where} option {i}", True)))
    return Category(code=code, name=r.text(t, "name", where, True), options=tuple(options),
                    note=r.text(t, "note", where))


def _group(r: _Reader, g: Mapping[str, Any], where: str) -> Group:
    examples = g.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        r.problems.append(f"{where}: 'examples' must be a list of text")
        examples = []
    return Group(code=r.text(g, "code", where, True), name=r.text(g, "name", where, True),
                 parent=r.text(g, "parent", where),
                 description=r.text(g, "description", where),
                 examples=tuple(nfc(e) for e in examples if e.strip()))


def _indicator(r: _Reader, t: Mapping[str, Any], where: str) -> Indicator:
    code = r.text(t, "code", where, True)
    where = f"{where} ({code})"
    freqs = tuple(
        f for f in (r.enum(Frequency, v, where) for v in t.get("frequencies", [])) if f
    )
    target = None
    if "target" in t:
        tt = t["target"]
        threshold = r.decimal(tt, "threshold", f"{where} target")
        comparator = r.text(tt, "comparator", f"{where} target", True)
        if comparator not in (">=", ">", "=", "<=", "<"):
            r.problems.append(f"{where} target: comparator {comparator!r} is not one of >=, >, =, <=, <")
        target = Target(
            comparator=comparator,
            threshold=threshold if threshold is not None else Decimal(0),
            unit=r.text(tt, "unit", f"{where} target"),
            text=r.text(tt, "text", f"{where} target"),
        )
    fields = tuple(
        _field(r, f, f"{where} field {i}") for i, f in enumerate(t.get("fields", []), 1)
    )
    return Indicator(
        code=code,
        name=r.text(t, "name", where, True),
        group=r.text(t, "group", where),
        frequencies=freqs,
        frequency_text=r.text(t, "frequency_text", where),
        scope=r.text(t, "scope", where),
        disaggregation=r.text(t, "disaggregation", where),
        agency=r.text(t, "agency", where),
        department=r.text(t, "department", where),
        database=r.text(t, "database", where),
        owner=r.text(t, "owner", where),
        source=r.text(t, "source", where),
        number=r.text(t, "number", where),
        note=r.text(t, "note", where),
        target=target,
        fields=fields,
        months=_months(r, t, freqs, where),
    )


def _months(r: _Reader, t: Mapping[str, Any], freqs: tuple[Frequency, ...],
            where: str) -> tuple[int, ...]:
    value = t.get("months", [])
    if not isinstance(value, list) or not all(type(m) is int and 1 <= m <= 12 for m in value):
        r.problems.append(f"{where}: 'months' must be a list of month numbers 1-12")
        return ()
    if value and Frequency.MONTH not in freqs:
        r.problems.append(f"{where}: 'months' needs the frequency 'month'")
    if len(set(value)) != len(value):
        r.problems.append(f"{where}: a month appears twice in 'months'")
    return tuple(sorted(value))


def _deadline_frequency(r: _Reader, d: Mapping[str, Any], where: str) -> Frequency:
    """A plan's rule is a day of a month; hours have their fixed rule (periods/deadlines.py)."""
    f = r.enum(Frequency, d.get("frequency"), where) or Frequency.MONTH
    if f is Frequency.HOUR:
        r.problems.append(f"{where}: hourly reports have a fixed deadline (the end of the "
                          "next hour); a plan cannot set one")
    return f


def catalog_from_mapping(data: Mapping[str, Any], origin: str = "catalog") -> Catalog:
    """Build a catalog from parsed TOML (or the same shape from another reader)."""
    r = _Reader()
    fmt = data.get("format", FORMAT_VERSION)
    if isinstance(fmt, bool) or fmt not in READABLE_FORMATS:
        raise CatalogError([f"{origin}: format {fmt!r} is not supported (expected one of "
                            f"{', '.join(map(str, READABLE_FORMATS))})"])
    if fmt < HOUR_FORMAT:
        hourly = [str(t.get("code", "?")) for t in data.get("indicators", [])
                  if isinstance(t, Mapping) and Frequency.HOUR.value in t.get("frequencies", [])]
        if hourly:
            r.problems.append(f"{origin}: the frequency 'hour' needs format = {HOUR_FORMAT} "
                              f"(used by {', '.join(hourly[:5])})")
    head = data.get("catalog")
    if not isinstance(head, Mapping):
        raise CatalogError([f"{origin}: the [catalog] table is missing"])
    where = f"{origin} [catalog]"
    kind = r.enum(CatalogKind, head.get("kind", ""), where) or CatalogKind.INDICATOR_SET
    catalog = Catalog(
        id=r.text(head, "id", where, True),
        version=r.text(head, "version", where, True),
        kind=kind,
        title=r.text(head, "title", where, True),
        document=r.text(head, "document", where, True),
        issuer=r.text(head, "issuer", where),
        issued=r.text(head, "issued", where),
        replaces=r.text(head, "replaces", where),
        base=r.text(head, "base", where),
        description=r.text(head, "description", where),
        department_lead_days=int(head.get("department_lead_days", 0)),
        office_lead_days=int(head.get("office_lead_days", 0)),
        groups=tuple(
            _group(r, g, f"{origin} group {i}") for i, g in enumerate(data.get("groups", []), 1)
        ),
        categories=tuple(
            _category(r, c, f"{origin} category {i}")
            for i, c in enumerate(data.get("categories", []), 1)
        ),
        indicators=tuple(
            _indicator(r, t, f"{origin} indicator {i}")
            for i, t in enumerate(data.get("indicators", []), 1)
        ),
        departments=tuple(
            Department(code=r.text(d, "code", f"{origin} department {i}", True),
                       name=r.text(d, "name", f"{origin} department {i}", True))
            for i, d in enumerate(data.get("departments", []), 1)
        ),
        assignments=tuple(
            Assignment(indicator=r.text(a, "indicator", f"{origin} assignment {i}", True),
                       department=r.text(a, "department", f"{origin} assignment {i}", True),
                       note=r.text(a, "note", f"{origin} assignment {i}"))
            for i, a in enumerate(data.get("assignments", []), 1)
        ),
        deadlines=tuple(
            Deadline(frequency=_deadline_frequency(r, d, f"{origin} deadline {i}"),
                     day=int(d.get("day", 0)), month=int(d.get("month", 0)),
                     text=r.text(d, "text", f"{origin} deadline {i}"))
            for i, d in enumerate(data.get("deadlines", []), 1)
        ),
        tasks=tuple(
            Task(number=r.text(t, "number", f"{origin} task {i}"),
                 name=r.text(t, "name", f"{origin} task {i}", True),
                 leader=r.text(t, "leader", f"{origin} task {i}"),
                 lead_unit=r.text(t, "lead_unit", f"{origin} task {i}"),
                 partners=r.text(t, "partners", f"{origin} task {i}"),
                 output=r.text(t, "output", f"{origin} task {i}"),
                 timeline=r.text(t, "timeline", f"{origin} task {i}"))
            for i, t in enumerate(data.get("tasks", []), 1)
        ),
    )
    r.problems.extend(check_catalog(catalog, origin))
    if r.problems:
        raise CatalogError(r.problems)
    return catalog


def check_catalog(catalog: Catalog, origin: str) -> list[str]:
    """Structural rules that hold for every catalog kind."""
    problems: list[str] = []
    group_codes = {g.code for g in catalog.groups}
    seen_ind: set[str] = set()
    seen_field: set[str] = set()
    for g in catalog.groups:
        if g.parent and g.parent not in group_codes:
            problems.append(f"{origin}: group {g.code} has unknown parent {g.parent}")
    for ind in catalog.indicators:
        if ind.code in seen_ind:
            problems.append(f"{origin}: indicator code {ind.code} appears twice")
        seen_ind.add(ind.code)
        if group_codes and ind.group not in group_codes:
            problems.append(f"{origin}: indicator {ind.code} names unknown group {ind.group!r}")
        own = {f.code for f in ind.fields}
        for f in ind.fields:
            if f.code in seen_field:
                problems.append(f"{origin}: field code {f.code} appears twice")
            seen_field.add(f.code)
            if f.parent and f.parent not in own:
                problems.append(f"{origin}: field {f.code} has unknown parent {f.parent}")
            if f.type is FieldType.CHOICE and not f.choices:
                problems.append(f"{origin}: field {f.code} is a choice without choices")
    problems.extend(_check_categories(catalog, origin))
    dept_codes = {d.code for d in catalog.departments}
    for a in catalog.assignments:
        if a.department not in dept_codes:
            problems.append(f"{origin}: assignment of {a.indicator} names unknown department {a.department}")
    if catalog.kind is CatalogKind.PLAN and not catalog.base:
        problems.append(f"{origin}: a plan must name its base catalog")
    return problems


def _check_categories(catalog: Catalog, origin: str) -> list[str]:
    """Codes usable in a combination name; fields that name known categories once."""
    from chiso_desktop.catalog.categories import CODE_PATTERN, MAX_COMBO, field_combos

    problems: list[str] = []
    seen: set[str] = set()
    for cat in catalog.categories:
        if not CODE_PATTERN.fullmatch(cat.code):
            problems.append(f"{origin}: category code {cat.code!r} must be lowercase a-z, 0-9, -")
        if cat.code in seen:
            problems.append(f"{origin}: category {cat.code} appears twice")
        seen.add(cat.code)
        own: set[str] = set()
        for o in cat.options:
            if not CODE_PATTERN.fullmatch(o.code):
                problems.append(f"{origin}: category {cat.code} option code {o.code!r} must be "
                                "lowercase a-z, 0-9, -")
            if o.code in own:
                problems.append(f"{origin}: category {cat.code} option {o.code} appears twice")
            own.add(o.code)
        if not cat.options and not cat.note:
            problems.append(f"{origin}: category {cat.code} has no options; say in its note "
                            "where the official list comes from")
    numeric = {FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY}
    for f in catalog.all_fields():
        if f.kind not in ("", "heading"):
            problems.append(f"{origin}: field {f.code}: kind {f.kind!r} is not 'heading'")
        if f.heading and (f.formula or f.categories):
            problems.append(f"{origin}: field {f.code} is a heading; it has no formula or "
                            "categories")
        if f.total not in ("", "entered", "overlapping"):
            problems.append(f"{origin}: field {f.code}: total {f.total!r} is not 'entered' or "
                            "'overlapping'")
        if not f.categories:
            if f.total:
                problems.append(f"{origin}: field {f.code} has a total but no categories")
            continue
        if len(set(f.categories)) != len(f.categories):
            problems.append(f"{origin}: field {f.code} names a category twice")
        unknown = [c for c in f.categories if c not in seen]
        if unknown:
            problems.append(f"{origin}: field {f.code} names unknown categories "
                            f"{', '.join(unknown)}")
            continue
        if f.computed:
            problems.append(f"{origin}: field {f.code} is computed and cannot be disaggregated")
        if f.type not in numeric:
            problems.append(f"{origin}: field {f.code} is disaggregated but not a number")
        combos = field_combos(catalog, f)
        if len(combos) > 500:
            problems.append(f"{origin}: field {f.code} has {len(combos)} cells (at most 500)")
        if any(len(c.code) > MAX_COMBO for c in combos):
            problems.append(f"{origin}: field {f.code}: an option combination is longer than "
                            f"{MAX_COMBO} characters; use shorter option codes")
    return problems


def load_catalog_file(path: Path) -> Catalog:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError([f"{path.name}: {exc}"]) from exc
    return catalog_from_mapping(data, path.name)
