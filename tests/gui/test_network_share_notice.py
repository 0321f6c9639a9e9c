"""A database in a network folder says so in the status bar, with what that means."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chiso_desktop.fileio import network_folder
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.store.db import Database, open_database
from tests.support.ward import build_ward


def _window(qtbot, path: Path) -> tuple[MainWindow, Database]:
    db = open_database(path)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    return window, db


def test_the_status_bar_names_the_network_folder(qtbot, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ward = build_ward(tmp_path / "ward", ("KT",))
    share = tmp_path / "chung"
    share.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//nas/phuong {share} cifs rw 0 0\n",
                      encoding="utf-8")
    monkeypatch.setattr(network_folder, "MOUNTS_FILE", mounts)
    on_share = share / "kt.db"
    shutil.copy(ward.dbs["KT"], on_share)

    window, db = _window(qtbot, on_share)
    try:
        label = window.share_label
        assert label.isVisible()
        assert label.text() == f"Thư mục mạng: //nas/phuong (cifs, {share})"
        assert "mỗi lúc chỉ một máy" in label.toolTip() and "đóng ứng dụng" in label.toolTip()
    finally:
        window.close()
        db.close()

    window, db = _window(qtbot, ward.dbs["KT"])  # on the local disk: nothing to say
    try:
        assert not window.share_label.isVisible()
    finally:
        window.close()
        db.close()
