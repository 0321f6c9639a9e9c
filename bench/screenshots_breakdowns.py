"""Screenshots of breakdown rows in the entry grid at 1024×600 and 1366×768, with a report.

Two Office installations: Lào Cai (``laocai-2026``, B.4.1 entered total by mineral:
apatit, vàng, đá…) for 2026Q2, and the city set (``hp-2081-2026``: A.IX.3.1 summed by
insurance, A.X.1.1 by sex, A.XI.2.2 by public/non-public × sex) for 202606, some parts
filled so the live total (``= 15,5 (2/3)``) shows. The grid is scrolled to each breakdown
and saved as ``docs/screenshots/<size>-breakdown-<set>[-2].png``; cut text is printed (see
``bench/shots.py``). Run under Xvfb::

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots_breakdowns.py [OUT_DIR]

Exits 1 when any text (a code or label of the grid included) is cut.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from shots import SIZES, start

SETS = (
    ("laocai", "laocai-2026", "2026Q2", ("B.4.1",),
     ("B.4.1=1.000", "B.4.1[apatit]=600", "B.4.1[vang]=0,5")),
    ("city", "hp-2081-2026", "202606", ("A.IX.3.1", "A.XI.2.2"),
     ("A.IX.3.1[bhxh]=12,5", "A.IX.3.1[bhyt]=3", "A.X.1.1[nam]=120", "A.X.1.1[nu]=135")),
)


def main() -> int:
    shots = start()
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.entry.model import Col
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.store.opening import open_for_use
    from tests.support.cli import ok, run_cli

    with tempfile.TemporaryDirectory() as tmp:
        for name, catalog, period, codes, values in SETS:
            path = Path(tmp) / f"{name}.db"
            ok(run_cli("--db", path, "init", "--role", "office", "--unit", "Xã Bảo Hà",
                       "--catalog", catalog, "--department", "VP"))
            ok(run_cli("--db", path, "values", "set", "--period", period, *values))
            db = open_for_use(path)
            try:
                ctx = AppContext(db)
                window = MainWindow(ctx)
                ctx.set_period(parse_period(period))
                page = window.page("entry")
                for width, height in SIZES:
                    window.resize(width, height)
                    window.show()
                    window.show_page("entry")
                    shots.settle()
                    for n, code in enumerate(codes):
                        line = page.model.line_of(code)
                        assert line is not None, code
                        page.table.go_to(page.model.index(line + 1, Col.VALUE))
                        page.table.scrollTo(page.model.index(line, Col.VALUE),
                                            page.table.ScrollHint.PositionAtTop)
                        shots.save(window, f"{width}x{height}-breakdown-{name}"
                                           f"{'-' + str(n + 1) if n else ''}.png")
                window.close()
            finally:
                db.close()
    return 1 if shots.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
