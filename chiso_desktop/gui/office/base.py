"""What the Office's pages share: following the period, the changes they show, the language.

A page sets ``shows`` (the :class:`~chiso_desktop.gui.operations.Changed` it displays)
and ``follows_period``, builds its widgets, then calls :meth:`OfficePage.wire`;
it reloads when the period changes or an operation changed what it shows, and
retranslates when the language changes.
"""

from __future__ import annotations

from typing import ClassVar

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.operations import Changed
from chiso_desktop.gui.qt import QWidget


class OfficePage(QWidget):
    shows: ClassVar[Changed] = Changed.EVERYTHING
    follows_period: ClassVar[bool] = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def wire(self) -> None:
        """Connect to the context and show the texts; call at the end of ``__init__``."""
        if self.follows_period:
            self.ctx.period_changed.connect(lambda _p: self.reload())
        self.ctx.changed.connect(self._changed)
        self.ctx.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()

    def _changed(self, changes: Changed) -> None:
        if changes & self.shows:
            self.reload()

    def reload(self) -> None:
        """Read what the page shows again (from the core's read models)."""

    def retranslate(self) -> None:
        """Set every text again in the current language."""
