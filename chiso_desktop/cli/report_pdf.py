"""``chiso report pdf --period P --form FORM --out FILE.pdf``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from chiso_desktop.cli.context import Context, out
from chiso_desktop.cli.values_cmds import period_arg
from chiso_desktop.errors import UsageError
from chiso_desktop.i18n import _, language
from chiso_desktop.periods.period import Period
from chiso_desktop.reports.gather import cchc_data, document_settings, period_report_data
from chiso_desktop.reports.gather_office import completeness_data, cover_data, targets_data
from chiso_desktop.reports.pdf.forms import FORMS, UnknownFormError, build_form
from chiso_desktop.store.atomic_file import atomic_write_bytes

Gatherer = Callable[[Session, Period, argparse.Namespace], Any]

GATHERERS: dict[str, Gatherer] = {
    "period-report": lambda s, p, a: period_report_data(s, p, language()),
    "cchc": lambda s, p, a: cchc_data(s, p, language()),
    "cover": lambda s, p, a: cover_data(s, p, a.bundle or ""),
    "completeness": lambda s, p, a: completeness_data(s, p),
    "targets": lambda s, p, a: targets_data(s, p),
}
assert set(GATHERERS) == set(FORMS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True,
                        help=_("one of: {forms}").format(forms=", ".join(sorted(FORMS))))
    parser.add_argument("--bundle", default="", help=_("cover sheet: the bundle id"))


def render(session: Session, period: Period, form: str, args: argparse.Namespace) -> bytes:
    if form not in GATHERERS:
        raise UsageError(str(UnknownFormError(form)))
    data = GATHERERS[form](session, period, args)
    return build_form(form, data, document_settings(session))


def cmd_report_pdf(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s:
        pdf = render(s, period, args.form, args)
    atomic_write_bytes(args.out, pdf)
    out(_("Wrote {file} ({form}, {period}).").format(file=args.out, form=args.form,
                                                     period=period.label(language())))
    return 0
