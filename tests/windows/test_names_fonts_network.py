"""File names from Vietnamese unit names, Windows' font folder, and network folders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop import platform_rules
from chiso_desktop.fileio import network_folder
from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.fileio.instance_lock import DatabaseInUse, acquire_instance_lock
from chiso_desktop.platform_rules import name_problem, safe_file_name, unique_names
from chiso_desktop.reports.pdf import fonts
from chiso_desktop.store.db import open_database
from chiso_desktop.store.installation import slug
from tests.support.examples import example_count

from .winrules import WindowsRules, windows_refuses

UNITS = ["Phường Nhị Chiểu", "Xã Đắk Đoa", "Đặc khu Côn Đảo", "Phường Thủ Dầu Một",
         "Con", "NUL", "Aux", "com1", "Xã Ea H'leo", "Phường 1.", "Xã  ", "Ấp ...", "Lpt9",
         'Xã "Mới"', "Xã Tân Phú / Tân Hòa", "Phường Bến Thành: Quận 1", "ĐỨC", "đ"]
VIETNAMESE = st.text(
    st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọ"
                    "ồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵAĂÂĐÊÔƠƯ .-:/\\\"'?*<>|"), max_size=40)


def _gui_names(unit: str, department: str, period: str) -> list[str]:
    """The names the GUI suggests (actions_backend / gui.operations), without importing Qt."""
    return [safe_file_name(slug(unit), department or "office", period, suffix=".chiso"),
            safe_file_name(slug(unit), "period-report", period, suffix=".pdf")]


@pytest.mark.parametrize("unit", UNITS)
def test_names_suggested_from_unit_names_are_valid_on_windows(windows: WindowsRules,
                                                              unit: str) -> None:
    for department in ("KT", "", "CON", "nul", "A:B"):
        for name in [*_gui_names(unit, department, "2026Q2"),
                     safe_file_name(unit, department, "202610", suffix=".pdf"),
                     safe_file_name(unit)]:
            assert windows_refuses(name) is None, name
            assert name_problem(name) is None, name
            atomic_write_bytes(windows.root / name, b"x")  # and Windows takes it
            assert (windows.root / name).read_bytes() == b"x"


@settings(max_examples=example_count(300), deadline=None)
@given(unit=VIETNAMESE, department=VIETNAMESE)
def test_any_vietnamese_unit_name_gives_a_valid_name(unit: str, department: str) -> None:
    name = safe_file_name(unit, department, "2026S1", suffix=".xlsx")
    assert windows_refuses(name) is None and name_problem(name) is None
    assert name.endswith("2026S1.xlsx") and len(name) <= platform_rules.MAX_NAME + 12
    assert name.isascii()


def test_reserved_stems_get_an_underscore() -> None:
    assert safe_file_name("Con") == "Con_"
    assert safe_file_name("nul", suffix=".pdf") == "nul_.pdf"
    assert safe_file_name("Phường Nhị Chiểu", "KT", "202610", suffix=".pdf") == \
        "Phuong-Nhi-Chieu-KT-202610.pdf"


@pytest.mark.parametrize(("name", "why"), [
    ("CON", "reserved"), ("con.txt", "reserved"), ("COM1.pdf", "reserved"),
    ("LPT¹", "reserved"), ("a.", "dot"), ("a ", "dot"), ("a<b", "forbidden"),
    ("", "empty"), ("ok.pdf", None), ("console.pdf", None), ("com10", None),
])
def test_name_problem(name: str, why: str | None) -> None:
    problem = name_problem(name)
    assert (problem is None) if why is None else (why in (problem or ""))


def test_names_that_collide_case_insensitively_are_made_unique(windows: WindowsRules) -> None:
    names = unique_names(["ward-KT-questions.chiso", "ward-kt-questions.chiso",
                          "ward-Kt-questions.chiso", "ward-VHXH-questions.chiso"])
    assert names == ["ward-KT-questions.chiso", "ward-kt-questions-2.chiso",
                     "ward-Kt-questions-3.chiso", "ward-VHXH-questions.chiso"]
    for i, name in enumerate(names):
        atomic_write_bytes(windows.root / name, str(i).encode())
    # On Windows all four stay separate files with their own content.
    assert sorted(p.read_bytes() for p in windows.root.iterdir()) == [b"0", b"1", b"2", b"3"]


def test_without_unique_names_windows_would_overwrite(windows: WindowsRules) -> None:
    atomic_write_bytes(windows.root / "ward-KT.pdf", b"KT")
    atomic_write_bytes(windows.root / "ward-kt.pdf", b"kt")
    assert [p.name for p in windows.root.iterdir()] == ["ward-KT.pdf"]


def test_long_paths_are_detected() -> None:
    assert platform_rules.path_too_long("C:/" + "a" * 257)
    assert not platform_rules.path_too_long("/tmp/" + "a" * 200)


# -- Times New Roman -----------------------------------------------------------------------


def test_times_new_roman_is_found_in_the_windows_font_folder(windows: WindowsRules,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    folder = windows.windows_fonts()
    dirs = fonts.times_search_dirs()
    assert dirs[0] == folder
    assert dirs[1] == windows.root / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    assert not any(str(d).startswith("/usr") for d in dirs)  # no Linux folders on Windows
    assert fonts.find_times_new_roman() == tuple(folder / n for n in
                                                 ("times.ttf", "timesbd.ttf", "timesi.ttf",
                                                  "timesbi.ttf"))
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    family = fonts.serif_family()
    assert family.family == "ChisoTimes"


def test_without_windir_the_default_windows_folder_is_searched(windows: WindowsRules,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.delenv("WINDIR")
    monkeypatch.delenv("SYSTEMROOT", raising=False)
    monkeypatch.delenv("LOCALAPPDATA")
    assert fonts.times_search_dirs() == [Path("C:\\Windows") / "Fonts"]


def test_linux_searches_its_own_font_folders(tmp_path: Path) -> None:
    dirs = fonts.times_search_dirs()
    assert Path("/usr/share/fonts/truetype/msttcorefonts") in dirs
    assert not any("Windows" in str(d) for d in dirs)


# -- network folders -----------------------------------------------------------------------


@pytest.mark.parametrize(("path", "share"), [
    ("\\\\server\\chiso\\office.db", "\\\\server\\chiso"),
    ("//nas/du-lieu/phuong/office.db", "\\\\nas\\du-lieu"),
    ("\\\\?\\UNC\\server\\share\\x.db", "\\\\server\\share"),
    ("Z:\\Chi so\\office.db", "Z:"),
    ("C:\\Users\\clerk\\office.db", None),
    ("\\\\?\\C:\\Users\\clerk\\office.db", None),
])
def test_windows_network_paths(windows: WindowsRules, monkeypatch: pytest.MonkeyPatch,
                               path: str, share: str | None) -> None:
    monkeypatch.setattr(network_folder, "_drive_type",
                        lambda root: network_folder.DRIVE_REMOTE if root == "Z:\\" else 3)
    monkeypatch.setattr(network_folder.os.path, "abspath", lambda p: p)
    assert network_folder.network_share(path) == share


def test_drive_type_without_the_windows_api_is_unknown() -> None:
    assert network_folder._drive_type("C:\\") == 0


def _mounts(tmp_path: Path, share_dir: Path, fstype: str) -> Path:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        "proc /proc proc rw 0 0\n"
        f"//nas/chi\\040so {str(share_dir).replace(' ', chr(92) + '040')} {fstype} rw 0 0\n",
        encoding="utf-8")
    return mounts


@pytest.mark.parametrize("fstype", ["cifs", "nfs4", "smb3", "fuse.sshfs"])
def test_a_database_on_a_linux_network_mount_uses_the_rollback_journal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fstype: str) -> None:
    share_dir = tmp_path / "thu muc chung"
    share_dir.mkdir()
    monkeypatch.setattr(network_folder, "MOUNTS_FILE", _mounts(tmp_path, share_dir, fstype))
    db_path = share_dir / "phuong" / "office.db"
    assert network_folder.network_share(db_path) == f"//nas/chi so ({fstype}, {share_dir})"
    db = open_database(db_path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    finally:
        db.close()
    assert not db_path.with_name("office.db-wal").exists()
    with sqlite3.connect(db_path) as con:  # the file itself is in rollback-journal mode
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    local = tmp_path / "local.db"
    assert network_folder.network_share(local) is None
    db = open_database(local)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        db.close()


def test_the_lock_message_says_one_computer_at_a_time_on_a_network_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share_dir = tmp_path / "share"
    share_dir.mkdir()
    monkeypatch.setattr(network_folder, "MOUNTS_FILE", _mounts(tmp_path, share_dir, "cifs"))
    for db, expected, absent in ((share_dir / "office.db", "Mỗi lúc chỉ một máy", "trên máy này."),
                                 (tmp_path / "office.db", "trên máy này.", "thư mục mạng")):
        with acquire_instance_lock(db):
            import subprocess
            import sys

            code = ("import sys; from chiso_desktop.fileio.instance_lock import *\n"
                    "try:\n    acquire_instance_lock(sys.argv[1])\n"
                    "except DatabaseInUse as e:\n    print(e)\n")
            # Another process (flock is per process here): the message it gets.
            env_mounts = str(network_folder.MOUNTS_FILE)
            res = subprocess.run(
                [sys.executable, "-c", "import chiso_desktop.fileio.network_folder as n, "
                 f"pathlib; n.MOUNTS_FILE = pathlib.Path({env_mounts!r})\n" + code, str(db)],
                capture_output=True, text=True, timeout=60)
        assert expected in res.stdout and absent not in res.stdout, res.stdout + res.stderr
    exc = DatabaseInUse(share_dir / "office.db")
    assert exc.network_share and "cifs" in exc.network_share


def test_unreadable_mount_table_means_local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setattr(network_folder, "MOUNTS_FILE", tmp_path / "missing")
    assert network_folder.network_share(tmp_path / "x.db") is None
