"""Issue 19 item 5: the merged view and the reports show totals or breakdowns.

The merged view's read model lists a disaggregated field's parts under it when
asked (the window's "Hiện chi tiết phân tổ": ``tests/gui/test_merged_breakdowns.py``); the IOC workbook/CSV, the period
report PDF and the city's outputs carry the breakdown rows by default and only
totals with ``--no-breakdowns``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from openpyxl import load_workbook

from chiso_desktop.office.merged import merged_view
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok

QUARTER = "2026Q2"
PARTS = ["B.4.1[apatit]", "B.4.1[vang]", "B.4.1[da]", "B.4.1[khac]"]


@pytest.fixture
def office(chiso: Callable[..., Any], tmp_path: Path) -> Path:
    return lao_cai_office(chiso, tmp_path)


def lao_cai_office(chiso: Callable[..., Any], tmp_path: Path) -> Path:
    """A commune Office on the Lào Cai set with B.4.1 broken down (three of four minerals)."""
    db = tmp_path / "office.db"
    ok(chiso("--db", db, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
             "laocai-2026", "--department", "VP"))
    ok(chiso("--db", db, "values", "set", "--period", QUARTER, "B.4.1=1.250,5",
             "B.4.1[apatit]=1.000", "B.4.1[vang]=0,5", "B.4.1[da]=250"))
    return db


def test_read_model_lists_the_parts_under_their_field(office: Path) -> None:
    db = open_database(office)
    with db.session() as s:
        totals = merged_view(s, parse_period(QUARTER))
        shown = merged_view(s, parse_period(QUARTER), breakdowns=True)
        missing = merged_view(s, parse_period(QUARTER), status="missing", breakdowns=True)
    db.close()
    codes = [c.code for c in shown]
    at = codes.index("B.4.1")
    assert codes[at:at + 5] == ["B.4.1", *PARTS]
    assert len(shown) == len(totals) + sum(len(c.parts) for c in totals)
    part = shown[at + 2]
    assert (part.part_label, part.value, part.display, part.is_part) == ("Vàng", "0.5", "0,5",
                                                                          True)
    assert part.department == shown[at].department and part.field is shown[at].field
    assert shown[at + 4].state == "missing"  # "khác" not given: its own state
    # Filters choose fields; a field's parts follow it (B.4.1 has a value: not "missing").
    assert "B.4.1" not in [c.code for c in missing]
    assert not any(c.code.startswith("B.4.1[") for c in missing)
    assert "B.4.2[vang]" in [c.code for c in missing]


def test_reports_carry_breakdowns_unless_asked_for_totals(chiso: Callable[..., Any],
                                                         office: Path, tmp_path: Path) -> None:
    ok(chiso("--db", office, "finalize", "--period", QUARTER, "--approver", "Lò Văn Minh",
             "--position", "Chủ tịch UBND xã"))

    def codes(path: Path) -> list[str]:
        return [str(r[0]) for ws in load_workbook(path).worksheets[1:]
                for r in ws.iter_rows(min_row=2, values_only=True) if str(r[0]).startswith("B.4.1")]

    full, totals = tmp_path / "full.xlsx", tmp_path / "totals.xlsx"
    ok(chiso("--db", office, "report", "xlsx", "--period", QUARTER, "--out", full))
    ok(chiso("--db", office, "report", "xlsx", "--period", QUARTER, "--out", totals,
             "--no-breakdowns"))
    assert codes(full) == ["B.4.1", *PARTS] and codes(totals) == ["B.4.1"]
    flat = tmp_path / "totals.csv"
    ok(chiso("--db", office, "report", "csv", "--period", QUARTER, "--out", flat,
             "--no-breakdowns"))
    rows = list(csv.reader(io.StringIO(flat.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [r[1] for r in rows if r[1].startswith("B.4.1")] == ["B.4.1"]

    def pdf_text(path: Path) -> str:
        pdf = pypdfium2.PdfDocument(str(path))
        return " ".join(" ".join(pdf[i].get_textpage().get_text_range().split())
                        for i in range(len(pdf)))

    with_parts, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    ok(chiso("--db", office, "report", "pdf", "--period", QUARTER, "--form", "period-report",
             "--out", with_parts))
    ok(chiso("--db", office, "report", "pdf", "--period", QUARTER, "--form", "period-report",
             "--out", without, "--no-breakdowns"))
    assert "Apatit" in pdf_text(with_parts)
    text = pdf_text(without)
    assert "Apatit" not in text and "Sản lượng khai thác khoáng sản" in text
