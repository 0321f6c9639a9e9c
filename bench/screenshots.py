"""Screenshots of every page at 1024×600 and 1366×768, and a report of any layout problem.

Builds the demo ward, opens the Office and a department (KT) window at each
size, shows every page in turn and saves ``docs/screenshots/<size>-<role>-<page>.png``,
then the dialogs and the first-run wizard. Run under Xvfb so fonts and styles are the
real ones (see ``bench/shots.py``):

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots.py [OUT_DIR]

Exits 1 when any text is cut, a button sits past the edge or a page scrolls sideways.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from shots import SIZES, TODAY, Shots, start


def main() -> int:
    shots = start()
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.office.demo import build_demo
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.store.opening import open_for_use

    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp) / "demo", today=TODAY)
        for role, key in (("office", "VP"), ("department", "KT")):
            db = open_for_use(demo.databases[key])
            try:
                ctx = AppContext(db)
                window = MainWindow(ctx, today=TODAY)
                for width, height in SIZES:
                    window.resize(width, height)
                    window.show()
                    for spec in window.specs:
                        window.show_page(spec.key)
                        shots.save(window, f"{width}x{height}-{role}-{spec.key}.png")
                if role == "office":  # the current month: the chase list has names in it
                    window.resize(*SIZES[0])
                    ctx.set_period(parse_period(f"{TODAY:%Y%m}"))
                    window.show_page("office_dashboard")
                    shots.save(window, "1024x600-office-dashboard-chase.png")
                    # VP's own CCHC forms, with their heading rows, for the first half-year
                    ctx.set_period(parse_period(f"{TODAY.year}S1"))
                    window.show_page("entry")
                    for width, height in SIZES:
                        window.resize(width, height)
                        shots.save(window, f"{width}x{height}-entry-headings-cchc.png")
                dialogs(shots, window, ctx, role)
                window.close()
            finally:
                db.close()
        wizard_pages(shots, Path(tmp) / "new.db")
    return 1 if shots.problems else 0


def dialogs(shots: Shots, window: Any, ctx: Any, role: str) -> None:
    from chiso_desktop.gui.help_dialog import HelpDialog
    from chiso_desktop.gui.print_preview import PrintPreviewDialog
    from chiso_desktop.gui.settings_dialog import SettingsDialog
    from chiso_desktop.reports.render import render_form

    def form() -> bytes:
        with ctx.session() as s:
            return render_form(s, ctx.period, "period-report" if role == "office" else "cchc")

    for name, make in (
            ("settings", lambda: SettingsDialog(ctx, window)),
            ("help", lambda: HelpDialog("vi", window)),
            ("preview", lambda: PrintPreviewDialog(form(), "Xem trước", window))):
        dialog = make()
        for width, height in SIZES:
            dialog.resize(min(dialog.width(), width), min(dialog.height(), height - 40))
            dialog.show()
            shots.save(dialog, f"{width}x{height}-{role}-dialog-{name}.png")
        dialog.done(0)


def wizard_pages(shots: Shots, path: Path) -> None:
    """The first-run wizard, each page, on an empty database."""
    from chiso_desktop.gui.wizard import FirstRunWizard
    from chiso_desktop.store.opening import open_for_use

    db = open_for_use(path)
    try:
        for width, height in SIZES:
            wizard = FirstRunWizard(db)
            wizard.resize(min(wizard.width(), width), min(wizard.height(), height - 40))
            wizard.show()
            n = 1
            while True:  # each page the Office's path visits, up to the passphrase
                shots.save(wizard, f"{width}x{height}-wizard-{n}.png")
                if wizard.currentPage() is wizard.passphrase_page or wizard.nextId() == -1:
                    break
                wizard.next()
                n += 1
            wizard.done(0)
    finally:
        db.close()


if __name__ == "__main__":
    raise SystemExit(main())
