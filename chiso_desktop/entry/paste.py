"""Turn a block copied from Excel into entries for the entry grid's cells (Qt-free).

Excel copies tab-separated cells, rows ended by newlines (``\\r\\n`` on
Windows), with a trailing newline and quotes around cells holding a tab or
newline. The block lands one-to-one on the grid from the current cell, like
Excel: header lines are skipped (they are not rows of the sheet), and a cell
landing on a read-only column (code, item, unit, state) or a computed item
is ignored, so a block copied from a sheet laid out like the grid pastes back.
A heading row (a section title of the form) is a row of the sheet too: it takes
its row of the block like a computed item, and an empty cell landing on it is
ignored. A filled cell landing on it is listed in ``PastePlan.headings``: the
block was copied without the form's headings, so every value below would land
one row off, and the grid refuses the paste rather than store shifted values.
The grid passes its lines (a field's row, or None for a heading line) and which
columns hold the value and the note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chiso_desktop.entry.ops import Entry


class PasteRow(Protocol):
    """A field's line of the grid: its code, and whether it is computed or a heading
    (never pasted into)."""

    @property
    def code(self) -> str: ...

    @property
    def computed(self) -> bool: ...

    @property
    def heading(self) -> bool: ...


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
    headings: list[tuple[int, str]] = field(default_factory=list)
    """(block row, heading code) of each filled cell that landed on a heading row."""


def plan_paste(lines: Sequence[PasteRow | None], start_line: int, start_col: int,
               block: list[list[str]], *, value_col: int, note_col: int) -> PastePlan:
    """Where each pasted row lands, from ``start_line``/``start_col`` of the grid's ``lines``."""
    plan = PastePlan()
    line = start_line
    for block_row, cells in enumerate(block):
        while line < len(lines) and lines[line] is None:
            line += 1
        row = lines[line] if line < len(lines) else None
        if row is None:
            plan.overflow += 1
            continue
        text: str | None = None
        note: str | None = None
        if row.heading:
            if any(cell for offset, cell in enumerate(cells)
                   if start_col + offset in (value_col, note_col)):
                plan.headings.append((block_row, row.code))
            line += 1
            continue
        for offset, cell in enumerate(cells):
            col = start_col + offset
            if col == value_col and not row.computed:
                text = cell
            elif col == note_col and not row.computed:
                note = cell
            elif cell:
                plan.skipped += 1
        if text is not None or note is not None:
            plan.entries.append(Entry(row.code, text, note))
            plan.cells[row.code] = (line, value_col if text is not None else note_col)
            plan.block_rows[row.code] = block_row
        line += 1
    return plan
