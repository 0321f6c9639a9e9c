"""Qt runs offscreen; nothing touches the real user profile. Shared fixtures: tests/support."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CHISO_PDF_FONT"] = "bundled"
os.environ.pop("CHISO_DB", None)
os.environ.setdefault("CHISO_LANG", "vi")
# Keys made in tests (and the CLI processes they start) are protected with scrypt
# n = 2**10 instead of the default's ≈0.25 s; tests/bundle/test_key_protection.py
# measures the real cost with this unset.
os.environ["CHISO_TEST_KDF_LOG2N"] = "10"

from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso_desktop import i18n

pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("CHISO_PASSPHRASE", "test passphrase")
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true",
                     help="rewrite the golden files in tests/reference/ from today's output "
                          "(review the diff before committing)")
