"""The one ward builder: an Office and its departments, each a database in a folder.

Built through the ``chiso`` command line (``support.cli``), as a ward's clerks would:
the Office is set up, writes a setup package per department, each department sets
itself up from it and the Office trusts its key card.

- :class:`Ward` with the default test plan (three monthly departments, the Office as
  department ``VP``) is the Office tests' ward;
- :func:`build_ward` is the exchange ward (the Nhị Chiểu plan, departments enrolled);
- :func:`office_with_bundles` adds departments' exported, not yet imported, bundles
  (the Office GUI tests);
- :func:`install_department` sets up a department installation in an open database;
- :func:`demo_ward` and :func:`demo_city` are the demo (``chiso demo``, ``chiso demo-city``)
  on ``DEMO_TODAY``, as builders for ``prebuilt.copy`` (``tests/support/prebuilt.py``):
  ``prebuilt.copy(tmp_path / "demo", demo_ward).databases["VP"]``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from chiso_desktop.bundle import (
    CatalogRef,
    ManifestFields,
    ValueRecord,
    build_bundle,
    values_to_json,
)
from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import Assignment
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.store.db import Database, open_database

from .cli import CliResult, ok, run_cli

PLAN = "nhichieu-202-2026"
UNIT = "Phường Nhị Chiểu"
PASSPHRASE = "test passphrase"
TEST_PLAN = "test-ward-plan"
MONTH = "202610"
"""Official deadline 19/10/2026, departments' deadline 16/10/2026 (plan: 3 days ahead)."""

# Monthly fields of each department in TEST_PLAN.
MONTHLY = {
    "KT": ["D.3.1", "D.3.2", "D.3.3", "D.3.4", "D.3.5", "D.3.6", "D.4.1", "D.4.2", "D.5.1"],
    "VHXH": ["A.IV.3.1", "A.IV.3.2", "A.IV.3.3", "A.IV.3.4"],
    "HCC": ["A.XIII.21.1", "A.XIII.22.1"],
}

Chiso = Callable[..., CliResult]


def install_test_plan(db_path: Path) -> None:
    """The Nhị Chiểu plan with the cooperatives row moved to VHXH: three monthly departments."""
    plan = builtin_catalogs()[PLAN]
    assignments = tuple(replace(a, department="VHXH") if a.indicator == "A.IV.3" else a
                        for a in plan.assignments)
    assert any(a == Assignment("A.IV.3", "VHXH", a.note) for a in assignments)
    db = open_database(db_path)
    with db.session() as s, s.begin():
        install_catalog(s, replace(plan, id=TEST_PLAN, assignments=assignments))
    db.close()


