"""The city's view: wards side by side for a period, and completeness across wards.

Each ward is an org unit created when its Office's key was enrolled
(:func:`office.consolidated.enroll_ward`). A ward is expected to send every
entered field due in the period (the city's catalogs and plan); the city's
reporting rate is received / expected over all wards, and the share of wards
that sent anything. Timeliness compares the day a ward's first consolidated
bundle for the period was received at the city with the period's official
deadline (:func:`deadline_rules`; a month is due before the 20th of the month
itself, so 202606 on 19/06 at the latest). An hour period ("Giờ/Ngày") is due
before the end of the next hour (``periods.deadlines``: the 14h report before
16:00), so it is judged to the minute: received at 15:50 is on time, at 16:30
the same day late, and an hour whose deadline has passed with nothing received
is "not sent" on that very day. Days, weeks and longer periods are due on a
day, inclusive, and are judged by the day of receipt.

Received, not signed: the plan says the ward must *send* ("gửi trước ngày 20
hằng tháng") so that the figures are in the city's IOC by the deadline, and
the signing time in the manifest is the ward's own claim (its clock, its
word) while the time of receipt is the city's record. The first receipt
counts: a corrected revision sent after the deadline does not make an
on-time report late. A bundle that sat unopened in the city's mailbox counts
from when it was imported, so the city imports what arrives promptly.

:func:`city_report` adds what the city prints and sends on: a city total for
each additive field (counts, money, quantities: integer, money and decimal
fields not measured in %) and, for the rest (rates, percentages, choices),
the per-ward list. This module is the read model the CLI, the GUI page and
the city's PDF, workbook and CSV all use.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import cell_code, field_combos
from chiso_desktop.catalog.model import Field, FieldType, Indicator
from chiso_desktop.entry.deadline_status import AMBER, GREEN, GREY, RED, DeadlineStatus
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.completeness import rate
from chiso_desktop.office.received import DELIVERED_STATES
from chiso_desktop.periods.deadlines import WARD_PLAN_RULES, DeadlineRules, DueDates, due_text
from chiso_desktop.periods.period import Period
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue, OrgUnit

ON_TIME, LATE, NOT_SENT, PENDING = "on-time", "late", "not-sent", "pending"


@dataclass
class WardStatus:
    code: str
    name: str
    expected: int
    received: int
    revision: int | None = None
    imported_at: datetime | None = None
    first_imported_at: datetime | None = None
    timeliness: str = PENDING
    """on-time / late (after the official deadline) / not-sent (deadline passed) / pending."""

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(self.received, self.expected)

    def to_json(self) -> dict[str, object]:
        rr = self.reporting_rate
        return {"code": self.code, "name": self.name, "expected": self.expected,
                "received": self.received, "missing": self.missing,
                "reporting_rate": None if rr is None else str(rr), "revision": self.revision,
                "imported_at": self.imported_at.isoformat(timespec="seconds")
                if self.imported_at else None,
                "first_imported_at": self.first_imported_at.isoformat(timespec="seconds")
                if self.first_imported_at else None, "timeliness": self.timeliness}


@dataclass
class CityRow:
    indicator: Indicator
    field: Field
    values: dict[str, tuple[str, str | None]] = dataclass_field(default_factory=dict)
    """Ward code → (state, canonical value)."""
    combo: str = DEFAULT_COMBO
    """A breakdown row (under its field's total row): its option combination."""
    part_label: str = ""
    """A breakdown row: its options' labels ("Nam", "Công lập, Nữ")."""

    @property
    def code(self) -> str:
        """``B.4.1``, or ``B.4.1[apatit]`` for a breakdown row (the IOC's categoryOptionCombo)."""
        return cell_code(self.field.code, self.combo)

    @property
    def label(self) -> str:
        name = self.field.label or self.indicator.name
        return f"{name} — {self.part_label}" if self.part_label else name


@dataclass
class CityView:
    period: Period
    wards: list[WardStatus]
    rows: list[CityRow]
    due: date | None = None
    """The official deadline of the period (the plan's rules, else the city decision's)."""
    due_dates: DueDates | None = None
    """The period's deadlines in full; for an hour, ``due_before`` is the moment that counts."""

    @property
    def due_before(self) -> datetime | None:
        """An hour period: the moment its report must be received before; None otherwise."""
        return self.due_dates.due_before if self.due_dates is not None else None

    @property
    def due_text(self) -> str:
        """The deadline as screens and reports print it ("19/06/2026", "01/06/2026 before
        16:00"); empty without one."""
        if self.due_dates is not None:
            return due_text(self.due_dates)
        return self.due.strftime("%d/%m/%Y") if self.due is not None else ""

    def with_timeliness(self, status: str) -> list[WardStatus]:
        return [w for w in self.wards if w.timeliness == status]

    @property
    def wards_reporting(self) -> int:
        return sum(1 for w in self.wards if w.received)

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(sum(w.received for w in self.wards), sum(w.expected for w in self.wards))

    def to_json(self) -> dict[str, object]:
        rr = self.reporting_rate
        return {"period": self.period.id, "wards": [w.to_json() for w in self.wards],
                "wards_expected": len(self.wards), "wards_reporting": self.wards_reporting,
                "reporting_rate": None if rr is None else str(rr),
                "due": self.due.isoformat() if self.due else None,
                **({"due_before": self.due_before.isoformat(timespec="minutes")}
                   if self.due_before is not None else {}),
                "not_sent": [w.code for w in self.with_timeliness(NOT_SENT)],
                "late": [w.code for w in self.with_timeliness(LATE)]}


def wards(session: Session) -> list[OrgUnit]:
    inst = require_installation(session)
    return list(session.execute(select(OrgUnit).where(
        OrgUnit.id != inst.org_unit_id, OrgUnit.kind == "ward").order_by(OrgUnit.name)).scalars())


def _commune_level(indicator: Indicator) -> bool:
    return "cấp xã" in unicodedata.normalize("NFC", indicator.agency).casefold()


def expected_fields(session: Session, period: Period) -> list[tuple[Indicator, Field]]:
    """The entered fields every ward owes in ``period``.

    With a plan installed, the plan's; without one (the usual city), the base
    set's indicators a commune-level People's Committee reports ("UBND cấp xã"),
    or all of them when the set names no agency of that level (a commune set).
    """
    scope = load_scope(session)
    indicators = [ind for _c, ind in scope.indicators("", period)]
    if scope.plan is None and any(_commune_level(i) for i in indicators):
        indicators = [i for i in indicators if _commune_level(i)]
    return [(ind, f) for ind in indicators for f in ind.fields if not f.computed and not f.heading]


def deadline_rules(session: Session) -> DeadlineRules:
    """The deadlines wards are held to: the city's plan when it has one, else those of the
    ward plan 202/KH-UBND (the city decision 2081/QĐ-UBND itself sets none)."""
    scope = load_scope(session)
    return DeadlineRules.from_catalog(scope.plan) if scope.plan is not None else WARD_PLAN_RULES


def _timeliness(first: datetime | None, due: DueDates, now: date | datetime) -> str:
    """A ward's status: its first receipt against the official deadline, as of ``now``.

    An hour is judged to the minute against ``due_before`` (exclusive); given only a
    day as ``now``, an hour not received counts as not sent from the next day.
    Other periods are judged by the day (the due day inclusive).
    """
    before = due.due_before
    if before is not None:
        if first is None:
            passed = now >= before if isinstance(now, datetime) else now > due.official
            return NOT_SENT if passed else PENDING
        return ON_TIME if first < before else LATE
    today = now.date() if isinstance(now, datetime) else now
    if first is None:
        return NOT_SENT if today > due.official else PENDING
    return ON_TIME if first.date() <= due.official else LATE


def city_view(session: Session, period: Period,
              today: date | datetime | None = None) -> CityView:
    """Every entered field due in ``period`` with each ward's value, and each ward's counts.

    A disaggregated field's row is followed by one row per option combination.
    Fields a ward sent though the city does not expect them from wards are listed
    too, in catalog order, but count in no ward's figures. ``today`` (default: now)
    is when the wards are judged; pass a datetime for an hour period to be judged
    to the minute.
    """
    now: date | datetime = today if today is not None else datetime.now()
    dues = deadline_rules(session).due_dates(period)
    fields = expected_fields(session, period)
    units = wards(session)
    by_id = {u.id: u for u in units}
    c = DataValue.__table__.c
    stored = session.execute(select(c.org_unit_id, c.field_code, c.combo, c.state, c.value)
                             .where(c.period == period.id, c.org_unit_id.in_(list(by_id)))).all()
    expected = {f.code for _i, f in fields}
    sent = {code for _u, code, _c, state, _v in stored if state in DELIVERED_STATES} - expected
    scope = load_scope(session) if sent or any(f.disaggregated for _i, f in fields) else None
    listed = fields
    if sent and scope is not None:
        # What wards sent beyond what they owe is shown too (and not counted), in catalog order.
        listed = [(ind, f) for _c, ind in scope.indicators("", period) for f in ind.fields
                  if not f.computed and (f.code in expected or f.code in sent)]
    # Each field's total, then its breakdown rows (a ward's values per option combination).
    rows: dict[tuple[str, str], CityRow] = {}
    for ind, f in listed:
        rows[(f.code, DEFAULT_COMBO)] = CityRow(ind, f)
        ref = scope.ref(f.code) if scope is not None and f.disaggregated else None
        if ref is not None:
            for combo in field_combos(ref.catalog, f):
                rows[(f.code, combo.code)] = CityRow(ind, f, combo=combo.code,
                                                     part_label=combo.label)
    received: dict[str, int] = {u.code: 0 for u in units}
    for unit_id, code, combo, state, value in stored:
        row = rows.get((code, combo))
        if row is None:
            continue
        unit = by_id[unit_id]
        row.values[unit.code] = (state, value)
        if state in DELIVERED_STATES and combo == DEFAULT_COMBO and code in expected:
            received[unit.code] += 1  # a field owed counts once, by its total
    latest = _latest_imports(session, period)
    statuses = []
    for u in units:
        imp = latest.get(u.id)
        first = imp[2] if imp else None
        statuses.append(WardStatus(u.code, u.name, len(fields), received[u.code],
                                   imp[1] if imp else None, imp[0] if imp else None, first,
                                   _timeliness(first, dues, now)))
    return CityView(period, statuses, list(rows.values()), dues.official, dues)


def _latest_imports(session: Session, period: Period
                    ) -> dict[int, tuple[datetime, int | None, datetime]]:
    """Ward id → (time, approved revision, first time) of its consolidated bundles for the period.

    The ward is the one the signing key was enrolled for, never the name the
    manifest claims.
    """
    unit_of_key = dict(session.execute(select(TrustedKeyRow.fingerprint, TrustedKeyRow.org_unit_id)
                                       .where(TrustedKeyRow.org_unit_id.is_not(None))).all())
    out: dict[int, tuple[datetime, int | None, datetime]] = {}
    for b in session.execute(select(ImportedBundle).where(
            ImportedBundle.kind == "bundle", ImportedBundle.periods.contains(f'"{period.id}"'))
            .order_by(ImportedBundle.imported_at)).scalars():
        unit_id = unit_of_key.get(b.sender_fingerprint)
        if unit_id is None or period.id not in json.loads(b.periods or "[]"):
            continue
        counts = json.loads(b.counts or "{}")
        revision = counts.get("revision") if isinstance(counts, dict) else None
        first = out[unit_id][2] if unit_id in out else b.imported_at
        out[unit_id] = (b.imported_at, revision if type(revision) is int else None, first)
    return out


# -- what the city prints and sends on ---------------------------------------------------------

_ADDITIVE = {FieldType.INTEGER, FieldType.MONEY, FieldType.DECIMAL}


def additive(f: Field) -> bool:
    """Whether the wards' values of ``f`` add up to a city figure (counts, money, quantities)."""
    return FieldType(f.type) in _ADDITIVE and "%" not in f.unit


@dataclass
class CityLine:
    """One field of the period across the wards: the city total, or only the per-ward values."""

    row: CityRow
    additive: bool
    total: Decimal | None
    reported: int
    """Wards that gave a value (not "not applicable")."""
    values: list[tuple[WardStatus, str, str | None]]
    """(ward, state, canonical value) for each ward that sent the field, in ward order."""


@dataclass
class CityReport:
    view: CityView
    lines: list[CityLine]
    unit_name: str

    @property
    def period(self) -> Period:
        return self.view.period


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def city_report(session: Session, period: Period, today: date | datetime | None = None,
                breakdowns: bool = True) -> CityReport:
    """The per-ward table with city totals where the field adds up and per-ward lists where not;
    without ``breakdowns``, a disaggregated field's total only."""
    view = city_view(session, period, today)
    order = {w.code: w for w in view.wards}
    lines = []
    for row in view.rows:
        if not breakdowns and row.combo != DEFAULT_COMBO:
            continue
        values = [(order[code], state, value) for code, (state, value) in
                  sorted(row.values.items(), key=lambda kv: order[kv[0]].name)]
        given = [v for _w, state, v in values if state == "value" and v is not None]
        adds = additive(row.field)
        numbers = [n for n in map(_number, given) if n is not None]
        total = sum(numbers, Decimal(0)) if adds and numbers else None
        lines.append(CityLine(row, adds, total, len(given), values))
    name = require_installation(session).org_unit.name
    return CityReport(view, lines, name)


def _names(wards: list[WardStatus], most: int = 3) -> str:
    shown = ", ".join(w.name for w in wards[:most])
    if len(wards) > most:
        shown += " " + ngettext("and {n} more", "and {n} more", len(wards) - most).format(
            n=len(wards) - most)
    return shown


def city_deadline_status(view: CityView, today: date | datetime) -> DeadlineStatus:
    """The city's footer: the wards' deadline and who has not sent, never the city as late.

    The city itself reports to no one here; what is overdue are the wards that have
    not sent by the deadline. An hour's deadline is a moment ("01/06/2026 before 16:00"),
    so while it has not passed the footer says so rather than counting days.
    """
    if view.due is None or not view.wards:
        return DeadlineStatus(_("No ward is enrolled yet"), GREY, "ok")
    due = view.due_text
    missing = [w for w in view.wards if w.first_imported_at is None]
    late = view.with_timeliness(LATE)
    if view.with_timeliness(NOT_SENT):
        return DeadlineStatus(_("Not sent by the deadline {date}: {wards}").format(
            date=due, wards=_names(view.with_timeliness(NOT_SENT))), RED, "overdue")
    if not missing:
        text = _("Every ward has sent (deadline {date})").format(date=due)
        if late:
            text += "; " + _("late: {wards}").format(wards=_names(late))
        return DeadlineStatus(text, AMBER if late else GREEN, "done")
    if view.due_before is not None:
        return DeadlineStatus(_("Due {date}; not received yet from {k} wards").format(
            date=due, k=len(missing)), AMBER, "soon")
    day = today.date() if isinstance(today, datetime) else today
    left = (view.due - day).days
    return DeadlineStatus(ngettext("{n} day left (due {date}); not received yet from {k} wards",
                                   "{n} days left (due {date}); not received yet from {k} wards",
                                   left).format(n=left, date=due, k=len(missing)),
                          AMBER if left <= 3 else GREEN, "soon" if left <= 3 else "ok")
