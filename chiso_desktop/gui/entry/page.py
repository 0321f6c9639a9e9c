"""The entry page: the department's indicators for the selected period.

Every edit is saved at once through the core's ``set_values`` (no Save
button); the form is then reloaded so computed items, validation and status
are always the core's. Registered for both roles: the Office is also a
department with its own indicators.

Typing is never interrupted. Once a period is marked ready or sent, changes
need a reason: it is asked once for the editing session of the period, in a
bar above the grid, never in a dialog that would catch the next keystrokes.
Values typed before the reason is given wait in their cells and are saved
when it is. By default the grid holds only what the department reports;
"Show all" adds the other departments' items, read only.
"""

from __future__ import annotations

from html import escape

from chiso_desktop.catalog.categories import DEFAULT_COMBO
from chiso_desktop.entry.form import FormState, load_form, mark_ready, send_again_label
from chiso_desktop.entry.guards import mark_ready_guard
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.entry.paste import parse_block, plan_paste
from chiso_desktop.errors import Refused
from chiso_desktop.gui import actions_backend, guard_dialog
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.delegate import EntryDelegate
from chiso_desktop.gui.entry.history import HistoryDialog
from chiso_desktop.gui.entry.model import COPY_ROLE, Col, EntryModel
from chiso_desktop.gui.entry.undo import NOT_APPLICABLE_TEXT, EditCommand, edit_label, input_text
from chiso_desktop.gui.generated.ui_entry_page import Ui_EntryPage
from chiso_desktop.gui.operations import Changed, Operation, show_failure
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.gui.qt import (
    QAction,
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPoint,
    QShortcut,
    QSizePolicy,
    Qt,
    QUndoStack,
    QWidget,
    Signal,
)
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.values.parse import ValueRefused, parse_input
from chiso_desktop.values.state import ReportStatus, ValueState

CODE_ROLE = Qt.ItemDataRole.UserRole


