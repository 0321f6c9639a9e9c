"""Check an .xlsx container before openpyxl reads it.

An .xlsx is a zip: a small file can expand to gigabytes (a "zip bomb") and
openpyxl would load it whole. The declared sizes are checked first and a
file that would expand past the limits is refused before any parsing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from chiso_desktop.i18n import _

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2_000


def xlsx_problem(path: Path) -> str | None:
    """None when the container looks sane, else a message saying why it is refused."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("{file} is not an Excel workbook (.xlsx) or is damaged.").format(file=path.name)
    if len(infos) > MAX_ENTRIES:
        return _("{file} has too many parts to be a form or catalog workbook.").format(
            file=path.name)
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        return _("{file} would expand to {mb} MB when opened; it is refused as unsafe. Save "
                 "the sheet again from Excel without extra data and retry.").format(
                     file=path.name, mb=total // 1_048_576)
    return None
