"""Qt's own widgets speak the UI language: context menus, file and print dialogs, numbers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from chiso_desktop import i18n
from chiso_desktop.gui.office.charts import ChartPanel
from chiso_desktop.gui.qt import (
    CHARTS_AVAILABLE,
    QFileDialog,
    QLabel,
    QLineEdit,
    QLocale,
    QPlainTextEdit,
    QSpinBox,
    Qt,
)
from chiso_desktop.gui.translator import Translators


@pytest.fixture
def translators(qapp) -> Iterator[Translators]:
    tr = Translators()
    yield tr
    tr.uninstall()
    i18n.set_language("vi")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def menu_texts(widget: QLineEdit | QPlainTextEdit) -> list[str]:
    menu = widget.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    menu.deleteLater()
    return texts


def test_context_menus_are_vietnamese(translators: Translators) -> None:
    i18n.set_language("vi")
    translators.install("vi")
    for widget in (QLineEdit(), QPlainTextEdit()):
        texts = menu_texts(widget)
        assert texts[:2] == ["&Hoàn tác", "&Làm lại"], texts
        assert "Select All" not in texts and "Chọn tất cả" in texts
    i18n.set_language("en")
    translators.install("en")
    assert menu_texts(QLineEdit())[:2] == ["&Undo", "&Redo"]


def test_file_dialog_is_vietnamese(qtbot, translators: Translators) -> None:
    i18n.set_language("vi")
    translators.install("vi")
    dialog = QFileDialog(None, "Chọn tệp")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels, labels


def test_locale_follows_the_ui_language(translators: Translators) -> None:
    i18n.set_language("vi")
    translators.install("vi")
    assert QLocale().toString(69.2, "f", 1) == "69,2"
    assert QLocale().monthName(3).lower() == "tháng 3"
    assert QSpinBox().locale().language() == QLocale.Language.Vietnamese
    translators.install("en")
    assert QLocale().toString(69.2, "f", 1) == "69.2"
    assert QLocale().monthName(3) == "March"


@pytest.mark.skipif(not CHARTS_AVAILABLE, reason="QtCharts is not installed")
def test_chart_numbers_use_the_decimal_comma(qtbot, translators: Translators) -> None:
    translators.install("vi")
    panel = ChartPanel()
    qtbot.addWidget(panel)
    panel.show_rates("Tỷ lệ", [("KT", Decimal("69.2")), ("VHXH", None)], "vi")
    chart = panel.chart
    assert chart.localizeNumbers()
    assert chart.locale().toString(69.2, "f", 1) == "69,2"
    # With localized numbers QtCharts prints nothing for "%d" and keeps "%%" doubled.
    assert [a.labelFormat() for a in chart.axes(Qt.Orientation.Vertical)] == ["%.0f%"]
