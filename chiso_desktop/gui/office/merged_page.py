"""The merged view: every item of the period × its department, coloured by status.

Filters by department, group and status; double-click (or Enter) opens the
cell's history; "Question value…" records a correction request for the
selected values and writes the signed request file for each department.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.history import HistoryDialog
from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.office.merged_model import COLOURS, STATUSES, Col, MergedModel, status_label
from chiso_desktop.gui.operations import Changed, Operation, ask_passphrase, output_name
from chiso_desktop.gui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QKeySequence,
    QLabel,
    QMessageBox,
    QModelIndex,
    QPushButton,
    QShortcut,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.approval import LOCKED, approval_of
from chiso_desktop.office.corrections import question_values, write_request_file
from chiso_desktop.office.merged import MergedCell, merged_view
from chiso_desktop.platform_rules import unique_names
from chiso_desktop.store.db import Session


class MergedPage(OfficePage):
    shows = Changed.VALUES | Changed.STATUS | Changed.IMPORTS | Changed.CONFLICTS | Changed.QUESTIONS

    status_message = Signal(str)
    questions_written = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = MergedModel()
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)

        self.department_label, self.department_filter = QLabel(self), QComboBox(self)
        self.group_label, self.group_filter = QLabel(self), QComboBox(self)
        self.status_label, self.status_filter = QLabel(self), QComboBox(self)
        filters = QHBoxLayout()
        for label, combo in ((self.department_label, self.department_filter),
                             (self.group_label, self.group_filter),
                             (self.status_label, self.status_filter)):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filter)
            filters.addWidget(label)
            filters.addWidget(combo)
        self.breakdowns = QCheckBox(self)
        self.breakdowns.setObjectName("showBreakdowns")
        self.breakdowns.toggled.connect(self._show_breakdowns)
        filters.addWidget(self.breakdowns)
        # Long group names would push the row past 1024 px; each item's tooltip has it whole.
        self.group_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group_filter.setMinimumContentsLength(28)
        filters.addStretch(1)

        self.table = QTableView(self)
        self.table.setObjectName("mergedTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self.show_history)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self.show_history(self.table.currentIndex()))

        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.history_button = QPushButton(self)
        self.history_button.clicked.connect(lambda: self.show_history(self.table.currentIndex()))
        self.question_button = QPushButton(self)
        self.question_button.setObjectName("questionButton")
        self.question_button.clicked.connect(self.question_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.history_button)
        bottom.addWidget(self.question_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.wire()

    # --- language and loading ----------------------------------------------------------

    def retranslate(self) -> None:
        self.department_label.setText(_("&Department:"))
        self.group_label.setText(_("&Group:"))
        self.status_label.setText(_("S&tatus:"))
        self.breakdowns.setText(_("Show &breakdowns"))
        self.breakdowns.setToolTip(_("List each disaggregated item's breakdown (by sex, "
                                     "mineral, …) under its total."))
        self.history_button.setText(_("&History…"))
        self.question_button.setText(_("&Question value…"))
        self.question_button.setToolTip(_("Ask the department to check the selected values: "
                                          "writes a signed request file for it."))
        self.reload()

    def reload(self) -> None:
        period = self.ctx.period
        if period is None:
            return
        with self.ctx.session() as s:
            cells = merged_view(s, period, lang=self.ctx.lang)
            locked = approval_of(s, period).status == LOCKED
        self.model.set_cells(cells, locked, self.ctx.scope.catalogs if self.ctx.scope else [])
        state = _("approved and locked") if locked else _("open")
        self.title.setText(_("Merged view — {period} ({state})").format(
            period=period.label(self.ctx.lang), state=state))
        self._fill_filters()
        self._filter()
        self._size_columns()

    def _fill_filters(self) -> None:
        keep = (self.department_filter.currentData(), self.group_filter.currentData(),
                self.status_filter.currentData())
        departments = sorted({c.department for c in self.model.all_cells})
        groups = sorted(set(self.model.groups.values()))
        for combo, items in (
            (self.department_filter, [(d, d) for d in departments]),
            (self.group_filter, [(f"{code} — {name}", code) for code, name in groups]),
            (self.status_filter, [(status_label(s), s) for s in STATUSES]),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("All"), "")
            for text, data in items:
                combo.addItem(text[:60], data)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
            combo.blockSignals(False)
        for combo, data in zip((self.department_filter, self.group_filter, self.status_filter),
                               keep, strict=True):
            found = combo.findData(data) if data else 0
            combo.setCurrentIndex(max(found, 0))

    def _filter(self) -> None:
        self.model.set_filters(self.department_filter.currentData() or "",
                               self.group_filter.currentData() or "",
                               self.status_filter.currentData() or "")
        counts = self.model.counts()
        parts = [f"<span style='background:{COLOURS[s]}'>&nbsp;{status_label(s)}: "
                 f"{counts[s]}&nbsp;</span>" for s in STATUSES if counts[s]]
        self.legend.setText(_("Shown: {n}").format(n=self.model.rowCount()) + " &nbsp; " +
                            " ".join(parts))

    def _show_breakdowns(self, shown: bool) -> None:
        self.model.set_breakdowns(shown)
        self._filter()

    def _size_columns(self) -> None:
        widths = {Col.CODE: 110, Col.ITEM: 420, Col.DEPARTMENT: 90, Col.VALUE: 110,
                  Col.UNIT: 80, Col.STATUS: 130, Col.RECEIVED: 120, Col.SOURCE: 160}
        for col, width in widths.items():
            self.table.setColumnWidth(col, width)

    # --- history -----------------------------------------------------------------------

    def show_history(self, index: QModelIndex) -> None:
        cell = self.model.cell_at(index.row()) if index.isValid() else None
        if cell is None:
            return
        # A breakdown cell's history is its own cell's: its field spelled CODE[combination].
        field = replace(cell.field, code=cell.code, label=cell.part_label) if cell.is_part \
            else cell.field
        dialog = HistoryDialog(self.ctx, field, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.history_dialog = dialog

    # --- questions ---------------------------------------------------------------------

    def selected_cells(self) -> list[MergedCell]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        # A breakdown cell is questioned as its field: the department checks the whole item.
        cells = [self.model.total_of(c) for c in (self.model.cell_at(r) for r in rows)
                 if c is not None and not c.computed]
        return list({id(c): c for c in cells}.values())

    def question_selected(self) -> None:
        cells = self.selected_cells()
        if not cells:
            QMessageBox.information(self, _("Nothing selected"),
                                    _("Select the values to question in the table first "
                                      "(computed items cannot be questioned)."))
            return
        codes = ", ".join(c.code for c in cells[:8]) + ("…" if len(cells) > 8 else "")
        comment, ok = QInputDialog.getMultiLineText(
            self, _("Question value"),
            _("What should the department check? ({codes})").format(codes=codes))
        if not ok:
            return
        if not comment.strip():
            QMessageBox.warning(self, _("No comment"),
                                _("Say what looks wrong, so the department knows what to "
                                  "check; then try again."))
            return
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for the request files (e.g. a USB stick)"), str(Path.home()))
        if not folder:
            return
        secret = ask_passphrase(self)
        if secret is None:
            return
        self.question_cells(cells, comment.strip(), Path(folder), secret)

    def question_cells(self, cells: list[MergedCell], comment: str, folder: Path,
                       secret: str | None) -> None:
        """Record the questions and write one signed file per department (worker thread).

        All or nothing: if one department's file cannot be written, the files already
        written are removed and no question is recorded, so every file on the stick
        matches a request the Office keeps.
        """
        period = self.ctx.period
        assert period is not None
        by_dept: dict[str, dict[str, str]] = defaultdict(dict)
        for cell in cells:
            by_dept[cell.department][cell.code] = comment
        unit = self.ctx.identity.unit_name if self.ctx.identity else ""
        actor = self.ctx.actor

        def work(s: Session) -> list[Path]:
            written: list[Path] = []
            depts = sorted(by_dept.items())
            # Windows ignores case: departments "KT" and "kt" must not share one file.
            names = unique_names(output_name(unit, period.id, f"{d}-questions", ".chiso")
                                 for d, _c in depts)
            try:
                for (dept, comments), name in zip(depts, names, strict=True):
                    request = question_values(s, period, dept, comments, actor)
                    written.append(write_request_file(s, request, folder / name, actor=actor,
                                                      secret=secret))
            except BaseException:
                for path in written:
                    path.unlink(missing_ok=True)
                raise
            return written

        def done(paths: list[Path]) -> None:
            self.status_message.emit(ngettext("{n} request file written to {folder}.",
                                              "{n} request files written to {folder}.",
                                              len(paths)).format(n=len(paths), folder=folder))
            self.questions_written.emit(paths)

        Operation(self, self.ctx, work, changes=Changed.QUESTIONS | Changed.EXPORTS,
                  title=_("Questions not sent"), label=_("Writing the request files…")) \
            .success(done).run_in_background()
