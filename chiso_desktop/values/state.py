"""The three states of an entered value.

"Không phát sinh" (nothing happened / not applicable) is a state of its own,
never a zero: a ward with no fires reports zero fires, a ward with no port
reports "not applicable" for port traffic.
"""

from __future__ import annotations

from enum import StrEnum


class ValueState(StrEnum):
    VALUE = "value"
    NOT_APPLICABLE = "not-applicable"
    MISSING = "missing"
