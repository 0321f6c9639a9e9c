"""The entry grid view: Excel's keys on top of ``QTableView``.

Enter moves down to the next editable cell of the column, Tab to the next
editable cell on the right (wrapping to the next row); Shift reverses. Typing
starts editing and replaces the cell; F2 edits in place; Esc cancels.
Header lines span the full width and are skipped by the cursor; a form's
heading rows (section titles) span from the item column and are never edited,
so Tab and Enter pass over them.
"""

from __future__ import annotations

from chiso_desktop.gui.entry.model import EDITABLE_COLUMNS, Col, EntryModel
from chiso_desktop.gui.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QItemSelectionModel,
    QKeyEvent,
    QKeySequence,
    QModelIndex,
    Qt,
    QTableView,
    QWidget,
    Signal,
)


class EntryTable(QTableView):
    paste_requested = Signal()
    copy_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryTable")
        self.setProperty("whole_cells", True)  # checked by gui.fit.cut_texts: no code cut
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def entry_model(self) -> EntryModel:
        model = self.model()
        assert isinstance(model, EntryModel)
        return model

    # --- layout -------------------------------------------------------------------

    def apply_spans(self) -> None:
        self.clearSpans()
        model = self.entry_model()
        for n, line in enumerate(model.lines):
            if line.row is None:
                self.setSpan(n, 0, 1, len(Col))
            elif line.kind == "heading":  # a form's section title reads across the row
                self.setSpan(n, Col.NAME, 1, len(Col) - Col.NAME)

    def size_columns(self) -> None:
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Stretch)
        em = self.fontMetrics().horizontalAdvance("M")
        for col, width in ((Col.CODE, 9), (Col.UNIT, 10), (Col.VALUE, 11), (Col.NOTE, 16),
                           (Col.STATE, 11)):
            self.setColumnWidth(col, width * em)

    # --- navigation ---------------------------------------------------------------

    def next_editable(self, line: int, col: int, *, down: bool, backwards: bool = False
                      ) -> QModelIndex | None:
        model = self.entry_model()
        step = -1 if backwards else 1
        if down:
            n = line + step
            while 0 <= n < model.rowCount():
                if model.is_editable(n, col) and not self.isRowHidden(n):
                    return model.index(n, col)
                n += step
            return None
        width = len(Col)
        here = line * width + col
        if backwards:
            for r in range(line, -1, -1):
                for c in reversed(EDITABLE_COLUMNS):
                    if r * width + c < here and model.is_editable(r, c) \
                            and not self.isRowHidden(r):
                        return model.index(r, c)
        else:
            for r in range(line, model.rowCount()):
                for c in EDITABLE_COLUMNS:
                    if r * width + c > here and model.is_editable(r, c) \
                            and not self.isRowHidden(r):
                        return model.index(r, c)
        return None

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Arrows, PageUp/PageDown, Home/End land on item rows, never on a group header."""
        target = super().moveCursor(action, modifiers)
        model = self.entry_model()
        if not target.isValid() or model.row_at(target.row()) is not None:
            return target
        moves = QAbstractItemView.CursorAction
        upwards = action in (moves.MoveUp, moves.MovePageUp, moves.MoveHome,
                             moves.MovePrevious)
        if action == moves.MoveHome:
            upwards = False  # the first item, below the first headers
        if action == moves.MoveEnd:
            upwards = True
        col = target.column()
        for step in ((-1, 1) if upwards else (1, -1)):
            n = target.row()
            while 0 <= n < model.rowCount():
                if model.row_at(n) is not None and not self.isRowHidden(n):
                    return model.index(n, col)
                n += step
        return self.currentIndex()

    def go_to(self, index: QModelIndex | None) -> None:
        if index is None or not index.isValid():
            return
        self.setCurrentIndex(index)
        self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    def first_editable(self) -> QModelIndex | None:
        model = self.entry_model()
        for n in range(model.rowCount()):
            if model.is_editable(n, Col.VALUE) and not self.isRowHidden(n):
                return model.index(n, Col.VALUE)
        return None

    def move_from(self, index: QModelIndex, *, down: bool, backwards: bool = False) -> None:
        target = self.next_editable(index.row(), index.column(),
                                    down=down, backwards=backwards)
        self.go_to(target)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        current = self.currentIndex()
        hints = QAbstractItemDelegate.EndEditHint
        if hint in (hints.EditNextItem, hints.EditPreviousItem):
            super().closeEditor(editor, hints.NoHint)
            self.move_from(current, down=False, backwards=hint == hints.EditPreviousItem)
            return
        if hint == hints.SubmitModelCache:
            super().closeEditor(editor, hints.NoHint)
            self.move_from(current, down=True)
            return
        super().closeEditor(editor, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        current = self.currentIndex()
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if self.state() != QAbstractItemView.State.EditingState and current.isValid():
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_from(current, down=True, backwards=shift)
                return
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.move_from(current, down=False, backwards=shift or key == Qt.Key.Key_Backtab)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_requested.emit()
                return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        super().keyPressEvent(event)
