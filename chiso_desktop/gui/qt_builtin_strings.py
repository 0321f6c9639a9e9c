"""Qt's own strings that our gettext catalogs translate.

PySide6 wheels ship no ``qtbase_vi.qm``, so standard buttons and wizard
buttons would stay English. The translator (``gui/translator.py``) asks
gettext with Qt's context as ``msgctxt``; listing the strings here lets
``i18n_tools`` extract them like any other message.
"""

from __future__ import annotations


def qt_string(context: str, text: str) -> tuple[str, str]:
    """Marker for extraction; returns its arguments unchanged."""
    return context, text


QT_STRINGS = (
    qt_string("QPlatformTheme", "OK"),
    qt_string("QPlatformTheme", "Cancel"),
    qt_string("QPlatformTheme", "Save"),
    qt_string("QPlatformTheme", "Close"),
    qt_string("QPlatformTheme", "Apply"),
    qt_string("QPlatformTheme", "Yes"),
    qt_string("QPlatformTheme", "No"),
    qt_string("QPlatformTheme", "Open"),
    qt_string("QPlatformTheme", "Discard"),
    qt_string("QPlatformTheme", "Help"),
    qt_string("QPlatformTheme", "Reset"),
    qt_string("QPlatformTheme", "Restore Defaults"),
    qt_string("QPlatformTheme", "Retry"),
    qt_string("QPlatformTheme", "Ignore"),
    qt_string("QPlatformTheme", "Abort"),
    qt_string("QPlatformTheme", "&Yes"),
    qt_string("QPlatformTheme", "&No"),
    qt_string("QPlatformTheme", "&OK"),
    qt_string("QPlatformTheme", "&Cancel"),
    qt_string("QPlatformTheme", "&Save"),
    qt_string("QPlatformTheme", "&Close"),
    qt_string("QWizard", "&Next >"),
    qt_string("QWizard", "< &Back"),
    qt_string("QWizard", "&Finish"),
    qt_string("QWizard", "Cancel"),
    qt_string("QWizard", "Help"),
    qt_string("QWizard", "Go Back"),
    qt_string("QWizard", "Continue"),
    qt_string("QWizard", "Commit"),
    qt_string("QWizard", "Done"),
    qt_string("QFileDialog", "Look in:"),
    qt_string("QFileDialog", "File &name:"),
    qt_string("QFileDialog", "Files of type:"),
    qt_string("QFileDialog", "&Open"),
    qt_string("QFileDialog", "&Save"),
    qt_string("QFileDialog", "&Choose"),
    qt_string("QFileDialog", "Directory:"),
    qt_string("QFileDialog", "All Files (*)"),
    qt_string("QLineEdit", "&Undo"),
    qt_string("QLineEdit", "&Redo"),
    qt_string("QLineEdit", "Cu&t"),
    qt_string("QLineEdit", "&Copy"),
    qt_string("QLineEdit", "&Paste"),
    qt_string("QLineEdit", "Delete"),
    qt_string("QLineEdit", "Select All"),
)
