"""Start-up shows a window before the core is imported, then the main window with data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database


def test_first_window_shows_before_the_core_loads_then_the_main_window(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    db = open_database(path)
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         catalogs=("nhichieu-cchc-2026",)))
    db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHISO_STARTUP_PROBE="1")
    res = subprocess.run([sys.executable, "-m", "chiso_desktop.gui.app", "--db", str(path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    lines = res.stdout.split()
    assert lines[:3] == ["window-shown", "core-pending", "window-ready"], res.stdout
