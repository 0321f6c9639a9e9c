"""Fixtures every test folder may use (``tests/conftest.py`` loads them as a plugin)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chiso_desktop.store import db as store_db
from chiso_desktop.store.db import Database, open_database

from .bundles import Forger, small_bundle
from .cli import CliResult, run_cli
from .fastdb import fast_upgrade, make_template
from .prebuilt import Prebuilt
from .ward import install_department

# -- New databases: a copy of one migrated database (tests/support/fastdb.py) ---------------


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the schema head, migrated for real once per session (and xdist worker)."""
    return make_template(tmp_path_factory.mktemp("migrated"))


@pytest.fixture(scope="session", autouse=True)
def _migrated_copies_all_session(migrated_template: Path) -> Iterator[None]:
    """Every new SQLite database of the session starts as a copy of ``migrated_template``:
    also those of module- and session-scoped fixtures, which are set up before any test's
    own fixtures (``_migrated_copies`` below puts the real migrations back for a test marked
    ``real_migrations``)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_db, "upgrade", fast_upgrade(migrated_template, store_db.upgrade))
        yield


@pytest.fixture(autouse=True)
def _migrated_copies(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test marked ``real_migrations`` runs every Alembic migration on its new databases."""
    if request.node.get_closest_marker("real_migrations") is not None:
        monkeypatch.setattr(store_db, "upgrade", getattr(store_db.upgrade, "__wrapped__",
                                                         store_db.upgrade))


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


def _department(root: Path, office: object, code: str) -> Path:
    path = root / "chiso.db"
    install_department(open_database(path), code).close()
    return path


def _vp_department(root: Path, office: object) -> Path:
    return _department(root, office, "VP")


def _kt_department(root: Path, office: object) -> Path:
    return _department(root, office, "KT")


@pytest.fixture
def installed_db(prebuilt: Prebuilt, tmp_path: Path) -> Iterator[Database]:
    """The Office's own department VP as a department installation (Nhị Chiểu plan, with the
    CCHC forms): it reports Biểu mẫu 1–7, which the plan assigns to no other department.
    Set up once per session and copied (``prebuilt``): the setup takes ≈0.1 s."""
    database = open_database(prebuilt.copy(tmp_path / "vp", _vp_department))
    yield database
    database.close()


@pytest.fixture
def kt_db(prebuilt: Prebuilt, tmp_path: Path) -> Iterator[Database]:
    """KT, which sees only its plan indicators by default (the CCHC forms are VP's)."""
    database = open_database(prebuilt.copy(tmp_path / "kt", _kt_department))
    yield database
    database.close()


@pytest.fixture
def forger() -> Forger:
    return Forger()


@pytest.fixture(scope="session")
def bundle_bytes() -> bytes:
    return small_bundle()


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
             ) -> Prebuilt:
    """Setups built once per session and copied per test (``tests/support/prebuilt.py``):
    ``prebuilt.copy(tmp_path / "ward", builder, backend=backend)``."""
    shared = None
    if os.environ.get("PYTEST_XDIST_WORKER") and sys.platform != "win32":
        # Every worker of this run has its basetemp in the same folder (pytest-xdist).
        shared = tmp_path_factory.getbasetemp().parent / "prebuilt-shared"
        shared.mkdir(exist_ok=True)
    return Prebuilt(tmp_path_factory.mktemp("prebuilt"),
                    lambda: request.getfixturevalue("pg_server"), shared)


# -- PostgreSQL: a throwaway server for the session, a fresh database per test ----------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """A scratch PostgreSQL server (initdb + pg_ctl on 127.0.0.1), stopped after the session.

    Without PostgreSQL binaries the PostgreSQL half is skipped on a developer's
    machine, and fails in CI (``CI=true``), where ``.ci/setup`` installs them.
    """
    from chiso_desktop.store import scratch_postgres

    try:
        server = scratch_postgres.start()
    except scratch_postgres.NoPostgres as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(f"no PostgreSQL here: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """The URL of a new, empty database on the scratch server."""
    return pg_server.create_database()  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database for the test on each backend: a SQLite file, or a PostgreSQL URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "store.db")


# -- One engine per database file and test, however often the CLI opens it -------------------

_ENGINES: dict[tuple[str, str], object] = {}


@pytest.fixture(autouse=True)
def _engine_per_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each ``open_database`` of one SQLite file in a test reuses one engine (``Database.close``
    disposes of its connections, as before), so SQLAlchemy compiles each statement once per test
    instead of once per CLI command: the suite runs the CLI in-process over a thousand times,
    each a fresh engine with an empty statement cache (≈⅓ of a command's time)."""
    real = store_db.make_engine

    def cached(url: str, *, journal_mode: str = "WAL") -> object:
        if not url.startswith("sqlite"):
            return real(url, journal_mode=journal_mode)
        key = (url, journal_mode)
        if key not in _ENGINES:
            _ENGINES[key] = real(url, journal_mode=journal_mode)
        return _ENGINES[key]

    monkeypatch.setattr(store_db, "make_engine", cached)
    yield
    for engine in _ENGINES.values():
        engine.dispose()  # type: ignore[attr-defined]
    _ENGINES.clear()
