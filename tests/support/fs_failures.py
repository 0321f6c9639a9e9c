"""Real filesystem failures for the store's messages: read-only files and folders, a
read-only drive, a full drive, a file-size limit — produced by the operating system,
never by faking SQLite's error.

The tests run as root here, and root ignores file permissions: the CLI then runs in
a subprocess whose capability bounding set lacks ``CAP_DAC_OVERRIDE`` (``setpriv``),
so the permissions apply to it as to a clerk's account. A read-only or full drive
needs ``mount`` (a bind mount remounted read-only, a small tmpfs). Whatever this
machine cannot do is skipped with the reason.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.cli import CliResult

ROOT = Path(__file__).resolve().parents[2]
_DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def _works(prefix: Sequence[str], probe: Path) -> bool:
    """Whether a process started with ``prefix`` is refused a read-only file."""
    probe.write_text("x")
    probe.chmod(0o444)
    try:
        done = subprocess.run([*prefix, sys.executable, "-c",
                               f"open({str(probe)!r}, 'a')"], capture_output=True)
    except OSError:
        return False
    finally:
        probe.chmod(0o644)
        probe.unlink()
    return done.returncode != 0


def unprivileged_prefix(tmp_path: Path) -> list[str]:
    """The command prefix under which file permissions apply; skips when there is none."""
    if os.name != "posix":
        pytest.skip("file permissions are tested on Linux")
    if os.geteuid() != 0:
        if _works([], tmp_path / "probe"):
            return []
        pytest.skip("this account writes read-only files (a capability?)")
    if shutil.which("setpriv") and _works(_DROP, tmp_path / "probe"):
        return list(_DROP)
    pytest.skip("running as root, and setpriv cannot drop CAP_DAC_OVERRIDE here")


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PYTHONPATH": str(ROOT), "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "CHISO_LANG": env.get("CHISO_LANG", "vi"), "PYTHONDONTWRITEBYTECODE": "1"})
    return env


def run_cli_process(*argv: object, prefix: Sequence[str] = (), home: Path,
                    file_size_limit: int | None = None) -> CliResult:
    """``chiso ARGV…`` in its own process (as ``prefix`` says, optionally under a file-size
    limit, where a write past it fails with EFBIG as on a drive too small for the file)."""
    def limit() -> None:  # pragma: no cover - runs in the child
        if file_size_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    done = subprocess.run([*prefix, sys.executable, "-m", "chiso_desktop.cli.main",
                           *map(str, argv)], capture_output=True, text=True, env=_env(home),
                          cwd=ROOT, timeout=120,
                          preexec_fn=limit if file_size_limit is not None else None)
    return CliResult(done.returncode, done.stdout, done.stderr)


def _mount(*args: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@contextmanager
def small_drive(folder: Path, size_kib: int) -> Iterator[Path]:
    """``folder`` as a tmpfs of ``size_kib``: a drive that really fills up."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(folder)):
        pytest.skip("cannot mount a small tmpfs here (not root, or no CAP_SYS_ADMIN)")
    try:
        yield folder
    finally:
        _umount(folder)


@contextmanager
def read_only_drive(folder: Path) -> Iterator[Path]:
    """``folder`` bind-mounted on itself and remounted read-only (EROFS, even for root)."""
    if not _mount("--bind", str(folder), str(folder)):
        pytest.skip("cannot bind-mount here (not root, or no CAP_SYS_ADMIN)")
    try:
        if not _mount("-o", "remount,ro,bind", str(folder)):
            pytest.skip("cannot remount a bind mount read-only here")
        yield folder
    finally:
        _umount(folder)


def fill(folder: Path, leave_kib: int = 0) -> Path:
    """Fill the drive of ``folder`` until ``leave_kib`` KiB are free (0: really full)."""
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free - leave_kib * 1024
    block = b"\0" * 4096
    with filler.open("ab", buffering=0) as fh:
        try:
            while free >= len(block):
                fh.write(block)
                free -= len(block)
            if free > 0:
                fh.write(b"\0" * free)
            os.fsync(fh.fileno())
        except OSError:  # ENOSPC: as full as it gets
            pass
    return filler
