"""Time from process start to the main window shown, on the demo ward.

Builds the demo ward once (``chiso demo``), then starts ``chiso-desktop`` on
the Office database several times with ``CHISO_STARTUP_PROBE=1`` (the app
prints ``window-shown`` on the first event-loop turn after ``show()`` and
quits) and prints cold and warm figures next to a bare ``python -c pass``
start measured in the same run. Run: python bench/startup.py
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


def time_until(cmd: list[str], marker: str | None, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    if marker is None:
        proc.wait()
        return time.perf_counter() - start
    for line in proc.stdout:
        if marker in line:
            elapsed = time.perf_counter() - start
            proc.wait(timeout=30)
            return elapsed
    raise RuntimeError(f"{cmd[0]} exited without {marker!r}: {proc.stderr.read()[-2000:]}")


def main() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               CHISO_STARTUP_PROBE="1", CHISO_LANG="vi")
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        subprocess.run([sys.executable, "-m", "chiso_desktop.cli.main", "demo", str(demo)],
                       check=True, capture_output=True, env=env)
        office = demo / "office.db"
        bare = [time_until([sys.executable, "-c", "pass"], None, env) for _ in range(RUNS)]
        cmd = [sys.executable, "-m", "chiso_desktop.gui.app", "--db", str(office)]
        runs = [time_until(cmd, "window-shown", env) for _ in range(RUNS)]
    print(f"baseline: bare Python start       median {statistics.median(bare)*1000:7.0f} ms")
    print(f"chiso-desktop to window (cold)    {runs[0]*1000:7.0f} ms")
    print(f"chiso-desktop to window (warm)    median {statistics.median(runs[1:])*1000:7.0f} ms "
          f"(min {min(runs[1:])*1000:.0f}, max {max(runs[1:])*1000:.0f}) over {RUNS - 1} runs")


if __name__ == "__main__":
    main()
