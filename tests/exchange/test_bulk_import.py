"""The bulk import path: many files per commit, sealed, verifiable, never half applied.

On both backends (SQLite executemany, PostgreSQL COPY): a run of department
bundles committed a few at a time, with a damaged file and a correction in
the middle, leaves every value with its sealed history, ``audit verify``
clean, and a changed row is still caught. No timings are asserted here
(``bench/import.py`` measures them).
"""

from __future__ import annotations

import contextlib
import io
import runpy
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from chiso_desktop.bundle import (
    CatalogRef,
    InstallationKeys,
    ManifestFields,
    ValueRecord,
    build_bundle,
    export_public_key,
    read_public_key_file,
    values_to_json,
)
from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, FieldType, Frequency, Indicator
from chiso_desktop.catalog.serialize import content_hash
from chiso_desktop.entry.ops import write_value
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.anchors import audit_findings
from chiso_desktop.exchange.importer import IMPORTED, REFUSED, import_files
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, ValueHistory
from tests.support.ward import run_sql

ROOT = Path(__file__).resolve().parents[2]
SENDERS = ("D1", "D2")
FIELDS = 12
CATALOG = Catalog(
    id="bulk-test", version="1", kind=CatalogKind.INDICATOR_SET, title="Bulk", document="bulk",
    indicators=tuple(
        Indicator(code=f"B.{d}", name=f"Chỉ số {d}", group="B", frequencies=(Frequency.DAY,),
                  department=dept,
                  fields=tuple(Field(code=f"B.{d}.{j}", label=f"Mục {j}",
                                     type=FieldType.INTEGER if j % 2 else FieldType.DECIMAL)
                               for j in range(1, FIELDS + 1)))
        for d, dept in enumerate(SENDERS, start=1)))
REF = CatalogRef(CATALOG.id, CATALOG.version, content_hash(CATALOG))


def _office(location: str, keys: dict[str, InstallationKeys]) -> str:
    db = open_database(location)
    try:
        with db.session() as s, s.begin():
            install_catalog(s, CATALOG)
            init_installation(s, InitRequest(role="office", unit="Phường Thử",
                                             catalogs=(CATALOG.id,)))
            fp = identity.ensure_keys(s, "bulk passphrase")
            for dept, k in keys.items():
                card = export_public_key(k, org_unit="Phường Thử", department=dept,
                                         role="department")
                identity.trust_card(s, read_public_key_file(card), dept)
        return fp
    finally:
        db.close()


def _bundle(path: Path, keys: InstallationKeys, dept: str, office: str, period: str,
            sequence: int, base: int) -> list[ValueRecord]:
    d = SENDERS.index(dept) + 1
    records = [ValueRecord(f"B.{d}.{j}", period, "value",
                           str(base + j) if j % 2 else f"{base + j}.25", "", 1, f"Cán bộ {dept}")
               for j in range(1, FIELDS + 1)]
    fields = ManifestFields(kind="bundle", org_unit="Phường Thử", department=dept,
                            role="department", recipient_fingerprint=office, catalog=REF,
                            periods=(period,), sequence=sequence)
    path.write_bytes(build_bundle(fields, {"values.json": values_to_json(records)},
                                  keys.signing).data)
    return records


