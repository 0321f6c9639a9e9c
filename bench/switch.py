"""Tab and period switch times in the Office window on the demo ward (target: under 150 ms).

Builds the demo ward, opens the main window offscreen at 1366×768, then
times, with every pending event and paint flushed:

* each tab the first time it is shown (the page is built then) and again,
* switching the period back and forth between the two latest months with
  each tab showing (the pages reload on ``period_changed``).

Run: python bench/switch.py [repeats]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CHISO_LANG", "vi")

TARGET_MS = 150.0


def flush(app: object) -> None:
    for _ in range(3):
        app.processEvents()  # type: ignore[attr-defined]


def timed(app: object, action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    flush(app)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    from chiso_desktop import i18n
    from chiso_desktop.gui.app import make_application
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.gui.main_window import MainWindow
    from chiso_desktop.gui.translator import Translators
    from chiso_desktop.office.demo import build_demo
    from chiso_desktop.store.opening import open_for_use

    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    translators = Translators()  # kept: the translators live as long as this object
    translators.install(i18n.language())
    with tempfile.TemporaryDirectory() as tmp:
        demo = build_demo(Path(tmp) / "demo")
        db = open_for_use(demo.databases["VP"])
        try:
            ctx = AppContext(db)
            window = MainWindow(ctx)
            window.resize(1366, 768)
            window.show()
            flush(app)
            assert ctx.period is not None
            latest = ctx.period
            earlier = latest.previous()
            keys = [spec.key for spec in window.specs]
            print(f"demo Office, {len(keys)} tabs, periods {latest.id} / {earlier.id}")
            worst = 0.0
            for key in keys:
                first = timed(app, lambda k=key: window.show_page(k))
                again = []
                for _ in range(repeats):
                    window.show_page(keys[0])
                    flush(app)
                    again.append(timed(app, lambda k=key: window.show_page(k)))
                worst = max(worst, first, statistics.median(again))
                print(f"  tab {key:<18} first {first:7.1f} ms   again median "
                      f"{statistics.median(again):6.1f} ms")
            for key in keys:
                window.show_page(key)
                flush(app)
                switches = []
                for n in range(repeats * 2):
                    target = earlier if n % 2 == 0 else latest
                    switches.append(timed(app, lambda p=target: ctx.set_period(p)))
                worst = max(worst, statistics.median(switches))
                print(f"  period switch on {key:<18} median {statistics.median(switches):6.1f} "
                      f"ms (max {max(switches):.1f})")
            verdict = "within" if worst < TARGET_MS else "over"
            print(f"worst (first showing or median) {worst:.1f} ms ({verdict} the {TARGET_MS:.0f} ms target)")
            window.close()
        finally:
            db.close()


if __name__ == "__main__":
    main()
