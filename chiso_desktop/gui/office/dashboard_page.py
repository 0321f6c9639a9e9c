"""The Office's dashboard: completeness per department, deadlines, whom to chase, charts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.office.charts import ChartPanel
from chiso_desktop.gui.operations import Changed
from chiso_desktop.gui.qt import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSplitter,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.gui.tables import read_only_table
from chiso_desktop.i18n import _
from chiso_desktop.office.completeness import (
    ChaseItem,
    PeriodCompleteness,
    chase_list,
    completeness,
)
from chiso_desktop.office.hourly import hourly_day
from chiso_desktop.office.series import chartable_fields, field_series
from chiso_desktop.periods.deadlines import due_text
from chiso_desktop.values.display import format_number


def _rate(value: Decimal | None, lang: str) -> str:
    return "—" if value is None else format_number(value, lang, 1) + "%"


NAME_WIDTH = 150
"""Pixels of a table's name column, which wraps: "Phòng Kinh tế, Hạ tầng và Đô thị" in
two lines."""


def two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle ("Chưa có\nsố liệu"): a column of
    short numbers is then as wide as half its heading, not the whole of it."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    middle = len(text) / 2
    at = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - middle))
    return " ".join(words[:at]) + "\n" + " ".join(words[at:])


def _fill(table: QTableWidget, heads: list[str], rows: list[list[str]], numeric_from: int,
          bold_last: bool = False, stretch: int = 1, stretch_last: bool = True) -> None:
    """Fill a read-only table; column ``stretch`` (a name) wraps, the last column takes what
    is left (``stretch_last``: a list of codes; a number stays beside its neighbours).

    The headings of the number columns take two lines, so that the ten columns of the
    completeness table fit beside the charts at 1024 px without scrolling sideways."""
    table.setRowCount(0)
    table.setColumnCount(len(heads))
    table.setHorizontalHeaderLabels([two_lines(h) if c >= numeric_from else h
                                     for c, h in enumerate(heads)])
    table.setRowCount(len(rows))
    for n, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold_last and n == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if c == stretch:
                item.setToolTip(text)
            table.setItem(n, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # The name column has a fixed width and wraps, so the numbers beside it stay in view
    # at 1024 px.
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(stretch, NAME_WIDTH)
    header.setStretchLastSection(stretch_last)


class DashboardPage(OfficePage):
    shows = Changed.VALUES | Changed.STATUS | Changed.IMPORTS | Changed.CONFLICTS

    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or date.today()
        self.report: PeriodCompleteness | None = None
        self.chase: list[ChaseItem] = []

        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.deadlines = QLabel(self)
        self.deadlines.setWordWrap(True)
        self.completeness_box = QGroupBox(self)
        self.completeness_table = read_only_table(self.completeness_box, "completenessTable")
        QVBoxLayout(self.completeness_box).addWidget(self.completeness_table)
        self.chase_box = QGroupBox(self)
        self.chase_table = read_only_table(self.chase_box, "chaseTable")
        self.chase_empty = QLabel(self.chase_box)
        chase_layout = QVBoxLayout(self.chase_box)
        chase_layout.addWidget(self.chase_empty)
        chase_layout.addWidget(self.chase_table)

        self.rates_chart = ChartPanel(self)
        self.series_box = QGroupBox(self)
        self.field_label = QLabel(self.series_box)
        self.field_picker = QComboBox(self.series_box)
        self.field_picker.setObjectName("fieldPicker")
        # Short enough that the charts leave the tables room at 1024 px; the full name of
        # each item is in its tooltip.
        self.field_picker.setMinimumContentsLength(14)
        self.field_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.field_label.setBuddy(self.field_picker)
        self.line_button = QRadioButton(self.series_box)
        self.bar_button = QRadioButton(self.series_box)
        self.line_button.setChecked(True)
        self.field_picker.currentIndexChanged.connect(lambda _i: self.draw_series())
        self.bar_button.toggled.connect(lambda _c: self.draw_series())
        self.series_chart = ChartPanel(self.series_box)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.field_label)
        picker_row.addWidget(self.field_picker, 1)
        picker_row.addWidget(self.line_button)
        picker_row.addWidget(self.bar_button)
        series_layout = QVBoxLayout(self.series_box)
        series_layout.addLayout(picker_row)
        series_layout.addWidget(self.series_chart, 1)

        tables = QWidget(self)
        tables_layout = QVBoxLayout(tables)
        tables_layout.setContentsMargins(0, 0, 0, 0)
        tables_layout.addWidget(self.completeness_box, 3)
        tables_layout.addWidget(self.chase_box, 2)
        charts = QWidget(self)
        charts_layout = QVBoxLayout(charts)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.rates_chart, 1)
        charts_layout.addWidget(self.series_box, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(tables)
        splitter.addWidget(charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 520])

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.deadlines)
        layout.addWidget(splitter, 1)

        self.wire()

    def retranslate(self) -> None:
        self.completeness_box.setTitle(_("Completeness and timeliness per department"))
        self.chase_box.setTitle(_("Whom to chase"))
        self.series_box.setTitle(_("An indicator over the last 12 periods"))
        self.field_label.setText(_("&Item:"))
        self.line_button.setText(_("&Line"))
        self.bar_button.setText(_("&Bars"))
        self._fill_fields()
        self.reload()

    def _fill_fields(self) -> None:
        keep = self.field_picker.currentData()
        self.field_picker.blockSignals(True)
        self.field_picker.clear()
        for code, label, unit in chartable_fields(self.ctx.scope) if self.ctx.scope else []:
            text = f"{code} — {label}" + (f" ({unit})" if unit else "")
            self.field_picker.addItem(text, code)
            self.field_picker.setItemData(self.field_picker.count() - 1, text,
                                          Qt.ItemDataRole.ToolTipRole)
        found = self.field_picker.findData(keep) if keep else -1
        self.field_picker.setCurrentIndex(max(found, 0))
        self.field_picker.blockSignals(False)

    def reload(self) -> None:
        period = self.ctx.period
        if period is None:
            return
        lang = self.ctx.lang
        with self.ctx.session() as s:
            self.report = report = completeness(s, period, self.today)
            self.chase = chase_list(s, period, self.today)
            now = datetime.combine(self.today, datetime.now().time())
            hourly = hourly_day(s, period, now) if period.frequency is Frequency.DAY else None
        state = _("approved and locked") if report.locked else _("open")
        self.title.setText(_("Dashboard — {period} ({state})").format(
            period=period.label(lang), state=state))
        due = report.due
        text = _("Deadlines: departments {department} · Office {office} · "
                 "official {official}. Reporting rate {rate}, on time "
                 "{on_time}.").format(
            department=due_text(due, "department"), office=due_text(due, "office"),
            official=due_text(due),
            rate=_rate(report.reporting_rate, lang), on_time=_rate(report.on_time_rate, lang))
        if hourly is not None and hourly.fields:  # a day of "Giờ/Ngày" indicators
            text += "\n" + hourly.summary(lang)
        self.deadlines.setText(text)
        heads = [_("Code"), _("Department"), _("Expected"), _("Received"), _("Missing"),
                 _("On time"), _("Late"), _("Overdue"), _("Reporting rate"), _("On-time rate")]
        rows = [[d.code, d.name, str(d.expected), str(d.received), str(d.missing),
                 str(d.on_time), str(d.late), str(d.overdue), _rate(d.reporting_rate, lang),
                 _rate(d.on_time_rate, lang)] for d in report.departments]
        rows.append(["", _("Total"), *(str(report.total(k)) for k in
                                      ("expected", "received", "missing", "on_time", "late",
                                       "overdue")),
                     _rate(report.reporting_rate, lang), _rate(report.on_time_rate, lang)])
        _fill(self.completeness_table, heads, rows, 2, bold_last=True, stretch_last=False)
        self._fill_chase(lang)
        self.rates_chart.show_rates(_("Reporting rate per department"),
                                    [(d.code, d.reporting_rate) for d in report.departments],
                                    lang)
        self.draw_series()

    def _fill_chase(self, lang: str) -> None:
        heads = [_("Department"), _("Missing"), _("Overdue"), _("Primary officer"),
                 _("Backup officer"), _("Missing items")]
        rows = []
        for item in self.chase:
            def who(role: str, item: ChaseItem = item) -> str:
                people = [o for o in item.officers if o.role == role]
                # name over phone: the column stays narrow and the number stays whole
                return "\n".join(f"{o.name}\n{o.phone}".strip() for o in people) or "—"
            codes = ", ".join(item.missing_codes[:6]) + ("…" if len(item.missing_codes) > 6
                                                         else "")
            rows.append([f"{item.department} — {item.name}", str(item.missing),
                         str(item.overdue), who("primary"), who("backup"), codes])
        _fill(self.chase_table, heads, rows, 1, stretch=0)
        self.chase_table.setVisible(bool(rows))
        self.chase_empty.setVisible(not rows)
        self.chase_empty.setText(_("Every department has delivered all its values for this "
                                   "period."))

    def draw_series(self) -> None:
        code = self.field_picker.currentData()
        if not code or self.ctx.scope is None:
            return
        with self.ctx.session() as s:
            points = field_series(s, self.ctx.scope, code, self.ctx.period, self.today)
        self.series_chart.show_series(code, points, self.ctx.lang,
                                      bars=self.bar_button.isChecked())
