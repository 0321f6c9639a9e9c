"""Dialogs of the approval step: approve and lock (who, position, date, comment), reopen (why)."""

from __future__ import annotations

from datetime import date, datetime

from chiso_desktop.gui.qt import (
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from chiso_desktop.i18n import _


class ApproveDialog(QDialog):
    def __init__(self, period_label: str, approver: str = "", position: str = "",
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Approve and lock {period}").format(period=period_label))
        self.intro = QLabel(_("The leadership's approval locks the period: no value can change "
                              "until it is reopened with a reason."), self)
        self.intro.setWordWrap(True)
        self.approver = QLineEdit(approver, self)
        self.approver.setObjectName("approver")
        self.position = QLineEdit(position, self)
        self.position.setObjectName("position")
        self.position.setPlaceholderText(_("e.g. Chủ tịch UBND phường"))
        self.on = QDateEdit(self)
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("dd/MM/yyyy")
        d = today or date.today()
        self.on.setDate(QDate(d.year, d.month, d.day))
        self.comment = QPlainTextEdit(self)
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(80)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b3261e;")
        form = QFormLayout()
        form.addRow(_("&Approved by:"), self.approver)
        form.addRow(_("&Position:"), self.position)
        form.addRow(_("&Date:"), self.on)
        form.addRow(_("&Comment:"), self.comment)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Approve and &lock"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        if not self.approver.text().strip() or not self.position.text().strip():
            self.problem.setText(_("Give the approver's name and position."))
            (self.approver if not self.approver.text().strip() else self.position).setFocus()
            return
        super().accept()

    def approved_on(self) -> datetime:
        d = self.on.date()
        return datetime(d.year(), d.month(), d.day(), datetime.now().hour, datetime.now().minute)


class ReasonDialog(QDialog):
    """A required reason (reopening a period)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.problem.setText(_("A reason is required: it is kept in the audit log."))
            self.reason.setFocus()
            return
        super().accept()
