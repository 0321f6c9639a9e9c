"""Whole-process time to the first shown window: chiso-desktop on the demo Office vs bare Qt.

Builds the demo ward once (``chiso demo``), then alternately starts

* a bare PySide6 program that shows a ``QMainWindow`` holding a 100 × 6
  ``QTableWidget`` (the brief's baseline), and
* ``chiso-desktop`` on the Office database with ``CHISO_STARTUP_PROBE=1``:
  the app prints ``window-shown`` on the first event-loop turn after its
  first window is shown, and ``window-ready`` once the main window with the
  period's data has replaced it (then quits),

each timed from ``Popen`` to the marker line, so both include the
interpreter, imports, Qt start-up and the first paint. Prints the medians of
the warm runs and the ratios (target: first window at most 2.5× the bare one).
Run: python bench/startup.py [runs]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
TARGET_RATIO = 2.5

BARE_TABLE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication([])
window = QMainWindow()
table = QTableWidget(100, 6)
for r in range(100):
    for c in range(6):
        table.setItem(r, c, QTableWidgetItem(f"{r}.{c}"))
window.setCentralWidget(table)
window.resize(1024, 600)
window.show()
QTimer.singleShot(0, lambda: (print("window-shown", flush=True), app.quit()))
app.exec()
"""


def time_until(cmd: list[str], markers: tuple[str, ...], env: dict[str, str]) -> list[float]:
    """Seconds from start to each marker line, in order."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    found: list[float] = []
    for line in proc.stdout:
        if markers[len(found)] in line:
            found.append(time.perf_counter() - start)
            if len(found) == len(markers):
                proc.wait(timeout=30)
                return found
    raise RuntimeError(f"{cmd[0]} exited before {markers[len(found)]!r}: "
                       f"{proc.stderr.read()[-2000:]}")


def describe(name: str, runs: list[float]) -> str:
    warm = runs[1:]
    return (f"{name:<36} cold {runs[0]*1000:6.0f} ms   warm median "
            f"{statistics.median(warm)*1000:6.0f} ms (min {min(warm)*1000:.0f}, "
            f"max {max(warm)*1000:.0f})")


def main() -> None:
    runs_wanted = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               CHISO_STARTUP_PROBE="1", CHISO_LANG="vi")
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        subprocess.run([sys.executable, "-m", "chiso_desktop.cli.main", "demo", str(demo)],
                       check=True, capture_output=True, env=env)
        office = demo / "office.db"
        bare_cmd = [sys.executable, "-c", BARE_TABLE]
        app_cmd = [sys.executable, "-m", "chiso_desktop.gui.app", "--db", str(office)]
        bare: list[float] = []
        shown: list[float] = []
        ready: list[float] = []
        for _ in range(runs_wanted + 1):  # interleaved, so both see the same machine load
            bare.append(time_until(bare_cmd, ("window-shown",), env)[0])
            first, loaded = time_until(app_cmd, ("window-shown", "window-ready"), env)
            shown.append(first)
            ready.append(loaded)
    base = statistics.median(bare[1:])
    ratio = statistics.median(shown[1:]) / base
    print(describe("baseline: bare PySide6 window+table", bare))
    print(describe("chiso-desktop: first window", shown))
    print(describe("chiso-desktop: data shown (demo)", ready))
    verdict = "within" if ratio <= TARGET_RATIO else "over"
    print(f"ratio first window / bare            {ratio:.2f}× ({verdict} the {TARGET_RATIO}× "
          f"target)")
    print(f"ratio data shown / bare              {statistics.median(ready[1:]) / base:.2f}×")


if __name__ == "__main__":
    main()
