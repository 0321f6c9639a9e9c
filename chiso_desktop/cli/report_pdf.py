"""``chiso report pdf --period P --form FORM --out FILE.pdf``."""

from __future__ import annotations

import argparse

from chiso_desktop.cli.context import Context, out
from chiso_desktop.cli.values_cmds import period_arg
from chiso_desktop.errors import UsageError
from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.i18n import _, language
from chiso_desktop.reports.render import FORM_NAMES, render_form


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True,
                        help=_("one of: {forms}").format(forms=", ".join(sorted(FORM_NAMES))))
    parser.add_argument("--bundle", default="", help=_("cover sheet: the bundle id"))


def cmd_report_pdf(ctx: Context, args: argparse.Namespace) -> int:
    from chiso_desktop.reports.pdf.forms import UnknownFormError

    period = period_arg(args.period)
    try:
        with ctx.db.session() as s:
            pdf = render_form(s, period, args.form, language(), args.bundle,
                              breakdowns=args.breakdowns)
    except UnknownFormError as exc:
        raise UsageError(str(exc)) from exc
    atomic_write_bytes(args.out, pdf)
    out(_("Wrote {file} ({form}, {period}).").format(file=args.out, form=args.form,
                                                     period=period.label(language())))
    return 0
