"""Saving values: one user action, one transaction, a typed result.

All-or-nothing: every input is parsed and checked first; one refused value
means nothing is written. Every change leaves a hash-chained history row
(who, when, old, new, why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import (
    DEFAULT_COMBO,
    cell_code,
    combo_codes,
    split_cell,
    total_entered,
)
from chiso_desktop.catalog.model import Frequency
from chiso_desktop.entry import breakdown
from chiso_desktop.entry.scope import FieldRef, Scope, load_scope
from chiso_desktop.entry.write import Change, ValueBatch
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period, period_containing
from chiso_desktop.store.chain_lock import hold_chain_lock
from chiso_desktop.store.exchange_models import PeriodLock
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, Installation, PeriodStatus, ValueHistory
from chiso_desktop.values.bounds import is_numeric
from chiso_desktop.values.door import check_value, number_problem, real_period
from chiso_desktop.values.parse import Parsed, ValueRefused, accept_number, parse_input
from chiso_desktop.values.state import ReportStatus

LOCKED = "locked"


@dataclass
class SetResult:
    period: str
    changed: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One requested change; ``text`` None keeps the value and only sets the note.

    ``number`` is an exact number from a spreadsheet's number cell: it is checked
    as it is, never turned into text and read again in the UI language.
    """

    code: str
    text: str | None
    note: str | None = None
    combo: str = DEFAULT_COMBO
    """The option combination of a disaggregated field; ``default`` is the total."""
    number: Decimal | None = None


_MONTH_OR_LONGER = frozenset({Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR,
                              Frequency.YEAR})


def lock_candidates(period: str) -> tuple[str, ...]:
    """The periods whose lock covers ``period``: itself and, for a day, a week (or any
    period shorter than a month), each month it touches, since a locked month's report
    was approved with its days' values. A week across two months is locked by either.
    An hour is locked by its day and by its month."""
    real = real_period(period)
    if real is None or real.frequency in _MONTH_OR_LONGER:
        return (period,)
    if real.frequency is Frequency.HOUR:  # an hour: its day's lock, then its month's
        return (period, period_containing(Frequency.DAY, real.start).id,
                period_containing(Frequency.MONTH, real.start).id)
    months = dict.fromkeys(period_containing(Frequency.MONTH, day).id
                           for day in (real.start, real.end))
    return (period, *(m for m in months if m != period))


def locked_by(session: Session, org_unit_id: int, period: str) -> str | None:
    """The locked period that covers ``period`` (itself first, else its month); None."""
    candidates = lock_candidates(period)
    locked = set(session.execute(select(PeriodLock.period).where(
        PeriodLock.org_unit_id == org_unit_id, PeriodLock.period.in_(candidates),
        PeriodLock.status == LOCKED)).scalars())
    return next((c for c in candidates if c in locked), None)


def period_locked(session: Session, org_unit_id: int, period: str) -> bool:
    """Whether ``period`` is locked, by its own approval or its month's (a day, a week)."""
    return locked_by(session, org_unit_id, period) is not None


def locked_message(period: Period, lock: str, lang: str) -> str:
    """The refusal of a value in a locked period, the same words for a day in a locked month."""
    if lock == period.id:
        return _("Period {period} is locked after approval; ask the Office to reopen it with a "
                 "reason.").format(period=period.label(lang))
    month = real_period(lock)
    return _("{period} lies in {month}, which is locked after approval; ask the Office to "
             "reopen {month} with a reason.").format(
        period=period.label(lang), month=month.label(lang) if month else lock)


def department_status(session: Session, inst: Installation, department: str,
                      period: str) -> ReportStatus:
    row = session.execute(select(PeriodStatus).where(
        PeriodStatus.org_unit_id == inst.org_unit_id,
        PeriodStatus.department_code == department,
        PeriodStatus.period == period)).scalar_one_or_none()
    return ReportStatus(row.status) if row else ReportStatus.DRAFT


def department_statuses(session: Session, inst: Installation, departments: Iterable[str],
                        period: str) -> dict[str, ReportStatus]:
    """``department_status`` of several departments in one query (absent: draft)."""
    rows = session.execute(select(PeriodStatus.department_code, PeriodStatus.status).where(
        PeriodStatus.org_unit_id == inst.org_unit_id,
        PeriodStatus.department_code.in_(sorted(set(departments))),
        PeriodStatus.period == period))
    return {code: ReportStatus(status) for code, status in rows}


