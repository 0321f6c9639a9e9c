"""Fixtures every test folder may use (``tests/conftest.py`` loads them as a plugin)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chiso_desktop.store.db import Database, open_database

from .bundles import Forger, small_bundle
from .cli import CliResult, run_cli
from .ward import install_department


@pytest.fixture
def chiso() -> Callable[..., CliResult]:
    """Run the CLI in-process: ``chiso("--db", path, "catalog", "list")``."""
    return run_cli


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database in the test's folder."""
    database = open_database(tmp_path / "chiso.db")
    yield database
    database.close()


@pytest.fixture
def installed_db(db: Database) -> Database:
    """A department installation (Nhị Chiểu plan, KT, with the CCHC forms)."""
    return install_department(db)


@pytest.fixture
def forger() -> Forger:
    return Forger()


@pytest.fixture(scope="session")
def bundle_bytes() -> bytes:
    return small_bundle()
