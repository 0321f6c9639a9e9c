"""A ready-made ward for trying the app: the Nhị Chiểu Office and its departments.

``chiso demo DIR`` writes ``office.db`` and one database per department of
plan 202/KH-UBND (KT, VHXH, HCC; the Office is VP), enrolls their keys, and
fills about a year of plausible values (seeded, so every run is the same):
monthly, quarterly, half-year and yearly indicators by their frequencies,
magnitudes by unit, some deliveries late, the current month partly missing,
the CCHC forms of 2026S1 from report 329/BC-UBND entered by the Office. The
departments' bundles are exported and imported at the Office; the months of
the first quarter are approved and locked; one conflict waits for review.

Bundle import times are back-dated to when each delivery would have
happened, so completeness and timeliness show a realistic history.
"""

from __future__ import annotations

import os
import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import cycle
from pathlib import Path

from sqlalchemy import update

from chiso_desktop.bundle import read_public_key_file
from chiso_desktop.catalog.categories import DEFAULT_COMBO
from chiso_desktop.catalog.installed import find_catalog
from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, FieldType
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.entry.write import ValueBatch
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.export import export_period
from chiso_desktop.exchange.importer import FileResult, Handlers, ImportStatus, import_files
from chiso_desktop.exchange.setup_package import (
    install_setup,
    read_setup_package,
    write_setup_package,
)
from chiso_desktop.i18n import _
from chiso_desktop.office.approval import approve
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.office.plan import deadline_rules
from chiso_desktop.paths import resources_dir
from chiso_desktop.periods.deadlines import DeadlineRules
from chiso_desktop.periods.period import Period, parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.chain import mark_for_seal
from chiso_desktop.store.db import Database, open_database
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import Department, Officer

DEMO_PASSPHRASE = "demo-chiso-2026"
UNIT = "Phường Nhị Chiểu"
PARENT_BODY = "UBND THÀNH PHỐ HẢI PHÒNG"
PLAN = "nhichieu-202-2026"
CCHC = "nhichieu-cchc-2026"
TARGETS = "nbk-799-2026"
DEPARTMENTS = ("KT", "VHXH", "HCC")
OFFICERS = {
    "KT": (("Phạm Văn Hùng", "Chuyên viên", "0912 345 101"),
           ("Đỗ Thị Lan", "Phó Trưởng phòng", "0912 345 102")),
    "VHXH": (("Lương Khánh Huyền", "Chuyên viên", "0912 345 201"),
             ("Nguyễn Thu Trang", "Phó Trưởng phòng", "0912 345 202")),
    "HCC": (("Vũ Minh Tuấn", "Viên chức", "0912 345 301"),
            ("Hoàng Thị Mai", "Phó Giám đốc", "0912 345 302")),
    "VP": (("Lê Hoàng Sơn", "Phó Chánh Văn phòng", "0912 345 401"),
           ("Bùi Thị Hạnh", "Chuyên viên", "0912 345 402")),
}
SEED = 2026

# (low, high) of a plausible value for a ward, by unit of measure; percentages separately.
RANGES: dict[str, tuple[str, str]] = {
    "Người": ("24000", "26000"), "Căn": ("6200", "6600"), "Con": ("2500", "4000"),
    "Hộ": ("0", "12"), "Hợp tác xã": ("0", "14"), "Trường": ("2", "6"), "Trạm": ("1", "1"),
    "Tỷ đồng": ("40", "600"), "Triệu đồng": ("2000", "60000"), "Ha": ("120", "480"),
    "Tấn": ("0", "6"), "Triệu đồng/ha": ("110", "190"), "%": ("3", "12"),
}


@dataclass
class DemoResult:
    directory: Path
    passphrase: str
    databases: dict[str, Path]
    bundles: int
    values: int
    conflicts: int
    locked: list[str] = field(default_factory=list)


