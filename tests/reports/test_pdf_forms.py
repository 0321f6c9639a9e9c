"""Every form, built from realistic Nhị Chiểu data, reads back as an official document."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from dataclasses import replace

import pytest

from chiso_desktop.reports.pdf.data import DepartmentCompleteness
from chiso_desktop.reports.pdf.forms import FORMS, UnknownFormError, build_form
from tests.support.pdf import STANDARD_14, all_text, fonts_of, reader, sample_for
from tests.support.samples import UNIT_NAME, sample_completeness

OFFICIAL_STRINGS = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Nơi nhận:",
    UNIT_NAME,
    "51,9",
)


@pytest.fixture(scope="module", params=sorted(FORMS))
def built(request: pytest.FixtureRequest) -> tuple[str, bytes]:
    data, settings = sample_for(request.param)
    return request.param, build_form(request.param, data, settings)


def test_form_reads_back_with_official_strings(built: tuple[str, bytes]) -> None:
    form, pdf = built
    assert pdf.startswith(b"%PDF-")
    text = all_text(pdf)
    for expected in OFFICIAL_STRINGS:
        assert unicodedata.is_normalized("NFC", expected)
        assert expected in text, f"{form}: {expected!r} missing"
    if form != "completeness":  # counts of values, tested with a city-sized table below
        assert "9.275" in text


def test_every_font_is_embedded_truetype(built: tuple[str, bytes]) -> None:
    form, pdf = built
    fonts = fonts_of(pdf)
    assert fonts, form
    for font in fonts:
        base = str(font["/BaseFont"]).lstrip("/")
        assert base.split("+")[-1] not in STANDARD_14, f"{form} uses built-in {base}"
        descriptor = font
        if font["/Subtype"] == "/Type0":
            descriptor = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descriptor["/FontDescriptor"].get_object(), f"{form}: {base}"


def test_same_input_gives_same_bytes(built: tuple[str, bytes]) -> None:
    form, pdf = built
    data, settings = sample_for(form)
    assert build_form(form, data, settings) == pdf


def test_signature_block_and_header_come_from_settings(built: tuple[str, bytes]) -> None:
    form, pdf = built
    _, settings = sample_for(form)
    text = all_text(pdf)
    for line in settings.signature_lines:
        assert line in text
    assert settings.signer_name in text
    for recipient in settings.recipients:
        assert f"- {recipient}" in text
    assert "ngày 09 tháng 6 năm 2026" in text or "ngày 12 tháng 6 năm 2026" in text


def test_completeness_formats_large_counts_and_rates() -> None:
    data = sample_completeness()
    city = replace(
        data,
        departments=(
            DepartmentCompleteness("P01", "Phường Nhị Chiểu", 9275, 9275),
            DepartmentCompleteness("P02", "Phường Chu Văn An", 52, 27, late=3, overdue=25),
        ),
    )
    _, settings = sample_for("completeness")
    text = all_text(build_form("completeness", city, settings))
    assert "9.275" in text  # thousands dot
    assert "51,9" in text  # 27/52 as a Vietnamese decimal
    assert "9.327" in text  # the total row
    assert "100,0" in text


def test_unknown_form_error_lists_valid_names() -> None:
    data, settings = sample_for("targets")
    with pytest.raises(UnknownFormError) as caught:
        build_form("bao-cao", data, settings)
    message = str(caught.value)
    assert "bao-cao" in message
    for name in FORMS:
        assert name in message
    assert isinstance(caught.value, ValueError)


def test_pdf_metadata_names_issuer() -> None:
    data, settings = sample_for("period-report")
    meta = reader(build_form("period-report", data, settings)).metadata
    assert meta is not None
    assert meta.author == settings.issuer
    assert "BÁO CÁO" in (meta.title or "")


def test_bytes_do_not_depend_on_process_state() -> None:
    """A fresh interpreter builds the identical file: no counters or clocks leak in."""
    script = (
        "import sys\n"
        "from chiso_desktop.reports.pdf.forms import build_form\n"
        "from tests.support import samples\n"
        "sys.stdout.buffer.write(build_form('targets', samples.sample_targets(),"
        " samples.sample_settings()))\n"
    )
    fresh = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        check=True,
        env={**os.environ, "CHISO_PDF_FONT": "bundled"},
    ).stdout
    data, settings = sample_for("targets")
    build_form("cover", *sample_for("cover"))  # other documents built first in this process
    assert build_form("targets", data, settings) == fresh
