"""One way to run a core operation from the GUI, and the helpers every page shares.

After Anki's ``CollectionOp``: an :class:`Operation` owns the session (one session,
one transaction), runs the core function off the UI thread, shows a failure in
one way (:func:`show_failure`: the core's own message for a user error, what to
do next for anything else), and tells the window what changed
(``AppContext.notify``), so each page refreshes only what it shows::

    Operation(self, ctx, lambda s: approve(s, period, ...), changes=Changed.STATUS,
              title=_("Not approved")).success(self.approved).run_in_background()

Also here: the one passphrase behaviour (``CHISO_PASSPHRASE`` when set, else asked),
the file names suggested for outputs, and switching to another page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from enum import Flag, auto
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from chiso_desktop.errors import UserError
from chiso_desktop.gui.qt import QInputDialog, QLineEdit, QMessageBox, QWidget
from chiso_desktop.gui.workers import run_in_background
from chiso_desktop.i18n import _
from chiso_desktop.platform_rules import safe_file_name
from chiso_desktop.store.installation import slug

if TYPE_CHECKING:
    from chiso_desktop.gui.context import AppContext
    from chiso_desktop.store.db import Session

T = TypeVar("T")


class Changed(Flag):
    """What an operation changed; a page refreshes when it shows any of it."""

    NOTHING = 0
    VALUES = auto()
    """Data values (typed, imported, resolved)."""
    STATUS = auto()
    """A period's report status, approval or lock."""
    CONFLICTS = auto()
    IMPORTS = auto()
    """Files received (completeness, timeliness, receipts)."""
    EXPORTS = auto()
    """Files written: bundles, requests, outputs."""
    QUESTIONS = auto()
    """Correction requests to departments."""
    KEYS = auto()
    """Keys enrolled, replaced or revoked (the trust list)."""
    EVERYTHING = VALUES | STATUS | CONFLICTS | IMPORTS | EXPORTS | QUESTIONS | KEYS


class Operation(Generic[T]):
    """A core function of a session, run off the UI thread in its own transaction."""

    def __init__(self, parent: QWidget, ctx: AppContext, op: Callable[[Session], T], *,
                 changes: Changed, title: str, label: str = "") -> None:
        self.parent, self.ctx, self.op = parent, ctx, op
        self.changes, self.title, self.label = changes, title, label
        self._success: Callable[[T], None] = lambda _result: None
        self._failure: Callable[[BaseException], None] = lambda exc: show_failure(
            parent, title, exc)

    def success(self, fn: Callable[[T], None]) -> Operation[T]:
        """Called on the UI thread with the result, after the window was told what changed."""
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> Operation[T]:
        """Replace the usual failure dialog (a page that shows the error in place)."""
        self._failure = fn
        return self

    def run_in_background(self) -> None:
        db, op = self.ctx.db, self.op

        def work() -> T:
            with db.session() as s, s.begin():
                return op(s)

        def done(result: T) -> None:
            self.ctx.notify(self.changes)
            self._success(result)

        run_in_background(work, done, self._failure, parent=self.parent, label=self.label)


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


def show_failure(parent: QWidget, title: str, exc: BaseException) -> None:
    """The one way a failed operation is shown: a warning with :func:`error_text`."""
    QMessageBox.warning(parent, title, error_text(exc))


def ask_passphrase(parent: QWidget) -> str | None:
    """CHISO_PASSPHRASE when set (unattended use), else asked; None when the user cancels."""
    env = os.environ.get("CHISO_PASSPHRASE")
    if env:
        return env
    text, ok = QInputDialog.getText(parent, _("Passphrase"),
                                    _("Passphrase of this installation's key:"),
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


def output_name(unit: str, period: str, what: str, suffix: str) -> str:
    """``phuong-nhi-chieu-KT-202606.chiso``: unit, what (a department, "office"…), period;
    a file name valid on Windows, whatever the unit or department is called."""
    return safe_file_name(slug(unit), what, period, suffix=suffix)


def ask_output_path(parent: QWidget, ctx: AppContext, title: str, what: str, suffix: str,
                    file_filter: str) -> Path | None:
    """Where to save an output of the current period (a PDF, the IOC export, a bundle):
    a save dialog starting at the usual name in the home folder; ``suffix`` is added when
    the clerk typed a name without one. None when cancelled."""
    from chiso_desktop.gui.qt import QFileDialog

    period = ctx.period
    assert period is not None
    unit = ctx.identity.unit_name if ctx.identity else "chiso"
    start = home_folder() / output_name(unit, period.id, what, suffix)
    name, _f = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(suffix)


def show_page(widget: QWidget, key: str) -> None:
    """Bring another page of the main window to the front (no-op outside the window)."""
    window = widget.window()
    page = getattr(window, "page", lambda _k: None)(key)
    tabs = getattr(window, "tabs", None)
    if page is not None and tabs is not None:
        tabs.setCurrentWidget(page)


def home_folder() -> Path:
    return Path.home()

