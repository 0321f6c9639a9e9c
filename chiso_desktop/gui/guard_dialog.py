"""The confirmation before a big step: what stands in the way, then "go ahead" or "not now".

Blocking obstacles leave only a Close button (fix them first); warnings are
listed and the step goes ahead only after the person presses the step's own
button. ``confirm`` is the one entry, so tests can answer it.
"""

from __future__ import annotations

from chiso_desktop.entry.guards import Guard, listing
from chiso_desktop.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)
from chiso_desktop.i18n import _


class GuardDialog(QDialog):
    def __init__(self, title: str, guard: Guard, go_text: str, *, question: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GuardDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.items = QListWidget(self)
        self.items.setObjectName("obstacles")
        self.items.setWordWrap(True)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        if guard.blocking:
            self.heading.setText(_("This cannot be done yet. Fix these first:"))
            self.items.addItems(listing(guard.blocking))
        else:
            self.heading.setText(question or _("Check what is still open before you go on:"))
            self.items.addItems(listing(guard.warnings))
        layout.addWidget(self.heading)
        layout.addWidget(self.items, 1)
        if guard.blocking:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
            buttons.rejected.connect(self.reject)
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
            go = buttons.addButton(go_text, QDialogButtonBox.ButtonRole.AcceptRole)
            go.setObjectName("goAhead")
            buttons.accepted.connect(self.accept)
            buttons.rejected.connect(self.reject)
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout.addWidget(buttons)
        self.resize(560, 360)


def confirm(parent: QWidget, title: str, guard: Guard, go_text: str, question: str = "") -> bool:
    """True when nothing stands in the way, or the person confirmed the warnings."""
    if guard.clear:
        return True
    dialog = GuardDialog(title, guard, go_text, question=question, parent=parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted and not guard.blocking
    finally:
        dialog.deleteLater()
