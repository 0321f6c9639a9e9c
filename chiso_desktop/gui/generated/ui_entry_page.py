# GENERATED from ui/entry_page.ui by chiso_desktop/gui/build_ui.py: do not edit.
from chiso_desktop.gui.qt import (
    QCoreApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMetaObject,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
    Qt,
)
from chiso_desktop.gui.entry.table import EntryTable
from chiso_desktop.gui.fit import ElidedLabel

class Ui_EntryPage(object):
    def setupUi(self, EntryPage):
        if not EntryPage.objectName():
            EntryPage.setObjectName(u"EntryPage")
        EntryPage.resize(1000, 640)
        self.pageLayout = QVBoxLayout(EntryPage)
        self.pageLayout.setObjectName(u"pageLayout")
        self.pageLayout.setContentsMargins(6, 6, 6, 6)
        self.headerLayout = QHBoxLayout()
        self.headerLayout.setObjectName(u"headerLayout")
        self.formTitle = QLabel(EntryPage)
        self.formTitle.setObjectName(u"formTitle")
        self.formTitle.setTextFormat(Qt.PlainText)

        self.headerLayout.addWidget(self.formTitle)

        self.summaryLabel = ElidedLabel(EntryPage)
        self.summaryLabel.setObjectName(u"summaryLabel")

        self.headerLayout.addWidget(self.summaryLabel)

        self.headerLayout.setStretch(1, 1)

        self.pageLayout.addLayout(self.headerLayout)

        self.actionsLayout = QHBoxLayout()
        self.actionsLayout.setObjectName(u"actionsLayout")
        self.markReadyButton = QPushButton(EntryPage)
        self.markReadyButton.setObjectName(u"markReadyButton")

        self.actionsLayout.addWidget(self.markReadyButton)

        self.exportButton = QPushButton(EntryPage)
        self.exportButton.setObjectName(u"exportButton")

        self.actionsLayout.addWidget(self.exportButton)

        self.printButton = QPushButton(EntryPage)
        self.printButton.setObjectName(u"printButton")

        self.actionsLayout.addWidget(self.printButton)

        self.pageLayout.addLayout(self.actionsLayout)

        self.splitter = QSplitter(EntryPage)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.table = EntryTable(self.splitter)
        self.table.setObjectName(u"table")
        self.splitter.addWidget(self.table)
        self.messagesBox = QWidget(self.splitter)
        self.messagesBox.setObjectName(u"messagesBox")
        self.messagesLayout = QVBoxLayout(self.messagesBox)
        self.messagesLayout.setObjectName(u"messagesLayout")
        self.messagesLayout.setContentsMargins(0, 0, 0, 0)
        self.messagesTitle = QLabel(self.messagesBox)
        self.messagesTitle.setObjectName(u"messagesTitle")

        self.messagesLayout.addWidget(self.messagesTitle)

        self.messages = QListWidget(self.messagesBox)
        self.messages.setObjectName(u"messages")
        self.messages.setWordWrap(True)

        self.messagesLayout.addWidget(self.messages)

        self.splitter.addWidget(self.messagesBox)

        self.pageLayout.addWidget(self.splitter)

#if QT_CONFIG(shortcut)
        self.messagesTitle.setBuddy(self.messages)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.table, self.messages)
        QWidget.setTabOrder(self.messages, self.markReadyButton)
        QWidget.setTabOrder(self.markReadyButton, self.exportButton)
        QWidget.setTabOrder(self.exportButton, self.printButton)

        self.retranslateUi(EntryPage)

        QMetaObject.connectSlotsByName(EntryPage)
    # setupUi

    def retranslateUi(self, EntryPage):
        self.formTitle.setText(QCoreApplication.translate("EntryPage", u"Indicators", None))
        self.markReadyButton.setText(QCoreApplication.translate("EntryPage", u"Mark &ready", None))
        self.exportButton.setText(QCoreApplication.translate("EntryPage", u"&Export bundle\u2026", None))
        self.printButton.setText(QCoreApplication.translate("EntryPage", u"&Print cover sheet\u2026", None))
        self.messagesTitle.setText(QCoreApplication.translate("EntryPage", u"&Messages", None))
#if QT_CONFIG(tooltip)
        self.messages.setToolTip(QCoreApplication.translate("EntryPage", u"Click a message to go to its cell", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

