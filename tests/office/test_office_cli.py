"""End to end through ``chiso``: three departments report a month to the Office."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chiso_desktop.catalog.installed import installed_catalogs
from chiso_desktop.entry.scope import build_scope
from chiso_desktop.i18n import _
from chiso_desktop.office.ioc_excel import HEADER
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli
from tests.support.libreoffice import libreoffice_open_csv
from tests.support.prebuilt import Location, Prebuilt
from tests.support.ward import MONTH, MONTHLY, Ward

KT_VALUES = ("D.3.1=12.450", "D.3.2=3.120", "D.3.3=85,5", "D.3.4=1.200", "D.3.5=12,25",
             "D.3.6=0", "D.4.1=0", "D.4.2=0", "D.5.1=0")
VHXH_VALUES = ("A.IV.3.1=7", "A.IV.3.2=1", "A.IV.3.3=12,5", "A.IV.3.4=không phát sinh")


def _reporting_ward(root: Path, office: Location) -> Ward:
    """KT on time, VHXH late (after its 16/10 deadline, by the official 19/10), HCC incomplete."""
    w = Ward(run_cli, root, office=office)
    for code in MONTHLY:
        w.add_department(code)
    w.kt_bundle = w.send("KT", MONTH, "kt.chiso", *KT_VALUES, "--note", "D.3.1==1+1")
    w.send("VHXH", MONTH, "vhxh.chiso", *VHXH_VALUES)
    w.send("HCC", MONTH, "hcc.chiso", "A.XIII.21.1=98,5")
    for department, day in (("KT", "2026-10-10"), ("VHXH", "2026-10-18"), ("HCC", "2026-10-12")):
        w.sql("VP", "UPDATE imported_bundles SET imported_at = ? WHERE department_code = ?",
              f"{day} 09:00:00.000000", department)
    return w


@pytest.fixture
def ward(prebuilt: Prebuilt, tmp_path: Path, backend: str) -> Ward:
    """A copy of the reporting ward, on each backend (built once: tests/support/prebuilt.py)."""
    return prebuilt.copy(tmp_path / "ward", _reporting_ward, backend=backend)


def _status(ward: Ward) -> dict[str, Any]:
    return ok(ward.run("VP", "status", "--period", MONTH, "--json")).json()


def test_status_shows_the_late_and_the_incomplete_department(ward: Ward) -> None:
    data = _status(ward)
    assert data["period"] == MONTH and data["locked"] is False
    got = {d["code"]: {k: d[k] for k in ("expected", "received", "missing", "late", "overdue")}
           for d in data["departments"]}
    assert got == {
        "KT": {"expected": 9, "received": 9, "missing": 0, "late": 0, "overdue": 0},
        "VHXH": {"expected": 4, "received": 4, "missing": 0, "late": 4, "overdue": 0},
        "HCC": {"expected": 2, "received": 1, "missing": 1, "late": 0, "overdue": 1},
    }
    assert data["reporting_rate"] == "93.3"  # 14 of 15
    assert data["on_time_rate"] == "66.7"  # KT's 9 and HCC's 1 of 15
    assert [c["department"] for c in data["chase"]] == ["HCC"]
    text = ok(ward.run("VP", "status", "--period", MONTH)).out
    assert "HCC" in text and "93.3%" in text


def test_correction_request_round_trip(ward: Ward) -> None:
    request = ward.root / "kt-questions.chiso"
    ok(ward.run("VP", "request-corrections", "--period", MONTH, "--department", "KT", "--out",
                request, "D.3.1=Dân số tăng 10% so với tháng trước?", "D.3.2=Kiểm tra lại"))
    imported = ok(ward.run("KT", "import", request, "--json")).json()
    assert imported[0]["kind"] == "corrections" and imported[0]["questions"] == 2
    asked = ok(ward.run("KT", "questions", "--period", MONTH, "--json")).json()
    assert [(q["code"], q["comment"]) for q in asked] == [
        ("D.3.1", "Dân số tăng 10% so với tháng trước?"), ("D.3.2", "Kiểm tra lại")]

    ward.send("KT", MONTH, "kt-2.chiso", "D.3.1=11.450", reason="Theo yêu cầu của Văn phòng")
    sent = dict(ward.sql("VP", "SELECT field_code, status FROM correction_requests "
                               "WHERE direction = 'sent'"))
    assert sent == {"D.3.1": "answered", "D.3.2": "open"}
    asked = ok(ward.run("KT", "questions", "--period", MONTH, "--json")).json()
    assert [q["code"] for q in asked] == ["D.3.2"]
    # A corrections file is for a department; the Office refuses one.
    assert ward.run("VP", "import", request).code == 3


def test_receipt_round_trip(ward: Ward) -> None:
    receipt = ward.root / "kt-receipt.chiso"
    ok(ward.run("VP", "receipt", "--bundle", ward.kt_bundle, "--out", receipt))
    ok(ward.run("KT", "import", receipt))
    assert ward.sql("KT", "SELECT status FROM period_status WHERE period = ?", MONTH) == \
        [("received",)]
    [(receipt_at,)] = ward.sql("KT", "SELECT receipt_at FROM exported_bundles WHERE bundle_id = ?",
                               ward.kt_bundle)
    assert receipt_at is not None
    # Another department cannot take KT's receipt: it is addressed to KT's key.
    assert ward.run("VHXH", "import", receipt).code == 3


def test_finalize_locks_and_reopen_is_audited(ward: Ward) -> None:
    ok(ward.run("VP", "finalize", "--period", MONTH, "--approver", "Nguyễn Văn An",
                "--position", "Chủ tịch UBND phường", "--comment", "Đồng ý"))
    assert _status(ward)["locked"] is True
    refused = ward.run("VP", "values", "set", "--period", MONTH, "D.3.2=3.121", "--reason", "x")
    assert refused.code == 3
    assert ward.sql("VP", "SELECT value FROM data_values WHERE field_code = 'D.3.2' "
                          "AND period = ?", MONTH) == [("3120",)]

    ward.send("KT", MONTH, "kt-late.chiso", "D.3.2=3.125", reason="Số liệu bổ sung")
    conflicts = ok(ward.run("VP", "conflicts", "list", "--json")).json()
    assert [(c["code"], c["kind"], c["incoming_value"]) for c in conflicts] == \
        [("D.3.2", "locked", "3125")]
    assert ward.sql("VP", "SELECT value FROM data_values WHERE field_code = 'D.3.2' "
                          "AND period = ?", MONTH) == [("3120",)]

    assert ward.run("VP", "reopen", "--period", MONTH, "--reason", "").code == 2
    ok(ward.run("VP", "reopen", "--period", MONTH, "--reason", "Bổ sung số nhà ở"))
    [(detail,)] = ward.sql("VP", "SELECT detail FROM audit_log WHERE action = 'period-reopened'")
    assert json.loads(detail)["reason"] == "Bổ sung số nhà ở"
    assert _status(ward)["locked"] is False
    ok(ward.run("VP", "values", "set", "--period", MONTH, "D.3.2=3.125", "--reason", "Bổ sung"))
    ok(ward.run("VP", "finalize", "--period", MONTH, "--approver", "Nguyễn Văn An",
                "--position", "Chủ tịch UBND phường"))
    assert ward.sql("VP", "SELECT status, revision FROM period_locks") == [("locked", 2)]
    out = ward.root / "ioc.xlsx"
    ok(ward.run("VP", "report", "xlsx", "--period", MONTH, "--out", out))
    cover = load_workbook(out).worksheets[0]
    facts = [r[1] for r in cover.iter_rows(values_only=True)]
    assert facts[0] == "Phường Nhị Chiểu"
    assert facts[2] == "2"  # the revision after reopening
    assert facts[3] == "đã phê duyệt và khóa sổ"  # the status in words, not "locked"
    assert "Nguyễn Văn An" in facts and "Chủ tịch UBND phường" in facts


EXPECTED_FORMAT = {"integer": "#,##0", "percent": '0.0"%"'}


def test_ioc_workbook_is_numeric_with_the_field_formats(ward: Ward) -> None:
    out = ward.root / "ioc.xlsx"
    ok(ward.run("VP", "report", "xlsx", "--period", MONTH, "--out", out))
    stored = {code: (state, value) for code, state, value in ward.sql(
        "VP", "SELECT field_code, state, value FROM data_values WHERE period = ?", MONTH)}
    wb = load_workbook(out)
    assert len(wb.sheetnames) == 3  # cover, group A, group D
    seen: dict[str, Any] = {}
    db = open_database(ward.office)
    with db.session() as s:
        scope = build_scope(installed_catalogs(s))
    db.close()
    for ws in wb.worksheets[1:]:
        header = [c.value for c in ws[1]]
        assert header == [_(h) for h in HEADER]
        for row in ws.iter_rows(min_row=2):
            code, value_cell, period = row[0].value, row[3], row[4].value
            assert period == MONTH
            seen[code] = value_cell.value
            state, value = stored.get(code, ("missing", None))
            field = scope.ref(code).field
            if state == "value":
                assert isinstance(value_cell.value, int | float), code
                assert Decimal(str(value_cell.value)) == Decimal(value), code
                kind = field.type.value
                expected = EXPECTED_FORMAT.get(kind, "#,##0." + "0" * max(
                    2, -Decimal(value).as_tuple().exponent))
                assert value_cell.number_format == expected, code
            else:
                assert value_cell.value is None, code
    assert set(seen) == {c for codes in MONTHLY.values() for c in codes}
    notes = {row[0].value: row[5].value for ws in wb.worksheets[1:]
             for row in ws.iter_rows(min_row=2)}
    assert notes["D.3.1"] == "'=1+1"  # neutralised, never a formula
    assert notes["A.IV.3.4"] == "Không phát sinh"

    csv_out = ward.root / "ioc.csv"
    ok(ward.run("VP", "report", "csv", "--period", MONTH, "--out", csv_out, "--machine"))
    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == [_("Group"), *[_(h) for h in HEADER]]
    row = next(line for line in lines if line.split(",")[1] == "D.3.1")
    assert ",12450,202610,'=1+1" in row
    assert ",85.5," in next(line for line in lines if line.split(",")[1] == "D.3.3")
    # In Vietnamese by default: ';' between fields and a decimal comma (vi-VN Excel).
    ok(ward.run("VP", "report", "csv", "--period", MONTH, "--out", csv_out))
    lines = csv_out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].split(";") == [_("Group"), *[_(h) for h in HEADER]]
    assert ";85,5;" in next(line for line in lines if line.split(";")[1] == "D.3.3")
    assert ";12450;202610;'=1+1" in next(line for line in lines
                                          if line.split(";")[1] == "D.3.1")


@pytest.mark.slow  # starts LibreOffice (tests/support/libreoffice.py)
@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_vietnamese_csv_opens_into_numbers_in_libreoffice(ward: Ward) -> None:
    """LibreOffice with the vi-VN locale (1066) opens the CSV into columns and numbers."""
    csv_out = ward.root / "ioc.csv"
    ok(ward.run("VP", "report", "csv", "--period", MONTH, "--out", csv_out))
    ws = load_workbook(libreoffice_open_csv(csv_out, "CSV:59,34,76,1,,1066")).active
    values = {row[1].value: row[4] for row in ws.iter_rows(min_row=2)}
    for code, number in {"D.3.1": 12450, "D.3.3": 85.5}.items():
        assert values[code].data_type == "n" and values[code].value == number, code



def test_a_refused_file_is_explained_as_the_import_page_explains_it(ward: Ward) -> None:
    """The CLI prints the clerk's words and next step, with the technical detail below."""
    not_a_bundle = ward.root / "thu.chiso"
    not_a_bundle.write_text("không phải tệp số liệu", encoding="utf-8")
    before = ward.sql("VP", "SELECT count(*) FROM imported_bundles")
    result = ward.run("VP", "import", not_a_bundle)
    assert result.code == 3
    first, detail = result.out.splitlines()[:2]
    assert first.startswith(f"{not_a_bundle}: Chưa nhập: ") and "gửi lại" in first
    assert detail.strip().startswith("Chi tiết:") and "[not-a-zip]" in detail
    assert ward.sql("VP", "SELECT count(*) FROM imported_bundles") == before