class EntryPage(QWidget):
    status_message = Signal(str)
    form_loaded = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_EntryPage()
        self.ui.setupUi(self)
        self.form: FormState | None = None
        self.model = EntryModel()
        self.model.on_edit = self._cell_edited
        self.table = self.ui.table
        self.table.setModel(self.model)
        self.delegate = EntryDelegate(self.model, self.table)
        self.delegate.problem.connect(self.status_message)
        self.table.setItemDelegate(self.delegate)
        self.table.size_columns()
        self.ui.splitter.setStretchFactor(0, 5)
        self.ui.splitter.setStretchFactor(1, 1)
        title_font = self.ui.formTitle.font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self.ui.formTitle.setFont(title_font)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)
        self._make_actions()
        self.table.paste_requested.connect(self.paste)
        self.table.copy_requested.connect(self.copy)
        self.table.clear_requested.connect(self.clear_selection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.search_label = QLabel(self)
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search_box)
        self.search_count = QLabel(self)
        self.search_box.textChanged.connect(lambda _t: self.apply_search())
        self.search_box.returnPressed.connect(self._search_done)
        # The second row of the header: find and "show all" (what the grid shows), then
        # the actions; the heading above has the row to itself (fits 1024 px across).
        actions = self.ui.actionsLayout
        actions.insertWidget(0, self.search_label)
        actions.insertWidget(1, self.search_box, 1)
        actions.insertWidget(2, self.search_count)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.start_search)
        self.addAction(self.find_action)
        self.search_escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_box,
                                       self.end_search)
        self.search_escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.info = QLabel(self.ui.messagesBox)
        self.info.setObjectName("itemInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.ui.messagesLayout.insertWidget(0, self.info)
        self.table.selectionModel().currentChanged.connect(lambda cur, _prev: self.show_info())
        self.ui.messages.itemActivated.connect(self._message_clicked)
        self.ui.messages.itemClicked.connect(self._message_clicked)
        self.awaiting: dict[str, Entry] = {}
        """Edits typed on a ready or sent period before the reason was given, by code."""
        self.show_all = QCheckBox(self)
        self.show_all.setObjectName("showAll")
        self.show_all.toggled.connect(lambda _c: self.reload())
        self.ui.actionsLayout.insertWidget(3, self.show_all)
        self._make_reason_bar()
        self.ui.markReadyButton.clicked.connect(self.mark_ready)
        self.ui.exportButton.clicked.connect(self.export_bundle)
        self.ui.printButton.clicked.connect(self.print_cover)
        ctx.period_changed.connect(lambda _p: self._new_period())
        ctx.language_changed.connect(lambda _l: self.retranslate())
        ctx.changed.connect(self._changed)
        self.retranslate_actions()
        if ctx.period is not None:
            self.reload()

    # --- actions -------------------------------------------------------------------

    def _make_actions(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        # The platform's redo keys, and Ctrl+Y everywhere (what Excel users press).
        redo = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        ctrl_y = QKeySequence("Ctrl+Y")
        self.redo_action.setShortcuts(redo + ([] if ctrl_y in redo else [ctrl_y]))
        self.not_applicable_action = QAction(self)
        self.not_applicable_action.setShortcut(QKeySequence("Ctrl+K"))
        self.not_applicable_action.triggered.connect(self.toggle_not_applicable)
        self.history_action = QAction(self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(self.show_history)
        self.paste_action = QAction(self)
        self.paste_action.setShortcut(QKeySequence.StandardKey.Paste)
        self.paste_action.triggered.connect(self.paste)
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.triggered.connect(self.copy)
        self.clear_action = QAction(self)
        self.clear_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.clear_action.triggered.connect(self.clear_selection)
        for action in (self.undo_action, self.redo_action, self.not_applicable_action,
                       self.history_action):
            action.setShortcutContext(ctx)
            self.addAction(action)

    def _make_reason_bar(self) -> None:
        self.reason_bar = QFrame(self)
        self.reason_bar.setObjectName("reasonBar")
        self.reason_label = QLabel(self.reason_bar)
        self.reason_label.setWordWrap(True)
        self.reason_edit = QLineEdit(self.reason_bar)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_label.setBuddy(self.reason_edit)
        self.reason_edit.returnPressed.connect(self._reason_given)
        self.reason_edit.editingFinished.connect(self._reason_given)
        bar = QHBoxLayout(self.reason_bar)
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.reason_label, 2)
        bar.addWidget(self.reason_edit, 3)
        self.reason_bar.setVisible(False)
        self.ui.pageLayout.insertWidget(1, self.reason_bar)
        self._style_reason_bar(False)

    def _style_reason_bar(self, wanted: bool) -> None:
        colour = "#b3261e" if wanted else "#a15c00"
        self.reason_bar.setStyleSheet(f"QFrame#reasonBar {{ border: 1px solid {colour}; "
                                      "border-radius: 4px; background: #fff8e6; }")

    def _new_period(self) -> None:
        """Another period: a new editing session, so its reason is asked afresh."""
        self.awaiting.clear()
        self.reason_edit.clear()
        self.reload(reset_undo=True)

    def retranslate_actions(self) -> None:
        self.search_label.setText(_("&Find:"))
        self.search_box.setPlaceholderText(_("code, name or note (Ctrl+F)"))
        self.find_action.setText(_("Find"))
        self.not_applicable_action.setText(_("No occurrence (Không phát sinh)"))
        self.history_action.setText(_("Value history…"))
        self.paste_action.setText(_("Paste"))
        self.copy_action.setText(_("Copy"))
        self.clear_action.setText(_("Clear value"))
        self.show_all.setText(_("Show &all indicators"))
        self.show_all.setToolTip(_("Also show the items other departments report, read only."))
        self.reason_label.setText(_("This period was already marked ready or sent. Reason for "
                                    "your changes (asked once, kept for this period):"))
        self.reason_edit.setPlaceholderText(_("e.g. corrected after checking the records"))

    def retranslate(self) -> None:
        self.ui.retranslateUi(self)
        self.retranslate_actions()
        self.model.retranslate()
        self.reload()

    # --- loading -------------------------------------------------------------------

    def _changed(self, changes: Changed) -> None:
        if changes & (Changed.VALUES | Changed.STATUS):  # the grid and the header's status
            self.reload()

    def reload(self, reset_undo: bool = False) -> None:
        period = self.ctx.period
        if period is None:
            return
        if reset_undo:
            self.undo_stack.clear()
        with self.ctx.session() as s:
            form = load_form(s, period, self.ctx.department, self.ctx.lang, scope=self.ctx.scope,
                             show_all=self.show_all.isChecked())
        self.form = form
        shape_changed = self.model.form is None or \
            [r.code for r in self.model.form.rows] != [r.code for r in form.rows]
        self.model.set_form(form, self.ctx.scope.catalogs if self.ctx.scope else [], self.ctx.lang)
        if shape_changed:
            self.table.apply_spans()
            self.table.go_to(self.table.first_editable())
        self.reason_bar.setVisible(form.status != ReportStatus.DRAFT or bool(self.awaiting))
        self._show_messages()
        self._update_buttons()
        self.apply_search()
        self.show_info()
        self.form_loaded.emit(form)

    # --- search (Ctrl+F) ------------------------------------------------------------

    def start_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def end_search(self) -> None:
        """Esc: clear the search and go back to the grid."""
        self.search_box.clear()
        self.table.setFocus()

    def _search_done(self) -> None:
        """Enter in the search box: to the first item found."""
        self.table.go_to(self.table.first_editable())
        self.table.setFocus()

    def apply_search(self) -> None:
        """Hide the rows that do not match the search (code, name or note)."""
        query = self.search_box.text()
        shown = self.model.visible_lines(query)
        for n, visible in enumerate(shown):
            self.table.setRowHidden(n, not visible)
        items = sum(1 for n, line in enumerate(self.model.lines) if line.row is not None)
        found = sum(1 for n, line in enumerate(self.model.lines)
                    if line.row is not None and shown[n])
        self.search_count.setText(_("{found} of {total} items").format(found=found, total=items)
                                  if query.strip() else "")
        current = self.table.currentIndex()
        if query.strip() and (not current.isValid() or self.table.isRowHidden(current.row())):
            self.table.go_to(self.table.first_editable())

    def show_info(self) -> None:
        """The info panel: the current item's agency, frequency and the catalogs' notes."""
        current = self.table.currentIndex()
        info = self.model.info_at(current.row()) if current.isValid() else None
        if info is None:
            # A group header: the group's explanation and example key figures (section II).
            self.info.setText(self.model.group_text(current.row()) if current.isValid() else "")
            return
        lines = [f"<b>{escape(info.title)}</b>"]
        row = self.model.row_at(current.row())
        # A part's code cell is empty (the field code reads once, on its total): the
        # cursor on it shows the cell code here, for who uses the keyboard, not the mouse.
        cell = ((_("Cell code"), row.code),) if row is not None and row.combo != DEFAULT_COMBO \
            else ()
        facts = " · ".join(f"{escape(label)}: {escape(text)}"
                           for label, text in (*cell, *info.facts))
        if facts:
            lines.append(facts)
        lines += [f"<i>{escape(label)}:</i> {escape(text)}" for label, text in info.notes]
        self.info.setText("<br>".join(lines))

    def _show_messages(self) -> None:
        assert self.form is not None
        lst = self.ui.messages
        lst.clear()
        style = QApplication.style()
        for code, (_typed, message) in self.model.pending.items():
            item = QListWidgetItem(style.standardIcon(style.StandardPixmap.SP_MessageBoxCritical),
                                   _("{code}: not saved — {message}").format(code=code,
                                                                              message=message))
            item.setData(CODE_ROLE, code)
            lst.addItem(item)
        live = [(r.code, problem) for r in self.form.rows if r.parts
                for problem in (self.model.live_problem(r),) if problem]
        for code, problem in live:  # parts typed and held: the total they contradict
            item = QListWidgetItem(style.standardIcon(style.StandardPixmap.SP_MessageBoxCritical),
                                   f"{code}: {problem}")
            item.setData(CODE_ROLE, code)
            lst.addItem(item)
        for severity in ("error", "warning"):
            icon = style.standardIcon(style.StandardPixmap.SP_MessageBoxCritical
                                      if severity == "error" else
                                      style.StandardPixmap.SP_MessageBoxWarning)
            for issue in self.form.issues:
                if issue.severity == severity:
                    item = QListWidgetItem(icon, f"{issue.code}: {issue.message}")
                    item.setData(CODE_ROLE, issue.code)
                    lst.addItem(item)
        own = self.form.own_rows
        entered = sum(1 for r in own
                      if not r.computed and not r.heading and r.state != ValueState.MISSING)
        inputs = sum(1 for r in own if not r.computed and not r.heading)
        # A breakdown's parts are entered cells too (a summed total is not).
        entered += sum(1 for r in own for p in r.parts if p.state != ValueState.MISSING)
        inputs += sum(len(r.parts) for r in own)
        errors = len(self.form.errors) + len(self.model.pending) + len(live)
        warnings = len(self.form.warnings)
        if inputs == 0:
            period_label = self.form.period.label(self.ctx.lang)
            nothing = _("Nothing to enter for {period}: no indicator of yours is due in it. "
                        "Pick another period above, or tick \"Show all indicators\".").format(
                period=period_label)
            # Elided in the heading on a small screen; whole in the messages below.
            self.ui.summaryLabel.set_full_text(nothing)
            lst.addItem(QListWidgetItem(style.standardIcon(
                style.StandardPixmap.SP_MessageBoxInformation), nothing))
        else:
            self.ui.summaryLabel.set_full_text(" · ".join((
                _("{entered}/{total} entered").format(entered=entered, total=inputs),
                ngettext("{n} error", "{n} errors", errors).format(n=errors),
                ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
                *((send_again_label(),) if self.form.changed_since_sent else ()))))
        dept = self.ctx.identity.department_name if self.ctx.identity else ""
        period = self.form.period.label(self.ctx.lang)
        self.ui.formTitle.setText(f"{dept} — {period}" if dept else period)

    def _update_buttons(self) -> None:
        assert self.form is not None
        errors = len(self.form.errors) + len(self.model.pending)
        button = self.ui.markReadyButton
        if not any(not r.computed and not r.heading for r in self.form.own_rows):
            button.setEnabled(False)
            button.setToolTip(_("Nothing to enter in this period."))
        elif self.form.status != ReportStatus.DRAFT:
            button.setEnabled(False)
            button.setToolTip(_("This period is already marked ready."))
        elif errors:
            button.setEnabled(False)
            button.setToolTip(ngettext("Fix the error listed below before marking the period ready.",
                                       "Fix the {n} errors listed below before marking the "
                                       "period ready.", errors).format(n=errors))
        else:
            button.setEnabled(True)
            button.setToolTip(_("Check the form and mark the period ready for export."))
        ready = self.form.status in (ReportStatus.READY, ReportStatus.SUBMITTED)
        for btn in (self.ui.exportButton, self.ui.printButton):
            if not ready:
                btn.setEnabled(False)
                btn.setToolTip(_("Mark the period ready first."))
            else:
                btn.setEnabled(True)
                btn.setToolTip("")

    # --- saving --------------------------------------------------------------------

    def _changes_a_value(self, entries: list[Entry]) -> bool:
        """Whether the core will want a reason: a stored value changes on a non-draft period."""
        if self.form is None or self.form.status == ReportStatus.DRAFT:
            return False
        return any(e.text is not None and (row := self.form.row(e.code)) is not None
                   and row.state != ValueState.MISSING for e in entries)

    def _hold_for_reason(self, entries: list[Entry]) -> None:
        """Keep the edits in their cells until the reason is given; no dialog, no focus change."""
        for e in entries:
            held = self.awaiting.get(e.code)
            text = e.text if e.text is not None else (held.text if held else None)
            note = e.note if e.note is not None else (held.note if held else None)
            self.awaiting[e.code] = Entry(e.code, text, note)
            if e.text is not None:
                self.model.set_pending(e.code, e.text, _(
                    "waiting for the reason for changes (the bar above the table)"))
        self.reason_bar.setVisible(True)
        self._style_reason_bar(True)
        self._show_messages()
        self._update_buttons()
        self.status_message.emit(_("Kept, not saved yet: type the reason for changes in the bar "
                                   "above the table and press Enter."))

    def _reason_given(self) -> None:
        if not self.reason_edit.text().strip() or not self.awaiting:
            return
        entries = list(self.awaiting.values())
        self.awaiting.clear()
        self._style_reason_bar(False)
        self.save(entries)

    def save(self, entries: list[Entry], *, label: str = "") -> bool:
        """Save entries in one transaction and push one undo step; False when refused.

        On a ready or sent period without a reason yet, the edits are held in
        their cells (True: nothing was lost) and saved when the reason is given.
        """
        assert self.form is not None
        reason = self.reason_edit.text().strip() if self.form.status != ReportStatus.DRAFT else ""
        if not reason and self._changes_a_value(entries):
            self._hold_for_reason(entries)
            return True
        before: list[Entry] = []
        for e in entries:
            row = self.form.row(e.code)
            if row is not None:
                before.append(Entry(e.code, input_text(row.state, row.value, row.field,
                                                       self.ctx.lang)
                                    if e.text is not None else None,
                                    row.note if e.note is not None else None))
        if not self._write(entries, reason):
            return False
        self.undo_stack.push(EditCommand(self._write_for_undo, before, entries,
                                         label or edit_label([e.code for e in entries])))
        return True

    def _write_for_undo(self, entries: list[Entry], reason: str) -> bool:
        return self._write(entries, reason)

    def _write(self, entries: list[Entry], reason: str) -> bool:
        assert self.ctx.period is not None
        try:
            with self.ctx.session() as s:
                result = set_values(s, self.ctx.period, entries, actor=self.ctx.actor,
                                    lang=self.ctx.lang, reason=reason, scope=self.ctx.scope)
        except Refused as exc:
            self.status_message.emit(str(exc).splitlines()[0])
            QMessageBox.warning(self, _("Not saved"), str(exc))
            return False
        # a note saved alone leaves a refused value of the same row where it is, in its cell
        self.model.clear_pending([e.code for e in entries if e.text is not None])
        self.reload()
        n = len(result.changed)
        self.status_message.emit(ngettext("Saved {n} change.", "Saved {n} changes.", n).format(n=n) if n else
                                 _("Nothing changed."))
        return True

    def _cell_edited(self, line: int, column: int, text: str) -> bool:
        row = self.model.row_at(line)
        if row is None:
            return False
        if column == Col.NOTE:
            return self.save([Entry(row.code, None, text)])
        try:
            parse_input(text, row.field, self.ctx.lang)
        except ValueRefused as exc:
            self.model.set_pending(row.code, text, str(exc))
            self._show_messages()
            self._update_buttons()
            self.status_message.emit(str(exc))
            return False
        return self.save([Entry(row.code, text)])

    # --- commands ------------------------------------------------------------------

    def current_row_line(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.model.row_at(index.row()) is None:
            return None
        return index.row()

    def toggle_not_applicable(self) -> None:
        line = self.current_row_line()
        row = self.model.row_at(line) if line is not None else None
        if row is None or row.computed or row.heading:
            return
        text = "" if row.state == ValueState.NOT_APPLICABLE else NOT_APPLICABLE_TEXT
        self.save([Entry(row.code, text)])

    def show_history(self) -> None:
        line = self.current_row_line()
        row = self.model.row_at(line) if line is not None else None
        if row is None:
            return
        dialog = HistoryDialog(self.ctx, row.field, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.history_dialog = dialog

    def paste(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        block = parse_block(QApplication.clipboard().text())
        if not block:
            return
        self.paste_block(block, index.row(), index.column())

    def paste_block(self, block: list[list[str]], line: int, column: int) -> bool:
        lines = [self.model.row_at(n) for n in range(self.model.rowCount())]
        plan = plan_paste(lines, line, column, block, value_col=Col.VALUE, note_col=Col.NOTE)
        if not plan.entries and not plan.headings:
            self.status_message.emit(_("Nothing to paste here: values go in the Value and "
                                       "Note columns."))
            return False
        problems: list[str] = []
        first_bad: tuple[int, int] | None = None
        for entry in plan.entries:
            row = self.model.form.row(entry.code) if self.model.form else None
            if row is None or entry.text is None:
                continue
            try:
                parse_input(entry.text, row.field, self.ctx.lang)
            except ValueRefused as exc:
                cell_line, cell_col = plan.cells[entry.code]
                first_bad = first_bad or (cell_line, cell_col)
                problems.append(_("Row {row}, {code}: {message}").format(
                    row=plan.block_rows[entry.code] + 1, code=entry.code, message=exc))
        # A block copied without the form's headings would land shifted: paste nothing.
        for block_row, code in plan.headings:
            heading = self.model.form.row(code) if self.model.form else None
            problems.append(_("Row {row} of the block lands on the heading “{label}”, which "
                              "holds no value.").format(row=block_row + 1,
                                                        label=heading.label if heading else code))
            heading_line = self.model.line_of(code)
            if first_bad is None and heading_line is not None:
                first_bad = (heading_line, Col.NAME)
        if plan.overflow:
            problems.append(ngettext("{n} pasted row falls below the last item.",
                                     "{n} pasted rows fall below the last item.",
                                     plan.overflow).format(n=plan.overflow))
        if problems:
            if first_bad is not None:
                self.table.go_to(self.model.index(*first_bad))
            advice = ("\n\n" + _("Copy the block with an empty cell for each heading row, as "
                                   "the form shows them, or paste each section separately.")
                      if plan.headings else "")
            QMessageBox.warning(self, _("Nothing was pasted"),
                                _("The block was refused; no value was changed:") + "\n\n" +
                                "\n".join(problems) + advice)
            return False
        return self.save(plan.entries, label=edit_label([e.code for e in plan.entries]))

    def copy(self) -> None:
        indexes = self.table.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        def text(r: int, c: int) -> str:
            index = self.model.index(r, c)
            copied = index.data(COPY_ROLE)
            return str(copied if copied is not None else index.data() or "")

        lines = ["\t".join(text(r, c) for c in cols) for r in rows]
        QApplication.clipboard().setText("\n".join(lines) + "\n")

    def clear_selection(self) -> None:
        entries: list[Entry] = []
        for index in self.table.selectionModel().selectedIndexes():
            row = self.model.row_at(index.row())
            if row is None or row.computed or row.heading:
                continue
            if index.column() == Col.VALUE and row.state != ValueState.MISSING:
                entries.append(Entry(row.code, ""))
            elif index.column() == Col.NOTE and row.note:
                entries.append(Entry(row.code, None, ""))
        if entries:
            self.save(entries)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.not_applicable_action, self.history_action, None,
                       self.copy_action, self.paste_action, self.clear_action, None,
                       self.undo_action, self.redo_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _message_clicked(self, item: QListWidgetItem) -> None:
        code = item.data(CODE_ROLE)
        line = self.model.line_of(code) if code else None
        if line is not None:
            self.table.go_to(self.model.index(line, Col.VALUE))
            self.table.setFocus()

    # --- period workflow -------------------------------------------------------------

    def mark_ready(self) -> None:
        """Ask about the empty items, then mark the period ready off the UI thread.

        One :class:`Operation` as on the Office pages: its own transaction, the core's
        refusal shown under "Not marked ready", ``Changed.STATUS`` for every page. The
        button stays disabled while it runs, so a second press marks nothing twice.
        """
        assert self.ctx.period is not None and self.form is not None
        if not guard_dialog.confirm(self, _("Mark the period ready?"),
                                    mark_ready_guard(self.form), _("Mark &ready anyway"),
                                    _("These items have no value yet. Mark the period ready "
                                      "anyway? (Use \"No occurrence\" for an item that did not "
                                      "happen.)")):
            return
        period, actor, lang = self.ctx.period, self.ctx.actor, self.ctx.lang
        department = self.ctx.department or self.form.department
        title = _("Not marked ready")

        def failed(exc: BaseException) -> None:
            show_failure(self, title, exc)
            if self.form is not None:
                self._update_buttons()

        self.ui.markReadyButton.setEnabled(False)
        Operation(self, self.ctx, lambda s: mark_ready(s, period, department, actor, lang=lang),
                  changes=Changed.STATUS, title=title,
                  label=_("Marking the period ready…")).success(self._marked_ready) \
            .failure(failed).run_in_background()

    def _marked_ready(self, _form: FormState) -> None:
        """After the window reloaded (``Changed.STATUS``): edits before it are not undone."""
        self.undo_stack.clear()
        self.status_message.emit(_("The period is marked ready. Export the bundle next."))

    def export_bundle(self) -> None:
        actions_backend.export_bundle(self)

    def print_cover(self) -> None:
        actions_backend.print_cover(self)


register_page(PageSpec(
    key="entry",
    title=lambda: _("Data entry"),
    factory=EntryPage,
    roles=frozenset({"department", "office"}),
    order=10,
    shortcut="Ctrl+1",
))
