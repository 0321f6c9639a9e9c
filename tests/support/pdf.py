"""Reading our PDFs back with pypdf, the way a user's viewer would see them."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tests.support import samples

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat(text: str) -> str:
    """pypdf breaks lines inside table cells; compare with whitespace collapsed, in NFC."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_texts(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def fonts_of(pdf: bytes) -> list[DictionaryObject]:
    """Every font dictionary referenced from a page's /Resources."""
    found = []
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font")
        if fonts is None:
            continue
        found += [ref.get_object() for ref in fonts.get_object().values()]
    return found


def sample_for(form: str) -> tuple[object, object]:
    """Realistic data and settings for each registered form."""
    data = {
        "period-report": samples.sample_period_report,
        "cchc": samples.sample_cchc,
        "cover": samples.sample_cover,
        "completeness": samples.sample_completeness,
        "targets": samples.sample_targets,
        "city": samples.sample_city,
    }[form]()
    settings = samples.sample_cover_settings() if form == "cover" else samples.sample_settings()
    return data, settings
