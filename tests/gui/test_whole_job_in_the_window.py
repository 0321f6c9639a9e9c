"""One period from setup packages to the locked period's PDF, through the window only.

An Office and two departments (KT, HCC), each its own database, set up in the
first-run wizard; setup packages written and key cards enrolled on the
Office's "Departments and keys" page after comparing fingerprints; values
typed in each department's grid, marked ready and exported; the bundles
imported, reviewed, approved and locked at the Office; the period report saved
as PDF. No ``chiso`` command runs: the CLI is not even imported by this test's
steps (file dialogs are answered, everything else is the widgets' own code).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from chiso_desktop.gui import guard_dialog
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.model import Col
from chiso_desktop.gui.entry.undo import NOT_APPLICABLE_TEXT
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.qt import QFileDialog, QMessageBox, QWizard
from chiso_desktop.gui.wizard import FirstRunWizard
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database

MONTH = "202610"
TODAY = date(2026, 10, 12)  # before the departments' deadline (16/10) and the official one
OFFICE_SECRET = "mật khẩu của văn phòng 2026"
SECRETS = {"KT": "mật khẩu phòng kinh tế", "HCC": "mật khẩu trung tâm hcc"}


def finish_passphrase(qtbot, wizard: FirstRunWizard, secret: str) -> None:
    page = wizard.passphrase_page
    page.passphrase.setText(secret)
    page.repeat.setText(secret)
    assert page.isComplete(), page.hint.text()
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.created
    assert wizard.currentPage() is wizard.fingerprint_page


def set_up_office(qtbot, root: Path) -> tuple[object, str]:
    db = open_database(root / "office.db")
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role_page.office.setChecked(True)
    wizard.next()
    wizard.unit_page.unit.setText("Phường Nhị Chiểu")
    wizard.unit_page.parent_body.setText("UBND THÀNH PHỐ HẢI PHÒNG")
    wizard.next()
    assert wizard.catalog_page.department.currentData() == "VP"
    wizard.next()
    wizard.officers_page.primary.setText("Lê Hoàng Sơn")
    wizard.next()
    finish_passphrase(qtbot, wizard, OFFICE_SECRET)
    return db, wizard.fingerprint_page.short.text()


def set_up_department(qtbot, root: Path, code: str, package: Path, office_fp: str,
                      monkeypatch) -> tuple[object, Path, str]:
    db = open_database(root / f"{code.lower()}.db")
    wizard = FirstRunWizard(db, setup_file=package)  # the app opened with setup-KT.chiso
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.role_page.from_package.isChecked()
    wizard.next()
    page = wizard.setup_page
    assert wizard.currentPage() is page
    assert page.office_fp.text().replace(" ", "") == office_fp.replace("-", "")
    assert not page.isComplete()  # not before the fingerprint was compared
    page.heard.setText("0000 0000 0000 0000")
    assert not page.isComplete()
    page.heard.setText(office_fp.lower().replace("-", " "))  # as read aloud
    assert page.isComplete()
    wizard.next()
    wizard.officers_page.primary.setText(f"Cán bộ {code}")
    wizard.next()
    finish_passphrase(qtbot, wizard, SECRETS[code])
    card = root / "usb" / f"{code.lower()}.chisokey"
    assert wizard.fingerprint_page.save_card(card)
    return db, card, wizard.fingerprint_page.short.text()


def open_main(qtbot, db) -> tuple[AppContext, MainWindow]:
    ctx = AppContext(db)
    window = MainWindow(ctx, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    return ctx, window


def enter_month(qtbot, root: Path, code: str, db, monkeypatch, *, skip: str = "") -> Path:
    """Type every item of the department's month (``skip`` left empty), mark ready, export."""
    ctx, window = open_main(qtbot, db)
    ctx.set_period(parse_period(MONTH))
    page = window.page("entry")
    rows = [r for r in page.form.rows if not r.computed]
    assert rows and all(r.owner == code for r in rows)
    for n, row in enumerate(rows):
        if row.code == skip:
            continue
        numeric = row.field.type.value in ("integer", "decimal", "percent", "money")
        text = str(10 + n) if numeric else NOT_APPLICABLE_TEXT
        index = page.model.index(page.model.line_of(row.code), Col.VALUE)
        assert page.model.setData(index, text), (row.code, page.model.pending)
    assert not page.form.errors, page.form.errors
    asked: list[object] = []
    monkeypatch.setattr(guard_dialog, "confirm",
                        lambda _p, _t, guard, *_a, **_k: asked.append(guard) or True)
    page.ui.markReadyButton.click()
    qtbot.waitUntil(lambda: page.form.status == "ready")  # marked off the UI thread
    if skip:
        assert [o.code for o in asked[0].warnings] == [skip]  # "Hoàn tất nhập" listed it
    out = root / "usb" / f"{code.lower()}-{MONTH}.chiso"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setenv("CHISO_PASSPHRASE", SECRETS[code])
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: pytest.fail(text))
    page.ui.exportButton.click()
    qtbot.waitUntil(out.exists, timeout=30000)
    qtbot.waitUntil(lambda: page.form is not None and page.form.status == "submitted",
                    timeout=10000)
    window.close()
    return out


