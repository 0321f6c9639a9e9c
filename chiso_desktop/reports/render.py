"""Render a named PDF form for a period straight from the store.

The one place that pairs each form with the gatherer that fills its record;
the CLI (``chiso report pdf``) and the GUI's print preview both call it.
reportlab is imported on first use so the application starts without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from chiso_desktop.periods.period import Period

FORM_NAMES = ("period-report", "cchc", "cover", "completeness", "targets", "city")


def _gatherers(breakdowns: bool = True) -> dict[str, Callable[[Session, Period, str, str], Any]]:
    from chiso_desktop.reports.gather import cchc_data, period_report_data
    from chiso_desktop.reports.gather_office import (
        city_data,
        completeness_data,
        cover_data,
        targets_data,
    )

    return {
        "period-report": lambda s, p, lang, _b: period_report_data(s, p, lang, breakdowns),
        "cchc": lambda s, p, lang, _b: cchc_data(s, p, lang),
        "cover": lambda s, p, _lang, bundle: cover_data(s, p, bundle),
        "completeness": lambda s, p, _lang, _b: completeness_data(s, p),
        "targets": lambda s, p, _lang, _b: targets_data(s, p),
        "city": lambda s, p, lang, _b: city_data(s, p, lang, breakdowns=breakdowns),
    }


def render_form(session: Session, period: Period, form: str, lang: str = "vi",
                bundle_id: str = "", breakdowns: bool = True) -> bytes:
    """PDF bytes of ``form``; an unknown name raises UnknownFormError listing the valid ones.

    ``breakdowns`` lists each disaggregated item's parts under its total (the period
    report and the city report); without, totals only.
    """
    from chiso_desktop.reports.gather import document_settings
    from chiso_desktop.reports.pdf.forms import build_form, form_builder

    form_builder(form)  # refuses an unknown name before any work
    data = _gatherers(breakdowns)[form](session, period, lang, bundle_id)
    settings = document_settings(session)
    if form == "period-report":
        from chiso_desktop.reports.gather import approved_settings

        settings = approved_settings(session, period, settings)
    if form == "cover":
        from chiso_desktop.reports.gather_office import cover_settings

        settings = cover_settings(settings, data)
    return build_form(form, data, settings)
