"""dataValueSets (JSON) and ADX messages (XML) of a period, written and read (docs/dhis2.md).

Pure data in and out: ``ValueSet`` is what both formats say; the store side
(which values, which units) is ``office/dhis2/export.py`` and ``importer.py``.
The JSON writer is deterministic (values sorted, keys in a fixed order), so a
dataValueSet read back and written again is byte for byte the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.sax.saxutils import quoteattr

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period, PeriodError, parse_period

ADX_NAMESPACE = "urn:ihe:qrph:adx:2015"
_DURATION = {Frequency.YEAR: "P1Y", Frequency.HALF_YEAR: "P6M", Frequency.QUARTER: "P3M",
             Frequency.MONTH: "P1M", Frequency.WEEK: "P7D", Frequency.DAY: "P1D"}
_TOP_KEYS = {"dataSet", "period", "orgUnit", "completeDate", "attributeOptionCombo",
             "dataValues"}
_VALUE_KEYS = {"dataElement", "categoryOptionCombo", "value", "comment", "period", "orgUnit",
               "attributeOptionCombo", "storedBy", "created", "lastUpdated", "followup"}
MAX_VALUES = 1_000_000


@dataclass(frozen=True, order=True)
class DhisValue:
    org_unit: str
    data_element: str
    category_option_combo: str
    value: str
    """Empty for a comment-only value ("Không phát sinh" under the ``comment`` rule)."""
    comment: str = ""


@dataclass
class ValueSet:
    data_set: str
    period: str
    values: list[DhisValue] = field(default_factory=list)
    complete: dict[str, str] = field(default_factory=dict)
    """orgUnit → completeDate (ISO date) for units whose period is approved and locked."""

    @property
    def org_units(self) -> list[str]:
        return sorted({v.org_unit for v in self.values} | set(self.complete))


def iso_period(period: Period) -> str:
    """ADX's period: the start date and an ISO 8601 duration (``2026-06-01/P1M``).

    An hour starts at a dateTime, seconds included as ``xs:dateTime`` demands
    (``2026-06-01T14:00:00/PT1H``); the schema's TimeRangeType accepts it.
    """
    if period.frequency is Frequency.HOUR:
        return f"{period.start_at.isoformat(timespec='seconds')}/PT1H"
    return f"{period.start.isoformat()}/{_DURATION[period.frequency]}"


def refuse_hourly(period_id: str) -> None:
    """DHIS2's period types stop at the day: an hour has no dataValueSet period."""
    try:
        period = parse_period(period_id)
    except PeriodError:
        return
    if period.frequency is Frequency.HOUR:
        raise Refused(_("DHIS2 has no hourly period, so {period} cannot be written as a "
                        "dataValueSet. Choose the ADX format, which has hours, or export "
                        "the day.").format(period=period.label()))


# --- JSON ------------------------------------------------------------------------


def to_json(vs: ValueSet) -> bytes:
    """The dataValueSet; one org unit goes on top, several go on each value."""
    refuse_hourly(vs.period)
    units = vs.org_units
    single = len(units) == 1
    doc: dict[str, Any] = {"dataSet": vs.data_set, "period": vs.period}
    if single:
        doc["orgUnit"] = units[0]
        if units[0] in vs.complete:
            doc["completeDate"] = vs.complete[units[0]]
    values = []
    for v in sorted(vs.values):
        item: dict[str, Any] = {"dataElement": v.data_element}
        if not single:
            item["orgUnit"] = v.org_unit
        item["categoryOptionCombo"] = v.category_option_combo
        item["value"] = v.value
        if v.comment:
            item["comment"] = v.comment
        values.append(item)
    doc["dataValues"] = values
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def registrations_json(vs: ValueSet) -> bytes:
    """completeDataSetRegistrations for every unit whose period is locked."""
    refuse_hourly(vs.period)
    doc = {"completeDataSetRegistrations": [
        {"dataSet": vs.data_set, "period": vs.period, "organisationUnit": unit,
         "completed": True, "date": date}
        for unit, date in sorted(vs.complete.items())]}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bad(detail: str) -> Refused:
    return Refused(_("The dataValueSet cannot be read: {detail}.").format(detail=detail))


