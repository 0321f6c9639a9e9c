"""Reporting periods: DHIS2 ids, what officers type, and labels.

A period is identified by its DHIS2-style id (``2026``, ``2026S1``,
``2026Q2``, ``202606``, ``2026W23``, ``20260615``) because that is what the
city's systems exchange and what bundles store; the UI shows the Vietnamese
label ("Quý II/2026"). Hours (``2026060114``, "14h 01/6/2026": the documents'
"Giờ/Ngày" emergency reporting) extend the day id with the hour 00–23; DHIS2
has no such period type (``office/dhis2`` maps it to ADX only). An hour's
``start`` and ``end`` are its day, so every date-based check (a locked month,
the containing day) sees it inside that day; ``hour`` says which hour. Weeks are ISO 8601 weeks (Monday start, week 1 holds
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
from datetime import date, datetime, time, timedelta

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.i18n import _

MIN_YEAR = 1900
MAX_YEAR = 2999
"""Years outside this range are refused: they are typos, and keeping a margin
from ``date.min``/``date.max`` lets ``previous()`` never overflow."""

FREQUENCY_ORDER: tuple[Frequency, ...] = (
    Frequency.HOUR,
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
    hour: int | None = None
    """0–23 for an hour period (its ``start`` and ``end`` are its day); None otherwise."""

    # --- labels -----------------------------------------------------------

    def label(self, lang: str = "vi") -> str:
        """Human label; Vietnamese forms follow what ward reports print."""
        y = self.start.year
        f = self.frequency
        if f is Frequency.HOUR:
            if lang == "vi":  # "14h 01/6/2026", as the issue and the city's bulletins write it
                return f"{self.hour:02d}h {self.start.day:02d}/{self.start.month}/{y}"
            return f"{_EN_MONTHS[self.start.month - 1]} {self.start.day}, {y}, {self.hour:02d}:00"
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

    # --- time span and order ----------------------------------------------

    @property
    def start_at(self) -> datetime:
        """The first moment of the period (local time, as the office's clock reads)."""
        return datetime.combine(self.start, time(self.hour or 0))

    @property
    def end_at(self) -> datetime:
        """The first moment after the period (exclusive): 15:00 for the 14h period."""
        if self.hour is not None:
            return self.start_at + timedelta(hours=1)
        return datetime.combine(self.end + timedelta(days=1), time())

    @property
    def sort_key(self) -> tuple[datetime, int]:
        """Periods in the order they end, shorter first when they end together
        (14h before 15h before the day before June before Q2): the order reports fall due."""
        return (self.end_at, FREQUENCY_ORDER.index(self.frequency))

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: Period) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: Period) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: Period) -> bool:
        return self.sort_key >= other.sort_key

    def contains_period(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period (an hour in its day and month)."""
        return self.start_at <= other.start_at and other.end_at <= self.end_at

    def enclosing(self) -> list[Period]:
        """The longer periods that hold this one, shortest first.

        An hour lies in its day, ISO week, month, quarter, half-year and year; a
        day in all but the hour; a week only in those that hold all its days.
        What locks a month locks these too (a day or an hour of a locked month).
        """
        out = []
        for f in FREQUENCY_ORDER[FREQUENCY_ORDER.index(self.frequency) + 1:]:
            for day in (self.start, self.end):
                candidate = _period_containing(f, day)
                if candidate.contains_period(self) and candidate not in out:
                    out.append(candidate)
        return out

    def hours(self) -> list[Period]:
        """The 24 hours of a day period, 00h first; [] for other periods."""
        if self.frequency is not Frequency.DAY:
            return []
        return hours_of_day(self.start)

    # --- navigation -------------------------------------------------------

    def previous(self) -> Period:
        """The period of the same frequency just before this one."""
        if self.hour is not None:
            return hour_period(self.start_at - timedelta(hours=1))
        return _period_containing(self.frequency, self.start - timedelta(days=1))

    def next(self) -> Period:
        if self.hour is not None:
            return hour_period(self.start_at + timedelta(hours=1))
        return _period_containing(self.frequency, self.end + timedelta(days=1))

    def same_period_last_year(self) -> Period:
        """"Cùng kỳ năm trước".

        Weeks: the same ISO week number one ISO year earlier; week 53 maps to
        week 52 when the earlier year has no week 53. Days: the same date one
        year earlier; 29 February maps to 28 February. Hours: the same hour of
        that day.
        """
        f = self.frequency
        if f is Frequency.HOUR:
            day = Period("", Frequency.DAY, self.start, self.start).same_period_last_year()
            return hour_period(datetime.combine(day.start, time(self.hour or 0)))
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


def hour_period(moment: datetime) -> Period:
    """The hour period holding ``moment`` (minutes and seconds do not matter)."""
    _check_year(moment.year)
    day = moment.date()
    return Period(f"{day.strftime('%Y%m%d')}{moment.hour:02d}", Frequency.HOUR, day, day,
                  moment.hour)


def hours_of_day(day: date) -> list[Period]:
    """The 24 hour periods of ``day``, 00h to 23h."""
    return [hour_period(datetime.combine(day, time(h))) for h in range(24)]


def _hour(year: int, month: int, day: int, hour: int) -> Period:
    period = _day(year, month, day)
    if not 0 <= hour <= 23:
        raise PeriodError(_("An hour is 00 to 23 (the 24h of a day is 00h of the next)."))
    return hour_period(datetime.combine(period.start, time(hour)))


def _day(year: int, month: int, day: int) -> Period:
    _check_year(year)
    try:
        return day_period(date(year, month, day))
    except ValueError as exc:
        raise PeriodError(
            _("{day}/{month}/{year} is not a date.").format(day=day, month=month, year=year)
        ) from exc


def _period_containing(frequency: Frequency, day: date) -> Period:
    if frequency is Frequency.HOUR:
        return hour_period(day if isinstance(day, datetime) else datetime.combine(day, time()))
    if isinstance(day, datetime):
        day = day.date()
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


def period_containing(frequency: Frequency | str, day: date | datetime) -> Period:
    """The period of ``frequency`` that holds ``day`` (weeks: the ISO week).

    Hours: the hour of a datetime; a plain date gives its 00h.
    """
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
_HH = r"([0-9]{1,2})\s*(?:h|gio|:00)(?:\s*00)?"

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
        (rf"^{_Y}([0-9]{{2}})([0-9]{{2}})([0-9]{{2}})$", "hour"),
        # ISO dates and date-times (ADX: 2026-06-01T14:00/PT1H)
        (rf"^{_Y}-([0-9]{{1,2}})-([0-9]{{1,2}})(?:t|\s+)([0-9]{{1,2}})(?::00(?::00)?)?"
         r"(?:/pt1h)?$", "hour"),
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
        # hours: "14h 01/6/2026", "14 giờ ngày 1/6/2026", "14:00 1/6/2026", "1/6/2026 14h"
        (rf"^{_HH}\s*,?\s*(?:ngay\s*)?([0-9]{{1,2}}){_SEP}([0-9]{{1,2}}){_SEP}{_Y}$",
         "hour-hdmy"),
        (rf"^(?:ngay\s*)?([0-9]{{1,2}}){_SEP}([0-9]{{1,2}}){_SEP}{_Y}\s*,?\s*(?:luc\s*)?{_HH}$",
         "hour-dmyh"),
        # English labels
        (rf"^year {_Y}$", "year"),
        (rf"^(?:first|1st) half(?: of)? {_Y}$", "h1"),
        (rf"^(?:second|2nd) half(?: of)? {_Y}$", "h2"),
    )
)
_EN_MONTH_RE = re.compile(
    r"^(" + "|".join(m.lower() for m in _EN_MONTHS) + r")(?:\s+([0-9]{1,2}),?)?\s+([0-9]{4})"
    r"(?:,?\s+([0-9]{1,2}):00)?$",
    re.ASCII,
)


def accepted_forms() -> str:
    return _(
        "Accepted forms: 2026, 2026S1, 2026Q2, 202606, 2026W23, 20260615, "
        "T6/2026, 6/2026, Tháng 6/2026, Q2/2026, Quý II/2026, "
        "6 tháng đầu năm 2026, 6 tháng cuối năm 2026, Năm 2026, Tuần 23/2026, 15/6/2026."
    ) + " " + _("Hours: 2026060114, 14h 01/6/2026.")


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
        if m.group(4) is not None:
            if not m.group(2):
                return None
            return _hour(int(m.group(3)), month, int(m.group(2)), int(m.group(4)))
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
        if kind == "hour":
            return _hour(int(g[0]), int(g[1]), int(g[2]), int(g[3]))
        if kind == "hour-hdmy":
            return _hour(int(g[3]), int(g[2]), int(g[1]), int(g[0]))
        if kind == "hour-dmyh":
            return _hour(int(g[2]), int(g[1]), int(g[0]), int(g[3]))
    return None


# --- calendars of periods ---------------------------------------------------


def periods_of_year(year: int, frequency: Frequency | str) -> list[Period]:
    """All periods of one frequency in a year, in order.

    Weeks are those of the ISO year ``year`` (52 or 53), so the first may
    start in late December of the year before. Hours: all 8,760 (8,784) of them;
    pickers list the hours of one day instead (:func:`hours_of_day`).
    """
    f = Frequency(frequency)
    _check_year(year)
    if f is Frequency.HOUR:
        return [h for d in periods_of_year(year, Frequency.DAY) for h in hours_of_day(d.start)]
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
    return sorted(found, key=lambda p: p.sort_key)


def is_due(frequencies: Iterable[Frequency | str], period: Period) -> bool:
    """An indicator is due in a period whose frequency is one of its frequencies."""
    return period.frequency in {Frequency(x) for x in frequencies}


def periods_to_date(period: Period) -> list[Period]:
    """The periods "lũy kế" (cumulative) adds up, oldest first, ending with ``period``.

    Year to date for every frequency but hours, whose running total is the day's
    so far (an emergency's "trong 24h"): a year of hours is no figure anyone reads.
    """
    if period.frequency is Frequency.HOUR:
        return [h for h in hours_of_day(period.start) if (h.hour or 0) <= (period.hour or 0)]
    return [p for p in periods_of_year(period.start.year, period.frequency)
            if p.start <= period.start]
