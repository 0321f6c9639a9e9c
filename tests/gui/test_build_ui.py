"""The compiled forms in gui/generated/ are what ``ui/*.ui`` compile to today."""

from __future__ import annotations

import subprocess
import sys


def test_generated_forms_are_up_to_date() -> None:
    res = subprocess.run([sys.executable, "-m", "chiso_desktop.gui.build_ui", "--check"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, (
        f"{res.stdout}{res.stderr}\nRun: python -m chiso_desktop.gui.build_ui")
