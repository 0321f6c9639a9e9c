"""Every file the app writes, written under Windows' rules; a file held open says "close it".

The ward is set up through ``chiso`` under the rules too, so setup packages,
key cards, the department's bundle and the Office's import all run under them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chiso_desktop.fileio.handoff import hand_off, take_handoffs
from chiso_desktop.fileio.instance_lock import acquire_instance_lock

from .winrules import WindowsRules

MONTH = "202610"
KT_VALUES = ("D.3.1=12.450", "D.3.2=3.120", "D.3.3=85,5", "D.3.4=1.200", "D.3.5=12,25",
             "D.3.6=0", "D.4.1=0", "D.4.2=0", "D.5.1=0")
CLOSE_IT = "Hãy đóng tệp đó trong chương trình kia rồi thử lại"


def _ok(result: Any) -> Any:
    assert result.code == 0, (result.out, result.err)
    return result


def _ward(chiso: Callable[..., Any], root: Path) -> tuple[Path, Path]:
    office, kt = root / "office.db", root / "kt.db"
    _ok(chiso("--db", office, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
              "--plan", "nhichieu-202-2026", "--department", "VP"))
    _ok(chiso("--db", office, "keys", "fingerprint"))
    _ok(chiso("--db", office, "setup-package", "--department", "KT", "--out",
              root / "KT.setup.chiso"))
    _ok(chiso("--db", kt, "init", "--from-setup", root / "KT.setup.chiso", "--yes"))
    _ok(chiso("--db", kt, "keys", "export", "--out", root / "KT.key"))
    _ok(chiso("--db", office, "keys", "trust", root / "KT.key", "--department", "KT", "--yes"))
    _ok(chiso("--db", kt, "values", "set", "--period", MONTH, *KT_VALUES))
    _ok(chiso("--db", kt, "export", "--period", MONTH, "--out", root / "kt-202610.chiso"))
    _ok(chiso("--db", office, "import", root / "kt-202610.chiso"))
    _ok(chiso("--db", office, "finalize", "--period", MONTH, "--approver", "Nguyễn Văn An",
              "--position", "Chủ tịch UBND phường"))
    return office, kt


def test_every_writer_works_under_windows_rules_and_asks_to_close_an_open_file(
        windows: WindowsRules, chiso: Callable[..., Any]) -> None:
    root = windows.root / "Phường Nhị Chiểu"
    root.mkdir()
    office, kt = _ward(chiso, root)
    out = root / "out"
    out.mkdir()
    writers: dict[str, tuple[object, ...]] = {
        "setup package": ("--db", office, "setup-package", "--department", "KT",
                          "--out", out / "KT.setup.chiso"),
        "key card": ("--db", kt, "keys", "export", "--out", out / "KT.key"),
        "bundle": ("--db", kt, "export", "--period", MONTH, "--out", out / "kt.chiso"),
        "report PDF": ("--db", office, "report", "pdf", "--form", "period-report",
                       "--period", MONTH, "--out", out / "bao-cao.pdf"),
        "IOC workbook": ("--db", office, "report", "xlsx", "--period", MONTH,
                         "--out", out / "ioc.xlsx"),
        "IOC CSV": ("--db", office, "report", "csv", "--period", MONTH,
                    "--out", out / "ioc.csv"),
        "entry workbook": ("--db", kt, "values", "template", "--period", MONTH,
                           "--out", out / "nhap-lieu.xlsx"),
        "catalog workbook": ("--db", office, "catalog", "export", "hp-2081-2026",
                             "--out", out / "bo-chi-so.xlsx"),
        "DHIS2 mapping workbook": ("--db", office, "dhis2-mapping", "--out",
                                   out / "dhis2-mapping.xlsx"),
        "backup": ("--db", office, "backup", "--out", out / "sao-luu.db"),
    }
    for what, argv in writers.items():
        target = Path(str(argv[-1]))
        result = chiso(*argv)
        assert result.code == 0, (what, result.out, result.err)
        assert target.is_file() and target.stat().st_size > 0, what
        before = target.read_bytes()
        with windows.hold(target):
            again = chiso(*argv)
        assert again.code == 3, (what, again.out, again.err)
        assert str(target) in again.err and CLOSE_IT in again.err, (what, again.err)
        assert target.read_bytes() == before, what
    assert not [p.name for p in out.iterdir() if p.name.endswith(".part")]

    # A key rotation statement is the last key-card-like file (it changes the key).
    _ok(chiso("--db", kt, "keys", "rotate", "--out", out / "KT-rotation.chiso"))
    assert (out / "KT-rotation.chiso").is_file()

    # Restoring replaces the database file itself: refused while another program has it.
    _ok(chiso("--db", office, "backup", "--out", out / "sao-luu.db"))
    with windows.hold(office):
        held = chiso("--db", office, "restore", out / "sao-luu.db")
    assert held.code == 3 and str(office) in held.err and CLOSE_IT in held.err
    _ok(chiso("--db", office, "restore", out / "sao-luu.db"))


def test_the_instance_lock_goes_through_msvcrt(windows: WindowsRules) -> None:
    from chiso_desktop.fileio.instance_lock import DatabaseInUse

    db = windows.root / "office.db"
    first = acquire_instance_lock(db)
    try:
        # Windows locks per handle: a second open of the same file in this process conflicts.
        try:
            acquire_instance_lock(db)
        except DatabaseInUse as exc:
            assert str(db) in str(exc) and "trên máy này" in str(exc)
        else:
            raise AssertionError("a second lock was granted")
    finally:
        first.release()
    acquire_instance_lock(db).release()
    modes = [mode for _fd, mode, _n in windows.lock_calls]
    assert modes == [2, 2, 0, 2, 0]  # LK_NBLCK, refused LK_NBLCK, LK_UNLCK, …
    assert all(n == 1 for _fd, _mode, n in windows.lock_calls)


def test_hand_off_under_windows_rules(windows: WindowsRules) -> None:
    db = windows.root / "office.db"
    bundle = windows.root / "KT-202610.chiso"
    bundle.write_bytes(b"bundle")
    note = hand_off(db, bundle)
    assert note.is_file()
    assert take_handoffs(db) == [bundle]
    assert not note.exists()
    assert take_handoffs(db) == []