def _periods(today: date) -> dict[str, list[Period]]:
    """The year of reporting before ``today``: months, quarters, halves and last year."""
    months = []
    p = parse_period(f"{today.year - 1}{today.month:02d}").next()
    while p.start <= today:
        months.append(p)
        p = p.next()
    quarters = [q for q in (parse_period(f"{today.year}Q{i}") for i in range(1, 5))
                if q.end < today]
    halves = [h for h in (parse_period(f"{today.year}S{i}") for i in (1, 2)) if h.end < today]
    return {"month": months, "quarter": quarters, "half-year": halves,
            "year": [parse_period(str(today.year - 1))]}


class _Values:
    """Seeded plausible values, each field drifting a little from period to period."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.base: dict[str, Decimal] = {}

    def value(self, f: Field) -> str:
        kind = FieldType(f.type)
        if kind is FieldType.CHOICE:
            return f.choices[0].code if f.choices else "0"
        if kind is FieldType.TEXT:
            return "Đã thực hiện"
        if kind is FieldType.PERCENT:
            low, high = Decimal("82"), Decimal("100")
        else:
            lo, hi = RANGES.get(f.unit, ("1", "50"))
            low, high = Decimal(lo), Decimal(hi)
        if f.code not in self.base:
            span = int((high - low) * 10)
            self.base[f.code] = low + Decimal(self.rng.randint(0, max(span, 0))) / 10
        drift = Decimal(self.rng.randint(-30, 30)) / 1000  # ±3 %
        value = self.base[f.code] * (1 + drift)
        value = min(max(value, low), high) if kind is FieldType.PERCENT else max(value, low)
        if kind is FieldType.INTEGER:
            return str(int(value.to_integral_value()))
        places = Decimal("0.1") if kind is FieldType.PERCENT else Decimal("0.01")
        return format(value.quantize(places).normalize(), "f")


# Deliveries that missed a deadline, so the history shows some (besides a few at random).
LATE = {("KT", "202607"), ("KT", "202609"), ("VHXH", "2026S1"), ("HCC", "202608")}
OVERDUE = {("HCC", "202605"), ("KT", "2026Q2")}


def _delay(code: str, period: Period, rng: random.Random) -> str:
    if (code, period.id) in OVERDUE:
        return "overdue"
    if (code, period.id) in LATE or rng.random() < 0.08:
        return "late"
    return "on-time"


def _received_on(rules: DeadlineRules, period: Period, rng: random.Random, delay: str,
                 today: date) -> datetime:
    due = rules.due_dates(period)
    if delay == "overdue":
        day = due.official + timedelta(days=rng.randint(1, 6))
    elif delay == "late":
        day = due.department + timedelta(days=rng.randint(1, max(1, (due.official
                                                                      - due.department).days)))
    else:
        day = due.department - timedelta(days=rng.randint(0, 6))
    day = min(day, today)
    # Received today means by now: "Today" lists no arrival later than the clock.
    return min(datetime.combine(day, time(8 + rng.randint(0, 8), rng.randint(0, 59))),
               datetime.now())


def build_demo(directory: Path, *, passphrase: str | None = None,
               today: date | None = None) -> DemoResult:
    """Write the demo ward into ``directory`` (which must not hold one already)."""
    handlers = import_handlers()  # the import table, put together once for the whole demo
    secret = passphrase or os.environ.get("CHISO_PASSPHRASE") or DEMO_PASSPHRASE
    today = today or date.today()
    directory.mkdir(parents=True, exist_ok=True)
    office_path = directory / "office.db"
    if office_path.exists():
        raise Refused(_("{dir} already holds a demo ward; choose an empty folder.").format(
            dir=directory))
    rng = random.Random(SEED)
    (directory / "bundles").mkdir(exist_ok=True)
    office = open_database(office_path)
    dbs: dict[str, Database] = {}
    try:
        _set_up_office(office, secret)
        for code in DEPARTMENTS:
            dbs[code] = _set_up_department(office, code, directory, secret)
        with office.session() as s:
            rules = deadline_rules(load_scope(s))
        periods = _periods(today)
        values = _office_values(office)
        gen = _Values(rng)
        delivered: list[tuple[Path, datetime]] = []
        last_month = periods["month"][-1]
        for code, db in dbs.items():
            for plist in periods.values():
                for period in plist:
                    if code == "HCC" and period == last_month:
                        continue  # the current month: HCC has not reported yet
                    n = _enter(db, code, period, gen, rng, partial=period == last_month)
                    if not n:
                        continue
                    values += n
                    out = directory / "bundles" / f"{code}-{period.id}.chiso"
                    with db.session() as s, s.begin():
                        export_period(s, period, out, actor=OFFICERS[code][0][0], secret=secret)
                    delivered.append((out, _received_on(rules, period, rng,
                                                        _delay(code, period, rng), today)))
        _import(office, delivered, secret, handlers)
        locked = _lock_first_quarter(office, periods["month"], today, secret)
        conflicts = _make_conflict(office, dbs["KT"], last_month.previous(), directory, secret,
                                   handlers, today)
    finally:
        office.close()
        for db in dbs.values():
            db.close()
    paths = {"VP": office_path, **{c: directory / f"{c.lower()}.db" for c in DEPARTMENTS}}
    return DemoResult(directory, secret, paths, len(delivered) + 1, values, conflicts, locked)


def _set_up_office(office: Database, secret: str) -> None:
    with office.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit=UNIT, catalogs=(CCHC, TARGETS),
                                         plan=PLAN,
                                         department="VP", parent_body=PARENT_BODY,
                                         officer=OFFICERS["VP"][0][0],
                                         backup_officer=OFFICERS["VP"][1][0]))
        identity.ensure_keys(s, secret)
        for dept in s.query(Department).all():
            people = OFFICERS.get(dept.code, ())
            dept.officers.clear()
            for (name, position, phone), role in zip(people, ("primary", "backup"), strict=False):
                dept.officers.append(Officer(name=name, position=position, phone=phone,
                                             role=role))


def _set_up_department(office: Database, code: str, directory: Path, secret: str) -> Database:
    setup = directory / "bundles" / f"setup-{code}.chiso"
    with office.session() as s, s.begin():
        write_setup_package(s, code, setup, secret)
    db = open_database(directory / f"{code.lower()}.db")
    with db.session() as s, s.begin():
        inst = install_setup(s, read_setup_package(setup.read_bytes()),
                             officer=OFFICERS[code][0][0], secret=secret)
        card = identity.public_key_card(s, inst, secret)
    with office.session() as s, s.begin():
        identity.trust_card(s, read_public_key_file(card), code, actor="demo")
    return db


def _enter(db: Database, code: str, period: Period, gen: _Values, rng: random.Random,
           partial: bool) -> int:
    """Plausible values of the department's indicators due in ``period``; how many."""
    with db.session() as s, s.begin():
        scope = load_scope(s)
        entries = []
        for cat, ind in scope.indicators(code, period):
            if cat.kind is not CatalogKind.PLAN or ind.department != code:
                continue
            for f in ind.fields:
                if f.computed or f.heading or (partial and rng.random() < 0.4):
                    continue
                entries.append(Entry(f.code, gen.value(f)))
        if not entries:
            return 0
        set_values(s, period, entries, actor=OFFICERS[code][0][0], lang="en", scope=scope)
    return len(entries)


