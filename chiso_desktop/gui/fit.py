"""Layouts that fit a small screen (1024×600), and finding cut-off text in them.

:func:`scroll_page` lets a page scroll instead of forcing the window taller
than the screen; :class:`ElidedLabel` shortens a long name with "…" and keeps
it whole in the tooltip; :func:`cut_texts` (the 1024×600 tests, the
screenshot tool) lists what does not fit. A label whose text is wider than the label (or, word-wrapped, taller than
its height) is cut; so is a button narrower than its text. Labels that elide
on purpose carry the ``elided`` property and their full text as tooltip
(:class:`ElidedLabel`), and are checked for that instead. :func:`off_screen` lists
buttons and inputs that run past the edge and pages that scroll sideways: a page may
scroll down at 600 px, never across. In a table that asks for it (the ``whole_cells``
property: the entry grid) a cell whose text is wider than its column is cut
(:func:`cut_cells`), unless its tooltip holds the whole text (a long name elided on
purpose): a code shortened to ``A.IX.3.1[bh…`` is not.
"""

from __future__ import annotations

from chiso_desktop.gui.qt import (
    QAbstractButton,
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFontMetrics,
    QFrame,
    QLabel,
    QLineEdit,
    QResizeEvent,
    QScrollArea,
    QSize,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QTextDocument,
    QVBoxLayout,
    QWidget,
)


class ElidedLabel(QLabel):
    """One line that shortens with "…" when space runs out; the full text is the tooltip."""

    def __init__(self, text: str | QWidget = "", parent: QWidget | None = None) -> None:
        if isinstance(text, QWidget):  # ElidedLabel(parent), as Designer forms build it
            super().__init__(text)
            text = ""
        else:
            super().__init__(parent)
        self.setProperty("elided", True)
        self._full = ""
        self.setMinimumWidth(40)
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 8,
                     super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        room = max(self.width() - 4, 10)
        super().setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, room))


def scroll_page(page: QWidget) -> QScrollArea:
    """Move the page's content into a frameless scroll area filling the page.

    The content still takes the whole view when there is room (the entry grid
    stretches as before); below its minimum size the page scrolls, so no page
    forces the main window beyond a 1024×600 screen. Visibility of every child
    is kept as it was.
    """
    old = page.layout()
    inner = QWidget()
    inner.setObjectName(f"{page.objectName() or 'page'}_content")
    children = page.findChildren(QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly)
    hidden = {w: w.isHidden() for w in children}
    items: list[tuple[object, int]] = []
    margins, spacing = None, -1
    if old is not None:
        margins, spacing = old.contentsMargins(), old.spacing()
        stretches = [old.stretch(i) if isinstance(old, QBoxLayout) else 0
                     for i in range(old.count())]
        items = [(old.takeAt(0), stretch) for stretch in stretches]
        QWidget().setLayout(old)  # the emptied layout goes with the throwaway widget
    for w in children:
        w.setParent(inner)
    layout = QVBoxLayout(inner)
    if margins is not None:
        layout.setContentsMargins(margins)
        layout.setSpacing(spacing)
    for item, stretch in items:
        widget, sub = item.widget(), item.layout()  # type: ignore[attr-defined]
        if widget is not None:
            layout.addWidget(widget, stretch, item.alignment())  # type: ignore[attr-defined]
        elif sub is not None:
            layout.addLayout(sub, stretch)
        else:
            layout.addItem(item)  # type: ignore[arg-type]
            if stretch:
                layout.setStretch(layout.count() - 1, stretch)
    for w, was_hidden in hidden.items():
        w.setVisible(not was_hidden)
    scroll = QScrollArea(page)
    scroll.setObjectName("pageScroll")
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    scroll.setWidget(inner)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return scroll


