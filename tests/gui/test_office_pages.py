"""The Office's pages end to end: import three bundles, resolve a conflict, lock, switch language."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso_desktop.bundle.values import ValueRecord
from chiso_desktop.errors import Refused
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.office import conflicts_page as conflicts_page_module
from chiso_desktop.gui.office import merged_page as merged_page_module
from chiso_desktop.gui.office.approval_dialogs import ReasonDialog
from chiso_desktop.gui.office.conflicts_page import ConflictsPage
from chiso_desktop.gui.office.dashboard_page import DashboardPage
from chiso_desktop.gui.office.finalize_page import FinalizePage
from chiso_desktop.gui.office.import_page import ImportPage
from chiso_desktop.gui.office.import_worker import ImportJob
from chiso_desktop.gui.office.merged_model import CONFLICT, Col
from chiso_desktop.gui.office.merged_page import MergedPage
from chiso_desktop.gui.qt import QMessageBox
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import run_cli
from tests.support.prebuilt import Location, Prebuilt
from tests.support.ward import GUI_TODAY as TODAY
from tests.support.ward import MONTH, make_bundle
from tests.support.ward import office_with_bundles as build


def _office_with_bundles(root: Path, office: Location):
    return build(run_cli, root)


@pytest.fixture
def office(qtbot, prebuilt: Prebuilt, tmp_path: Path):
    ward, bundles = prebuilt.copy(tmp_path / "ward", _office_with_bundles)
    db = open_database(ward.office)
    ctx = AppContext(db)
    window = MainWindow(ctx, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    ctx.set_period(parse_period(MONTH))
    yield ward, bundles, window, ctx
    window.close()
    db.close()


def run_import(qtbot, page: ImportPage, paths: list[Path]) -> None:
    assert page.import_paths(paths)
    qtbot.waitUntil(lambda: not page.busy and page.job is None, timeout=20000)


def test_office_pages_are_registered_for_the_office(office) -> None:
    _ward, _bundles, window, _ctx = office
    assert isinstance(window.page("office_import"), ImportPage)
    assert isinstance(window.page("office_conflicts"), ConflictsPage)
    assert isinstance(window.page("office_merged"), MergedPage)
    assert isinstance(window.page("office_dashboard"), DashboardPage)
    assert isinstance(window.page("office_finalize"), FinalizePage)


def test_import_summary_counts_per_file_and_total(qtbot, office) -> None:
    ward, bundles, window, _ctx = office
    page = window.page("office_import")
    run_import(qtbot, page, [bundles[0].parent])  # the whole "USB stick" folder
    got = {Path(r.file).name: (r.status, r.counts.get("new"), r.counts.get("conflicts"))
           for r in page.results}
    assert got == {"hcc-202610.chiso": ("imported", 1, 0),
                   "kt-202610.chiso": ("imported", 8, 1),
                   "vhxh-202610.chiso": ("imported", 4, 0)}
    table = page.table
    assert table.rowCount() == 4  # three files and the total line
    total = [table.item(3, c).text() for c in range(5, 9)]
    assert total == ["13", "0", "0", "1"]
    headers = [table.horizontalHeaderItem(c).text() for c in range(5)]
    assert headers == ["Tệp", "Loại tệp", "Phòng, ban", "Kỳ báo cáo", "Kết quả"]
    kt = next(r for r in range(3) if table.item(r, 0).text() == "kt-202610.chiso")
    assert table.item(kt, 1).text() == "Tệp số liệu"
    assert table.item(kt, 2).text() == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert table.item(kt, 3).text() == "Tháng 10/2026"
    assert table.item(kt, 4).text().startswith("Đã nhập")
    assert not page.conflicts_button.isHidden()
    # the same files again: already imported, nothing changes
    run_import(qtbot, page, bundles)
    assert [r.status for r in page.results] == ["already-imported"] * 3
    assert ward.sql("VP", "SELECT value FROM data_values WHERE field_code = 'D.3.1' AND "
                          "period = ?", MONTH) == [("12000",)]


def test_open_file_from_the_command_line_imports_it(qtbot, office) -> None:
    _ward, bundles, window, _ctx = office
    window.open_file(bundles[2])  # what app.py does with a double-clicked .chiso
    page = window.page("office_import")
    assert window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: page.job is None, timeout=20000)
    assert [(r.status, r.sender) for r in page.results] == [("imported", "HCC")]


def test_refused_file_is_listed_with_its_reason(qtbot, office, tmp_path: Path) -> None:
    _ward, _bundles, window, _ctx = office
    bad = tmp_path / "broken.chiso"
    bad.write_bytes(b"not a bundle")
    page = window.page("office_import")
    run_import(qtbot, page, [bad])
    assert page.results[0].status == "refused"
    result = page.table.item(0, 4).text()
    assert "Tệp bị hỏng hoặc đã bị sửa" in result and "gửi lại" in result
    page.table.selectRow(0)
    assert page.detail_label.isVisibleTo(page)
    assert page.results[0].reason in page.detail_label.text()  # the technical reason


def test_a_number_jump_is_imported_only_after_the_clerk_confirms(qtbot, office, tmp_path: Path,
                                                                  monkeypatch) -> None:
    """A bundle numbered far ahead is refused with what to do; the button imports it once the
    clerk confirms having called the sender, and "No" changes nothing."""
    ward, _bundles, window, _ctx = office
    jump = tmp_path / "kt-nhay-so.chiso"
    jump.write_bytes(make_bundle(Path(ward.db("KT")), [ValueRecord(
        "D.3.2", MONTH, "value", "150", "", 50, "Nguyễn Văn An")], sequence=20_000))
    page = window.page("office_import")
    run_import(qtbot, page, [jump])
    assert [(r.status, r.reason) for r in page.results] == [("refused", "sequence-jump")]
    assert "gọi" in page.table.item(0, 4).text().lower()  # call the sender first
    assert page.jump_button.isVisibleTo(page)
    asked: list[str] = []

    def answer(reply):
        def question(_parent, _title, text, *_args):
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not page.confirm_jumps()
    assert "kt-nhay-so.chiso" in asked[0] and "KT" in asked[0]
    assert ward.sql("VP", "SELECT count(*) FROM data_values WHERE field_code = 'D.3.2'") == [(0,)]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert page.confirm_jumps()
    qtbot.waitUntil(lambda: not page.busy and page.job is None, timeout=20000)
    assert [r.status for r in page.results] == ["imported"]
    assert not page.jump_button.isVisibleTo(page)
    assert ward.sql("VP", "SELECT value FROM data_values WHERE field_code = 'D.3.2' AND "
                          "period = ?", MONTH) == [("150",)]


def test_resolve_a_conflict_with_a_reason(qtbot, office) -> None:
    ward, bundles, window, _ctx = office
    run_import(qtbot, window.page("office_import"), bundles)
    page = window.page("office_conflicts")
    assert [r.code for r in page.rows] == ["D.3.1"]
    row = page.selected_row()
    assert row is not None and row.incoming.department == "KT"
    assert row.current.text.startswith("12.000") and row.incoming.text.startswith("12.450")
    # a typed value is checked in the UI language; no reason → refused, nothing written
    page.other_value.setChecked(True)
    page.value_edit.setText("12,3,4")
    page.reason_edit.setText("x")
    assert not page.resolve_selected()
    assert page.problem.text()
    page.value_edit.setText("12.400")
    page.reason_edit.setText("")
    assert not page.resolve_selected()
    assert ward.sql("VP", "SELECT status FROM conflicts") == [("open",)]
    page.take_incoming.setChecked(True)
    page.reason_edit.setText("phòng KT đã rà soát lại")
    with qtbot.waitSignal(page.resolved, timeout=20000):
        assert page.resolve_selected()  # on a worker thread, in its own transaction
    assert ward.sql("VP", "SELECT status, resolution, reason FROM conflicts") == [
        ("resolved", "incoming", "phòng KT đã rà soát lại")]
    assert ward.sql("VP", "SELECT value FROM data_values WHERE field_code = 'D.3.1' AND "
                          "period = ?", MONTH) == [("12450",)]
    assert page.rows == []


def test_a_refused_decision_is_said_in_place_and_can_be_made_again(
        qtbot, office, monkeypatch: pytest.MonkeyPatch) -> None:
    ward, bundles, window, _ctx = office
    run_import(qtbot, window.page("office_import"), bundles)
    page = window.page("office_conflicts")

    def refuse(*_a, **_k):
        raise Refused("Xung đột 1 đã được xử lý.")

    monkeypatch.setattr(conflicts_page_module, "resolve", refuse)
    page.reason_edit.setText("đã rà soát")
    assert page.resolve_selected()
    qtbot.waitUntil(lambda: "đã được xử lý" in page.problem.text(), timeout=20000)
    assert page.decision_box.isEnabled()
    assert ward.sql("VP", "SELECT status FROM conflicts") == [("open",)]


def test_merged_view_colours_filters_and_dashboard(qtbot, office) -> None:
    _ward, bundles, window, _ctx = office
    run_import(qtbot, window.page("office_import"), bundles)
    merged = window.page("office_merged")
    codes = {merged.model.cell_at(r).code: merged.model.status(merged.model.cell_at(r))
             for r in range(merged.model.rowCount())}
    assert codes["D.3.1"] == CONFLICT
    assert codes["A.XIII.22.1"] == "missing"
    merged.department_filter.setCurrentIndex(merged.department_filter.findData("HCC"))
    assert {merged.model.cell_at(r).department for r in range(merged.model.rowCount())} == \
        {"HCC"}
    merged.status_filter.setCurrentIndex(merged.status_filter.findData("missing"))
    assert [merged.model.cell_at(r).code for r in range(merged.model.rowCount())] == \
        ["A.XIII.22.1"]
    index = merged.model.index(0, Col.VALUE)
    merged.show_history(index)
    assert merged.history_dialog.isVisible()
    merged.history_dialog.close()

    dashboard = window.page("office_dashboard")
    report = dashboard.report
    assert report is not None and report.department("HCC").missing == 1
    names = [dashboard.chase_table.item(r, 0).text() for r in
             range(dashboard.chase_table.rowCount())]
    assert len(names) == 1 and names[0].startswith("HCC")
    dashboard.field_picker.setCurrentIndex(dashboard.field_picker.findData("D.3.2"))
    assert dashboard.series_chart.chart is not None


def test_question_values_writes_a_signed_request(qtbot, office, tmp_path: Path) -> None:
    ward, bundles, window, _ctx = office
    run_import(qtbot, window.page("office_import"), bundles)
    merged = window.page("office_merged")
    cells = [c for c in merged.model.all_cells if c.code in ("D.3.2", "A.IV.3.1")]
    folder = tmp_path / "out"
    folder.mkdir()
    with qtbot.waitSignal(merged.questions_written, timeout=20000) as blocker:
        merged.question_cells(cells, "Kiểm tra lại số liệu", folder, "test passphrase")
    assert len(blocker.args[0]) == 2 and all(p.exists() for p in blocker.args[0])
    assert sorted(ward.sql("VP", "SELECT department_code, field_code, status FROM "
                                 "correction_requests")) == [
        ("KT", "D.3.2", "open"), ("VHXH", "A.IV.3.1", "open")]
    assert {merged.model.status(c) for c in merged.model.all_cells
            if c.code in ("D.3.2", "A.IV.3.1")} == {"questioned"}


def test_questions_are_all_or_nothing_when_a_file_cannot_be_written(
        qtbot, office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ward, bundles, window, _ctx = office
    run_import(qtbot, window.page("office_import"), bundles)
    merged = window.page("office_merged")
    real_write = merged_page_module.write_request_file
    calls: list[Path] = []

    def second_fails(s, request, out, **kw):
        calls.append(out)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write(s, request, out, **kw)

    monkeypatch.setattr(merged_page_module, "write_request_file", second_fails)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append((title, text)))
    cells = [c for c in merged.model.all_cells if c.code in ("D.3.2", "A.IV.3.1")]
    folder = tmp_path / "usb"
    folder.mkdir()
    merged.question_cells(cells, "Kiểm tra lại", folder, "test passphrase")
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "No space left on device" in shown[0][1]  # shown the one way (error_text)
    assert len(calls) == 2 and not list(folder.iterdir())  # the first file is removed too
    assert ward.sql("VP", "SELECT COUNT(*) FROM correction_requests") == [(0,)]


def test_lock_outputs_and_reopen(qtbot, office, tmp_path: Path) -> None:
    ward, bundles, window, _ctx = office
    run_import(qtbot, window.page("office_import"), bundles)
    page = window.page("office_finalize")
    with qtbot.waitSignal(page.approval_changed, timeout=20000):
        assert page.approve("Nguyễn Văn An", "Chủ tịch UBND phường", "Đồng ý")
    assert ward.sql("VP", "SELECT status, approver, revision FROM period_locks") == [
        ("locked", "Nguyễn Văn An", 1)]
    assert not page.approve_button.isEnabled() and page.reopen_button.isEnabled()
    assert "Nguyễn Văn An" in page.approval_status.text()
    for form in ("period-report", "completeness"):
        out = tmp_path / f"{form}.pdf"
        with qtbot.waitSignal(page.output_written, timeout=30000):
            page.save_pdf(form, out)
        assert out.read_bytes().startswith(b"%PDF")
    page.form_picker.setCurrentIndex(page.form_picker.findData("period-report"))
    page.preview()  # inside the app: no system PDF viewer involved
    qtbot.waitUntil(lambda: page.preview_dialog is not None, timeout=30000)
    preview = page.preview_dialog
    assert preview.isVisible() and len(preview.pages) >= 1
    qtbot.waitUntil(lambda: preview.page_view.pixmap().width() > 500, timeout=5000)  # fit width
    preview.reject()
    xlsx = tmp_path / "ioc.xlsx"
    with qtbot.waitSignal(page.output_written, timeout=30000):
        page.export_ioc(xlsx)
    assert xlsx.stat().st_size > 0
    dialog = ReasonDialog("Reopen", "Why?", page)
    dialog.open()
    dialog.accept()  # no reason: the dialog stays open and says why
    assert dialog.isVisible() and dialog.problem.text()
    dialog.reject()
    with qtbot.waitSignal(page.approval_changed, timeout=20000) as reopened:
        page.reopen("Bổ sung số liệu")
    assert reopened.args[0].status == "reopened"
    assert ward.sql("VP", "SELECT status FROM period_locks") == [("reopened",)]
    assert page.approve_button.isEnabled() and not page.reopen_button.isEnabled()


def test_switching_to_english_changes_visible_labels(qtbot, office) -> None:
    _ward, _bundles, window, ctx = office
    page = window.page("office_import")
    ctx.set_language("en")
    assert page.files_button.text() == "&Import files…"
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "Import bundles"
    conflicts = window.page("office_conflicts")
    assert conflicts.resolve_button.text() == "Re&solve"
    assert window.page("office_finalize").approve_button.text() == "&Approve and lock…"


def test_cancel_stops_between_files(office) -> None:
    ward, bundles, _window, ctx = office
    job = ImportJob(ctx.db, bundles, "tester", handlers=ctx.handlers)
    job.file_done.connect(lambda _r: job.cancel())  # direct: run() is called on this thread
    finished: list[bool] = []
    job.finished.connect(finished.append)
    job.run()
    assert finished == [True]
    assert ward.sql("VP", "SELECT department_code FROM imported_bundles") == [("KT",)]
