"""The main window: who and which period on top, pages in the middle, deadline below.

Pages come from the registry (:mod:`chiso_desktop.gui.pages`) for the
installation's role, as tabs; the toolbar always shows the org unit, the
department and the period picker; the status bar shows the deadline of the
selected period, coloured by urgency.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from chiso_desktop.entry.deadline_status import DeadlineStatus, deadline_status
from chiso_desktop.entry.ops import department_status
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.fit import ElidedLabel, scroll_page
from chiso_desktop.gui.operations import Changed
from chiso_desktop.gui.pages import PageSpec, load_builtin_pages, pages_for
from chiso_desktop.gui.period_picker import PeriodPicker
from chiso_desktop.gui.qt import (
    QAction,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QResizeEvent,
    Qt,
    QTabWidget,
    QToolBar,
    QWidget,
)
from chiso_desktop.i18n import _
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values.state import ReportStatus


def role_label(role: str) -> str:
    return {"department": _("Department"), "office": _("Office (consolidation)"),
            "city": _("City")}.get(role, role)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today or date.today()
        self.setObjectName("MainWindow")
        self.resize(1280, 760)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabBarAutoHide(True)
        self.setCentralWidget(self.tabs)
        self.pages: dict[str, QWidget] = {}
        self.specs: list[PageSpec] = []

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("contextBar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.unit_label = ElidedLabel("", self)  # a long ward and department name: "…"
        self.unit_label.setObjectName("unitLabel")
        bold = self.unit_label.font()
        bold.setBold(True)
        self.unit_label.setFont(bold)
        self.period_title = QLabel(self)
        self.period_picker = PeriodPicker(ctx, self, today=self.today)
        self.period_title.setBuddy(self.period_picker)
        self.toolbar.addWidget(self.unit_label)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.period_title)
        self.toolbar.addWidget(self.period_picker)
        self.toolbar.addSeparator()

        self.deadline_label = QLabel(self)
        self.deadline_label.setObjectName("deadlineLabel")
        # On a network share the data is written with the rollback journal: say so, once,
        # where the clerk looks for the state of things.
        self.share_label = QLabel(self)
        self.share_label.setObjectName("networkShareLabel")
        self.share_label.setVisible(ctx.db.network_share is not None)
        self.statusBar().addWidget(self.share_label)
        self.statusBar().addPermanentWidget(self.deadline_label)

        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.help_action = QAction(self)
        self.help_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_action.triggered.connect(self.show_help)
        self.addAction(self.help_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.about)
        self.toolbar.addAction(self.settings_action)
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.about_action)

        ctx.period_changed.connect(lambda _p: self.update_deadline())
        ctx.changed.connect(self._changed)
        ctx.language_changed.connect(lambda _l: self.retranslate())
        self.build_pages()
        self.retranslate()
        self.period_picker.refresh()
        self.update_deadline()

    def build_pages(self) -> None:
        """One tab per page; a page that is not ``eager`` is built when first shown.

        The Office has five pages with their own queries and libraries (charts,
        reports); building them on first use keeps start-up short.
        """
        load_builtin_pages()
        self.specs = pages_for(self.ctx.role)
        for n, spec in enumerate(self.specs):
            if n == 0 or spec.eager:
                widget = self._build(spec)
            else:
                widget = QWidget(self.tabs)
                widget.setObjectName(f"pending_{spec.key}")
            self.tabs.addTab(widget, spec.title())
            if spec.shortcut:
                action = QAction(self)
                action.setShortcut(QKeySequence(spec.shortcut))
                action.triggered.connect(lambda _c=False, k=spec.key: self.show_page(k))
                self.addAction(action)
        self.tabs.currentChanged.connect(self._tab_shown)

    def _build(self, spec: PageSpec) -> QWidget:
        page = spec.factory(self.ctx, self.tabs)
        page.setObjectName(f"page_{spec.key}")
        scroll_page(page)  # a 1024×600 screen scrolls a tall page instead of cutting it
        self.pages[spec.key] = page
        message = getattr(page, "status_message", None)
        if message is not None:
            message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        return page

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(self.specs):
            self.page(self.specs[index].key)

    def page(self, key: str) -> QWidget | None:
        """The page for ``key``, built now if it was waiting for its first showing."""
        if key in self.pages:
            return self.pages[key]
        index = next((n for n, s in enumerate(self.specs) if s.key == key), None)
        if index is None:
            return None
        current = self.tabs.currentIndex()
        placeholder = self.tabs.widget(index)
        page = self._build(self.specs[index])
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, self.specs[index].title())
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()
        return page

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The unit's name gives way to the period picker on a narrow screen."""
        super().resizeEvent(event)
        self.unit_label.setMaximumWidth(max(160, self.width() - 620))

    def show_page(self, key: str) -> None:
        page = self.page(key)
        if page is not None:
            self.tabs.setCurrentWidget(page)

    def retranslate(self) -> None:
        ident = self.ctx.identity
        self.setWindowTitle(_("Chỉ số Desktop") + (f" — {ident.unit_name}" if ident else ""))
        if ident is not None:
            who = ident.unit_name
            if ident.department_name:
                who += f" · {ident.department_name}"
            self.unit_label.set_full_text(f"{who} ({role_label(ident.role)})")
        self.period_title.setText(_("&Period:") + " ")
        share = self.ctx.db.network_share
        if share is not None:
            self.share_label.setText(_("Network folder: {share}").format(share=share))
            self.share_label.setToolTip(_(
                "The data file is in a network folder ({share}). It is saved the safe way for "
                "shared folders, which is a little slower, and only one computer can have it "
                "open at a time. If the network drops, close the application and open it "
                "again.").format(share=share))
        self.settings_action.setText(_("&Settings…"))
        self.quit_action.setText(_("&Quit"))
        self.help_action.setText(_("User &guide"))
        self.about_action.setText(_("&About Chỉ số Desktop"))
        self.file_menu.setTitle(_("&File"))
        self.help_menu.setTitle(_("&Help"))
        for n, spec in enumerate(self.specs):
            self.tabs.setTabText(n, spec.title())
        self.period_picker.refresh()
        self.update_deadline()

    def _changed(self, changes: Changed) -> None:
        # The status bar shows the report's status and, at the Office, what has arrived.
        if changes & (Changed.STATUS | Changed.IMPORTS):
            self.update_deadline()

    def update_deadline(self) -> None:
        period = self.ctx.period
        if period is None:
            self.deadline_label.setText("")
            return
        if self.ctx.role == "office":
            from chiso_desktop.office.today import office_deadline_status, period_state

            with self.ctx.session() as s:
                info = office_deadline_status(period_state(s, period, self.today), self.today)
            self._show_deadline(info)
            return
        if self.ctx.role == "city":  # the wards' deadline and who has not sent
            from chiso_desktop.office.city import city_deadline_status, city_view

            with self.ctx.session() as s:
                now = datetime.combine(self.today, datetime.now().time())  # hours: the minute
                self._show_deadline(city_deadline_status(city_view(s, period, now), now))
            return
        status = ReportStatus.DRAFT
        if self.ctx.department:
            with self.ctx.session() as s:
                status = department_status(s, require_installation(s), self.ctx.department,
                                           period.id)
        self._show_deadline(deadline_status(period, self.ctx.rules, self.today,
                                            role=self.ctx.role, status=status))

    def _show_deadline(self, info: DeadlineStatus) -> None:
        self.deadline_label.setText(info.text)
        self.deadline_label.setStyleSheet(f"color: {info.colour}; font-weight: bold; "
                                          "padding: 0 8px;")
        self.deadline_label.setProperty("level", info.level)

    def open_settings(self) -> None:
        from chiso_desktop.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()

    def open_file(self, path: Path) -> None:
        """A file given on the command line or by the OS: the page that takes its suffix."""
        for spec in self.specs:
            if path.suffix.lower() in spec.file_suffixes:
                page = self.page(spec.key)
                if page is None:
                    continue
                self.tabs.setCurrentWidget(page)
                opener = getattr(page, "open_file", None)
                if opener is not None:
                    opener(path)
                    return
        QMessageBox.information(self, _("Cannot open this file here"),
                                _("{name} is opened by the Office's import view; this "
                                  "installation has none.").format(name=path.name))

    def show_help(self) -> None:
        """F1: the short guide with the keyboard shortcuts, kept in docs/."""
        from chiso_desktop.gui.help_dialog import HelpDialog

        dialog = getattr(self, "help_dialog", None)
        if dialog is None or dialog.lang != self.ctx.lang:
            self.help_dialog = HelpDialog(self.ctx.lang, self)
        self.help_dialog.show()
        self.help_dialog.raise_()

    def about(self) -> None:
        from chiso_desktop import __version__

        QMessageBox.about(self, _("About Chỉ số Desktop"),
                          _("Chỉ số Desktop {version}\nOffline indicator reporting for wards "
                            "and communes.").format(version=__version__))
