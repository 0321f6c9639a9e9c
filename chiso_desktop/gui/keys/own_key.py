"""This installation's own key on a key page: the fingerprint, what it is for, the card.

The Office's and the city's key pages show the same box and export the key card the
same way; only their words differ (set by the page's ``retranslate``) and the name
the card is saved under.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from chiso_desktop.exchange import identity
from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.fingerprint import big_fingerprint_label
from chiso_desktop.gui.operations import Changed, Operation, ask_passphrase, output_name
from chiso_desktop.gui.qt import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.store.db import Session
from chiso_desktop.store.installation import require_installation


def key_filter() -> str:
    return _("Key cards (*.chisokey *.key *.json);;All files (*)")


class OwnKeyBox(QGroupBox):
    """The fingerprint large, a hint, and "export the key card" (signed on a worker)."""

    def __init__(self, parent: QWidget, ctx: AppContext, *, card_name: str,
                 save_title: Callable[[], str], saved: Callable[[Path], str],
                 report: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.ctx, self.card_name = ctx, card_name
        self.save_title, self.saved, self.report = save_title, saved, report
        self.fp = big_fingerprint_label(self, scale=1.6)
        self.fp.setObjectName("ownFingerprint")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.choose_export_card)
        row = QHBoxLayout(self)
        row.addWidget(self.fp, 2)
        row.addWidget(self.hint, 3)
        row.addWidget(self.export_button)

    def choose_export_card(self) -> None:
        unit = self.ctx.identity.unit_name if self.ctx.identity else "chiso"
        start = Path.home() / output_name(unit, "", self.card_name, ".chisokey").replace(
            "--", "-")
        name, _f = QFileDialog.getSaveFileName(self, self.save_title(), str(start),
                                               key_filter())
        if name:
            path = Path(name)
            self.export_card(path if path.suffix else path.with_suffix(".chisokey"))

    def export_card(self, out: Path) -> None:
        secret = ask_passphrase(self)
        if secret is None:
            return

        def work(s: Session) -> Path:
            return atomic_write_bytes(out, identity.public_key_card(
                s, require_installation(s), secret))

        Operation(self, self.ctx, work, changes=Changed.EXPORTS, title=_("Not done"),
                  label=_("Signing the key card…")).success(
            lambda p: self.report(self.saved(p))).run_in_background()
