"""The serif family every PDF is set in, embedded with all Vietnamese diacritics.

Decree 30/2020 asks for Times New Roman or a metric-compatible font. Office
PCs running Windows have Times New Roman, so we use it when all four faces
are present; otherwise we fall back to Liberation Serif (metric-compatible,
SIL OFL) shipped in ``resources/fonts``. ``CHISO_PDF_FONT=bundled`` forces the
bundled font so tests and golden files do not depend on the machine.
The PDF built-in Helvetica/Times are never used: they carry no Vietnamese.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from chiso_desktop.paths import fonts_dir
from chiso_desktop.platform_rules import on_windows

FONT_ENV = "CHISO_PDF_FONT"

TIMES_FILES = ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf")
TIMES_ALT_FILES = (
    "Times_New_Roman.ttf",
    "Times_New_Roman_Bold.ttf",
    "Times_New_Roman_Italic.ttf",
    "Times_New_Roman_Bold_Italic.ttf",
)
BUNDLED_FILES = (
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
)


@dataclass(frozen=True)
class FontFamily:
    """The registered reportlab names of the four faces."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


def times_search_dirs() -> list[Path]:
    """Where Times New Roman lives: Windows' font folders, or the usual Linux ones."""
    dirs: list[Path] = []
    if on_windows():
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or "C:\\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only" (Windows 10 1809 and later)
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    home = Path.home()
    return [
        Path("/usr/share/fonts/truetype/msttcorefonts"),
        Path("/usr/share/fonts/msttcore"),
        Path("/usr/share/fonts/TTF"),
        Path("/usr/share/fonts/truetype"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
    ]


def _find_faces(directory: Path, names: tuple[str, ...]) -> tuple[Path, ...] | None:
    """The four face files in ``directory`` (names compared case-insensitively)."""
    try:
        present = {p.name.lower(): p for p in directory.iterdir() if p.is_file()}
    except OSError:
        return None
    found = tuple(present.get(name.lower()) for name in names)
    if all(found):
        return found  # type: ignore[return-value]
    return None


def find_times_new_roman() -> tuple[Path, ...] | None:
    for directory in times_search_dirs():
        for names in (TIMES_FILES, TIMES_ALT_FILES):
            faces = _find_faces(directory, names)
            if faces:
                return faces
    return None


def bundled_faces() -> tuple[Path, ...]:
    faces = tuple(fonts_dir() / name for name in BUNDLED_FILES)
    missing = [str(p) for p in faces if not p.is_file()]
    if missing:
        raise FileNotFoundError("Bundled PDF font missing: " + ", ".join(missing))
    return faces


def use_bundled_font() -> bool:
    return os.environ.get(FONT_ENV, "").strip().lower() == "bundled"


def serif_family() -> FontFamily:
    """Register (once) and return the family the environment asks for."""
    if not use_bundled_font():
        times = find_times_new_roman()
        if times:
            return _register("ChisoTimes", times)
    return _register("ChisoLiberationSerif", bundled_faces())


@cache
def _register(family: str, faces: tuple[Path, ...]) -> FontFamily:
    """The regular face carries the family name, so ``<b>``/``<i>`` resolve through it."""
    names = FontFamily(
        family=family,
        regular=family,
        bold=f"{family}-Bold",
        italic=f"{family}-Italic",
        bold_italic=f"{family}-BoldItalic",
    )
    for name, path in zip(
        (names.regular, names.bold, names.italic, names.bold_italic), faces, strict=True
    ):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        family,
        normal=names.regular,
        bold=names.bold,
        italic=names.italic,
        boldItalic=names.bold_italic,
    )
    return names
