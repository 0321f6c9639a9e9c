"""Issue 12: bad files get a clear message, exit 3, and leave the database byte-identical.

An .xlsx whose XML carries a DTD, entities or a broken tag (values import and
catalog import); a FIFO or a symlink to /dev/zero given as the file.
"""

from __future__ import annotations

import os
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.support.cli import ok, run_cli
from tests.support.prebuilt import Location, Prebuilt
from tests.support.ward import file_state

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
          b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')


def _workbook(path: Path, change: Callable[[bytes], bytes]) -> Path:
    good = path.with_name("good.xlsx")
    wb = Workbook()
    wb.active.append(["code", "name", "unit", "value", "note"])
    wb.active.append(["BM1.1", "x", "", 7, ""])
    wb.save(good)
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            zout.writestr(info, data)
    return path


HOSTILE = {
    "dtd-entities": lambda d: LAUGHS + d,
    "entity-use": lambda d: LAUGHS + d.replace(b"</sheetData>", b"</sheetData><!-- &b; -->", 1),
    "broken-tag": lambda d: d.replace(b"</sheetData>", b"<row><c></sheetData>", 1),
    "truncated": lambda d: d[: len(d) // 2],
}


@pytest.fixture
def office(prebuilt: Prebuilt, tmp_path: Path) -> Path:
    """tmp_path/office.db (a copy: tests/support/prebuilt.py)."""
    return prebuilt.copy(tmp_path, _office)


def _office(root: Path, db: Location) -> Path:
    ok(run_cli("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu", "--plan",
               "nhichieu-202-2026", "--catalog", "nhichieu-cchc-2026"))
    assert isinstance(db, Path)
    return db


def _refused(chiso: Callable[..., Any], db: Path, *args: object) -> str:
    before = file_state(db)
    result = chiso("--db", db, *args)
    assert result.code == 3, result
    assert "Traceback" not in result.err and result.err.strip(), result
    assert file_state(db) == before
    return str(result.err)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_xml_in_a_workbook_is_refused(kind: str, office: Path, tmp_path: Path,
                                              chiso: Callable[..., Any]) -> None:
    path = _workbook(tmp_path / f"{kind}.xlsx", HOSTILE[kind])
    message = _refused(chiso, office, "values", "import", path, "--period", "2026S1")
    assert path.name in message
    assert "sheet1.xml" in message or "Excel" in message
    message = _refused(chiso, office, "catalog", "import", path)
    assert path.name in message


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_a_device_or_pipe_is_refused_without_reading_it(special: str, suffix: str,
                                                        office: Path, tmp_path: Path,
                                                        chiso: Callable[..., Any]) -> None:
    path = tmp_path / f"form{suffix}"
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    message = _refused(chiso, office, "values", "import", path, "--period", "2026S1")
    assert "form" in message
    if suffix == ".xlsx":
        _refused(chiso, office, "catalog", "import", path)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("special", ["fifo", "dev-zero"])
def test_a_device_or_pipe_is_refused_as_a_bundle(special: str, office: Path, tmp_path: Path,
                                                 chiso: Callable[..., Any]) -> None:
    ok(chiso("--db", office, "keys", "fingerprint"))
    path = tmp_path / "in.chiso"
    if special == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    before = file_state(office)
    result = chiso("--db", office, "import", path, "--json")
    assert result.code == 3 and result.json()[0]["status"] == "refused"
    assert file_state(office) == before
