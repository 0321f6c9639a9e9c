"""Qt's ``translate(context, text)`` answered from our gettext catalogs.

Designer forms call ``QCoreApplication.translate("SettingsDialog", "Language")``;
we look that up as ``pgettext("SettingsDialog", "Language")`` and fall back to
the plain message, so one ``chiso.po`` serves Python strings, ``.ui`` strings
and even Qt's own dialogs (context ``QPlatformTheme``, ``QWizard`` …) when
Qt ships no ``qtbase_<lang>.qm`` — PySide6 ships none for Vietnamese.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop import i18n
from chiso_desktop.gui.qt import QApplication, QCoreApplication, QLibraryInfo, QLocale, QTranslator


class GettextTranslator(QTranslator):
    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        """None (a null QString) means "not translated here": Qt then uses the source."""
        if not source or i18n.language() == "en":
            return None
        found = i18n.pgettext(context, source)
        if found != source:
            return found
        plain = i18n._(source)
        return plain if plain != source else None


def qt_locale(lang: str) -> QLocale:
    """The QLocale of a UI language: Vietnamese calendars, ``69,2`` in charts."""
    if lang == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


class Translators:
    """Keeps the installed translators alive and swaps them on a language change."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def install(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        locale = qt_locale(lang)
        QLocale.setDefault(locale)
        for window in QApplication.topLevelWidgets():  # widgets made before keep theirs
            window.setLocale(locale)
        for old in self._installed:
            app.removeTranslator(old)
        self._installed = []
        qt_own = QTranslator()
        if qt_own.load(f"qtbase_{lang}", str(qt_translations_dir())):
            self._installed.append(qt_own)
        self._installed.append(GettextTranslator())
        for tr in self._installed:
            app.installTranslator(tr)

    def uninstall(self) -> None:
        app = QCoreApplication.instance()
        for old in self._installed:
            if app is not None:
                app.removeTranslator(old)
        self._installed = []
