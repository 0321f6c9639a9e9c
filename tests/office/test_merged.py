"""The merged view (what the GUI shows) and the chase list, through the core API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from chiso_desktop.office.completeness import chase_list
from chiso_desktop.office.merged import cell_history, merged_view
from chiso_desktop.periods.deadlines import Timeliness
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from chiso_desktop.store.models import Department, Officer
from tests.support.cli import ok
from tests.support.ward import MONTH, MONTHLY, Ward

TODAY = date(2026, 11, 22)


def test_merged_view_filters_provenance_and_history(chiso: Callable[..., Any],
                                                    tmp_path: Path, db_location: str) -> None:
    w = Ward(chiso, tmp_path / "ward", office=db_location)
    for code in MONTHLY:
        w.add_department(code)
    kt1 = w.send("KT", MONTH, "kt.chiso", "D.3.1=12.450", "D.3.2=3.120")
    w.send("VHXH", MONTH, "vhxh.chiso", "A.IV.3.1=7", "A.IV.3.4=không phát sinh")
    hcc = w.send("HCC", MONTH, "hcc.chiso", "A.XIII.21.1=98,5")
    kt2 = w.send("KT", MONTH, "kt-2.chiso", "D.3.1=12.460", reason="Sửa lỗi nhập")
    w.sql("VP", "UPDATE imported_bundles SET imported_at = '2026-10-18 10:00:00.000000' "
                "WHERE department_code = 'VHXH'")
    w.sql("VP", "UPDATE imported_bundles SET imported_at = '2026-10-05 10:00:00.000000' "
                "WHERE department_code IN ('KT', 'HCC')")
    ok(w.run("VP", "request-corrections", "--period", MONTH, "--department", "KT", "--out",
             tmp_path / "q.chiso", "D.3.2=Số nhà ở thấp hơn tháng trước?"))
    fp_hcc = w.sql("VP", "SELECT fingerprint FROM trusted_keys WHERE department_code = 'HCC'")[0][0]

    period = parse_period(MONTH)
    db = open_database(w.office)
    with db.session() as s, s.begin():
        hcc_dept = s.execute(select(Department).where(Department.code == "HCC")).scalar_one()
        hcc_dept.officers.append(Officer(name="Hoàng Thị Mai", role="backup", phone="0912"))
        hcc_dept.officers.append(Officer(name="Vũ Minh Tuấn", role="primary"))
    with db.session() as s:
        cells = merged_view(s, period, today=TODAY)
        assert [c.code for c in cells] == [c for d in ("VHXH", "HCC", "KT") for c in MONTHLY[d]]
        by_code = {c.code: c for c in cells}

        hcc_cells = merged_view(s, period, department="HCC", today=TODAY)
        assert [(c.code, c.state) for c in hcc_cells] == [("A.XIII.21.1", "value"),
                                                          ("A.XIII.22.1", "missing")]
        got = hcc_cells[0]
        assert (got.value, got.source, got.bundle_id, got.sender_fingerprint) == \
            ("98.5", "bundle", hcc, fp_hcc)
        assert got.deadline is Timeliness.ON_TIME
        assert hcc_cells[1].deadline is Timeliness.OVERDUE

        assert by_code["A.IV.3.1"].deadline is Timeliness.LATE
        assert by_code["D.3.1"].bundle_id == kt2 and by_code["D.3.1"].revision == 2
        # First delivery counts for timeliness: the resend does not make KT late.
        assert by_code["D.3.1"].deadline is Timeliness.ON_TIME

        assert len(merged_view(s, period, group="D", today=TODAY)) == 9
        assert len(merged_view(s, period, group="A.IV", today=TODAY)) == 4
        assert {c.code for c in merged_view(s, period, status="not-applicable")} == {"A.IV.3.4"}
        assert {c.code for c in merged_view(s, period, status="questioned")} == {"D.3.2"}
        missing = {c.code for c in merged_view(s, period, status="missing")}
        assert missing == set(MONTHLY["KT"][2:]) | {"A.IV.3.2", "A.IV.3.3", "A.XIII.22.1"}

        history = cell_history(s, "D.3.1", period)
        assert [(h.new_value, h.bundle_id) for h in history] == [("12450", kt1), ("12460", kt2)]

        chase = chase_list(s, period, today=TODAY)
        assert [c.department for c in chase] == ["KT", "VHXH", "HCC"]  # most overdue first
        hcc_chase = chase[-1]
        assert hcc_chase.missing_codes == ["A.XIII.22.1"]
        assert [(o.name, o.role) for o in hcc_chase.officers] == [("Vũ Minh Tuấn", "primary"),
                                                                  ("Hoàng Thị Mai", "backup")]
    db.close()
