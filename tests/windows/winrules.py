"""Windows' file-system rules, imposed on Linux for the length of one test.

Nobody on the project has a Windows PC, and our users all do. This layer makes
the rules that bite an application on Windows hold here, so the code that
writes files, locks the database and hands files between processes runs under
them in every test run:

- ``os.fsync`` needs a descriptor opened for writing (``FlushFileBuffers``);
  on a read-only one it fails with EBADF. A folder cannot be opened at all.
- A file that is open (in this process, or "in another program": :meth:`hold`)
  cannot be replaced, renamed or deleted: PermissionError, as Windows gives
  when Excel or a PDF reader holds it (Python and SQLite open files without
  ``FILE_SHARE_DELETE``).
- Locks go through ``msvcrt.locking`` (a fake ``msvcrt`` with Windows'
  per-handle semantics, on Linux open-file-description locks); ``fcntl`` must
  not be used for them.
- Names Windows refuses (``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM1`` … with any
  extension, ``<>:"|?*``, a trailing dot or space) cannot be created.
- Paths of 260 characters or more do not exist.
- Names are compared case-insensitively: ``KT.pdf`` and ``kt.pdf`` are one file.
- ``on_windows()`` is true, so every Windows branch of the package runs.

The rules apply below :attr:`WindowsRules.root` (the test's ``tmp_path``), so
pytest, Python and the libraries keep working normally elsewhere.
"""

from __future__ import annotations

import builtins
import errno
import fcntl
import io
import os
import shutil
import struct
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from chiso_desktop import platform_rules

WINDOWS_MAX_PATH = 260
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            *(f"{d}{n}" for d in ("COM", "LPT") for n in "123456789")}
FORBIDDEN = set('<>:"|?*\\') | {chr(c) for c in range(32)}

FONT_FILES = {  # Windows' own file names for the four Times New Roman faces
    "times.ttf": "LiberationSerif-Regular.ttf",
    "timesbd.ttf": "LiberationSerif-Bold.ttf",
    "timesi.ttf": "LiberationSerif-Italic.ttf",
    "timesbi.ttf": "LiberationSerif-BoldItalic.ttf",
}


def windows_refuses(name: str) -> str | None:
    """Why Windows would refuse ``name`` (the layer's own rule, written independently)."""
    if name in ("", ".", ".."):
        return None
    if any(c in FORBIDDEN for c in name):
        return "forbidden character"
    if name.endswith((".", " ")):
        return "trailing dot or space"
    if name.split(".")[0].rstrip(" ").upper() in RESERVED:
        return "reserved device name"
    return None


