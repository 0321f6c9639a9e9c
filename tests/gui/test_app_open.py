"""Opening a damaged database offers the latest good backup (issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso_desktop.gui import app as gui_app
from chiso_desktop.gui.qt import QMessageBox
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from chiso_desktop.store.opening import open_for_use


def _damaged_database(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    db = open_database(path)
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         catalogs=("nhichieu-cchc-2026",)))
    db.close()
    open_for_use(path).close()  # the daily backup now holds the set-up database
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    return path


def test_damaged_database_is_restored_from_the_latest_good_backup(
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _damaged_database(tmp_path)
    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    db = gui_app.open_or_explain(path)
    assert db is not None and asked and "office" in asked[0]
    from chiso_desktop.store.installation import get_installation

    with db.session() as s:
        assert get_installation(s).org_unit.name == "Phường Nhị Chiểu"
    db.close()


def test_declining_the_restore_changes_nothing(qtbot, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = _damaged_database(tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    assert gui_app.open_or_explain(path) is None
    assert path.read_bytes() == before
