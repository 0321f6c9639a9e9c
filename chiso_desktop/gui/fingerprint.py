"""Fingerprints as people compare them: large, in groups of four, easy to read aloud."""

from __future__ import annotations

from chiso_desktop.gui.qt import QFont, QLabel, Qt, QWidget


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

