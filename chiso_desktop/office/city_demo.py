"""``chiso demo --city DIR --wards N``: a city with N wards, each with its own key and a year.

Each ward is a real Office installation (its own database, official code, key
pair and the Nhị Chiểu plan); it enters every monthly commune field of the
city set for the twelve months before today, approves and locks each month,
and writes the consolidated bundle for the city. The city (role ``city``, the
Hải Phòng set and no plan) enrolls every ward's key card and imports all the
bundles through the same importer as ``chiso import``. Two wards are the
diacritic twins "Xã Đông Hà" and "Xã Đồng Hà"; the last ward sends nothing for
the latest month, so the status has someone to chase.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from chiso_desktop.catalog.model import FieldType
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.importer import IMPORTED, import_files
from chiso_desktop.office.approval import approve
from chiso_desktop.office.consolidated import enroll_ward, write_consolidated
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.periods.period import Period, parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import Database
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
          rng: random.Random, skip_last: bool) -> tuple[Path, bytes, list[Path]]:
    path = root / f"ward-{i:03d}.db"
    db = open_for_use(path)
    out: list[Path] = []
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
                out.append(write_consolidated(s, period, root / "bundles" /
                                              f"ward-{i:03d}-{period.id}.chiso", secret=secret))
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
        files: list[Path] = []
        for i in range(1, wards + 1):
            name = NAMES[i - 1] if i <= len(NAMES) else f"Xã số {i}"
            path, card, bundles = _ward(directory, i, name, city_card, months, passphrase, rng,
                                        skip_last=wards > 2 and i == wards)
            with city.session() as s, s.begin():
                enroll_ward(s, card, "demo")
            result.wards[name] = path
            files += bundles
        results = import_files(city, files, handlers=import_handlers(), actor="demo", group=50)
        bad = [r for r in results if r.status != IMPORTED]
        if bad:
            raise RuntimeError(f"demo bundles refused: {bad[:3]}")
        result.bundles = len(results)
    finally:
        city.close()
    return result
