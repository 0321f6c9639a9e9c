"""Records for the Office's PDF forms (completeness, targets) and the
department's cover sheet, from the office and exchange layers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.entry.form import load_form
from chiso_desktop.errors import Refused
from chiso_desktop.exchange.identity import own_fingerprints
from chiso_desktop.i18n import _
from chiso_desktop.office.completeness import completeness
from chiso_desktop.office.targets import MET, NOT_MET, achievements
from chiso_desktop.periods.period import Period
from chiso_desktop.reports.gather import _cell
from chiso_desktop.reports.pdf.data import (
    CityFieldRow,
    CityReportData,
    CityWardRow,
    CompletenessData,
    CoverData,
    CoverValue,
    DepartmentCompleteness,
    DocumentSettings,
    TargetRow,
    TargetsData,
    TargetStatus,
)
from chiso_desktop.store.exchange_models import ExportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import Department, Officer

_STATUS = {MET: TargetStatus.MET, NOT_MET: TargetStatus.NOT_MET}


def completeness_data(session: Session, period: Period, today: date | None = None
                      ) -> CompletenessData:
    inst = require_installation(session)
    report = completeness(session, period, today)
    return CompletenessData(
        unit_name=inst.org_unit.name, period_label=period.label("vi"),
        departments=[DepartmentCompleteness(code=d.code, name=d.name, expected=d.expected,
                                            received=d.received, late=d.late,
                                            overdue=d.overdue)
                     for d in report.departments],
        deadline=report.due.official, as_of=today or date.today())


def city_data(session: Session, period: Period, lang: str = "vi",
              today: date | datetime | None = None, breakdowns: bool = True) -> CityReportData:
    """The city report's records from ``office.city.city_report``."""
    from chiso_desktop.office.city import city_report
    from chiso_desktop.values.display import format_value

    inst = require_installation(session)
    if inst.role != "city":
        raise Refused(_("The city report is printed at a city installation."))
    now = today if today is not None else datetime.now()
    report = city_report(session, period, now, breakdowns)
    hourly = report.view.due_before is not None
    fields = []
    for line in report.lines:
        f = line.row.field
        total = format_value(line.total, f, lang) if line.total is not None else None
        per_ward = () if line.additive else tuple(
            (w.name, format_value(value, f, lang, state=state)) for w, state, value in line.values)
        fields.append(CityFieldRow(code=line.row.code, label=line.row.label,
                                   unit=f.unit, reported=line.reported, total=total,
                                   per_ward=per_ward))
    return CityReportData(
        unit_name=inst.org_unit.name, period_label=period.label("vi"),
        wards=[CityWardRow(code=w.code, name=w.name, expected=w.expected, received=w.received,
                           first_received=_received(w.first_imported_at, hourly),
                           timeliness=w.timeliness) for w in report.view.wards],
        fields=fields, deadline=report.view.due, deadline_before=report.view.due_before,
        as_of=now if hourly or not isinstance(now, datetime) else now.date())


def _received(at: datetime | None, hourly: bool) -> date | datetime | None:
    """When a ward's report first arrived: the day, or for an hour the moment (its
    deadline is a time of day, so the report shows the time too)."""
    if at is None:
        return None
    return at if hourly else at.date()


def targets_data(session: Session, period: Period) -> TargetsData:
    inst = require_installation(session)
    rows = achievements(session, period.start.year)
    if not rows:
        raise Refused(_("No targets catalog (plan or budget estimates) is installed here, so "
                        "this form has nothing to show."),
                      cli_hint="chiso catalog install nbk-799-2026")
    return TargetsData(
        unit_name=inst.org_unit.name, period_label=f"Năm {period.start.year}",
        targets=[TargetRow(code=a.indicator.code, name=a.indicator.name,
                           threshold=a.target_text,
                           unit=a.indicator.fields[0].unit if a.indicator.fields else "",
                           value=a.value, status=_STATUS.get(a.status, TargetStatus.NO_DATA))
                 for a in rows])


def head_title(department_name: str) -> str:
    """Who signs for a department under Decree 30 usage, from the department's name."""
    name = department_name.strip().lower()
    for prefix, title in (("phòng", "TRƯỞNG PHÒNG"), ("trung tâm", "GIÁM ĐỐC"),
                          ("văn phòng", "CHÁNH VĂN PHÒNG"), ("công an", "TRƯỞNG CÔNG AN"),
                          ("ban chỉ huy", "CHỈ HUY TRƯỞNG")):
        if name.startswith(prefix):
            return title
    return "THỦ TRƯỞNG ĐƠN VỊ"


def cover_settings(settings: DocumentSettings, data: CoverData) -> DocumentSettings:
    """The cover sheet is signed by the department's head, not by the People's Committee."""
    return replace(settings, signature_lines=(head_title(data.department_name),),
                   signer_name="")


def has_exported_bundle(session: Session, period: Period) -> bool:
    """Whether a bundle covering ``period`` was exported (the cover sheet describes one)."""
    return any(period.id in json.loads(b.periods or "[]")
               for b in session.execute(select(ExportedBundle)).scalars())


def cover_data(session: Session, period: Period, bundle_id: str = "") -> CoverData:
    """The submission sheet of the latest bundle exported for ``period`` (or ``bundle_id``)."""
    inst = require_installation(session)
    query = select(ExportedBundle).order_by(ExportedBundle.sequence.desc())
    if bundle_id:
        query = query.where(ExportedBundle.bundle_id == bundle_id)
    bundle = next((b for b in session.execute(query).scalars()
                   if bundle_id or period.id in json.loads(b.periods or "[]")), None)
    if bundle is None:
        raise Refused(_("No bundle was exported for {period}; press \"Export bundle…\" on the "
                        "data entry page first.").format(period=period.label("vi")),
                      cli_hint=f"chiso export --period {period.id} --out FILE.chiso")
    form = load_form(session, period, inst.department_code, "vi", with_outliers=False)
    dept = session.execute(select(Department).where(
        Department.org_unit_id == inst.org_unit_id,
        Department.code == inst.department_code)).scalar_one_or_none()
    officers = list(session.execute(select(Officer).where(
        Officer.department_id == dept.id)).scalars()) if dept else []
    prints = own_fingerprints(session)
    return CoverData(
        unit_name=inst.org_unit.name,
        department_name=dept.name if dept else inst.department_code,
        period_label=period.label("vi"), bundle_id=bundle.bundle_id,
        bundle_hash=bundle.file_sha256,
        values=[CoverValue(indicator_code=r.indicator.code, indicator_name=r.indicator.name,
                           field_label=r.label, unit=r.unit,
                           value=_cell(r), note=r.note, field_code=r.code)
                for r in form.rows if not r.computed and r.state != "missing"],
        officer_name=next((o.name for o in officers if o.role == "primary"), ""),
        exported_at=bundle.created_at,
        key_fingerprint=prints[0] if prints else "")