def word_elide(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` shortened at a word boundary to fit ``width`` pixels, ending in "…"."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    kept: list[str] = []
    for word in words:
        trial = " ".join([*kept, word]) + " …"
        if metrics.horizontalAdvance(trial) > width:
            break
        kept.append(word)
    if not kept:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return " ".join(kept).rstrip(",;:—-") + " …"


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and "<" in text and ">" in text):
        doc = QTextDocument()
        doc.setHtml(text)
        return doc.toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def cut_texts(root: QWidget) -> list[str]:
    """Every visible label or button under ``root`` whose text does not fit, described."""
    problems: list[str] = []
    labels = ([root] if isinstance(root, QLabel) else []) + list(root.findChildren(QLabel))
    for label in labels:
        if not label.isVisible() or not label.text() or label.width() <= 1:
            continue
        if label.property("elided"):
            full = label.full_text() if isinstance(label, ElidedLabel) else label.toolTip()
            if label.text() != full and label.toolTip() != full:
                problems.append(f"elided label without its text as tooltip: {full!r}")
            continue
        if label.pixmap() is not None and not label.pixmap().isNull():
            continue
        margin = label.contentsMargins()
        room_w = label.contentsRect().width() - 2 * label.margin()
        room_h = label.contentsRect().height()
        if label.wordWrap():
            need = label.heightForWidth(label.width()) - margin.top() - margin.bottom()
            if need > room_h + 2:
                problems.append(f"wrapped label cut ({need} > {room_h} px): "
                                f"{_plain(label)[:80]!r}")
        else:
            lines = _plain(label).splitlines() or [""]
            widest = max(label.fontMetrics().horizontalAdvance(line) for line in lines)
            if widest > room_w + 2:
                problems.append(f"label cut ({widest} > {room_w} px): {_plain(label)[:80]!r}")
    buttons = ([root] if isinstance(root, QAbstractButton) else []) + \
        list(root.findChildren(QAbstractButton))
    for button in buttons:
        if not button.isVisible() or not button.text():
            continue
        text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        need = button.fontMetrics().horizontalAdvance(text)
        if need > button.width() - 6:
            problems.append(f"button cut ({need} > {button.width()} px): {text!r}")
        if button.height() < button.fontMetrics().height() + 2:
            problems.append(f"button too low ({button.height()} px): {text!r}")
    tables = ([root] if isinstance(root, QTableView) else []) + \
        list(root.findChildren(QTableView))
    for table in tables:
        if table.isVisible() and table.property("whole_cells"):
            problems += cut_cells(table)
    return problems


def cut_cells(table: QTableView) -> list[str]:
    """The cells of ``table`` whose text does not fit their column (spans counted).

    Every row that is not hidden counts, on screen or scrolled away: the clerk scrolls
    to it. What a cell needs is its delegate's size hint (text, icon and margins). A
    cell whose tooltip holds its whole text is elided on purpose and passes.
    """
    model = table.model()
    if model is None:
        return []
    problems: list[str] = []
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.font = table.font()
    display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
    for row in range(model.rowCount()):
        if table.isRowHidden(row):
            continue
        for col in range(model.columnCount()):
            if table.isColumnHidden(col) or table.columnWidth(col) <= 1:
                continue
            index = model.index(row, col)
            text = index.data(display)
            if not isinstance(text, str) or not text.strip():
                continue
            if table.rowSpan(row, col) > 1 or table.columnSpan(row, col) > 1:
                room = sum(table.columnWidth(c) for c in range(
                    col, col + table.columnSpan(row, col)) if not table.isColumnHidden(c))
            else:
                room = table.columnWidth(col)
            need = table.itemDelegateForIndex(index).sizeHint(option, index).width()
            if need <= room + 1:
                continue
            tooltip = index.data(tip)
            if isinstance(tooltip, str) and text.strip() in tooltip:
                continue
            problems.append(f"cell cut ({need} > {room} px) in {table.objectName() or 'a table'}"
                            f", row {row}, column {col}: {text.strip()[:80]!r}")
    return problems


def _horizontally_clipped(widget: QWidget, root: QWidget) -> bool:
    """Whether part of ``widget`` lies left or right of what its ancestors up to ``root`` show.

    Only sideways: a page that scrolls down is fine at 600 px, one whose buttons run
    past the right edge is not. Widgets inside an item view scroll with their rows.
    """
    left = widget.mapTo(root, widget.rect().topLeft()).x()
    right = left + widget.width()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return False
        x = parent.mapTo(root, parent.rect().topLeft()).x() if parent is not root else 0
        if left < x - 1 or right > x + parent.width() + 1:
            return True
        if parent is root:
            return False
        parent = parent.parentWidget()
    return False


def off_screen(root: QWidget) -> list[str]:
    """Visible buttons (and other inputs) not wholly shown across, and pages that scroll sideways.

    Complements :func:`cut_texts`: a button can be wide enough for its text and still sit
    past the window's right edge, reachable only by scrolling the page sideways.
    """
    problems: list[str] = []
    for scroll in root.findChildren(QScrollArea, "pageScroll"):
        bar = scroll.horizontalScrollBar()
        inner = scroll.widget()
        if scroll.isVisible() and bar is not None and bar.maximum() > 0:
            name = inner.objectName() if inner is not None else "page"
            problems.append(f"page scrolls sideways by {bar.maximum()} px: {name}")
    inputs: list[QWidget] = [*root.findChildren(QAbstractButton), *root.findChildren(QComboBox),
                             *root.findChildren(QLineEdit)]
    for widget in inputs:
        if not widget.isVisible() or widget.width() <= 1:
            continue
        if _horizontally_clipped(widget, root):
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} off screen: "
                            f"{text.replace('&', '')!r}")
    return problems
