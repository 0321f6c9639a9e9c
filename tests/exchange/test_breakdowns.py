"""A disaggregated field from entry through bundle and merge to the IOC workbook.

Lào Cai B.4.1 (mining output in tonnes) is broken down by mineral; the total
is entered and checked against the parts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from chiso_desktop.store.chain import verify_chain
from chiso_desktop.store.db import (
    SCHEMA_HEAD,
    current_revision,
    make_engine,
    open_database,
    upgrade,
)

QUARTER = "2026Q2"
UNIT = "Xã Bảo Hà"


def ok(result: Any) -> Any:
    assert result.code == 0, (result.out, result.err)
    return result


@pytest.fixture
def commune(chiso: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> dict[str, Path]:
    monkeypatch.setenv("CHISO_PASSPHRASE", "a long test passphrase")
    office, kt = tmp_path / "office.db", tmp_path / "kt.db"
    ok(chiso("--db", office, "init", "--role", "office", "--unit", UNIT, "--catalog",
             "laocai-2026", "--department", "VP"))
    setup = tmp_path / "kt.setup.chiso"
    ok(chiso("--db", office, "setup-package", "--department", "KT", "--out", setup))
    ok(chiso("--db", kt, "init", "--from-setup", setup, "--yes"))
    card = tmp_path / "kt.key"
    ok(chiso("--db", kt, "keys", "export", "--out", card))
    ok(chiso("--db", office, "keys", "trust", card, "--department", "KT", "--yes"))
    return {"office": office, "KT": kt, "root": tmp_path}


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_breakdown_travels_to_the_ioc_workbook(chiso: Callable[..., Any],
                                               commune: dict[str, Path]) -> None:
    kt, office = commune["KT"], commune["office"]
    ok(chiso("--db", kt, "values", "set", "--period", QUARTER, "B.4.1=1.250,5",
             "B.4.1[apatit]=1.000", "B.4.1[vang]=0,5", "B.4.1[da]=250", "B.4.1[khac]=0"))
    listed = ok(chiso("--db", kt, "values", "list", "--period", QUARTER, "--json"))
    row = next(r for r in json.loads(listed.out) if r["code"] == "B.4.1")
    assert [(p["combo"], p["value"]) for p in row["parts"]] == [
        ("apatit", "1000"), ("vang", "0.5"), ("da", "250"), ("khac", "0")]
    assert [p["label"] for p in row["parts"]][:2] == ["Apatit", "Vàng"]
    assert row["issues"] == []

    # A total that the parts contradict is an error that blocks "ready".
    ok(chiso("--db", kt, "values", "set", "--period", QUARTER, "B.4.1=1.300"))
    row = next(r for r in json.loads(ok(chiso("--db", kt, "values", "list", "--period",
                                               QUARTER, "--json")).out) if r["code"] == "B.4.1")
    assert [i["rule"] for i in row["issues"]] == ["total"]
    assert "1.250,5" in row["issues"][0]["message"]
    assert chiso("--db", kt, "values", "ready", "--period", QUARTER).code == 3
    ok(chiso("--db", kt, "values", "set", "--period", QUARTER, "B.4.1=1.250,5"))

    # No such option; a part of a field without breakdown.
    bad = chiso("--db", kt, "values", "set", "--period", QUARTER, "B.4.1[dong]=1")
    assert bad.code == 3 and "dong" in bad.err
    assert chiso("--db", kt, "values", "set", "--period", QUARTER, "B.4.3[vang]=1").code == 3

    bundle = commune["root"] / "kt.chiso"
    ok(chiso("--db", kt, "export", "--period", QUARTER, "--out", bundle))
    ok(chiso("--db", office, "import", bundle))
    stored = _rows(office, "SELECT combo, value, source FROM data_values "
                           "WHERE field_code = 'B.4.1' ORDER BY id")
    assert stored == [("apatit", "1000", "bundle"), ("da", "250", "bundle"),
                      ("default", "1250.5", "bundle"), ("khac", "0", "bundle"),
                      ("vang", "0.5", "bundle")]
    history = _rows(office, "SELECT combo FROM value_history WHERE field_code = 'B.4.1'")
    assert sorted(c for (c,) in history) == ["apatit", "da", "default", "khac", "vang"]
    db = open_database(office)
    with db.session() as s:
        assert verify_chain(s) == []
    db.close()

    # The Office changes one part: the history of that cell, hash-chained.
    ok(chiso("--db", office, "values", "set", "--period", QUARTER, "B.4.1[da]=251",
             "B.4.1=1.251,5", "--reason", "Đối chiếu biên bản"))
    hist = json.loads(ok(chiso("--db", office, "values", "history", "B.4.1[da]", "--period",
                               QUARTER, "--json")).out)
    assert [(h["old_value"], h["new_value"]) for h in hist] == [(None, "250"), ("250", "251")]
    ok(chiso("--db", office, "audit", "verify"))

    ok(chiso("--db", office, "finalize", "--period", QUARTER, "--approver", "Lò Văn Minh",
             "--position", "Chủ tịch UBND xã"))
    out = commune["root"] / "ioc.xlsx"
    ok(chiso("--db", office, "report", "xlsx", "--period", QUARTER, "--out", out))
    cells = {r[0]: r for ws in load_workbook(out).worksheets[1:]
             for r in ws.iter_rows(min_row=2, values_only=True)}
    assert cells["B.4.1"][3] == pytest.approx(1251.5)
    assert cells["B.4.1[da]"][3] == 251
    assert cells["B.4.1[apatit]"][1].endswith("— Apatit")


def test_a_bundle_whose_computed_total_disagrees_is_refused(tmp_path: Path) -> None:
    """A modified client cannot send a computed total that is not the sum of its parts."""
    from chiso_desktop.bundle import ValueRecord
    from chiso_desktop.catalog.load import catalog_from_mapping
    from chiso_desktop.entry.scope import build_scope
    from chiso_desktop.exchange.merge import check_record, check_totals

    cat = catalog_from_mapping({
        "catalog": {"id": "t", "version": "1", "kind": "indicator-set", "title": "T",
                    "document": "1"},
        "categories": [{"code": "sex", "name": "Giới tính", "options": [
            {"code": "nam", "label": "Nam"}, {"code": "nu", "label": "Nữ"}]}],
        "indicators": [{"code": "A.1", "name": "Lao động", "fields": [
            {"code": "A.1.1", "label": "Số lao động", "type": "integer",
             "categories": ["sex"]}]}],
    })
    scope = build_scope([cat])
    good = [ValueRecord("A.1.1", "2026", "value", "7"),
            ValueRecord("A.1.1", "2026", "value", "3", combo="nam"),
            ValueRecord("A.1.1", "2026", "value", "4", combo="nu")]
    refs = [check_record(r, scope.ref(r.code)) for r in good]
    check_totals(good, refs)
    bad = [good[0]._replace(value="8"), *good[1:]]
    from chiso_desktop.bundle import BundleRefused, Reason

    with pytest.raises(BundleRefused, match=r"A\.1\.1") as err:
        check_totals(bad, refs)
    assert err.value.reason is Reason.VALUES_INVALID
    with pytest.raises(BundleRefused, match=r"A\.1\.1\[khac\]"):
        check_record(ValueRecord("A.1.1", "2026", "value", "1", combo="khac"),
                     scope.ref("A.1.1"))


def test_old_database_values_become_totals(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO org_units (id, code, name, parent_body, place, kind) "
            "VALUES (1, 'bao-ha', 'Xã Bảo Hà', '', 'Bảo Hà', 'ward')")
        conn.exec_driver_sql(
            "INSERT INTO data_values (id, org_unit_id, catalog_id, field_code, period, state, "
            "value, note, revision, department_code, updated_at, updated_by, source, "
            "locally_changed) VALUES (1, 1, 'laocai-2026', 'B.4.1', '2026Q2', 'value', '900', "
            "'', 1, 'KT', '2026-06-01 00:00:00.000000', 'Lan', 'local', 0)")
    engine.dispose()
    db = open_database(path)
    assert current_revision(db.engine) == SCHEMA_HEAD  # 0003_combo and what follows it
    assert _rows(path, "SELECT combo, value FROM data_values") == [("default", "900")]
    with db.engine.begin() as conn:  # the same field and period now take a part beside the total
        conn.exec_driver_sql(
            "INSERT INTO data_values (org_unit_id, catalog_id, field_code, combo, period, state, "
            "value, note, revision, department_code, updated_at, updated_by, source, "
            "locally_changed) VALUES (1, 'laocai-2026', 'B.4.1', 'vang', '2026Q2', 'value', '1', "
            "'', 1, 'KT', '2026-06-01 00:00:00.000000', 'Lan', 'local', 0)")
    db.close()


def test_period_report_pdf_lists_the_breakdown(chiso: Callable[..., Any],
                                               commune: dict[str, Path]) -> None:
    import pypdfium2

    office = commune["office"]
    ok(chiso("--db", office, "values", "set", "--period", QUARTER, "B.4.1=300",
             "B.4.1[apatit]=200", "B.4.1[vang]=100"))
    out = commune["root"] / "report.pdf"
    ok(chiso("--db", office, "report", "pdf", "--period", QUARTER, "--form", "period-report",
             "--out", out))
    pdf = pypdfium2.PdfDocument(str(out))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Sản lượng khai thác khoáng sản trong kỳ báo cáo — Apatit" in " ".join(text.split())
    assert "Đá các loại" in text
