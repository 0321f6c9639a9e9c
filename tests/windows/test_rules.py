"""The layer enforces what Windows enforces, and the atomic writer lives by it."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

import pytest

from chiso_desktop.fileio.atomic_file import (
    FileInUse,
    WriteFailed,
    atomic_write,
    atomic_write_bytes,
    atomic_write_path,
)
from chiso_desktop.i18n import set_language
from chiso_desktop.platform_rules import on_windows

from .winrules import WindowsRules


def _old_atomic_write(path: Path, data: bytes) -> None:
    """What atomic_file did before issue 13: fsync through a read-only descriptor."""
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "xb") as f:
        f.write(data)
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def test_the_layer_reproduces_the_bad_file_descriptor_of_the_old_writer(
        windows: WindowsRules) -> None:
    assert on_windows()
    with pytest.raises(OSError) as info:
        _old_atomic_write(windows.root / "old.pdf", b"%PDF")
    assert info.value.errno == errno.EBADF


def test_fsync_works_through_a_handle_opened_for_writing(windows: WindowsRules) -> None:
    path = windows.root / "a.bin"
    with open(path, "wb") as f:
        f.write(b"x")
        f.flush()
        os.fsync(f.fileno())
    assert windows.fsyncs == 1


def test_an_open_file_cannot_be_replaced_or_deleted(windows: WindowsRules) -> None:
    target = windows.root / "report.pdf"
    target.write_bytes(b"old")
    other = windows.root / "new.pdf"
    other.write_bytes(b"new")
    with open(target, "rb"), pytest.raises(PermissionError):
        os.replace(other, target)
    with windows.hold(target):
        with pytest.raises(PermissionError):
            os.replace(other, target)
        with pytest.raises(PermissionError):
            target.unlink()
    os.replace(other, target)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("name", ["CON", "prn.pdf", "Aux.chiso", "nul.txt", "COM1", "lpt9.csv",
                                  "report.", "report ", 'a"b.pdf', "a?b", "a:b", "a|b", "a*b"])
def test_names_windows_refuses_cannot_be_created(windows: WindowsRules, name: str) -> None:
    with pytest.raises(OSError) as info:
        open(windows.root / name, "wb").close()
    assert info.value.errno == errno.EINVAL
    with pytest.raises(OSError):
        os.mkdir(windows.root / name)


def test_long_paths_do_not_exist(windows: WindowsRules) -> None:
    deep = windows.root / ("thu-muc-rat-dai-" * 20) / "bao-cao.pdf"
    assert len(str(deep)) >= 260
    with pytest.raises(FileNotFoundError):
        deep.parent.mkdir(parents=True)


def test_names_differing_only_in_case_are_one_file(windows: WindowsRules) -> None:
    (windows.root / "KT-202610.pdf").write_bytes(b"first")
    with pytest.raises(FileExistsError):
        open(windows.root / "kt-202610.PDF", "xb").close()
    (windows.root / "kt-202610.pdf").write_bytes(b"second")
    assert os.listdir(windows.root) == ["KT-202610.pdf"]
    assert (windows.root / "KT-202610.pdf").read_bytes() == b"second"


def test_a_folder_cannot_be_opened_as_a_file(windows: WindowsRules) -> None:
    with pytest.raises(PermissionError):
        os.open(windows.root, os.O_RDONLY)


# -- the atomic writer under these rules ---------------------------------------------------


def test_atomic_write_bytes_flushes_through_its_own_handle(windows: WindowsRules) -> None:
    target = windows.root / "bundle.chiso"
    atomic_write_bytes(target, b"data")
    atomic_write_bytes(target, b"data 2")
    assert target.read_bytes() == b"data 2"
    assert windows.fsyncs == 2
    assert os.listdir(windows.root) == ["bundle.chiso"]


def test_atomic_write_path_syncs_what_a_library_wrote(windows: WindowsRules) -> None:
    target = windows.root / "backup.db"
    with atomic_write_path(target) as tmp:
        tmp.write_bytes(b"sqlite")
    assert target.read_bytes() == b"sqlite" and windows.fsyncs == 1


def test_a_file_held_open_gets_the_close_it_message_and_keeps_its_content(
        windows: WindowsRules) -> None:
    set_language("vi")
    target = windows.root / "bao-cao-202610.pdf"
    target.write_bytes(b"old")
    with windows.hold(target), pytest.raises(FileInUse) as info:
        atomic_write_bytes(target, b"new")
    message = str(info.value)
    assert str(target) in message and "Hãy đóng tệp" in message
    assert target.read_bytes() == b"old"
    assert os.listdir(windows.root) == ["bao-cao-202610.pdf"]  # no .part left behind
    set_language("en")
    # Open in this process too (a preview window of the app itself).
    with open(target, "rb"), pytest.raises(FileInUse) as info, atomic_write(target) as f:
        f.write(b"new")
    assert "Close it there" in str(info.value)
    set_language("vi")


def test_a_file_released_during_the_retry_is_written(windows: WindowsRules,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from chiso_desktop.fileio import atomic_file

    target = windows.root / "ioc.xlsx"
    target.write_bytes(b"old")
    holding = windows.hold(target)
    holding.__enter__()
    real_sleep = atomic_file.time.sleep

    def scanner_lets_go(seconds: float) -> None:  # a virus scanner done after the first try
        with contextlib.suppress(Exception):
            holding.__exit__(None, None, None)
        real_sleep(seconds)

    monkeypatch.setattr(atomic_file.time, "sleep", scanner_lets_go)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_path_too_long_for_windows_is_refused_before_writing(windows: WindowsRules) -> None:
    set_language("vi")
    target = windows.root / (("bao-cao-phuong-nhi-chieu-" * 10) + ".pdf")
    with pytest.raises(WriteFailed) as info:
        atomic_write_bytes(target, b"x")
    assert "260" in str(info.value)
    assert os.listdir(windows.root) == []


def test_a_reserved_name_is_refused_with_the_write_message(windows: WindowsRules) -> None:
    with pytest.raises(WriteFailed) as info:
        atomic_write_bytes(windows.root / "nul.pdf", b"x")
    assert "nul.pdf" in str(info.value)


def test_on_linux_a_permission_error_is_not_retried_as_in_use(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # running as root: permissions do not apply
            pytest.skip("root can write anywhere")
        with pytest.raises(WriteFailed) as info:
            atomic_write_bytes(folder / "x.pdf", b"x")
        assert not isinstance(info.value, FileInUse)
    finally:
        folder.chmod(0o700)
