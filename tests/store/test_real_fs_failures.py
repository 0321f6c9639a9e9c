"""Issue 12: read-only files and folders, read-only and full drives, for real.

``test_bad_states.py`` fakes SQLite's error; here the operating system refuses
the write (see ``tests/support/fs_failures.py`` for how, as root). Each case: a
plain Vietnamese message saying what to do, exit 3, no traceback, and the
database byte-identical afterwards (and still readable once the cause is gone).
The cases that start a CLI process of their own are ``slow`` but one.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chiso_desktop.values import door
from tests.support.cli import CliResult, ok, run_cli
from tests.support.fs_failures import (
    fill,
    read_only_drive,
    run_cli_process,
    small_drive,
    unprivileged_prefix,
)
from tests.support.ward import file_state

SLOW = pytest.mark.slow  # one CLI process each (a few seconds): the quick loop keeps one of them
WRITE = ("values", "set", "--period", "202606", "A.IV.3.1=9")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A department's database holding one value (copied into each test's folder)."""
    db = tmp_path_factory.mktemp("template") / "kt.db"
    ok(run_cli("--db", db, "init", "--role", "department", "--unit", "Phường Nhị Chiểu",
               "--department", "KT", "--catalog", "nhichieu-202-2026", "--plan",
               "nhichieu-202-2026"))
    ok(run_cli("--db", db, "values", "set", "--period", "202606", "A.IV.3.1=5"))
    return db


