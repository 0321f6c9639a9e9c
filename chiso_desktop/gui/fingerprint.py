"""Fingerprints as people compare them: large, in groups of four, easy to read aloud."""

from __future__ import annotations

from collections.abc import Callable

from chiso_desktop.gui.qt import QFont, QGroupBox, QHBoxLayout, QLabel, QPushButton, Qt, QWidget


def grouped(short: str) -> str:
    """``K7QD-3MZP-8W1X-C0RT`` → ``K7QD  3MZP  8W1X  C0RT`` (two spaces read as a pause)."""
    return "  ".join(part for part in short.replace(" ", "-").split("-") if part)


def big_fingerprint_label(parent: QWidget | None = None, scale: float = 2.2) -> QLabel:
    label = QLabel(parent)
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(max(label.font().pointSizeF() * scale, 18))
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class OwnKeyBox(QGroupBox):
    """This installation's key: its fingerprint large, what it is for, and "export the card".

    The Office's and the city's key pages show the same box with their own words
    (set by the page's ``retranslate``).
    """

    def __init__(self, parent: QWidget, on_export: Callable[[], None]) -> None:
        super().__init__(parent)
        self.fp = big_fingerprint_label(self, scale=1.6)
        self.fp.setObjectName("ownFingerprint")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(on_export)
        row = QHBoxLayout(self)
        row.addWidget(self.fp, 2)
        row.addWidget(self.hint, 3)
        row.addWidget(self.export_button)
