"""Reporting periods: DHIS2 ids, what officers type, and labels.

A period is identified by its DHIS2-style id (``2026``, ``2026S1``,
``2026Q2``, ``202606``, ``2026W23``, ``20260615``) because that is what the
city's systems exchange and what bundles store; the UI shows the Vietnamese
label ("Quý II/2026"). Weeks are ISO 8601 weeks (Monday start, week 1 holds
the year's first Thursday), so a week id's year is the ISO year, which can
differ from the calendar year of its days.

All date arithmetic goes through :mod:`datetime` and :mod:`calendar`.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.i18n import _

MIN_YEAR = 1900
MAX_YEAR = 2999
"""Years outside this range are refused: they are typos, and keeping a margin
from ``date.min``/``date.max`` lets ``previous()`` never overflow."""

FREQUENCY_ORDER: tuple[Frequency, ...] = (
    Frequency.DAY,
    Frequency.WEEK,
    Frequency.MONTH,
    Frequency.QUARTER,
    Frequency.HALF_YEAR,
    Frequency.YEAR,
)

_ROMAN = ("I", "II", "III", "IV")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


class PeriodError(ValueError):
    """A period id or label that cannot be read; the message lists accepted forms."""


@dataclass(frozen=True)
class Period:
    id: str
    frequency: Frequency
    start: date
    end: date

    # --- labels -----------------------------------------------------------

    def label(self, lang: str = "vi") -> str:
        """Human label; Vietnamese forms follow what ward reports print."""
        y = self.start.year
        f = self.frequency
        if lang == "vi":
            if f is Frequency.YEAR:
                return f"Năm {y}"
            if f is Frequency.HALF_YEAR:
                part = "đầu" if self.start.month == 1 else "cuối"
                return f"6 tháng {part} năm {y}"
            if f is Frequency.QUARTER:
                return f"Quý {_ROMAN[self._index() - 1]}/{y}"
            if f is Frequency.MONTH:
                return f"Tháng {self.start.month}/{y}"
            if f is Frequency.WEEK:
                iso_year, week, _day = self.start.isocalendar()
                return f"Tuần {week}/{iso_year}"
            return f"Ngày {self.start.day}/{self.start.month}/{y}"
        if f is Frequency.YEAR:
            return f"Year {y}"
        if f is Frequency.HALF_YEAR:
            part = "First" if self.start.month == 1 else "Second"
            return f"{part} half of {y}"
        if f is Frequency.QUARTER:
            return f"Q{self._index()} {y}"
        if f is Frequency.MONTH:
            return f"{_EN_MONTHS[self.start.month - 1]} {y}"
        if f is Frequency.WEEK:
            iso_year, week, _day = self.start.isocalendar()
            return f"Week {week} of {iso_year}"
        return f"{_EN_MONTHS[self.start.month - 1]} {self.start.day}, {y}"

    def __str__(self) -> str:
        return self.id

    # --- navigation -------------------------------------------------------

    def previous(self) -> Period:
        """The period of the same frequency just before this one."""
        return _period_containing(self.frequency, self.start - timedelta(days=1))

    def next(self) -> Period:
        return _period_containing(self.frequency, self.end + timedelta(days=1))

    def same_period_last_year(self) -> Period:
        """"Cùng kỳ năm trước".

        Weeks: the same ISO week number one ISO year earlier; week 53 maps to
        week 52 when the earlier year has no week 53. Days: the same date one
        year earlier; 29 February maps to 28 February.
        """
        f = self.frequency
        if f is Frequency.WEEK:
            iso_year, week, _day = self.start.isocalendar()
            week = min(week, _weeks_in_iso_year(iso_year - 1))
            return week_period(iso_year - 1, week)
        if f is Frequency.DAY:
            y, m, d = self.start.year - 1, self.start.month, self.start.day
            d = min(d, calendar.monthrange(y, m)[1])
            return day_period(date(y, m, d))
        # month, quarter, half-year, year: same months one year earlier.
        start = date(self.start.year - 1, self.start.month, 1)
        return _period_containing(f, start)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def _index(self) -> int:
        """1-based position within its year for quarters and halves."""
        months = 3 if self.frequency is Frequency.QUARTER else 6
        return (self.start.month - 1) // months + 1


# --- constructors -----------------------------------------------------------


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            _("The year {year} is out of range ({low}–{high}).").format(
                year=year, low=MIN_YEAR, high=MAX_YEAR
            )
        )


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year_period(year: int) -> Period:
    _check_year(year)
    return Period(str(year), Frequency.YEAR, date(year, 1, 1), date(year, 12, 31))


def half_year_period(year: int, half: int) -> Period:
    _check_year(year)
    if half not in (1, 2):
        raise PeriodError(_("A half-year is 1 or 2."))
    first = 1 if half == 1 else 7
    return Period(
        f"{year}S{half}", Frequency.HALF_YEAR, date(year, first, 1), _month_end(year, first + 5)
    )


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year)
    if not 1 <= quarter <= 4:
        raise PeriodError(_("A quarter is 1 to 4 (I to IV)."))
    first = 3 * (quarter - 1) + 1
    return Period(
        f"{year}Q{quarter}", Frequency.QUARTER, date(year, first, 1), _month_end(year, first + 2)
    )


def month_period(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise PeriodError(_("A month is 1 to 12."))
    return Period(f"{year}{month:02d}", Frequency.MONTH, date(year, month, 1), _month_end(year, month))


def _weeks_in_iso_year(iso_year: int) -> int:
    """52 or 53: 28 December always lies in the ISO year's last week."""
    return date(iso_year, 12, 28).isocalendar()[1]