def test_one_period_from_setup_packages_to_the_locked_pdf(qtbot, tmp_path: Path,
                                                          monkeypatch) -> None:
    loaded_cli = {m for m in sys.modules if m.startswith("chiso_desktop.cli")}
    (tmp_path / "usb").mkdir()
    office_db, office_fp = set_up_office(qtbot, tmp_path)
    octx, office = open_main(qtbot, office_db)
    assert office.tabs.currentWidget() is office.page("today")  # the Office opens on Today
    today = office.page("today")
    assert today.view.next_step.page == "keys"  # first: setup packages and keys

    keys = office.page("keys")
    monkeypatch.setenv("CHISO_PASSPHRASE", OFFICE_SECRET)
    packages = {}
    for code in ("KT", "HCC"):
        packages[code] = tmp_path / "usb" / f"setup-{code}.chiso"
        keys.write_setup(code, packages[code])
        qtbot.waitUntil(packages[code].exists, timeout=30000)

    dept_dbs = {}
    for code in ("KT", "HCC"):
        db, card, fp = set_up_department(qtbot, tmp_path, code, packages[code], office_fp,
                                         monkeypatch)
        dept_dbs[code] = db
        keys.select_department(code)
        dialog = keys.start_enroll(code, card)
        assert dialog is not None and not dialog.ok_button.isEnabled()
        dialog.heard.setText(fp)  # what the department read out from its wizard
        assert dialog.ok_button.isEnabled()
        dialog.accept()  # enrolled on a worker thread; the page reloads on Changed.KEYS
        qtbot.waitUntil(lambda: keys.enroll_dialog is None, timeout=30000)
        enrolled = {d.code: d.key for d in keys.overview.departments}
        assert enrolled[code] is not None and enrolled[code].short_fingerprint == fp
    assert "VHXH" in keys.dept_hint.text()  # the one still without a key is named

    bundles = [enter_month(qtbot, tmp_path, "KT", dept_dbs["KT"], monkeypatch),
               enter_month(qtbot, tmp_path, "HCC", dept_dbs["HCC"], monkeypatch,
                           skip="A.XIII.22.1")]

    octx.set_period(parse_period(MONTH))
    importer = office.page("office_import")
    assert importer.import_paths(bundles)
    qtbot.waitUntil(lambda: not importer.busy and importer.job is None, timeout=30000)
    assert [r.status for r in importer.results] == ["imported", "imported"]
    shown = {importer.table.item(r, c).text() for r in range(importer.table.rowCount())
             for c in range(importer.table.columnCount()) if importer.table.item(r, c)}
    assert "Đã nhập" in shown  # the result word, not the Today column's "Đã nhập lúc"
    assert not office.page("office_conflicts").rows

    merged = office.page("office_merged")
    statuses = {merged.model.cell_at(r).code: merged.model.status(merged.model.cell_at(r))
                for r in range(merged.model.rowCount())}
    assert statuses["A.XIII.22.1"] == "missing"

    finalize = office.page("office_finalize")
    guard = finalize.approval_guard()
    assert any("A.XIII.22.1" in o.text for o in guard.warnings)  # what stands in the way
    monkeypatch.setenv("CHISO_PASSPHRASE", OFFICE_SECRET)  # the approval is signed
    with qtbot.waitSignal(finalize.approval_changed, timeout=30000):
        assert finalize.approve("Nguyễn Văn Hùng", "Chủ tịch UBND phường")
    assert "Đã phê duyệt" in office.period_picker.currentText()
    footer = office.deadline_label.text()
    assert "Đã phê duyệt" in footer and "Quá hạn" not in footer

    pdf = tmp_path / "out" / "bao-cao.pdf"
    pdf.parent.mkdir()
    written: list[Path] = []
    finalize.output_written.connect(written.append)
    finalize.save_pdf("period-report", pdf)
    qtbot.waitUntil(lambda: bool(written), timeout=30000)
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Nhị Chiểu" in text and "Nguyễn Văn Hùng" in text

    office.close()
    for db in (*dept_dbs.values(), office_db):
        db.close()
    assert {m for m in sys.modules if m.startswith("chiso_desktop.cli")} == loaded_cli
