"""Kill the process at any point of a save, an import or a migration; nothing acknowledged is lost.

Each workload runs in a child process that prints ``ACK …`` only after the
commit it acknowledges has returned. The parent kills it with SIGKILL at a
random moment, then checks from outside: ``PRAGMA integrity_check`` is ok,
``open_database`` works, the hash chains and current values agree, every
acknowledged value is present, and an import is all of a bundle or none.

The short version (default) makes about 20 kills; ``CHISO_LONG_CRASH=1``
runs the long one (over 200 kills) and prints the figures for
docs/reliability.md.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.errors import Refused
from chiso_desktop.exchange.anchors import audit_findings
from chiso_desktop.exchange.importer import ALREADY_IMPORTED, IMPORTED, import_files
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import (
    current_revision,
    head_revision,
    make_engine,
    open_database,
    upgrade,
)
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.models import DataValue, ValueHistory

from .harness import (
    Ack,
    Ward,
    build_ward,
    copy_db,
    environment,
    integrity,
    kill_at_random,
    numeric_fields,
)

LONG = os.environ.get("CHISO_LONG_CRASH") == "1"
SAVE_KILLS, IMPORT_KILLS, MIGRATION_KILLS, CLI_KILLS = (
    (100, 80, 80, 10) if LONG else (8, 5, 5, 2))
S1 = parse_period("2026S1")
HANDLERS = import_handlers()
BUNDLE_PERIODS = ("2025S1", "2025S2", "2025", "2026S1", "2026")
MIGRATION_ROWS = 20_000
FIGURES: Counter[str] = Counter()

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks (POSIX)"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),  # fork() with threads
    pytest.mark.slow,  # kills and re-checks databases; `.ci/run` and `pytest -m slow` run it
]


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ward]:
    root = tmp_path_factory.mktemp("ward")
    with environment(root):
        yield build_ward(root, BUNDLE_PERIODS)


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if FIGURES:
        print("\ncrash harness figures:", dict(sorted(FIGURES.items())), file=sys.stderr)


def check_consistent(path: Path) -> None:
    """The checks after every kill that do not depend on the workload."""
    assert integrity(path) == "ok"
    db = open_database(path)
    try:
        with db.session() as s:
            assert audit_findings(s) == [], "history and current values agree after the kill"
    finally:
        db.close()


# -- saves -----------------------------------------------------------------------------------


def office_db(root: Path) -> tuple[Path, list[str]]:
    path = root / "saves.db"
    db = open_database(path)
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         plan="nhichieu-202-2026",
                                         catalogs=("nhichieu-cchc-2026",)))
    db.close()
    codes = []
    db = open_database(path)
    for code in numeric_fields(path, "2026S1", ""):
        try:
            with db.session() as s, s.begin():
                set_values(s, S1, [Entry(code, "9999999")], actor="setup", lang="en")
            codes.append(code)
        except Refused:  # fields that refuse a large plain count (percentages) are left out
            continue
    db.close()
    assert len(codes) >= 10
    return path, codes


def saves_workload(path: Path, codes: list[str], first: int, seed: int):
    def work(ack: Ack) -> None:
        rng = random.Random(seed)
        db = open_database(path)
        for n in range(first, first + 10_000):
            chosen = rng.sample(codes, 3)
            with db.session() as s, s.begin():
                set_values(s, S1, [Entry(c, str(n)) for c in chosen], actor="crash", lang="en")
            for c in chosen:
                ack(f"ACK {c} {n}")
    return work


def test_killed_saves_keep_every_acknowledged_value(tmp_path: Path) -> None:
    path, codes = office_db(tmp_path)
    rng = random.Random(20260615)
    acked: dict[tuple[str, str], int] = {}
    for trial in range(SAVE_KILLS):
        first = (trial + 1) * 100_000
        run = kill_at_random(saves_workload(path, codes, first, rng.randrange(1 << 30)),
                             rng.uniform(0.05, 1.5))
        assert not run.stderr, run.stderr
        FIGURES["save kills"] += run.killed
        for line in run.acks:
            _ack, code, value = line.split()
            acked[(code, value)] = int(value)
        FIGURES["saves acknowledged"] += len(run.acks) // 3
        check_consistent(path)
        db = open_database(path)
        with db.session() as s:
            history = s.execute(select(ValueHistory.field_code, ValueHistory.new_value)
                                .where(ValueHistory.period == S1.id)
                                .order_by(ValueHistory.id)).all()
            current = dict(s.execute(select(DataValue.field_code, DataValue.value)
                                     .where(DataValue.period == S1.id)).all())
        db.close()
        seen = set(history)
        missing = [k for k in acked if k not in seen]
        assert not missing, f"acknowledged but lost after kill {trial}: {missing[:5]}"
        # All or nothing: every save wrote its number into exactly three fields.
        per_save = Counter(v for _c, v in history if 100_000 <= int(v) < 9_999_999)
        assert set(per_save.values()) <= {3}, per_save.most_common(3)
        # The current value of each field is its newest change.
        newest = dict(history)  # in id order: the last change of a field wins
        assert {c: current[c] for c in codes} == {c: newest[c] for c in codes}


# -- imports ---------------------------------------------------------------------------------


def imports_workload(office: Path, bundles: list[Path], group: int = 1):
    """Import the bundles ``group`` at a time (one commit each, ``import_files(group=…)``);
    each is acknowledged only once the call that committed it has returned."""
    def work(ack: Ack) -> None:
        db = open_database(office)
        for start in range(0, len(bundles), group):
            results = import_files(db, bundles[start:start + group], handlers=HANDLERS,
                                   actor="crash", group=group)
            for result in results:
                assert result.status in (IMPORTED, ALREADY_IMPORTED), result
                ack(f"ACK {result.bundle_id} {result.status}")
    return work


def bundle_rows(path: Path) -> tuple[dict[str, int], dict[str, int], set[str]]:
    """Per bundle id: data values and history rows carrying it; the recorded imports."""
    db = open_database(path)
    try:
        with db.session() as s:
            values = dict(s.execute(select(DataValue.bundle_id, func.count())
                                    .where(DataValue.bundle_id.is_not(None))
                                    .group_by(DataValue.bundle_id)).all())
            history = dict(s.execute(select(ValueHistory.bundle_id, func.count())
                                     .where(ValueHistory.bundle_id.is_not(None))
                                     .group_by(ValueHistory.bundle_id)).all())
            imported = set(s.execute(select(ImportedBundle.bundle_id)
                                     .where(ImportedBundle.kind == "bundle")).scalars())
        return values, history, imported
    finally:
        db.close()


@pytest.mark.parametrize("group", [1, 3], ids=["one-per-commit", "group-commit"])
def test_killed_imports_are_all_of_a_bundle_or_nothing(ward: Ward, tmp_path: Path,
                                                       group: int) -> None:
    reference = copy_db(ward.office, tmp_path / "reference.db")
    ref = open_database(reference)
    results = import_files(ref, ward.bundles, handlers=HANDLERS, actor="reference")
    ref.close()
    assert [r.status for r in results] == [IMPORTED] * len(ward.bundles)
    full, _hist, _ids = bundle_rows(reference)
    assert len(full) == len(ward.bundles) and min(full.values()) > 20

    start = time.monotonic()
    calibration = kill_at_random(imports_workload(copy_db(ward.office, tmp_path / "cal.db"),
                                                  ward.bundles, group), 120)
    assert calibration.exit_code == 0 and len(calibration.acks) == len(ward.bundles), \
        calibration.stderr
    duration = time.monotonic() - start

    rng = random.Random(7)
    for trial in range(IMPORT_KILLS):
        office = copy_db(ward.office, tmp_path / f"office-{trial}.db")
        run = kill_at_random(imports_workload(office, ward.bundles, group),
                             rng.uniform(0.0, duration * 1.1))
        assert not run.stderr, run.stderr
        FIGURES["import kills"] += run.killed
        FIGURES["bundles acknowledged"] += len(run.acks)
        check_consistent(office)
        values, history, imported = bundle_rows(office)
        for bundle_id, n in full.items():
            if bundle_id in imported:
                assert values.get(bundle_id) == n and history.get(bundle_id) == n
            else:
                assert bundle_id not in values and bundle_id not in history, \
                    f"half an import left after kill {trial}"
        for line in run.acks:
            assert line.split()[1] in imported
        FIGURES["bundles half-applied"] += 0
        # Importing again after the crash completes the work, each bundle exactly once.
        db = open_database(office)
        again = import_files(db, ward.bundles, handlers=HANDLERS, actor="after-crash")
        db.close()
        assert {r.status for r in again} <= {IMPORTED, ALREADY_IMPORTED}
        assert bundle_rows(office)[0] == full
        office.unlink()


# -- migrations ------------------------------------------------------------------------------


def old_database(path: Path) -> Path:
    """A database at revision 0001 holding a ward's worth of values."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO org_units (id, code, name, parent_body, place, kind) "
            "VALUES (1, 'nhi-chieu', 'Phường Nhị Chiểu', '', 'Nhị Chiểu', 'ward')")
        at = datetime(2026, 6, 1).isoformat(sep=" ")
        conn.exec_driver_sql(
            "INSERT INTO data_values (org_unit_id, catalog_id, field_code, period, state, value, "
            "note, revision, department_code, updated_at, updated_by, source, locally_changed) "
            "VALUES (1, 'hp-2081-2026', ?, ?, 'value', ?, '', 1, 'KT', ?, 'Lan', 'local', 0)",
            [(f"F{i % 500}", f"{2000 + i // 6000}{(i // 500) % 12 + 1:02d}", str(i), at)
             for i in range(MIGRATION_ROWS)])
    engine.dispose()
    return path


