"""The entry grid's model: group and indicator headers with field rows under them.

Our own ``QAbstractTableModel`` over the core's :class:`FormState` — a
500-field form is one list, not thousands of ``QStandardItem`` objects.
After a save the form is reloaded and, when its shape is unchanged, the model
emits ``dataChanged`` instead of a reset so the cursor and scroll stay put.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from chiso_desktop.catalog.categories import DEFAULT_COMBO, split_cell
from chiso_desktop.catalog.model import Catalog, Group
from chiso_desktop.entry.form import FormState, Row, part_row
from chiso_desktop.entry.live_total import LiveTotal, live_total
from chiso_desktop.entry.notes import ItemInfo, assignment_notes, item_info
from chiso_desktop.entry.search import row_matches
from chiso_desktop.gui.qt import (
    QAbstractTableModel,
    QApplication,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QPersistentModelIndex,
    QStyle,
    Qt,
)
from chiso_desktop.i18n import _
from chiso_desktop.values.display import NOT_APPLICABLE_LABEL
from chiso_desktop.values.state import ValueState

Index = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    CODE = 0
    NAME = 1
    UNIT = 2
    VALUE = 3
    NOTE = 4
    STATE = 5


EDITABLE_COLUMNS = (Col.VALUE, Col.NOTE)
COMPUTED_BG = QColor("#eeeeee")
GROUP_BG = QColor("#dbe7f3")
INDICATOR_BG = QColor("#f3f7fb")
ERROR_BG = QColor("#fde7e6")
WARNING_BG = QColor("#fff4d6")
OTHERS_BG = QColor("#f0f0f0")
HEADING_BG = QColor("#e4e9ef")
ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
COPY_ROLE = Qt.ItemDataRole.UserRole + 3
"""What Ctrl+C puts on the clipboard: the cell code of a part (``B.4.1[apatit]``, as the
department's Excel template has it), not its empty code cell; no indentation."""


@dataclass(frozen=True)
class Line:
    """One grid line: a header (``row`` None) or a field row of the form."""

    kind: str  # group | indicator | field | heading (a section title of a form, never
    # entered) | part (a breakdown cell under its field)
    title: str
    row: int | None = None
    part: int | None = None
    """Part lines: the index of the cell in the field row's ``parts``."""
    tooltip: str = ""
    """Group headers: the group's explanation and example key figures (section II)."""


def column_titles() -> list[str]:
    return [_("Code"), _("Item"), _("Unit"), _("Value"), _("Note"), _("State")]


def state_label(row: Row) -> str:
    if row.heading:
        return ""
    if row.read_only:
        return _("{department}'s (read only)").format(department=row.owner)
    if row.computed:
        return _("Computed") if row.state == ValueState.VALUE else _("Cannot compute")
    labels: dict[str, str] = {
        ValueState.VALUE: _("Entered"),
        ValueState.NOT_APPLICABLE: _("No occurrence"),
        ValueState.MISSING: _("Empty"),
    }
    return labels.get(row.state, row.state)


def group_tooltip(title: str, group: Group | None) -> str:
    """Rich text: the group's section II explanation and its example key figures."""
    if group is None or not (group.description or group.examples):
        return ""
    parts = [f"<b>{html.escape(title)}</b>"]
    if group.description:
        parts.append("<br>".join(html.escape(line) for line in group.description.splitlines()))
    if group.examples:
        items = "".join(f"<li>{html.escape(e)}</li>" for e in group.examples)
        parts.append(f"<b>{html.escape(_('Example key figures:'))}</b><ul>{items}</ul>")
    return f"<div style='max-width: 640px'>{'<p>'.join(parts)}</div>"


def build_lines(form: FormState, catalogs: list[Catalog]) -> list[Line]:
    groups = {(c.id, g.code): g for c in catalogs for g in c.groups}
    lines: list[Line] = []
    last_group: tuple[str, str] | None = None
    last_indicator: tuple[str, str] | None = None
    for i, row in enumerate(form.rows):
        gkey = (row.catalog_id, row.indicator.group)
        if gkey != last_group:
            group = groups.get(gkey)
            title = f"{row.indicator.group}  {group.name if group else ''}".strip()
            lines.append(Line("group", title, tooltip=group_tooltip(title, group)))
            last_group = gkey
        ikey = (row.catalog_id, row.indicator.code)
        if ikey != last_indicator:
            number = f"{row.indicator.number}. " if row.indicator.number else ""
            lines.append(Line("indicator", f"{number}{row.indicator.name}"))
            last_indicator = ikey
        lines.append(Line("heading" if row.heading else "field", row.label, i))
        lines += [Line("part", p.label, i, k) for k, p in enumerate(row.parts)]
    return lines


class EntryModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.form: FormState | None = None
        self.lines: list[Line] = []
        self.lang = "vi"
        self.pending: dict[str, tuple[str, str]] = {}
        """Refused input kept visible in its cell: code → (typed text, message)."""
        self._titles = column_titles()
        self.plan_notes: dict[str, str] = {}
        """Indicator code → the plan's note on its assignment."""
        self.typing: tuple[str, str] | None = None
        """A breakdown cell's editor open: (cell code, its text so far), for the live total."""
        self.on_edit: Callable[[int, int, str], bool] | None = None
        """Saves a typed cell (line, column, text); the page sets it. True when stored."""

    # --- content -----------------------------------------------------------

    def set_form(self, form: FormState, catalogs: list[Catalog], lang: str) -> None:
        lines = build_lines(form, catalogs)
        self.plan_notes = assignment_notes(catalogs)
        same_shape = self.form is not None and [r.code for r in self.form.rows] == \
            [r.code for r in form.rows]
        self.lang = lang
        if same_shape:
            self.form, self.lines = form, lines
            if self.lines:  # an empty form has no range to announce
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self.lines) - 1, len(Col) - 1))
        else:
            self.beginResetModel()
            self.form, self.lines = form, lines
            self.pending.clear()
            self.endResetModel()

    def retranslate(self) -> None:
        self._titles = column_titles()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Col) - 1)

    def row_at(self, line: int) -> Row | None:
        if self.form is None or not 0 <= line < len(self.lines):
            return None
        current = self.lines[line]
        if current.row is None:
            return None
        row = self.form.rows[current.row]
        if current.part is not None and current.part < len(row.parts):
            return part_row(row, row.parts[current.part])
        return row

    def visible_lines(self, query: str) -> list[bool]:
        """Which lines a search shows: matching items, and the headers above them."""
        shown = [False] * len(self.lines)
        group = indicator = None
        for n, line in enumerate(self.lines):
            if line.kind == "group":
                group = n
            elif line.kind == "indicator":
                indicator = n
            elif self.form is not None and line.row is not None:
                row = self.form.rows[line.row]
                if row_matches(row, query, self.plan_notes.get(row.indicator.code, "")):
                    shown[n] = True
                    for header in (group, indicator):
                        if header is not None:
                            shown[header] = True
        return shown

    def info_at(self, line: int) -> ItemInfo | None:
        """The catalogs' particulars and notes for a field line or an indicator header."""
        row = self.row_at(line)
        if row is None and self.form is not None and 0 <= line < len(self.lines) \
                and self.lines[line].kind == "indicator":
            row = next((self.row_at(n) for n in range(line + 1, len(self.lines))
                        if self.lines[n].row is not None), None)
            return None if row is None else item_info(
                row.indicator, None, self.plan_notes.get(row.indicator.code, ""))
        if row is None:
            return None
        return item_info(row.indicator, row.field, self.plan_notes.get(row.indicator.code, ""))

    def group_text(self, line: int) -> str:
        """Rich text of a group header line (empty for other lines)."""
        if 0 <= line < len(self.lines) and self.lines[line].kind == "group":
            return self.lines[line].tooltip
        return ""

    def line_of(self, code: str) -> int | None:
        for n, line in enumerate(self.lines):
            if line.row is not None and self.form is not None:
                row = self.row_at(n) if line.part is not None else self.form.rows[line.row]
                if row is not None and row.code == code:
                    return n
        return None

    def is_editable(self, line: int, column: int) -> bool:
        row = self.row_at(line)
        return row is not None and not row.computed and not row.heading and \
            not row.read_only and column in EDITABLE_COLUMNS

    def set_pending(self, code: str, text: str, message: str) -> None:
        self.pending[code] = (text, message)
        self._line_changed(code)

    def clear_pending(self, codes: list[str]) -> None:
        for code in codes:
            if self.pending.pop(code, None) is not None:
                self._line_changed(code)

    def _line_changed(self, code: str) -> None:
        field_code, combo = split_cell(code)
        # A part typed but not stored changes its total's line too (the live total).
        for changed in (code, field_code) if combo != DEFAULT_COMBO else (code,):
            line = self.line_of(changed)
            if line is not None:
                self.dataChanged.emit(self.index(line, 0), self.index(line, len(Col) - 1))

    def set_typing(self, code: str, text: str | None) -> None:
        """A part's editor changed (``text``) or closed (None): its total line follows."""
        self.typing = (code, text) if text is not None else None
        field_code, combo = split_cell(code)
        if combo != DEFAULT_COMBO:
            line = self.line_of(field_code)
            if line is not None:
                self.dataChanged.emit(self.index(line, 0), self.index(line, len(Col) - 1))

    def live(self, row: Row) -> LiveTotal | None:
        """A total line's total with the parts typed and not stored yet counted: held or
        refused in their cells, and the one being typed in its open editor."""
        if not row.parts or row.combo != DEFAULT_COMBO:
            return None
        cells = [(cell, text) for cell, (text, _m) in self.pending.items()]
        if self.typing is not None:
            cells.append(self.typing)
        typed = {combo: text for cell, text in cells
                 for field_code, combo in (split_cell(cell),) if field_code == row.code}
        return live_total(row, typed, self.lang)

    def live_problem(self, row: Row) -> str:
        """An entered total its parts contradict, typed parts counted; not yet in the form."""
        live = self.live(row)
        if live is None or not live.problem:
            return ""
        return "" if any(i.message == live.problem for i in row.issues) else live.problem

    # --- Qt model interface ---------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index.row(), index.column()):
            return False
        row = self.row_at(index.row())
        assert row is not None
        text = str(value)
        current = row.note if index.column() == Col.NOTE else \
            self.data(index, Qt.ItemDataRole.EditRole)
        if text == current and row.code not in self.pending:
            return False
        return self.on_edit(index.row(), index.column(), text) if self.on_edit else False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if line.row is None:
            if role == Qt.ItemDataRole.ToolTipRole and line.kind == "indicator":
                info = self.info_at(index.row())
                return info.tooltip() if info is not None else line.title
            return self._header_data(line, index.column(), role)
        assert self.form is not None
        row = self.row_at(index.row()) if line.part is not None else self.form.rows[line.row]
        assert row is not None
        return self._field_data(row, Col(index.column()), role)

    def _header_data(self, line: Line, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return line.title
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return line.tooltip or line.title
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BG if line.kind == "group" else INDICATOR_BG)
        if role == ROW_KIND_ROLE:
            return line.kind
        return None

    def _field_data(self, row: Row, col: Col, role: int) -> Any:
        if row.heading:
            return self._heading_data(row, col, role)
        pending = self.pending.get(row.code)
        if role == ROW_KIND_ROLE:
            return "computed" if row.computed else "field"
        if role == CODE_ROLE:
            return row.code
        if role == COPY_ROLE:
            return row.code if col is Col.CODE else self._display(row, col, pending).strip()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col, pending)
        if role == Qt.ItemDataRole.EditRole:
            if col is Col.VALUE:
                return pending[0] if pending else row.display
            if col is Col.NOTE:
                return row.note
            return self._display(row, col, pending)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col, pending)
        if role == Qt.ItemDataRole.DecorationRole and col is Col.VALUE:
            return self._icon(row, pending)
        if row.read_only and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OTHERS_BG)
        if row.read_only and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#666666"))
        if role == Qt.ItemDataRole.BackgroundRole:
            if pending or (col is Col.VALUE and (any(i.severity == "error" for i in row.issues)
                                                 or self.live_problem(row))):
                return QBrush(ERROR_BG)
            if col is Col.VALUE and row.issues:
                return QBrush(WARNING_BG)
            if row.computed:
                return QBrush(COMPUTED_BG)
            return None
        if role == Qt.ItemDataRole.FontRole and row.computed:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.computed:
            return QBrush(QColor("#444444"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col is Col.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _heading_data(self, row: Row, col: Col, role: int) -> Any:
        """A section title of a form: bold on its own shade, no value, nothing to edit."""
        if role == ROW_KIND_ROLE:
            return "heading"
        if role == CODE_ROLE:
            return row.code
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col, None) if col in (Col.CODE, Col.NAME) else ""
        if role == Qt.ItemDataRole.ToolTipRole and col in (Col.CODE, Col.NAME):
            info = item_info(row.indicator, row.field, self.plan_notes.get(row.indicator.code, ""))
            return "\n".join(p for p in (_("A heading of the form: it holds no value; enter "
                                            "the items under it."), info.tooltip()) if p)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HEADING_BG)
        return None

    def _display(self, row: Row, col: Col, pending: tuple[str, str] | None) -> str:
        if col is Col.CODE:
            if row.combo != DEFAULT_COMBO:
                # A part reads under its total, as a grouped row in Excel: the field code
                # once, on the total; the cell code (B.4.1[apatit]) in the tooltip and in
                # what is copied, never cut to "B.4.1[ap…".
                return ""
            return ("ƒ " if row.computed else "") + row.code
        if col is Col.NAME:
            if row.combo != DEFAULT_COMBO:
                return f"      ↳ {row.label}"  # a part of the breakdown of the line above
            return f"{row.field.number} {row.label}".strip() if row.field.number else row.label
        if col is Col.UNIT:
            return row.unit
        if col is Col.VALUE:
            if pending:
                return pending[0]
            live = self.live(row) if row.summed else None
            if live is not None:
                return f"= {live.total_text}" if live.total_text else "="
            if row.computed:
                return f"= {row.display}" if row.display else "="
            if row.state == ValueState.NOT_APPLICABLE:
                return NOT_APPLICABLE_LABEL.get(self.lang, NOT_APPLICABLE_LABEL["en"])
            return row.display
        if col is Col.NOTE:
            return row.note
        live = self.live(row)
        if live is not None and live.parts_text:
            return live.parts_text
        return state_label(row)

    def _tooltip(self, row: Row, col: Col, pending: tuple[str, str] | None) -> str | None:
        parts: list[str] = []
        if row.read_only:
            parts.append(_("Reported by {department}; shown for reference, read only.").format(
                department=row.owner))
        if col in (Col.CODE, Col.NAME):
            if row.combo != DEFAULT_COMBO:
                parts.append(f"{row.code} — {row.label}")
            info = item_info(row.indicator, row.field, self.plan_notes.get(row.indicator.code, ""))
            parts.append(info.tooltip())
        if col is Col.UNIT:  # a long unit elides in its column; whole on hover
            parts.append(row.unit)
        if pending:
            parts.append(pending[1])
        parts += [i.message for i in row.issues]
        parts.append(self.live_problem(row))
        live = self.live(row) if col is Col.STATE else None
        if live is not None:
            parts.append(live.parts_tip)
        if row.computed:
            if row.field.formula_text:
                parts.append(_("Computed: {formula}").format(formula=row.field.formula_text))
            if row.reason:
                parts.append(row.reason)
        return "\n".join(p for p in parts if p) or None

    def _icon(self, row: Row, pending: tuple[str, str] | None) -> Any:
        style = QApplication.style()
        if pending or any(i.severity == "error" for i in row.issues) or self.live_problem(row):
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        if row.issues:
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None
