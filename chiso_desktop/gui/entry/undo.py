"""Undo and redo of saved edits: each step is written back through ``set_values``.

The edit itself is saved before the command is pushed (a refused edit must
never enter the stack), so the command's first ``redo`` does nothing. Undo
writes the previous values with reason "undo", so the history shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.entry.ops import Entry
from chiso_desktop.gui.qt import QUndoCommand
from chiso_desktop.i18n import _
from chiso_desktop.values.display import format_value
from chiso_desktop.values.state import ValueState

NOT_APPLICABLE_TEXT = "Không phát sinh"
"""Read as "not applicable" by the core's parser in every language."""


def input_text(state: str | None, value: str | None, field: Field, lang: str) -> str:
    """What to type to get (state, value) back, in the active language."""
    if state == ValueState.NOT_APPLICABLE:
        return NOT_APPLICABLE_TEXT
    if state in (None, ValueState.MISSING) or value is None:
        return ""
    if FieldType(field.type) in (FieldType.TEXT, FieldType.CHOICE):
        return format_value(value, field, lang)
    return format_value(Decimal(value), field, lang)


Apply = Callable[[list[Entry], str], bool]


class EditCommand(QUndoCommand):
    def __init__(self, apply: Apply, before: list[Entry], after: list[Entry],
                 label: str) -> None:
        super().__init__(label)
        self.apply, self.before, self.after = apply, before, after
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if not self.apply(self.after, "redo"):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.apply(self.before, "undo"):
            self.setObsolete(True)


def edit_label(codes: list[str]) -> str:
    if len(codes) == 1:
        return _("Edit {code}").format(code=codes[0])
    return _("Paste {n} values").format(n=len(codes))
