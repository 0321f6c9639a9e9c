"""``build-linux.sh`` installs the dependencies on a fresh clone, though the tree imports.

The bug it guards against: from the source tree ``python -c 'import
chiso_desktop'`` succeeds with nothing installed, so the script never ran pip
and PyInstaller stopped on "No module named 'babel'". Here a fresh copy of the
tree (no ``.venv``, no ``build/``) is given a Python with no packages at all,
whose ``pip`` is a stand-in that records what it is asked and then provides the
packages from this test run's environment (so nothing is downloaded).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from .test_wheel import _source_copy

FAKE_PIP = textwrap.dedent('''
    """Stand-in for pip: records its arguments, then "installs" by pointing at {deps}."""
    import pathlib, sys, sysconfig
    site = pathlib.Path(sysconfig.get_paths()["purelib"])
    with open(site / "pip-calls.txt", "a") as f:
        f.write(" ".join(sys.argv[1:]) + "\\n")
    if sys.argv[1:2] == ["install"]:
        (site / "deps.pth").write_text({deps!r} + "\\n")
        (site / "PyInstaller").mkdir(exist_ok=True)
        (site / "PyInstaller" / "__init__.py").write_text("")
''')

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX venv layout and bash")



@pytest.mark.skipif(shutil.which("git") is None, reason="git lists the source files")
def test_a_fresh_clone_gets_its_dependencies_installed(tmp_path: Path) -> None:
    src = _source_copy(tmp_path / "clone")
    assert not (src / ".venv").exists() and not (src / "build").exists()
    venv = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "pip").mkdir()
    (site / "pip" / "__init__.py").write_text("")
    (site / "pip" / "__main__.py").write_text(FAKE_PIP.format(
        deps=sysconfig.get_paths()["purelib"]))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["CHISO_BUILD_PYTHON"] = str(py)

    # The trap: in the tree, chiso_desktop imports although babel does not.
    trap = subprocess.run([str(py), "-c", "import chiso_desktop; import babel"], cwd=src,
                          env=env, capture_output=True, text=True, timeout=60)
    assert "No module named 'babel'" in trap.stderr

    first = subprocess.run(["bash", "packaging/build-linux.sh", "--deps-only"], cwd=src,
                           env=env, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "installing the app's dependencies" in first.stdout
    calls = (site / "pip-calls.txt").read_text().splitlines()
    assert calls == [f"install -q -e {src}[build]"]

    second = subprocess.run(["bash", "packaging/build-linux.sh", "--deps-only"], cwd=src,
                            env=env, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "installing" not in second.stdout  # present now: pip is not asked again
    assert (site / "pip-calls.txt").read_text().splitlines() == calls


def test_the_build_fails_clearly_when_pip_cannot_provide_them(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git lists the source files")
    src = _source_copy(tmp_path / "clone")
    venv = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["CHISO_BUILD_PYTHON"] = str(venv / "bin" / "python")
    res = subprocess.run(["bash", "packaging/build-linux.sh", "--deps-only"], cwd=src, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode != 0
    assert "No module named pip" in res.stderr
