"""``chiso values set|import|template|list|history|ready`` and ``chiso period show``."""

from __future__ import annotations

import argparse
import getpass
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.categories import split_cell
from chiso_desktop.cli.context import Context, one_line, out, out_json
from chiso_desktop.entry.form import load_form, mark_ready, send_again_label, status_label
from chiso_desktop.entry.ops import Entry, set_values, value_history
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.entry.sheet_import import import_sheet
from chiso_desktop.entry.spreadsheet import read_entries, write_template
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.i18n import _, language, ngettext
from chiso_desktop.periods.deadlines import DeadlineRules, due_text
from chiso_desktop.periods.period import Period, PeriodError, parse_period
from chiso_desktop.store.installation import require_installation


def actor_name() -> str:
    return os.environ.get("CHISO_USER") or getpass.getuser()


def period_arg(text: str) -> Period:
    try:
        return parse_period(text)
    except PeriodError as exc:
        raise UsageError(str(exc)) from exc


def register(sub: Any) -> None:
    p = sub.add_parser("values", help=_("enter and read the period's values"))
    vs = p.add_subparsers(dest="values_command", required=True)

    s = vs.add_parser("set", help=_("set values: CODE=VALUE … (all or nothing)"))
    s.add_argument("--period", required=True)
    s.add_argument("--reason", default="")
    s.add_argument("--note", action="append", default=[], metavar="CODE=NOTE")
    s.add_argument("assignments", nargs="*", metavar="CODE=VALUE")
    s.set_defaults(handler=cmd_set)

    im = vs.add_parser("import", help=_("import values from an .xlsx or .csv form"))
    im.add_argument("file", type=Path)
    im.add_argument("--period", required=True)
    im.add_argument("--reason", default="")
    im.set_defaults(handler=cmd_import)

    t = vs.add_parser("template", help=_("write the department's form as Excel"))
    t.add_argument("--period", required=True)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--department", default="")
    t.set_defaults(handler=cmd_template)

    ls = vs.add_parser("list", help=_("list the period's values"))
    ls.add_argument("--period", required=True)
    ls.add_argument("--department", default="")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)

    h = vs.add_parser("history", help=_("every change of one value"))
    h.add_argument("code")
    h.add_argument("--period", required=True)
    h.add_argument("--json", action="store_true")
    h.set_defaults(handler=cmd_history)

    r = vs.add_parser("ready", help=_("mark the period ready (blocked while errors remain)"))
    r.add_argument("--period", required=True)
    r.add_argument("--department", default="")
    r.set_defaults(handler=cmd_ready)

    ps = sub.add_parser("period", help=_("periods and deadlines"))
    pss = ps.add_subparsers(dest="period_command", required=True)
    show = pss.add_parser("show", help=_("labels, due dates and status of a period"))
    show.add_argument("period")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_period_show)


