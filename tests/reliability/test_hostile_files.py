"""Hostile files wherever files come in, and a full drive wherever files go out.

Every refusal is exit code 3 with a message and no traceback, and the
database file is byte-for-byte unchanged (sha256 before and after).
"""

from __future__ import annotations

import errno
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.support.cli import run_cli
from tests.support.prebuilt import Location, Prebuilt
from tests.support.ward import UNIT

from .harness import sha256

Chiso = Callable[..., object]
FILES_TRIED: list[str] = []


def ok(chiso: Chiso, *argv: object):
    result = chiso(*argv)
    assert result.code == 0, (argv, result.out, result.err)
    return result


def _office(root: Path, path: Location) -> Path:
    ok(run_cli, "--db", path, "init", "--role", "office", "--unit", UNIT, "--plan",
       "nhichieu-202-2026", "--catalog", "nhichieu-cchc-2026")
    ok(run_cli, "--db", path, "values", "set", "--period", "2026S1", "BM1.2.1=52")
    ok(run_cli, "--db", path, "values", "list", "--period", "2026S1")  # today's backup taken
    assert isinstance(path, Path)
    return path


@pytest.fixture
def office(prebuilt: Prebuilt, tmp_path: Path) -> Path:
    """tmp_path/office.db (a copy: tests/support/prebuilt.py)."""
    return prebuilt.copy(tmp_path, _office)


def refused(chiso: Chiso, db: Path, *argv: object) -> str:
    before = sha256(db)
    result = chiso("--db", db, *argv)
    assert result.code == 3, (argv, result.out, result.err)
    assert result.err.strip() and "Traceback" not in result.err
    assert sha256(db) == before, "a refused file changes nothing"
    FILES_TRIED.append(str(argv[-3] if len(argv) > 2 else argv[-1]))
    return result.err


def _xlsx(rows: list[list[object]], formula_at: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if formula_at:
        ws[formula_at] = "=1+1"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEADER = ["code", "name", "unit", "value", "note"]


def _zip_bomb() -> bytes:
    """A valid-looking .xlsx whose sheet inflates to hundreds of MB of empty rows."""
    good = zipfile.ZipFile(io.BytesIO(_xlsx([HEADER, ["BM1.2.1", "", "", "53", ""]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in good.infolist():
            data = good.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>X</t></is></c></row>'
                                % (i, i) for i in range(1, 30_001))
                data = data.replace(b"<sheetData>", b"<sheetData>" + rows, 1) \
                    if b"<sheetData>" in data else data
            z.writestr(item, data)
    return out.getvalue()


HOSTILE_VALUE_FILES: dict[str, Callable[[], bytes]] = {
    "formula.xlsx": lambda: _xlsx([HEADER, ["BM1.2.1", "", "", None, ""]], formula_at="D2"),
    "renamed.xlsx": lambda: b"%PDF-1.4 not a workbook at all\n" * 100,
    "empty.xlsx": lambda: b"",
    "truncated.xlsx": lambda: _xlsx([HEADER, ["BM1.2.1", "", "", "53", ""]])[:900],
    "bomb.xlsx": _zip_bomb,
    "huge.csv": lambda: b"code,name,unit,value,note\n" + b"BM1.2.1,,,53,\n" * 25_000,
    "binary.csv": lambda: b"\x00\x01\x02code,value\x00\xff\xfe" * 200,
    "oversized.csv": lambda: b"x" * (11 * 1024 * 1024),
    "wrong-type.csv": lambda: "code,name,unit,value,note\nBM1.2.1,,,năm mươi,\n".encode(),
    "unknown-code.csv": lambda: b"code,name,unit,value,note\nNO.SUCH,,,1,\n",
    "notes.txt": lambda: b"code,value\nBM1.2.1,53\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_VALUE_FILES))
def test_hostile_value_spreadsheets_are_refused(chiso: Chiso, office: Path, tmp_path: Path,
                                                name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE_VALUE_FILES[name]())
    refused(chiso, office, "values", "import", path, "--period", "2026S1")


@pytest.mark.parametrize(("name", "data"), [
    ("bom.csv", "\ufeffcode;name;unit;value;note\nBM1.2.1;;;53;Ghi chú đủ dấu\n".encode()),
    ("cp1258.csv", "code;name;unit;value;note\nBM1.2.1;;;53;Ghi chu\u0301\n".encode("cp1258")),
    ("tab.csv", b"code\tname\tunit\tvalue\tnote\nBM1.2.1\t\t\t53\t\n"),
])
def test_csv_encodings_and_delimiters_are_read(chiso: Chiso, office: Path, tmp_path: Path,
                                               name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    ok(chiso, "--db", office, "values", "import", path, "--period", "2026S1")
    FILES_TRIED.append(name)
    rows = ok(chiso, "--db", office, "values", "list", "--period", "2026S1", "--json").json()
    assert {r["code"]: r["value"] for r in rows}["BM1.2.1"] == "53"


def _catalog_xlsx(tmp_path: Path, chiso: Chiso, office: Path) -> Path:
    path = tmp_path / "catalog.xlsx"
    ok(chiso, "--db", office, "catalog", "export", "nhichieu-cchc-2026", "--out", path)
    return path


@pytest.mark.parametrize("damage", ["formula", "wrong-int", "renamed", "bomb", "no-sheet"])
def test_hostile_catalog_workbooks_are_refused(chiso: Chiso, office: Path, tmp_path: Path,
                                               damage: str) -> None:
    path = _catalog_xlsx(tmp_path, chiso, office)
    if damage in ("formula", "wrong-int", "no-sheet"):
        wb = load_workbook(path)
        if damage == "formula":
            wb["fields"]["D2"] = "=HYPERLINK(\"http://x\")"
        elif damage == "wrong-int":
            wb["deadlines"].append(["month", "ngày mười", "", ""])
        else:
            del wb["catalog"]
        wb.save(path)
    elif damage == "renamed":
        path.write_bytes(b"PK\x03\x04 but not really" * 50)
    else:
        path.write_bytes(_zip_bomb())
    refused(chiso, office, "catalog", "import", path)


def test_a_tampered_bundle_and_setup_package_are_refused(chiso: Chiso, tmp_path: Path) -> None:
    from .harness import environment

    with environment(tmp_path):
        from .harness import build_ward

        ward = build_ward(tmp_path, ("2026S1",))
    good = ward.bundles[0].read_bytes()
    for n, pos in enumerate((10, len(good) // 2, len(good) - 30)):
        bad = tmp_path / f"tampered-{n}.chiso"
        bad.write_bytes(good[:pos] + bytes([good[pos] ^ 0x20]) + good[pos + 1:])
        result = chiso("--db", ward.office, "import", bad, "--json")
        assert result.code == 3 and "Traceback" not in result.err
        assert result.json()[0]["status"] == "refused"
        FILES_TRIED.append(bad.name)
    truncated = tmp_path / "truncated.chiso"
    truncated.write_bytes(good[: len(good) // 3])
    assert chiso("--db", ward.office, "import", truncated).code == 3
    setup = (tmp_path / "kt.setup.chiso").read_bytes()
    bad_setup = tmp_path / "bad.setup.chiso"
    bad_setup.write_bytes(setup[:200] + bytes([setup[200] ^ 1]) + setup[201:])
    result = chiso("--db", tmp_path / "new-dept.db", "init", "--from-setup", bad_setup, "--yes")
    assert result.code == 3 and "Traceback" not in result.err
    FILES_TRIED.extend([truncated.name, bad_setup.name])


def test_the_values_template_neutralises_formula_like_text(chiso: Chiso, office: Path,
                                                           tmp_path: Path) -> None:
    ok(chiso, "--db", office, "values", "set", "--period", "2026S1", "BM1.2.2=27",
       "--note", "BM1.2.2==HYPERLINK(\"http://evil\")", "--note", "BM1.2.1=+1 tăng",
       "--note", "BM1.1=@SUM(A1)", "--note", "BM1.4.1=-giảm")
    out = tmp_path / "form.xlsx"
    ok(chiso, "--db", office, "values", "template", "--period", "2026S1", "--out", out)
    ws = load_workbook(out).active
    notes = {row[0].value: row[4] for row in ws.iter_rows(min_row=2)}
    for code in ("BM1.2.2", "BM1.2.1", "BM1.1", "BM1.4.1"):
        cell = notes[code]
        assert cell.data_type == "s", (code, cell.data_type)
        assert not str(cell.value).startswith(("=", "+", "-", "@")) or cell.data_type == "s"


# -- a full drive ----------------------------------------------------------------------------


@pytest.fixture
def full_drive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write to a ``.part`` file (the atomic writers' temporary) fails with ENOSPC."""
    import builtins
    import os as os_module

    real_open, real_os_open = builtins.open, os_module.open

    def is_part(file: object) -> bool:
        return isinstance(file, str | os_module.PathLike) and ".part" in str(file)

    def full_open(file: object, mode: str = "r", *args: object, **kwargs: object):
        if is_part(file) and any(m in mode for m in "wax"):
            raise OSError(errno.ENOSPC, os_module.strerror(errno.ENOSPC), str(file))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", full_open)
    monkeypatch.setattr(io, "open", full_open)  # zipfile (openpyxl's save) opens through io
    monkeypatch.setattr(os_module, "open", lambda f, *a, **k: (
        (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device", str(f)))
        if is_part(f) and len(a) and a[0] & (os_module.O_WRONLY | os_module.O_RDWR)
        else real_os_open(f, *a, **k)))


def test_a_backup_to_a_really_full_drive(chiso: Chiso, office: Path, tmp_path: Path) -> None:
    """A 64 KiB tmpfs: SQLite itself hits ENOSPC while copying (needs root; skipped if not)."""
    import subprocess

    usb = tmp_path / "tiny"
    usb.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(usb)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        before = sha256(office)
        result = chiso("--db", office, "backup", "--out", usb / "copy.db")
        assert result.code == 3 and "Traceback" not in result.err, result.err
        assert str(usb) in result.err
        assert list(usb.iterdir()) == []
        assert sha256(office) == before
    finally:
        subprocess.run(["umount", str(usb)], check=True)


@pytest.mark.parametrize("what", ["template", "catalog", "report"])
def test_a_full_drive_leaves_no_partial_file_and_no_change(
        chiso: Chiso, office: Path, tmp_path: Path, full_drive: None, what: str) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    argv = {
        "template": ("values", "template", "--period", "2026S1", "--out", usb / "form.xlsx"),
        "catalog": ("catalog", "export", "nhichieu-cchc-2026", "--out", usb / "catalog.xlsx"),
        "report": ("report", "xlsx", "--period", "2026S1", "--out", usb / "ioc.xlsx"),
    }[what]
    before = sha256(office)
    result = chiso("--db", office, *argv)
    assert result.code == 3, (result.out, result.err)
    assert "Traceback" not in result.err and "usb" in result.err
    assert list(usb.iterdir()) == [], "nothing half-written under any name"
    assert sha256(office) == before
