"""The Inno Setup installer speaks Vietnamese by default, from the project's own .isl.

Inno Setup cannot run here, so the script and the messages file are checked
as text: the Vietnamese file has every message of Inno Setup's Default.isl
(names listed below, from Inno Setup 6.5), keeps each message's placeholders,
is Vietnamese, and is the first (default) language; the installer is per user
and asks nothing technical; uninstalling leaves the data folder alone; signing
is wired only when a certificate is configured.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
ISS = WINDOWS / "chiso.iss"
ISL = WINDOWS / "Vietnamese.isl"

# Inno Setup 6.5.0 Default.isl: every [Messages] name, with its English text's fields.
ENGLISH_FIELDS = Path(__file__).with_name("inno_default_fields.txt")


def _section(text: str, name: str) -> dict[str, str]:
    m = re.search(rf"^\[{name}\]\s*$(.*?)(?=^\[|\Z)", text, re.S | re.M)
    assert m, name
    out = {}
    for line in m.group(1).splitlines():
        if line.strip() and not line.startswith(";") and "=" in line:
            key, value = line.split("=", 1)
            out[key.strip()] = value
    return out


def _fields(text: str) -> list[str]:
    return sorted(re.findall(r"%\d|%n|\[[a-z/]+\]", text))


def test_the_vietnamese_file_is_utf8_with_bom() -> None:
    raw = ISL.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def test_every_inno_message_is_translated_with_its_fields() -> None:
    text = ISL.read_text(encoding="utf-8-sig")
    vi = _section(text, "Messages")
    english = {}
    for line in ENGLISH_FIELDS.read_text(encoding="utf-8").splitlines():
        name, _, fields = line.partition("\t")
        english[name] = sorted(fields.split()) if fields else []
    missing = sorted(set(english) - set(vi))
    assert not missing, f"translate these Inno Setup messages: {missing}"
    assert not sorted(set(vi) - set(english)), "unknown message names"
    for name, fields in english.items():
        assert _fields(vi[name]) == fields, (name, vi[name])
    options = _section(text, "LangOptions")
    assert options["LanguageID"] == "$042A" and options["LanguageName"] == "Tiếng Việt"


def test_the_text_is_vietnamese() -> None:
    vi = _section(ISL.read_text(encoding="utf-8-sig"), "Messages")
    assert vi["ButtonNext"] == "&Tiếp >" and vi["ButtonCancel"] == "Hủy"
    assert vi["WelcomeLabel1"] == "Chào mừng bạn đến với trình cài đặt [name]"
    diacritics = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
    words = [v for v in vi.values() if len(v) > 12 and not v.startswith("%1 (")]
    untranslated = [v for v in words if not diacritics.search(v.lower())]
    assert not untranslated, untranslated
    custom = _section(ISL.read_text(encoding="utf-8-sig"), "CustomMessages")
    for name in ("CreateDesktopIcon", "AdditionalIcons", "LaunchProgram", "BundleFileType"):
        assert diacritics.search(custom[name].lower()), name
    assert "vẫn được giữ lại" in vi["ConfirmUninstall"]  # says the data stays


def test_vietnamese_is_the_default_and_english_a_choice() -> None:
    iss = ISS.read_text(encoding="utf-8-sig")
    languages = [line for line in _section(iss, "Languages").values()]
    names = re.findall(r'^Name: "(\w+)"; MessagesFile: "([^"]+)"', iss, re.M)
    assert names == [("vietnamese", "Vietnamese.isl"), ("english", "compiler:Default.isl")]
    assert languages is not None
    setup = _section(iss, "Setup")
    assert setup["LanguageDetectionMethod"] == "none" and setup["ShowLanguageDialog"] == "yes"
    # Every {cm:…} the script uses exists in both languages.
    used = set(re.findall(r"\{cm:(\w+)", iss))
    vi_custom = _section(ISL.read_text(encoding="utf-8-sig"), "CustomMessages")
    english_custom = {k.split(".", 1)[1] for k in _section(iss, "CustomMessages")
                      if k.startswith("english.")}
    for name in used:
        assert name in vi_custom, name
        assert name in english_custom or name in (
            "CreateDesktopIcon", "AdditionalIcons", "LaunchProgram"), name


def test_per_user_no_admin_and_nothing_technical_to_answer() -> None:
    setup = _section(ISS.read_text(encoding="utf-8-sig"), "Setup")
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no install-mode question
    assert setup["DefaultDirName"].startswith("{localappdata}")
    assert setup["DisableDirPage"] == "yes" and setup["DisableProgramGroupPage"] == "yes"
    iss = ISS.read_text(encoding="utf-8-sig")
    assert "[Components]" not in iss and "[Types]" not in iss
    assert "HKLM" not in iss and "{commonappdata}" not in iss


def test_uninstall_keeps_the_users_data() -> None:
    iss = ISS.read_text(encoding="utf-8-sig")
    for section in ("InstallDelete", "UninstallDelete"):
        for line in _section(iss, section).values():
            assert "{app}" in line and "chiso-desktop" not in line.lower().replace(
                "chiso-desktop.exe", ""), line
    assert "{localappdata}\\chiso-desktop" not in iss


def test_signing_only_when_a_certificate_is_configured() -> None:
    iss = ISS.read_text(encoding="utf-8-sig")
    assert re.search(r"#ifdef SignTool\s+SignTool=chiso\s+SignedUninstaller=yes\s+#endif", iss)
    ps1 = (WINDOWS / "build.ps1").read_text(encoding="ascii")  # ASCII for PowerShell 5.1
    assert "if ($env:CHISO_SIGN_PFX -or $env:CHISO_SIGN_THUMBPRINT)" in ps1
    assert "signtool.exe" in ps1 and "/DSignTool" in ps1 and "/Schiso=" in ps1
    readme = (ROOT / "packaging" / "README.md").read_text(encoding="utf-8")
    assert "CHISO_SIGN_PFX" in readme and "Vietnamese.isl" in readme
