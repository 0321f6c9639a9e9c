"""Tests do not depend on their order: no global state decides what the importer accepts.

The importer once kept a global table of handlers filled at import time, so an
exchange test that registered a kind and removed it again broke the Office's
receipt round trip run after it. Each run is a fresh pytest process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAIR = ["tests/exchange/test_tamper.py::test_other_kinds_plug_into_the_importer",
        "tests/office/test_office_cli.py::test_receipt_round_trip"]
# Each case runs fresh pytest processes over other test files: part of the full run only.
pytestmark = pytest.mark.slow

MODULES = [*PAIR, "tests/office/test_targets.py", "tests/bundle/test_roundtrip.py"]


def _pytest(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_pair_passes_in_the_order_that_used_to_fail() -> None:
    res = _pytest(*PAIR)
    assert res.returncode == 0, res.stdout[-3000:]


def test_a_few_modules_pass_last_to_first() -> None:
    res = _pytest("-p", "tests.support.reverse", *MODULES)
    assert res.returncode == 0, res.stdout[-3000:]
    assert " passed" in res.stdout and "failed" not in res.stdout, res.stdout[-3000:]
