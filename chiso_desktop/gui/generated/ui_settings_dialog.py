# GENERATED from ui/settings_dialog.ui by chiso_desktop/gui/build_ui.py: do not edit.
from chiso_desktop.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QCoreApplication,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMetaObject,
    QSizePolicy,
    QSpacerItem,
    QTabWidget,
    QTableWidget,
    QVBoxLayout,
    QWidget,
    Qt,
)
class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(640, 460)
        self.layout = QVBoxLayout(SettingsDialog)
        self.layout.setObjectName(u"layout")
        self.tabs = QTabWidget(SettingsDialog)
        self.tabs.setObjectName(u"tabs")
        self.generalTab = QWidget()
        self.generalTab.setObjectName(u"generalTab")
        self.generalForm = QFormLayout(self.generalTab)
        self.generalForm.setObjectName(u"generalForm")
        self.languageLabel = QLabel(self.generalTab)
        self.languageLabel.setObjectName(u"languageLabel")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.language = QComboBox(self.generalTab)
        self.language.setObjectName(u"language")

        self.generalForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.language)

        self.actorLabel = QLabel(self.generalTab)
        self.actorLabel.setObjectName(u"actorLabel")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.actorLabel)

        self.actor = QLineEdit(self.generalTab)
        self.actor.setObjectName(u"actor")

        self.generalForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.actor)

        self.tabs.addTab(self.generalTab, "")
        self.unitTab = QWidget()
        self.unitTab.setObjectName(u"unitTab")
        self.unitForm = QFormLayout(self.unitTab)
        self.unitForm.setObjectName(u"unitForm")
        self.unitNameLabel = QLabel(self.unitTab)
        self.unitNameLabel.setObjectName(u"unitNameLabel")

        self.unitForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.unitNameLabel)

        self.unitName = QLabel(self.unitTab)
        self.unitName.setObjectName(u"unitName")
        self.unitName.setText(u"")

        self.unitForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.unitName)

        self.parentBodyLabel = QLabel(self.unitTab)
        self.parentBodyLabel.setObjectName(u"parentBodyLabel")

        self.unitForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.parentBodyLabel)

        self.parentBody = QLineEdit(self.unitTab)
        self.parentBody.setObjectName(u"parentBody")

        self.unitForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.parentBody)

        self.placeLabel = QLabel(self.unitTab)
        self.placeLabel.setObjectName(u"placeLabel")

        self.unitForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.placeLabel)

        self.place = QLineEdit(self.unitTab)
        self.place.setObjectName(u"place")

        self.unitForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.place)

        self.signingModeLabel = QLabel(self.unitTab)
        self.signingModeLabel.setObjectName(u"signingModeLabel")

        self.unitForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.signingModeLabel)

        self.signingMode = QComboBox(self.unitTab)
        self.signingMode.setObjectName(u"signingMode")

        self.unitForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.signingMode)

        self.signerPositionLabel = QLabel(self.unitTab)
        self.signerPositionLabel.setObjectName(u"signerPositionLabel")

        self.unitForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.signerPositionLabel)

        self.signerPosition = QLineEdit(self.unitTab)
        self.signerPosition.setObjectName(u"signerPosition")

        self.unitForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.signerPosition)

        self.signerNameLabel = QLabel(self.unitTab)
        self.signerNameLabel.setObjectName(u"signerNameLabel")

        self.unitForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.signerNameLabel)

        self.signerName = QLineEdit(self.unitTab)
        self.signerName.setObjectName(u"signerName")

        self.unitForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.signerName)

        self.tabs.addTab(self.unitTab, "")
        self.deadlinesTab = QWidget()
        self.deadlinesTab.setObjectName(u"deadlinesTab")
        self.deadlinesLayout = QVBoxLayout(self.deadlinesTab)
        self.deadlinesLayout.setObjectName(u"deadlinesLayout")
        self.deadlinesNote = QLabel(self.deadlinesTab)
        self.deadlinesNote.setObjectName(u"deadlinesNote")
        self.deadlinesNote.setWordWrap(True)

        self.deadlinesLayout.addWidget(self.deadlinesNote)

        self.deadlines = QTableWidget(self.deadlinesTab)
        self.deadlines.setObjectName(u"deadlines")
        self.deadlines.setEditTriggers(QAbstractItemView.NoEditTriggers)

        self.deadlinesLayout.addWidget(self.deadlines)

        self.tabs.addTab(self.deadlinesTab, "")
        self.keyTab = QWidget()
        self.keyTab.setObjectName(u"keyTab")
        self.keyLayout = QVBoxLayout(self.keyTab)
        self.keyLayout.setObjectName(u"keyLayout")
        self.fingerprintTitle = QLabel(self.keyTab)
        self.fingerprintTitle.setObjectName(u"fingerprintTitle")
        self.fingerprintTitle.setWordWrap(True)

        self.keyLayout.addWidget(self.fingerprintTitle)

        self.fingerprint = QLabel(self.keyTab)
        self.fingerprint.setObjectName(u"fingerprint")
        self.fingerprint.setText(u"")
        self.fingerprint.setTextInteractionFlags(Qt.TextSelectableByKeyboard|Qt.TextSelectableByMouse)

        self.keyLayout.addWidget(self.fingerprint)

        self.fullFingerprint = QLabel(self.keyTab)
        self.fullFingerprint.setObjectName(u"fullFingerprint")
        self.fullFingerprint.setText(u"")
        self.fullFingerprint.setWordWrap(True)
        self.fullFingerprint.setTextInteractionFlags(Qt.TextSelectableByKeyboard|Qt.TextSelectableByMouse)

        self.keyLayout.addWidget(self.fullFingerprint)

        self.keySpacer = QSpacerItem(10, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.keyLayout.addItem(self.keySpacer)

        self.tabs.addTab(self.keyTab, "")

        self.layout.addWidget(self.tabs)

        self.buttons = QDialogButtonBox(SettingsDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.languageLabel.setBuddy(self.language)
        self.actorLabel.setBuddy(self.actor)
        self.parentBodyLabel.setBuddy(self.parentBody)
        self.placeLabel.setBuddy(self.place)
        self.signingModeLabel.setBuddy(self.signingMode)
        self.signerPositionLabel.setBuddy(self.signerPosition)
        self.signerNameLabel.setBuddy(self.signerName)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.language)
        QWidget.setTabOrder(self.language, self.actor)
        QWidget.setTabOrder(self.actor, self.parentBody)
        QWidget.setTabOrder(self.parentBody, self.place)
        QWidget.setTabOrder(self.place, self.signingMode)
        QWidget.setTabOrder(self.signingMode, self.signerPosition)
        QWidget.setTabOrder(self.signerPosition, self.signerName)

        self.retranslateUi(SettingsDialog)
        self.buttons.accepted.connect(SettingsDialog.accept)
        self.buttons.rejected.connect(SettingsDialog.reject)

        self.tabs.setCurrentIndex(0)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(QCoreApplication.translate("SettingsDialog", u"Settings", None))
        self.languageLabel.setText(QCoreApplication.translate("SettingsDialog", u"&Language", None))
        self.actorLabel.setText(QCoreApplication.translate("SettingsDialog", u"&Officer entering values", None))
        self.tabs.setTabText(self.tabs.indexOf(self.generalTab), QCoreApplication.translate("SettingsDialog", u"General", None))
        self.unitNameLabel.setText(QCoreApplication.translate("SettingsDialog", u"Ward or commune", None))
        self.parentBodyLabel.setText(QCoreApplication.translate("SettingsDialog", u"&Parent body", None))
        self.placeLabel.setText(QCoreApplication.translate("SettingsDialog", u"P&lace (for the date line)", None))
        self.signingModeLabel.setText(QCoreApplication.translate("SettingsDialog", u"Signing &mode", None))
        self.signerPositionLabel.setText(QCoreApplication.translate("SettingsDialog", u"Signer's p&osition", None))
        self.signerNameLabel.setText(QCoreApplication.translate("SettingsDialog", u"Signer's &name", None))
        self.tabs.setTabText(self.tabs.indexOf(self.unitTab), QCoreApplication.translate("SettingsDialog", u"Unit and signature", None))
        self.deadlinesNote.setText(QCoreApplication.translate("SettingsDialog", u"Deadlines come from the ward plan; they are shown here for reference.", None))
        self.tabs.setTabText(self.tabs.indexOf(self.deadlinesTab), QCoreApplication.translate("SettingsDialog", u"Deadlines", None))
        self.fingerprintTitle.setText(QCoreApplication.translate("SettingsDialog", u"Fingerprint of this installation's key (read it aloud to the Office):", None))
        self.tabs.setTabText(self.tabs.indexOf(self.keyTab), QCoreApplication.translate("SettingsDialog", u"Key", None))
    # retranslateUi

