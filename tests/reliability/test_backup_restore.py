"""Backups, restore, the damaged-database message, the instance lock, busy writers, audit verify."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from chiso_desktop.errors import Refused
from chiso_desktop.fileio.instance_lock import DatabaseInUse, acquire_instance_lock
from chiso_desktop.store import backup
from chiso_desktop.store.db import open_database
from chiso_desktop.store.opening import open_for_use
from tests.support.cli import run_cli
from tests.support.prebuilt import Location, Prebuilt
from tests.support.ward import UNIT

from .harness import integrity, sha256

Chiso = Callable[..., object]


def ok(chiso: Chiso, *argv: object):
    result = chiso(*argv)
    assert result.code == 0, (argv, result.out, result.err)
    return result


def _office(root: Path, path: Location) -> Path:
    assert isinstance(path, Path)
    ok(run_cli, "--db", path, "init", "--role", "office", "--unit", UNIT, "--plan",
       "nhichieu-202-2026", "--catalog", "nhichieu-cchc-2026")
    ok(run_cli, "--db", path, "values", "set", "--period", "2026S1", "BM1.2.1=52", "BM1.2.2=27")
    return path


@pytest.fixture
def office(prebuilt: Prebuilt, tmp_path: Path) -> Path:
    """tmp_path/office.db and its backups/ (a copy: tests/support/prebuilt.py)."""
    return prebuilt.copy(tmp_path, _office)


def value_of(chiso: Chiso, db: Path, code: str) -> str | None:
    rows = ok(chiso, "--db", db, "values", "list", "--period", "2026S1", "--json").json()
    return {r["code"]: r["value"] for r in rows}[code]


def test_a_daily_backup_is_taken_on_open_and_rotated(office: Path, tmp_path: Path) -> None:
    # Taken at the first open of the day (before that day's changes): by `values set`.
    daily = list((tmp_path / "backups").glob("office-daily-*.db"))
    assert len(daily) == 1 and integrity(daily[0]) == "ok"
    assert backup.verify_backup(daily[0]).values == 0
    open_for_use(office).close()
    assert list((tmp_path / "backups").glob("office-daily-*.db")) == daily, "one a day"
    start = date(2026, 1, 1)
    for n in range(12):
        backup.daily_backup(office, start + timedelta(days=n))
    kept = sorted(p.name for p in (tmp_path / "backups").glob("office-daily-*.db"))
    assert len(kept) == backup.KEEP_DAILY
    assert kept[-1] == f"office-daily-{date.today():%Y%m%d}.db"  # the newest survive


def test_backup_and_restore_round_trip(chiso: Chiso, office: Path, tmp_path: Path) -> None:
    out = ok(chiso, "--db", office, "backup", "--out", tmp_path / "usb" / "copy.db").out
    assert "verified" in out or "kiểm tra" in out
    assert not list((tmp_path / "usb").glob("*-wal")), "the backup is one self-contained file"
    ok(chiso, "--db", office, "values", "set", "--period", "2026S1", "BM1.2.1=60")
    assert value_of(chiso, office, "BM1.2.1") == "60"
    ok(chiso, "--db", office, "restore", tmp_path / "usb" / "copy.db")
    assert value_of(chiso, office, "BM1.2.1") == "52"
    kept = list((tmp_path / "backups").glob("office-before-restore-*.db"))
    assert len(kept) == 1 and backup.verify_backup(kept[0]).values == 2
    ok(chiso, "--db", office, "audit", "verify")


def test_restore_refuses_another_wards_backup_unless_forced(chiso: Chiso, office: Path,
                                                            tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(chiso, "--db", other, "init", "--role", "office", "--unit", "Xã Nguyễn Bỉnh Khiêm",
       "--catalog", "nhichieu-cchc-2026")
    before = sha256(office)
    refused = chiso("--db", office, "restore", other)
    assert refused.code == 3 and "--force" in refused.err and "Nguyễn Bỉnh Khiêm" in refused.err
    assert sha256(office) == before
    ok(chiso, "--db", office, "restore", other, "--force")
    assert value_of(chiso, office, "BM1.2.1") is None


@pytest.mark.parametrize("damage", ["junk", "truncated", "history-edited", "not-chiso"])
def test_restore_refuses_a_bad_backup(chiso: Chiso, office: Path, tmp_path: Path,
                                      damage: str) -> None:
    bad = tmp_path / "bad.db"
    ok(chiso, "--db", office, "backup", "--out", bad)
    if damage == "junk":
        bad.write_bytes(os.urandom(50_000))
    elif damage == "truncated":
        bad.write_bytes(bad.read_bytes()[:20_000])
    elif damage == "history-edited":
        conn = sqlite3.connect(bad)
        conn.execute("UPDATE value_history SET new_value = '99' WHERE id = 1")
        conn.commit()
        conn.close()
    else:
        bad.unlink()
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    before = sha256(office)
    result = chiso("--db", office, "restore", bad)
    assert result.code == 3, result.err
    assert "Traceback" not in result.err and str(bad) in result.err
    assert sha256(office) == before
    assert not list(tmp_path.glob(".office.db.restore"))


def test_a_damaged_database_points_at_the_latest_good_backup(chiso: Chiso, office: Path,
                                                             tmp_path: Path) -> None:
    for old in (tmp_path / "backups").glob("*.db"):
        old.unlink()
    open_for_use(office).close()  # today's backup, now with the values
    good = backup.latest_good_backup(office)
    assert good is not None and good.name.startswith("office-daily-")
    office.write_bytes(b"this is not a database any more" * 1000)
    for suffix in ("-wal", "-shm"):
        office.with_name(office.name + suffix).unlink(missing_ok=True)
    result = chiso("--db", office, "values", "list", "--period", "2026S1")
    assert result.code == 3 and "Traceback" not in result.err
    assert str(good) in result.err and "chiso restore" in result.err
    ok(chiso, "--db", office, "restore", good)
    assert value_of(chiso, office, "BM1.2.1") == "52"
    assert list((tmp_path / "backups").glob("office-before-restore-*.db")), \
        "even the damaged file is kept"


def test_a_second_window_is_refused_with_plain_words(tmp_path: Path) -> None:
    db = tmp_path / "chiso.db"
    lock = acquire_instance_lock(db)
    with pytest.raises(DatabaseInUse) as info:
        acquire_instance_lock(db)
    message = str(info.value)
    assert str(db) in message and "Chỉ số Desktop" in message
    # another process is refused too
    code = subprocess.run([sys.executable, "-c",
                           "import sys; from chiso_desktop.fileio.instance_lock import *\n"
                           "try: acquire_instance_lock(sys.argv[1])\n"
                           "except DatabaseInUse: sys.exit(7)", str(db)]).returncode
    assert code == 7
    lock.release()
    with acquire_instance_lock(db) as again:
        assert again.held


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    db = tmp_path / "chiso.db"
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from chiso_desktop.fileio.instance_lock import *\n"
                               "l = acquire_instance_lock(sys.argv[1]); print('held', flush=True);"
                               " time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(DatabaseInUse):
        acquire_instance_lock(db)
    holder.kill()
    holder.wait()
    acquire_instance_lock(db).release()


def test_restore_is_refused_while_a_window_has_the_database(chiso: Chiso, office: Path,
                                                            tmp_path: Path) -> None:
    ok(chiso, "--db", office, "backup", "--out", tmp_path / "b.db")
    with acquire_instance_lock(office):
        result = chiso("--db", office, "restore", tmp_path / "b.db")
    assert result.code == 3 and str(office) in result.err


def test_a_writer_held_too_long_gives_busy_try_again(chiso: Chiso, office: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from chiso_desktop.store import db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(office, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = chiso("--db", office, "values", "set", "--period", "2026S1", "BM1.2.1=70")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.code == 3, result.err
    assert "Traceback" not in result.err and str(office) in result.err
    assert value_of(chiso, office, "BM1.2.1") == "52"


def test_two_processes_writing_at_once_never_corrupt(office: Path) -> None:
    script = (
        "import sys\n"
        "from chiso_desktop.cli.main import main\n"
        "codes = sys.argv[3:]\n"
        "done = busy = 0\n"
        "for n in range(15):\n"
        "    rc = main(['--db', sys.argv[1], 'values', 'set', '--period', '2026S1',\n"
        "               *[f'{c}={sys.argv[2]}{n}' for c in codes]])\n"
        "    done += rc == 0; busy += rc == 3\n"
        "print(done, busy)\n")
    env = dict(os.environ, CHISO_LANG="en")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(office), str(k), *codes],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for k, codes in ((1, ["BM1.2.1", "BM1.2.2"]), (2, ["BM1.4.1", "BM1.4.2"]))]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        done, busy = map(int, out.split()[-2:])
        assert done + busy == 15, "each save succeeded or said the database was busy"
        assert "Traceback" not in err
        assert busy == 0 or "busy" in err
    assert integrity(office) == "ok"
    db = open_database(office)
    from chiso_desktop.exchange.anchors import audit_findings

    with db.session() as s:
        assert audit_findings(s) == []
    db.close()


def _edit(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("sql", "table", "row"), [
    ("UPDATE value_history SET new_value = '53' WHERE id = 1", "value_history", 1),
    ("DELETE FROM value_history WHERE id = 2", "value_history", 3),
    ("DELETE FROM value_history WHERE id = 3", "data_values", 2),
    ("UPDATE data_values SET value = '1' WHERE id = 1", "data_values", 1),
    ("UPDATE audit_log SET actor = 'someone' WHERE id = 1", "audit_log", 1),
])
def test_audit_verify_names_the_row_changed_outside_the_app(
        chiso: Chiso, office: Path, sql: str, table: str, row: int) -> None:
    ok(chiso, "--db", office, "values", "set", "--period", "2026S1", "BM1.2.2=28")
    clean = ok(chiso, "--db", office, "audit", "verify")
    assert "3" in clean.out
    _edit(office, sql)
    result = chiso("--db", office, "audit", "verify", "--json")
    assert result.code == 3
    first = result.json()["findings"][0]
    assert (first["table"], first["row_id"]) == (table, row)
    text = chiso("--db", office, "audit", "verify")
    assert text.code == 3 and f"{table}" in text.err and str(row) in text.err


def test_verify_backup_reports_what_it_holds(office: Path, tmp_path: Path) -> None:
    copy = backup.backup_to(office, tmp_path / "x.db")
    info = backup.verify_backup(copy)
    assert (info.org_unit, info.values, info.history_rows) == (UNIT, 2, 2)
    with pytest.raises(Refused):
        backup.verify_backup(tmp_path / "missing.db")