def _token(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 230:
        raise _bad(_("{what} must be an identifier").format(what=what))
    return value.strip()


def from_json(data: bytes, default_coc: str) -> ValueSet:
    """Read a dataValueSet (our own or a DHIS2 export of the same shape), strictly."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad(_("not UTF-8 JSON")) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("dataValues"), list):
        raise _bad(_("it has no dataValues list"))
    unknown = set(doc) - _TOP_KEYS
    if unknown:
        raise _bad(_("unknown keys {keys}").format(keys=", ".join(sorted(unknown))))
    if len(doc["dataValues"]) > MAX_VALUES:
        raise _bad(_("too many values"))
    top_period = doc.get("period")
    top_unit = doc.get("orgUnit")
    periods: set[str] = set()
    values: list[DhisValue] = []
    for n, item in enumerate(doc["dataValues"], 1):
        if not isinstance(item, dict) or set(item) - _VALUE_KEYS:
            raise _bad(_("value {n} has unknown keys").format(n=n))
        period = item.get("period", top_period)
        if not isinstance(period, str):
            raise _bad(_("value {n} has no period").format(n=n))
        periods.add(period)
        unit = _token(item.get("orgUnit", top_unit), "orgUnit")
        value = item.get("value", "")
        if value is None:
            value = ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _bad(_("value {n} is not text or a number").format(n=n))
        if isinstance(value, float):
            value = repr(value)
        comment = item.get("comment") or ""
        if not isinstance(comment, str) or len(comment) > 50_000:
            raise _bad(_("value {n} has a bad comment").format(n=n))
        values.append(DhisValue(unit, _token(item.get("dataElement"), "dataElement"),
                                _token(item.get("categoryOptionCombo") or default_coc,
                                       "categoryOptionCombo"),
                                str(value).strip(), comment))
    if top_period is not None:
        periods.add(top_period)
    if len(periods) != 1:
        raise _bad(_("it must hold exactly one period"))
    period = periods.pop()
    try:
        hourly = parse_period(period).frequency is Frequency.HOUR
    except PeriodError as exc:
        raise _bad(_("the period {period} is not a DHIS2 period").format(period=period)) from exc
    if hourly:  # DHIS2 has no hourly period type: no DHIS2 wrote this
        raise _bad(_("the period {period} is not a DHIS2 period").format(period=period))
    complete: dict[str, str] = {}
    if doc.get("completeDate"):
        if not isinstance(top_unit, str):
            raise _bad(_("completeDate needs the orgUnit at the top"))
        complete[top_unit] = str(doc["completeDate"])[:10]
    data_set = doc.get("dataSet") or ""
    if not isinstance(data_set, str):
        raise _bad(_("dataSet must be an identifier"))
    return ValueSet(data_set, period, values, complete)


# --- ADX -------------------------------------------------------------------------


def _is_decimal(text: str) -> bool:
    try:
        return Decimal(text).is_finite() and "e" not in text.lower()
    except InvalidOperation:
        return False


def to_adx(vs: ValueSet, exported: datetime, default_coc: str) -> bytes:
    """An ADX message: one group per org unit; numbers only, as the schema demands.

    ADX values are decimals: comment-only values and text are left out (the
    dataValueSet carries them). The default categoryOptionCombo is left out,
    as DHIS2 does.
    """
    period = iso_period(parse_period(vs.period))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<adx xmlns="{ADX_NAMESPACE}" exported={quoteattr(exported.isoformat())}>']
    by_unit: dict[str, list[DhisValue]] = {}
    for v in sorted(vs.values):
        if v.value and _is_decimal(v.value):
            by_unit.setdefault(v.org_unit, []).append(v)
    if not by_unit:
        raise Refused(_("Nothing to write as ADX: no numeric values are mapped for this "
                        "period."))
    for unit, values in by_unit.items():
        extra = f" completeDate={quoteattr(vs.complete[unit])}" if unit in vs.complete else ""
        lines.append(f"  <group orgUnit={quoteattr(unit)} period={quoteattr(period)} "
                     f"dataSet={quoteattr(vs.data_set)}{extra}>")
        for v in values:
            coc = (f" categoryOptionCombo={quoteattr(v.category_option_combo)}"
                   if v.category_option_combo != default_coc else "")
            head = (f"    <dataValue dataElement={quoteattr(v.data_element)}{coc} "
                    f"value={quoteattr(v.value)}")
            if v.comment:
                lines.append(f"{head}><annotation>{_escape(v.comment)}</annotation>"
                             "</dataValue>")
            else:
                lines.append(f"{head}/>")
        lines.append("  </group>")
    lines.append("</adx>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _escape(text: str) -> str:
    """XML text: escaped, and without the control characters XML 1.0 cannot hold."""
    from xml.sax.saxutils import escape

    return escape("".join(c for c in text if c >= " " or c in "\t\n\r"))
