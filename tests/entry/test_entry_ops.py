"""Issue 3 acceptance: the report's own numbers, the typo caught, all-or-nothing entry."""

from __future__ import annotations

import hashlib
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from chiso_desktop.entry.form import load_form, mark_ready
from chiso_desktop.entry.ops import Entry, set_values, value_history
from chiso_desktop.errors import Refused
from chiso_desktop.paths import resources_dir
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.chain import verify_chain
from chiso_desktop.store.db import open_database

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


def sample_values() -> dict[str, str]:
    data = tomllib.loads((resources_dir() / "samples" / "nhichieu-cchc-2026S1.toml").read_text(
        encoding="utf-8"))
    return data["values"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_329_values_give_the_reports_results(office) -> None:
    with office.session() as s, s.begin():
        # The sample is canonical text; type it the Vietnamese way like an officer would.
        entries = [Entry(code, value.replace(".", ",")) for code, value in sample_values().items()]
        set_values(s, S1, entries, actor="Lan", lang="vi")
    with office.session() as s:
        form = load_form(s, S1, lang="vi")
    bm1, bm6 = form.row("BM1.2"), form.row("BM6.1")
    assert (bm1.display, bm6.display) == ("51,9%", "50,0%")
    assert Decimal(bm1.value).quantize(Decimal("0.1")) == Decimal("51.9")
    assert not [i for i in form.errors if i.code in ("BM1.2", "BM6.1")]


def test_the_reports_typo_reads_as_42_809_and_blocks_ready(office) -> None:
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry("BM6.1.1", "42,809"), Entry("BM6.1.2", "21.406")],
                   actor="Lan", lang="vi")
    with office.session() as s:
        form = load_form(s, S1, lang="vi")
        assert form.row("BM6.1.1").value == "42.809"
        assert form.row("BM6.1.2").value == "21406"
        rules = {i.rule for i in form.errors}
        assert form.row("BM6.1").issues, "the ~50 000 % ratio is flagged"
        assert rules, rules
    with office.session() as s, s.begin(), pytest.raises(Refused) as info:
        mark_ready(s, S1, "", actor="Lan")
    assert "BM6.1" in str(info.value)


def test_a_refused_value_changes_nothing(office, tmp_path: Path) -> None:
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry("BM1.2.1", "52")], actor="Lan", lang="vi")
    office.close()
    path = tmp_path / "office.db"
    before = digest(path)
    db = open_database(path)
    with db.session() as s, pytest.raises(Refused), s.begin():
        set_values(s, S1, [Entry("BM1.2.1", "60"), Entry("BM1.2.2", "1.2.3")],
                   actor="Lan", lang="vi")
    db.close()
    assert digest(path) == before


def test_changes_after_ready_need_a_reason_and_keep_history(office) -> None:
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry(c, v) for c, v in sample_values().items()], actor="Lan",
                   lang="en")
        set_values(s, S1, [Entry("BM6.1.1", "42809")], actor="Lan", lang="en")
    with office.session() as s, s.begin():
        mark_ready(s, S1, "", actor="Lan")
    with office.session() as s, pytest.raises(Refused, match="lý do") as refused, s.begin():
        set_values(s, S1, [Entry("BM1.2.2", "28")], actor="Lan", lang="vi")
    assert refused.value.cli_hint == "--reason TEXT"  # the CLI names the flag, the GUI not
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry("BM1.2.2", "28")], actor="Hùng", lang="vi",
                   reason="Báo cáo bổ sung")
    with office.session() as s:
        hist = value_history(s, "BM1.2.2", "2026S1")
        assert [(h.old_value, h.new_value) for h in hist] == [(None, "27"), ("27", "28")]
        assert hist[-1].reason == "Báo cáo bổ sung" and hist[-1].actor == "Hùng"
        assert verify_chain(s) == []


def test_not_applicable_and_missing_are_distinct(office) -> None:
    with office.session() as s, s.begin():
        set_values(s, S1, [Entry("BM1.2.1", "Không phát sinh"), Entry("BM1.2.2", "0")],
                   actor="Lan", lang="vi")
    with office.session() as s:
        form = load_form(s, S1, lang="vi")
        assert form.row("BM1.2.1").state == "not-applicable"
        assert form.row("BM1.2.1").display == "Không phát sinh"
        assert form.row("BM1.2.2").state == "value" and form.row("BM1.2.2").value == "0"
        assert form.row("BM1.3.1").state == "missing"
        assert form.row("BM1.2").state == "error" and form.row("BM1.2").reason


def test_values_cli_json_and_template_round_trip(chiso, tmp_path: Path) -> None:
    db = tmp_path / "o.db"
    assert chiso("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                 "--plan", "nhichieu-202-2026", "--catalog", "nhichieu-cchc-2026").code == 0
    res = chiso("--db", db, "values", "set", "--period", "2026S1", "BM1.2.1=52", "BM1.2.2=27")
    assert res.code == 0, res.err
    rows = {r["code"]: r for r in chiso("--db", db, "values", "list", "--period", "2026S1",
                                         "--json").json()}
    assert rows["BM1.2.1"]["value"] == "52"
    assert rows["BM1.2"]["computed"] is True and rows["BM1.2"]["display"] == "51,9%"
    assert rows["BM1.3.1"]["state"] == "missing" and rows["BM1.3.1"]["value"] is None
    bad = chiso("--db", db, "values", "set", "--period", "2026S1", "BM1.2.1=1e400")
    assert bad.code == 3 and "Traceback" not in bad.err
    xlsx = tmp_path / "form.xlsx"
    assert chiso("--db", db, "values", "template", "--period", "2026S1", "--out", xlsx).code == 0
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "BM1.3.1":
            row[3].value = "9.275"
    wb.save(xlsx)
    res = chiso("--db", db, "values", "import", xlsx, "--period", "2026S1")
    assert res.code == 0, res.err
    rows = {r["code"]: r for r in chiso("--db", db, "values", "list", "--period", "2026S1",
                                         "--json").json()}
    assert rows["BM1.3.1"]["value"] == "9275" and rows["BM1.3.1"]["display"] == "9.275"
    assert chiso("--db", db, "period", "show", "2026S1", "--json").json()["due_official"] == \
        "2026-06-14"
