"""Benchmark: a city's period status and per-ward table over 114 wards × 10 years.

Loads a city installation (the Hải Phòng set, no plan) with ``--wards`` wards,
each with an enrolled key, ten years of monthly consolidated values (every
monthly commune field) and one imported bundle per ward and month, written
in bulk. Then times, each the best of ``--repeat`` runs:

- the period status (``office.city.city_view``: counts, arrival, timeliness),
- the per-ward table with city totals (``office.city.city_report``).

Target: under 200 ms each, on SQLite and on PostgreSQL.

    python bench/city.py [--backend sqlite|postgresql|both] [--wards 114] [--years 10]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert

from chiso_desktop.office.city import city_report, city_view, expected_fields
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from chiso_desktop.store.exchange_models import ImportedBundle, TrustedKey
from chiso_desktop.store.models import DataValue, OrgUnit

BASE = "hp-2081-2026"


def load(location: Path | str, wards: int, years: int) -> tuple[int, str]:
    """The city and its data; returns (values written, the last month)."""
    db = open_database(location)
    months = [f"{2017 + y}{m:02d}" for y in range(years) for m in range(1, 13)]
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="city", unit="Thành phố Hải Phòng",
                                         catalogs=(BASE,), unit_code="31"))
        fields = expected_fields(s, parse_period(months[-1]))
        s.flush()
        units = [OrgUnit(code=f"{11000 + i}", admin_code=f"{11000 + i}", name=f"Phường số {i}",
                         kind="ward") for i in range(1, wards + 1)]
        s.add_all(units)
        s.flush()
        now = datetime(2026, 1, 1)
        s.execute(insert(TrustedKey), [dict(
            role="office", org_unit=u.name, department_code="VP", fingerprint=f"{u.id:064x}",
            public_key="", sealing_key="", enrolled_at=now, org_unit_id=u.id) for u in units])
        conn = s.connection()
        n = 0
        for month in months:
            rows = []
            for u in units:
                for k, (_ind, f) in enumerate(fields):
                    rows.append(dict(
                        org_unit_id=u.id, catalog_id=BASE, field_code=f.code, period=month,
                        state="value", value=str((u.id * 7 + k) % 97), note="", revision=1,
                        department_code="VP", updated_at=now, updated_by="bench",
                        source="bundle", bundle_id=f"{u.id}-{month}", sender_fingerprint="",
                        locally_changed=False, combo="default"))
            conn.execute(insert(DataValue), rows)
            n += len(rows)
            conn.execute(insert(ImportedBundle), [dict(
                bundle_id=f"{u.id}-{month}", kind="bundle", file_sha256="0" * 64,
                sender_fingerprint=f"{u.id:064x}", sender_org_unit=u.name,
                department_code="VP", sequence=i, periods=json.dumps([month]),
                catalog_id=BASE, imported_at=now, counts=json.dumps({"revision": 1}),
                equivocation=False, manifest_sha256="") for i, u in enumerate(units, 1)])
    db.close()
    return n, months[-1]


def best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(backend: str, wards: int, years: int, repeat: int) -> None:
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if backend == "postgresql":
            from chiso_desktop.store import scratch_postgres

            server = scratch_postgres.start()
            location: Path | str = server.create_database("city")
        else:
            location = Path(tmp) / "city.db"
        try:
            t0 = time.perf_counter()
            n, month = load(location, wards, years)
            loaded = time.perf_counter() - t0
            db = open_database(location)
            period = parse_period(month)
            with db.session() as s:
                view = city_view(s, period)
                assert len(view.wards) == wards and all(w.received for w in view.wards)
                status = best(lambda: city_view(s, period), repeat)
                table = best(lambda: city_report(s, period), repeat)
            db.close()
            print(f"{backend:10s} {wards} wards × {years} years: {n:,} values "
                  f"(loaded in {loaded:.1f} s); period status {status * 1000:.0f} ms, "
                  f"per-ward table {table * 1000:.0f} ms; < 200 ms: "
                  f"{'met' if max(status, table) < 0.2 else 'NOT met'}")
        finally:
            if server is not None:
                server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--wards", type=int, default=114)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run(backend, args.wards, args.years, args.repeat)


if __name__ == "__main__":
    main()
