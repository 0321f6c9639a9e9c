"""The PDF forms by name, as the CLI's ``--form`` and the GUI's menu know them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chiso_desktop.i18n import _
from chiso_desktop.reports.pdf.cchc import build_cchc
from chiso_desktop.reports.pdf.city import build_city_report
from chiso_desktop.reports.pdf.completeness import build_completeness
from chiso_desktop.reports.pdf.cover import build_cover
from chiso_desktop.reports.pdf.data import DocumentSettings
from chiso_desktop.reports.pdf.period_report import build_period_report
from chiso_desktop.reports.pdf.targets import build_targets

Builder = Callable[[Any, DocumentSettings], bytes]

FORMS: dict[str, Builder] = {
    "period-report": build_period_report,
    "cchc": build_cchc,
    "cover": build_cover,
    "completeness": build_completeness,
    "targets": build_targets,
    "city": build_city_report,
}


class UnknownFormError(ValueError):
    """Raised for a form name not in :data:`FORMS`; the message lists the valid names."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.valid = tuple(sorted(FORMS))
        super().__init__(
            _("Unknown report form '{name}'. Valid forms: {forms}.").format(
                name=name, forms=", ".join(self.valid)
            )
        )


def form_builder(name: str) -> Builder:
    try:
        return FORMS[name]
    except KeyError:
        raise UnknownFormError(name) from None


def build_form(name: str, data: Any, settings: DocumentSettings) -> bytes:
    """Build the named form; the data must be the record type that form takes."""
    return form_builder(name)(data, settings)
