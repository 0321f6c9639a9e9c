from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso_desktop.catalog.excel import export_catalog_xlsx, import_catalog_xlsx
from chiso_desktop.catalog.load import CatalogError
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.catalog.serialize import content_hash

EXPECTED = {
    "hp-2081-2026": ("indicator-set", "2081/QĐ-UBND", 109),
    "laocai-2026": ("indicator-set", None, 62),
    "nhichieu-cchc-2026": ("forms", "329/BC-UBND", 7),
    "nbk-799-2026": ("targets", "799/TB-UBND", 12),
    "nhichieu-202-2026": ("plan", "202/KH-UBND", 28),
}


def test_catalog_list_json_shows_every_shipped_catalog(chiso, tmp_path: Path) -> None:
    res = chiso("--db", tmp_path / "x.db", "catalog", "list", "--json")
    assert res.code == 0, res.err
    rows = {r["id"]: r for r in res.json()}
    for cid, (kind, document, count) in EXPECTED.items():
        assert cid in rows, cid
        assert rows[cid]["kind"] == kind
        assert rows[cid]["indicators"] == count
        if document:
            assert rows[cid]["document"] == document
        assert rows[cid]["title"]


@pytest.mark.parametrize("cid", list(EXPECTED))
def test_catalog_show_json_gives_every_indicator_with_fields(chiso, tmp_path: Path, cid) -> None:
    res = chiso("--db", tmp_path / "x.db", "catalog", "show", cid, "--json")
    assert res.code == 0, res.err
    data = res.json()
    assert data["id"] == cid and data["title"]
    assert len(data["indicators"]) == EXPECTED[cid][2]
    for ind in data["indicators"]:
        assert ind["code"] and ind["name"] and "group" in ind and "agency" in ind
        assert isinstance(ind["frequencies"], list)
        assert ind["fields"], ind["code"]
        for f in ind["fields"]:
            assert {"code", "label", "unit"} <= set(f)
        if cid == "nhichieu-202-2026":
            assert ind["department"] in {"KT", "VHXH", "HCC", "CA", "QS", "VP"}


def test_unknown_catalog_is_a_refusal_not_a_traceback(chiso, tmp_path: Path) -> None:
    res = chiso("--db", tmp_path / "x.db", "catalog", "show", "khong-co")
    assert res.code == 3
    assert "khong-co" in res.err and "Traceback" not in res.err


@pytest.mark.parametrize("cid", list(EXPECTED))
def test_excel_round_trip_keeps_the_content_hash(tmp_path: Path, cid: str) -> None:
    cat = builtin_catalogs()[cid]
    path = tmp_path / f"{cid}.xlsx"
    export_catalog_xlsx(cat, path)
    back = import_catalog_xlsx(path)
    assert back == cat
    assert content_hash(back) == content_hash(cat)


def test_excel_text_beginning_with_equals_stays_text(tmp_path: Path) -> None:
    cat = builtin_catalogs()["nhichieu-cchc-2026"]
    path = tmp_path / "cchc.xlsx"
    export_catalog_xlsx(cat, path)
    ws = load_workbook(path)["fields"]
    kinds = {c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith("=")}
    assert kinds == {"s"}


def test_excel_import_reports_sheet_row_and_column(tmp_path: Path, chiso) -> None:
    cat = builtin_catalogs()["nbk-799-2026"]
    path = tmp_path / "t.xlsx"
    export_catalog_xlsx(cat, path)
    wb = load_workbook(path)
    wb["deadlines"].append(["month", "abc", 0, "x"])
    wb["fields"]["B2"] = "=1+1"
    wb.save(path)
    with pytest.raises(CatalogError) as info:
        import_catalog_xlsx(path)
    text = "\n".join(info.value.problems)
    assert "deadlines!B2" in text
    assert "fields!B2" in text
    db = tmp_path / "db.db"
    res = chiso("--db", db, "catalog", "import", path)
    assert res.code == 3
    assert "fields!B2" in res.err


def test_catalog_import_installs_and_lists(tmp_path: Path, chiso) -> None:
    db = tmp_path / "db.db"
    path = tmp_path / "t.xlsx"
    export_catalog_xlsx(builtin_catalogs()["nbk-799-2026"], path)
    res = chiso("--db", db, "catalog", "import", path)
    assert res.code == 0, res.err
    rows = {r["id"]: r for r in chiso("--db", db, "catalog", "list", "--json").json()}
    assert rows["nbk-799-2026"]["installed"] is True


def test_not_a_workbook_is_refused(tmp_path: Path, chiso) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    res = chiso("--db", tmp_path / "db.db", "catalog", "import", bad)
    assert res.code == 3 and "Traceback" not in res.err


def test_init_office_with_plan(tmp_path: Path, chiso) -> None:
    db = tmp_path / "office.db"
    res = chiso("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                "--plan", "nhichieu-202-2026", "--catalog", "nhichieu-cchc-2026")
    assert res.code == 0, res.err
    rows = {r["id"]: r for r in chiso("--db", db, "catalog", "list", "--json").json()}
    assert rows["hp-2081-2026"]["installed"] and rows["nhichieu-202-2026"]["installed"]
    again = chiso("--db", db, "init", "--role", "office", "--unit", "X", "--catalog", "hp-2081-2026")
    assert again.code == 3


def test_version_and_usage_exit_codes(chiso) -> None:
    assert chiso("--version").code == 0
    assert chiso("catalog", "nonsense").code == 2


def test_catalog_show_json_carries_every_note(chiso, tmp_path: Path) -> None:
    plan = chiso("--db", tmp_path / "x.db", "catalog", "show", "nhichieu-202-2026", "--json")
    assert plan.code == 0, plan.err
    data = plan.json()
    by_code = {i["code"]: i for i in data["indicators"]}
    assert "Báo cáo trong phạm vi quản lý" in by_code["A.IV.3"]["assignment_note"]
    assert {a["indicator"]: a["note"] for a in data["assignments"]}["A.IV.3"] == \
        by_code["A.IV.3"]["assignment_note"]
    forms = chiso("--db", tmp_path / "x.db", "catalog", "show", "nhichieu-cchc-2026",
                  "--json").json()
    notes = {f["code"]: f["note"] for i in forms["indicators"] for f in i["fields"]}
    assert "51,9%" in notes["BM1.2"]
    assert all("note" in i for i in forms["indicators"])


def test_catalog_show_prints_section_ii_and_breakdowns(chiso, tmp_path: Path) -> None:
    import json

    db = tmp_path / "c.db"
    text = chiso("--db", db, "catalog", "show", "hp-2081-2026")
    assert text.code == 0
    assert "Ví dụ các chỉ số chính:" in text.out
    assert "• Dịch bệnh: Tỷ lệ lấp đầy giường ICU (%)" in text.out
    assert "Chỉ số này theo dõi các nhiệm vụ được giao trong năm" in text.out  # A.XIII
    assert "phân tổ theo Giới tính" in text.out
    assert "Phân ngành kinh tế (VSIC) (chờ nạp danh mục)" in text.out
    data = json.loads(chiso("--db", db, "catalog", "show", "hp-2081-2026", "--json").out)
    groups = {g["code"]: g for g in data["groups"]}
    assert len(groups["C"]["examples"]) == 26 and len(groups["D"]["examples"]) == 12
    assert groups["A.IX"]["description"].startswith("- Đây là nhóm chỉ số cực kỳ quan trọng")
    cats = {c["code"]: c for c in data["categories"]}
    assert [o["code"] for o in cats["insurance"]["options"]] == ["bhxh", "bhyt", "bhtn"]
