"""Issue 12: a read-only database or an unwritable folder gets a plain message, exit 3.

Tests run as root, which file permissions do not stop: the folder is made
immutable with ``chattr +i`` (skipped where the filesystem has no such
attribute), and the read-only write comes from SQLite's own error.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import ok
from tests.support.ward import file_state


@pytest.fixture
def office(chiso: Callable[..., Any], tmp_path: Path) -> Path:
    db = tmp_path / "office.db"
    ok(chiso("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu", "--plan",
             "nhichieu-202-2026", "--catalog", "nhichieu-cchc-2026"))
    return db


@pytest.fixture
def frozen_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "frozen"
    folder.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i does not work on this filesystem")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_new_database_in_an_unwritable_folder_is_not_called_damaged(
        chiso: Callable[..., Any], frozen_folder: Path) -> None:
    result = chiso("--db", frozen_folder / "new.db", "status", "--period", "2026-11")
    assert result.code == 3, result
    assert "Traceback" not in result.err
    assert "thư mục" in result.err and "không ghi được" in result.err.lower(), result.err
    assert "sao lưu" not in result.err  # no advice to restore a backup: nothing is damaged
    assert not list(frozen_folder.iterdir())


def test_a_folder_that_is_a_file_is_reported_as_unwritable(chiso: Callable[..., Any],
                                                            tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    result = chiso("--db", tmp_path / "plain" / "new.db", "status", "--period", "2026-11")
    assert result.code == 3, result
    assert "Traceback" not in result.err and "thư mục" in result.err, result.err


def test_a_real_corruption_still_points_at_the_backup(chiso: Callable[..., Any],
                                                      tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    result = chiso("--db", bad, "status", "--period", "2026-11")
    assert result.code == 3 and "sao lưu" in result.err, result.err


def test_a_read_only_database_on_a_write_says_what_to_do(
        chiso: Callable[..., Any], office: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from chiso_desktop.cli import exchange_cmds

    def readonly(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(exchange_cmds, "import_files", readonly)
    monkeypatch.setattr(exchange_cmds.identity, "require_own_fingerprint", lambda _s: None)
    before = file_state(office)
    bundle = tmp_path / "x.chiso"
    bundle.write_bytes(b"x")
    result = chiso("--db", office, "import", bundle)
    assert result.code == 3, result
    assert "Traceback" not in result.err
    assert "chỉ cho phép đọc" in result.err and "thử lại" in result.err, result.err
    assert file_state(office) == before
