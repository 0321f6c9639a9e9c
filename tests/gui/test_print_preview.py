"""Print preview inside the app: pages rendered with PDFium, zoom, navigation, QPrinter."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from chiso_desktop.gui.print_preview import PrintPreviewDialog, print_pages
from chiso_desktop.gui.qt import QPrinter
from chiso_desktop.reports.pdf.cover import build_cover
from chiso_desktop.reports.pdf.data import CoverData
from chiso_desktop.reports.raster import PdfPages
from tests.support.samples import sample_cover, sample_settings


def two_page_pdf() -> bytes:
    base = sample_cover()
    data = CoverData(**{**base.__dict__, "values": [base.values[i % 7] for i in range(40)]})
    return build_cover(data, sample_settings())


def test_pages_render_as_white_a4_with_ink() -> None:
    pages = PdfPages(two_page_pdf())
    try:
        assert len(pages) >= 2
        width, height = pages.size_points(0)
        assert (round(width), round(height)) == (595, 842)
        image = pages.render(0, 36)
        assert (image.width, image.height) == (298, 421)
        assert image.rgb[:3] == b"\xff\xff\xff"  # the corner is white paper
        assert min(image.rgb) < 64  # and the page carries dark text
    finally:
        pages.close()


def test_preview_navigates_and_zooms(qtbot) -> None:
    dialog = PrintPreviewDialog(two_page_pdf(), "Phiếu gửi số liệu")
    qtbot.addWidget(dialog)
    dialog.show()
    count = len(dialog.pages)
    assert dialog.page_count.text() == f"/ {count} trang"
    assert not dialog.previous_button.isEnabled() and dialog.next_button.isEnabled()
    dialog.next_button.click()
    assert dialog.index == 1 and dialog.page_box.value() == 2
    dialog.zoom_box.setCurrentIndex(dialog.zoom_box.findData(50))
    small = dialog.page_view.pixmap().width()
    dialog.zoom_step(1)
    assert dialog.zoom_box.currentData() == 75
    assert dialog.page_view.pixmap().width() > small
    dialog.page_box.setValue(1)
    assert dialog.index == 0
    dialog.reject()


def test_printing_sends_every_page_to_the_printer(qtbot, tmp_path: Path) -> None:
    pdf = two_page_pdf()
    pages = PdfPages(pdf)
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    printer.setFullPage(True)
    try:
        assert print_pages(pages, printer) == len(pages)
        assert len(PdfReader(out).pages) == len(pages)
        out2 = tmp_path / "page2.pdf"
        printer.setOutputFileName(str(out2))
        assert print_pages(pages, printer, 1, 1) == 1
        assert len(PdfReader(out2).pages) == 1
    finally:
        pages.close()
