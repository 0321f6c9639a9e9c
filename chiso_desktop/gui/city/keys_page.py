"""The city's "Wards and keys" page: enroll each ward Office's key, hand out the city's own.

A ward sends its Office's key card (USB stick or email); the city officer
compares its fingerprint with the ward, read aloud or on paper, in the same
side-by-side dialog the Office uses for its departments, and the core enrolls
it (``office.consolidated.enroll_ward``: the ward is its official code and its
key; a second ward with the same code or name and another key is refused). A
key change notice signed by the ward's old key replaces that key. The city's
own key card goes to every ward, which needs it to address its bundles here.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.bundle import KeyFileError
from chiso_desktop.exchange.trust_view import CardPreview, key_state
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.fingerprint import grouped
from chiso_desktop.gui.keys.enroll_dialog import EnrollDialog
from chiso_desktop.gui.keys.own_key import OwnKeyBox, key_filter
from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.operations import Changed, Operation, error_text
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
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.city_import import CityKeys, WardCard, city_keys, read_ward_card
from chiso_desktop.office.consolidated import enroll_ward
from chiso_desktop.store.models import OrgUnit


class WardEnrollDialog(EnrollDialog):
    """The Office's side-by-side comparison, in the words of a city enrolling a ward."""

    def __init__(self, card: WardCard, parent: QWidget | None = None) -> None:
        who = _("{ward} (code {code})").format(ward=card.org_unit, code=card.code or "—")
        preview = CardPreview(card.data, card.org_unit, card.department, card.role, "",
                              card.short_fingerprint)
        super().__init__(preview, card.department, who, parent=parent)
        self.intro.setText(_("Ask the Office of {ward} to read out the fingerprint of its key "
                             "(on its page \"Departments and keys\", The Office's key). Type it "
                             "on the right as you hear it; enroll only when both are the "
                             "same.").format(ward=who))
        self.heard_box.setTitle(_("Read out by the ward's Office"))
        self.card_who.setText(who)


class CityKeysPage(OfficePage):
    shows = Changed.KEYS | Changed.IMPORTS
    follows_period = False

    status_message = Signal(str)
    enrolled = Signal(str)
    """The ward's name, once its key is enrolled."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.keys: CityKeys | None = None
        self.enroll_dialog: WardEnrollDialog | None = None

        self.own_box = OwnKeyBox(
            self, ctx, card_name="city-key", save_title=lambda: _("Save the city's key card"),
            saved=lambda p: _("The city's key card is saved: {path}. Send it to every ward's "
                              "Office.").format(path=p),
            report=self.status_message.emit)
        self.own_fp, self.own_hint = self.own_box.fp, self.own_box.hint
        self.export_card_button = self.own_box.export_button

        self.wards_box = QGroupBox(self)
        self.hint = QLabel(self.wards_box)
        self.hint.setObjectName("wardsHint")
        self.hint.setWordWrap(True)
        self.table = read_only_table(self.wards_box, "wardKeys", wrap=False)
        self.enroll_button = QPushButton(self.wards_box)
        self.enroll_button.setObjectName("enrollWardButton")
        self.enroll_button.clicked.connect(self.choose_card)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_button)
        buttons.addStretch(1)
        wards = QVBoxLayout(self.wards_box)
        wards.addWidget(self.hint)
        wards.addWidget(self.table, 1)
        wards.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.own_box)
        layout.addWidget(self.wards_box, 1)
        self.wire()

    def retranslate(self) -> None:
        self.own_box.setTitle(_("The city's key"))
        self.own_hint.setText(_("Every ward's Office enrolls this key card to address its "
                                "consolidated bundles to this city, after comparing this "
                                "fingerprint with you."))
        self.export_card_button.setText(_("E&xport the city's key card…"))
        self.wards_box.setTitle(_("Wards and communes"))
        self.enroll_button.setText(_("&Enroll a ward's key card…"))
        self.reload()

    def reload(self) -> None:
        with self.ctx.session() as s:
            self.keys = keys = city_keys(s)
        self.own_fp.setText(grouped(keys.own_short))
        heads = [_("Code"), _("Ward or commune"), _("Key"), _("Enrolled on"), _("State")]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(keys.wards))
        for n, w in enumerate(keys.wards):
            state = key_state(w.revoked_at, w.replaced_by)
            for c, text in enumerate((w.code, w.name, grouped(w.short_fingerprint),
                                      w.enrolled_at.strftime("%d/%m/%Y %H:%M"), state)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(n, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if keys.wards:
            self.hint.setText(ngettext(
                "{n} ward or commune has an enrolled key; its consolidated bundles can be "
                "imported. When a new ward sends its Office's key card, press \"Enroll a "
                "ward's key card…\".",
                "{n} wards and communes have an enrolled key; their consolidated bundles can be "
                "imported. When a new ward sends its Office's key card, press \"Enroll a "
                "ward's key card…\".", keys.active_wards).format(n=keys.active_wards))
        else:
            self.hint.setText(_("No ward is enrolled yet. Next: send the city's key card to "
                                "every ward; each ward's Office sends back its own key card. "
                                "Press \"Enroll a ward's key card…\" for each one and compare "
                                "the fingerprint with the ward."))

    # --- enrolment ---------------------------------------------------------------------

    def choose_card(self) -> None:
        name, _f = QFileDialog.getOpenFileName(self, _("Key card of a ward's Office"),
                                               str(Path.home()), key_filter())
        if name:
            self.start_enroll(Path(name))

    def start_enroll(self, path: Path) -> WardEnrollDialog | None:
        """Read the card and open the comparison; enrolled when the dialog is accepted.

        A key change notice needs no comparison (the ward's enrolled key signed it):
        it is applied after a confirmation.
        """
        try:
            card = read_ward_card(path.read_bytes())
        except KeyFileError as exc:
            QMessageBox.warning(self, _("Not a key card"), _(
                "{file} is not a key card Chỉ số Desktop can read: {reason} Ask the ward for "
                "the file again.").format(file=path.name, reason=exc.message))
            return None
        except OSError as exc:
            QMessageBox.warning(self, _("Not a key card"), error_text(exc))
            return None
        if card.rotation:
            answer = QMessageBox.question(self, _("Replace a ward's key?"), _(
                "{file} is a key change notice signed by a ward's enrolled key. Apply it? "
                "From then on, only the new key is accepted for that ward.").format(
                    file=path.name))
            if answer == QMessageBox.StandardButton.Yes:
                self.enroll(card)
            return None
        dialog = WardEnrollDialog(card, parent=self)
        dialog.accepted.connect(lambda: self.enroll(card))
        dialog.finished.connect(dialog.deleteLater)
        self.enroll_dialog = dialog
        dialog.open()
        return dialog

    def enroll(self, card: WardCard) -> None:
        """Enroll on a worker thread; a refusal (code taken, not an Office's card) is shown."""
        actor = self.ctx.actor

        def done(unit: OrgUnit) -> None:
            self.enroll_dialog = None
            self.status_message.emit(_("{ward} (code {code}) is enrolled: its consolidated "
                                       "bundles can be imported now.").format(
                ward=unit.name, code=unit.admin_code or "—"))
            self.enrolled.emit(unit.name)

        Operation(self, self.ctx, lambda s: enroll_ward(s, card.data, actor),
                  changes=Changed.KEYS, title=_("Not enrolled")).success(done) \
            .run_in_background()
