"""PDF pages as pixels, for the print preview and for printing inside the app.

QtPdf is not part of the PySide6 wheels, so the GUI renders our own PDFs with
PDFium through pypdfium2 (a maintained binding with wheels for Windows and
Linux). This module knows nothing about Qt: it hands back plain RGB bytes
that the GUI wraps in a ``QImage``. pypdfium2 is imported on first use so
the application starts without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    """One rendered page: ``height`` rows of ``stride`` bytes, 3 bytes (R, G, B) a pixel."""

    width: int
    height: int
    stride: int
    rgb: bytes


class PdfPages:
    """An open PDF whose pages render at any resolution; close it when done."""

    def __init__(self, pdf: bytes) -> None:
        import pypdfium2

        self._pdf: bytes = pdf  # PDFium reads from this buffer for the document's lifetime
        self._doc: Any = pypdfium2.PdfDocument(pdf)

    def __len__(self) -> int:
        return len(self._doc)

    def size_points(self, index: int) -> tuple[float, float]:
        """Page width and height in points (1/72 inch); A4 is about 595 × 842."""
        width, height = self._doc[index].get_size()
        return float(width), float(height)

    def render(self, index: int, dpi: float) -> PageImage:
        """The page at ``dpi`` dots per inch, white background, text anti-aliased."""
        page = self._doc[index]
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True,
                             fill_color=(255, 255, 255, 255))
        try:
            return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
        finally:
            bitmap.close()
            page.close()

    def close(self) -> None:
        self._doc.close()