class Ward:
    """An Office and its departments, each a database in ``root``.

    ``catalog`` names the base set on ``init`` (the plan brings it otherwise);
    ``office_department`` is the Office's own department code ("" for none).
    """

    def __init__(self, chiso: Chiso = run_cli, root: Path | None = None, unit: str = UNIT,
                 plan: str = TEST_PLAN, *, catalog: str = "",
                 office_department: str = "VP", office: Path | str | None = None,
                 unit_code: str = "") -> None:
        assert root is not None, "a ward needs a folder"
        self.chiso, self.root, self.unit = chiso, root, unit
        self.office_department = office_department
        root.mkdir(parents=True, exist_ok=True)
        # The Office's database: a file, or a PostgreSQL URL (the ``db_location`` fixture).
        self.office: Path | str = office if office is not None else root / "office.db"
        if plan == TEST_PLAN:
            install_test_plan(self.office)
        extra: list[str] = []
        if catalog:
            extra += ["--catalog", catalog]
        if office_department:
            extra += ["--department", office_department]
        if unit_code:
            extra += ["--unit-code", unit_code]
        ok(chiso("--db", self.office, "init", "--role", "office", "--unit", unit, "--plan", plan,
                 *extra))
        ok(chiso("--db", self.office, "keys", "fingerprint"))
        self.departments: dict[str, Path] = {}
        self.bundles: list[Path] = []

    @property
    def dbs(self) -> dict[str, Path | str]:
        """Every database by who keeps it: ``office`` and each department's code."""
        return {"office": self.office, **self.departments}

    def db(self, who: str) -> Path | str:
        return self.office if who in ("VP", "office", self.office_department) else (
            self.departments[who])

    def add_department(self, code: str) -> Path:
        """Set up ``code`` from the Office's setup package and enrol its key at the Office."""
        stem = code.lower()
        setup = self.root / f"{stem}.setup.chiso"
        ok(self.chiso("--db", self.office, "setup-package", "--department", code, "--out", setup))
        db = self.root / f"{stem}.db"
        ok(self.chiso("--db", db, "init", "--from-setup", setup, "--yes"))
        card = self.root / f"{stem}.key"
        ok(self.chiso("--db", db, "keys", "export", "--out", card))
        ok(self.chiso("--db", self.office, "keys", "trust", card, "--department", code, "--yes"))
        self.departments[code] = db
        return db

    def run(self, who: str, *args: object) -> CliResult:
        return self.chiso("--db", self.db(who), *args)

    def send(self, code: str, period: str, name: str, *values: str, reason: str = "") -> str:
        """Set values at a department, export them, import at the Office; the bundle id."""
        extra = ("--reason", reason) if reason else ()
        ok(self.run(code, "values", "set", "--period", period, *extra, *values))
        bundle = self.root / name
        ok(self.run(code, "export", "--period", period, "--out", bundle))
        result = self.run("VP", "import", bundle, "--json")
        assert result.code == 0, (result.out, result.err)
        return str(result.json()[0]["bundle_id"])

    def sql(self, who: str, query: str, *params: object) -> list[tuple[Any, ...]]:
        return run_sql(self.db(who), query, *params)


