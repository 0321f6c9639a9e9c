"""A ward for the exchange tests: an Office and departments, each in its own database file."""

from __future__ import annotations

import contextlib
import hashlib
import io
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chiso_desktop.bundle import (
    CatalogRef,
    ManifestFields,
    ValueRecord,
    build_bundle,
    values_to_json,
)
from chiso_desktop.cli.main import main
from chiso_desktop.exchange import identity
from chiso_desktop.store.db import Database, open_database
from chiso_desktop.store.installation import require_installation

PLAN = "nhichieu-202-2026"
UNIT = "Phường Nhị Chiểu"
PASSPHRASE = "test passphrase"


def run(*argv: object) -> str:
    """Run the CLI in-process; fail loudly unless it succeeded."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main([str(a) for a in argv])
    assert code == 0, f"chiso {' '.join(map(str, argv))} → {code}\n{stdout.getvalue()}{stderr.getvalue()}"
    return stdout.getvalue()


@dataclass
class Ward:
    root: Path
    departments: Sequence[str]
    dbs: dict[str, Path] = field(default_factory=dict)

    @property
    def office(self) -> Path:
        return self.dbs["office"]


def build_ward(root: Path, departments: Sequence[str] = ("KT",)) -> Ward:
    """Office with the plan, setup packages, departments set up, their keys enrolled."""
    ward = Ward(root, departments)
    ward.dbs["office"] = root / "office.db"
    run("--db", ward.office, "init", "--role", "office", "--unit", UNIT, "--catalog",
        "hp-2081-2026", "--plan", PLAN)
    run("--db", ward.office, "keys", "fingerprint")
    for code in departments:
        db = ward.dbs[code] = root / f"{code.lower()}.db"
        package = root / f"{code.lower()}.setup.chiso"
        run("--db", ward.office, "setup-package", "--department", code, "--out", package)
        run("--db", db, "init", "--from-setup", package, "--yes")
        card = root / f"{code.lower()}.key"
        run("--db", db, "keys", "export", "--out", card)
        run("--db", ward.office, "keys", "trust", card, "--department", code)
    return ward


def make_bundle(dept_db: Path, records: Sequence[ValueRecord], *, sequence: int,
                recipient: str | None = None, catalog: CatalogRef | None = None,
                periods: Sequence[str] | None = None) -> bytes:
    """A bundle signed with a department's real key, with whatever manifest a test needs."""
    db = open_database(dept_db)
    try:
        with db.session() as s:
            inst = require_installation(s)
            keys = identity.load_keys(s, PASSPHRASE)
            office = identity.office_key(s)
            from chiso_desktop.catalog.installed import installed_rows
            from chiso_desktop.exchange.setup_package import catalog_ref

            fields = ManifestFields(
                kind="bundle", org_unit=inst.org_unit.name, department=inst.department_code,
                role="department", recipient_fingerprint=recipient or office.fingerprint,
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


def open_db(path: Path) -> Database:
    return open_database(path)
