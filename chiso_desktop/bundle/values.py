"""values.json: the period's values a department sends, checked strictly.

A list of records ``{code, combo, period, state, value, note, revision, officer}``
(format version 2; version 1 records have no ``combo``, which means the
default combination, the field's total).
``value`` is the canonical string (``"9275"``, ``"51.9"``, a choice code or
text) when ``state`` is ``"value"`` and null otherwise: "not applicable" and
"missing" are states, never zeros. Meaning against the catalog (is the code
known, is the number in bounds) is the store's job; here only the shape.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

from chiso_desktop.bundle.canonical import StrictJSONError, canonical_json, strict_loads
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.bundle.manifest import PERIOD
from chiso_desktop.i18n import _
from chiso_desktop.values.door import MAX_TEXT
from chiso_desktop.values.state import ValueState

VALUES_NAME = "values.json"
STATES = tuple(ValueState)
DEFAULT_COMBO = "default"
_KEYS_V1 = frozenset({"code", "period", "state", "value", "note", "revision", "officer"})
_KEYS = _KEYS_V1 | {"combo"}
_COMBO = re.compile(r"[a-z0-9][a-z0-9.-]{0,63}")
_COMBOS = re.compile(r"(?:[a-z0-9][a-z0-9.-]{0,63}\n)*")
_MAX_CODE = 200
_MAX_TEXT = MAX_TEXT  # the door's limit: what typing accepts, a bundle carries
_MAX_OFFICER = 200
_MAX_REVISION = 2**31


class ValueRecord(NamedTuple):
    """One value as it travels; a NamedTuple because imports build 100,000s of them."""

    code: str
    period: str
    state: str
    value: str | None
    note: str = ""
    revision: int = 0
    officer: str = ""
    combo: str = DEFAULT_COMBO
    """Category option combination (DHIS2 categoryOptionCombo); ``default`` is the total."""

    def to_mapping(self) -> dict[str, Any]:
        return self._asdict()


def values_to_json(records: Iterable[ValueRecord]) -> bytes:
    """values.json bytes (format 2); records are checked the same way the reader checks them."""
    data = b"[" + b",\n".join(canonical_json(r.to_mapping()) for r in records) + b"]\n"
    parse_values(data)
    return data


def _bad(index: int, detail: str) -> BundleRefused:
    return BundleRefused(
        Reason.VALUES_INVALID,
        _("Value record {index} of the bundle is not valid: {detail}.").format(
            index=index + 1, detail=detail
        ),
    )


def _text(item: dict[str, Any], key: str, index: int, limit: int) -> str:
    value = item[key]
    if type(value) is not str or len(value) > limit:
        raise _bad(index, f"{key} must be text")
    if "\x00" in value:
        raise _bad(index, f"{key} contains a NUL character")
    return unicodedata.normalize("NFC", value)


def _checked_record(
    item: Any, index: int, periods: Collection[str] | None, good_periods: set[str],
    keys: frozenset[str] = _KEYS,
) -> ValueRecord:
    """The slow, precise path: says what is wrong, or normalises text to NFC."""
    if type(item) is not dict or item.keys() != keys:
        raise _bad(index, "wrong or missing fields")
    combo = item.get("combo", DEFAULT_COMBO)
    if type(combo) is not str or not _COMBO.fullmatch(combo):
        raise _bad(index, "invalid combo")
    code = _text(item, "code", index, _MAX_CODE)
    if not code.strip():
        raise _bad(index, "empty code")
    period = item["period"]
    if type(period) is not str or not PERIOD.fullmatch(period):
        raise _bad(index, "invalid period")
    if periods is not None and period not in periods:
        raise _bad(index, "period not declared in the manifest")
    good_periods.add(period)
    state = item["state"]
    value = item["value"]
    if state not in STATES:
        raise _bad(index, "unknown state")
    if state == "value":
        value = _text(item, "value", index, _MAX_TEXT)
    elif value is not None:
        raise _bad(index, f"a '{state}' record must have no value")
    revision = item["revision"]
    if type(revision) is not int or not 0 <= revision < _MAX_REVISION:
        raise _bad(index, "revision must be a non-negative integer")
    note = _text(item, "note", index, _MAX_TEXT)
    officer = _text(item, "officer", index, _MAX_OFFICER)
    return ValueRecord(code, period, state, value, note, revision, officer, combo)


_FIELDS_V1 = itemgetter("code", "period", "state", "value", "note", "revision", "officer")
_FIELDS = itemgetter("code", "period", "state", "value", "note", "revision", "officer", "combo")
_STATE_VALUE_TYPES = {("value", str), ("not-applicable", type(None)), ("missing", type(None))}


def _columns_ok(
    doc: list[Any], periods: Collection[str] | None, keys: frozenset[str] = _KEYS
) -> tuple[list[ValueRecord], int] | None:
    """Check all records column by column at C speed; None if any record needs a closer look.

    Imports handle 100,000s of values, so the common, valid file must not pay
    a Python-level loop per record. Returns the records and the number of
    ":" in their texts (for ``_no_repeated_keys``).
    """
    if not all(type(item) is dict and item.keys() == keys for item in doc):
        return None
    v1 = keys == _KEYS_V1
    rows = list(map(_FIELDS_V1 if v1 else _FIELDS, doc))
    if not rows:
        return [], 0
    if v1:
        rows = [(*row, DEFAULT_COMBO) for row in rows]
    codes, period_col, states, values, notes, revisions, officers, combos = zip(*rows,
                                                                               strict=True)
    if set(map(type, combos)) != {str}:
        return None
    distinct_combos = set(combos)
    if distinct_combos != {DEFAULT_COMBO} and not _COMBOS.fullmatch(
            "\n".join(distinct_combos) + "\n"):
        return None
    texts = (codes, notes, officers)
    if any(set(map(type, column)) != {str} for column in texts):
        return None
    if set(zip(states, map(type, values), strict=True)) - _STATE_VALUE_TYPES:
        return None
    present = [v for v in values if v is not None]
    distinct_periods = set(period_col)
    if not all(type(p) is str and PERIOD.fullmatch(p) for p in distinct_periods):
        return None
    if periods is not None and not distinct_periods <= set(periods):
        return None
    if set(map(type, revisions)) != {int} or min(revisions) < 0 or max(revisions) >= _MAX_REVISION:
        return None
    if (
        min(map(len, codes)) == 0
        or max(map(len, codes)) > _MAX_CODE
        or max(map(len, notes)) > _MAX_TEXT
        or max(map(len, officers)) > _MAX_OFFICER
        or (present and max(map(len, present)) > _MAX_TEXT)
        or any(map(str.isspace, codes))
    ):
        return None
    colons = 0
    for column in (*texts, present):
        # "\n" never composes with a neighbour, so the joined text is NFC iff every piece is.
        joined = "\n".join(column)
        if "\x00" in joined or not unicodedata.is_normalized("NFC", joined):
            return None
        colons += joined.count(":")
    if distinct_combos == {DEFAULT_COMBO}:
        pairs: set[Any] = (set(codes) if len(distinct_periods) == 1
                           else set(zip(codes, period_col, strict=True)))
    else:
        pairs = set(zip(codes, combos, period_col, strict=True))
    if len(pairs) != len(rows):
        return None
    return list(map(partial(tuple.__new__, ValueRecord), rows)), colons


def _no_repeated_keys(data: bytes, n_records: int, text_colons: int,
                      n_keys: int = len(_KEYS)) -> bool:
    """True only if no record repeats a key; False means "not proven", never "refuse".

    For ``data`` parsed without the duplicate-key hook into ``n_records``
    records that ``_columns_ok`` accepted (exactly the keys ``_KEYS``, scalar
    values, periods and states without ":"). In valid JSON a ":" byte is
    either the separator of one object member or a character inside a
    string, and without a ``\\u`` escape a ":" inside a string is written as
    itself. So the file holds ``len(keys) × n_records`` + ``text_colons`` of them,
    plus one for every repeated key and whatever the overwritten values
    held: equality proves there is no repeated key.
    """
    return b"\\u" not in data and data.count(b":") == n_keys * n_records + text_colons


def parse_values(data: bytes, *, periods: Collection[str] | None = None,
                 format_version: int = 2) -> list[ValueRecord]:
    """Parse values.json; refuse the whole file at the first malformed record.

    Duplicate keys are refused like everywhere else: the common file proves
    it has none by counting ":" (``_no_repeated_keys``); any other is parsed
    again with the strict per-object check, then checked record by record.
    """
    try:
        doc = strict_loads(data, duplicates_checked_by_caller=True)
    except StrictJSONError as exc:
        raise BundleRefused(
            Reason.MALFORMED_JSON, _("The bundle's values.json is not valid JSON.")
        ) from exc
    if not isinstance(doc, list):
        raise BundleRefused(Reason.VALUES_INVALID, _("The bundle's values.json is not a list."))
    keys = _KEYS_V1 if format_version < 2 else _KEYS
    fast = _columns_ok(doc, periods, keys)
    if fast is not None and _no_repeated_keys(data, len(doc), fast[1], len(keys)):
        return fast[0]
    try:
        doc = strict_loads(data)
    except StrictJSONError as exc:
        raise BundleRefused(
            Reason.MALFORMED_JSON, _("The bundle's values.json is not valid JSON.")
        ) from exc
    records: list[ValueRecord] = []
    seen: set[tuple[str, str, str]] = set()
    good_periods: set[str] = set()
    for index, item in enumerate(doc):
        record = _checked_record(item, index, periods, good_periods, keys)
        key = (record.code, record.combo, record.period)
        if key in seen:
            raise _bad(index, "the same code and period appear twice")
        seen.add(key)
        records.append(record)
    return records
