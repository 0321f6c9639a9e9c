"""Benchmark: import + verify + merge at the Office (or the city), against a bare insert.

Prints values/second for ``exchange.importer.import_files`` (read, verify,
replay check, merge with sealed history, group commit of ``--group`` files)
and, measured in the same run, a bare insert of **the same rows into the same
tables**: every row the import added (values, history, import records, audit
and seal rows), read back from the imported database and written into a copy
of the database as it was before the import (same schema, same indexes, same
constraints, the app's pragmas) by the plainest means, with the same number
of commits:

- ``--backend sqlite``: sqlite3 ``executemany``, one per table and commit
  (and once more in a single transaction);
- ``--backend postgresql``: psycopg 3 ``COPY``, one per table and commit, into a
  copy of the database made with ``CREATE DATABASE … TEMPLATE`` (a scratch
  server started for the run, fsync on; ``--url`` for an existing empty
  database, without the bare figure).

Two workloads:

- default: department bundles at an Office, ``--bundles`` × ``--values``
  (1,000 × 300), four senders;
- ``--national [N]``: the city path, ``N`` communes (3,321 by default, the
  country) each enrolled with its own key and sending one consolidated bundle
  of 170 monthly values of the Lào Cai set for one month, with its consolidation
  record and its signed chain heads (``anchor.json``), as a ward's finalize writes it. A smaller ``N`` is a
  scaled run and prints the extrapolation to 3,321 as such.

The brief's targets: ≥100,000 values/s, within 3× of the bare figure, and a
national month within 60 s on PostgreSQL. No test asserts a timing.

    python bench/import.py [--backend sqlite|postgresql] [--bundles 1000] [--values 300]
                           [--group 50] [--national [N] [--enroll | --enroll-only]]
                           [--dir DIR] [--url postgresql://…]

``--enroll`` enrolls the national run's cards through ``enroll_ward`` (one
transaction per card, as at the city's desk) and prints how long it took and
what a card cost at the start and at the end; ``--enroll-only`` stops there.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

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
from chiso_desktop.bundle.canonical import canonical_json, pretty_json
from chiso_desktop.bundle.keys import fingerprint
from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import (
    Catalog,
    CatalogKind,
    Field,
    FieldType,
    Frequency,
    Indicator,
)
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.catalog.serialize import content_hash
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.anchors import ANCHOR_ENTRY, ANCHOR_FORMAT, sign_with
from chiso_desktop.exchange.importer import IMPORTED, import_files
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.chain import CHAINS
from chiso_desktop.store.db import BUSY_TIMEOUT_MS, open_database
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.models import OrgUnit
from chiso_desktop.values.door import check_value

SENDERS = 4
PASSPHRASE = "bench passphrase"
NATIONAL_COMMUNES = 3321
NATIONAL_VALUES = 170
NATIONAL_SET = "laocai-2026"
NATIONAL_MONTH = "202610"

Bundles = list[tuple[Path, list[ValueRecord]]]


# -- the Office workload ------------------------------------------------------------------


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
                 n_bundles: int, n_values: int) -> Bundles:
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


# -- the national workload: communes' consolidated bundles at a city ------------------------


def national_fields(catalog: Catalog, period: str, n_values: int
                    ) -> list[tuple[Field, Indicator, str]]:
    """The first ``n_values`` monthly entered fields, each with a value the door accepts."""
    out = []
    for ind in catalog.indicators:
        if Frequency.MONTH not in ind.frequencies:
            continue
        for f in ind.fields:
            if f.computed or f.heading:
                continue
            candidates = [c.code for c in f.choices] if FieldType(f.type) is FieldType.CHOICE \
                else ["7", "42.5", "1", "0", "text"]
            good = next((v for v in candidates
                         if check_value(f, ind, f.code, period, "value", v) is None), None)
            if good is not None:
                out.append((f, ind, good))
    if len(out) < n_values:
        raise SystemExit(f"{catalog.id} has only {len(out)} monthly fields, not {n_values}")
    return out[:n_values]


def setup_city(location: Path | str, communes: int, *, enroll: bool = False
               ) -> tuple[str, list[tuple[InstallationKeys, str, str]]]:
    """A city installation (the Lào Cai set, no plan) with ``communes`` enrolled wards.

    Each commune gets its own key pair. By default its key is enrolled the way
    ``office.consolidated.enroll_ward`` stores it (one org unit, one trusted
    key), written directly in one transaction. With ``enroll`` every card goes
    through ``enroll_ward`` itself, one transaction per card as at the city's
    desk (the code and name clash checks, the audit row), and the time is printed.
    """
    db = open_database(location)
    wards = []
    try:
        with db.session() as s, s.begin():
            init_installation(s, InitRequest(role="city", unit="Bộ Nội vụ (thử)",
                                             catalogs=(NATIONAL_SET,), unit_code="00"))
            fp = identity.ensure_keys(s, PASSPHRASE)
            now = datetime.now()
            cards = []
            for i in range(1, communes + 1):
                keys, name, code = InstallationKeys.generate(), f"Xã số {i}", f"{10000 + i}"
                data = export_public_key(keys, org_unit=name, department="VP", role="office",
                                         org_unit_code=code)
                wards.append((keys, name, code))
                if enroll:
                    cards.append(data)
                    continue
                card = read_public_key_file(data)
                unit = OrgUnit(code=code, admin_code=code, name=name, kind="ward")
                s.add(unit)
                s.flush()
                s.add(TrustedKeyRow(
                    role="office", org_unit=name, department_code="VP",
                    fingerprint=card.fingerprint, public_key=identity.b64(card.public_key),
                    sealing_key=identity.b64(card.sealing_public_key), enrolled_at=now,
                    org_unit_id=unit.id))
        if enroll:
            _enroll_all(db, cards)
        return fp, wards
    finally:
        db.close()


def _enroll_all(db: Any, cards: list[bytes]) -> None:
    """Every card through ``enroll_ward``, one transaction each; the time of the first and
    the last 10 % of the cards shows whether a card costs more as the wards grow."""
    from chiso_desktop.office.consolidated import enroll_ward

    times = []
    t0, c0 = time.perf_counter(), time.process_time()
    for data in cards:
        start = time.perf_counter()
        with db.session() as s, s.begin():
            enroll_ward(s, data, "bench")
        times.append(time.perf_counter() - start)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    tenth = max(1, len(times) // 10)
    print(f"enrolled {len(cards):,} ward cards through enroll_ward (one transaction each): "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU; per card: first {tenth:,} "
          f"{1000 * sum(times[:tenth]) / tenth:.1f} ms, last {tenth:,} "
          f"{1000 * sum(times[-tenth:]) / tenth:.1f} ms")


def make_consolidated(folder: Path, city: str, wards: list[tuple[InstallationKeys, str, str]],
                      n_values: int) -> Bundles:
    catalog = builtin_catalogs()[NATIONAL_SET]
    ref = CatalogRef(catalog.id, catalog.version, content_hash(catalog))
    fields = national_fields(catalog, NATIONAL_MONTH, n_values)
    out = []
    for i, (keys, name, code) in enumerate(wards):
        records = [ValueRecord(f.code, NATIONAL_MONTH, "value", value, "", 1, "Văn phòng")
                   for f, _ind, value in fields]
        meta = {"unit": name, "unit_code": code, "base_set": catalog.id,
                "period": NATIONAL_MONTH, "revision": 1, "approver": "Nguyễn Văn An",
                "position": "Chủ tịch UBND", "approved_on": "2026-11-05T09:00:00",
                "comment": ""}
        manifest = ManifestFields(kind="bundle", org_unit=name, department="VP", role="office",
                                  recipient_fingerprint=city, catalog=ref,
                                  periods=(NATIONAL_MONTH,), sequence=1,
                                  counts={"values": len(records), "revision": 1})
        data = build_bundle(manifest, {"values.json": values_to_json(records),
                                       "consolidation.json": canonical_json(meta),
                                       ANCHOR_ENTRY: _anchor(keys, name)},
                            keys.signing).data
        path = folder / f"w{i:05d}.chiso"
        path.write_bytes(data)
        out.append((path, records))
    return out


def _anchor(keys: InstallationKeys, unit: str) -> bytes:
    """``anchor.json`` as a ward's finalize signs it (``exchange.anchors.make_anchor``): its
    chain heads, signed with its key. The city verifies and keeps it, as for a real ward."""
    statement = {
        "format": ANCHOR_FORMAT, "format_version": 1, "number": 1, "kind": "finalize",
        "created_at": "2026-11-05T09:00:00", "org_unit": unit, "department": "VP",
        "role": "office", "key_fingerprint": fingerprint(keys.signing),
        "chains": {name: {"count": 200, "last_id": 200, "head": "ab" * 32}
                   for name in CHAINS},
        "previous": ""}
    text = canonical_json(statement).decode("utf-8")
    return pretty_json({"statement": text, "signature": sign_with(keys.signing, text)})


# -- the rows an import wrote, and the bare insert of the same rows ------------------------


@dataclass
class Store:
    """The database under test, and how to reach the same rows by hand."""

    location: Path | str
    columns: Callable[[], dict[str, list[str]]]
    query: Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


def _sqlite_store(path: Path) -> Store:
    def columns() -> dict[str, list[str]]:
        conn = sqlite3.connect(path)
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
            return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
        finally:
            conn.close()

    def query(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(path)
        try:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            conn.close()

    return Store(path, columns, query)


def _pg_store(url: str) -> Store:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")

    def columns() -> dict[str, list[str]]:
        with psycopg.connect(plain) as conn:
            rows = conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name != 'alembic_version' "
                "ORDER BY table_name, ordinal_position").fetchall()
        out: dict[str, list[str]] = {}
        for table, column in rows:
            out.setdefault(table, []).append(column)
        return out

    def query(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with psycopg.connect(plain) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    return Store(url, columns, query)


def id_marks(store: Store) -> dict[str, int]:
    """The largest id of every table with one (what was there before the import)."""
    return {t: store.query(f"SELECT coalesce(max(id), 0) FROM {t}", ())[0][0]
            for t, cols in store.columns().items() if "id" in cols}


FK_FIRST = ("org_units", "data_values", "value_history")


def new_rows(store: Store, before: dict[str, int]) -> dict[str, tuple[list[str],
                                                                      list[tuple[Any, ...]]]]:
    """Every row the import added, per table, in id order, with its columns."""
    out = {}
    columns = store.columns()
    for table in sorted(before, key=lambda t: (FK_FIRST.index(t) if t in FK_FIRST else 9, t)):
        cols = columns[table]
        rows = store.query(f"SELECT {', '.join(cols)} FROM {table} WHERE id > %s ORDER BY id",
                           (before[table],))
        if rows:
            out[table] = (cols, rows)
    return out


def chunks(rows_by_table: dict[str, tuple[list[str], list[tuple[Any, ...]]]], n_files: int,
           group: int) -> list[dict[str, list[tuple[Any, ...]]]]:
    """The rows in as many commits as the import made: the values and history rows of
    ``group`` files each (by their bundle id), the other tables' rows spread evenly."""
    n_chunks = max(1, -(-n_files // group))
    out: list[dict[str, list[tuple[Any, ...]]]] = [{} for _ in range(n_chunks)]
    for table, (cols, rows) in rows_by_table.items():
        if "bundle_id" in cols and table in ("data_values", "value_history"):
            at = cols.index("bundle_id")
            order: dict[Any, int] = {}
            for row in rows:
                order.setdefault(row[at], len(order))
            for row in rows:
                out[min(order[row[at]] // group, n_chunks - 1)].setdefault(table, []).append(row)
        else:
            for i in range(n_chunks):
                part = rows[len(rows) * i // n_chunks:len(rows) * (i + 1) // n_chunks]
                if part:
                    out[i][table] = part
    return out


def bare_sqlite(path: Path, rows_by_table: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
                parts: list[dict[str, list[tuple[Any, ...]]]]) -> tuple[float, float]:
    """Wall and CPU seconds for sqlite3 executemany of the rows, one commit per part.

    The app's pragmas (WAL, synchronous=FULL, foreign keys on, busy timeout): the
    tables' constraints are checked for the bare insert as for the import.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA synchronous=FULL")
    sql = {t: f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})"
           for t, (cols, _rows) in rows_by_table.items()}
    t0, c0 = time.perf_counter(), time.process_time()
    for part in parts:
        conn.execute("BEGIN IMMEDIATE")
        for table, rows in part.items():
            conn.executemany(sql[table], rows)
        conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    conn.close()
    return elapsed, cpu


def bare_copy(url: str, rows_by_table: dict[str, tuple[list[str], list[tuple[Any, ...]]]],
              parts: list[dict[str, list[tuple[Any, ...]]]]) -> tuple[float, float]:
    """Wall and CPU seconds for psycopg COPY of the rows, one COPY per table and commit."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        t0, c0 = time.perf_counter(), time.process_time()
        with conn.cursor() as cur:
            for part in parts:
                for table, rows in part.items():
                    cols = ", ".join(rows_by_table[table][0])
                    with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                conn.commit()
        return time.perf_counter() - t0, time.process_time() - c0


# -- the run --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--url", default=None, help="an empty PostgreSQL database to use")
    parser.add_argument("--bundles", type=int, default=1000)
    parser.add_argument("--values", type=int, default=300)
    parser.add_argument("--group", type=int, default=50, help="files per commit")
    parser.add_argument("--national", type=int, nargs="?", const=NATIONAL_COMMUNES,
                        default=None, metavar="N",
                        help=f"the city path: N communes × {NATIONAL_VALUES} values "
                             f"(default N = {NATIONAL_COMMUNES})")
    parser.add_argument("--enroll", action="store_true",
                        help="with --national: enroll every ward's card through enroll_ward "
                             "(one transaction each) and time it")
    parser.add_argument("--enroll-only", action="store_true",
                        help="with --national: stop after the enrolment (no bundles, no import)")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        try:
            if args.backend == "postgresql":
                if args.url:
                    location: Path | str = args.url
                else:
                    from chiso_desktop.store import scratch_postgres

                    server = scratch_postgres.start(fsync=True)
                    location = server.create_database("office")
            else:
                location = root / "office.db"
            _run(args, root, location, server)
        finally:
            if server is not None:
                server.stop()


def _copy_for_bare(args: argparse.Namespace, root: Path, location: Path | str,
                   server: Any) -> Path | str | None:
    """The database as it is before the import, for the bare insert (None: no copy)."""
    if args.backend == "sqlite":
        bare = root / "bare.db"
        src, dst = sqlite3.connect(location), sqlite3.connect(bare)
        src.backup(dst)
        src.close()
        dst.close()
        return bare
    if server is None:
        return None
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "bare" TEMPLATE "office"')
    return str(server.url("bare"))


def _run(args: argparse.Namespace, root: Path, location: Path | str, server: Any) -> None:
    (root / "in").mkdir()
    if args.national:
        city_fp, wards = setup_city(location, args.national,
                                    enroll=args.enroll or args.enroll_only)
        if args.enroll_only:
            return
        bundles = make_consolidated(root / "in", city_fp, wards, NATIONAL_VALUES)
        what = (f"national month through the city path: {args.national:,} communes × "
                f"{NATIONAL_VALUES} values ({NATIONAL_SET}, {NATIONAL_MONTH})")
    else:
        catalog = synthetic_catalog(args.values)
        senders = [InstallationKeys.generate() for _ in range(SENDERS)]
        office_fp = setup_office(location, catalog, senders)
        bundles = make_bundles(root / "in", catalog, senders, office_fp, args.bundles,
                               args.values)
        what = f"{args.bundles} department bundles × {args.values} values, {SENDERS} senders"
    total = sum(len(records) for _p, records in bundles)
    print(f"{args.backend}: {what} = {total:,} values, "
          f"{sum(p.stat().st_size for p, _ in bundles) / 1e6:.1f} MB, "
          f"a commit every {args.group} files")
    bare_location = _copy_for_bare(args, root, location, server)
    store = _sqlite_store(Path(location)) if args.backend == "sqlite" else _pg_store(
        str(location))
    before = id_marks(store)

    db = open_database(location)
    t0, c0 = time.perf_counter(), time.process_time()
    results = import_files(db, [p for p, _ in bundles], handlers=import_handlers(),
                           actor="bench", group=args.group)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    db.close()
    bad = [r for r in results if r.status != IMPORTED]
    assert not bad, bad[:3]
    assert sum(r.counts["new"] for r in results) == total

    floors: list[tuple[str, float, float]] = []
    if bare_location is not None:
        rows = new_rows(store, before)
        parts = chunks(rows, len(bundles), args.group)
        print("the same rows, bare: " + ", ".join(
            f"{table} {len(r):,}" for table, (_cols, r) in rows.items()))
        if args.backend == "sqlite":
            once = root / "bare-once.db"
            src, dst = sqlite3.connect(bare_location), sqlite3.connect(once)
            src.backup(dst)
            src.close()
            dst.close()
            wall, proc = bare_sqlite(Path(bare_location), rows, parts)
            floors.append((f"bare executemany, {args.group}/commit", wall, proc))
            wall, proc = bare_sqlite(once, rows, chunks(rows, 1, 1))
            floors.append(("bare executemany, 1 commit", wall, proc))
        else:
            wall, proc = bare_copy(str(bare_location), rows, parts)
            floors.append((f"bare COPY, {args.group}/commit", wall, proc))
    else:
        print("(--url given: no copy of the database for the bare COPY; import figures only)")

    print("                                wall s      values/s   CPU s  values/s (CPU)")
    for label, wall, proc in (("import + verify + merge", elapsed, cpu), *floors):
        print(f"{label:30s} {wall:8.2f} {total / wall:13,.0f} {proc:7.2f} "
              f"{total / proc:13,.0f}")
    print("(CPU is this process only; on PostgreSQL the server's work is in the wall time)")
    for label, wall, proc in floors:
        print(f"import / {label}: {elapsed / wall:.1f}× wall, {cpu / proc:.1f}× CPU")

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    rate = total / elapsed
    print(f"≥100,000 values/s: {verdict(rate >= 100_000)} (wall {rate:,.0f})", end="")
    if floors:
        print(f"; ≤3× the bare figure ({floors[0][0]}): {verdict(elapsed <= 3 * floors[0][1])}")
    else:
        print()
    if args.national:
        full = NATIONAL_COMMUNES * NATIONAL_VALUES
        if args.national == NATIONAL_COMMUNES:
            print(f"national month ({full:,} values): {elapsed:.1f} s, measured; < 60 s: "
                  f"{verdict(elapsed < 60)}")
        else:
            estimate = elapsed * NATIONAL_COMMUNES / args.national
            print(f"national month ({full:,} values): about {estimate:.0f} s, EXTRAPOLATED "
                  f"linearly from {args.national:,} communes (not measured); < 60 s: "
                  f"{verdict(estimate < 60)} by that estimate")


if __name__ == "__main__":
    main()
