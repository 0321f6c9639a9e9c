"""The first-run wizard creates the installation and the key, and shows the fingerprint."""

from __future__ import annotations

from chiso_desktop import settings
from chiso_desktop.exchange.identity import own_fingerprint
from chiso_desktop.gui.qt import QWizard
from chiso_desktop.gui.wizard import FirstRunWizard
from chiso_desktop.store.installation import get_installation
from chiso_desktop.store.models import Officer


def test_wizard_creates_installation_and_key(qtbot, db):
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.role_page.from_package.isChecked()  # the recommended way for a department
    wizard.role_page.department.setChecked(True)  # here: by hand
    wizard.next()
    wizard.unit_page.unit.setText("Phường Nhị Chiểu")
    wizard.unit_page.unit_code.setText("1x")
    assert not wizard.unit_page.isComplete()  # a code, when given, is the official number
    wizard.unit_page.unit_code.setText("11311")
    assert wizard.unit_page.isComplete()
    wizard.unit_page.parent_body.setText("UBND THÀNH PHỐ HẢI PHÒNG")
    wizard.next()
    page = wizard.catalog_page
    assert page.plan.currentData() == "nhichieu-202-2026"
    page.department.setCurrentIndex(page.department.findData("KT"))
    wizard.next()
    wizard.officers_page.primary.setText("Nguyễn Văn An")
    wizard.officers_page.backup.setText("Trần Thị Bình")
    wizard.next()
    pp = wizard.passphrase_page
    pp.passphrase.setText("mật khẩu dài")
    pp.repeat.setText("khác")
    assert not pp.isComplete()
    pp.repeat.setText("mật khẩu dài")
    assert pp.isComplete()
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.created
    assert wizard.currentPage() is wizard.fingerprint_page
    shown = wizard.fingerprint_page.short.text()
    assert len(shown.replace("-", "")) == 16
    with db.session() as s:
        inst = get_installation(s)
        assert inst is not None and inst.role == "department"
        assert inst.department_code == "KT" and inst.org_unit.name == "Phường Nhị Chiểu"
        assert inst.org_unit.admin_code == "11311"
        assert {o.name for o in s.query(Officer)} == {"Nguyễn Văn An", "Trần Thị Bình"}
        assert own_fingerprint(s)
        assert settings.get(s, settings.PARENT_BODY) == "UBND THÀNH PHỐ HẢI PHÒNG"


def test_settings_registry_defaults_and_round_trip(db):
    with db.session() as s, s.begin():
        assert settings.get(s, settings.LANGUAGE) == "vi"
        assert settings.upgrade(s) == settings.SCHEMA_VERSION
        settings.put(s, settings.LANGUAGE, "en")
        settings.put(s, settings.CONFIRM_MARK_READY, False)
    with db.session() as s:
        assert settings.get(s, settings.LANGUAGE) == "en"
        assert settings.get(s, settings.CONFIRM_MARK_READY) is False
        assert settings.schema_version(s) == settings.SCHEMA_VERSION


def test_wizard_applies_the_core_passphrase_rule(qtbot, db, tmp_path):
    wizard = FirstRunWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role_page.department.setChecked(True)  # by hand, not from a setup package
    wizard.next()
    wizard.unit_page.unit.setText("Phường Nhị Chiểu")
    wizard.unit_page.parent_body.setText("UBND THÀNH PHỐ HẢI PHÒNG")
    wizard.next()
    wizard.next()
    wizard.officers_page.primary.setText("Nguyễn Văn An")
    wizard.next()
    pp = wizard.passphrase_page
    for weak in ("ngắn", "            ", "phường nhị chiểu"):
        pp.passphrase.setText(weak)
        pp.repeat.setText(weak)
        assert not pp.isComplete(), weak
        assert pp.hint.text()
    pp.passphrase.setText("Phường Nhị Chiểu")
    pp.repeat.setText("Phường Nhị Chiểu")
    pp.isComplete()
    wizard.grab().save(str(tmp_path / "wizard-passphrase.png"))
    assert "tên phường" in pp.hint.text()
    pp.passphrase.setText("mật khẩu dài")
    pp.repeat.setText("mật khẩu dài")
    assert pp.isComplete()
