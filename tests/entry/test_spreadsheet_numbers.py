"""Issue 12: a number cell is its exact number, as openpyxl writes it and as LibreOffice
re-saves it; the template's value cells are number cells; counts are honest."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.ops import Entry, set_values, value_history
from chiso_desktop.entry.sheet_import import import_sheet
from chiso_desktop.entry.spreadsheet import cell_number, read_entries, write_template
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from tests.support.libreoffice import RESAVE, libreoffice_resave

S1 = parse_period("2026S1")


@pytest.fixture
def office(tmp_path: Path):
    db = open_database(tmp_path / "office.db")
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         plan="nhichieu-202-2026",
                                         catalogs=("nhichieu-cchc-2026",)))
    yield db
    db.close()


def template(db, path: Path) -> Path:
    with db.session() as s:
        form = load_form(s, S1, lang="vi", with_outliers=False)
    write_template(form, path, "vi")
    return path


def fill(path: Path, numbers: dict[str, object]) -> None:
    """Type numbers the way a vi-VN Excel stores them: the cell holds the number itself."""
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value in numbers:
            row[3].value = numbers[row[0].value]
    wb.save(path)


def import_file(db, path: Path):
    rows = read_entries(path)
    with db.session() as s, s.begin():
        return import_sheet(s, S1, rows, actor="Lan", lang="vi").result


def stored(db) -> dict[str, str | None]:
    with db.session() as s:
        return {r.code: r.value for r in load_form(s, S1, lang="vi", with_outliers=False).rows
                if r.state == "value" and not r.computed}


VI_EXCEL = {"BM6.1.1": 1.234, "BM6.1.2": 349.5, "BM1.2.1": 52, "BM3.1.1": 99.5}
EXPECTED = {"BM6.1.1": "1.234", "BM6.1.2": "349.5", "BM1.2.1": "52", "BM3.1.1": "99.5"}


def test_template_value_cells_are_number_cells(office, tmp_path: Path) -> None:
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry("BM6.1.1", "42,809"), Entry("BM1.2.1", "9.275")],
                   actor="Lan", lang="vi")
    path = template(office, tmp_path / "form.xlsx")
    ws = load_workbook(path).active
    cells = {row[0].value: row[3] for row in ws.iter_rows(min_row=2)}
    assert cells["BM6.1.1"].data_type == "n" and cell_number(cells["BM6.1.1"].value) == Decimal("42.809")
    assert cells["BM6.1.1"].number_format == "#,##0.000"
    assert cells["BM1.2.1"].value == 9275 and cells["BM1.2.1"].number_format == "#,##0"
    assert cells["BM1.2.2"].value is None and cells["BM1.2.2"].number_format == "#,##0"


@RESAVE
def test_numbers_typed_in_a_vietnamese_excel_import_exactly(office, tmp_path: Path,
                                                            resave: bool) -> None:
    path = template(office, tmp_path / "form.xlsx")
    fill(path, VI_EXCEL)
    if resave:
        path = libreoffice_resave(path, tmp_path / "lo")
    result = import_file(office, path)
    assert stored(office) == EXPECTED
    # One filled cell is one change, not one per row of the template.
    assert len(result.changed) == len(VI_EXCEL)


def test_one_filled_cell_is_one_change_and_one_history_row(office, tmp_path: Path) -> None:
    path = template(office, tmp_path / "form.xlsx")
    fill(path, {"BM1.1": 7})
    result = import_file(office, path)
    assert [c.code for c in result.changed] == ["BM1.1"]
    again = import_file(office, path)
    assert again.changed == []
    with office.session() as s:
        assert len(value_history(s, "BM1.1", S1.id)) == 1
        assert value_history(s, "BM1.2.1", S1.id) == []


def test_number_cells_keep_their_exact_value() -> None:
    assert cell_number(1.234) == Decimal("1.234")
    assert cell_number(349.5) == Decimal("349.5")
    assert cell_number(9275.0) == Decimal("9275")
    assert cell_number(7) == Decimal(7)
    assert cell_number(True) is None and cell_number("1,5") is None
    assert cell_number(float("nan")) is None


def test_a_text_cell_is_read_in_the_ui_language(office, tmp_path: Path) -> None:
    path = template(office, tmp_path / "form.xlsx")
    fill(path, {"BM6.1.1": "1.234,5", "BM1.2.1": "9.275"})
    import_file(office, path)
    values = stored(office)
    assert values["BM6.1.1"] == "1234.5" and values["BM1.2.1"] == "9275"


def test_ready_means_ready_and_a_changed_period_says_send_again(
        tmp_path: Path, chiso) -> None:
    """An edit after export that adds an error blocks the next export; status says send again."""
    from tests.support.ward import build_ward

    ward = build_ward(tmp_path, departments=("KT",))
    kt = ward.dbs["KT"]

    def run(*args: object):
        return chiso("--db", kt, *args)

    assert run("values", "set", "--period", "202606", "A.IV.3.1=7", "A.IV.3.2=3").code == 0
    assert run("values", "ready", "--period", "202606").code == 0
    assert run("export", "--period", "202606", "--out", tmp_path / "a.chiso").code == 0
    assert "send again" not in run("values", "list", "--period", "202606").out.lower()
    assert run("period", "show", "202606", "--json").json()["changed_since_sent"] is False
    assert run("values", "set", "--period", "202606", "--reason", "sửa", "A.IV.3.2=4").code == 0
    listed = run("values", "list", "--period", "202606").out
    assert "gửi lại" in listed
    assert run("period", "show", "202606", "--json").json()["changed_since_sent"] is True
    assert run("export", "--period", "202606", "--out", tmp_path / "b.chiso").code == 0
    assert "gửi lại" not in run("values", "list", "--period", "202606").out


def _csv(path: Path, text: str) -> Path:
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path


@pytest.mark.parametrize(("text", "expected"), [
    ("code;name;unit;value;note\nBM6.1.1;x;;42,809;\nBM6.1.2;x;;21.406;\n",
     {"BM6.1.1": "42.809", "BM6.1.2": "21406"}),            # vi-VN Excel: ';' and ','
    ("code,name,unit,value,note\nBM6.1.1,x,,42.809,\nBM6.1.2,x,,21406,\n",
     {"BM6.1.1": "42.809", "BM6.1.2": "21406"}),            # machine form: ',' and '.'
    ("code;name;unit;value;note\nBM6.1.1;x;;447.26;\nBM6.1.2;x;;1000;\n",
     {"BM6.1.1": "447.26", "BM6.1.2": "1000"}),             # the numbers say point
])
def test_csv_import_detects_separator_and_decimal_mark(office, tmp_path: Path, text: str,
                                                       expected: dict[str, str]) -> None:
    import_file(office, _csv(tmp_path / "form.csv", text))
    assert {k: v for k, v in stored(office).items() if k in expected} == expected


@pytest.mark.parametrize(("text", "cells"), [
    ("code;name;unit;value;note\nBM6.1.1;x;;12,5;\nBM6.1.2;x;;447.26;\n", ("D2", "D3")),
    ("code\tname\tunit\tvalue\tnote\nBM6.1.1\tx\t\t1.234\t\n", ("D2",)),
])
def test_an_ambiguous_csv_is_refused_naming_the_cell(office, tmp_path: Path, text: str,
                                                     cells: tuple[str, ...]) -> None:
    from chiso_desktop.errors import Refused

    with pytest.raises(Refused) as info:
        read_entries(_csv(tmp_path / "form.csv", text))
    assert all(c in str(info.value) for c in cells)


NOTES = {"BM6.1.1": "'98 lũ: số liệu ước tính", "BM1.2.1": "=1+1 là công thức, không tính",
         "BM3.1.1": "''hai dấu nháy"}


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_notes_round_trip_through_the_template_as_typed(office, tmp_path: Path,
                                                        suffix: str) -> None:
    """A note that starts with an apostrophe keeps it, and one that starts with "=" comes
    back without the apostrophe the CSV put before it: only that one is taken off."""
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry(code, None, note) for code, note in NOTES.items()],
                   actor="Lan", lang="vi")
    path = template(office, tmp_path / f"form{suffix}")
    with office.session() as s, s.begin():  # cleared, so the import must bring them back
        set_values(s, S1, [Entry(code, None, "") for code in NOTES], actor="Lan", lang="vi")
    import_file(office, path)
    with office.session() as s:
        notes = {r.code: r.note for r in load_form(s, S1, lang="vi", with_outliers=False).rows}
    assert {code: notes[code] for code in NOTES} == NOTES
