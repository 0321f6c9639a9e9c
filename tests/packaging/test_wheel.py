"""A plain ``pip install`` of the wheel works outside the source tree, in Vietnamese.

The wheel is built from a copy of the working tree (so the checkout gets no
``build/`` or ``.egg-info``), installed into a fresh venv with no pip and no
packages of its own; its dependencies come from this test run's environment
through a ``.pth`` file, so nothing is downloaded. ``chiso`` then runs from
an unrelated folder with no ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ("hp-2081-2026", "laocai-2026", "nbk-799-2026", "nhichieu-202-2026",
            "nhichieu-cchc-2026")

# Builds and installs a wheel (≈3.5 s): `slow`, like the PyInstaller build; .ci/run runs it.
pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout and bash"),
              pytest.mark.slow]



def _source_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, check=True, timeout=60).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / os.fsdecode(name)
        if src.is_file():
            target = dest / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def test_wheel_installs_and_lists_every_catalog_in_vietnamese(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is needed to list the source files")
    src = _source_copy(tmp_path / "src")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(src)],
                   check=True, capture_output=True, timeout=300)
    [wheel] = wheels.glob("chiso_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [*(f"chiso_desktop/_data/resources/catalogs/{c}.toml" for c in CATALOGS),
                     "chiso_desktop/_data/resources/fonts/LiberationSerif-Regular.ttf",
                     "chiso_desktop/_data/ui/entry_page.ui",
                     "chiso_desktop/_data/i18n/vi/LC_MESSAGES/chiso.mo",
                     "chiso_desktop/_data/i18n/en/LC_MESSAGES/chiso.mo",
                     "chiso_desktop/store/migrations/script.py.mako"]:
        assert expected in names, expected

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    # Dependencies from this environment, after the venv's own site-packages.
    Path(purelib, "shared-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True,
                   timeout=300)

    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "CHISO_LANG", "CHISO_DB", "CHISO_PDF_FONT")}
    env.update(HOME=str(away), XDG_DATA_HOME=str(away / "data"), CHISO_DB=str(away / "x.db"))
    where = subprocess.run([str(py), "-c", "import chiso_desktop.paths as p; "
                            "print(p.__file__); print(p.app_root())"],
                           cwd=away, env=env, capture_output=True, text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    module, root = where.stdout.split()
    assert module.startswith(purelib) and root == str(Path(purelib) / "chiso_desktop" / "_data")

    listing = subprocess.run([str(venv / "bin" / "chiso"), "catalog", "list"], cwd=away,
                             env=env, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr
    for catalog in CATALOGS:
        assert catalog in listing.stdout
    assert "Bộ chỉ số phục vụ công tác chỉ đạo, điều hành" in listing.stdout
    assert "đã cài trong cơ sở dữ liệu này" in listing.stdout  # the CLI's own words, translated
    assert "No catalog" not in listing.stdout + listing.stderr
