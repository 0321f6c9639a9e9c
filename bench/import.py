"""Benchmark: import + verify + merge of 1,000 bundles × 300 values at the Office.

Prints values/second for ``exchange.importer.import_files`` (read, verify,
replay check, merge with history, group commit of ``--group`` bundles) next to
a bare insert of the same rows into a table of the same schema, measured in
the same run with the same commit pattern: sqlite3 executemany with the app's
pragmas (``--backend sqlite``), or COPY through psycopg 3 on the same server
(``--backend postgresql``: a scratch server started for the run, fsync on, or
``--url`` for an existing empty database). The brief's target is
≥100,000 values/s and within 3× of the bare insert.

    python bench/import.py [--backend sqlite|postgresql] [--bundles 1000] [--values 300]
                           [--group 50] [--dir DIR] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.importer import IMPORTED, import_files
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import BUSY_TIMEOUT_MS, open_database

SENDERS = 4
PASSPHRASE = "bench passphrase"


def synthetic_catalog(n_fields: int) -> Catalog:
    """``n_fields`` fields for each sender, its indicators assigned to it (D1, D2, …).

    A value of an indicator no one is assigned belongs to the Office and is held
    for review when a department sends it, so each sender reports its own block.
    """
    per = 10
    blocks = (n_fields + per - 1) // per
    indicators = tuple(
        Indicator(code=f"B.{i + 1}", name=f"Chỉ số {i + 1}", group="B",
                  frequencies=(Frequency.DAY,), department=f"D{i // blocks + 1}",
                  fields=tuple(Field(code=f"B.{i + 1}.{j + 1}", label=f"Mục {j + 1}",
                                     type=FieldType.DECIMAL)
                               for j in range(min(per, n_fields - (i % blocks) * per))))
        for i in range(blocks * SENDERS))
    return Catalog(id="bench-300", version="1", kind=CatalogKind.INDICATOR_SET,
                   title="Bench", document="bench", indicators=indicators)


def setup_office(path: Path | str, catalog: Catalog, senders: list[InstallationKeys]) -> str:
    db = open_database(path)
    try:
        with db.session() as s, s.begin():
            install_catalog(s, catalog)
            init_installation(s, InitRequest(role="office", unit="Phường Bench",
                                             catalogs=(catalog.id,)))
            fp = identity.ensure_keys(s, PASSPHRASE)
            for n, keys in enumerate(senders, start=1):
                card = export_public_key(keys, org_unit="Phường Bench", department=f"D{n}",
                                         role="department")
                identity.trust_card(s, read_public_key_file(card), f"D{n}")
        return fp
    finally:
        db.close()


def make_bundles(folder: Path, catalog: Catalog, senders: list[InstallationKeys], office: str,
                 n_bundles: int, n_values: int) -> list[tuple[Path, list[ValueRecord]]]:
    ref = CatalogRef(catalog.id, catalog.version, content_hash(catalog))
    start = date(2026, 1, 1)
    out = []
    for i in range(n_bundles):
        sender = i % len(senders)
        codes = [f.code for ind in catalog.indicators if ind.department == f"D{sender + 1}"
                 for f in ind.fields][:n_values]
        period = (start + timedelta(days=i)).strftime("%Y%m%d")
        records = [ValueRecord(code, period, "value", str(1000 + (i * 7 + k) % 9000) + ".5",
                               "", 1, f"Cán bộ {sender + 1}") for k, code in enumerate(codes)]
        fields = ManifestFields(kind="bundle", org_unit="Phường Bench",
                                department=f"D{sender + 1}", role="department",
                                recipient_fingerprint=office, catalog=ref, periods=(period,),
                                sequence=i // len(senders) + 1)
        data = build_bundle(fields, {"values.json": values_to_json(records)},
                            senders[sender].signing).data
        path = folder / f"b{i:05d}.chiso"
        path.write_bytes(data)
        out.append((path, records))
    return out


def bare_insert(path: Path, schema_from: Path, bundles: list[tuple[Path, list[ValueRecord]]],
                *, per_bundle: bool, group: int = 1) -> tuple[float, float]:
    """Wall and CPU seconds to insert the same rows with sqlite3 alone.

    The fair floor for the import: the ``data_values`` table with its own DDL
    (same columns, unique constraint and indexes), WAL and synchronous=FULL as
    the app sets them, executemany, and either a commit every ``group`` bundles (the
    import's pattern) or one for everything.
    """
    src = sqlite3.connect(schema_from)
    ddl = [r[0] for r in src.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'data_values' AND sql IS NOT NULL")]
    src.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous=FULL")
    for statement in ddl:
        conn.execute(statement)
    sql = ("INSERT INTO data_values (org_unit_id, catalog_id, field_code, period, state, value, "
           "note, revision, department_code, updated_at, updated_by, source, bundle_id, "
           "sender_fingerprint, locally_changed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    now = "2026-01-01 00:00:00.000000"
    t0, c0 = time.perf_counter(), time.process_time()
    if not per_bundle:
        conn.execute("BEGIN IMMEDIATE")
    for n, (_path, records) in enumerate(bundles):
        if per_bundle and n % group == 0:
            conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, [(1, "bench-300", r.code, r.period, r.state, r.value, r.note,
                                r.revision, "D1", now, r.officer, "bundle", str(n), "f" * 64, 0)
                               for r in records])
        if per_bundle and (n + 1) % group == 0:
            conn.execute("COMMIT")
    if not per_bundle or len(bundles) % group:
        conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    conn.close()
    return elapsed, cpu


def bare_copy(url: str, bundles: list[tuple[Path, list[ValueRecord]]], *, group: int
              ) -> tuple[float, float]:
    """Wall and CPU seconds to COPY the same rows into ``data_values`` of a fresh schema.

    The PostgreSQL floor: the app's own table (migrated, same constraints and
    indexes), COPY through psycopg 3, a commit every ``group`` bundles.
    """
    import psycopg

    db = open_database(url)  # the schema, migrated
    db.close()
    cols = ("org_unit_id, catalog_id, field_code, period, state, value, note, revision, "
            "department_code, updated_at, updated_by, source, bundle_id, sender_fingerprint, "
            "locally_changed")
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        conn.execute("INSERT INTO org_units (id, code, name, parent_body, place, kind) "
                     "VALUES (1, 'x', 'x', '', '', 'ward')")
        conn.commit()
        now = "2026-01-01 00:00:00.000000"
        t0, c0 = time.perf_counter(), time.process_time()
        with conn.cursor() as cur:
            for n, (_path, records) in enumerate(bundles, start=1):
                with cur.copy(f"COPY data_values ({cols}) FROM STDIN") as copy:
                    for r in records:
                        copy.write_row((1, "bench-300", r.code, r.period, r.state, r.value,
                                        r.note, r.revision, "D1", now, r.officer, "bundle",
                                        str(n), "f" * 64, False))
                if n % group == 0:
                    conn.commit()
            conn.commit()
        return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", default=None, help="an empty PostgreSQL database to use")
    parser.add_argument("--bundles", type=int, default=1000)
    parser.add_argument("--values", type=int, default=300)
    parser.add_argument("--group", type=int, default=50, help="bundles per commit")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        bare_url = ""
        if args.backend == "postgresql":
            if args.url:
                office_db: Path | str = args.url
            else:
                from chiso_desktop.store import scratch_postgres

                server = scratch_postgres.start(fsync=True)
                office_db, bare_url = server.create_database("office"), server.create_database(
                    "bare")
        else:
            office_db = root / "office.db"
        try:
            _run(args, root, office_db, bare_url)
        finally:
            if server is not None:
                server.stop()


def _run(args: argparse.Namespace, root: Path, office_db: Path | str, bare_url: str) -> None:
    catalog = synthetic_catalog(args.values)
    senders = [InstallationKeys.generate() for _ in range(SENDERS)]
    office_fp = setup_office(office_db, catalog, senders)
    (root / "in").mkdir()
    bundles = make_bundles(root / "in", catalog, senders, office_fp, args.bundles, args.values)
    total = args.bundles * args.values
    print(f"{args.backend}: {args.bundles} bundles × {args.values} values = {total:,} values, "
          f"{SENDERS} senders, {sum(p.stat().st_size for p, _ in bundles) / 1e6:.1f} MB, "
          f"a commit every {args.group} bundles")

    db = open_database(office_db)
    t0, c0 = time.perf_counter(), time.process_time()
    results = import_files(db, [p for p, _ in bundles], handlers=import_handlers(),
                           actor="bench", group=args.group)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    db.close()
    bad = [r for r in results if r.status != IMPORTED]
    assert not bad, bad[:3]
    assert sum(r.counts["new"] for r in results) == total

    if args.backend == "postgresql":
        if not bare_url:
            print("(--url given: no second database for the bare COPY; import figures only)")
            print(f"import + verify + merge: {elapsed:.2f} s, {total / elapsed:,.0f} values/s")
            return
        bare, bare_cpu = bare_copy(bare_url, bundles, group=args.group)
        floors = [(f"bare COPY, {args.group}/commit", bare, bare_cpu)]
    else:
        bare, bare_cpu = bare_insert(root / "bare1.db", Path(office_db), bundles,
                                     per_bundle=True, group=args.group)
        once, once_cpu = bare_insert(root / "bare2.db", Path(office_db), bundles,
                                     per_bundle=False)
        floors = [(f"bare insert, {args.group}/commit", bare, bare_cpu),
                  ("bare insert, one commit", once, once_cpu)]
    rate, cpu_rate = total / elapsed, total / cpu
    print("                              wall s      values/s   CPU s  values/s (CPU)")
    for label, wall, proc in (("import + verify + merge", elapsed, cpu), *floors):
        print(f"{label:26s} {wall:8.2f} {total / wall:13,.0f} {proc:7.2f} "
              f"{total / proc:13,.0f}")
    print("(import: values and sealed history rows; CPU is this process only — on "
          "PostgreSQL the server's work is in wall time)")
    for label, wall, proc in floors:
        print(f"import / {label}: {elapsed / wall:.1f}× wall, {cpu / proc:.1f}× CPU")

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print(f"≥100,000 values/s: wall {verdict(rate >= 100_000)}, CPU "
          f"{verdict(cpu_rate >= 100_000)}; ≤3× the bare figure with the same commit "
          f"pattern: wall {verdict(elapsed <= 3 * bare)}")


if __name__ == "__main__":
    main()
