"""The Linux one-folder build really runs: CLI, migrations, data files, GUI start, no network.

Slow (it runs PyInstaller) but CI runs it: set CHISO_SKIP_BUILD=1 to skip it.
packaging/build-linux.sh --reuse keeps an existing dist/ that is newer than
every source file, so a second run costs seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chiso_desktop import __version__
from chiso_desktop.store.db import head_revision

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "chiso-desktop"
INTERNAL = DIST / "_internal"
BUILD_TIMEOUT_S = 600
GUI_RUN_S = 4.0
# What a broken frozen app prints: Python tracebacks, PyInstaller's bootloader
# error, a Qt plugin that failed to load, a Qt critical/fatal message.
STDERR_ERRORS = re.compile(
    r"Traceback|Error\b|ERROR|Failed to execute script|Could not (load|find) the Qt platform plugin"
    r"|qt\.qpa\.plugin|Critical|Fatal",
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux build only"),
    pytest.mark.skipif(os.environ.get("CHISO_SKIP_BUILD") == "1", reason="CHISO_SKIP_BUILD=1"),
]


@pytest.fixture(scope="module")
def built() -> Path:
    env = {**os.environ, "CHISO_BUILD_PYTHON": sys.executable}
    started = time.monotonic()
    proc = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-linux.sh"), "--reuse"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    assert time.monotonic() - started < BUILD_TIMEOUT_S
    assert (DIST / "chiso").is_file()
    return DIST


def _isolated_env(tmp_path: Path) -> dict[str, str]:
    """A home of its own so the frozen app never reads or writes the real user's data."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHISO_", "XDG_"))}
    env.update(HOME=str(home), CHISO_DB=str(tmp_path / "env.db"), QT_QPA_PLATFORM="offscreen")
    return env


def _run(cmd: list[str], tmp_path: Path, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=_isolated_env(tmp_path), capture_output=True, text=True,
                          timeout=timeout, cwd=tmp_path)