def week_period(iso_year: int, week: int) -> Period:
    _check_year(iso_year)
    if not 1 <= week <= _weeks_in_iso_year(iso_year):
        raise PeriodError(
            _("The year {year} has weeks 1 to {last}.").format(
                year=iso_year, last=_weeks_in_iso_year(iso_year)
            )
        )
    start = date.fromisocalendar(iso_year, week, 1)
    return Period(f"{iso_year}W{week}", Frequency.WEEK, start, start + timedelta(days=6))


def day_period(day: date) -> Period:
    _check_year(day.year)
    return Period(day.strftime("%Y%m%d"), Frequency.DAY, day, day)


def _day(year: int, month: int, day: int) -> Period:
    _check_year(year)
    try:
        return day_period(date(year, month, day))
    except ValueError as exc:
        raise PeriodError(
            _("{day}/{month}/{year} is not a date.").format(day=day, month=month, year=year)
        ) from exc


def _period_containing(frequency: Frequency, day: date) -> Period:
    if frequency is Frequency.YEAR:
        return year_period(day.year)
    if frequency is Frequency.HALF_YEAR:
        return half_year_period(day.year, 1 if day.month <= 6 else 2)
    if frequency is Frequency.QUARTER:
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    if frequency is Frequency.MONTH:
        return month_period(day.year, day.month)
    if frequency is Frequency.WEEK:
        iso_year, week, _weekday = day.isocalendar()
        return week_period(iso_year, week)
    return day_period(day)


def period_containing(frequency: Frequency | str, day: date) -> Period:
    """The period of ``frequency`` that holds ``day`` (weeks: the ISO week)."""
    return _period_containing(Frequency(frequency), day)


# --- parsing ----------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: 'Quý  II/2026' -> 'quy ii/2026'."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.casefold().split())


_Y = r"([0-9]{4})"
_SEP = r"\s*[/.\-]\s*"
_ROMAN_NUM = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.ASCII), kind)
    for p, kind in (
        # DHIS2 ids
        (rf"^{_Y}$", "year"),
        (rf"^{_Y}s([0-9])$", "half"),
        (rf"^{_Y}q([0-9])$", "quarter"),
        (rf"^{_Y}([0-9]{{2}})$", "month"),
        (rf"^{_Y}-?w([0-9]{{1,2}})$", "week"),
        (rf"^{_Y}([0-9]{{2}})([0-9]{{2}})$", "day"),
        # ISO dates
        (rf"^{_Y}-([0-9]{{1,2}})$", "month"),
        (rf"^{_Y}-([0-9]{{1,2}})-([0-9]{{1,2}})$", "day"),
        # Vietnamese
        (rf"^nam {_Y}$", "year"),
        (rf"^(?:6 thang dau(?: nam)?|nua dau nam) {_Y}$", "h1"),
        (rf"^(?:6 thang cuoi(?: nam)?|nua cuoi nam) {_Y}$", "h2"),
        (rf"^s([12])(?:{_SEP}|\s+){_Y}$", "half-sy"),
        (rf"^(?:quy|q)\s*([0-9]|iv|iii|ii|i)(?:{_SEP}|\s+(?:nam\s+)?){_Y}$", "quarter-any"),
        (rf"^(?:thang|t)\s*([0-9]{{1,2}})(?:{_SEP}|\s+(?:nam\s+)?){_Y}$", "month-my"),
        (rf"^([0-9]{{1,2}}){_SEP}{_Y}$", "month-my"),
        (rf"^(?:tuan|week|w)\s*([0-9]{{1,2}})(?:{_SEP}|\s+(?:nam\s+|of\s+)?|,\s*){_Y}$", "week-wy"),
        (rf"^(?:ngay\s*)?([0-9]{{1,2}}){_SEP}([0-9]{{1,2}}){_SEP}{_Y}$", "day-dmy"),
        # English labels
        (rf"^year {_Y}$", "year"),
        (rf"^(?:first|1st) half(?: of)? {_Y}$", "h1"),
        (rf"^(?:second|2nd) half(?: of)? {_Y}$", "h2"),
    )
)
_EN_MONTH_RE = re.compile(
    r"^(" + "|".join(m.lower() for m in _EN_MONTHS) + r")(?:\s+([0-9]{1,2}),?)?\s+([0-9]{4})$",
    re.ASCII,
)


