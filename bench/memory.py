"""Peak memory with ten years of a ward's data.

Builds an Office database holding ten years (2017–2026) of every field of
the Nhị Chiểu plan and the CCHC forms for every period its frequencies ask
for, then, in a fresh process, opens the main window offscreen, visits every
page, switches through the last 24 periods and renders the period report
and the CCHC forms. Prints the row count and the peak resident memory
(ru_maxrss) next to a bare ``import PySide6.QtWidgets`` + QApplication
baseline measured the same way. Run: python bench/memory.py
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import textwrap
from datetime import datetime
from pathlib import Path

CHILD_ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHISO_LANG="vi")

BASELINE = textwrap.dedent("""
    import resource, sys
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1]); w = QMainWindow(); w.show(); app.processEvents()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")

WORKLOAD = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    from chiso_desktop import i18n
    from chiso_desktop.gui.app import make_application
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.translator import Translators
    from chiso_desktop.periods.period import parse_period, periods_of_year
    from chiso_desktop.reports.render import render_form
    from chiso_desktop.store.db import open_database
    i18n.set_language("vi")
    app = make_application(sys.argv[:1])
    tr = Translators(); tr.install("vi")
    from chiso_desktop.gui.main_window import MainWindow
    db = open_database(Path(sys.argv[1]))
    ctx = AppContext(db)
    w = MainWindow(ctx); w.show(); app.processEvents()
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i); app.processEvents()
    months = periods_of_year(2025, "month") + periods_of_year(2026, "month")
    for p in months:
        ctx.set_period(p); app.processEvents()
    with db.session() as s:
        render_form(s, parse_period("2026S1"), "period-report", "vi")
        render_form(s, parse_period("2026S1"), "cchc", "vi")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
""")


def build(path: Path) -> int:
    from chiso_desktop.entry.ops import write_value
    from chiso_desktop.entry.scope import load_scope
    from chiso_desktop.periods.period import periods_of_year
    from chiso_desktop.setup.installation import InitRequest, init_installation
    from chiso_desktop.store.db import open_database
    from chiso_desktop.store.installation import require_installation

    db = open_database(path)
    rng = random.Random(7)
    rows = 0
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         plan="nhichieu-202-2026",
                                         catalogs=("nhichieu-cchc-2026",), department="VP"))
    for year in range(2017, 2027):
        with db.session() as s, s.begin():
            inst = require_installation(s)
            scope = load_scope(s)
            for cat, ind in scope.indicators():
                for freq in ind.frequencies:
                    for period in periods_of_year(year, freq):
                        for f in ind.fields:
                            if f.computed or f.type.value in ("text", "choice"):
                                continue
                            write_value(s, org_unit_id=inst.org_unit_id, catalog_id=cat.id,
                                        code=f.code, period=period.id, state="value",
                                        value=str(rng.randint(1, 90)), note=None, actor="bench",
                                        department=ind.department or "VP",
                                        now=datetime(year, 12, 1))
                            rows += 1
    db.close()
    return rows


def peak_kb(code: str, *args: str) -> int:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=CHILD_ENV, check=True).stdout.strip().splitlines()
    return int(out[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "office.db"
        rows = build(path)
        size = path.stat().st_size
        base = peak_kb(BASELINE)
        work = peak_kb(WORKLOAD, str(path))
    print(f"ten years: {rows:,} values (with as many history rows), database {size / 1e6:.1f} MB")
    print(f"baseline: Qt window alone         peak {base / 1024:6.0f} MB")
    print(f"app: window, every page, 24 periods, two PDFs  peak {work / 1024:6.0f} MB "
          f"(bar: 250 MB)")


if __name__ == "__main__":
    main()
