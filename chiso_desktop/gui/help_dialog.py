"""F1: the short user guide (``docs/guide.<lang>.md``) inside the application.

The guide is Markdown kept in ``docs/`` beside the other documents and
shipped with the application; ``QTextBrowser`` renders it, tables of
keyboard shortcuts included.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.gui.qt import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.paths import docs_dir


def guide_path(lang: str) -> Path:
    """The guide in ``lang``, or the Vietnamese one."""
    wanted = docs_dir() / f"guide.{lang}.md"
    return wanted if wanted.is_file() else docs_dir() / "guide.vi.md"


class HelpDialog(QDialog):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.lang = lang
        self.setWindowTitle(_("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        path = guide_path(lang)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = _("The guide {file} is missing from this installation.").format(file=path)
        self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