def accepted_forms() -> str:
    return _(
        "Accepted forms: 2026, 2026S1, 2026Q2, 202606, 2026W23, 20260615, "
        "T6/2026, 6/2026, Tháng 6/2026, Q2/2026, Quý II/2026, "
        "6 tháng đầu năm 2026, 6 tháng cuối năm 2026, Năm 2026, Tuần 23/2026, 15/6/2026."
    )


def parse_period(text: str) -> Period:
    """Read a DHIS2 id or what an officer types; raise :class:`PeriodError` otherwise."""
    if not isinstance(text, str):
        raise PeriodError(_("A period must be text.") + " " + accepted_forms())
    folded = _fold(text)
    if not folded:
        raise PeriodError(_("No period given.") + " " + accepted_forms())
    try:
        period = _parse_folded(folded)
    except PeriodError as exc:
        raise PeriodError(f"{exc} {accepted_forms()}") from None
    if period is None:
        raise PeriodError(
            _("“{text}” is not a period.").format(text=text.strip()[:60]) + " " + accepted_forms()
        )
    return period


def _parse_folded(folded: str) -> Period | None:
    m = _EN_MONTH_RE.match(folded)
    if m:
        month = [x.lower() for x in _EN_MONTHS].index(m.group(1)) + 1
        if m.group(2):
            return _day(int(m.group(3)), month, int(m.group(2)))
        return month_period(int(m.group(3)), month)
    m = re.match(r"^q([1-4]) ([0-9]{4})$", folded, re.ASCII)
    if m:
        return quarter_period(int(m.group(2)), int(m.group(1)))
    for pattern, kind in _PATTERNS:
        m = pattern.match(folded)
        if not m:
            continue
        g = m.groups()
        if kind == "year":
            return year_period(int(g[0]))
        if kind == "half":
            return half_year_period(int(g[0]), int(g[1]))
        if kind == "h1":
            return half_year_period(int(g[-1]), 1)
        if kind == "h2":
            return half_year_period(int(g[-1]), 2)
        if kind == "half-sy":
            return half_year_period(int(g[1]), int(g[0]))
        if kind == "quarter":
            return quarter_period(int(g[0]), int(g[1]))
        if kind == "quarter-any":
            q = _ROMAN_NUM[g[0]] if g[0] in _ROMAN_NUM else int(g[0])
            return quarter_period(int(g[1]), q)
        if kind == "month":
            return month_period(int(g[0]), int(g[1]))
        if kind == "month-my":
            return month_period(int(g[1]), int(g[0]))
        if kind == "week":
            return week_period(int(g[0]), int(g[1]))
        if kind == "week-wy":
            return week_period(int(g[1]), int(g[0]))
        if kind == "day":
            return _day(int(g[0]), int(g[1]), int(g[2]))
        if kind == "day-dmy":
            return _day(int(g[2]), int(g[1]), int(g[0]))
    return None


# --- calendars of periods ---------------------------------------------------


def periods_of_year(year: int, frequency: Frequency | str) -> list[Period]:
    """All periods of one frequency in a year, in order.

    Weeks are those of the ISO year ``year`` (52 or 53), so the first may
    start in late December of the year before.
    """
    f = Frequency(frequency)
    _check_year(year)
    if f is Frequency.YEAR:
        return [year_period(year)]
    if f is Frequency.HALF_YEAR:
        return [half_year_period(year, h) for h in (1, 2)]
    if f is Frequency.QUARTER:
        return [quarter_period(year, q) for q in range(1, 5)]
    if f is Frequency.MONTH:
        return [month_period(year, m) for m in range(1, 13)]
    if f is Frequency.WEEK:
        return [week_period(year, w) for w in range(1, _weeks_in_iso_year(year) + 1)]
    first = date(year, 1, 1)
    days = 366 if calendar.isleap(year) else 365
    return [day_period(first + timedelta(days=i)) for i in range(days)]


def due_periods(frequencies: Iterable[Frequency | str], year: int) -> list[Period]:
    """Every period of ``year`` in which an indicator with ``frequencies`` is due.

    Sorted by end date, shorter periods first when they end together (June
    before Q2 before the first half-year), which is the order reports fall due.
    """
    found: list[Period] = []
    for f in {Frequency(x) for x in frequencies}:
        found.extend(periods_of_year(year, f))
    return sorted(found, key=lambda p: (p.end, FREQUENCY_ORDER.index(p.frequency)))


def is_due(frequencies: Iterable[Frequency | str], period: Period) -> bool:
    """An indicator is due in a period whose frequency is one of its frequencies."""
    return period.frequency in {Frequency(x) for x in frequencies}