def place(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "kt.db"
    shutil.copyfile(template, db)
    return db


def refused(result: CliResult, *words: str) -> None:
    assert result.code == 3, result
    assert "Traceback" not in result.err and "Error" not in result.err, result.err
    assert "Chưa có gì" in result.err, result.err  # nothing was changed
    assert "sao lưu" not in result.err, result.err  # nothing damaged: no backup to restore
    for word in words:
        assert word in result.err, result.err


def still_holds_the_value(db: Path) -> None:
    listed = ok(run_cli("--db", db, "values", "list", "--period", "202606", "--json")).json()
    assert {v["code"]: v["value"] for v in listed}["A.IV.3.1"] == "5", listed


def test_a_read_only_database_file(template: Path, tmp_path: Path) -> None:
    prefix = unprivileged_prefix(tmp_path)
    db = place(template, tmp_path / "w")
    before = file_state(db)
    db.chmod(0o444)
    try:
        refused(run_cli_process("--db", db, *WRITE, prefix=prefix, home=tmp_path),
                "tệp chỉ cho phép đọc", "bỏ thuộc tính chỉ đọc")
    finally:
        db.chmod(0o644)
    assert file_state(db) == before
    still_holds_the_value(db)


@SLOW
def test_working_files_left_read_only_by_another_account_are_named(
        template: Path, tmp_path: Path) -> None:
    """The file is writable, but its -shm was left read-only by another account (SQLite
    mends the mode of a -shm it owns, not of someone else's)."""
    prefix = unprivileged_prefix(tmp_path)
    db = place(template, tmp_path / "w")
    before = file_state(db)
    shm = db.with_name("kt.db-shm")
    shm.write_bytes(b"")
    os.chown(shm, 65534, 65534)  # nobody
    shm.chmod(0o444)
    try:
        refused(run_cli_process("--db", db, *WRITE, prefix=prefix, home=tmp_path),
                "kt.db-shm", "chỉ cho phép đọc", "đóng mọi chương trình")
    finally:
        shm.unlink()
    assert file_state(db) == before


@SLOW
def test_a_wal_database_in_a_read_only_folder(template: Path, tmp_path: Path) -> None:
    """A writable file in a folder where SQLite cannot create its -wal and -shm files."""
    prefix = unprivileged_prefix(tmp_path)
    folder = tmp_path / "w"
    db = place(template, folder)
    before = file_state(db)
    folder.chmod(0o555)
    try:
        result = run_cli_process("--db", db, *WRITE, prefix=prefix, home=tmp_path)
        listing = sorted(p.name for p in folder.iterdir())
    finally:
        folder.chmod(0o755)
    refused(result, "thư mục", "không cho phép ghi")
    assert "tệp chỉ cho phép đọc" not in result.err  # the file is not the problem
    assert "kt.db-wal" not in listing and "kt.db-shm" not in listing, listing
    assert file_state(db) == before
    still_holds_the_value(db)


@SLOW
def test_a_new_database_in_a_read_only_folder(tmp_path: Path) -> None:
    prefix = unprivileged_prefix(tmp_path)
    folder = tmp_path / "w"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_cli_process("--db", folder / "new.db", "status", "--period", "202606",
                                 prefix=prefix, home=tmp_path)
        assert not list(folder.iterdir())
    finally:
        folder.chmod(0o755)
    refused(result, "thư mục")


def test_a_read_only_drive(template: Path, tmp_path: Path,
                           chiso: Callable[..., Any]) -> None:
    folder = tmp_path / "w"
    db = place(template, folder)
    before = file_state(db)
    with read_only_drive(folder):
        refused(chiso("--db", db, *WRITE), "ổ đĩa chứa tệp chỉ cho phép đọc", "chép tệp")
    assert file_state(db) == before
    still_holds_the_value(db)


NOTED = ("A.IV.3.1", "A.IV.3.2", "A.IV.3.3", "A.IV.3.4", "D.3.1", "D.3.2", "D.3.3", "D.3.4",
         "D.3.5", "D.3.6", "D.4.1", "D.4.2", "D.5.1")


def _notes(kib: int) -> list[str]:
    """``--note`` arguments holding about ``kib`` KiB of Vietnamese text, each note within
    the door's length limit (spread over the department's fields), worded like real notes
    rather than one sentence repeated (which compresses past the bundle's ratio limit)."""
    words = ("hợp tác xã", "đang hoạt động", "trên địa bàn", "phường", "theo sổ", "đối chiếu",
             "số liệu", "quý", "tháng", "kiểm tra", "bổ sung", "điều chỉnh", "báo cáo", "hộ",
             "lao động", "doanh thu", "tỷ đồng", "thành viên", "giải thể", "thành lập mới")
    rng = random.Random(12)
    notes = []
    for code in NOTED:
        text = ""
        while len(text) < door.MAX_TEXT - 40:
            text += " ".join(rng.choice(words) for _ in range(6)) + f" {rng.randint(1, 9999)}. "
        notes += ["--note", f"{code}={text[:door.MAX_TEXT].strip()}"]
        if sum(len(n.encode()) for n in notes[1::2]) > kib * 1024:
            break
    return notes


@pytest.mark.parametrize("leave_kib", [0, 48], ids=["nothing-free", "48-kib-free"])
def test_a_full_drive(template: Path, tmp_path: Path, chiso: Callable[..., Any],
                      leave_kib: int) -> None:
    """A 3 MiB drive filled up: with nothing left SQLite cannot even map its -shm
    ("disk I/O error"); with a little left the write itself runs out ("disk is full")."""
    with small_drive(tmp_path / "usb", 3 * 1024) as drive:
        db = place(template, drive)
        before = file_state(db)
        filler = fill(drive, leave_kib)
        refused(chiso("--db", db, *WRITE, *_notes(120)), "đã đầy", "giải phóng")
        filler.unlink()
        assert file_state(db) == before
        still_holds_the_value(db)


@SLOW
def test_a_file_size_limit(template: Path, tmp_path: Path) -> None:
    """The operating system refuses to grow the files (RLIMIT_FSIZE, EFBIG): a drive
    refusing the write that is not full, where a tmpfs cannot be mounted or not."""
    db = place(template, tmp_path / "w")
    before = file_state(db)
    result = run_cli_process("--db", db, *WRITE, *_notes(100), home=tmp_path,
                             file_size_limit=40_000)
    refused(result, "không cho ghi", "kiểm tra ổ đĩa")
    assert file_state(db) == before
    still_holds_the_value(db)


@SLOW
@pytest.mark.parametrize("leave_kib", [0, 48], ids=["nothing-free", "48-kib-free"])
def test_an_office_import_on_a_full_drive(tmp_path: Path, chiso: Callable[..., Any],
                                          monkeypatch: pytest.MonkeyPatch,
                                          leave_kib: int) -> None:
    """A department's bundle imported at an Office whose drive is full: nothing saved."""
    from tests.support.ward import PASSPHRASE, build_ward

    monkeypatch.setenv("CHISO_PASSPHRASE", PASSPHRASE)
    ward = build_ward(tmp_path / "ward", departments=("KT",))
    kt = ward.departments["KT"]
    ok(chiso("--db", kt, "values", "set", "--period", "202606", "A.IV.3.1=7", "A.IV.3.2=2",
             *_notes(100)))
    bundle = tmp_path / "kt.chiso"
    ok(chiso("--db", kt, "export", "--period", "202606", "--out", bundle))
    with small_drive(tmp_path / "usb", 4 * 1024) as drive:
        office = place(Path(ward.office), drive)
        before = file_state(office)
        filler = fill(drive, leave_kib)
        result = chiso("--db", office, "import", bundle)
        assert result.code == 3, result
        assert "Traceback" not in result.err and "sao lưu" not in result.err, result.err
        assert "đầy" in result.err or "không cho ghi" in result.err, result.err
        filler.unlink()
        assert file_state(office) == before
        # Once there is room, the same file imports.
        ok(chiso("--db", office, "import", bundle))
