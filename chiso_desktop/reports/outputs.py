"""The period's outputs, built by the core: PDF forms, IOC workbook/CSV, consolidated bundle.

Operations on a session, run on a worker thread by the Office's finalize page
(and testable without widgets). The forms are gathered as the ``chiso
report pdf`` command does, in the UI language.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period
from chiso_desktop.reports.render import render_form

# openpyxl and the office outputs load on first use: the window opens without them.


def form_titles() -> dict[str, str]:
    return {"period-report": _("Period report (báo cáo kỳ)"),
            "cchc": _("Administrative reform (CCHC) forms"),
            "completeness": _("Completeness and timeliness"),
            "targets": _("Targets of the year"),
            "cover": _("Cover sheet of the Office's last bundle")}


def form_pdf(session: Session, period: Period, form: str, lang: str,
             breakdowns: bool = True) -> bytes:
    """The form's PDF bytes, for the in-app preview (nothing written to disk).

    ``breakdowns``: each disaggregated item's parts under its total (else totals only).
    """
    return render_form(session, period, form, lang, breakdowns=breakdowns)


def save_form(session: Session, period: Period, form: str, lang: str, out: Path,
              breakdowns: bool = True) -> Path:
    atomic_write_bytes(out, render_form(session, period, form, lang, breakdowns=breakdowns))
    return out


def export_ioc(session: Session, period: Period, lang: str, out: Path,
               breakdowns: bool = True) -> Path:
    from chiso_desktop.office.ioc_excel import write_csv, write_workbook
    from chiso_desktop.office.rows import final_output

    output = final_output(session, period, lang, breakdowns=breakdowns)
    if out.suffix.lower() == ".csv":
        write_csv(output, out, lang)
    else:
        write_workbook(output, out, lang)
    return out


def export_consolidated(session: Session, period: Period, out: Path, actor: str,
                        secret: str | None) -> Path:
    from chiso_desktop.office.consolidated import write_consolidated

    return write_consolidated(session, period, out, actor=actor, secret=secret)


def export_city(session: Session, period: Period, lang: str, out: Path) -> Path:
    """The city's period for the IOC: every ward side by side with city totals (.xlsx or .csv)."""
    from chiso_desktop.office.city import city_report
    from chiso_desktop.office.city_outputs import write_city_csv, write_city_workbook

    report = city_report(session, period)
    if out.suffix.lower() == ".csv":
        write_city_csv(report, out, lang)
    else:
        write_city_workbook(report, out, lang)
    return out
