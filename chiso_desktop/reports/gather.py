"""Gather what the PDF forms print from the store.

The builders in ``reports/pdf`` take plain records; this module reads the
installation, its forms (``entry.form.load_form``: the same computed values
the grid and the exports show) and its settings, and fills those records.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from chiso_desktop import settings
from chiso_desktop.catalog.installed import installed_catalogs
from chiso_desktop.catalog.model import CatalogKind, FieldType
from chiso_desktop.entry.form import FormState, Part, Row, load_form
from chiso_desktop.entry.history_context import StoredValues, load_values
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.periods.period import Period
from chiso_desktop.reports.pdf.data import (
    CchcData,
    CellValue,
    CompletenessSummary,
    DocumentSettings,
    FormItem,
    IndicatorRow,
    PeriodReportData,
    StatisticalForm,
)
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import Installation


def signature_lines(mode: str, position: str) -> tuple[str, ...]:
    """Decree 30 signature block: "TM. ỦY BAN NHÂN DÂN", then "KT. CHỦ TỊCH" for a deputy."""
    lines = ["TM. ỦY BAN NHÂN DÂN"]
    title = position.strip().upper()
    if mode == "KT.":
        lines.append("KT. CHỦ TỊCH")
        lines.append(title or "PHÓ CHỦ TỊCH")
    else:
        lines.append(title or "CHỦ TỊCH")
    return tuple(lines)


def document_settings(session: Session, doc_date: date | None = None) -> DocumentSettings:
    """The Decree 30 frame from the unit's details and the settings the Office keeps."""
    inst = require_installation(session)
    unit = inst.org_unit
    parent = settings.get(session, settings.PARENT_BODY) or unit.parent_body
    if not parent:
        # The body above a ward is the one that issued its indicator set
        # ("UBND thành phố Hải Phòng", "UBND tỉnh Lào Cai").
        parent = next((c.issuer for c in installed_catalogs(session)
                       if c.kind is CatalogKind.INDICATOR_SET and c.issuer), "")
    recipients = settings.get(session, settings.RECIPIENTS)
    return DocumentSettings(
        parent_body=parent.upper(),
        issuer=f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
        place=settings.get(session, settings.PLACE) or unit.place or unit.name,
        date=doc_date or date.today(),
        recipients=tuple(r.strip() for r in recipients.split(";") if r.strip()),
        signature_lines=signature_lines(settings.get(session, settings.SIGNING_MODE),
                                        settings.get(session, settings.SIGNER_POSITION)),
        signer_name=settings.get(session, settings.SIGNER_NAME),
    )


def approved_settings(session: Session, period: Period,
                      settings_: DocumentSettings) -> DocumentSettings:
    """The period report is signed by whoever approved and locked the period."""
    from dataclasses import replace

    from chiso_desktop.office.approval import LOCKED, approval_of

    approval = approval_of(session, period)
    if approval.status != LOCKED or not approval.approver.strip():
        return settings_
    return replace(settings_, signer_name=approval.approver.strip())


def _cell(row: Row) -> CellValue:
    if row.state == "not-applicable":
        return "Không phát sinh"
    if row.value is None:
        return None
    if row.field.type in (FieldType.TEXT, FieldType.CHOICE):
        return row.display
    try:
        return Decimal(row.value)
    except InvalidOperation:
        return row.display


def _part_cell(part: Part) -> CellValue:
    if part.state == "not-applicable":
        return "Không phát sinh"
    if part.value is None:
        return None
    try:
        return Decimal(part.value)
    except InvalidOperation:
        return part.display


