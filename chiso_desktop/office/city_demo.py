"""``chiso demo --city DIR --wards N``: a city with N wards, each with its own key and a year.

Each ward is a real Office installation (its own database, official code, key
pair and the Nhị Chiểu plan); it enters every monthly commune field of the
city set for the twelve months before today, approves and locks each month,
and writes the consolidated bundle for the city. The city (role ``city``, the
Hải Phòng set and no plan) enrolls every ward's key card and imports all the
bundles through the same importer as ``chiso import``. Two wards are the
diacritic twins "Xã Đông Hà" and "Xã Đồng Hà".

Arrivals are what a city sees in a real year (:func:`arrival`): most bundles
reach the city in the week before the deadline, about one in twelve a few
days after it, and for the latest month the second ward is late and the last
one (the last two from six wards on) has sent nothing, so the status has
someone to chase. The bundles are all written and imported now, so the demo
sets each one's time of receipt (``imported_bundles.imported_at``, what the
city's timeliness counts) to its arrival, as the ward demo does; the history
rows keep the time the demo ran.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import update

from chiso_desktop.catalog.model import FieldType
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.importer import IMPORTED, import_files
from chiso_desktop.office.approval import approve
from chiso_desktop.office.city import deadline_rules
from chiso_desktop.office.consolidated import enroll_ward, write_consolidated
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.periods.deadlines import DeadlineRules
from chiso_desktop.periods.period import Period, parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.chain import mark_for_seal
from chiso_desktop.store.db import Database
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.opening import open_for_use

BASE = "hp-2081-2026"
PLAN = "nhichieu-202-2026"
NAMES = ("Phường Nhị Chiểu", "Xã Đông Hà", "Xã Đồng Hà", "Phường Hải Tân", "Phường Lê Chân",
         "Phường Ngô Quyền", "Xã An Lão", "Phường Kiến An", "Xã Tiên Lãng", "Phường Dương Kinh",
         "Xã Vĩnh Bảo", "Phường Đồ Sơn", "Xã Cát Hải", "Phường Thủy Nguyên", "Xã Kiến Thụy")


@dataclass
class CityDemo:
    directory: Path
    city: Path
    wards: dict[str, Path] = field(default_factory=dict)
    months: list[str] = field(default_factory=list)
    bundles: int = 0
    passphrase: str = ""


def _months(today: date) -> list[Period]:
    first = today.replace(day=1)
    out = []
    for _ in range(12):
        first = (first - timedelta(days=1)).replace(day=1)
        out.append(parse_period(f"{first.year}{first.month:02d}"))
    return out[::-1]


LATE_SHARE = 1 / 12
"""About one bundle in twelve arrives after the deadline."""


def not_sent_latest(wards: int) -> set[int]:
    """The wards (1-based) that have sent nothing for the latest month: one, two from six on."""
    if wards <= 2:
        return set()
    return {wards, wards - 1} if wards >= 6 else {wards}


def arrival(period: Period, ward: int, latest: bool, rules: DeadlineRules,
            rng: random.Random, now: datetime) -> datetime:
    """When ward number ``ward``'s bundle for ``period`` reached the city (never after ``now``).

    On time: office hours on one of the six days up to the deadline (the deadline day
    included). Late: one to six days after it; the second ward is late for the latest
    month, so the demo always shows one.
    """
    due = rules.due_dates(period).official
    if (latest and ward == 2) or (not latest and rng.random() < LATE_SHARE):
        day = due + timedelta(days=rng.randint(1, 6) if not latest else 2)
    else:
        day = due - timedelta(days=rng.randint(0, 5))
    at = datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59)))
    return min(at, now - timedelta(minutes=1))


def _text(f: object, rng: random.Random) -> str | None:
    kind = FieldType(f.type)  # type: ignore[attr-defined]
    if kind is FieldType.INTEGER:
        return str(rng.randint(0, 40))
    if kind is FieldType.PERCENT:
        return f"{rng.uniform(70, 100):.1f}"
    if kind in (FieldType.DECIMAL, FieldType.MONEY):
        return f"{rng.uniform(10, 900):.2f}"
    if kind is FieldType.CHOICE:
        choices = f.choices  # type: ignore[attr-defined]
        return choices[0].code if choices else None
    return None


def _ward(root: Path, i: int, name: str, city_card: bytes, months: list[Period], secret: str,
          rng: random.Random, skip_last: bool
          ) -> tuple[Path, bytes, list[tuple[Path, Period]]]:
    path = root / f"ward-{i:03d}.db"
    db = open_for_use(path)
    out: list[tuple[Path, Period]] = []
    try:
        with db.session() as s, s.begin():
            init_installation(s, InitRequest(role="office", unit=name, plan=PLAN,
                                             department="VP", unit_code=f"{11300 + i}",
                                             parent_body="UBND THÀNH PHỐ HẢI PHÒNG"))
            identity.ensure_keys(s, secret)
            identity.trust_card(s, identity.read_public_key_file(city_card), "city")
        for n, period in enumerate(months):
            if skip_last and n == len(months) - 1:
                break
            with db.session() as s, s.begin():
                scope = load_scope(s)
                entries = [Entry(f.code, t) for _c, ind in scope.indicators("", period)
                           for f in ind.fields if not f.computed and not f.heading
                           if (t := _text(f, rng)) is not None]
                try:
                    set_values(s, period, entries, actor="Văn phòng", lang="en", scope=scope)
                except Refused:
                    # A synthetic value out of a field's bounds: keep the plain counts.
                    set_values(s, period, [e for e in entries if e.text and e.text.isdigit()],
                               actor="Văn phòng", lang="en", scope=scope)
            with db.session() as s, s.begin():
                approve(s, period, approver="Nguyễn Văn An", position="Chủ tịch UBND",
                        secret=secret)
                out.append((write_consolidated(s, period, root / "bundles" /
                                               f"ward-{i:03d}-{period.id}.chiso",
                                               secret=secret), period))
        with db.session() as s:
            card = identity.public_key_card(s, require_installation(s), secret)
    finally:
        db.close()
    return path, card, out


def build_city_demo(directory: Path, wards: int = 5, *, passphrase: str,
                    today: date | None = None, seed: int = 2026) -> CityDemo:
    """Build the city and its wards in ``directory`` (which must not hold one yet)."""
    if wards < 1:
        raise Refused("--wards must be at least 1")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "bundles").mkdir(exist_ok=True)
    rng = random.Random(seed)
    months = _months(today or date.today())
    result = CityDemo(directory, directory / "city.db", months=[m.id for m in months],
                      passphrase=passphrase)
    city: Database = open_for_use(result.city)
    try:
        with city.session() as s, s.begin():
            init_installation(s, InitRequest(role="city", unit="Thành phố Hải Phòng",
                                             catalogs=(BASE,), unit_code="31",
                                             parent_body="UBND THÀNH PHỐ HẢI PHÒNG"))
            identity.ensure_keys(s, passphrase)
        with city.session() as s:
            city_card = identity.public_key_card(s, require_installation(s), passphrase)
        with city.session() as s:
            rules = deadline_rules(s)
        now = datetime.now()
        files: list[Path] = []
        arrivals: list[datetime] = []
        silent = not_sent_latest(wards)
        for i in range(1, wards + 1):
            name = NAMES[i - 1] if i <= len(NAMES) else f"Xã số {i}"
            path, card, bundles = _ward(directory, i, name, city_card, months, passphrase, rng,
                                        skip_last=i in silent)
            with city.session() as s, s.begin():
                enroll_ward(s, card, "demo")
            result.wards[name] = path
            for bundle, period in bundles:
                files.append(bundle)
                arrivals.append(arrival(period, i, period == months[-1], rules, rng, now))
        results = import_files(city, files, handlers=import_handlers(), actor="demo", group=50)
        bad = [r for r in results if r.status != IMPORTED]
        if bad:
            raise RuntimeError(f"demo bundles refused: {bad[:3]}")
        with city.session() as s, s.begin():
            for r, when in zip(results, arrivals, strict=True):
                s.execute(update(ImportedBundle).where(ImportedBundle.bundle_id == r.bundle_id)
                          .values(imported_at=when))
            mark_for_seal(s, "imported_bundles")  # a Core UPDATE: seal what it changed
        result.bundles = len(results)
    finally:
        city.close()
    return result
