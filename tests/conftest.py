"""Shared fixtures. Qt runs offscreen; nothing touches the real user profile."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CHISO_PDF_FONT"] = "bundled"
os.environ.pop("CHISO_DB", None)
os.environ.setdefault("CHISO_LANG", "vi")

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from chiso_desktop import i18n


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("CHISO_PASSPHRASE", "test passphrase")
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def chiso(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the CLI in-process: ``chiso("--db", path, "catalog", "list")``."""
    from chiso_desktop.cli.main import main

    def run(*argv: object) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors and --version
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        i18n.set_language(os.environ.get("CHISO_LANG", "vi"))
        return CliResult(code, captured.out, captured.err)

    return run


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