def _office_values(office: Database) -> int:
    """The Office's own CCHC forms for 2026S1, as printed in report 329/BC-UBND."""
    sample = resources_dir() / "samples" / "nhichieu-cchc-2026S1.toml"
    doc = tomllib.loads(sample.read_text(encoding="utf-8"))
    period = parse_period(doc["period"])
    with office.session() as s, s.begin():
        inst = require_installation(s)
        scope = load_scope(s)
        rules = deadline_rules(scope)
        # Entered on the Office's own deadline day, the way the report was made.
        when = datetime.combine(rules.due_dates(period).department, time(15, 30))
        catalog = find_catalog(s, TARGETS)
        codes = [*doc["values"], *(ind.fields[0].code for ind in catalog.indicators
                                   if ind.fields)]
        batch = ValueBatch(s, inst.org_unit_id, codes, [period.id, str(when.year)], now=when)
        for code, text in doc["values"].items():
            ref = scope.ref(code)
            if ref is None or ref.field.computed:
                raise RuntimeError(f"sample value for an unknown or computed field: {code}")
            batch.put((ref.catalog.id, code, DEFAULT_COMBO, period.id), "value", text, None,
                      actor=OFFICERS["VP"][0][0], department="VP")
        targets = _target_values(batch, catalog, when)
        batch.write()
    return len(doc["values"]) + targets


