"""values.json: the period's values a department sends, checked strictly.

A list of records ``{code, period, state, value, note, revision, officer}``.
``value`` is the canonical string (``"9275"``, ``"51.9"``, a choice code or
text) when ``state`` is ``"value"`` and null otherwise: "not applicable" and
"missing" are states, never zeros. Meaning against the catalog (is the code
known, is the number in bounds) is the store's job; here only the shape.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from chiso_desktop.bundle.canonical import StrictJSONError, canonical_json, strict_loads
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.bundle.manifest import PERIOD
from chiso_desktop.i18n import _

VALUES_NAME = "values.json"
STATES = ("value", "not-applicable", "missing")
_KEYS = {"code", "period", "state", "value", "note", "revision", "officer"}
_MAX_CODE = 200
_MAX_TEXT = 10_000


@dataclass(frozen=True)
class ValueRecord:
    code: str
    period: str
    state: str
    value: str | None
    note: str = ""
    revision: int = 0
    officer: str = ""

    def to_mapping(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "period": self.period,
            "state": self.state,
            "value": self.value,
            "note": self.note,
            "revision": self.revision,
            "officer": self.officer,
        }


def values_to_json(records: Iterable[ValueRecord]) -> bytes:
    """values.json bytes; records are checked the same way the reader checks them."""
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
    if not isinstance(value, str) or len(value) > limit:
        raise _bad(index, f"{key} must be text")
    if "\x00" in value:
        raise _bad(index, f"{key} contains a NUL character")
    return unicodedata.normalize("NFC", value)


def parse_values(data: bytes, *, periods: Collection[str] | None = None) -> list[ValueRecord]:
    """Parse values.json; refuse the whole file at the first malformed record."""
    try:
        doc = strict_loads(data)
    except StrictJSONError as exc:
        raise BundleRefused(
            Reason.MALFORMED_JSON, _("The bundle's values.json is not valid JSON.")
        ) from exc
    if not isinstance(doc, list):
        raise BundleRefused(Reason.VALUES_INVALID, _("The bundle's values.json is not a list."))
    records: list[ValueRecord] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(doc):
        if not isinstance(item, dict) or set(item) != _KEYS:
            raise _bad(index, "wrong or missing fields")
        code = _text(item, "code", index, _MAX_CODE)
        period = item["period"]
        if not code.strip():
            raise _bad(index, "empty code")
        if not isinstance(period, str) or not PERIOD.fullmatch(period):
            raise _bad(index, "invalid period")
        if periods is not None and period not in periods:
            raise _bad(index, "period not declared in the manifest")
        state = item["state"]
        if state not in STATES:
            raise _bad(index, "unknown state")
        value = item["value"]
        if state == "value":
            value = _text(item, "value", index, _MAX_TEXT)
        elif value is not None:
            raise _bad(index, f"a '{state}' record must have no value")
        revision = item["revision"]
        if type(revision) is not int or not 0 <= revision < 2**31:
            raise _bad(index, "revision must be a non-negative integer")
        if (code, period) in seen:
            raise _bad(index, "the same code and period appear twice")
        seen.add((code, period))
        records.append(
            ValueRecord(
                code=code,
                period=period,
                state=state,
                value=value,
                note=_text(item, "note", index, _MAX_TEXT),
                revision=revision,
                officer=_text(item, "officer", index, 200),
            )
        )
    return records