def run_sql(location: Path | str, query: str, *params: object) -> list[tuple[Any, ...]]:
    """A raw statement (``?`` placeholders) on a SQLite file or a PostgreSQL URL, committed."""
    if isinstance(location, str) and location.startswith("postgresql"):
        import psycopg

        with psycopg.connect(location) as pg:
            cur = pg.execute(query.replace("?", "%s"), params)  # type: ignore[arg-type]
            return list(cur.fetchall()) if cur.description else []
    con = sqlite3.connect(location)
    try:
        rows = con.execute(query, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def build_ward(root: Path, departments: Sequence[str] = ("KT",), *,
               chiso: Chiso = run_cli) -> Ward:
    """The exchange ward: the Nhị Chiểu plan on ``hp-2081-2026``, ``departments`` enrolled."""
    ward = Ward(chiso, root, plan=PLAN, catalog="hp-2081-2026", office_department="")
    for code in departments:
        ward.add_department(code)
    return ward


GUI_TODAY = date(2026, 10, 20)
"""The Office GUI tests' today: after the departments' deadline for ``MONTH``."""
DEPARTMENT_TODAY = date(2026, 6, 10)
"""The department GUI tests' today (``install_department``)."""
KT_VALUES = ("D.3.1=12.450", "D.3.2=3.120", "D.3.3=85,5", "D.3.4=1.200", "D.3.5=12,25",
             "D.3.6=0", "D.4.1=0", "D.4.2=0", "D.5.1=0")
VHXH_VALUES = ("A.IV.3.1=7", "A.IV.3.2=1", "A.IV.3.3=12,5", "A.IV.3.4=không phát sinh")
HCC_VALUES = ("A.XIII.21.1=98,5",)


def office_with_bundles(chiso: Chiso, root: Path) -> tuple[Ward, list[Path]]:
    """The test-plan ward whose three departments exported ``MONTH`` (written, not imported).

    The Office typed D.3.1 itself first, so KT's bundle brings one conflict.
    """
    ward = Ward(chiso, root)
    for code in MONTHLY:
        ward.add_department(code)
    ok(ward.run("VP", "values", "set", "--period", MONTH, "D.3.1=12.000", "--reason",
                "theo số liệu Chi cục Thống kê"))
    for code, values in (("KT", KT_VALUES), ("VHXH", VHXH_VALUES), ("HCC", HCC_VALUES)):
        ok(ward.run(code, "values", "set", "--period", MONTH, *values))
        out = root / "usb" / f"{code.lower()}-{MONTH}.chiso"
        out.parent.mkdir(exist_ok=True)
        ok(ward.run(code, "export", "--period", MONTH, "--out", out))
        ward.bundles.append(out)
    return ward, list(ward.bundles)


DEMO_TODAY = date(2026, 11, 22)
"""The demo builders' today: October 2026 reported, November under way."""


def demo_ward(root: Path, office: object = None) -> Any:
    """The demo ward (``office.demo.build_demo``) in ``root``; its ``DemoResult``."""
    from chiso_desktop.office.demo import DEMO_PASSPHRASE, build_demo

    return build_demo(root, passphrase=DEMO_PASSPHRASE, today=DEMO_TODAY)


def demo_city(root: Path, office: object = None) -> Any:
    """The demo city with two wards (``office.city_demo``) in ``root``; its ``CityDemo``."""
    from chiso_desktop.office.city_demo import build_city_demo
    from chiso_desktop.office.demo import DEMO_PASSPHRASE

    return build_city_demo(root, 2, passphrase=DEMO_PASSPHRASE, today=DEMO_TODAY)


def install_department(db: Database, department: str = "KT") -> Database:
    """Set ``db`` up as a Nhị Chiểu department (with the CCHC forms) and make its keys."""
    from chiso_desktop.exchange.identity import ensure_keys
    from chiso_desktop.setup.installation import InitRequest, init_installation

    with db.session() as s, s.begin():
        init_installation(s, InitRequest(
            role="department", unit=UNIT, plan=PLAN, catalogs=("nhichieu-cchc-2026",),
            department=department, officer="Nguyễn Văn An",
            parent_body="UBND THÀNH PHỐ HẢI PHÒNG"))
        ensure_keys(s, PASSPHRASE)
    return db


def make_bundle(dept_db: Path, records: Sequence[ValueRecord], *, sequence: int,
                recipient: str | None = None, catalog: CatalogRef | None = None,
                periods: Sequence[str] | None = None, org_unit: str | None = None,
                role: str = "department") -> bytes:
    """A bundle signed with a department's real key, with whatever manifest a test needs."""
    from chiso_desktop.catalog.installed import installed_rows
    from chiso_desktop.exchange import identity
    from chiso_desktop.exchange.setup_package import catalog_ref
    from chiso_desktop.store.installation import require_installation

    db = open_database(dept_db)
    try:
        with db.session() as s:
            inst = require_installation(s)
            keys = identity.load_keys(s, PASSPHRASE)
            office = identity.office_key(s)
            fields = ManifestFields(
                kind="bundle", org_unit=inst.org_unit.name if org_unit is None else org_unit,
                department=inst.department_code,
                role=role, recipient_fingerprint=recipient or office.fingerprint,
                catalog=catalog or catalog_ref(installed_rows(s)),
                periods=tuple(periods or sorted({r.period for r in records})), sequence=sequence)
            return build_bundle(fields, {"values.json": values_to_json(records)},
                                keys.signing).data
    finally:
        db.close()


def file_state(path: Path) -> tuple[str, str]:
    """SHA-256 of the database file (and its WAL, if left) and a dump of every table."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    conn = sqlite3.connect(path)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return digest.hexdigest(), dump


def cchc_ward(root: Path, *, chiso: Chiso = run_cli) -> Ward:
    """An Office with the CCHC forms and department ``VP`` set up from its setup package.

    The CCHC forms are the shipped set with computed rates and part-of-whole items
    (``BM1.2 = BM1.2.2 / BM1.2.1 × 100``), so this is the ward where an edit can add
    an error to a period already sent.
    """
    ward = Ward(chiso, root, plan=PLAN, catalog="hp-2081-2026", office_department="")
    ok(chiso("--db", ward.office, "catalog", "install", "nhichieu-cchc-2026"))
    ward.add_department("VP")
    return ward