def migration_workload(path: Path):
    def work(ack: Ack) -> None:
        db = open_database(path)
        db.close()
        ack(f"ACK migrated {head_revision()}")
    return work


def value_sum(path: Path) -> tuple[int, int]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*), sum(CAST(value AS INTEGER)) FROM data_values"
                            ).fetchone()
    finally:
        conn.close()


def test_killed_migrations_leave_the_old_or_the_new_schema(tmp_path: Path) -> None:
    template = old_database(tmp_path / "template.db")
    expected = value_sum(template)
    start = time.monotonic()
    cal = copy_db(template, tmp_path / "cal.db")
    assert kill_at_random(migration_workload(cal), 120).exit_code == 0
    duration = time.monotonic() - start
    rng = random.Random(11)
    revisions: Counter[str] = Counter()
    for trial in range(MIGRATION_KILLS):
        folder = tmp_path / f"m{trial}"
        folder.mkdir()
        path = copy_db(template, folder / "chiso.db")
        run = kill_at_random(migration_workload(path), rng.uniform(0.0, duration * 1.1))
        assert not run.stderr, run.stderr
        FIGURES["migration kills"] += run.killed
        assert integrity(path) == "ok"
        engine = make_engine(f"sqlite:///{path}")
        revision = current_revision(engine)
        engine.dispose()
        revisions[str(revision)] += 1
        assert revision in ("0001", head_revision())
        if run.acks:
            assert revision == head_revision()
        assert value_sum(path) == expected
        for backup in (folder / "backups").glob("*.db"):  # a backup is whole, or not there
            assert integrity(backup) == "ok" and value_sum(backup) == expected
        db = open_database(path)  # the next start finishes the migration
        assert current_revision(db.engine) == head_revision()
        db.close()
        assert value_sum(path) == expected
    FIGURES["migration kills left at 0001"] += revisions["0001"]
    FIGURES["migration kills left at head"] += revisions[head_revision()]


