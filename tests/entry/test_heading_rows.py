"""Issue 12 item 6: heading rows of the CCHC forms in the department template, in
``values import`` (xlsx and csv), in paste, and in VP's completeness."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.paste import plan_paste
from chiso_desktop.entry.sheet_import import SheetImport, import_sheet
from chiso_desktop.entry.spreadsheet import read_entries, write_template
from chiso_desktop.errors import Refused
from chiso_desktop.paths import resources_dir
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from tests.support.libreoffice import RESAVE, libreoffice_resave

S1 = parse_period("2026S1")
HEADINGS = ["BM1.3", "BM1.4", "BM3.1", "BM3.2", "BM4.1", "BM4.2", "BM5.1", "BM5.2", "BM6.2",
            "BM7.1"]
NOT_PRINTED = ["BM1.3.1", "BM1.3.2", "BM1.3.3.1", "BM1.3.3.2"]
"""Items report 329 leaves blank (or prints 'a', 'b'): entered as "Không phát sinh"."""
SAMPLE = tomllib.loads((resources_dir() / "samples" / "nhichieu-cchc-2026S1.toml")
                       .read_text(encoding="utf-8"))["values"]


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


def sheet_rows(path: Path) -> dict[str, int]:
    ws = load_workbook(path).active
    return {row[0].value: row[0].row for row in ws.iter_rows(min_row=2)}


def fill(path: Path, numbers: dict[str, object]) -> None:
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value in numbers:
            row[3].value = numbers[row[0].value]
    wb.save(path)


def import_file(db, path: Path) -> SheetImport:
    rows = read_entries(path)
    with db.session() as s, s.begin():
        return import_sheet(s, S1, rows, actor="Lan", lang="vi")


def stored(db) -> dict[str, str | None]:
    with db.session() as s:
        return {r.code: r.value for r in load_form(s, S1, lang="vi", with_outliers=False).rows
                if r.state == "value" and not r.computed}


def test_the_template_shows_headings_as_greyed_guarded_label_rows(office, tmp_path: Path) -> None:
    path = template(office, tmp_path / "form.xlsx")
    ws = load_workbook(path).active
    rows = sheet_rows(path)
    assert all(code in rows for code in HEADINGS)  # the form's structure stays readable
    guarded = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    for code in HEADINGS:
        r = rows[code]
        assert ws.cell(r, 4).value is None and ws.cell(r, 5).value is None
        assert ws.cell(r, 2).font.b and ws.cell(r, 4).fill.fgColor.rgb.endswith("E6E6E6")
        assert ws.cell(r, 4).number_format == "General"
        assert f"D{r}:E{r}" in guarded
    # Entered rows are neither greyed nor guarded.
    r = rows["BM1.3.1"]
    assert f"D{r}:E{r}" not in guarded and ws.cell(r, 4).fill.fgColor.rgb != "FFE6E6E6"
    assert ws.cell(r, 4).number_format == "#,##0"


@RESAVE
def test_every_printed_value_round_trips_through_the_template_with_headings(
        office, tmp_path: Path, resave: bool) -> None:
    path = template(office, tmp_path / "form.xlsx")
    fill(path, {code: int(v) if v.isdigit() else float(v) for code, v in SAMPLE.items()})
    if resave:
        path = libreoffice_resave(path, tmp_path / "lo")
        ws = load_workbook(path).active
        guarded = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
        r = sheet_rows(path)["BM1.3"]
        assert f"D{r}:E{r}" in guarded  # LibreOffice keeps the guard on the heading cells
    done = import_file(office, path)
    assert done.headings == len(HEADINGS)
    assert stored(office) == SAMPLE
    assert len(done.result.changed) == len(SAMPLE)


@RESAVE
def test_a_value_typed_in_a_heading_row_is_refused_naming_the_row(
        office, tmp_path: Path, resave: bool) -> None:
    path = template(office, tmp_path / "form.xlsx")
    fill(path, {"BM1.1": 7, "BM1.3": 3})
    if resave:
        path = libreoffice_resave(path, tmp_path / "lo")
    row = sheet_rows(path)["BM1.3"]
    with pytest.raises(Refused) as info:
        import_file(office, path)
    message = str(info.value)
    assert f"dòng {row}" in message and "BM1.3" in message and "Kiểm tra CCHC" in message
    assert "tiêu đề" in message
    assert stored(office) == {}  # nothing stored, not even BM1.1


def _csv(path: Path, text: str) -> Path:
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path


def test_csv_heading_rows_are_skipped_when_empty_and_refused_when_filled(
        office, tmp_path: Path) -> None:
    good = _csv(tmp_path / "good.csv", "code;name;unit;value;note\n"
                "BM1.3;Kiểm tra CCHC;;;\nBM1.3.1;Số sở, ngành đã kiểm tra;;2;\n")
    assert import_file(office, good).headings == 1 and stored(office) == {"BM1.3.1": "2"}
    bad = _csv(tmp_path / "bad.csv", "code;name;unit;value;note\n"
               "BM1.3;Kiểm tra CCHC;;;ghi chú\nBM1.3.1;x;;5;\n")
    with pytest.raises(Refused) as info:
        import_file(office, bad)
    assert "bad.csv, dòng 2" in str(info.value)
    assert stored(office) == {"BM1.3.1": "2"}


class _Line:
    def __init__(self, code: str, *, computed: bool = False, heading: bool = False) -> None:
        self.code, self.computed, self.heading = code, computed, heading


LINES = [None, None, _Line("BM1.2.2"), _Line("BM1.3", heading=True), _Line("BM1.3.1"),
         _Line("BM1.3.2"), _Line("BM1.3.3", computed=True), _Line("BM1.3.3.1")]


def test_a_pasted_column_takes_one_row_per_form_row_and_passes_over_headings() -> None:
    """The rule: a heading is a row of the sheet, like a computed item; its empty cell is
    ignored, so a column copied from the template (or the printed form) lines up."""
    plan = plan_paste(LINES, 2, 3, [["27"], [""], ["1"], ["2"], [""], ["4"]],
                      value_col=3, note_col=4)
    assert [(e.code, e.text) for e in plan.entries] == [
        ("BM1.2.2", "27"), ("BM1.3.1", "1"), ("BM1.3.2", "2"), ("BM1.3.3.1", "4")]
    assert plan.headings == []


def test_a_block_copied_without_the_headings_is_flagged_not_shifted() -> None:
    plan = plan_paste(LINES, 2, 3, [["27"], ["1"], ["2"]], value_col=3, note_col=4)
    assert plan.headings == [(1, "BM1.3")]


def _cli_office(chiso, tmp_path: Path) -> Path:
    db = tmp_path / "office.db"
    assert chiso("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                 "--unit-code", "11311", "--plan", "nhichieu-202-2026",
                 "--catalog", "nhichieu-cchc-2026", "--yes").code == 0
    return db


def test_values_set_on_a_heading_exits_3_with_a_vietnamese_message(chiso, tmp_path: Path) -> None:
    db = _cli_office(chiso, tmp_path)
    result = chiso("--db", db, "values", "set", "--period", "2026S1", "BM1.1=7", "BM1.3=5")
    assert result.code == 3
    assert "BM1.3" in result.err and "tiêu đề" in result.err and "Traceback" not in result.err
    assert chiso("--db", db, "values", "history", "BM1.1", "--period", "2026S1",
                 "--json").json() == []
    listed = chiso("--db", db, "values", "list", "--period", "2026S1", "--json").json()
    assert sorted(r["code"] for r in listed if r["heading"]) == sorted(HEADINGS)
    text = chiso("--db", db, "values", "list", "--period", "2026S1").out
    assert "# BM1.3 " in text and "Kiểm tra CCHC" in text


def test_values_import_of_a_filled_heading_exits_3_and_changes_nothing(
        chiso, tmp_path: Path) -> None:
    db = _cli_office(chiso, tmp_path)
    form = tmp_path / "form.xlsx"
    assert chiso("--db", db, "values", "template", "--period", "2026S1", "--out", form).code == 0
    fill(form, {"BM1.1": 7, "BM4.1": 52})
    before = db.read_bytes()
    result = chiso("--db", db, "values", "import", form, "--period", "2026S1")
    assert result.code == 3, (result.out, result.err)
    assert f"dòng {sheet_rows(form)['BM4.1']}" in result.err and "BM4.1" in result.err
    assert db.read_bytes() == before
    fill(form, {"BM4.1": None})
    result = chiso("--db", db, "values", "import", form, "--period", "2026S1")
    assert result.code == 0, result.err
    assert "1 thay đổi" in result.out and "Bỏ qua 10 dòng tiêu đề" in result.out


def test_report_329_complete_counts_no_heading_row(chiso, tmp_path: Path) -> None:
    """The issue: with every value of report 329 entered, VP's completeness counts no heading."""
    db = _cli_office(chiso, tmp_path)
    values = [f"{code}={value}" for code, value in SAMPLE.items()]
    values += [f"{code}=Không phát sinh" for code in NOT_PRINTED]
    assert chiso("--db", db, "values", "set", "--period", "2026S1", *values).code == 0
    status = chiso("--db", db, "status", "--period", "2026S1", "--json").json()
    vp = next(d for d in status["departments"] if d["code"] == "VP")
    cchc = builtin_catalogs()["nhichieu-cchc-2026"]
    entered = [f for f in cchc.all_fields() if not f.computed and not f.heading]
    assert vp["expected"] == vp["received"] == len(entered) == 59
    assert vp["missing"] == 0 and vp["missing_codes"] == []
    text = chiso("--db", db, "status", "--period", "2026S1").out
    assert any(line.split()[:4] == ["VP", "59", "59", "0"] for line in text.splitlines())


def test_the_csv_template_keeps_heading_rows_empty_and_imports_back(office, tmp_path: Path) -> None:
    path = template(office, tmp_path / "form.csv")
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    rows = {line.split(";")[0]: n for n, line in enumerate(lines)}
    for code in HEADINGS:
        assert lines[rows[code]].split(";")[3:] == ["", ""], code
    cells = [line.split(";") for line in lines]
    cells[rows["BM1.2.1"]][3] = "52"
    cells[rows["BM6.1.1"]][3] = "42809,5"
    path.write_bytes(("\r\n".join(";".join(c) for c in cells) + "\r\n").encode("utf-8-sig"))
    done = import_file(office, path)
    assert done.headings == len(HEADINGS)
    assert stored(office) == {"BM1.2.1": "52", "BM6.1.1": "42809.5"}
