"""First run: who this installation is, which catalogs it uses, and its key.

Pages: role → unit → catalog and plan → officers → passphrase → fingerprint.
The installation and the key are created together in one transaction when
the passphrase page is accepted; the last page shows the fingerprint big
enough to read aloud to the Office.
"""

from __future__ import annotations

from chiso_desktop import settings
from chiso_desktop.bundle.keys import passphrase_problem
from chiso_desktop.catalog.model import CatalogKind
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.errors import UserError
from chiso_desktop.exchange.identity import ensure_keys
from chiso_desktop.exchange.key_info import own_fingerprints, spaced
from chiso_desktop.gui.fit import word_elide
from chiso_desktop.gui.qt import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCursor,
    QFont,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    Qt,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from chiso_desktop.i18n import _
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import Database
from chiso_desktop.store.installation import UNIT_CODE

DEFAULT_PLAN = "nhichieu-202-2026"
DEFAULT_EXTRA = ("nhichieu-cchc-2026",)


class RolePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Who uses this computer?"))
        self.setSubTitle(_("A department enters its own indicators and sends them to the "
                           "Office. The Office collects and consolidates everything."))
        layout = QVBoxLayout(self)
        self.department = QRadioButton(_("A &department of the ward or commune"))
        self.office = QRadioButton(_("The &Office (Văn phòng HĐND-UBND), which consolidates"))
        self.department.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.department)
        group.addButton(self.office)
        layout.addWidget(self.department)
        layout.addWidget(self.office)
        layout.addStretch(1)

    def role(self) -> str:
        return "office" if self.office.isChecked() else "department"


class UnitPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Ward or commune"))
        self.setSubTitle(_("These names are printed on reports and bundles."))
        form = QFormLayout(self)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("Phường Nhị Chiểu")
        self.parent_body = QLineEdit()
        self.parent_body.setPlaceholderText("UBND THÀNH PHỐ HẢI PHÒNG")
        self.place = QLineEdit()
        self.place.setPlaceholderText("Nhị Chiểu")
        self.unit_code = QLineEdit()
        self.unit_code.setPlaceholderText("11311")
        self.unit_code.setMaxLength(5)
        self.unit_code.setToolTip(_("The official administrative unit code (mã đơn vị hành "
                                    "chính), 2 to 5 digits. The city knows the ward by it; it "
                                    "cannot be changed later."))
        form.addRow(_("&Ward or commune:"), self.unit)
        form.addRow(_("Administrative unit &code:"), self.unit_code)
        form.addRow(_("&Parent body:"), self.parent_body)
        form.addRow(_("P&lace (for the date line):"), self.place)
        self.registerField("unit*", self.unit)
        self.unit_code.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        """The name is required; the code is optional here, but when given it must be valid."""
        code = self.unit_code.text().strip()
        return super().isComplete() and (not code or UNIT_CODE.fullmatch(code) is not None)

    def request_parts(self) -> dict[str, str]:
        return {"unit": self.unit.text().strip(), "parent_body": self.parent_body.text().strip(),
                "place": self.place.text().strip()}

    def unit_code_text(self) -> str:
        return self.unit_code.text().strip()


TITLE_WIDTH = 480  # pixels a catalog's name may take on the catalog page


class CatalogPage(QWizardPage):
    def __init__(self, role_page: RolePage) -> None:
        super().__init__()
        self.role_page = role_page
        self.setTitle(_("Indicators and plan"))
        self.setSubTitle(_("The ward plan says which department reports which indicator."))
        catalogs = builtin_catalogs()
        form = QFormLayout(self)
        self.plan = QComboBox()
        metrics = self.fontMetrics()
        for cid, cat in catalogs.items():
            if cat.kind is CatalogKind.PLAN:
                full = f"{cat.document} — {cat.title}"
                self.plan.addItem(word_elide(full, metrics, TITLE_WIDTH), cid)
                self.plan.setItemData(self.plan.count() - 1, full,
                                      Qt.ItemDataRole.ToolTipRole)
        self.plan.addItem(_("No plan (all indicators of a catalog)"), "")
        index = self.plan.findData(DEFAULT_PLAN)
        self.plan.setCurrentIndex(max(index, 0))
        form.addRow(_("&Plan:"), self.plan)
        self.extras: list[QCheckBox] = []
        for cid, cat in catalogs.items():
            if cat.kind is CatalogKind.PLAN:
                continue
            # Whole words only, the full title in the tooltip (a 1024×600 screen).
            box = QCheckBox(word_elide(f"{cat.document} — {cat.title}", metrics,
                                       TITLE_WIDTH - 24))
            box.setToolTip(f"{cat.document} — {cat.title}")
            box.setProperty("catalog_id", cid)
            box.setChecked(cid in DEFAULT_EXTRA)
            self.extras.append(box)
            form.addRow("" if len(self.extras) > 1 else _("Also enter:"), box)
        self.department = QComboBox()
        form.addRow(_("&Department:"), self.department)
        self.plan.currentIndexChanged.connect(self._fill_departments)

    def initializePage(self) -> None:
        self._fill_departments()

    def _fill_departments(self) -> None:
        self.department.clear()
        plan = builtin_catalogs().get(self.plan.currentData() or "")
        if plan is not None:
            for d in plan.departments:
                self.department.addItem(f"{d.code} — {d.name}", d.code)
        if self.role_page.role() == "office":
            self.department.insertItem(0, _("(none: the Office enters no indicators itself)"),
                                       "")
            vp = self.department.findData("VP")
            self.department.setCurrentIndex(vp if vp >= 0 else 0)

    def isComplete(self) -> bool:
        if self.role_page.role() == "department" and not self.department.currentData():
            return False
        return bool(self.plan.currentData()) or any(b.isChecked() for b in self.extras)

    def request_parts(self) -> dict[str, object]:
        extra = tuple(str(b.property("catalog_id")) for b in self.extras if b.isChecked())
        return {"plan": self.plan.currentData() or "", "catalogs": extra,
                "department": self.department.currentData() or ""}


class OfficersPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Officers"))
        self.setSubTitle(_("Who enters the values, and who stands in when they are away."))
        form = QFormLayout(self)
        self.primary = QLineEdit()
        self.backup = QLineEdit()
        form.addRow(_("&Primary officer:"), self.primary)
        form.addRow(_("&Backup officer:"), self.backup)
        self.registerField("officer*", self.primary)


class PassphrasePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Signing key"))
        self.setSubTitle(_("Bundles you send are signed with this installation's key. The "
                           "passphrase protects it; keep it safe — it cannot be recovered."))
        form = QFormLayout(self)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form.addRow(_("&Passphrase:"), self.passphrase)
        form.addRow(_("&Repeat:"), self.repeat)
        form.addRow(self.hint)
        self.passphrase.textChanged.connect(self.completeChanged)
        self.repeat.textChanged.connect(self.completeChanged)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Create installation"))

    def isComplete(self) -> bool:
        first, second = self.passphrase.text(), self.repeat.text()
        req = self.wiz.request_parts_for_passphrase()
        problem = passphrase_problem(first, unit_names=req)
        if problem is not None:
            self.hint.setText(problem)
            return False
        if first != second:
            self.hint.setText(_("The two passphrases differ."))
            return False
        self.hint.setText("")
        return True

    def validatePage(self) -> bool:
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            self.wiz.create(self.passphrase.text())
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, _("Setup refused"), str(exc))
            return False
        QApplication.restoreOverrideCursor()
        return True


class FingerprintPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your key's fingerprint"))
        self.setSubTitle(_("Read it aloud to the Office (or hand it over on paper) so they can "
                           "enroll your key."))
        layout = QVBoxLayout(self)
        self.short = QLabel()
        self.short.setObjectName("shortFingerprint")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(max(self.font().pointSizeF() * 2.4, 22))
        font.setBold(True)
        self.short.setFont(font)
        self.short.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.short.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full = QLabel()
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.full.setFont(mono)
        self.full.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.full.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addStretch(1)
        layout.addWidget(self.short)
        layout.addWidget(self.full)
        layout.addStretch(1)

    def show_fingerprint(self, short: str, full: str) -> None:
        self.short.setText(short)
        self.full.setText(spaced(full))


class FirstRunWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("FirstRunWizard")
        self.setWindowTitle(_("Set up Chỉ số Desktop"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(720, 500)
        self.role_page = RolePage()
        self.unit_page = UnitPage()
        self.catalog_page = CatalogPage(self.role_page)
        self.officers_page = OfficersPage()
        self.passphrase_page = PassphrasePage(self)
        self.fingerprint_page = FingerprintPage()
        for page in (self.role_page, self.unit_page, self.catalog_page, self.officers_page,
                     self.passphrase_page, self.fingerprint_page):
            self.addPage(page)
        self.created = False

    def request(self) -> InitRequest:
        unit = self.unit_page.request_parts()
        cats = self.catalog_page.request_parts()
        return InitRequest(
            role=self.role_page.role(), unit=unit["unit"], catalogs=tuple(cats["catalogs"]),
            plan=str(cats["plan"]), department=str(cats["department"]),
            parent_body=unit["parent_body"], place=unit["place"],
            unit_code=self.unit_page.unit_code_text(),
            officer=self.officers_page.primary.text().strip(),
            backup_officer=self.officers_page.backup.text().strip(), language="vi")

    def request_parts_for_passphrase(self) -> tuple[str, ...]:
        """The ward's and department's names the passphrase rule refuses."""
        names: list[str] = []
        for page in self.pageIds():
            parts = getattr(self.page(page), "request_parts", None)
            if parts is not None:
                names += [str(v) for v in parts().values() if isinstance(v, str)]
        return tuple(n for n in names if n)

    def create(self, passphrase: str) -> None:
        req = self.request()
        with self.db.session() as s, s.begin():
            init_installation(s, req)
            ensure_keys(s, passphrase)
            settings.upgrade(s)
            settings.put(s, settings.PARENT_BODY, req.parent_body)
            settings.put(s, settings.PLACE, req.place)
            settings.put(s, settings.ACTOR, req.officer)
            prints = own_fingerprints(s)
        self.created = True
        if prints is not None:
            self.fingerprint_page.show_fingerprint(*prints)
