"""The ``windows`` fixture: the test runs under Windows' file-system rules (winrules.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

if sys.platform == "win32":  # on Windows itself the rules are real; the layer needs Linux
    collect_ignore_glob = ["test_*.py"]

from .winrules import WindowsRules


@pytest.fixture
def windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WindowsRules:
    from chiso_desktop.fileio import atomic_file

    # A file held open stays locked for good in a test: keep the retry short.
    monkeypatch.setattr(atomic_file, "REPLACE_RETRY_DELAYS", (0.01, 0.02))
    return WindowsRules(tmp_path).install(monkeypatch)
