"""What the printed forms of a real ward show: field codes, who approved, no lone signature."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from chiso_desktop.office.approval import approve, reopen
from chiso_desktop.office.demo import DEMO_PASSPHRASE, build_demo
from chiso_desktop.periods.period import parse_period
from chiso_desktop.reports.pdf.cover import build_cover
from chiso_desktop.reports.pdf.data import CoverData
from chiso_desktop.reports.render import render_form
from chiso_desktop.store.db import open_database
from tests.support.pdf import page_texts
from tests.support.samples import sample_cover, sample_settings

MARCH = parse_period("202603")


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("ward")
    build_demo(root, passphrase=DEMO_PASSPHRASE, today=date(2026, 6, 10))
    yield root


def render(db_path: Path, form: str) -> bytes:
    db = open_database(db_path)
    try:
        with db.session() as s:
            return render_form(s, MARCH, form, "vi")
    finally:
        db.close()


def test_cover_code_column_shows_each_data_items_code(ward: Path) -> None:
    text = " ".join(page_texts(render(ward / "kt.db", "cover")))
    assert "A.IV.3.1" in text and "A.IV.3.2" in text


@pytest.mark.parametrize(("db_name", "form"), [
    ("kt.db", "cover"), ("office.db", "period-report"), ("office.db", "cchc"),
    ("office.db", "targets"), ("office.db", "completeness")])
def test_signature_never_stands_alone_on_a_page(ward: Path, db_name: str, form: str) -> None:
    pages = page_texts(render(ward / db_name, form))
    last = pages[-1]
    signature = "NGƯỜI LẬP" if form == "cover" else "CHỦ TỊCH"
    assert signature in last
    # The signature page also carries the end of the table (its repeated heading at least).
    heading = {"completeness": "Phòng, ban", "targets": "Chỉ tiêu", "cchc": "Cách tính"}.get(
        form, "Đơn vị tính")
    assert heading in last, (form, len(pages), last[:300])


def test_long_cover_keeps_its_last_rows_with_the_signature() -> None:
    base = sample_cover()
    many = [base.values[i % len(base.values)] for i in range(60)]
    data = CoverData(**{**base.__dict__, "values": many})
    pages = page_texts(build_cover(data, sample_settings()))
    assert len(pages) >= 2
    assert "NGƯỜI LẬP" in pages[-1]
    assert "60" in pages[-1].split("NGƯỜI LẬP")[0]  # row 60 printed above the signature


def test_period_report_is_signed_by_the_approver(ward: Path) -> None:
    office = open_database(ward / "office.db")
    try:
        with office.session() as s, s.begin():
            reopen(s, MARCH, reason="Sửa số liệu D.3", actor="test")
            approve(s, MARCH, approver="Lê Thị Duyệt", position="Phó Chủ tịch UBND phường",
                    actor="test", secret=DEMO_PASSPHRASE)
    finally:
        office.close()
    text = " ".join(page_texts(render(ward / "office.db", "period-report")))
    assert "Lê Thị Duyệt" in text