@dataclass
class WindowsRules:
    root: Path
    held: set[Path] = field(default_factory=set)
    lock_calls: list[tuple[int, int, int]] = field(default_factory=list)
    fsyncs: int = 0

    # -- helpers for tests -----------------------------------------------------------

    @contextmanager
    def hold(self, path: Path) -> Iterator[None]:
        """Keep ``path`` open as another program would (Excel, a PDF reader)."""
        target = self._canonical(Path(path))
        self.held.add(target)
        try:
            yield
        finally:
            self.held.discard(target)

    def windows_fonts(self) -> Path:
        """``%WINDIR%\\Fonts`` with Times New Roman as Windows installs it; sets WINDIR."""
        from chiso_desktop.paths import fonts_dir

        folder = self.root / "Windows" / "Fonts"
        folder.mkdir(parents=True)
        for name, source in FONT_FILES.items():
            shutil.copyfile(fonts_dir() / source, folder / name)
        # Other fonts beside it, as on any PC (never mistaken for Times).
        shutil.copyfile(fonts_dir() / "LiberationSerif-Regular.ttf", folder / "arial.ttf")
        return folder

    # -- the rules -------------------------------------------------------------------

    def _applies(self, path: Path) -> bool:
        try:
            return path.is_relative_to(self.root)
        except ValueError:
            return False

    def _absolute(self, file: Any) -> Path | None:
        if isinstance(file, int):
            return None
        try:
            return Path(os.path.abspath(os.fsdecode(file)))
        except TypeError:
            return None

    def _canonical(self, path: Path) -> Path:
        """The existing spelling of ``path``'s last part when only its case differs."""
        path = Path(os.path.abspath(path))
        parent = path.parent
        if not self._applies(path) or _real_exists(path) or not _real_isdir(parent):
            return path
        folded = path.name.casefold()
        for entry in _real_listdir(parent):
            if entry.casefold() == folded:
                return parent / entry
        return path

    def _check(self, path: Path | None) -> Path | None:
        """Windows' checks on a path about to be opened or created; the path to use."""
        if path is None or not self._applies(path):
            return path
        if len(str(path)) >= WINDOWS_MAX_PATH:
            raise FileNotFoundError(errno.ENOENT, "The filename or extension is too long "
                                    "[WinError 206]", str(path))
        for part in path.relative_to(self.root).parts:
            why = windows_refuses(part)
            if why:
                raise OSError(errno.EINVAL, f"The filename, directory name, or volume label "
                              f"syntax is incorrect [WinError 123] ({why})", str(path))
        return self._canonical(path)

    def _in_use(self, path: Path) -> bool:
        """Open by any descriptor of this process, or held by "another program"."""
        if path in self.held:
            return True
        try:
            target = os.stat(path)
        except OSError:
            return False
        for fd in _real_listdir("/proc/self/fd"):
            try:
                st = os.stat(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
                return True
        return False

    def _refuse_in_use(self, path: Path) -> None:
        if self._in_use(path):
            raise PermissionError(errno.EACCES, "The process cannot access the file because "
                                  "it is being used by another process [WinError 32]", str(path))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> WindowsRules:
        real_open, real_os_open = builtins.open, os.open
        real_fsync, real_replace = os.fsync, os.replace
        real_unlink, real_mkdir = os.unlink, os.mkdir
        rules = self

        def win_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            path = rules._absolute(file)
            if path is not None and rules._applies(path):
                checked = rules._check(path)
                if "x" in mode and checked is not None and _real_exists(checked):
                    raise FileExistsError(errno.EEXIST, "Cannot create a file when that file "
                                          "already exists [WinError 183]", str(path))
                if ("w" in mode or "a" in mode) and checked in rules.held:
                    rules._refuse_in_use(checked)
                file = checked
            return real_open(file, mode, *args, **kwargs)

        def win_os_open(file: Any, flags: int, mode: int = 0o777, *args: Any, **kw: Any) -> int:
            path = rules._absolute(file)
            if path is not None and rules._applies(path):
                checked = rules._check(path)
                assert checked is not None
                if _real_isdir(checked):  # CreateFile cannot open a folder as a file
                    raise PermissionError(errno.EACCES, "Access is denied [WinError 5]",
                                          str(path))
                if flags & os.O_EXCL and _real_exists(checked):
                    raise FileExistsError(errno.EEXIST, "Cannot create a file when that file "
                                          "already exists [WinError 183]", str(path))
                file = checked
            return real_os_open(file, flags, mode, *args, **kw)

        def win_fsync(fd: Any) -> None:
            if not isinstance(fd, int):
                fd = fd.fileno()
            if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
                raise OSError(errno.EBADF, "Bad file descriptor")
            rules.fsyncs += 1
            real_fsync(fd)

        def win_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            s, d = rules._absolute(src), rules._absolute(dst)
            if s is not None and rules._applies(s):
                s = rules._check(s)
                assert s is not None
                rules._refuse_in_use(s)
                src = s
            if d is not None and rules._applies(d):
                d = rules._check(d)
                assert d is not None
                rules._refuse_in_use(d)
                dst = d
            real_replace(src, dst, *args, **kwargs)

        def win_rename(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            d = rules._absolute(dst)
            if d is not None and rules._applies(d) and _real_exists(rules._canonical(d)):
                raise FileExistsError(errno.EEXIST, "Cannot create a file when that file "
                                      "already exists [WinError 183]", str(d))
            win_replace(src, dst, *args, **kwargs)

        def win_unlink(path: Any, *args: Any, **kwargs: Any) -> None:
            p = rules._absolute(path)
            if p is not None and rules._applies(p):
                p = rules._canonical(p)
                rules._refuse_in_use(p)
                path = p
            real_unlink(path, *args, **kwargs)

        def win_mkdir(path: Any, mode: int = 0o777, *args: Any, **kwargs: Any) -> None:
            p = rules._absolute(path)
            if p is not None and rules._applies(p):
                rules._check(p)
                if _real_exists(rules._canonical(p)):
                    raise FileExistsError(errno.EEXIST, "Cannot create a file when that file "
                                          "already exists [WinError 183]", str(p))
            real_mkdir(path, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", win_open)
        monkeypatch.setattr(io, "open", win_open)
        monkeypatch.setattr(os, "open", win_os_open)
        monkeypatch.setattr(os, "fsync", win_fsync)
        monkeypatch.setattr(os, "replace", win_replace)
        monkeypatch.setattr(os, "rename", win_rename)
        monkeypatch.setattr(os, "unlink", win_unlink)
        monkeypatch.setattr(os, "remove", win_unlink)
        monkeypatch.setattr(os, "mkdir", win_mkdir)
        monkeypatch.setitem(__import__("sys").modules, "msvcrt", self._fake_msvcrt())
        monkeypatch.setattr(platform_rules, "sys", types.SimpleNamespace(platform="win32"))
        monkeypatch.setenv("WINDIR", str(self.root / "Windows"))
        monkeypatch.setenv("LOCALAPPDATA", str(self.root / "AppData" / "Local"))
        return self

    def _fake_msvcrt(self) -> types.ModuleType:
        """``msvcrt.locking`` with Windows' semantics: a byte range from the current position,
        owned by the handle (two handles of one process conflict), never blocking here."""
        mod = types.ModuleType("msvcrt")
        mod.LK_UNLCK, mod.LK_LOCK, mod.LK_NBLCK, mod.LK_RLCK, mod.LK_NBRLCK = 0, 1, 2, 3, 4
        calls = self.lock_calls

        def locking(fd: int, mode: int, nbytes: int) -> None:
            calls.append((fd, mode, nbytes))
            start = os.lseek(fd, 0, os.SEEK_CUR)
            kind = fcntl.F_UNLCK if mode == mod.LK_UNLCK else fcntl.F_WRLCK
            # struct flock for F_OFD_SETLK: type, whence, start, len, pid (must be 0).
            arg = struct.pack("hhqqi4x", kind, os.SEEK_SET, start, nbytes, 0)
            try:
                fcntl.fcntl(fd, fcntl.F_OFD_SETLK, arg)
            except OSError as exc:
                if mode == mod.LK_UNLCK:
                    raise PermissionError(errno.EACCES, "Permission denied") from exc
                # msvcrt reports a region another handle holds as EDEADLOCK (36 on Windows).
                raise OSError(errno.EDEADLK, "Resource deadlock avoided") from exc

        mod.locking = locking
        return mod


def _real_exists(path: Path) -> bool:
    return os.path.lexists(path)


def _real_isdir(path: Path) -> bool:
    return os.path.isdir(path)


def _real_listdir(path: Any) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []
