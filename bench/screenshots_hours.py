"""Screenshots of hourly reporting: the period list, the hour dialog and the entry grid of
an hour (Lào Cai C.1–C.5, "Giờ/Ngày"), at 1024×600 and 1366×768, with a cut-text report.

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots_hours.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

SIZES = ((1024, 600), (1366, 768))
TODAY = date(2026, 6, 1)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CHISO_LANG", "vi")
    from chiso_desktop import i18n
    from chiso_desktop.gui.app import make_application
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.fit import cut_texts
    from chiso_desktop.gui.hour_dialog import HourDialog
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.gui.qt import QApplication
    from chiso_desktop.gui.translator import Translators
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.store.opening import open_for_use
    from tests.support.cli import ok, run_cli

    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    translators = Translators()
    translators.install(i18n.language())
    problems = 0

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def report(name: str, widget: object) -> None:
        nonlocal problems
        found = cut_texts(widget)  # type: ignore[arg-type]
        problems += len(found)
        print(f"{name}: {len(found)} cut")
        for line in found:
            print("    " + line)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kt.db"
        ok(run_cli("--db", path, "init", "--role", "department", "--unit", "Xã Bảo Hà",
                   "--catalog", "laocai-2026", "--department", "KT"))
        for hour, rain in (("12", "3,5"), ("13", "8"), ("14", "12,5")):
            ok(run_cli("--db", path, "values", "set", "--period", f"20260601{hour}",
                       f"C.1.4={rain}", "C.1.3=7", "C.1.2=Bão số 3 (Wipha)"))
        db = open_for_use(path)
        try:
            ctx = AppContext(db)
            window = MainWindow(ctx, today=TODAY)
            ctx.set_period(parse_period("2026060114"))
            for width, height in SIZES:
                window.resize(width, height)
                window.show()
                settle()
                name = f"{width}x{height}-hour-grid.png"
                window.grab().save(str(out / name))
                report(name, window)
                picker = window.period_picker
                picker.showPopup()
                settle()
                name = f"{width}x{height}-hour-list.png"
                QApplication.primaryScreen().grabWindow(0, 0, 0, width, height).save(
                    str(out / name))
                picker.hidePopup()
                dialog = HourDialog(ctx, parse_period("2026060114"), window)
                dialog.show()
                dialog.move(window.x() + 40, window.y() + 60)
                settle()
                name = f"{width}x{height}-hour-dialog.png"
                dialog.grab().save(str(out / name))
                report(name, dialog)
                dialog.done(0)
                dialog.deleteLater()
            window.close()
        finally:
            db.close()
        office = Path(tmp) / "office.db"  # the Office's dashboard of a day with hourly gaps
        ok(run_cli("--db", office, "init", "--role", "office", "--unit", "Xã Bảo Hà",
                   "--catalog", "laocai-2026", "--department", "VP"))
        for hour in ("12", "13", "15"):
            ok(run_cli("--db", office, "values", "set", "--period", f"20260601{hour}",
                       "C.1.4=5"))
        db = open_for_use(office)
        try:
            ctx = AppContext(db)
            window = MainWindow(ctx, today=date(2026, 6, 2))
            ctx.set_period(parse_period("20260601"))
            for width, height in SIZES:
                window.resize(width, height)
                window.show()
                window.show_page("office_dashboard")
                settle()
                name = f"{width}x{height}-hour-dashboard.png"
                window.grab().save(str(out / name))
                report(name, window)
            window.close()
        finally:
            db.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