TARGET_OFFSETS = (5, -12, 0, None, 3, -4, 8, None, 0, -20, 2, 1)
"""Achieved minus threshold per target, cycling: some met, some not, some not reported."""


def _target_values(batch: ValueBatch, catalog: Catalog, when: datetime) -> int:
    """The year's achieved values for the targets catalog, so its report has content."""
    n = 0
    for ind, offset in zip(catalog.indicators, cycle(TARGET_OFFSETS), strict=False):
        if offset is None or ind.target is None or not ind.fields:
            continue
        value = min(max(ind.target.threshold + offset, Decimal(0)), Decimal(100))
        batch.put((catalog.id, ind.fields[0].code, DEFAULT_COMBO, str(when.year)), "value",
                  str(value), None, actor=OFFICERS["VP"][0][0], department="VP")
        n += 1
    return n


def _import(office: Database, delivered: list[tuple[Path, datetime]], secret: str,
            handlers: Handlers) -> list[FileResult]:
    """Import the bundles, each stamped as received when ``delivered`` says (not now)."""
    results = import_files(office, [p for p, _when in delivered], handlers=handlers,
                           actor=OFFICERS["VP"][0][0], secret=secret)
    refused = [r for r in results if r.status == ImportStatus.REFUSED]
    if refused:
        raise RuntimeError(f"demo bundle refused: {refused[0].file}: {refused[0].message}")
    with office.session() as s, s.begin():
        for result, (_path, when) in zip(results, delivered, strict=True):
            s.execute(update(ImportedBundle).where(ImportedBundle.bundle_id == result.bundle_id)
                      .values(imported_at=when))
        mark_for_seal(s, "imported_bundles")  # a Core UPDATE: seal what it changed
    return results


def _lock_first_quarter(office: Database, months: list[Period], today: date,
                        secret: str) -> list[str]:
    locked = []
    with office.session() as s, s.begin():
        for period in months:
            if period.start.year == today.year and period.start.month <= 3:
                approve(s, period, approver="Nguyễn Văn Thành", position="Chủ tịch UBND phường",
                        comment="Đồng ý", actor=OFFICERS["VP"][0][0], secret=secret)
                locked.append(period.id)
    return locked


def _make_conflict(office: Database, kt: Database, period: Period, directory: Path,
                   secret: str, handlers: Handlers, today: date) -> int:
    """The Office corrects a value locally, then KT resends it differently: one conflict.

    The resend arrives now; in a demo dated in the past it arrives on ``today``, like the
    rest of the demo's mail, so "Today" never lists an arrival after the day it shows.
    """
    with office.session() as s, s.begin():
        set_values(s, period, [Entry("D.3.2", "6450")], actor=OFFICERS["VP"][0][0], lang="en",
                   reason="Theo số liệu Công an phường")
    with kt.session() as s, s.begin():
        set_values(s, period, [Entry("D.3.2", "6480")], actor=OFFICERS["KT"][0][0], lang="en",
                   reason="Cập nhật số nhà ở mới hoàn công")
    out = directory / "bundles" / f"KT-{period.id}-2.chiso"
    with kt.session() as s, s.begin():
        export_period(s, period, out, actor=OFFICERS["KT"][0][0], secret=secret)
    now = datetime.now()
    when = now if today >= now.date() else datetime.combine(today, time(16, 30))
    results = _import(office, [(out, when)], secret, handlers)
    return sum(r.counts.get("conflicts", 0) for r in results)
