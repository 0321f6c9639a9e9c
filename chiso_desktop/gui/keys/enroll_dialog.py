"""Enrolling a key card: the card's fingerprint beside what the department reads out.

Side by side and large, in groups of four: on the left what the file says, on
the right a field where the Office types what the department reads aloud from
its own screen (or a box to tick after comparing on paper). Enrolling is only
possible once the two agree, and never for a card of another department.
"""

from __future__ import annotations

from chiso_desktop.exchange.trust_view import CardPreview, fingerprints_match
from chiso_desktop.gui.fingerprint import big_fingerprint_label, grouped
from chiso_desktop.gui.qt import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFont,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from chiso_desktop.i18n import _

MATCH, DIFFERENT = "#1b7f3b", "#b3261e"


class EnrollDialog(QDialog):
    def __init__(self, card: CardPreview, department: str, department_name: str, *,
                 replacing: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EnrollDialog")
        self.card, self.department = card, department
        self.setWindowTitle(_("Enroll the key of {name}").format(name=department_name))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        intro = _("Ask {name} to read out the fingerprint shown on their screen (last page of "
                  "the setup, or Settings). Type it on the right as you hear it.").format(
            name=department_name)
        if replacing:
            intro += " " + _("It replaces the key {old}, which will no longer be "
                             "accepted.").format(old=grouped(replacing))
        self.intro.setText(intro)

        self.card_box = QGroupBox(_("In the key card file"), self)
        self.card_fp = big_fingerprint_label(self.card_box)
        self.card_fp.setObjectName("cardFingerprint")
        self.card_fp.setText(grouped(card.short_fingerprint))
        self.card_who = QLabel(_("{unit} · department {department}").format(
            unit=card.org_unit, department=card.department), self.card_box)
        left = QVBoxLayout(self.card_box)
        left.addWidget(self.card_fp)
        left.addWidget(self.card_who)

        self.heard_box = QGroupBox(_("Read out by the department"), self)
        self.heard = QLineEdit(self.heard_box)
        self.heard.setObjectName("heardFingerprint")
        font = QFont(self.card_fp.font())
        font.setPointSizeF(font.pointSizeF() * 0.8)
        self.heard.setFont(font)
        self.heard.setPlaceholderText("XXXX XXXX XXXX XXXX")
        self.verdict = QLabel(self.heard_box)
        self.verdict.setObjectName("verdict")
        self.on_paper = QCheckBox(_("I compared it on paper: every character is the same"),
                                  self.heard_box)
        right = QVBoxLayout(self.heard_box)
        right.addWidget(self.heard)
        right.addWidget(self.verdict)
        right.addWidget(self.on_paper)

        sides = QHBoxLayout()
        sides.addWidget(self.card_box, 1)
        sides.addWidget(self.heard_box, 1)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {DIFFERENT}; font-weight: bold;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Replace the key") if replacing else _("&Enroll the key"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(sides)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.heard.textChanged.connect(self._check)
        self.on_paper.toggled.connect(self._check)
        self._check()

    @property
    def wrong_department(self) -> bool:
        return self.card.department != self.department

    def matches(self) -> bool:
        return fingerprints_match(self.card.short_fingerprint, self.heard.text())

    def _check(self) -> None:
        if self.wrong_department:
            self.problem.setText(_("This key card belongs to department {card}, not to {want}. "
                                   "Ask {want} for its own key card.").format(
                card=self.card.department, want=self.department))
            self.ok_button.setEnabled(False)
            return
        typed = self.heard.text().strip()
        if not typed:
            self.verdict.setText("")
        elif self.matches():
            self.verdict.setText("✔ " + _("The same: this is their key."))
            self.verdict.setStyleSheet(f"color: {MATCH}; font-weight: bold;")
        else:
            self.verdict.setText("✘ " + _("Different. Do not enroll it: ask them to read it "
                                          "again, or to send the key card again."))
            self.verdict.setStyleSheet(f"color: {DIFFERENT}; font-weight: bold;")
        self.verdict.setWordWrap(True)
        self.ok_button.setEnabled(self.matches() or (self.on_paper.isChecked() and not typed))
