"""Qt runs offscreen; nothing touches the real user profile. Shared fixtures: tests/support."""

from __future__ import annotations

import gc
import os
import sys

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
from chiso_desktop.gui.gc_thresholds import collect_if_due

# pytest rewrites every test module's asserts on import (≈4 s of CPU per process for the
# suite) and caches the result in __pycache__ (git-ignored), unless bytecode writing is
# off; PYTHONDONTWRITEBYTECODE=1 (set in some sandboxes) would make every run and every
# xdist worker pay it again.
sys.dont_write_bytecode = False

pytest_plugins = ["tests.support.fixtures"]

# As in the application (gui/gc_on_gui_thread.py): the cycle collector must never run on a
# worker thread, where freeing a Qt widget caught in a cycle crashes the process (seen as
# a segfault in an Operation's commit during the whole-job test). Collection is switched
# off and done between tests, on the main thread, by the interpreter's own thresholds.
GC_THRESHOLD = gc.get_threshold()


def pytest_configure(config: pytest.Config) -> None:
    gc.disable()
    # Hypothesis: every example in the whole run, a quarter in the quick loop
    # (tests/support/examples.py); set before any test module is imported.
    from hypothesis import settings

    from tests.support import examples

    examples.FULL = examples.is_full_run(config.option.markexpr or "")
    settings.register_profile("quick", max_examples=examples.example_count(100))
    if not examples.FULL:
        settings.load_profile("quick")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    collect_if_due(GC_THRESHOLD)


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("CHISO_PASSPHRASE", "test passphrase")
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """A plain ``pytest`` (no paths given: the whole suite) runs on every core.

    The same as ``pytest -n auto --dist loadfile``: each file stays on one worker, so a
    file's prebuilt setups (``tests/support/prebuilt.py``) and module fixtures are built
    once. Runs given paths (``pytest tests/gui/test_x.py``) stay in one process, as do
    ``-n 0`` (the way to switch it off), ``--pdb`` and ``-p no:xdist``. Runs before
    pytest-xdist's own hook, which then reads these options.
    """
    option = config.option
    if hasattr(config, "workerinput") or os.environ.get("PYTEST_XDIST_WORKER"):
        return  # a worker: it runs what it is given, never workers of its own
    if not hasattr(option, "numprocesses") or option.numprocesses is not None:
        return
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS or option.usepdb:
        return
    option.numprocesses = "auto"
    if option.dist == "no":
        option.dist = "loadfile"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true",
                     help="rewrite the golden files in tests/reference/ from today's output "
                          "(review the diff before committing)")
