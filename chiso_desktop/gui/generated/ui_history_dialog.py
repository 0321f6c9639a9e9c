# GENERATED from ui/history_dialog.ui by chiso_desktop/gui/build_ui.py: do not edit.
from chiso_desktop.gui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QDialogButtonBox,
    QLabel,
    QMetaObject,
    QTableWidget,
    QVBoxLayout,
)
class Ui_HistoryDialog(object):
    def setupUi(self, HistoryDialog):
        if not HistoryDialog.objectName():
            HistoryDialog.setObjectName(u"HistoryDialog")
        HistoryDialog.resize(820, 380)
        self.layout = QVBoxLayout(HistoryDialog)
        self.layout.setObjectName(u"layout")
        self.fieldLabel = QLabel(HistoryDialog)
        self.fieldLabel.setObjectName(u"fieldLabel")
        self.fieldLabel.setText(u"")
        self.fieldLabel.setWordWrap(True)

        self.layout.addWidget(self.fieldLabel)

        self.history = QTableWidget(HistoryDialog)
        self.history.setObjectName(u"history")
        self.history.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.history.setAlternatingRowColors(True)

        self.layout.addWidget(self.history)

        self.buttons = QDialogButtonBox(HistoryDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Close)

        self.layout.addWidget(self.buttons)

        self.retranslateUi(HistoryDialog)
        self.buttons.rejected.connect(HistoryDialog.reject)

        QMetaObject.connectSlotsByName(HistoryDialog)
    # setupUi

    def retranslateUi(self, HistoryDialog):
        HistoryDialog.setWindowTitle(QCoreApplication.translate("HistoryDialog", u"Value history", None))
    # retranslateUi