def current_value(session: Session, org_unit_id: int, catalog_id: str, code: str,
                  period: str, combo: str = DEFAULT_COMBO) -> DataValue | None:
    return session.execute(select(DataValue).where(
        DataValue.org_unit_id == org_unit_id, DataValue.catalog_id == catalog_id,
        DataValue.field_code == code, DataValue.combo == combo,
        DataValue.period == period)).scalar_one_or_none()


def write_value(session: Session, *, org_unit_id: int, catalog_id: str, code: str,
                period: str, state: str, value: str | None, note: str | None, actor: str,
                reason: str = "", source: str = "local", department: str = "",
                bundle_id: str | None = None, sender_fingerprint: str | None = None,
                revision: int | None = None, now: datetime | None = None,
                combo: str = DEFAULT_COMBO) -> Change | None:
    """Store one value with history; returns None when nothing changed.

    A batch of one (``entry.write``): many values go through ``ValueBatch`` at once.
    """
    batch = ValueBatch(session, org_unit_id, [code], [period], now=now)
    change = batch.put((catalog_id, code, combo, period), state, value, note, actor=actor,
                       reason=reason, source=source, department=department,
                       bundle_id=bundle_id, sender_fingerprint=sender_fingerprint,
                       revision=revision)
    batch.write()
    return change


def _needs_total(ref: FieldRef) -> bool:
    f = ref.field
    return f.disaggregated and not total_entered(f) and bool(combo_codes(ref.catalog, f))


def plan_total(batch: ValueBatch, ref: FieldRef, period: str, *, actor: str, reason: str = "",
               department: str = "", source: str = "local") -> Change | None:
    """Plan a computed total as the sum of the parts as they stand in ``batch``."""
    f = ref.field
    if not _needs_total(ref):
        return None
    cells = batch.cells(ref.catalog.id, f.code, period)
    state, value = breakdown.parts_sum(ref, cells).as_cell()
    problem = number_problem(Decimal(value), f) if value is not None else None
    if problem is not None:
        # The total goes out in the bundle like any value: it must pass the door too.
        raise Refused(_("{field}: its parts add up to {total}, which a total cannot hold "
                        "({reason}) Check the parts.").format(
            field=f"{f.code} {f.label}".strip(), total=value, reason=problem[1]))
    if cells.get(DEFAULT_COMBO) == (state, value) or \
            (DEFAULT_COMBO not in cells and state == "missing"):
        return None
    return batch.put((ref.catalog.id, f.code, DEFAULT_COMBO, period), state, value, None,
                     actor=actor, reason=reason, source=source, department=department)


def refresh_total(session: Session, org_unit_id: int, ref: FieldRef, period: str, *,
                  actor: str, reason: str = "", department: str = "", source: str = "local",
                  now: datetime | None = None) -> Change | None:
    """Store a computed total as the sum of the parts now stored (entered totals stay)."""
    if not _needs_total(ref):
        return None
    batch = ValueBatch(session, org_unit_id, [ref.field.code], [period], now=now)
    change = plan_total(batch, ref, period, actor=actor, reason=reason,
                        department=department, source=source)
    batch.write()
    return change


def _split_entry(entry: Entry) -> Entry:
    if entry.combo != DEFAULT_COMBO or not entry.code.endswith("]"):
        return entry
    code, combo = split_cell(entry.code)
    return replace(entry, code=code, combo=combo)  # a spreadsheet's exact number kept


