"""Build small wards for the Office tests through the ``chiso`` command line."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import Assignment
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.store.db import open_database

TEST_PLAN = "test-ward-plan"
MONTH = "202610"
"""Official deadline 19/10/2026, departments' deadline 16/10/2026 (plan: 3 days ahead)."""

# Monthly fields of each department in TEST_PLAN.
MONTHLY = {
    "KT": ["D.3.1", "D.3.2", "D.3.3", "D.3.4", "D.3.5", "D.3.6", "D.4.1", "D.4.2", "D.5.1"],
    "VHXH": ["A.IV.3.1", "A.IV.3.2", "A.IV.3.3", "A.IV.3.4"],
    "HCC": ["A.XIII.21.1", "A.XIII.22.1"],
}


def install_test_plan(db_path: Path) -> None:
    """The Nhị Chiểu plan with the cooperatives row moved to VHXH: three monthly departments."""
    plan = builtin_catalogs()["nhichieu-202-2026"]
    assignments = tuple(replace(a, department="VHXH") if a.indicator == "A.IV.3" else a
                        for a in plan.assignments)
    assert any(a == Assignment("A.IV.3", "VHXH", a.note) for a in assignments)
    db = open_database(db_path)
    with db.session() as s, s.begin():
        install_catalog(s, replace(plan, id=TEST_PLAN, assignments=assignments))
    db.close()


def ok(result: Any) -> Any:
    assert result.code == 0, (result.out, result.err)
    return result


class Ward:
    """An Office and its departments, each a database in ``root``."""

    def __init__(self, chiso: Callable[..., Any], root: Path, unit: str = "Phường Nhị Chiểu",
                 plan: str = TEST_PLAN, office: Path | str | None = None,
                 unit_code: str = "") -> None:
        self.chiso, self.root, self.unit = chiso, root, unit
        root.mkdir(parents=True, exist_ok=True)
        # The Office's database: a file, or a PostgreSQL URL (the ``db_location`` fixture).
        self.office: Path | str = office if office is not None else root / "office.db"
        if plan == TEST_PLAN:
            install_test_plan(self.office)
        code_args = ("--unit-code", unit_code) if unit_code else ()
        ok(chiso("--db", self.office, "init", "--role", "office", "--unit", unit, "--plan", plan,
                 "--department", "VP", *code_args))
        ok(chiso("--db", self.office, "keys", "fingerprint"))
        self.departments: dict[str, Path] = {}

    def db(self, who: str) -> Path | str:
        return self.office if who == "VP" else self.departments[who]

    def add_department(self, code: str) -> Path:
        setup = self.root / f"{code}.setup.chiso"
        ok(self.chiso("--db", self.office, "setup-package", "--department", code, "--out", setup))
        db = self.root / f"{code}.db"
        ok(self.chiso("--db", db, "init", "--from-setup", setup, "--yes"))
        card = self.root / f"{code}.key"
        ok(self.chiso("--db", db, "keys", "export", "--out", card))
        ok(self.chiso("--db", self.office, "keys", "trust", card, "--department", code, "--yes"))
        self.departments[code] = db
        return db

    def run(self, who: str, *args: object) -> Any:
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
