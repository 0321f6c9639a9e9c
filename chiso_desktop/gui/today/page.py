"""The Office's first page, "Today": what is due, what arrived, what waits, and the next step.

Read from the core's ``office.today.today_view``; every section says what to
do when it is empty, and the next step has a button to the page where it is
done.
"""

from __future__ import annotations

from datetime import date

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.operations import Changed, show_page
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.gui.qt import (
    QFont,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.gui.tables import read_only_table
from chiso_desktop.i18n import _, ngettext, pgettext
from chiso_desktop.office.today import NextStep, TodayView, today_view
from chiso_desktop.periods.period import parse_period
from chiso_desktop.values.display import format_number


def page_title(key: str) -> str:
    return {"keys": _("Departments and keys"), "office_import": _("Import bundles"),
            "office_conflicts": _("Conflicts"), "office_dashboard": _("Dashboard"),
            "office_finalize": _("Approve and outputs")}.get(key, key)


def step_text(step: NextStep, period_label: str) -> str:
    n = step.count
    if step.kind == "keys":
        return ngettext("{n} department has no enrolled key yet: write its setup package and "
                        "enroll the key card it sends back.",
                        "{n} departments have no enrolled key yet: write their setup packages "
                        "and enroll the key cards they send back.", n).format(n=n)
    if step.kind == "conflicts":
        return ngettext("{n} conflict waits for your decision.",
                        "{n} conflicts wait for your decision.", n).format(n=n)
    if step.kind == "chase":
        return ngettext("{period}: {n} department is late. Call them: the dashboard lists "
                        "whom, with phone numbers.",
                        "{period}: {n} departments are late. Call them: the dashboard lists "
                        "whom, with phone numbers.", n).format(period=period_label, n=n)
    if step.kind == "import":
        return ngettext("{period}: {n} department still has to send its bundle. Import it when "
                        "it arrives (USB stick or email).",
                        "{period}: {n} departments still have to send their bundles. Import "
                        "them when they arrive (USB stick or email).", n).format(
            period=period_label, n=n)
    if step.kind == "approve":
        return _("{period}: everything is in. Review the merged view, then approve and lock "
                 "it.").format(period=period_label)
    return _("Nothing is due in the coming weeks. Import bundles as they arrive.")


def _period_label(period_id: str, lang: str) -> str:
    try:
        return parse_period(period_id).label(lang)
    except ValueError:
        return period_id


class TodayPage(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.view: TodayView | None = None
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)

        self.next_box = QGroupBox(self)
        self.next_box.setObjectName("nextStep")
        self.next_label = QLabel(self.next_box)
        self.next_label.setObjectName("nextStepText")
        self.next_label.setWordWrap(True)
        big = QFont(self.next_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.next_label.setFont(big)
        self.next_button = QPushButton(self.next_box)
        self.next_button.setObjectName("nextStepButton")
        self.next_button.clicked.connect(self.go_next)
        row = QHBoxLayout(self.next_box)
        row.addWidget(self.next_label, 1)
        row.addWidget(self.next_button)

        self.due_box = QGroupBox(self)
        self.due_empty = QLabel(self.due_box)
        self.due_empty.setWordWrap(True)
        self.due = read_only_table(self.due_box, "dueSoon")
        due = QVBoxLayout(self.due_box)
        due.addWidget(self.due_empty)
        due.addWidget(self.due)

        self.arrived_box = QGroupBox(self)
        self.arrived_empty = QLabel(self.arrived_box)
        self.arrived_empty.setWordWrap(True)
        self.arrived = read_only_table(self.arrived_box, "arrived")
        arrived = QVBoxLayout(self.arrived_box)
        arrived.addWidget(self.arrived_empty)
        arrived.addWidget(self.arrived)

        self.review_box = QGroupBox(self)
        self.review_label = QLabel(self.review_box)
        self.review_label.setObjectName("reviewText")
        self.review_label.setWordWrap(True)
        self.review_button = QPushButton(self.review_box)
        self.review_button.clicked.connect(lambda: show_page(self, "office_conflicts"))
        review = QHBoxLayout(self.review_box)
        review.addWidget(self.review_label, 1)
        review.addWidget(self.review_button)

        lower = QHBoxLayout()
        lower.addWidget(self.arrived_box, 1)
        lower.addWidget(self.review_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.next_box)
        layout.addWidget(self.due_box, 2)
        layout.addLayout(lower, 1)
        ctx.changed.connect(self._changed)
        ctx.language_changed.connect(lambda _l: self._refresh_if_shown())

    shows = Changed.IMPORTS | Changed.STATUS | Changed.CONFLICTS | Changed.QUESTIONS | \
        Changed.KEYS | Changed.VALUES
    """What the day's view is read from; files the Office writes change none of it."""

    def _changed(self, changes: Changed) -> None:
        if changes & self.shows:
            self._refresh_if_shown()

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.reload()

    def showEvent(self, event: object) -> None:
        """Read when shown (not while the window is built), so start-up stays short."""
        super().showEvent(event)  # type: ignore[arg-type]
        self.reload()

    def _today(self) -> date:
        window = self.window()
        return self.today or getattr(window, "today", None) or date.today()

    def reload(self) -> None:
        with self.ctx.session() as s:
            self.view = v = today_view(s, self._today())
        lang = self.ctx.lang
        self.title.setText(_("Today, {date}").format(date=v.today.strftime("%d/%m/%Y")))
        self.next_box.setTitle(_("Next step"))
        step = v.next_step
        label = ""
        if step is not None and step.period:
            label = next((d.state.period.label(lang) for d in v.due
                          if d.state.period.id == step.period), step.period)
        self.next_label.setText(step_text(step, label) if step else "")
        self.next_button.setText(_("Go to “{page}”").format(page=page_title(step.page))
                                 if step else "")
        self.next_button.setVisible(step is not None)

        self.due_box.setTitle(_("Due in the coming weeks"))
        heads = [_("Period"), _("Departments' deadline"), _("Official deadline"),
                 _("Received"), _("Still owing")]
        self.due.setColumnCount(len(heads))
        self.due.setHorizontalHeaderLabels(heads)
        self.due.setRowCount(len(v.due))
        for n, d in enumerate(v.due):
            st = d.state
            rate = "—" if st.reporting_rate is None else \
                format_number(st.reporting_rate, lang, 1) + "%"
            owing = ", ".join(f"{name} ({missing})" for name, missing in d.owing) or \
                _("nobody: everything is in")
            cells = [st.period.label(lang), st.due.department.strftime("%d/%m/%Y"),
                     st.due.official.strftime("%d/%m/%Y"), rate, owing]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.due.setItem(n, c, item)
        header = self.due.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(heads) - 1, QHeaderView.ResizeMode.Stretch)
        self.due.setVisible(bool(v.due))
        self.due_empty.setVisible(not v.due)
        self.due_empty.setText(_("No report is due in the coming weeks, and every recent "
                                 "period is approved. Nothing to chase."))

        self.arrived_box.setTitle(_("Arrived in the last two weeks"))
        self.arrived.setColumnCount(3)
        self.arrived.setHorizontalHeaderLabels([_("Department"), _("Period"),
                                                pgettext("arrival time", "Imported")])
        self.arrived.setRowCount(len(v.arrived))
        for n, a in enumerate(v.arrived):
            for c, text in enumerate([a.department, ", ".join(_period_label(p, lang)
                                                             for p in a.periods),
                                      a.imported_at.strftime("%d/%m %H:%M")]):
                self.arrived.setItem(n, c, QTableWidgetItem(text))
        self.arrived.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.arrived.horizontalHeader().setStretchLastSection(True)
        self.arrived.setVisible(bool(v.arrived))
        self.arrived_empty.setVisible(not v.arrived)
        self.arrived_empty.setText(_("No bundle arrived lately. When a department sends one "
                                     "(USB stick or email), open it on the page \"Import "
                                     "bundles\", or drop it on the window."))

        self.review_box.setTitle(_("Waits for review"))
        if v.open_conflicts or v.open_questions:
            self.review_label.setText(_("{conflicts} conflict(s) to decide; {questions} "
                                        "question(s) to departments not answered yet.").format(
                conflicts=v.open_conflicts, questions=v.open_questions))
        else:
            self.review_label.setText(_("Nothing waits for review: no open conflict and no "
                                        "unanswered question."))
        self.review_button.setText(_("Open the conflicts"))
        self.review_button.setEnabled(bool(v.open_conflicts))

    def go_next(self) -> None:
        if self.view is not None and self.view.next_step is not None:
            show_page(self, self.view.next_step.page)


register_page(PageSpec(
    key="today",
    title=lambda: _("Today"),
    factory=TodayPage,
    roles=frozenset({"office"}),
    order=5,
    shortcut="Ctrl+0",
))
