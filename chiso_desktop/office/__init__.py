"""The Office's consolidation: merged view, completeness, corrections, receipts,
approval and lock, the IOC workbook, the consolidated bundle and targets.

Core code (no Qt): the GUI and ``chiso`` (cli/office_cmds.py) both call it.
"""

from __future__ import annotations
