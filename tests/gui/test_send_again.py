"""Issue 12 item 7 in the window: a period sent, then edited into an error, says "send
again" above the grid, and its export stops at the errors before asking for anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso_desktop.gui import actions_backend, guard_dialog
from chiso_desktop.gui.qt import QFileDialog, QInputDialog
from chiso_desktop.store.db import open_database
from tests.exchange.test_export_revalidates import sent_then_broken
from tests.gui.test_entry_page import open_window
from tests.support.ward import PASSPHRASE


@pytest.fixture
def vp_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CHISO_PASSPHRASE", PASSPHRASE)
    ward = sent_then_broken(tmp_path)
    db = open_database(ward.departments["VP"])
    yield db
    db.close()


def test_the_entry_page_says_send_again_and_export_stops_at_the_errors(
        qtbot, vp_db, monkeypatch: pytest.MonkeyPatch) -> None:
    _window, page = open_window(qtbot, vp_db, period="2026S1")
    summary = page.ui.summaryLabel.text()
    assert "Đã sửa sau khi gửi: cần gửi lại" in summary and "2 lỗi" in summary, summary

    shown: list[guard_dialog.Guard] = []

    def confirm(_parent, _title, guard, *_a, **_k) -> bool:
        shown.append(guard)
        return False  # a guard with blocking items offers only "Close"

    monkeypatch.setattr(guard_dialog, "confirm", confirm)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: pytest.fail("asked for a file despite the errors"))
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: pytest.fail("asked for the passphrase"))
    actions_backend.export_bundle(page)
    [guard] = shown
    assert {o.code for o in guard.blocking} >= {"BM1.2", "BM1.2.2"}, guard
