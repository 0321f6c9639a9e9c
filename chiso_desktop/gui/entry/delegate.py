"""The value cell's editor: Vietnamese grouping while typing, the core's check live.

The editor never blocks what is typed (a blocked Enter with no message is
worse than a clear refusal); it reads the text with the core's
:func:`parse_input` on every keystroke, shows the problem as a red frame and
tooltip, and regroups thousands the way :func:`format_value` will show them
(``9275`` → ``9.275``) only when that changes nothing but the grouping.
"""

from __future__ import annotations

from typing import Any

from chiso_desktop.catalog.categories import DEFAULT_COMBO
from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.gui.entry.model import Col, EntryModel
from chiso_desktop.gui.qt import (
    QLineEdit,
    QModelIndex,
    QPersistentModelIndex,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
    Signal,
)
from chiso_desktop.values.display import format_value
from chiso_desktop.values.parse import ValueRefused, parse_input
from chiso_desktop.values.state import ValueState

NUMERIC = {FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY}
INVALID_STYLE = "QLineEdit { border: 2px solid #b3261e; background: #fff6f5; }"


def group_separator(lang: str) -> str:
    return "." if lang == "vi" else ","


def regroup(text: str, field: Field, lang: str) -> str | None:
    """The text with thousands regrouped, or None when it should stay as typed."""
    if FieldType(field.type) not in NUMERIC or text.rstrip().endswith((".", ",")):
        return None  # the officer is still typing the next group or the decimals
    try:
        parsed = parse_input(text, field, lang)
    except ValueRefused:
        return None
    if parsed.state is not ValueState.VALUE or parsed.value is None:
        return None
    shown = format_value(parsed.value, field, lang)
    if FieldType(field.type) is FieldType.PERCENT and not text.rstrip().endswith("%"):
        shown = shown.rstrip("%")
    sep = group_separator(lang)
    if shown == text or shown.replace(sep, "") != text.strip().replace(sep, ""):
        return None
    return shown


def check(text: str, field: Field, lang: str) -> str:
    """The core's refusal message for ``text``, or "" when it would be accepted."""
    try:
        parse_input(text, field, lang)
    except ValueRefused as exc:
        return str(exc)
    return ""


class ValueEditor(QLineEdit):
    problem = Signal(str)

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field, self.lang = field, lang
        self.setObjectName("valueEditor")
        self.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        regrouped = regroup(text, self.field, self.lang)
        if regrouped is not None:
            sep = group_separator(self.lang)
            digits_left = len(text[: self.cursorPosition()].replace(sep, ""))
            self.setText(regrouped)
            pos, seen = 0, 0
            while pos < len(regrouped) and seen < digits_left:
                if regrouped[pos] != sep:
                    seen += 1
                pos += 1
            self.setCursorPosition(pos)
            text = regrouped
        message = check(text, self.field, self.lang)
        self.setStyleSheet(INVALID_STYLE if message else "")
        self.setToolTip(message)
        self.problem.emit(message)


class EntryDelegate(QStyledItemDelegate):
    problem = Signal(str)

    def __init__(self, model: EntryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry_model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        row = self.entry_model.row_at(index.row())
        if row is not None and index.column() == Col.VALUE:
            editor = ValueEditor(row.field, self.entry_model.lang, parent)
            editor.problem.connect(self.problem)
            if row.combo != DEFAULT_COMBO:  # a breakdown cell: its total follows each keystroke
                code, model = row.code, self.entry_model
                editor.textChanged.connect(lambda text: model.set_typing(code, text))
            return editor
        note = QLineEdit(parent)
        note.setObjectName("noteEditor")
        return note

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            text = index.data()
            if index.column() == Col.VALUE:
                text = index.data(Qt.ItemDataRole.EditRole)
            if not editor.text():
                editor.setText(str(text or ""))

    def destroyEditor(self, editor: QWidget,
                      index: QModelIndex | QPersistentModelIndex) -> None:
        if self.entry_model.typing is not None:
            self.entry_model.set_typing(self.entry_model.typing[0], None)
        super().destroyEditor(editor, index)

    def setModelData(self, editor: QWidget, model: Any,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
