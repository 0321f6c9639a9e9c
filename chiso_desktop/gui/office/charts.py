"""Qt Charts for the dashboard, with a plain table when QtCharts is not installed.

Chart values are converted to float only for drawing; every number shown as
text comes from the Decimal and the locale's formatting.
"""

from __future__ import annotations

from decimal import Decimal

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.gui.qt import (
    CHARTS_AVAILABLE,
    QFont,
    QLabel,
    QLocale,
    QPainter,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from chiso_desktop.i18n import _
from chiso_desktop.office.series import Point
from chiso_desktop.periods.period import Period
from chiso_desktop.values.display import format_number

if CHARTS_AVAILABLE:
    from chiso_desktop.gui.qt import (
        QAbstractSeries,
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QChartView,
        QLineSeries,
        QValueAxis,
    )


def short_label(period: Period) -> str:
    """An axis label that fits under a bar: the month's number, Q2/26, S1/26, 2026.

    The years of a monthly series are in the chart's title instead.
    """
    pid, yy = period.id, period.id[2:4]
    if period.frequency is Frequency.HOUR:
        return f"{period.hour:02d}h"
    if period.frequency is Frequency.MONTH:
        return str(period.start.month)
    if period.frequency in (Frequency.QUARTER, Frequency.HALF_YEAR):
        return f"{pid[4:]}/{yy}"
    return pid


def _table(rows: list[tuple[str, str]], heads: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(len(rows), 2, parent)
    table.setHorizontalHeaderLabels(heads)
    table.verticalHeader().setVisible(False)
    for n, (a, b) in enumerate(rows):
        table.setItem(n, 0, QTableWidgetItem(a))
        item = QTableWidgetItem(b)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        table.setItem(n, 1, item)
    table.resizeColumnsToContents()
    return table


class ChartPanel(QWidget):
    """A chart (or, without QtCharts, a table and a note) that is redrawn on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedWidget(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setVisible(not CHARTS_AVAILABLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)
        self.view: QWidget | None = None
        self.chart: object | None = None
        self.setMinimumHeight(220)

    def _replace(self, widget: QWidget) -> None:
        if self.view is not None:
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
        self.view = widget
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)

    def _new_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        # Bar labels and axis numbers in the UI language: "69,2%" as in the tables.
        chart.setLocale(QLocale())
        chart.setLocalizeNumbers(True)
        chart.legend().setVisible(False)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(0)
        view = QChartView(chart, self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart = chart
        self._replace(view)
        return chart

    def show_rates(self, title: str, rates: list[tuple[str, Decimal | None]], lang: str) -> None:
        if not CHARTS_AVAILABLE:
            self.note.setText(_("Charts are not available in this installation (QtCharts is "
                                "missing); the figures are shown as a table."))
            self._replace(_table([(d, "—" if r is None else format_number(r, lang, 1) + "%")
                                  for d, r in rates], [_("Department"), title], self))
            return
        chart = self._new_chart(title)
        bars = QBarSet(title)
        bars.setColor("#2e7d32")
        for _d, r in rates:
            bars.append(float(r) if r is not None else 0.0)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([d for d, _r in rates])
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%.0f%")  # localized numbers: "%d" prints nothing, "%%" stays doubled
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)

    def show_series(self, title: str, points: list[Point], lang: str, *, bars: bool) -> None:
        labels = [short_label(p.period) for p in points]
        if not CHARTS_AVAILABLE:
            self.note.setText(_("Charts are not available in this installation (QtCharts is "
                                "missing); the figures are shown as a table."))
            self._replace(_table([(p.period.label(lang), "—" if p.value is None else
                                   format_number(p.value, lang)) for p in points],
                                 [_("Period"), title], self))
            return
        if points:
            title = f"{title} · {points[0].period.label(lang)} – {points[-1].period.label(lang)}"
        chart = self._new_chart(title)
        values = [float(p.value) if p.value is not None else None for p in points]
        known = [v for v in values if v is not None]
        top = max(known) if known else 1.0
        bottom = min(0.0, min(known)) if known else 0.0
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        small = QFont(axis_x.labelsFont())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.8))
        axis_x.setLabelsFont(small)
        axis_y = QValueAxis()
        axis_y.setRange(bottom, top * 1.1 if top > 0 else 1.0)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%.0f")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series: QAbstractSeries
        if bars:
            bar_set = QBarSet(title)
            bar_set.setColor("#1565c0")
            for v in values:
                bar_set.append(v if v is not None else 0.0)
            series = bar_series = QBarSeries()
            bar_series.append(bar_set)
        else:
            series = line = QLineSeries()
            line.setPointsVisible(True)
            for n, v in enumerate(values):
                if v is not None:
                    line.append(float(n), v)
        chart.addSeries(series)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
