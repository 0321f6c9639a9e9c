"""Is a new value far out of line with the field's own recent history?

Modified z-score (Iglewicz and Hoaglin): ``z = 0.6745 × (x − median) / MAD``
over up to the last :data:`HISTORY_SIZE` values; ``|z| > 3.5`` is an outlier.
Median and MAD resist the very spikes we look for, unlike mean and standard
deviation. Fewer than :data:`MIN_HISTORY` past values: no judgement.

When MAD is 0 (at least half the history equals the median, typically a
count that is mostly zero, with a few seasonal events) the z-score is
undefined. Falling back to the mean absolute deviation would flag every
seasonal event, so we use two rules that only catch order-of-magnitude slips
(``9275`` for ``9,275``):

* the history is all one value ``c``: warn when ``c ≠ 0`` and ``|x − c| > |c|``
  (the value more than doubles or changes sign); an all-zero history never
  warns, since any first occurrence is plausible;
* otherwise: warn when ``|x − median|`` is more than :data:`FLAT_FACTOR` (10)
  times the largest deviation the history has shown.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from chiso_desktop.values.formula import DECIMAL_CONTEXT

HISTORY_SIZE = 12
MIN_HISTORY = 6
Z_THRESHOLD = Decimal("3.5")
Z_CONSTANT = Decimal("0.6745")
FLAT_FACTOR = Decimal(10)


@dataclass(frozen=True)
class Outlier:
    value: Decimal
    median: Decimal
    score: Decimal | None
    """The modified z-score; None when the history's MAD is 0 (flat-series rules)."""


def recent(history: Iterable[Decimal | None]) -> list[Decimal]:
    """The last :data:`HISTORY_SIZE` actual values, oldest first."""
    values = [h for h in history if isinstance(h, Decimal) and h.is_finite()]
    return values[-HISTORY_SIZE:]


def modified_z_score(value: Decimal, history: list[Decimal]) -> Decimal | None:
    """The score of ``value`` against ``history``; None when MAD is 0."""
    with localcontext(DECIMAL_CONTEXT):
        median = statistics.median(history)
        mad = statistics.median([abs(h - median) for h in history])
        if mad.is_zero():
            return None
        return Z_CONSTANT * (value - median) / mad


def check_outlier(value: Decimal, history: Iterable[Decimal | None]) -> Outlier | None:
    """An :class:`Outlier` when ``value`` is out of line with ``history`` (oldest first)."""
    past = recent(history)
    if len(past) < MIN_HISTORY:
        return None
    with localcontext(DECIMAL_CONTEXT):
        median = statistics.median(past)
        score = modified_z_score(value, past)
        if score is not None:
            return Outlier(value, median, score) if abs(score) > Z_THRESHOLD else None
        spread = max(abs(h - median) for h in past)
        deviation = abs(value - median)
        if spread.is_zero():
            if not median.is_zero() and deviation > abs(median):
                return Outlier(value, median, None)
            return None
        if deviation > FLAT_FACTOR * spread:
            return Outlier(value, median, None)
        return None
