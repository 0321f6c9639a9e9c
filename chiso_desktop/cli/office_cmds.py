"""The Office's commands: status, corrections, receipts, approval, final outputs, targets.

``chiso status|request-corrections|questions|receipt|finalize|reopen|report xlsx|csv|
targets|enroll-ward|demo`` and ``export --consolidated`` (a flag added to the
exchange's ``export`` command, whose handler stays in charge otherwise).
The ``report`` group is built by ``register_reports``; another format (the
lead's ``report pdf``) is one more ``add_report_format`` call there.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.cli import dhis2_cmds, report_pdf
from chiso_desktop.cli.context import Context, one_line, out, out_json
from chiso_desktop.cli.values_cmds import actor_name, period_arg
from chiso_desktop.errors import UsageError
from chiso_desktop.i18n import _, language, ngettext
from chiso_desktop.office.approval import approve, reopen
from chiso_desktop.office.city import city_view
from chiso_desktop.office.completeness import chase_list, completeness
from chiso_desktop.office.consolidated import enroll_ward, write_consolidated
from chiso_desktop.office.corrections import question_values, questioned, write_request_file
from chiso_desktop.office.demo import build_demo
from chiso_desktop.office.hourly import hourly_day
from chiso_desktop.office.ioc_excel import write_csv, write_workbook
from chiso_desktop.office.receipts import write_receipt
from chiso_desktop.office.rows import final_output
from chiso_desktop.office.targets import achievements
from chiso_desktop.periods.deadlines import due_text
from chiso_desktop.store.installation import require_installation


def register(sub: Any) -> None:
    st = sub.add_parser("status", help=_("completeness and timeliness of a period per department"))
    st.add_argument("--period", required=True)
    st.add_argument("--json", action="store_true")
    st.set_defaults(handler=cmd_status)

    rc = sub.add_parser("request-corrections",
                        help=_("question values and write the signed request for a department"))
    rc.add_argument("--period", required=True)
    rc.add_argument("--department", required=True)
    rc.add_argument("--out", type=Path, required=True)
    rc.add_argument("questions", nargs="+", metavar="CODE=COMMENT")
    rc.set_defaults(handler=cmd_request_corrections)

    q = sub.add_parser("questions", help=_("values the Office questioned (at a department)"))
    q.add_argument("--period", required=True)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_questions)

    rt = sub.add_parser("receipt", help=_("write the signed receipt of an imported bundle"))
    rt.add_argument("--bundle", required=True, metavar="ID")
    rt.add_argument("--out", type=Path, required=True)
    rt.set_defaults(handler=cmd_receipt)

    ew = sub.add_parser("enroll-ward", help=_("city: enroll a ward Office's key card"))
    ew.add_argument("file", type=Path)
    ew.set_defaults(handler=cmd_enroll_ward)

    _add_consolidated_to_export(sub)

    fin = sub.add_parser("finalize", help=_("record the approval and lock the period"))
    fin.add_argument("--period", required=True)
    fin.add_argument("--approver", required=True)
    fin.add_argument("--position", required=True)
    fin.add_argument("--comment", default="")
    fin.set_defaults(handler=cmd_finalize)

    ro = sub.add_parser("reopen", help=_("reopen a locked period, giving the reason"))
    ro.add_argument("--period", required=True)
    ro.add_argument("--reason", required=True)
    ro.set_defaults(handler=cmd_reopen)

    register_reports(sub)

    dm = sub.add_parser("demo", help=_("build a ready-made ward (Office and departments) in DIR"))
    dm.add_argument("dir", type=Path, nargs="?")
    dm.add_argument("--city", type=Path, metavar="DIR",
                    help=_("build a city instead: its wards' Offices and a year of their "
                           "consolidated bundles, in DIR"))
    dm.add_argument("--wards", type=int, default=5, help=_("how many wards the city has"))
    dm.set_defaults(handler=cmd_demo)

    tg = sub.add_parser("targets", help=_("achievement against the targets of a year"))
    tg.add_argument("--year", type=int, required=True)
    tg.add_argument("--json", action="store_true")
    tg.set_defaults(handler=cmd_targets)


def _add_consolidated_to_export(sub: Any) -> None:
    """``export --consolidated``: the export parser belongs to exchange_cmds; add the flag here."""
    export = sub.choices.get("export")
    if export is None or "--consolidated" in export._option_string_actions:
        return
    export.add_argument("--consolidated", action="store_true",
                        help=_("Office: the locked period of the whole ward, for the city"))
    department_export = export.get_default("handler")

    def handler(ctx: Context, args: argparse.Namespace) -> int:
        if args.consolidated:
            return cmd_export_consolidated(ctx, args)
        return department_export(ctx, args)

    export.set_defaults(handler=handler)


def cmd_export_consolidated(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    if getattr(args, "sealed", False):
        raise UsageError(_("A consolidated bundle is signed, not sealed; leave out --sealed."))
    with ctx.db.session() as s, s.begin():
        path = write_consolidated(s, period, args.out, actor=actor_name())
    out(_("Wrote the consolidated bundle of {period} to {file}.").format(
        period=period.label(language()), file=path))
    return 0


def _pairs(items: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items:
        code, sep, text = item.partition("=")
        if not sep or not code.strip():
            raise UsageError(_("Write each question as CODE=COMMENT (got {item!r}).").format(
                item=item))
        found[code.strip()] = text
    return found


def cmd_request_corrections(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    comments = _pairs(args.questions)
    with ctx.db.session() as s, s.begin():
        request_id = question_values(s, period, args.department, comments, actor_name())
        path = write_request_file(s, request_id, args.out, actor=actor_name())
    out(ngettext("Questioned {n} value of {department}; wrote {file}.",
                 "Questioned {n} values of {department}; wrote {file}.", len(comments)).format(
        n=len(comments), department=args.department, file=path))
    return 0


def cmd_questions(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s, s.begin():
        rows = questioned(s, period)
    if args.json:
        out_json([{"request_id": q.request_id, "code": q.code, "period": q.period,
                   "comment": q.comment, "status": q.status} for q in rows])
        return 0
    if not rows:
        out(_("No open questions for {period}.").format(period=period.label(language())))
    for q in rows:
        out(one_line(f"{q.code:<14} {q.comment}"))
    return 0


def cmd_receipt(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s, s.begin():
        path = write_receipt(s, args.bundle, args.out, actor=actor_name())
    out(_("Wrote the receipt for bundle {id} to {file}.").format(id=args.bundle, file=path))
    return 0


def cmd_enroll_ward(ctx: Context, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {file}: {reason}").format(
            file=args.file, reason=exc.strerror or exc)) from exc
    with ctx.db.session() as s, s.begin():
        inst = require_installation(s)
        if inst.role != "city":
            raise UsageError(_("Only a city installation enrolls wards."))
        unit = enroll_ward(s, data, actor_name())
        name = unit.name
    out(_("Enrolled the Office of {unit}.").format(unit=name))
    return 0


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s:
        if require_installation(s).role == "city":
            return _city_status(city_view(s, period), args.json)
        report = completeness(s, period)
        chase = chase_list(s, period)
        hourly = hourly_day(s, period) if period.frequency is Frequency.DAY else None
    if hourly is not None and not hourly.fields:
        hourly = None
    if args.json:
        data = report.to_json()
        if hourly is not None:
            data["hourly"] = hourly.to_json()
        data["chase"] = [{"department": c.department, "missing": c.missing,
                          "overdue": c.overdue,
                          "officers": [{"name": o.name, "role": o.role, "phone": o.phone}
                                       for o in c.officers]} for c in chase]
        out_json(data)
        return 0
    lang = language()
    state = _("locked") if report.locked else _("open")
    out(f"{period.label(lang)} ({period.id}) — {state}")
    out(_("Due: departments {d}, Office {o}, official {f}").format(
        d=due_text(report.due, "department"), o=due_text(report.due, "office"),
        f=due_text(report.due)))
    out(f"{_('Department'):<10} {_('expected'):>9} {_('received'):>9} {_('missing'):>8} "
        f"{_('late'):>6} {_('overdue'):>8}")
    for d in report.departments:
        out(f"{d.code:<10} {d.expected:>9} {d.received:>9} {d.missing:>8} {d.late:>6} "
            f"{d.overdue:>8}")
    out(_("Reporting rate: {r}%, on time: {t}%").format(
        r=report.reporting_rate if report.reporting_rate is not None else "—",
        t=report.on_time_rate if report.on_time_rate is not None else "—"))
    for c in chase:
        people = ", ".join(f"{o.name} ({o.role}{', ' + o.phone if o.phone else ''})"
                           for o in c.officers) or _("no officer recorded")
        out(_("To chase: {dept} — {n} missing: {people}").format(dept=c.department, n=c.missing,
                                                                 people=one_line(people)))
    if hourly is not None:
        out(hourly.summary(lang))
    return 0


def _city_status(view: Any, as_json: bool) -> int:
    if as_json:
        out_json(view.to_json())
        return 0
    from chiso_desktop.office.city import LATE, NOT_SENT
    from chiso_desktop.office.city_outputs import timeliness_label

    out(f"{view.period.label(language())} ({view.period.id})")
    for w in view.wards:
        out(f"{w.code:<6} {w.name:<30} {w.received:>5}/{w.expected:<5} "
            f"{timeliness_label(w.timeliness):<14} {_('revision')} {w.revision or '—'}")
    for status, label in ((NOT_SENT, _("Not sent yet")), (LATE, _("Sent late"))):
        names = [w.name for w in view.with_timeliness(status)]
        if names:
            out(f"{label}: {', '.join(names)}")
    out(_("Wards reporting: {n} of {total}; reporting rate {r}%").format(
        n=view.wards_reporting, total=len(view.wards),
        r=view.reporting_rate if view.reporting_rate is not None else "—"))
    return 0


def cmd_finalize(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s, s.begin():
        result = approve(s, period, approver=args.approver, position=args.position,
                         comment=args.comment, actor=actor_name())
    out(_("{period} approved by {approver} and locked (revision {revision}).").format(
        period=period.label(language()), approver=result.approver, revision=result.revision))
    return 0


def cmd_reopen(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s, s.begin():
        reopen(s, period, reason=args.reason, actor=actor_name())
    out(_("{period} reopened; approve it again to lock a new revision.").format(
        period=period.label(language())))
    return 0


def _report(writer: Callable[..., None]) -> Callable[[Context, argparse.Namespace], int]:
    def handler(ctx: Context, args: argparse.Namespace) -> int:
        period = period_arg(args.period)
        with ctx.db.session() as s:
            if require_installation(s).role == "city":
                return _city_report(s, writer, period, args.out,
                                    machine=getattr(args, "machine", False),
                                    breakdowns=args.breakdowns)
            output = final_output(s, period, language(), breakdowns=args.breakdowns)
        if getattr(args, "machine", False):
            writer(output, args.out, language(), machine=True)
        else:
            writer(output, args.out, language())
        n = sum(len(g.cells) for g in output.groups)
        out(_("Wrote {file} ({n} rows, revision {revision}).").format(
            file=args.out, n=n, revision=output.approval.revision))
        return 0
    return handler


def _city_report(session: Any, writer: Callable[..., None], period: Any, path: Path, *,
                 machine: bool = False, breakdowns: bool = True) -> int:
    """At a city, ``report xlsx|csv`` writes every ward side by side with the city totals."""
    from chiso_desktop.office.city import city_report
    from chiso_desktop.office.city_outputs import write_city_csv, write_city_workbook

    report = city_report(session, period, breakdowns=breakdowns)
    city_writer = write_city_csv if writer is write_csv else write_city_workbook
    if writer is write_csv:
        write_city_csv(report, path, language(), machine=machine)
    else:
        city_writer(report, path, language())
    out(_("Wrote {file}: {wards} wards, {fields} items.").format(
        file=path, wards=len(report.view.wards), fields=len(report.lines)))
    return 0


def add_report_format(formats: Any, name: str, help_text: str,
                      handler: Callable[[Context, argparse.Namespace], int]
                      ) -> argparse.ArgumentParser:
    """``chiso report NAME --period P --out FILE``; returns the parser for extra options."""
    f = formats.add_parser(name, help=help_text)
    f.add_argument("--period", required=True)
    f.add_argument("--out", type=Path, required=True)
    f.add_argument("--breakdowns", action=argparse.BooleanOptionalAction, default=True,
                   help=_("list each breakdown (phân tổ) under its total (the default); "
                          "--no-breakdowns writes totals only"))
    f.set_defaults(handler=handler)
    return f


def register_reports(sub: Any) -> Any:
    """The ``report`` group; another format (``pdf``) is one more ``add_report_format``."""
    rp = sub.add_parser("report", help=_("final outputs of a period"))
    formats = rp.add_subparsers(dest="report_format", required=True)
    add_report_format(formats, "xlsx", _("Excel workbook for entry into the city IOC"),
                      _report(write_workbook))
    csv_format = add_report_format(
        formats, "csv", _("CSV (UTF-8 with BOM) for entry into the city IOC"),
        _report(write_csv))
    csv_format.add_argument("--machine", action="store_true", help=_(
        "separate with ',' and write '.' decimals (default in Vietnamese: ';' and ',')"))
    report_pdf.add_arguments(add_report_format(
        formats, "pdf", _("a report form as PDF (Decree 30 layout)"), report_pdf.cmd_report_pdf))
    dhis2_cmds.add_report(formats)
    return formats


def _city_demo(args: argparse.Namespace) -> int:
    from chiso_desktop.office.city_demo import build_city_demo
    from chiso_desktop.office.demo import DEMO_PASSPHRASE

    if (args.city / "city.db").exists():
        out(_("{dir} already holds a demo city; it is kept as it is.").format(dir=args.city))
        return 0
    if not 1 <= args.wards <= 200:
        raise UsageError(_("Give between 1 and 200 wards with --wards."))
    started = time.monotonic()
    secret = os.environ.get("CHISO_PASSPHRASE") or DEMO_PASSPHRASE
    result = build_city_demo(args.city, args.wards, passphrase=secret)
    out(_("Demo city written to {dir} in {s:.0f} s: {wards} wards, {bundles} consolidated "
          "bundles imported ({first}–{last}).").format(
        dir=result.directory, s=time.monotonic() - started, wards=len(result.wards),
        bundles=result.bundles, first=result.months[0], last=result.months[-1]))
    out(_("Try: chiso --db {db} status --period {period}").format(db=result.city,
                                                                  period=result.months[-1]))
    return 0


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    if args.city is not None:
        return _city_demo(args)
    if args.dir is None:
        raise UsageError(_("Give the folder for the demo: chiso demo DIR, or chiso demo --city "
                           "DIR --wards N."))
    office = args.dir / "office.db"
    if office.exists():
        # Running the README's first command again opens the same ward.
        out(_("{dir} already holds a demo ward; it is kept as it is. Open it with: "
              "chiso-desktop --db {db}").format(dir=args.dir, db=office))
        return 0
    started = time.monotonic()
    result = build_demo(args.dir)
    out(_("Demo ward written to {dir} in {s:.0f} s: {values} values, {bundles} bundles imported, "
          "{conflicts} conflict(s) waiting, months locked: {locked}.").format(
        dir=result.directory, s=time.monotonic() - started, values=result.values,
        bundles=result.bundles, conflicts=result.conflicts,
        locked=", ".join(result.locked) or "—"))
    for who, path in result.databases.items():
        out(f"  {who:<5} {path}")
    out(_("Passphrase of every key: {passphrase}").format(passphrase=result.passphrase))
    out(_("Try: chiso --db {db} status --period {period}").format(
        db=result.databases["VP"], period=result.locked[-1] if result.locked else "2026S1"))
    return 0


def cmd_targets(ctx: Context, args: argparse.Namespace) -> int:
    if not 1900 <= args.year <= date.today().year + 50:
        raise UsageError(_("Give a year such as 2026."))
    with ctx.db.session() as s:
        rows = achievements(s, args.year)
    if args.json:
        out_json([a.to_json() for a in rows])
        return 0
    labels = {"met": _("met"), "not-met": _("not met"), "no-data": _("no data")}
    for a in rows:
        value = "—" if a.value is None else str(a.value)
        out(f"{a.indicator.code:<6} {labels[a.status]:<10} {value:>8} / {a.target_text:<14} "
            f"{a.indicator.name}")
    return 0
