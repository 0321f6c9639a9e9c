"""Turn a block copied from Excel into entries for the grid's cells.

Excel copies tab-separated cells, rows ended by newlines (``\\r\\n`` on
Windows), with a trailing newline and quotes around cells holding a tab or
newline. The block lands one-to-one on the grid from the current cell, like
Excel: header lines are skipped (they are not rows of the sheet), and a cell
landing on a read-only column (code, item, unit, state) or a computed item
is ignored, so a block copied from a sheet laid out like the grid pastes back.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from chiso_desktop.entry.ops import Entry
from chiso_desktop.gui.entry.model import Col, EntryModel


def parse_block(text: str) -> list[list[str]]:
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    reader = csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')
    return [[c.strip() for c in r] for r in reader]


@dataclass
class PastePlan:
    entries: list[Entry] = field(default_factory=list)
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Field code → (line, column) of the value cell, for pointing at a refusal."""
    skipped: int = 0
    block_rows: dict[str, int] = field(default_factory=dict)
    """Field code → its row in the pasted block (0-based), for messages."""
    overflow: int = 0
    """Pasted rows that fell past the last field row."""


def plan_paste(model: EntryModel, start_line: int, start_col: int,
               block: list[list[str]]) -> PastePlan:
    plan = PastePlan()
    line = start_line
    for block_row, cells in enumerate(block):
        while line < model.rowCount() and model.row_at(line) is None:
            line += 1
        row = model.row_at(line)
        if row is None:
            plan.overflow += 1
            continue
        text: str | None = None
        note: str | None = None
        for offset, cell in enumerate(cells):
            col = start_col + offset
            if col == Col.VALUE and not row.computed:
                text = cell
            elif col == Col.NOTE and not row.computed:
                note = cell
            elif cell:
                plan.skipped += 1
        if text is not None or note is not None:
            plan.entries.append(Entry(row.code, text, note))
            plan.cells[row.code] = (line, Col.VALUE if text is not None else Col.NOTE)
            plan.block_rows[row.code] = block_row
        line += 1
    return plan
