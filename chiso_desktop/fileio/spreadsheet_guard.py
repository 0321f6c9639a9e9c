"""Check an .xlsx container before openpyxl reads it.

An .xlsx is a zip: a small file can expand to gigabytes (a "zip bomb") and
openpyxl would load it whole. The declared sizes are checked first and a
file that would expand past the limits is refused before any parsing.

Then every XML part is parsed once with ``defusedxml`` (as openpyxl
recommends), refusing a DTD, entity declarations (the "billion laughs") and
external references, and any part that is not well-formed, so openpyxl only
ever reads plain, well-formed XML. A path that is not a regular file (a FIFO,
``/dev/zero`` behind a symlink) is refused before it is opened: reading it
would hang or fill the memory.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from chiso_desktop.i18n import _


def not_a_regular_file(path: Path) -> str | None:
    """A message when ``path`` (after symlinks) is not a regular file; None when it is."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _("Cannot read {file}: {reason}").format(file=path, reason=exc.strerror)
    if not stat.S_ISREG(mode):
        return _("{file} is not a regular file (it is a device, a pipe or a folder); choose "
                 "the saved file itself.").format(file=path.name)
    return None


def _xml_problem(path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str | None:
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        data = zf.read(info)
        try:
            fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException:
            return _("{file} carries a document type or entity definitions in {part}, which "
                     "Excel never writes; it is refused as unsafe. Save the sheet again from "
                     "Excel and retry.").format(file=path.name, part=info.filename)
        except (ParseError, ValueError):
            return _("{file} is damaged: {part} is not well-formed XML. Save the sheet again "
                     "from Excel and retry.").format(file=path.name, part=info.filename)
    return None

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2_000


def xlsx_problem(path: Path) -> str | None:
    """None when the container looks sane, else a message saying why it is refused."""
    special = not_a_regular_file(path)
    if special:
        return special
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            problem = _container_problem(path, infos) or _xml_problem(path, zf, infos)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return _("{file} is not an Excel workbook (.xlsx) or is damaged.").format(file=path.name)
    return problem


def _container_problem(path: Path, infos: list[zipfile.ZipInfo]) -> str | None:
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
