"""The read-only tables of the pages (lists of departments, wards, keys, conflicts).

One way to make them, so every list behaves alike for the keyboard and the eye: whole
rows are selected, nothing is edited in place, no row numbers. A list whose names must be
read in full (whom to call, which department) wraps them onto more lines and lets each row
grow to its text; a list of codes and fingerprints stays on one line.
"""

from __future__ import annotations

from chiso_desktop.gui.qt import QAbstractItemView, QHeaderView, Qt, QTableWidget, QWidget


def read_only_table(parent: QWidget, name: str, *, wrap: bool = True,
                    single_selection: bool = False) -> QTableWidget:
    """A table the user reads and selects rows of; ``wrap``: long names take more lines
    (never "…"), ``single_selection``: one row at a time (the row opens a detail)."""
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(wrap)
    if wrap:
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