# -- through the real CLI --------------------------------------------------------------------


def test_killed_cli_commands(ward: Ward, tmp_path: Path) -> None:
    """``chiso values set`` and ``chiso import`` as separate processes, killed mid-way."""
    env = dict(os.environ, CHISO_PASSPHRASE="test passphrase", CHISO_USER="Lan", CHISO_LANG="en")
    kt = copy_db(ward.departments["KT"], tmp_path / "kt.db")
    office = copy_db(ward.office, tmp_path / "office.db")
    codes = numeric_fields(kt, "2024S1", "KT")[:5]  # a period not yet exported
    rng = random.Random(3)

    def cli(*argv: object) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "chiso_desktop.cli.main",
                                 *map(str, argv)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    start = time.monotonic()
    proc = cli("--db", kt, "values", "set", "--period", "2024S1", f"{codes[0]}=1")
    assert proc.wait(120) == 0, proc.stderr.read() if proc.stderr else ""
    duration = time.monotonic() - start
    start = time.monotonic()
    proc = cli("--db", copy_db(office, tmp_path / "cal.db"), "import", ward.bundles[0])
    assert proc.wait(120) == 0, proc.stderr.read() if proc.stderr else ""
    import_duration = time.monotonic() - start
    acked: list[tuple[str, str]] = []
    for trial in range(CLI_KILLS):
        value = str(500 + trial)
        proc = cli("--db", kt, "values", "set", "--period", "2024S1",
                   *[f"{c}={value}" for c in codes])
        time.sleep(rng.uniform(duration * 0.3, duration * 1.1))
        proc.kill()
        out, _err = proc.communicate()
        FIGURES["cli save kills"] += proc.returncode == -9
        if "changed" in out:  # printed only after the commit returned
            acked += [(c, value) for c in codes]
        check_consistent(kt)
        db = open_database(kt)
        with db.session() as s:
            rows = set(s.execute(select(ValueHistory.field_code, ValueHistory.new_value)
                                 .where(ValueHistory.period == "2024S1")).all())
            written = {v for c, v in rows if c in codes and v != "1"}  # 1: the timing run
            assert all(k in rows for k in acked)
            # all five fields of one command, or none of them
            for v in written:
                assert sum(1 for c in codes if (c, v) in rows) == len(codes)
        db.close()

        proc = cli("--db", office, "import", ward.bundles[trial % len(ward.bundles)], "--json")
        time.sleep(rng.uniform(import_duration * 0.3, import_duration * 1.1))
        proc.kill()
        proc.communicate()
        FIGURES["cli import kills"] += proc.returncode == -9
        check_consistent(office)
        values, history, imported = bundle_rows(office)
        for bundle_id in set(values) | set(history):
            assert bundle_id in imported and values[bundle_id] == history[bundle_id]
