"""Screenshots of the setup, enrolment, trust-list and "Hôm nay" screens at both sizes.

Builds the demo ward; the Office writes a setup package for a new department,
which a fresh database opens in the first-run wizard (the Office fingerprint
to compare); the Office's enrolment dialog compares that department's key
card; the "Departments and keys" page and the "Today" page of the demo Office.
Saves ``docs/screenshots/<size>-setup-*.png``. Run under Xvfb (see ``bench/shots.py``):

    xvfb-run -a -s '-screen 0 1366x768x24' python bench/screenshots_setup.py [OUT_DIR]
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from shots import SIZES, TODAY, start


def main() -> int:
    shots = start()
    from chiso_desktop.exchange.setup_package import write_setup_package
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.gui.qt import QWizard
    from chiso_desktop.gui.wizard import FirstRunWizard
    from chiso_desktop.office.demo import DEMO_PASSPHRASE, build_demo
    from chiso_desktop.store.db import open_database
    from chiso_desktop.store.opening import open_for_use

    os.environ["CHISO_PASSPHRASE"] = DEMO_PASSPHRASE
    settle = shots.settle

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        demo = build_demo(root / "demo", today=TODAY)
        office_db = open_for_use(demo.databases["VP"])
        package = root / "setup-HCC.chiso"
        with office_db.session() as s, s.begin():
            write_setup_package(s, "HCC", package, DEMO_PASSPHRASE)
        new_db = open_database(root / "new-hcc.db")
        wizard = FirstRunWizard(new_db, setup_file=package)
        wizard.show()
        wizard.next()
        for width, height in SIZES:
            wizard.resize(min(width, 820), min(height - 40, 560))
            shots.save(wizard, f"{width}x{height}-setup-wizard-package.png")
        wizard.setup_page.heard.setText(wizard.setup_page.office_fp.text())
        wizard.next()
        wizard.officers_page.primary.setText("Phạm Thị Hoa")
        wizard.next()
        wizard.passphrase_page.passphrase.setText("mật khẩu trung tâm hcc")
        wizard.passphrase_page.repeat.setText("mật khẩu trung tâm hcc")
        wizard.button(QWizard.WizardButton.CommitButton).click()
        settle()
        for width, height in SIZES:
            wizard.resize(min(width, 820), min(height - 40, 560))
            shots.save(wizard, f"{width}x{height}-setup-wizard-fingerprint.png")
        card = root / "hcc.chisokey"
        wizard.fingerprint_page.save_card(card)
        heard = wizard.fingerprint_page.short.text()
        wizard.close()

        ctx = AppContext(office_db)
        window = MainWindow(ctx, today=TODAY)
        keys = window.page("keys")
        assert keys is not None
        revoked: list[str] = []
        keys.status_message.connect(revoked.append)
        keys.revoke("HCC")  # the demo's HCC key: replaced by the new installation's card
        while not revoked:  # a worker thread: the page reloads when it is done
            settle(1)
        for width, height in SIZES:
            window.resize(width, height)
            window.show()
            window.show_page("today")
            shots.save(window, f"{width}x{height}-setup-office-today.png")
            window.show_page("keys")
            shots.save(window, f"{width}x{height}-setup-office-keys.png")
            keys.select_department("HCC")
            dialog = keys.start_enroll("HCC", card)
            assert dialog is not None
            dialog.heard.setText(heard)
            dialog.resize(min(width - 40, 900), dialog.sizeHint().height())
            shots.save(dialog, f"{width}x{height}-setup-enroll-dialog.png")
            dialog.reject()
            settle()
        print("saved to", shots.out)
        window.close()
        office_db.close()
        new_db.close()
    return 1 if shots.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