def set_values(session: Session, period: Period, entries: list[Entry], *, actor: str,
               lang: str, reason: str = "", scope: Scope | None = None) -> SetResult:
    """Parse, check and store values; raises Refused listing every problem, writing nothing."""
    hold_chain_lock(session)
    inst = require_installation(session)
    scope = scope or load_scope(session)
    lock = locked_by(session, inst.org_unit_id, period.id)
    if lock is not None:
        raise Refused(locked_message(period, lock, lang))
    problems: list[str] = []
    parsed: list[tuple[Entry, FieldRef, Parsed | None]] = []
    # A breakdown cell may come as CODE[combination] (the entry grid, spreadsheets).
    entries = [_split_entry(e) for e in entries]
    for entry in entries:
        ref = scope.ref(entry.code)
        if ref is None:
            problems.append(_("{code}: no such field in the installed catalogs").format(
                code=entry.code))
            continue
        if ref.field.computed:
            problems.append(_("{code} ({label}) is computed; enter its inputs instead").format(
                code=entry.code, label=ref.field.label))
            continue
        cell_problem = breakdown.cell_problem(ref, entry.combo)
        if cell_problem:
            problems.append(cell_problem)
            continue
        if inst.role == "department" and \
                scope.owner(ref.indicator) not in ("", inst.department_code):
            problems.append(_("{code} is reported by department {dept}, not {own}").format(
                code=entry.code, dept=scope.owner(ref.indicator), own=inst.department_code))
            continue
        if entry.text is None and entry.number is None:
            parsed.append((entry, ref, None))
            continue
        try:
            if entry.number is not None and is_numeric(ref.field):
                got = accept_number(entry.number, ref.field, lang)
            else:
                text = format(entry.number, "f") if entry.number is not None else entry.text
                got = parse_input(text, ref.field, lang)
        except ValueRefused as exc:
            problems.append(str(exc))
            continue
        parsed.append((entry, ref, got))
    if problems:
        raise Refused("\n".join(problems))
    # The one door: what typing stores passes the very checks an imported bundle gets.
    for entry, ref, value in parsed:
        rejection = check_value(ref.field, ref.indicator, entry.code, period.id,
                                value.state if value else "missing",
                                value.canonical if value else None, entry.note or "")
        if rejection is not None:
            problems.append(rejection.message)
    if problems:
        raise Refused("\n".join(problems))

    # Written in one batch (``entry.write``): every current row read in one query, every
    # change planned in order (a refusal below writes nothing), then stored at once.
    result = SetResult(period=period.id)
    totals: dict[str, tuple[FieldRef, str]] = {}
    batch = ValueBatch(session, inst.org_unit_id, {entry.code for entry, _r, _v in parsed},
                       [period.id])
    statuses: dict[str, ReportStatus] | None = None
    for entry, ref, value in parsed:
        dept = ref.indicator.department or inst.department_code
        if ref.field.disaggregated:
            totals[entry.code] = (ref, dept)
        slot = (ref.catalog.id, entry.code, entry.combo, period.id)
        row = batch.current(slot)
        if value is None:
            state, canonical = row if row is not None else ("missing", None)
        else:
            state, canonical = value.state, value.canonical
        if row is None and state == "missing" and not entry.note:
            result.unchanged.append(cell_code(entry.code, entry.combo))  # empty over nothing
            continue
        changes_value = row is not None and row != (state, canonical)
        if changes_value and not reason:
            if statuses is None:  # each department's report status, read once
                statuses = department_statuses(
                    session, inst, {r.indicator.department or inst.department_code
                                    for _e, r, _v in parsed}, period.id)
            if statuses.get(dept, ReportStatus.DRAFT) != ReportStatus.DRAFT:
                raise Refused(_("{code}: the period was already marked ready; give a reason "
                                "for the change.").format(code=entry.code),
                              cli_hint="--reason TEXT")
        change = batch.put(slot, state, canonical, entry.note, actor=actor, reason=reason,
                           department=dept)
        if change is None:
            result.unchanged.append(cell_code(entry.code, entry.combo))
        else:
            result.changed.append(change)
    for ref, dept in totals.values():
        change = plan_total(batch, ref, period.id, actor=actor, reason=reason, department=dept)
        if change is not None:
            result.changed.append(change)
    batch.write()
    return result


def value_history(session: Session, code: str, period: str,
                  combo: str = DEFAULT_COMBO) -> list[ValueHistory]:
    inst = require_installation(session)
    if combo == DEFAULT_COMBO and code.endswith("]"):
        code, combo = split_cell(code)
    return list(session.execute(
        select(ValueHistory).join(DataValue, DataValue.id == ValueHistory.value_id)
        .where(DataValue.org_unit_id == inst.org_unit_id, ValueHistory.field_code == code,
               ValueHistory.combo == combo, ValueHistory.period == period)
        .order_by(ValueHistory.id)).scalars())
