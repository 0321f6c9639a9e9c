"""The store on PostgreSQL: addresses, migrations, and several officers writing at once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from chiso_desktop.errors import UsageError
from chiso_desktop.store.db import (
    SCHEMA_HEAD,
    current_revision,
    integrity_ok,
    open_database,
    parse_location,
    redact,
)
from chiso_desktop.store.models import AuditEntry, ValueHistory

REPO = Path(__file__).resolve().parents[2]


def test_locations_paths_urls_and_refused_schemes(tmp_path: Path) -> None:
    assert parse_location(str(tmp_path / "a.db")) == tmp_path / "a.db"
    assert parse_location(r"C:\data\chiso.db") == Path(r"C:\data\chiso.db")
    assert parse_location("postgresql://u:secret@db.example/chiso") == \
        "postgresql+psycopg://u:secret@db.example/chiso"
    assert parse_location("postgres://db.example:5433/chiso") == \
        "postgresql+psycopg://db.example:5433/chiso"
    assert redact("postgresql+psycopg://u:secret@db.example/chiso") == \
        "postgresql+psycopg://u:***@db.example/chiso"
    for bad in ("mysql://db/chiso", "sqlite:///x.db", "https://example.org/db"):
        with pytest.raises(UsageError, match="://"):
            parse_location(bad)
    with pytest.raises(UsageError):
        parse_location("postgresql://db.example/")


def test_cli_refuses_other_schemes_and_writes_no_file(chiso: Callable[..., Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = chiso("--db", "mysql://db/chiso", "init", "--role", "office", "--unit", "Xã A")
    assert result.code == 2 and "mysql://" in result.err and "Traceback" not in result.err
    monkeypatch.setenv("CHISO_DB", "ftp://x/y")
    assert chiso("catalog", "list").code == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgresql
def test_postgresql_url_is_a_server_not_a_file(chiso: Callable[..., Any], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               pg_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = chiso("--db", pg_url, "init", "--role", "city", "--unit", "Thành phố Hải Phòng",
                   "--unit-code", "31", "--plan", "nhichieu-202-2026")
    assert result.code == 0, result.err
    assert list(tmp_path.iterdir()) == []  # no file named "postgresql:…" in the folder
    db = open_database(pg_url)
    assert db.is_postgresql and current_revision(db.engine) == SCHEMA_HEAD and integrity_ok(db)
    db.close()
    monkeypatch.setenv("CHISO_DB", pg_url)
    assert chiso("audit", "verify").code == 0


@pytest.mark.postgresql
def test_unreachable_server_is_a_clear_message(chiso: Callable[..., Any], pg_server: Any) -> None:
    url = pg_server.url("no_such_database")
    result = chiso("--db", url, "catalog", "list", "--json")
    assert result.code == 3 and "Traceback" not in result.err
    assert "no_such_database" in result.err


_WRITER = """
import sys
from chiso_desktop.cli.main import main
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.db import open_database
url, me, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = open_database(url)
codes = ["A.XIII.21.1", "A.XIII.22.1", "A.IV.3.1", "A.IV.3.2", "A.IV.3.4"]
for r in range(rounds):
    period = f"2026{(r % 12) + 1:02d}"
    args = [f"{code}={me * 10 + r % 10}" for code in codes]
    code = main(["--db", url, "values", "set", "--period", period, "--reason", f"w{me}", *args])
    assert code == 0, code
    with db.session() as s, s.begin():  # the audit chain, appended through Core
        append_audit(s, "test-writer", f"w{me}", round=r)
db.close()
"""


@pytest.mark.postgresql
def test_concurrent_writers_keep_the_chains_intact(chiso: Callable[..., Any],
                                                   pg_url: str) -> None:
    """Four officers' processes save values at once; ``audit verify`` finds nothing after.

    Six rounds each: with the chain lock switched off (``hold_chain_lock_on`` a no-op in
    the writers) this fails every time, already at three rounds (3 of 3 runs, 2026-12-02)."""
    result = chiso("--db", pg_url, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                   "--unit-code", "11311", "--plan", "nhichieu-202-2026", "--department", "VP")
    assert result.code == 0, result.err
    env = {**os.environ, "PYTHONPATH": str(REPO), "CHISO_LANG": "en"}
    writers, rounds = 4, 6
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, pg_url, str(i), str(rounds)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(1, writers + 1)]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
    verified = chiso("--db", pg_url, "audit", "verify", "--json")
    assert verified.code == 0, verified.out
    db = open_database(pg_url)
    with db.session() as s:
        history = s.execute(select(func.count()).select_from(ValueHistory)).scalar_one()
        audit = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    db.close()
    assert history == writers * rounds * 5
    assert audit == writers * rounds + 1  # and the init
    assert verified.json()["history_rows"] == history


@pytest.mark.postgresql
def test_backup_and_restore_on_postgresql(chiso: Callable[..., Any], tmp_path: Path,
                                          pg_server: Any) -> None:
    """pg_dump, verified in a throw-away database; restore refuses another unit's dump."""
    url, other = pg_server.create_database(), pg_server.create_database()
    assert chiso("--db", url, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                 "--unit-code", "11311", "--plan", "nhichieu-202-2026", "--department",
                 "VP").code == 0
    assert chiso("--db", url, "values", "set", "--period", "202610", "A.IV.3.1=7").code == 0
    dump = tmp_path / "city.dump"
    made = chiso("--db", url, "backup", "--out", dump)
    assert made.code == 0, made.err
    assert "1" in made.out and dump.stat().st_size > 0
    assert chiso("--db", url, "values", "set", "--period", "202610", "A.IV.3.1=9").code == 0
    restored = chiso("--db", url, "restore", dump)
    assert restored.code == 0, restored.err
    values = chiso("--db", url, "values", "list", "--period", "202610", "--json").json()
    assert {v["code"]: v["value"] for v in values}["A.IV.3.1"] == "7"
    assert chiso("--db", url, "audit", "verify").code == 0
    assert list(tmp_path.glob("city.before-restore-*.dump"))

    assert chiso("--db", other, "init", "--role", "office", "--unit", "Xã Khác",
                 "--unit-code", "11402", "--catalog", "hp-2081-2026").code == 0
    refused = chiso("--db", other, "restore", dump)
    assert refused.code == 3 and "--force" in refused.err
    broken = tmp_path / "broken.dump"
    broken.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    assert chiso("--db", url, "restore", broken).code == 3
