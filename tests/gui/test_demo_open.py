"""`chiso-desktop --db DEMO/office.db` shows real data on first open (issue 7)."""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.store.db import open_database
from tests.support.prebuilt import Prebuilt
from tests.support.ward import DEMO_TODAY, demo_ward

TODAY = DEMO_TODAY


def test_office_window_opens_on_a_period_with_values(qtbot, tmp_path: Path,
                                                      prebuilt: Prebuilt) -> None:
    demo = prebuilt.copy(tmp_path / "demo", demo_ward)  # build_demo(…, today=TODAY)
    db = open_database(demo.databases["VP"])
    try:
        ctx = AppContext(db)
        window = MainWindow(ctx, today=TODAY)
        qtbot.addWidget(window)
        window.show()
        assert ctx.period is not None and ctx.period.id == "202610"
        merged = window.page("office_merged")
        assert merged is not None
        model = merged.table.model()
        values = [model.index(r, 3).data() for r in range(model.rowCount())]
        assert sum(1 for v in values if v) >= 10, values
    finally:
        db.close()