def _split(items: list[str], what: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        code, sep, value = item.partition("=")
        if not sep or not code.strip():
            raise UsageError(_("Write {what} as CODE=VALUE, e.g. BM1.2.1=27 (got {item!r})").format(
                what=what, item=item))
        pairs.append((code.strip(), value))
    return pairs


def cmd_set(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    notes = dict(_split(args.note, "--note"))
    values = _split(args.assignments, "values")
    if not values and not notes:
        raise UsageError(_("Give at least one CODE=VALUE."))
    entries = []
    for cell, text in values:  # CODE or CODE[combination] (a breakdown cell)
        code, combo = split_cell(cell)
        entries.append(Entry(code, text, notes.pop(cell, None), combo))
    for cell, note in notes.items():
        code, combo = split_cell(cell)
        entries.append(Entry(code, None, note, combo))
    with ctx.db.session() as s, s.begin():
        result = set_values(s, period, entries, actor=actor_name(), lang=language(),
                            reason=args.reason)
    out(_("{period}: {changed} changed, {unchanged} unchanged").format(
        period=period.label(language()), changed=len(result.changed),
        unchanged=len(result.unchanged)))
    return 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    rows = read_entries(args.file)
    with ctx.db.session() as s, s.begin():
        done = import_sheet(s, period, rows, actor=actor_name(), lang=language(),
                            reason=args.reason)
    result = done.result
    out(_("{file}: {changed} changed, {unchanged} unchanged, {skipped} computed rows skipped")
        .format(file=args.file.name, changed=len(result.changed),
                unchanged=len(result.unchanged), skipped=done.skipped))
    if done.headings:
        out(ngettext("{n} heading row skipped (headings hold no value).",
                     "{n} heading rows skipped (headings hold no value).",
                     done.headings).format(n=done.headings))
    return 0


def cmd_template(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s:
        form = load_form(s, period, args.department, language(), with_outliers=False)
    write_template(form, args.out, language())
    out(_("Wrote {file} ({n} rows)").format(file=args.out, n=len(form.rows)))
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s:
        form = load_form(s, period, args.department, language())
    if args.json:
        out_json([
            {"code": r.code, "label": r.label, "indicator": r.indicator.code, "unit": r.unit,
             "value": r.value, "state": r.state, "display": r.display, "computed": r.computed,
             "heading": r.heading,
             "note": r.note, "reason": r.reason or None, "revision": r.revision,
             "issues": [{"severity": i.severity, "rule": i.rule, "message": i.message}
                        for i in r.issues],
             "parts": [{"combo": p.combo, "label": p.label, "state": p.state,
                        "value": p.value, "display": p.display, "note": p.note}
                       for p in r.parts]}
            for r in form.rows
        ])
        return 0
    status = status_label(form.status)
    if form.changed_since_sent:
        status = f"{status} — {send_again_label()}"
    out(_("{period} — status: {status}").format(period=period.label(language()), status=status))
    for r in form.rows:
        if r.heading:  # a section title of the form: no value to show or miss
            out(one_line(f"# {r.code:<14} {'':>14} {r.unit:<10} {r.label}"))
            continue
        mark = "=" if r.computed else " "
        shown = r.display or (r.reason and f"({r.reason})") or "—"
        out(one_line(f"{mark} {r.code:<14} {shown:>14} {r.unit:<10} {r.label}"))
        for part in r.parts:
            out(f"    {'[' + part.combo + ']':<12} {part.display or '—':>14} {'':<10} "
                f"{part.label}")
        for i in r.issues:
            out(f"      [{i.severity}] {i.message}")
    return 0


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        code, combo = split_cell(args.code)
        rows = value_history(s, code, period_arg(args.period).id, combo)
    if args.json:
        out_json([{"at": h.at.isoformat(), "actor": h.actor, "old_state": h.old_state,
                   "old_value": h.old_value, "new_state": h.new_state,
                   "new_value": h.new_value, "reason": h.reason, "source": h.source,
                   "bundle_id": h.bundle_id, "revision": h.revision} for h in rows])
        return 0
    if not rows:
        out(_("No changes recorded for {code} in {period}.").format(code=args.code,
                                                                    period=args.period))
    for h in rows:
        out(one_line(f"{h.at:%Y-%m-%d %H:%M}  {h.actor:<12} "
                     f"{h.old_value or h.old_state or '—'} → {h.new_value or h.new_state}  "
                     f"{h.reason}"))
    return 0


def cmd_ready(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s, s.begin():
        form = mark_ready(s, period, args.department, actor_name(), language())
    out(_("{period} marked ready ({n} values).").format(period=period.label(language()),
                                                         n=len(form.rows)))
    return 0


def cmd_period_show(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    rules = DeadlineRules()
    status, send_again = None, False
    if ctx.db_exists:
        with ctx.db.session() as s:
            inst = require_installation(s)
            scope = load_scope(s)
            if scope.plan is not None:
                rules = DeadlineRules.from_catalog(scope.plan)
            if inst.role == "department":
                form = load_form(s, period, with_outliers=False)
                status, send_again = form.status, form.changed_since_sent
    due = rules.due_dates(period)
    today = date.today()
    data = {
        "period": period.id, "frequency": period.frequency.value,
        "label": period.label(language()), "label_vi": period.label("vi"),
        "label_en": period.label("en"), "start": period.start.isoformat(),
        "end": period.end.isoformat(), "due_official": due.official.isoformat(),
        "due_office": due.office.isoformat(), "due_department": due.department.isoformat(),
        "days_left": rules.days_left(period, today), "status": status,
        "changed_since_sent": send_again,
    }
    if period.hour is not None:  # an hour: its clock time and the moment it is due before
        data.update(hour=period.hour, start_at=period.start_at.isoformat(timespec="minutes"),
                    due_before=due.due_before.isoformat(timespec="minutes")
                    if due.due_before else None)
    if args.json:
        out_json(data)
        return 0
    if period.hour is not None:
        out(f"{data['label']} ({period.id}): {period.start_at:%H:%M} – "
            f"{period.end_at - timedelta(minutes=1):%H:%M} {period.start:%d/%m/%Y}")
    else:
        out(f"{data['label']} ({period.id}): {period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}")
    out(_("Due: departments {d}, Office {o}, official {f}").format(
        d=due_text(due, "department"), o=due_text(due, "office"), f=due_text(due)))
    out(_("Days left: {n}").format(n=data["days_left"]))
    if status:
        shown = status_label(status) + (f" — {send_again_label()}" if send_again else "")
        out(_("Status: {s}").format(s=shown))
    return 0


__all__ = ["Refused", "register"]
