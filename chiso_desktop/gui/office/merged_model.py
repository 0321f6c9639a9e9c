"""The merged view's table: one row per item of the period, coloured by its status.

Status, worst first: conflict, questioned, missing, late, locked, on time
(computed items show "computed"). Filtering happens here, on the cells the
core returned for the period, so changing a filter does not touch the database.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from chiso_desktop.catalog.model import Catalog
from chiso_desktop.gui.qt import (
    QAbstractTableModel,
    QBrush,
    QColor,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from chiso_desktop.i18n import _
from chiso_desktop.office.merged import MergedCell, with_breakdowns
from chiso_desktop.office.rows import row_name, top_group
from chiso_desktop.periods.deadlines import Timeliness
from chiso_desktop.values.state import ValueState


class CellStatus(StrEnum):
    """How the merged view colours and filters a cell (``status_of`` decides, worst first)."""

    ON_TIME = "on-time"
    LATE = "late"
    MISSING = "missing"
    CONFLICT = "conflict"
    QUESTIONED = "questioned"
    LOCKED = "locked"
    COMPUTED = "computed"


ON_TIME, LATE, MISSING, CONFLICT = (CellStatus.ON_TIME, CellStatus.LATE, CellStatus.MISSING,
                                    CellStatus.CONFLICT)
QUESTIONED, LOCKED, COMPUTED = CellStatus.QUESTIONED, CellStatus.LOCKED, CellStatus.COMPUTED
STATUSES = tuple(CellStatus)
COLOURS = {ON_TIME: "#e3f4e6", LATE: "#fff1cc", MISSING: "#fbe0de", CONFLICT: "#f3d4f5",
           QUESTIONED: "#dde8fb", LOCKED: "#e6e6e6", COMPUTED: "#f7f7f7"}


def status_of(cell: MergedCell, locked: bool) -> CellStatus:
    if cell.conflict:
        return CONFLICT
    if cell.questioned:
        return QUESTIONED
    if cell.computed:
        return COMPUTED
    if cell.state == ValueState.MISSING:
        return MISSING
    if locked:
        return LOCKED
    if cell.deadline in (Timeliness.LATE, Timeliness.OVERDUE):
        return LATE
    return ON_TIME


def status_label(status: CellStatus) -> str:
    return {ON_TIME: _("received on time"), LATE: _("late"), MISSING: _("missing"),
            CONFLICT: _("conflict"), QUESTIONED: _("questioned"), LOCKED: _("locked"),
            COMPUTED: _("computed")}[status]

_ROOT = QModelIndex()


class Col(IntEnum):
    CODE = 0
    ITEM = 1
    DEPARTMENT = 2
    VALUE = 3
    UNIT = 4
    STATUS = 5
    RECEIVED = 6
    SOURCE = 7
    NOTE = 8


def headers() -> list[str]:
    return [_("Code"), _("Indicator / item"), _("Department"), _("Value"), _("Unit"),
            _("Status"), _("Received"), _("From"), _("Note")]


class MergedModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.all_cells: list[MergedCell] = []
        self.cells: list[MergedCell] = []
        self.locked = False
        self.groups: dict[str, tuple[str, str]] = {}
        """Field code → (top group code, its name), for the group filter."""
        self.filters = ("", "", "")
        self.breakdowns = False
        """Show each disaggregated field's breakdown cells under it ("Show breakdowns")."""

    def set_cells(self, cells: list[MergedCell], locked: bool, catalogs: list[Catalog]) -> None:
        by_id = {c.id: c for c in catalogs}
        self.groups = {}
        for cell in cells:
            cat = by_id.get(cell.catalog_id)
            if cat is not None:
                g = top_group(cat, cell.group)
                self.groups[cell.code] = (g.code, g.name)
        self.beginResetModel()
        self.all_cells, self.locked = cells, locked
        self.cells = self._filtered()
        self.endResetModel()

    def set_filters(self, department: str, group: str, status: str) -> None:
        self.beginResetModel()
        self.filters = (department, group, status)
        self.cells = self._filtered()
        self.endResetModel()

    def set_breakdowns(self, shown: bool) -> None:
        self.beginResetModel()
        self.breakdowns = shown
        self.cells = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[MergedCell]:
        """The cells the filters keep; a field's breakdown follows its cell when shown."""
        department, group, status = self.filters
        kept = [c for c in self.all_cells
                if (not department or c.department == department)
                and (not group or self.groups.get(c.code, ("", ""))[0] == group)
                and (not status or status_of(c, self.locked) == status)]
        return with_breakdowns(kept) if self.breakdowns else kept

    def total_of(self, cell: MergedCell) -> MergedCell:
        """A breakdown cell's field cell (what is questioned for it); any other cell itself."""
        if not cell.is_part:
            return cell
        return next((c for c in self.all_cells if c.field.code == cell.field.code
                     and c.catalog_id == cell.catalog_id), cell)

    def status(self, cell: MergedCell) -> CellStatus:
        return status_of(cell, self.locked)

    def counts(self) -> dict[CellStatus, int]:
        out = dict.fromkeys(STATUSES, 0)
        for cell in self.all_cells:
            out[self.status(cell)] += 1
        return out

    def cell_at(self, row: int) -> MergedCell | None:
        return self.cells[row] if 0 <= row < len(self.cells) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return headers()[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        cell = self.cell_at(index.row())
        if cell is None:
            return None
        col = Col(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(cell, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(COLOURS[self.status(cell)]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Col.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == Col.ITEM:
                return f"{cell.indicator.code} {cell.indicator.name}\n{row_name(cell)}"
            if col == Col.STATUS and cell.issues:
                return "\n".join(i.message for i in cell.issues)
            if col == Col.NOTE:
                return cell.note or None
        return None

    def _text(self, cell: MergedCell, col: Col) -> str:
        if col == Col.CODE:
            return cell.code
        if col == Col.ITEM:
            return f"      ↳ {cell.part_label}" if cell.is_part else row_name(cell)
        if col == Col.DEPARTMENT:
            return cell.department
        if col == Col.VALUE:
            return cell.display
        if col == Col.UNIT:
            return cell.field.unit
        if col == Col.STATUS:
            return status_label(self.status(cell))
        if col == Col.RECEIVED:
            return cell.received_at.strftime("%d/%m/%Y %H:%M") if cell.received_at else ""
        if col == Col.SOURCE:
            who = cell.updated_by
            source = {"local": _("typed here"), "bundle": _("bundle"),
                      "resolution": _("resolution")}.get(cell.source, cell.source)
            return f"{source} · {who}" if who and source else source
        return cell.note