def _number(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def period_report_data(session: Session, period: Period, lang: str = "vi",
                       breakdowns: bool = True) -> PeriodReportData:
    """The period report's rows; with ``breakdowns`` each disaggregated item's parts under it."""
    inst: Installation = require_installation(session)
    scope = load_scope(session)
    form = load_form(session, period, "", lang, scope=scope, with_outliers=False)
    codes = {r.code for r in form.rows}
    values = load_values(session, inst.org_unit_id, period, codes)
    ctx = StoredValues(values, period)
    plan = next((c for c in scope.catalogs if c.kind is CatalogKind.PLAN), None)
    source = plan or (scope.catalogs[0] if scope.catalogs else None)
    groups = {g.code: g.name for c in scope.catalogs for g in c.groups}
    rows = []
    for r in form.rows:
        if source is not None and r.catalog_id != source.id:
            continue
        comparable = not r.computed and r.field.type not in (FieldType.TEXT, FieldType.CHOICE)
        rows.append(IndicatorRow(
            group_code=r.indicator.group, group_name=groups.get(r.indicator.group, ""),
            indicator_code=r.indicator.code, indicator_name=r.indicator.name,
            field_label=r.label, unit=r.unit, value=None if r.heading else _cell(r),
            previous=_number(ctx.previous(r.code)) if comparable and not r.heading else None,
            last_year=_number(ctx.last_year(r.code)) if comparable and not r.heading else None,
            note=r.note, heading=r.heading))
        for part in r.parts if breakdowns else ():
            rows.append(IndicatorRow(
                group_code=r.indicator.group, group_name=groups.get(r.indicator.group, ""),
                indicator_code=r.indicator.code, indicator_name=r.indicator.name,
                field_label=f"{r.label} — {part.label}", unit=r.unit,
                value=_part_cell(part), note=part.note, part=True))
    expected = len([r for r in rows if not r.part and not r.heading])
    received = len([r for r in rows if r.value is not None and not r.part and not r.heading])
    return PeriodReportData(
        unit_name=inst.org_unit.name, period_label=period.label("vi"), rows=rows,
        completeness=CompletenessSummary(expected=expected, received=received),
        catalog_name=source.title if source else "")


def cchc_data(session: Session, period: Period, lang: str = "vi") -> CchcData:
    inst = require_installation(session)
    scope = load_scope(session)
    forms_catalog = next((c for c in scope.catalogs if c.kind is CatalogKind.FORMS), None)
    if forms_catalog is None:
        from chiso_desktop.errors import Refused
        from chiso_desktop.i18n import _

        raise Refused(_("The statistical forms (Biểu mẫu 1–7) are not installed here, so this "
                        "report cannot be printed."),
                      cli_hint="chiso catalog install nhichieu-cchc-2026")
    form: FormState = load_form(session, period, "", lang, scope=scope, with_outliers=False)
    by_code = {r.code: r for r in form.rows if r.catalog_id == forms_catalog.id}
    forms = []
    for n, ind in enumerate(forms_catalog.indicators, 1):
        items = []
        for f in ind.fields:
            row = by_code.get(f.code)
            items.append(FormItem(
                number=f.number, name=f.label, unit=f.unit,
                value=(row.display or None) if row and f.computed else
                (_cell(row) if row else None),
                formula=_formula_shown(f.formula_text, row, by_code) if f.computed else "",
                note=row.note if row else "", heading=f.heading,
                italic=f.type is FieldType.TEXT and not f.unit and not f.heading))
        forms.append(StatisticalForm(number=n, title=ind.name, items=items))
    return CchcData(unit_name=inst.org_unit.name, period_label=period.label("vi"), forms=forms,
                    report_reference=forms_catalog.document)


def _formula_shown(formula_text: str, row: Row | None, rows: dict[str, Row]) -> str:
    """The formula as the report prints it: ``= b/a*100`` with the numbers filled in."""
    if row is None or not row.field.formula:
        return formula_text
    from chiso_desktop.values.formula import compile_formula

    try:
        refs = compile_formula(row.field.formula).references
    except ValueError:
        return formula_text
    ordered = sorted(refs, key=lambda c: row.field.formula.index("{" + c + "}"))
    displays = [rows[c].display if c in rows and rows[c].display else "" for c in ordered]
    if "/" in row.field.formula and len(ordered) == 2 and all(displays):
        return f"= {displays[0]}/{displays[1]}*100"
    if row.field.formula.startswith("sum(") and all(displays):
        return "= " + " + ".join(displays)
    return formula_text
