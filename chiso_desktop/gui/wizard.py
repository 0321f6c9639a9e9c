"""First run: who this installation is, which catalogs it uses, and its key.

Two ways through. A department normally sets up from the Office's setup
package: role → package (dropped, chosen, or the file the app was opened
with; the Office's fingerprint shown large to compare) → officers →
passphrase → fingerprint. By hand (an Office, or a department without a
package): role → unit → catalog and plan → officers → passphrase →
fingerprint. The installation and the key are created together in one
transaction when the passphrase page is accepted; the last page shows the
fingerprint big enough to read aloud and saves the key card for the Office.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from chiso_desktop import settings
from chiso_desktop.bundle.keys import passphrase_problem
from chiso_desktop.catalog.model import CatalogKind
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.errors import UserError
from chiso_desktop.exchange.identity import ensure_keys, public_key_card
from chiso_desktop.exchange.key_info import own_fingerprints, spaced
from chiso_desktop.exchange.setup_package import SetupPackage, install_setup, read_setup_package
from chiso_desktop.exchange.trust_view import fingerprints_match
from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.gui.fingerprint import big_fingerprint_label, grouped
from chiso_desktop.gui.fit import word_elide
from chiso_desktop.gui.qt import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCursor,
    QDragEnterEvent,
    QDropEvent,
    QFileDialog,
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
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
from chiso_desktop.store.installation import UNIT_CODE, slug

DEFAULT_PLAN = "nhichieu-202-2026"
DEFAULT_EXTRA = ("nhichieu-cchc-2026",)
ROLE, SETUP, UNIT, CATALOG, OFFICERS, PASSPHRASE, FINGERPRINT = range(7)


class RolePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Who uses this computer?"))
        self.setSubTitle(_("A department enters its own indicators and sends them to the "
                           "Office. The Office collects and consolidates everything."))
        layout = QVBoxLayout(self)
        self.from_package = QRadioButton(_("Set up from the Office's &setup package"))
        self.from_package.setObjectName("fromPackage")
        self.package_hint = QLabel(_("For a department: the Office gives you a file "
                                     "(setup-….chiso) with the ward, your indicators and the "
                                     "Office's key. Recommended."))
        self.package_hint.setWordWrap(True)
        self.package_hint.setIndent(24)
        self.department = QRadioButton(_("A &department of the ward or commune, set up by hand"))
        self.office = QRadioButton(_("The &Office (Văn phòng HĐND-UBND), which consolidates"))
        self.from_package.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.from_package, self.department, self.office):
            group.addButton(button)
        layout.addWidget(self.from_package)
        layout.addWidget(self.package_hint)
        layout.addWidget(self.department)
        layout.addWidget(self.office)
        layout.addStretch(1)

    def role(self) -> str:
        return "office" if self.office.isChecked() else "department"

    def nextId(self) -> int:
        return SETUP if self.from_package.isChecked() else UNIT


class SetupPackagePage(QWizardPage):
    """Take the Office's setup package and show the Office fingerprint to compare."""

    def __init__(self) -> None:
        super().__init__()
        self.package: SetupPackage | None = None
        self.setTitle(_("The Office's setup package"))
        self.setSubTitle(_("Drop the setup package here, or choose it. Then compare the "
                           "Office's fingerprint with the one the Office reads to you."))
        self.setAcceptDrops(True)
        self.drop_zone = QLabel(_("Drop the setup package (.chiso) here"), self)
        self.drop_zone.setObjectName("setupDropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setWordWrap(True)
        self.drop_zone.setMinimumHeight(48)
        self.drop_zone.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop_zone.setStyleSheet("QLabel#setupDropZone { border: 2px dashed #8a8a8a; "
                                     "border-radius: 6px; padding: 8px; color: #444; }")
        self.choose_button = QPushButton(_("&Choose the file…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        self.about = QLabel(self)
        self.about.setObjectName("packageAbout")
        self.about.setWordWrap(True)
        self.office_fp = big_fingerprint_label(self)
        self.office_fp.setObjectName("officeFingerprint")
        self.heard = QLineEdit(self)
        self.heard.setObjectName("heardOfficeFingerprint")
        self.heard.setPlaceholderText(_("Type the fingerprint the Office reads to you"))
        self.verdict = QLabel(self)
        self.verdict.setWordWrap(True)
        self.confirmed = QCheckBox(_("I &compared it with the Office: every character is the "
                                     "same"), self)
        self.confirmed.setObjectName("officeConfirmed")
        top = QHBoxLayout()
        top.addWidget(self.drop_zone, 1)
        top.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.about)
        layout.addWidget(self.office_fp)
        layout.addWidget(self.heard)
        layout.addWidget(self.verdict)
        layout.addWidget(self.confirmed)
        layout.addStretch(1)
        self.heard.textChanged.connect(self._compare)
        self.confirmed.toggled.connect(self.completeChanged)
        self._show()

    def nextId(self) -> int:
        return OFFICERS

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.load(paths[0])

    def choose_file(self) -> None:
        name, _f = QFileDialog.getOpenFileName(self, _("The Office's setup package"),
                                               str(Path.home()),
                                               _("Chỉ số bundles (*.chiso);;All files (*)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Verify the package; shows why when it is refused. True when it can be used."""
        try:
            package = read_setup_package(path.read_bytes())
        except UserError as exc:
            self.package = None
            self._show(_("{file} cannot be used: {reason} Ask the Office for the setup package "
                         "again.").format(file=path.name, reason=str(exc)))
            return False
        except OSError as exc:
            self.package = None
            self._show(_("{file} cannot be read: {error}.").format(
                file=path.name, error=exc.strerror or exc))
            return False
        self.package = package
        self.confirmed.setChecked(False)
        self.heard.clear()
        self._show()
        return True

    def _show(self, problem: str = "") -> None:
        p = self.package
        if p is None:
            self.about.setText(problem)
            self.about.setStyleSheet("color: #b3261e;" if problem else "")
            self.office_fp.setText("")
            for w in (self.heard, self.confirmed):
                w.setEnabled(False)
        else:
            dept = p.doc.get("department", {})
            self.about.setStyleSheet("")
            self.about.setText(_("For <b>{department}</b> of <b>{unit}</b>, {n} indicator(s). "
                                 "The Office's fingerprint:").format(
                department=dept.get("name") or p.department, unit=p.unit,
                n=len(p.doc.get("assignments", []))))
            self.office_fp.setText(grouped(p.office_short_fingerprint))
            for w in (self.heard, self.confirmed):
                w.setEnabled(True)
        self.completeChanged.emit()

    def _compare(self, text: str) -> None:
        if self.package is None or not text.strip():
            self.verdict.setText("")
        elif fingerprints_match(self.package.office_short_fingerprint, text):
            self.verdict.setText("✔ " + _("The same: this package comes from your Office."))
            self.verdict.setStyleSheet("color: #1b7f3b; font-weight: bold;")
            self.confirmed.setChecked(True)
        else:
            self.verdict.setText("✘ " + _("Different. Do not use this package: ask the Office "
                                          "to read it again, or for a new package."))
            self.verdict.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.confirmed.setChecked(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.package is None or not self.confirmed.isChecked():
            return False
        typed = self.heard.text().strip()
        return not typed or fingerprints_match(self.package.office_short_fingerprint, typed)


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

    def nextId(self) -> int:
        return CATALOG

    def request_parts(self) -> dict[str, str]:
        return {"unit": self.unit.text().strip(), "parent_body": self.parent_body.text().strip(),
                "place": self.place.text().strip()}

    def unit_code_text(self) -> str:
        return self.unit_code.text().strip()


class CatalogParts(TypedDict):
    """What the catalog page contributes to the installation request."""

    plan: str
    catalogs: tuple[str, ...]
    """Extra catalogs ticked besides the plan's own."""
    department: str


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

    def request_parts(self) -> CatalogParts:
        extra = tuple(str(b.property("catalog_id")) for b in self.extras if b.isChecked())
        return {"plan": str(self.plan.currentData() or ""), "catalogs": extra,
                "department": str(self.department.currentData() or "")}


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

    def nextId(self) -> int:
        return PASSPHRASE


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

    def nextId(self) -> int:
        return FINGERPRINT

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
            self.wiz.create_installation(self.passphrase.text())
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
        self.card_hint = QLabel(_("Then save your key card and hand it to the Office (USB "
                                  "stick or email); the Office enrolls it after comparing "
                                  "this fingerprint."), self)
        self.card_hint.setWordWrap(True)
        self.card_button = QPushButton(_("&Save my key card for the Office…"), self)
        self.card_button.setObjectName("saveKeyCard")
        self.card_button.clicked.connect(self.choose_card_target)
        self.card_saved = QLabel(self)
        self.card_saved.setWordWrap(True)
        layout.addStretch(1)
        layout.addWidget(self.short)
        layout.addWidget(self.full)
        layout.addStretch(1)
        layout.addWidget(self.card_hint)
        layout.addWidget(self.card_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.card_saved)
        self.card: bytes = b""
        self.card_name = "key.chisokey"

    def nextId(self) -> int:
        return -1

    def show_fingerprint(self, short: str, full: str) -> None:
        self.short.setText(short)
        self.full.setText(spaced(full))

    def choose_card_target(self) -> None:
        name, _f = QFileDialog.getSaveFileName(
            self, _("Save my key card for the Office"), str(Path.home() / self.card_name),
            _("Key cards (*.chisokey *.key *.json);;All files (*)"))
        if name:
            self.save_card(Path(name))

    def save_card(self, path: Path) -> bool:
        try:
            atomic_write_bytes(path, self.card)
        except OSError as exc:
            QMessageBox.warning(self, _("Not saved"), _(
                "The key card could not be written: {error}. Choose another folder.").format(
                error=exc.strerror or exc))
            return False
        self.card_saved.setText(_("Saved: {path}").format(path=path))
        return True


class FirstRunWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 setup_file: Path | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("FirstRunWizard")
        self.setWindowTitle(_("Set up Chỉ số Desktop"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(720, 500)
        self.role_page = RolePage()
        self.setup_page = SetupPackagePage()
        self.unit_page = UnitPage()
        self.catalog_page = CatalogPage(self.role_page)
        self.officers_page = OfficersPage()
        self.passphrase_page = PassphrasePage(self)
        self.fingerprint_page = FingerprintPage()
        for n, page in enumerate((self.role_page, self.setup_page, self.unit_page,
                                  self.catalog_page, self.officers_page, self.passphrase_page,
                                  self.fingerprint_page)):
            self.setPage(n, page)
        self.setStartId(ROLE)
        self.created = False
        if setup_file is not None:
            self.setup_page.load(setup_file)
            self.role_page.from_package.setChecked(True)

    def from_package(self) -> bool:
        return self.role_page.from_package.isChecked()

    def request(self) -> InitRequest:
        unit = self.unit_page.request_parts()
        cats = self.catalog_page.request_parts()
        return InitRequest(
            role=self.role_page.role(), unit=unit["unit"], catalogs=cats["catalogs"],
            plan=cats["plan"], department=cats["department"],
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
        package = self.setup_page.package
        if self.from_package() and package is not None:
            names += [package.unit, package.department,
                      str(package.doc.get("department", {}).get("name", ""))]
        return tuple(n for n in names if n)

    def create_installation(self, passphrase: str) -> None:
        """Set up the installation (not ``create``: that is QWidget's own, for its window)."""
        officer = self.officers_page.primary.text().strip()
        with self.db.session() as s, s.begin():
            if self.from_package():
                package = self.setup_page.package
                assert package is not None
                inst = install_setup(s, package, officer=officer, secret=passphrase,
                                     backup_officer=self.officers_page.backup.text().strip())
                unit = package.doc.get("org_unit", {})
                parent_body, place = unit.get("parent_body", ""), unit.get("place", "")
            else:
                req = self.request()
                inst = init_installation(s, req)
                ensure_keys(s, passphrase)
                parent_body, place = req.parent_body, req.place
            settings.upgrade(s)
            settings.put(s, settings.PARENT_BODY, parent_body)
            settings.put(s, settings.PLACE, place)
            settings.put(s, settings.ACTOR, officer)
            prints = own_fingerprints(s)
            card = public_key_card(s, inst, passphrase)
            name = f"{slug(inst.org_unit.name)}-{inst.department_code or 'office'}-key.chisokey"
        self.created = True
        self.fingerprint_page.card, self.fingerprint_page.card_name = card, name
        if prints is not None:
            self.fingerprint_page.show_fingerprint(*prints)
