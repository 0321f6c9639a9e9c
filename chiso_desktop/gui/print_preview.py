"""Print preview and printing inside the application, with no external PDF viewer.

The PDF the core built is rendered page by page with PDFium
(:mod:`chiso_desktop.reports.raster`) into a scrolling view with zoom and
page navigation; "In…" sends the same pages to a ``QPrinter`` at the
printer's resolution, so what is printed is exactly what was previewed.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.gui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QMessageBox,
    QPainter,
    QPixmap,
    QPushButton,
    QScrollArea,
    QShortcut,
    QSpinBox,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.reports.raster import PageImage, PdfPages

ZOOMS = (50, 75, 100, 125, 150, 200)
FIT_WIDTH = 0
PRINT_DPI_CAP = 300  # enough for text; a 1200 dpi printer would need 130 MB a page


def to_qimage(page: PageImage) -> QImage:
    """A QImage that owns its pixels (the RGB buffer may go away)."""
    return QImage(page.rgb, page.width, page.height, page.stride,
                  QImage.Format.Format_RGB888).copy()


def print_pages(pages: PdfPages, printer: object, first: int = 0, last: int = -1) -> int:
    """Paint pages ``first``..``last`` (0-based, inclusive) on ``printer``; returns how many."""
    from chiso_desktop.gui.qt import QPrinter

    assert isinstance(printer, QPrinter)
    last = len(pages) - 1 if last < 0 else min(last, len(pages) - 1)
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    count = 0
    try:
        for index in range(first, last + 1):
            if count:
                printer.newPage()
            image = to_qimage(pages.render(index, dpi))
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
            painter.setWindow(target)
            count += 1
    finally:
        painter.end()
    return count


class PrintPreviewDialog(QDialog):
    """Pages of one PDF, zoomable, with Previous/Next, and "Print…" through QPrinter."""

    saved = Signal(object)

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None,
                 save_name: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(title)
        self.pdf = pdf
        self.save_name = save_name
        self.pages = PdfPages(pdf)
        self._closed = False
        self.index = 0

        self.previous_button = QPushButton(_("◀ &Previous"), self)
        self.previous_button.clicked.connect(lambda: self.show_page(self.index - 1))
        self.page_box = QSpinBox(self)
        self.page_box.setRange(1, max(len(self.pages), 1))
        self.page_box.valueChanged.connect(lambda n: self.show_page(n - 1))
        self.page_count = QLabel(self)
        self.next_button = QPushButton(_("&Next ▶"), self)
        self.next_button.clicked.connect(lambda: self.show_page(self.index + 1))
        self.zoom_label = QLabel(_("&Zoom:"), self)
        self.zoom_box = QComboBox(self)
        self.zoom_box.addItem(_("Fit width"), FIT_WIDTH)
        for zoom in ZOOMS:
            self.zoom_box.addItem(f"{zoom}%", zoom)
        self.zoom_label.setBuddy(self.zoom_box)
        self.zoom_box.setCurrentIndex(0)
        self.zoom_box.currentIndexChanged.connect(lambda _i: self.render_page())
        self.print_button = QPushButton(_("&Print…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.ask_print)
        self.save_button = QPushButton(_("&Save as PDF…"), self)
        self.save_button.clicked.connect(self.ask_save)
        self.save_button.setVisible(save_name is not None)
        self.close_button = QPushButton(_("&Close"), self)
        self.close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_box, self.page_count, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_box)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)

        self.page_view = QLabel(self)
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_view.setObjectName("pageView")
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.page_view)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background: #808080; }")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self, lambda: self.zoom_step(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self,
                  lambda: self.zoom_step(-1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.ask_print)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self.show_page(self.index + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self.show_page(self.index - 1))
        self.resize(860, 700)
        self.show_page(0)

    def zoom_percent(self) -> float:
        """The zoom shown: "fit width" follows the view's width."""
        zoom = int(self.zoom_box.currentData() or FIT_WIDTH)
        if zoom != FIT_WIDTH or len(self.pages) == 0:
            return float(zoom or 100)
        width_pt, _h = self.pages.size_points(self.index)
        room = max(self.scroll_area.viewport().width() - 24, 200)
        return room / (width_pt * self.logicalDpiX() / 72.0) * 100.0

    def zoom_step(self, step: int) -> None:
        current = self.zoom_percent()
        choices = [z for z in ZOOMS if (z > current + 1 if step > 0 else z < current - 1)]
        if choices:
            target = choices[0] if step > 0 else choices[-1]
            self.zoom_box.setCurrentIndex(self.zoom_box.findData(target))

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        self.index = index
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)
        self.page_count.setText(ngettext("/ {count} page", "/ {count} pages", len(self.pages))
                                .format(count=len(self.pages)))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.pages) - 1)
        self.render_page()

    def render_page(self) -> None:
        if self._closed or len(self.pages) == 0:
            return
        ratio = self.devicePixelRatioF()
        dpi = self.logicalDpiX() * self.zoom_percent() / 100.0 * ratio
        pixmap = QPixmap.fromImage(to_qimage(self.pages.render(self.index, dpi)))
        pixmap.setDevicePixelRatio(ratio)
        self.page_view.setPixmap(pixmap)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if int(self.zoom_box.currentData() or FIT_WIDTH) == FIT_WIDTH:
            QTimer.singleShot(0, self.render_page)  # once the layout gave the view its width

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        QTimer.singleShot(0, self.render_page)

    def ask_print(self) -> None:
        from chiso_desktop.gui.qt import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFullPage(True)  # our PDF already has the Decree 30 margins
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, len(self.pages))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = printer.fromPage(), printer.toPage()
        if first == 0 and last == 0:
            first, last = 1, len(self.pages)
        print_pages(self.pages, printer, first - 1, last - 1)

    def ask_save(self) -> None:
        start = str(self.save_name or Path.home() / "chiso.pdf")
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the form as PDF"), start,
                                                    _("PDF (*.pdf)"))
        if name:
            self.save_to(Path(name) if Path(name).suffix else Path(name).with_suffix(".pdf"))

    def save_to(self, path: Path) -> None:
        try:
            atomic_write_bytes(path, self.pdf)
        except OSError as exc:
            QMessageBox.warning(self, _("Not saved"), str(exc))
            return
        self.saved.emit(path)

    def done(self, result: int) -> None:
        super().done(result)
        if not self._closed:
            self._closed = True
            self.pages.close()


def open_preview(pdf: bytes, title: str, parent: QWidget,
                 save_name: Path | None = None) -> PrintPreviewDialog:
    """Show ``pdf`` in a window-modal preview that deletes itself when closed."""
    dialog = PrintPreviewDialog(pdf, title, parent, save_name=save_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
