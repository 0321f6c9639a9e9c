"""What Windows allows: the one place the package asks which OS it runs on.

Our users are on Windows 10/11, and the files the app writes travel on USB
sticks between Windows PCs, so file names are always made valid for Windows
(even when the app runs on Linux). Every ``if on_windows():`` branch of the
package goes through :func:`on_windows`, so the Windows-rules test layer
(``tests/windows/``) can run each of them on Linux, and
``tests/windows/test_branches.py`` checks that some test executes every one.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

MAX_PATH = 260
"""Windows' classic path limit (``MAX_PATH``, including the final NUL): longer paths
fail on a PC without the ``LongPathsEnabled`` policy, which office PCs do not set."""

RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
"""Device names Windows refuses as a file name, with any extension (``nul.txt`` too)."""

FORBIDDEN_CHARS = frozenset('<>:"/\\|?*') | {chr(c) for c in range(32)}
MAX_NAME = 120
"""Longest suggested name: leaves room under :data:`MAX_PATH` for the folder."""


def on_windows() -> bool:
    """True on Windows. Tests of the Windows rules patch this, never ``sys.platform``."""
    return sys.platform == "win32"


def path_too_long(path: Path | str) -> bool:
    """Whether Windows would refuse ``path`` for its length (absolute, in UTF-16 units)."""
    text = str(Path(path).absolute())
    return len(text.encode("utf-16-le")) // 2 >= MAX_PATH


def name_problem(name: str) -> str | None:
    """Why Windows refuses ``name`` as a file name (a short English reason), or None."""
    if not name or name in (".", ".."):
        return "empty"
    bad = sorted({c for c in name if c in FORBIDDEN_CHARS})
    if bad:
        return "forbidden characters " + " ".join(repr(c) for c in bad)
    if name[-1] in ". ":
        return "ends with a dot or a space"
    if name.split(".")[0].rstrip(" ").upper() in RESERVED_NAMES:
        return "reserved device name"
    return None


def _plain(text: str) -> str:
    """ASCII letters and digits of a Vietnamese text (đ → d, diacritics dropped)."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def safe_file_name(*parts: str, suffix: str = "") -> str:
    """A file name built from ``parts`` (unit names, codes, periods) that Windows accepts.

    Each part becomes ASCII words (diacritics dropped, case kept) joined by ``-``; an
    empty part is left out; a result that Windows would still refuse (``con``, ``nul-`` …) gets ``_``
    appended. ``suffix`` (``.pdf``) is kept as given.
    """
    words = []
    for part in parts:
        word = re.sub(r"[^A-Za-z0-9]+", "-", _plain(part)).strip("-")
        if word:
            words.append(word)
    stem = "-".join(words)[:MAX_NAME].strip("-") or "file"
    if name_problem(stem + suffix) or name_problem(stem):
        stem += "_"
    return stem + suffix


def unique_names(names: Iterable[str]) -> list[str]:
    """``names`` with a ``-2``, ``-3`` … added where two would be the same file on Windows.

    Windows compares file names case-insensitively, so ``KT.pdf`` and ``kt.pdf``
    written to one folder would overwrite each other.
    """
    seen: set[str] = set()
    result = []
    for name in names:
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result
