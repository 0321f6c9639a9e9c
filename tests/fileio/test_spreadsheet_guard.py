from __future__ import annotations

import zipfile
from pathlib import Path

from chiso_desktop.fileio.spreadsheet_guard import xlsx_problem


def test_zip_bomb_workbook_is_refused_before_parsing(tmp_path: Path, chiso) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", b"<a>" + b"0" * 30_000_000 + b"</a>")
    assert bomb.stat().st_size < 200_000
    assert xlsx_problem(bomb) is not None
    db = tmp_path / "db.db"
    assert chiso("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                 "--catalog", "nhichieu-cchc-2026").code == 0
    before = db.read_bytes()
    res = chiso("--db", db, "values", "import", bomb, "--period", "2026S1")
    assert res.code == 3 and "bomb.xlsx" in res.err
    assert chiso("--db", db, "catalog", "import", bomb).code == 3
    assert db.read_bytes() == before


def test_ordinary_workbook_passes(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "ok.xlsx"
    wb = Workbook()
    wb.active.append(["code", "value"])
    wb.save(path)
    assert xlsx_problem(path) is None
