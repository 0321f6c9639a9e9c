"""Plain input records for the PDF builders.

The builders never touch the store: the caller gathers these records and
hands them over, so a report can be built (and tested) from literal data.
Values are ``Decimal`` (or ``int``) when numeric, a ready display string when
the value is coded or text, and ``None`` when nothing was reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

Number = Decimal | int
CellValue = Decimal | int | str | None


@dataclass(frozen=True)
class DocumentSettings:
    """The Decree 30 frame around every document: header, recipients, signature.

    ``doc_type`` and ``summary`` default per form when left ``None``.
    ``lang`` switches only the table column headings ("vi" or "en"); the
    official parts of the document stay Vietnamese.
    """

    parent_body: str = "UBND THÀNH PHỐ HẢI PHÒNG"
    issuer: str = "ỦY BAN NHÂN DÂN PHƯỜNG NHỊ CHIỂU"
    place: str = "Nhị Chiểu"
    number: str = ""
    symbol: str = "BC-UBND"
    date: date | None = None
    recipients: Sequence[str] = ()
    signature_lines: Sequence[str] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    signer_name: str = ""
    doc_type: str | None = None
    summary: str | None = None
    lang: str = "vi"


# --- period report -----------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    """One data item (field) of one indicator in the period report.

    Consecutive rows with the same ``indicator_code`` belong to one indicator;
    ``previous`` and ``last_year`` are the same field's values in the previous
    period and the same period last year, when known.
    """

    group_code: str
    group_name: str
    indicator_code: str
    indicator_name: str
    field_label: str
    unit: str
    value: CellValue
    previous: Number | None = None
    last_year: Number | None = None
    note: str = ""
    part: bool = False
    """One option combination of the field above (its breakdown), not a field of its own."""
    heading: bool = False
    """A section title of the indicator's items: printed, holds no value, never counted."""


@dataclass(frozen=True)
class CompletenessSummary:
    """Counts of expected and received values, shown above the report table."""

    expected: int
    received: int
    late: int = 0
    departments_expected: int = 0
    departments_reported: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.received, 0)


@dataclass(frozen=True)
class PeriodReportData:
    unit_name: str
    period_label: str
    rows: Sequence[IndicatorRow]
    completeness: CompletenessSummary | None = None
    catalog_name: str = ""


# --- CCHC statistical forms (Phụ lục 3) --------------------------------------


@dataclass(frozen=True)
class FormItem:
    """One numbered line of a Biểu mẫu: ``formula`` is shown as written (``= 27/52*100``)."""

    number: str
    name: str
    unit: str
    value: CellValue = None
    formula: str = ""
    note: str = ""
    italic: bool = False
    heading: bool = False
    """A section title (``3. Kiểm tra CCHC``): bold, no unit or value."""


@dataclass(frozen=True)
class StatisticalForm:
    number: int
    title: str
    items: Sequence[FormItem]


@dataclass(frozen=True)
class CchcData:
    unit_name: str
    period_label: str
    forms: Sequence[StatisticalForm]
    report_reference: str = ""
    appendix_label: str = "Phụ lục 3"


# --- department cover sheet --------------------------------------------------


@dataclass(frozen=True)
class CoverValue:
    indicator_code: str
    indicator_name: str
    field_label: str
    unit: str
    value: CellValue
    note: str = ""
    field_code: str = ""  # the data item's own code (Mã), e.g. "A.IV.3.a"


@dataclass(frozen=True)
class CoverData:
    """A department's submission sheet for one signed bundle.

    ``bundle_hash`` is the hex digest the QR code carries, so the Office can
    check a paper sheet against the file it imported.
    """

    unit_name: str
    department_name: str
    period_label: str
    bundle_id: str
    bundle_hash: str
    values: Sequence[CoverValue]
    officer_name: str = ""
    head_name: str = ""
    exported_at: datetime | None = None
    key_fingerprint: str = ""


# --- completeness ------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentCompleteness:
    code: str
    name: str
    expected: int
    received: int
    late: int = 0
    overdue: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.received, 0)


@dataclass(frozen=True)
class CompletenessData:
    unit_name: str
    period_label: str
    departments: Sequence[DepartmentCompleteness]
    deadline: date | None = None
    as_of: date | None = None


# --- targets -----------------------------------------------------------------


class TargetStatus(Enum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class TargetRow:
    code: str
    name: str
    threshold: str
    unit: str
    value: CellValue
    status: TargetStatus
    note: str = ""


@dataclass(frozen=True)
class TargetsData:
    unit_name: str
    period_label: str
    targets: Sequence[TargetRow] = field(default_factory=tuple)


# --- city --------------------------------------------------------------------


@dataclass(frozen=True)
class CityWardRow:
    code: str
    name: str
    expected: int
    received: int
    first_received: date | datetime | None
    """The day of the first receipt; for an hour period the moment (printed with its time)."""
    timeliness: str
    """on-time / late / not-sent / pending (``office.city``)."""


@dataclass(frozen=True)
class CityFieldRow:
    code: str
    label: str
    unit: str
    reported: int
    total: str | None
    """The city total, already formatted; None where the field does not add up."""
    per_ward: Sequence[tuple[str, str]] = ()
    """(ward name, formatted value) where there is no total."""


@dataclass(frozen=True)
class CityReportData:
    unit_name: str
    period_label: str
    wards: Sequence[CityWardRow]
    fields: Sequence[CityFieldRow]
    deadline: date | None = None
    deadline_before: datetime | None = None
    """An hour period: the moment the wards' reports were due before (the deadline's time)."""
    as_of: date | datetime | None = None
    """When the wards were judged: a day, or for an hour period the moment."""
