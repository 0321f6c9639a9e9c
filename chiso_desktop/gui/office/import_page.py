"""The Office's import view: drop files or a folder, watch the batch, read the summary.

Drops are accepted on the page and on the whole window (an event filter on
the main window, so the window's own code stays untouched); a ``.chiso``
given on the command line, e.g. by a double-click, arrives through
``open_file``. The batch runs on a worker thread (:mod:`.import_worker`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from chiso_desktop import settings
from chiso_desktop.bundle import Reason
from chiso_desktop.exchange.importer import REFUSED, FileResult
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.office.import_worker import ImportJob, collect_files, needs_passphrase
from chiso_desktop.gui.office.summary import DETAIL_ROLE, RESULT_COLUMN, fill_table, totals
from chiso_desktop.gui.operations import Changed, ask_passphrase, show_page
from chiso_desktop.gui.qt import (
    QAbstractItemView,
    QDragEnterEvent,
    QDropEvent,
    QEvent,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QObject,
    QProgressBar,
    QPushButton,
    Qt,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.i18n import _, ngettext


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.is_dir() or p.suffix.lower() == ".chiso"]


class ImportPage(QWidget):
    page_key = "office_import"
    """The page's key in the window: a drop anywhere on the window brings it to the front."""

    status_message = Signal(str)
    import_finished = Signal(object)
    """The list of ``FileResult`` of the batch that just ended."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: ImportJob | None = None
        self.results: list[FileResult] = []
        self.setAcceptDrops(True)

        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.drop_zone = QLabel(self)
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setWordWrap(True)
        self.drop_zone.setMinimumHeight(56)
        self.drop_zone.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_zone.setStyleSheet("QLabel#dropZone { border: 2px dashed #8a8a8a; "
                                     "border-radius: 6px; padding: 10px; color: #444; }")
        self.files_button = QPushButton(self)
        self.files_button.setObjectName("importFilesButton")
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton(self)
        self.folder_button.clicked.connect(self.choose_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.files_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget(self)
        self.progress_box.setLayout(progress_row)
        progress_row.setContentsMargins(0, 0, 0, 0)
        self.progress_box.setVisible(False)

        self.summary_title = QLabel(self)
        self.table = QTableWidget(self)
        self.table.setObjectName("importSummary")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("importDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setStyleSheet("color: #555555;")
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.next_label = QLabel(self)
        self.next_label.setWordWrap(True)
        self.conflicts_button = QPushButton(self)
        self.conflicts_button.clicked.connect(lambda: show_page(self, "office_conflicts"))
        self.conflicts_button.setVisible(False)
        # A file whose number jumps far ahead is refused until a person has checked with
        # the sender; this button imports exactly those files, once confirmed.
        self.jump_button = QPushButton(self)
        self.jump_button.setObjectName("acceptJumpButton")
        self.jump_button.clicked.connect(self.confirm_jumps)
        self.jump_button.setVisible(False)
        self.next_row = next_row = QHBoxLayout()
        next_row.addWidget(self.next_label, 1)
        next_row.addWidget(self.jump_button)
        next_row.addWidget(self.conflicts_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.drop_zone)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.summary_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(next_row)

        window = self.window()
        if window is not self:
            window.setAcceptDrops(True)
            window.installEventFilter(self)
        ctx.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()

    # --- language ------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Import bundles from the departments"))
        self.drop_zone.setText(_("Drop .chiso files or a whole folder (a USB stick) here or "
                                 "anywhere on the window. Each file is checked (signature, "
                                 "sender, catalog) and merged on its own; a refused file "
                                 "changes nothing."))
        self.files_button.setText(_("&Import files…"))
        self.folder_button.setText(_("Import a &folder…"))
        self.cancel_button.setText(_("Cancel"))
        self.cancel_button.setToolTip(_("Stop after the file being imported now; the files "
                                        "already imported stay imported."))
        self.summary_title.setText(_("Summary of the last import"))
        self.conflicts_button.setText(_("Review &conflicts…"))
        self.jump_button.setText(_("Import confirmed files…"))
        self._fill()
        self._show_next()

    def _department_names(self) -> dict[str, str]:
        scope = self.ctx.scope
        return {d.code: d.name for c in (scope.catalogs if scope else []) for d in c.departments}

    def _fill(self) -> None:
        fill_table(self.table, self.results, self._department_names(), self.ctx.lang)
        self._size_columns()
        self._show_detail()

    def _show_detail(self) -> None:
        """The selected file's technical reason, under the summary (the detail line)."""
        rows = {i.row() for i in self.table.selectedItems()}
        detail = ""
        if len(rows) == 1:
            item = self.table.item(rows.pop(), RESULT_COLUMN)
            detail = str(item.data(DETAIL_ROLE) or "") if item is not None else ""
        self.detail_label.setText(_("Detail: {detail}").format(detail=detail) if detail else "")
        self.detail_label.setVisible(bool(detail))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if self.table.columnCount() > RESULT_COLUMN:
            header.setSectionResizeMode(RESULT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()

    # --- choosing files ------------------------------------------------------------

    def _start_folder(self) -> str:
        with self.ctx.session() as s:
            return settings.get(s, settings.EXPORT_FOLDER) or str(Path.home())

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Import bundles"), self._start_folder(), _("Chỉ số bundles (*.chiso)"))
        if names:
            self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Import every bundle in a folder"),
                                                  self._start_folder())
        if folder:
            self.import_paths([Path(folder)])

    def open_file(self, path: Path) -> None:
        """A file from the command line or the OS (double-click on a .chiso)."""
        self.import_paths([path])

    # --- drag and drop -------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event) and not self.busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Drops anywhere on the window come here and show this page."""
        if event.type() == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            if dropped_paths(event) and not self.busy:
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = dropped_paths(event)
            if paths:
                event.acceptProposedAction()
                show_page(self, self.page_key)
                self.import_paths(paths)
                return True
        return super().eventFilter(watched, event)

    # --- the batch -----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def jumped_files(self) -> list[FileResult]:
        """Files of the last batch refused only because their number jumps far ahead."""
        return [r for r in self.results
                if r.status == REFUSED and r.reason == Reason.SEQUENCE_JUMP]

    def confirm_jumps(self) -> bool:
        """Ask, then import the jumped files accepting the jump; False when not confirmed."""
        jumped = self.jumped_files()
        if not jumped or self.busy:
            return False
        names = "\n".join(f"• {Path(r.file).name} ({r.sender or '?'})" for r in jumped)
        answer = QMessageBox.question(
            self, _("Import confirmed files"),
            _("Import these files although their numbers jump far ahead of the last file "
              "from the same sender?\n\n{files}\n\nOnly do this after calling the sender "
              "and hearing that they did send them; the import is recorded with your "
              "name.").format(files=names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.import_paths([Path(r.file) for r in jumped], accept_jump=True)

    def import_paths(self, paths: Sequence[Path], *, accept_jump: bool = False) -> bool:
        """Start importing ``paths`` (files or folders); False when nothing was started.

        ``accept_jump`` only after a person confirmed with the sender (``confirm_jumps``).
        """
        if self.busy:
            self.status_message.emit(_("An import is running; wait for it or cancel it first."))
            return False
        files = collect_files(list(paths))
        if not files:
            self.next_label.setText(_("No .chiso file was found there. Choose the bundle "
                                      "files the departments sent, or the folder holding "
                                      "them."))
            return False
        secret: str | None = None
        if needs_passphrase(files):
            secret = ask_passphrase(self)
            if secret is None:
                self.next_label.setText(_("Some files are encrypted for this Office; the "
                                          "import needs the key's passphrase. Start again and "
                                          "enter it."))
                return False
        self.results = []
        self._fill()
        job = ImportJob(self.ctx.db, files, self.ctx.actor, secret, handlers=self.ctx.handlers,
                        accept_jump=accept_jump)
        job.progress.connect(self._progress)
        job.file_done.connect(self._file_done)
        job.finished.connect(self._finished)
        self.job = job
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.progress_box.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.files_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.next_label.setText("")
        self.conflicts_button.setVisible(False)
        self.jump_button.setVisible(False)
        job.start()
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Stopping after the current file…"))

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total}")
        self.progress_label.setText(_("Importing {name}…").format(name=name) if name else "")

    def _file_done(self, result: FileResult) -> None:
        self.results.append(result)
        self._fill()

    def _finished(self, cancelled: bool) -> None:
        self.progress_box.setVisible(False)
        self.files_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self._show_next(cancelled)
        self.ctx.notify(Changed.IMPORTS | Changed.VALUES | Changed.CONFLICTS)
        t = totals(self.results)
        self.status_message.emit(_("Import done: {imported} imported, {refused} refused, "
                                   "{conflicts}.").format(
            imported=t.imported, refused=t.refused, conflicts=ngettext(
                "{n} conflict", "{n} conflicts", t.counts["conflicts"]).format(
                    n=t.counts["conflicts"])))
        self.import_finished.emit(list(self.results))
        if self.job is not None:
            self.job.deleteLater()
        self.job = None

    def _show_next(self, cancelled: bool = False) -> None:
        if not self.results:
            self.next_label.setText(_("Nothing imported yet."))
            return
        t = totals(self.results)
        parts = []
        if cancelled:
            parts.append(_("Import cancelled: the files listed were handled, the others were "
                           "not touched. Start again to import the rest."))
        if t.refused:
            parts.append(_("Refused files changed nothing: read the reason, ask the department "
                           "for a new export if needed."))
        if t.counts["conflicts"]:
            parts.append(ngettext("{n} value is held as a conflict: review it before the period "
                                    "is approved.",
                                    "{n} values are held as conflicts: review them before the "
                                    "period is approved.", t.counts["conflicts"]).format(
                                        n=t.counts["conflicts"]))
        elif not cancelled and not t.refused:
            parts.append(_("All files imported. Check the merged view and the dashboard."))
        self.next_label.setText(" ".join(parts))
        self.conflicts_button.setVisible(bool(t.counts["conflicts"]))
        self.jump_button.setVisible(bool(self.jumped_files()))