def test_cli_version(built: Path, tmp_path: Path) -> None:
    proc = _run([str(built / "chiso"), "--version"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"chiso {__version__}"
    assert proc.stderr == ""


def test_cli_catalog_list_reads_shipped_catalogs(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "data" / "chiso.db"
    proc = _run([str(built / "chiso"), "--db", str(db), "catalog", "list"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    shipped = sorted(p.stem for p in (ROOT / "resources" / "catalogs").glob("*.toml"))
    assert shipped
    listed = [line.split()[0] for line in proc.stdout.splitlines()
              if line.startswith("  ") and line.split()]
    assert sorted(listed) == shipped


def test_cli_migrates_a_new_database(built: Path, tmp_path: Path) -> None:
    """Alembic loads env.py and versions/*.py from files: the frozen app must find and run them."""
    db = tmp_path / "data" / "chiso.db"
    proc = _run([str(built / "chiso"), "--db", str(db), "init", "--role", "department",
                 "--unit", "Phường Nhị Chiểu", "--catalog", "hp-2081-2026",
                 "--plan", "nhichieu-202-2026", "--department", "KT",
                 "--officer", "Nguyễn Văn A"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(db) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == head_revision()
    listed = _run([str(built / "chiso"), "--db", str(db), "catalog", "list"], tmp_path)
    assert listed.returncode == 0
    assert any(line.startswith("* hp-2081-2026") for line in listed.stdout.splitlines())


def test_data_files_land_where_paths_py_looks(built: Path) -> None:
    def rel_files(src: Path, pattern: str) -> set[str]:
        return {str(p.relative_to(src)) for p in src.rglob(pattern)
                if p.is_file() and "__pycache__" not in p.parts}

    pairs = [
        ("resources/catalogs", "*.toml"), ("resources/samples", "*"), ("resources/fonts", "*"),
        ("resources/icons", "*"), ("ui", "*.ui"),
        ("chiso_desktop/store/migrations", "*.py"), ("chiso_desktop/store/migrations", "*.mako"),
        ("i18n", "*.po"),
    ]
    for folder, pattern in pairs:
        expected = rel_files(ROOT / folder, pattern)
        assert expected <= rel_files(INTERNAL / folder, pattern), folder
    assert (INTERNAL / "resources" / "fonts" / "LICENSE-LiberationSerif.txt").is_file()
    assert {"chiso.svg", "chiso.png", "chiso.ico"} <= {
        p.name for p in (INTERNAL / "resources" / "icons").iterdir()}
    for po in (INTERNAL / "i18n").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        assert mo.is_file(), f"{po} shipped without its compiled .mo"
        assert mo.stat().st_mtime >= po.stat().st_mtime, "app would recompile the .po at run time"


def test_build_has_no_network_stack(built: Path) -> None:
    """The app never needs the network; Qt's network library and its plugins stay out."""
    names = [p.name for p in INTERNAL.rglob("*")]
    assert not [n for n in names if n.startswith(("libQt6Network", "QtNetwork", "libQt6WebEngine"))]
    for plugin_dir in ("tls", "networkinformation", "webview"):
        assert not list(INTERNAL.rglob(f"plugins/{plugin_dir}")), plugin_dir


def _gui(built: Path) -> Path:
    gui = built / "chiso-desktop"
    if not gui.is_file():
        pytest.skip("chiso_desktop/gui/app.py does not exist yet, so the build has no chiso-desktop")
    return gui


def test_gui_ships_the_qt_plugins_it_needs(built: Path) -> None:
    _gui(built)
    plugins = next(INTERNAL.rglob("Qt/plugins"))
    platforms = {p.name for p in (plugins / "platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so"} <= platforms
    assert list((plugins / "imageformats").glob("libqsvg*.so"))
    assert list(INTERNAL.rglob("libQt6Charts.so*")), "Qt Charts (PySide6-Addons) missing"
    assert list(INTERNAL.rglob("libpdfium*")), "PDFium (pypdfium2, the print preview) missing"
    assert list(INTERNAL.rglob("libQt6PrintSupport.so*")), "QtPrintSupport (printing) missing"


def _start_gui(cmd: list[str], tmp_path: Path) -> tuple[bool, str]:
    """Run the GUI offscreen for a few seconds; (still running, stderr)."""
    err_path = tmp_path / "gui-stderr.txt"
    with err_path.open("w") as err:
        proc = subprocess.Popen(cmd, env=_isolated_env(tmp_path), stdout=subprocess.DEVNULL,
                                stderr=err, cwd=tmp_path, start_new_session=True)
        try:
            proc.wait(timeout=GUI_RUN_S)
            alive = False
        except subprocess.TimeoutExpired:
            alive = True
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    return alive, err_path.read_text(errors="replace")


def test_gui_starts_offscreen(built: Path, tmp_path: Path) -> None:
    gui = _gui(built)
    alive, stderr = _start_gui([str(gui)], tmp_path)
    assert alive, f"chiso-desktop exited within {GUI_RUN_S} s:\n{stderr}"
    assert not STDERR_ERRORS.search(stderr), stderr


INET_CONNECT = re.compile(r"connect\(\d+, \{sa_family=AF_INET6?\b")


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_nothing_phones_home(built: Path, tmp_path: Path) -> None:
    """No Internet socket is ever connected, by the CLI or by the GUI starting up."""
    trace = tmp_path / "strace.txt"
    strace = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace)]
    proc = _run([*strace, str(built / "chiso"), "--db", str(tmp_path / "c.db"), "catalog", "list"],
                tmp_path)
    assert proc.returncode == 0, proc.stderr
    calls = trace.read_text()
    if (built / "chiso-desktop").is_file():
        _start_gui([*strace, str(built / "chiso-desktop")], tmp_path)
        calls += trace.read_text()
    assert not INET_CONNECT.findall(calls), calls


def test_install_user_keeps_data(built: Path, tmp_path: Path) -> None:
    """install-user.sh puts the app, menu entry, MIME type and icon in ~/.local; never the data."""
    env = _isolated_env(tmp_path)
    home = Path(env["HOME"])
    data = home / ".local" / "share" / "chiso-desktop" / "chiso.db"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"user data")
    script = built / "install-user.sh"
    proc = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    app = home / ".local" / "lib" / "chiso-desktop"
    version = subprocess.run([str(home / ".local" / "bin" / "chiso"), "--version"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"chiso {__version__}"
    share = home / ".local" / "share"
    mime = (share / "mime" / "packages" / "chiso-mime.xml").read_text()
    assert 'type="application/x-chiso-bundle"' in mime and 'pattern="*.chiso"' in mime
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / "chiso-desktop.png").is_file()
    desktop = share / "applications" / "chiso-desktop.desktop"
    if (built / "chiso-desktop").is_file():
        text = desktop.read_text()
        assert f'Exec="{app}/chiso-desktop" %f' in text
        assert "MimeType=application/x-chiso-bundle;" in text
    proc = subprocess.run(["bash", str(script), "--uninstall"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not app.exists() and not desktop.exists()
    assert data.read_bytes() == b"user data"
