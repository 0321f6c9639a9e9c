"""Small helpers the Office views share: passphrase, error text, file names, tab switching."""

from __future__ import annotations

import os
from pathlib import Path

from chiso_desktop.errors import UserError
from chiso_desktop.gui.qt import QInputDialog, QLineEdit, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.platform_rules import safe_file_name
from chiso_desktop.store.installation import slug


def ask_passphrase(parent: QWidget) -> str | None:
    """CHISO_PASSPHRASE when set (unattended use), else asked; None when the user cancels."""
    env = os.environ.get("CHISO_PASSPHRASE")
    if env:
        return env
    text, ok = QInputDialog.getText(parent, _("Passphrase"),
                                    _("Passphrase of this installation's key:"),
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


def error_text(exc: BaseException) -> str:
    """The core's own message for a user error; anything else with what to do next."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError):
        return _("The file could not be written: {error}. Choose another folder (is the USB "
                 "stick full or read-only?) and try again.").format(
                     error=exc.strerror or str(exc))
    return _("Something went wrong: {error}. Try again; if it happens again, keep the file "
             "and contact support.").format(error=exc)


def output_name(unit: str, period: str, what: str, suffix: str) -> str:
    """A file name valid on Windows, whatever the unit or department is called."""
    return safe_file_name(slug(unit), what, period, suffix=suffix)


def show_page(widget: QWidget, key: str) -> None:
    """Bring another page of the main window to the front (no-op outside the window)."""
    window = widget.window()
    page = getattr(window, "page", lambda _k: None)(key)
    tabs = getattr(window, "tabs", None)
    if page is not None and tabs is not None:
        tabs.setCurrentWidget(page)


def home_folder() -> Path:
    return Path.home()
