"""Font choice: Times New Roman when the machine has it, the bundled serif otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chiso_desktop.reports.pdf import fonts
from chiso_desktop.reports.pdf.forms import build_form
from tests.support.pdf import fonts_of
from tests.support.samples import sample_settings, sample_targets


@pytest.fixture
def fake_windows_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A font folder holding times*.ttf (copies of the bundled faces, named as Windows names them)."""
    folder = tmp_path / "Fonts"
    folder.mkdir()
    for source, target in zip(fonts.bundled_faces(), fonts.TIMES_FILES, strict=True):
        shutil.copy(source, folder / target.upper())  # Windows folders are case-insensitive
    monkeypatch.setattr(fonts, "times_search_dirs", lambda: [tmp_path / "missing", folder])
    return folder


def test_bundled_font_when_environment_asks(fake_windows_fonts: Path) -> None:
    assert fonts.use_bundled_font()
    family = fonts.serif_family()
    assert family.family == "ChisoLiberationSerif"


def test_times_new_roman_preferred_when_present(
    fake_windows_fonts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    family = fonts.serif_family()
    assert family.family == "ChisoTimes"
    assert family.bold == "ChisoTimes-Bold"


def test_falls_back_when_a_face_is_missing(
    fake_windows_fonts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    (fake_windows_fonts / "TIMESBI.TTF").unlink()
    assert fonts.find_times_new_roman() is None
    assert fonts.serif_family().family == "ChisoLiberationSerif"


def test_bundled_faces_and_licence_ship_with_the_app() -> None:
    faces = fonts.bundled_faces()
    assert len(faces) == 4
    licence = faces[0].parent / "LICENSE-LiberationSerif.txt"
    assert "SIL Open Font License" in licence.read_text(encoding="utf-8")


def test_all_four_faces_are_used_and_embedded() -> None:
    pdf = build_form("targets", sample_targets(), sample_settings())
    names = {str(f["/BaseFont"]).split("+")[-1] for f in fonts_of(pdf)}
    assert names == {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
