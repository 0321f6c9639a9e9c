"""The department exports its period from the entry page and prints the cover sheet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.gui import actions_backend
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.page import EntryPage
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.qt import QFileDialog, QInputDialog, QMessageBox
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from chiso_desktop.store.exchange_models import ExportedBundle
from tests.support.ward import PASSPHRASE, build_ward

MONTH = "202605"


@pytest.fixture
def department(tmp_path: Path):
    ward = build_ward(tmp_path / "ward", ("KT",))
    db = open_database(ward.dbs["KT"])
    with db.session() as s, s.begin():
        set_values(s, parse_period(MONTH), [Entry("A.IV.3.1", "12"), Entry("A.IV.3.2", "3")],
                   actor="An", lang="vi")
    yield ward, db
    db.close()


def test_export_bundle_and_cover_sheet_from_the_entry_page(qtbot, department, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    ward, db = department
    from chiso_desktop.gui import guard_dialog

    guards: list[object] = []  # mark ready and export list the empty items and ask
    monkeypatch.setattr(guard_dialog, "confirm", lambda *a, **k: guards.append(a[2]) or True)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.set_period(parse_period(MONTH))
    page = window.page("entry")
    assert isinstance(page, EntryPage)
    page.ui.markReadyButton.click()
    qtbot.waitUntil(lambda: page.ui.exportButton.isEnabled(), timeout=5000)

    out = tmp_path / "usb" / "kt-202605.chiso"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    # CHISO_PASSPHRASE (set for every test) is honoured, as on the Office pages: not asked.
    assert os.environ["CHISO_PASSPHRASE"] == PASSPHRASE
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: pytest.fail("asked although CHISO_PASSPHRASE is set"))
    informed: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a, **k: informed.append(text))
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *a, **k: pytest.fail(text))
    actions_backend.export_bundle(page)
    qtbot.waitUntil(lambda: bool(informed), timeout=20000)
    assert out.exists()
    with db.session() as s:
        assert s.query(ExportedBundle).count() == 1
    # the Office accepts what the GUI wrote
    office = open_database(ward.office)
    try:
        from chiso_desktop.exchange.importer import import_files
        from chiso_desktop.office.handlers import import_handlers

        results = import_files(office, [out], handlers=import_handlers(), secret=PASSPHRASE)
        assert results[0].status == "imported", results[0].reason
    finally:
        office.close()

    pdf = tmp_path / "cover.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    saved: list[str] = []
    page.status_message.connect(saved.append)
    actions_backend.print_cover(page)  # previewed inside the app, printed or saved from there
    qtbot.waitUntil(lambda: getattr(page, "cover_preview", None) is not None, timeout=20000)
    preview = page.cover_preview
    assert preview.isVisible() and preview.save_button.isVisible()
    preview.save_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=20000)
    preview.reject()
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "PHIẾU GỬI SỐ LIỆU" in text and "Phòng Kinh tế" in text
    assert "TRƯỞNG PHÒNG" in text and "TM. ỦY BAN NHÂN DÂN" not in text  # the head signs
