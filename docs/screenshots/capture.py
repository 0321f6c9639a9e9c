"""Re-take the GUI screenshots of the README from a fresh demo ward.

Run under Xvfb (or with QT_QPA_PLATFORM=offscreen):
    python docs/screenshots/capture.py
Writes gui-entry.png (a department's entry grid) and gui-wizard.png (the
first-run wizard's fingerprint page), in Vietnamese. The Office pages are
captured by their own tests' fixtures (gui-import/conflicts/merged/dashboard).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("CHISO_LANG", "vi")

from chiso_desktop import i18n
from chiso_desktop.gui.app import make_application
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.translator import Translators
from chiso_desktop.office.demo import build_demo
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database

HERE = Path(__file__).resolve().parent


def main() -> None:
    i18n.set_language("vi")
    app = make_application(sys.argv[:1])
    translators = Translators()
    translators.install("vi")
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.gui.wizard import FirstRunWizard

    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp) / "demo")
        db = open_database(demo.databases["KT"])
        ctx = AppContext(db)
        window = MainWindow(ctx)
        window.resize(1366, 768)
        window.show()
        ctx.set_period(parse_period("2026S1"))
        app.processEvents()
        window.grab().save(str(HERE / "gui-entry.png"))
        window.close()
        db.close()

        fresh = open_database(Path(tmp) / "new.db")
        wizard = FirstRunWizard(fresh)
        wizard.resize(760, 540)
        wizard.show()
        app.processEvents()
        wizard.grab().save(str(HERE / "gui-wizard.png"))
        wizard.close()
        fresh.close()
    print("wrote", HERE / "gui-entry.png", HERE / "gui-wizard.png")


if __name__ == "__main__":
    main()
