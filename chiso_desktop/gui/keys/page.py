"""The Office's "Departments and keys" page: setup packages, key enrolment, the trust list.

Everything the Office does once per department, without the command line:
write the department's setup package, enroll the key card it sends back
after comparing fingerprints side by side (:mod:`.enroll_dialog`), revoke or
replace a key, enroll the city's key, and export the Office's own key card
for the city. The core does the work (``exchange.setup_package``,
``exchange.identity``); the page reads ``exchange.trust_view``.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.bundle import KeyFileError
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.setup_package import SetupWritten, write_setup_package
from chiso_desktop.exchange.trust_view import (
    CITY,
    KeysOverview,
    card_preview,
    key_state,
    keys_overview,
)
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.fingerprint import grouped
from chiso_desktop.gui.keys.enroll_dialog import EnrollDialog
from chiso_desktop.gui.keys.own_key import OwnKeyBox, key_filter
from chiso_desktop.gui.operations import (
    Changed,
    Operation,
    ask_passphrase,
    error_text,
    output_name,
)
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.gui.qt import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.gui.tables import read_only_table
from chiso_desktop.i18n import _


class KeysPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: KeysOverview | None = None
        self.enroll_dialog: EnrollDialog | None = None

        self.own_box = OwnKeyBox(
            self, ctx, card_name="office-key", save_title=lambda: _("Save the Office's key card"),
            saved=lambda p: _("The Office's key card is saved: {path}. Send it to the "
                              "city.").format(path=p),
            report=self.status_message.emit)
        self.own_fp, self.own_hint = self.own_box.fp, self.own_box.hint
        self.export_card_button = self.own_box.export_button

        self.dept_box = QGroupBox(self)
        self.dept_hint = QLabel(self.dept_box)
        self.dept_hint.setObjectName("departmentsHint")
        self.dept_hint.setWordWrap(True)
        self.departments = read_only_table(self.dept_box, "departmentKeys", wrap=False,
                                           single_selection=True)
        self.setup_button = QPushButton(self.dept_box)
        self.setup_button.setObjectName("writeSetupButton")
        self.setup_button.clicked.connect(self.choose_setup_target)
        self.enroll_button = QPushButton(self.dept_box)
        self.enroll_button.setObjectName("enrollButton")
        self.enroll_button.clicked.connect(lambda: self.choose_key_card(replace=False))
        self.replace_button = QPushButton(self.dept_box)
        self.replace_button.clicked.connect(lambda: self.choose_key_card(replace=True))
        self.revoke_button = QPushButton(self.dept_box)
        self.revoke_button.clicked.connect(self.ask_revoke)
        buttons = QHBoxLayout()
        for b in (self.setup_button, self.enroll_button, self.replace_button,
                  self.revoke_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        dept = QVBoxLayout(self.dept_box)
        dept.addWidget(self.dept_hint)
        dept.addWidget(self.departments, 1)
        dept.addLayout(buttons)
        self.departments.itemSelectionChanged.connect(self._update_buttons)

        self.city_box = QGroupBox(self)
        self.city_label = QLabel(self.city_box)
        self.city_label.setObjectName("cityKey")
        self.city_label.setWordWrap(True)
        self.city_button = QPushButton(self.city_box)
        self.city_button.clicked.connect(self.choose_city_card)
        city = QHBoxLayout(self.city_box)
        city.addWidget(self.city_label, 1)
        city.addWidget(self.city_button)

        self.trust_box = QGroupBox(self)
        self.trust = read_only_table(self.trust_box, "trustList", wrap=False,
                                     single_selection=True)
        QVBoxLayout(self.trust_box).addWidget(self.trust)

        layout = QVBoxLayout(self)
        layout.addWidget(self.own_box)
        layout.addWidget(self.dept_box, 3)
        layout.addWidget(self.city_box)
        layout.addWidget(self.trust_box, 2)
        ctx.language_changed.connect(lambda _l: self.retranslate())
        ctx.changed.connect(self._changed)
        self.retranslate()

    # --- showing ----------------------------------------------------------------------

    def _changed(self, changes: Changed) -> None:
        if changes & Changed.KEYS:
            self.reload()

    def retranslate(self) -> None:
        self.own_box.setTitle(_("The Office's key"))
        self.own_hint.setText(_("Departments compare this fingerprint when they set up from "
                                "your setup package. The city enrolls your key card."))
        self.export_card_button.setText(_("E&xport the Office's key card…"))
        self.dept_box.setTitle(_("Departments"))
        self.setup_button.setText(_("Write &setup package…"))
        self.enroll_button.setText(_("&Enroll key card…"))
        self.replace_button.setText(_("Re&place key…"))
        self.revoke_button.setText(_("Re&voke key…"))
        self.city_box.setTitle(_("The city's key"))
        self.city_button.setText(_("Enroll the &city's key…"))
        self.trust_box.setTitle(_("Trusted keys (all, revoked ones too)"))
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as s:
            self.overview = ov = keys_overview(s)
        self.own_fp.setText(grouped(ov.own_short))
        heads = [_("Code"), _("Department"), _("Enrolled key"), _("Enrolled on")]
        keep = self.selected_department()
        self.departments.setColumnCount(len(heads))
        self.departments.setHorizontalHeaderLabels(heads)
        self.departments.setRowCount(len(ov.departments))
        for n, d in enumerate(ov.departments):
            cells = [d.code, d.name, grouped(d.key.short_fingerprint) if d.key else
                     _("none yet"), d.key.enrolled_at.strftime("%d/%m/%Y %H:%M") if d.key
                     else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.departments.setItem(n, c, item)
        header = self.departments.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if keep:
            self.select_department(keep)
        elif ov.departments:
            self.departments.selectRow(0)
        missing = [d.code for d in ov.departments if d.key is None]
        if not ov.departments:
            self.dept_hint.setText(_("The plan names no department. Choose a plan in Settings "
                                     "to send setup packages."))
        elif missing:
            self.dept_hint.setText(_("Next: write a setup package for each department and hand "
                                     "it over (USB stick or email). When the department sends "
                                     "its key card back, select it here and press \"Enroll key "
                                     "card…\". Without a key: {codes}.").format(
                codes=", ".join(missing)))
        else:
            self.dept_hint.setText(_("Every department has an enrolled key; their bundles can "
                                     "be imported."))
        if ov.city is None:
            self.city_label.setText(_("Not enrolled yet. The consolidated bundle for the city "
                                      "needs it: enroll the key card the city sends you."))
        else:
            self.city_label.setText(_("Enrolled: {fp} ({unit})").format(
                fp=grouped(ov.city.short_fingerprint), unit=ov.city.org_unit))
        self.city_button.setText(_("Replace the &city's key…") if ov.city else
                                 _("Enroll the &city's key…"))
        self._fill_trust(ov)
        self._update_buttons()

    def _fill_trust(self, ov: KeysOverview) -> None:
        heads = [_("Department"), _("Fingerprint"), _("Enrolled on"), _("State")]
        self.trust.setColumnCount(len(heads))
        self.trust.setHorizontalHeaderLabels(heads)
        self.trust.setRowCount(len(ov.history))
        for n, k in enumerate(ov.history):
            state = key_state(k.revoked_at, k.replaced_by)
            who = _("City") if k.department == CITY else k.department
            for c, text in enumerate([who, grouped(k.short_fingerprint),
                                      k.enrolled_at.strftime("%d/%m/%Y %H:%M"), state]):
                self.trust.setItem(n, c, QTableWidgetItem(text))
        self.trust.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.trust.horizontalHeader().setStretchLastSection(True)

    def selected_department(self) -> str:
        rows = {i.row() for i in self.departments.selectedIndexes()}
        if not rows or self.overview is None:
            return ""
        row = min(rows)
        return self.overview.departments[row].code if row < len(self.overview.departments) \
            else ""

    def select_department(self, code: str) -> None:
        if self.overview is None:
            return
        for n, d in enumerate(self.overview.departments):
            if d.code == code:
                self.departments.selectRow(n)
                return

    def _department(self, code: str) -> tuple[str, str, str]:
        """(code, name, short fingerprint of its active key or "")."""
        assert self.overview is not None
        if code == CITY:
            city = self.overview.city
            return CITY, _("the city"), city.short_fingerprint if city else ""
        d = next(d for d in self.overview.departments if d.code == code)
        return d.code, d.name, d.key.short_fingerprint if d.key else ""

    def _update_buttons(self) -> None:
        code = self.selected_department()
        has_key = bool(code) and bool(self._department(code)[2])
        self.setup_button.setEnabled(bool(code))
        self.enroll_button.setEnabled(bool(code) and not has_key)
        self.replace_button.setEnabled(has_key)
        self.revoke_button.setEnabled(has_key)

    # --- setup packages -------------------------------------------------------------------

    def choose_setup_target(self) -> None:
        code = self.selected_department()
        if not code:
            return
        unit = self.ctx.identity.unit_name if self.ctx.identity else "chiso"
        start = Path.home() / output_name(unit, code, "setup", ".chiso")
        name, _f = QFileDialog.getSaveFileName(
            self, _("Setup package for {code} — choose a folder or USB drive").format(code=code),
            str(start), _("Chỉ số bundles (*.chiso)"))
        if name:
            path = Path(name)
            self.write_setup(code, path if path.suffix else path.with_suffix(".chiso"))

    def write_setup(self, code: str, out: Path) -> None:
        secret = ask_passphrase(self)
        if secret is None:
            return

        def done(written: SetupWritten) -> None:
            self.status_message.emit(_("Setup package for {code} written: {path}. Hand it to "
                                       "the department; they open it with Chỉ số Desktop.")
                                     .format(code=code, path=written.path))

        Operation(self, self.ctx, lambda s: write_setup_package(s, code, out, secret),
                  changes=Changed.EXPORTS, title=_("Not done"),
                  label=_("Signing the setup package…")).success(done).run_in_background()

    # --- enrolment ---------------------------------------------------------------------

    def choose_key_card(self, *, replace: bool) -> None:
        code = self.selected_department()
        if code:
            self._pick_card(code, replace=replace)

    def choose_city_card(self) -> None:
        self._pick_card(CITY, replace=self.overview is not None and
                        self.overview.city is not None)

    def _pick_card(self, code: str, *, replace: bool) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self, _("Key card of {code}").format(code=code), str(Path.home()), key_filter())
        if name:
            self.start_enroll(code, Path(name), replace=replace)

    def start_enroll(self, code: str, path: Path, *, replace: bool = False
                     ) -> EnrollDialog | None:
        """Read the card and open the comparison; enrolled when the dialog is accepted."""
        try:
            card = card_preview(path.read_bytes())
        except KeyFileError as exc:
            QMessageBox.warning(self, _("Not a key card"), _(
                "{file} is not a key card Chỉ số Desktop can read: {reason} Ask for the file "
                "again.").format(file=path.name, reason=exc.message))
            return None
        except OSError as exc:
            QMessageBox.warning(self, _("Not a key card"), error_text(exc))
            return None
        code, name, current = self._department(code)
        dialog = EnrollDialog(card, code, name, replacing=current if replace else "",
                              parent=self)
        dialog.accepted.connect(lambda: self.enroll(code, card.data, replace=replace))
        dialog.finished.connect(dialog.deleteLater)
        self.enroll_dialog = dialog
        dialog.open()
        return dialog

    def enroll(self, code: str, data: bytes, *, replace: bool = False) -> None:
        """Trust the card (worker thread); the page reloads and says so when it is done."""
        actor = self.ctx.actor

        def done(enrolled: identity.Enrolled) -> None:
            self.enroll_dialog = None
            self.status_message.emit(_("Key {fp} enrolled for {code}.").format(
                fp=grouped(enrolled.short_fingerprint), code=code))

        Operation(self, self.ctx, lambda s: identity.trust_file(s, data, code, replace=replace,
                                                                actor=actor),
                  changes=Changed.KEYS, title=_("Not enrolled")).success(done) \
            .run_in_background()

    def ask_revoke(self) -> None:
        code = self.selected_department()
        if not code:
            return
        _c, name, current = self._department(code)
        answer = QMessageBox.question(self, _("Revoke the key of {name}?").format(name=name), _(
            "From now on, bundles signed with the key {fp} are refused. Do this when the "
            "department's computer was lost or its key leaked; the department then sets up "
            "again and sends a new key card.").format(fp=grouped(current)))
        if answer == QMessageBox.StandardButton.Yes:
            self.revoke(code)

    def revoke(self, code: str) -> None:
        """Revoke (worker thread); the page reloads and says so when it is done."""
        actor = self.ctx.actor
        Operation(self, self.ctx, lambda s: identity.revoke(s, code, actor),
                  changes=Changed.KEYS, title=_("Not revoked")).success(
            lambda _r: self.status_message.emit(
                _("The key of {code} is revoked.").format(code=code))).run_in_background()


register_page(PageSpec(
    key="keys",
    title=lambda: _("Departments and keys"),
    factory=KeysPage,
    roles=frozenset({"office"}),
    order=65,
    shortcut="Ctrl+7",
))
