"""Conflict review: the open conflicts, both values side by side, a decision with a reason.

Every decision goes through the core's ``resolve`` (one transaction, history
and audit); a value typed here is checked with ``parse_input`` in the UI
language before it is sent, so a typo is shown next to the field.
"""

from __future__ import annotations

from chiso_desktop.errors import UserError
from chiso_desktop.exchange.conflicts import (
    KEEP_CURRENT,
    SET_VALUE,
    TAKE_INCOMING,
    Decision,
    resolve,
)
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.operations import Changed, Operation, show_failure
from chiso_desktop.gui.qt import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.gui.tables import read_only_table
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.conflict_rows import (
    ConflictRow,
    Side,
    kind_text,
    load_conflicts,
    source_text,
)
from chiso_desktop.values.parse import ValueRefused, parse_input
from chiso_desktop.values.state import ConflictStatus


class SideBox(QGroupBox):
    """One side's value in large type and its provenance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel(self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        for key in ("source", "bundle", "department", "officer", "revision", "when"):
            title, text = QLabel(self), QLabel(self)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key], self.texts[key] = title, text
            self.form.addRow(title, text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def retranslate(self) -> None:
        for key, text in (("source", _("Source:")), ("bundle", _("Bundle:")),
                          ("department", _("Department:")), ("officer", _("Officer:")),
                          ("revision", _("Revision:")), ("when", _("When:"))):
            self.labels[key].setText(text)

    def show_side(self, side: Side | None, unit: str) -> None:
        if side is None:
            self.value.setText("")
            for label in self.texts.values():
                label.setText("")
            return
        self.value.setText(f"{side.text} {unit}".strip() if side.text != "—" else "—")
        self.texts["source"].setText(source_text(side.source) if side.source else "—")
        self.texts["bundle"].setText(side.bundle_id[:8] if side.bundle_id else "—")
        self.texts["bundle"].setToolTip(side.bundle_id)
        self.texts["department"].setText(side.department or "—")
        self.texts["officer"].setText(side.officer or "—")
        self.texts["revision"].setText(str(side.revision) if side.revision else "—")
        self.texts["when"].setText(side.when.strftime("%d/%m/%Y %H:%M") if side.when else "—")


class ConflictsPage(OfficePage):
    shows = Changed.CONFLICTS | Changed.IMPORTS | Changed.VALUES
    follows_period = False

    status_message = Signal(str)
    resolved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[ConflictRow] = []

        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.show_resolved = QCheckBox(self)
        self.show_resolved.toggled.connect(lambda _c: self.reload())
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.show_resolved)

        self.table = read_only_table(self, "conflictList", wrap=False, single_selection=True)
        self.table.itemSelectionChanged.connect(self._selected)

        detail = QWidget(self)
        self.heading = QLabel(detail)
        self.heading.setWordWrap(True)
        self.kind_label = QLabel(detail)
        self.kind_label.setWordWrap(True)
        self.kind_label.setStyleSheet("color: #a15c00;")
        self.current_box = SideBox(detail)
        self.incoming_box = SideBox(detail)
        sides = QHBoxLayout()
        sides.addWidget(self.current_box)
        sides.addWidget(self.incoming_box)

        self.decision_box = QGroupBox(detail)
        self.take_incoming = QRadioButton(self.decision_box)
        self.keep_current = QRadioButton(self.decision_box)
        self.other_value = QRadioButton(self.decision_box)
        self.choice = QButtonGroup(self)
        for n, button in enumerate((self.take_incoming, self.keep_current, self.other_value)):
            self.choice.addButton(button, n)
        self.value_edit = QLineEdit(self.decision_box)
        self.value_edit.setObjectName("otherValue")
        self.value_edit.setEnabled(False)
        self.value_edit.textEdited.connect(lambda _t: self.other_value.setChecked(True))
        self.other_value.toggled.connect(self.value_edit.setEnabled)
        self.reason_label = QLabel(self.decision_box)
        self.reason_edit = QLineEdit(self.decision_box)
        self.reason_edit.setObjectName("reason")
        self.reason_label.setBuddy(self.reason_edit)
        self.problem = QLabel(self.decision_box)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.resolve_button = QPushButton(self.decision_box)
        self.resolve_button.setObjectName("resolveButton")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.reason_edit.returnPressed.connect(self.resolve_selected)
        other_row = QHBoxLayout()
        other_row.addWidget(self.other_value)
        other_row.addWidget(self.value_edit, 1)
        decision = QVBoxLayout(self.decision_box)
        decision.addWidget(self.take_incoming)
        decision.addWidget(self.keep_current)
        decision.addLayout(other_row)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason_edit, 1)
        decision.addLayout(reason_row)
        decision.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resolve_button)
        decision.addLayout(buttons)

        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.kind_label)
        detail_layout.addLayout(sides)
        detail_layout.addWidget(self.decision_box)
        detail_layout.addStretch(1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(splitter, 1)
        self.detail = detail

        self.wire()

    # --- language and loading ----------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Conflicts to review"))
        self.show_resolved.setText(_("Show &resolved"))
        self.current_box.setTitle(_("Current value (kept at the Office)"))
        self.incoming_box.setTitle(_("Incoming value (from the bundle)"))
        self.current_box.retranslate()
        self.incoming_box.retranslate()
        self.decision_box.setTitle(_("Decision"))
        self.take_incoming.setText(_("Take the &incoming value"))
        self.keep_current.setText(_("&Keep the current value"))
        self.other_value.setText(_("Enter &another value:"))
        self.reason_label.setText(_("&Reason (required):"))
        self.reason_edit.setPlaceholderText(_("e.g. confirmed by phone with the department"))
        self.resolve_button.setText(_("Re&solve"))
        self.reload()

    def reload(self) -> None:
        keep = self.selected_row()
        with self.ctx.session() as s:
            self.rows = load_conflicts(s, self.ctx.lang,
                                       include_resolved=self.show_resolved.isChecked())
        heads = [_("No."), _("Code"), _("Item"), _("Period"), _("Department"), _("Current"),
                 _("Incoming"), _("Status")]
        table = self.table
        table.blockSignals(True)
        table.setRowCount(0)
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        table.setRowCount(len(self.rows))
        for n, r in enumerate(self.rows):
            status = _("open") if r.status == ConflictStatus.OPEN else _("resolved")
            for c, text in enumerate((str(r.id), r.code, r.label, r.period_label,
                                      r.incoming.department, r.current.text, r.incoming.text,
                                      status)):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setToolTip(f"{r.indicator}\n{r.label}")
                table.setItem(n, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.blockSignals(False)
        open_rows = [r for r in self.rows if r.status == ConflictStatus.OPEN]
        self.empty_label.setText(
            _("No open conflict. Every imported value was merged.") if not open_rows else
            ngettext("{n} conflict waits for a decision. Compare both values, choose one and "
                     "say why.",
                     "{n} conflicts wait for a decision. Compare both values, choose one and "
                     "say why.", len(open_rows)).format(n=len(open_rows)))
        ids = [r.id for r in self.rows]
        if keep is not None and keep.id in ids:
            table.selectRow(ids.index(keep.id))
        elif self.rows:
            table.selectRow(0)
        self._selected()

    def selected_row(self) -> ConflictRow | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        n = rows.pop()
        return self.rows[n] if n < len(self.rows) else None

    def select_conflict(self, conflict_id: int) -> None:
        ids = [r.id for r in self.rows]
        if conflict_id in ids:
            self.table.selectRow(ids.index(conflict_id))

    def _selected(self) -> None:
        row = self.selected_row()
        self.problem.setText("")
        self.detail.setEnabled(row is not None)
        if row is None:
            self.heading.setText("")
            self.kind_label.setText("")
            self.current_box.show_side(None, "")
            self.incoming_box.show_side(None, "")
            return
        self.heading.setText(f"<b>{row.code}</b> — {row.indicator}"
                             + (f" · {row.label}" if row.label != row.indicator else "")
                             + f" · {row.period_label}")
        self.kind_label.setText(kind_text(row.kind, row.incoming.department, row.owner))
        self.current_box.show_side(row.current, row.unit)
        self.incoming_box.show_side(row.incoming, row.unit)
        is_open = row.status == ConflictStatus.OPEN
        self.decision_box.setEnabled(is_open)
        if not is_open:
            self.problem.setStyleSheet("color: #1b7f3b;")
            self.problem.setText(_("Resolved: {reason}").format(reason=row.reason))
        else:
            self.problem.setStyleSheet("color: #b3261e;")
        self.take_incoming.setChecked(True)
        self.value_edit.clear()
        self.reason_edit.clear()

    # --- deciding ----------------------------------------------------------------------

    def decision(self, row: ConflictRow) -> Decision | None:
        """The chosen decision, or None with the problem shown next to the fields."""
        if self.take_incoming.isChecked():
            return Decision(TAKE_INCOMING)
        if self.keep_current.isChecked():
            return Decision(KEEP_CURRENT)
        text = self.value_edit.text().strip()
        if not text:
            self.problem.setText(_("Type the value to keep, or choose one of the two values."))
            self.value_edit.setFocus()
            return None
        if row.field is not None:
            try:
                parse_input(text, row.field, self.ctx.lang)
            except ValueRefused as exc:
                self.problem.setText(str(exc))
                self.value_edit.setFocus()
                return None
        return Decision(SET_VALUE, text)

    def resolve_selected(self) -> bool:
        """Resolve the selected conflict on a worker thread; False when the decision is not
        complete (what is missing is said in place). ``resolved`` follows when it is done."""
        row = self.selected_row()
        if row is None or row.status != ConflictStatus.OPEN:
            return False
        decision = self.decision(row)
        if decision is None:
            return False
        reason = self.reason_edit.text().strip()
        if not reason:
            self.problem.setText(_("Give a reason for the decision: it is kept in the value's "
                                   "history."))
            self.reason_edit.setFocus()
            return False
        actor, lang, conflict_id, code = self.ctx.actor, self.ctx.lang, row.id, row.code

        def done(_result: object) -> None:
            self.status_message.emit(_("Conflict {id} ({code}) resolved.").format(
                id=conflict_id, code=code))
            self.resolved.emit(conflict_id)
            self.table.setFocus()

        def failed(exc: BaseException) -> None:
            self.decision_box.setEnabled(True)
            if isinstance(exc, UserError):  # the core's refusal, said where the decision is
                self.problem.setText(str(exc))
            else:
                show_failure(self, _("Not done"), exc)

        self.decision_box.setEnabled(False)  # one decision at a time
        Operation(self, self.ctx, lambda s: resolve(s, conflict_id, decision, reason=reason,
                                                    actor=actor, lang=lang),
                  changes=Changed.CONFLICTS | Changed.VALUES, title=_("Not done")) \
            .success(done).failure(failed).run_in_background()
        return True