def test_group_commit_is_sealed_verifiable_and_tamper_evident(tmp_path: Path,
                                                              db_location: str) -> None:
    keys = {dept: InstallationKeys.generate() for dept in SENDERS}
    office = _office(db_location, keys)
    files: list[Path] = []
    start = date(2026, 3, 1)
    for i in range(9):
        dept = SENDERS[i % 2]
        period = (start + timedelta(days=i // 2)).strftime("%Y%m%d")
        files.append(tmp_path / f"b{i}.chiso")
        _bundle(files[-1], keys[dept], dept, office, period, i // 2 + 1, 100 * i)
    damaged = bytearray(files[4].read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    files[4].write_bytes(bytes(damaged))
    # A later bundle of D1 for the first period: every value changes (history with old values).
    files.append(tmp_path / "correction.chiso")
    _bundle(files[-1], keys["D1"], "D1", office, start.strftime("%Y%m%d"), 20, 5000)

    db = open_database(db_location)
    try:
        results = import_files(db, files, handlers=import_handlers(), actor="test", group=4)
        statuses = [r.status for r in results]
        assert statuses == [IMPORTED] * 4 + [REFUSED] + [IMPORTED] * 5
        assert results[-1].counts == {"new": 0, "changed": FIELDS, "unchanged": 0,
                                      "conflicts": 0}
        imported = [r for r in results if r.status == IMPORTED]
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(DataValue)) == 8 * FIELDS
            assert s.scalar(select(func.count()).select_from(ValueHistory)) == 9 * FIELDS
            assert s.scalar(select(func.count()).select_from(ValueHistory).where(
                ValueHistory.old_value.is_not(None))) == FIELDS
            newest = s.execute(select(DataValue.value).where(
                DataValue.field_code == "B.1.1",
                DataValue.period == start.strftime("%Y%m%d"))).scalar_one()
            assert newest == "5001"
            assert {r.bundle_id for r in imported} == set(s.scalars(
                select(DataValue.bundle_id).distinct())) | {results[0].bundle_id}
            assert audit_findings(s) == []
        # The bulk writer moved the id sequences past its rows: a value typed afterwards
        # (the ORM's own insert) gets a free id, and the chains stay intact.
        with db.session() as s, s.begin():
            write_value(s, org_unit_id=require_installation(s).org_unit_id,
                        catalog_id=CATALOG.id, code="B.2.1", period="20260401", state="value",
                        value="3", note="", actor="Văn phòng")
        with db.session() as s:
            assert audit_findings(s) == []
    finally:
        db.close()

    # A value changed behind the app's back is found, so is a changed history row.
    run_sql(db_location, "UPDATE data_values SET value = '7' WHERE field_code = 'B.1.3' "
                         "AND period = '20260302'")
    db = open_database(db_location)
    try:
        with db.session() as s:
            assert audit_findings(s) != []
    finally:
        db.close()
    run_sql(db_location, "UPDATE data_values SET value = '403' WHERE field_code = 'B.1.3' "
                         "AND period = '20260302'")
    run_sql(db_location, "UPDATE value_history SET new_value = '1' WHERE id = 30")
    db = open_database(db_location)
    try:
        with db.session() as s:
            findings = audit_findings(s)
            assert findings and any("value_history" in str(f) for f in findings), findings
    finally:
        db.close()


def test_the_bench_prints_both_figures_and_the_ratio(tmp_path: Path) -> None:
    """bench/import.py runs end to end (tiny sizes; the figures themselves are not checked);
    in this process, as ``python bench/import.py ARGS`` would run it."""
    for args in (["--bundles", "6", "--values", "20", "--group", "4"],
                 ["--national", "3"]):
        printed = io.StringIO()
        with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(printed):
            mp.setattr(sys, "argv", ["import.py", "--backend", "sqlite",
                                     "--dir", str(tmp_path), *args])
            runpy.run_path(str(ROOT / "bench" / "import.py"), run_name="__main__")
        out = printed.getvalue()
        assert "the same rows, bare: data_values" in out
        assert "import / bare executemany, 4/commit" in out or \
            "import / bare executemany, 50/commit" in out
        if "--national" in args:
            assert "EXTRAPOLATED" in out


def test_a_file_undone_after_writing_keeps_the_seals_of_the_files_before_it(
        tmp_path: Path, db_location: str) -> None:
    """Seals are written once per commit: a savepoint rolled back after its writes drops only
    its own marks, and the files committed with it are sealed all the same."""
    keys = {dept: InstallationKeys.generate() for dept in SENDERS}
    office = _office(db_location, keys)
    files = []
    for i in range(4):
        files.append(tmp_path / f"b{i}.chiso")
        _bundle(files[-1], keys[SENDERS[i % 2]], SENDERS[i % 2], office, f"2026050{i + 1}",
                i // 2 + 1, 10 * i)
    handlers = import_handlers()
    plain = handlers["bundle"]

    def fails_after_writing(ctx, verified):  # type: ignore[no-untyped-def]
        counts = plain(ctx, verified)
        if verified.manifest.periods == ("20260502",):
            ctx.installation.next_sequence += 1000  # a sealed row changed, then undone
            ctx.session.flush()
            from chiso_desktop.bundle import BundleRefused, Reason

            raise BundleRefused(Reason.VALUES_INVALID, "refused after writing")
        return counts

    handlers["bundle"] = fails_after_writing
    db = open_database(db_location)
    try:
        results = import_files(db, files, handlers=handlers, actor="test", group=10)
        assert [r.status for r in results] == [IMPORTED, REFUSED, IMPORTED, IMPORTED]
        with db.session() as s:
            assert set(s.scalars(select(DataValue.period).distinct())) == {
                "20260501", "20260503", "20260504"}
            assert require_installation(s).next_sequence < 1000
            assert audit_findings(s) == []
    finally:
        db.close()


def test_a_locked_month_holds_its_days_values_for_review_in_a_bulk_run(
        tmp_path: Path, db_location: str) -> None:
    """The merge's one read (locks, current values, ids) sees a locked month covering a day."""
    from chiso_desktop.store.exchange_models import Conflict, PeriodLock

    keys = {dept: InstallationKeys.generate() for dept in SENDERS}
    office = _office(db_location, keys)
    db = open_database(db_location)
    try:
        with db.session() as s, s.begin():
            s.add(PeriodLock(org_unit_id=require_installation(s).org_unit_id, period="202606",
                             status="locked", approver="Chủ tịch"))
        files = [tmp_path / "june.chiso", tmp_path / "july.chiso"]
        _bundle(files[0], keys["D1"], "D1", office, "20260610", 1, 0)
        _bundle(files[1], keys["D1"], "D1", office, "20260710", 2, 0)
        results = import_files(db, files, handlers=import_handlers(), actor="test", group=5)
        assert [(r.counts["new"], r.counts["conflicts"]) for r in results] == [
            (0, FIELDS), (FIELDS, 0)]
        with db.session() as s:
            assert set(s.scalars(select(Conflict.kind))) == {"locked"}
            assert set(s.scalars(select(DataValue.period))) == {"20260710"}
            assert audit_findings(s) == []
    finally:
        db.close()


def test_breakdown_cells_go_through_the_bulk_writer_sealed(
        chiso: Any, tmp_path: Path, db_location: str, monkeypatch: Any) -> None:
    """A breakdown cell's history row hashes its combination too, on both backends."""
    monkeypatch.setenv("CHISO_PASSPHRASE", "a long test passphrase")
    office, kt = db_location, tmp_path / "kt.db"

    def ok(*args: object) -> None:
        result = chiso(*args)
        assert result.code == 0, (result.out, result.err)

    ok("--db", office, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
       "laocai-2026", "--department", "VP")
    ok("--db", office, "setup-package", "--department", "KT", "--out", tmp_path / "kt.setup")
    ok("--db", kt, "init", "--from-setup", tmp_path / "kt.setup", "--yes")
    ok("--db", kt, "keys", "export", "--out", tmp_path / "kt.key")
    ok("--db", office, "keys", "trust", tmp_path / "kt.key", "--department", "KT", "--yes")
    ok("--db", kt, "values", "set", "--period", "2026Q2", "B.4.1=1.250,5",
       "B.4.1[apatit]=1.000", "B.4.1[vang]=0,5", "B.4.1[da]=250", "B.4.1[khac]=0")
    ok("--db", kt, "export", "--period", "2026Q2", "--out", tmp_path / "kt.chiso")
    ok("--db", office, "import", tmp_path / "kt.chiso")
    ok("--db", kt, "values", "set", "--period", "2026Q2", "B.4.1=1.251,5", "B.4.1[da]=251",
       "--reason", "Sửa số liệu")
    ok("--db", kt, "export", "--period", "2026Q2", "--out", tmp_path / "kt-2.chiso")
    ok("--db", office, "import", tmp_path / "kt-2.chiso")
    assert sorted(run_sql(office, "SELECT combo, value FROM data_values "
                                  "WHERE field_code = 'B.4.1'")) == [
        ("apatit", "1000"), ("da", "251"), ("default", "1251.5"), ("khac", "0"),
        ("vang", "0.5")]
    assert sorted(run_sql(office, "SELECT combo, old_value FROM value_history "
                                  "WHERE field_code = 'B.4.1' AND old_value IS NOT NULL")) == [
        ("da", "250"), ("default", "1250.5")]
    db = open_database(office)
    try:
        with db.session() as s:
            assert audit_findings(s) == []
    finally:
        db.close()


@pytest.mark.postgresql
def test_copy_text_reads_back_as_psycopgs_own_rows(pg_url: str) -> None:
    """The PostgreSQL writer formats its COPY rows itself (``merge.copy_text``): tabs,
    newlines, backslashes, a literal ``\\N``, NULLs, accents and ints read back exactly as
    psycopg's ``write_row`` stores them."""
    import psycopg

    from chiso_desktop.exchange.merge import copy_text

    rows = [(1, "a\tb", None, "x\ny\r", "c:\\path\\N", "Đồng Hà", True),
            (2, "plain", "v", "\\.", "", "", False),
            (3, "plain", None, "z", "\\N", "ä", True)]
    with psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        for table in ("ours", "theirs"):
            conn.execute(f"CREATE TEMP TABLE {table} (id int, a text, b text, c text, d text, "
                         "e varchar(20), f boolean)")
        with conn.cursor() as cur:
            with cur.copy("COPY ours FROM STDIN") as copy:
                copy.write(copy_text([row[:-1] for row in rows], "\tt"))
            with cur.copy("COPY theirs FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row[:-1], True))
            ours = cur.execute("SELECT * FROM ours ORDER BY id").fetchall()
            theirs = cur.execute("SELECT * FROM theirs ORDER BY id").fetchall()
    assert ours == theirs == [(*row[:-1], True) for row in rows]
    assert copy_text([(1, None, False)]) == "1\t\\N\tf\n"
    assert copy_text([]) == ""


def test_received_anchors_are_kept_once_and_a_rewound_one_is_recorded(db_location: str
                                                                      ) -> None:
    """``receive_anchor`` (on PostgreSQL one statement for the lookup and the insert): a
    sender's signed heads are kept once per number; the same number signed again with
    other heads is recorded in the audit log, naming the bundle that brought the first."""
    from types import SimpleNamespace

    from chiso_desktop.bundle.canonical import canonical_json, pretty_json
    from chiso_desktop.bundle.keys import fingerprint
    from chiso_desktop.exchange.anchors import (
        ANCHOR_ENTRY,
        ANCHOR_FORMAT,
        receive_anchor,
        sign_with,
    )
    from chiso_desktop.store.chain import CHAINS
    from chiso_desktop.store.exchange_models import PeerAnchor
    from chiso_desktop.store.models import AuditEntry

    keys = InstallationKeys.generate()
    public = keys.signing.public_key().public_bytes_raw()

    def received(number: int, head: str, bundle_id: str) -> Any:
        statement = canonical_json({
            "format": ANCHOR_FORMAT, "format_version": 1, "number": number,
            "kind": "finalize", "created_at": "2026-11-05T09:00:00", "org_unit": "Xã Đông Hà",
            "department": "VP", "role": "office", "key_fingerprint": fingerprint(keys.signing),
            "chains": {name: {"count": 2, "last_id": 2, "head": head} for name in CHAINS},
            "previous": ""}).decode("utf-8")
        anchor = pretty_json({"statement": statement,
                              "signature": sign_with(keys.signing, statement)})
        sender = SimpleNamespace(public_key=public, key_fingerprint=fingerprint(keys.signing),
                                 department="VP", org_unit="Xã Đông Hà")
        return SimpleNamespace(payloads={ANCHOR_ENTRY: anchor}, manifest=SimpleNamespace(
            sender=sender, bundle_id=bundle_id))

    db = open_database(db_location)
    try:
        with db.session() as s:
            receive_anchor(s, received(1, "ab" * 32, "first"))
            receive_anchor(s, received(1, "ab" * 32, "again"))  # the same statement: kept once
            receive_anchor(s, received(1, "cd" * 32, "rewound"))
            receive_anchor(s, received(2, "ef" * 32, "next"))
            s.commit()
        with db.session() as s:
            assert s.execute(select(PeerAnchor.number, PeerAnchor.bundle_id)
                             .order_by(PeerAnchor.id)).all() == [(1, "first"), (2, "next")]
            details = s.execute(select(AuditEntry.detail).where(
                AuditEntry.action == "peer-anchor-equivocation")).scalars().all()
            assert len(details) == 1
            assert '"earlier": "first"' in details[0] or '"earlier":"first"' in details[0]
            assert '"bundle_id": "rewound"' in details[0] or '"bundle_id":"rewound"' in details[0]
    finally:
        db.close()
