"""Round trips through LibreOffice: a workbook re-saved, or a CSV opened, as a clerk's office
suite does it.

Each one starts ``soffice`` (≈1.5 s of the quick loop's two cores), so they are ``slow``:
an everyday ``pytest`` runs the same tests on the file as written (``openpyxl``) and leaves
the round trip to ``.ci/run``, which runs everything.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

RESAVE = pytest.mark.parametrize("resave", [
    pytest.param(False, id="openpyxl"),
    pytest.param(True, id="libreoffice", marks=pytest.mark.slow),
])
"""Run a test on the workbook as written and (slow) once more after LibreOffice re-saved it."""


def soffice() -> str:
    """LibreOffice's program, or skip the test (``.ci/setup`` installs it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (.ci/setup installs libreoffice-calc-nogui)")
    return found


def libreoffice_resave(path: Path, out_dir: Path) -> Path:
    """``path`` opened and saved again as .xlsx by LibreOffice, into ``out_dir``."""
    program = soffice()
    out_dir.mkdir()
    profile = out_dir / "profile"
    subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
                   check=True, capture_output=True, timeout=180)
    return out_dir / path.name


def libreoffice_open_csv(path: Path, csv_filter: str) -> Path:
    """The CSV at ``path`` opened by LibreOffice with ``csv_filter`` (its CSV import options,
    e.g. the vi-VN locale) and saved as .xlsx next to it."""
    program = soffice()
    out = path.parent / "lo"
    subprocess.run([program, f"-env:UserInstallation=file://{path.parent / 'lo-profile'}",
                    "--headless", f"--infilter={csv_filter}", "--convert-to", "xlsx",
                    "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=180)
    return out / (path.stem + ".xlsx")
