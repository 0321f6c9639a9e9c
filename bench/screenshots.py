"""Screenshots of every page at 1024×600 and 1366×768, and a report of any cut text.

Builds the demo ward, opens the Office and a department (KT) window at each
size, shows every page in turn and saves ``docs/screenshots/<size>-<role>-<page>.png``.
Run under Xvfb so fonts and styles are the real ones:

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

SIZES = ((1024, 600), (1366, 768))
TODAY = date(2026, 11, 22)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CHISO_LANG", "vi")
    from chiso_desktop import i18n
    from chiso_desktop.gui.app import make_application
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.fit import cut_texts
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.gui.translator import Translators
    from chiso_desktop.office.demo import build_demo
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.store.opening import open_for_use

    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    translators = Translators()  # kept: the translators live as long as this object
    translators.install(i18n.language())
    problems = 0
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
                        for _ in range(5):
                            app.processEvents()
                        name = f"{width}x{height}-{role}-{spec.key}.png"
                        window.grab().save(str(out / name))
                        found = cut_texts(window)
                        problems += len(found)
                        size = window.size()
                        print(f"{name}: window {size.width()}x{size.height()}, "
                              f"minimum {window.minimumSizeHint().width()}x"
                              f"{window.minimumSizeHint().height()}, {len(found)} cut")
                        for line in found:
                            print("    " + line)
                if role == "office":  # the current month: the chase list has names in it
                    window.resize(*SIZES[0])
                    ctx.set_period(parse_period(f"{TODAY:%Y%m}"))
                    window.show_page("office_dashboard")
                    problems += shot(app, window, out / "1024x600-office-dashboard-chase.png")
                problems += dialogs(app, window, ctx, out, role)
                window.close()
            finally:
                db.close()
        problems += wizard_pages(app, Path(tmp) / "new.db", out)
    return 1 if problems else 0


def shot(app: object, widget: object, path: Path) -> int:
    """Save a screenshot of ``widget`` and print its cut texts; how many there were."""
    from chiso_desktop.gui.fit import cut_texts

    for _ in range(5):
        app.processEvents()  # type: ignore[attr-defined]
    widget.grab().save(str(path))  # type: ignore[attr-defined]
    found = cut_texts(widget)  # type: ignore[arg-type]
    size = widget.size()  # type: ignore[attr-defined]
    print(f"{path.name}: {size.width()}x{size.height()}, {len(found)} cut")
    for line in found:
        print("    " + line)
    return len(found)


def dialogs(app: object, window: object, ctx: object, out: Path, role: str) -> int:
    from chiso_desktop.gui.help_dialog import HelpDialog
    from chiso_desktop.gui.print_preview import PrintPreviewDialog
    from chiso_desktop.gui.settings_dialog import SettingsDialog
    from chiso_desktop.reports.render import render_form

    problems = 0
    for name, make in (
            ("settings", lambda: SettingsDialog(ctx, window)),
            ("help", lambda: HelpDialog("vi", window)),
            ("preview", lambda: PrintPreviewDialog(_form(ctx, role, render_form), "Xem trước",
                                                   window))):
        dialog = make()
        for width, height in SIZES:
            dialog.resize(min(dialog.width(), width), min(dialog.height(), height - 40))
            dialog.show()
            problems += shot(app, dialog, out / f"{width}x{height}-{role}-dialog-{name}.png")
        dialog.done(0)
    return problems


def _form(ctx: object, role: str, render_form: object) -> bytes:
    with ctx.session() as s:  # type: ignore[attr-defined]
        return render_form(s, ctx.period, "period-report" if role == "office" else "cchc")  # type: ignore


def wizard_pages(app: object, path: Path, out: Path) -> int:
    """The first-run wizard, each page, on an empty database."""
    from chiso_desktop.gui.wizard import FirstRunWizard
    from chiso_desktop.store.opening import open_for_use

    db = open_for_use(path)
    problems = 0
    try:
        for width, height in SIZES:
            wizard = FirstRunWizard(db)
            wizard.resize(min(wizard.width(), width), min(wizard.height(), height - 40))
            wizard.show()
            n = 1
            while True:  # each page the Office's path visits, up to the passphrase
                problems += shot(app, wizard, out / f"{width}x{height}-wizard-{n}.png")
                if wizard.currentPage() is wizard.passphrase_page or wizard.nextId() == -1:
                    break
                wizard.next()
                n += 1
            wizard.done(0)
    finally:
        db.close()
    return problems


if __name__ == "__main__":
    raise SystemExit(main())
