"""Build time of each PDF form with a ward's full data (median of several runs).

The brief's bar: the full ward report (28 indicators, all items) under 0.5 s.
Run: ``python bench/pdf.py [--runs N]``. Font registration happens once,
before timing, as it does in a running app.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("CHISO_PDF_FONT", "bundled")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the sample data: tests/support

from chiso_desktop.reports.pdf.forms import build_form
from chiso_desktop.reports.pdf.layout import make_styles
from tests.support import samples

BAR_SECONDS = 0.5


def cases() -> dict[str, tuple[object, object]]:
    settings = samples.sample_settings()
    return {
        "period-report": (samples.sample_period_report(), settings),
        "cchc": (samples.sample_cchc(), settings),
        "cover": (samples.sample_cover(), samples.sample_cover_settings()),
        "completeness": (samples.sample_completeness(), settings),
        "targets": (samples.sample_targets(), settings),
    }


def median_seconds(build: Callable[[], bytes], runs: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(build())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    make_styles()  # registers the fonts
    report = samples.sample_period_report()
    cchc = samples.sample_cchc()
    print(
        f"period-report data: {len({r.indicator_code for r in report.rows})} indicators, "
        f"{len(report.rows)} items; cchc: {len(cchc.forms)} forms, "
        f"{sum(len(f.items) for f in cchc.forms)} items"
    )
    print(f"{'form':<15}{'median ms':>10}{'KiB':>8}")
    worst = 0.0
    for name, (data, settings) in cases().items():
        seconds, size = median_seconds(lambda: build_form(name, data, settings), args.runs)  # noqa: B023
        worst = max(worst, seconds)
        print(f"{name:<15}{seconds * 1000:>10.1f}{size / 1024:>8.1f}")
    verdict = "OK" if worst < BAR_SECONDS else "SLOWER THAN"
    print(f"slowest form {worst * 1000:.1f} ms — {verdict} the {BAR_SECONDS * 1000:.0f} ms bar")
    from_demo(args.runs)


def from_demo(runs: int) -> None:
    """The same forms gathered from the demo ward's databases (store → records → PDF)."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from chiso_desktop.office.demo import build_demo
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.reports.render import render_form
    from chiso_desktop.store.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp) / "demo", passphrase="demo-chiso-2026", today=date(2026, 11, 22))
        print(f"from the demo ward (gather from the store + build), median of {runs}:")
        print(f"{'form':<15}{'period':>8}{'median ms':>11}{'KiB':>8}")
        jobs = [("VP", "period-report", "2026S1"), ("VP", "cchc", "2026S1"),
                ("VP", "completeness", "202610"), ("VP", "targets", "2026"),
                ("KT", "cover", "202610")]
        for who, form, period in jobs:
            db = open_database(demo.databases[who])
            try:
                def render(db=db, form=form, period=period) -> bytes:
                    with db.session() as s:
                        return render_form(s, parse_period(period), form, "vi")
                seconds, size = median_seconds(render, runs)
            finally:
                db.close()
            print(f"{form:<15}{period:>8}{seconds * 1000:>11.1f}{size / 1024:>8.1f}")


if __name__ == "__main__":
    main()
