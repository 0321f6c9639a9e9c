"""How many examples a hypothesis test tries: every one in the whole run, a quarter in the
quick loop.

The usual split of Hypothesis profiles ("dev" and "ci"): ``.ci/run`` (``pytest -m "slow or
not slow"``, or any run that asks for the slow tests) tries the full count; an everyday
``pytest`` (``-m 'not slow'``, the default) tries a quarter of it, at least 25 (or all of
a count under 25). A failure found once is kept in Hypothesis's example database
(``.hypothesis/``) and tried first the next time, at either size. ``tests/conftest.py``
decides which run this is before any test module is imported.
"""

from __future__ import annotations

FULL = True
"""Whether this run tries the full counts (set by ``tests/conftest.py: pytest_configure``)."""

QUICK_SHARE = 4
QUICK_FLOOR = 25


def example_count(count: int) -> int:
    """``count`` in the whole run; in the quick loop a quarter of it, at least 25."""
    if FULL:
        return count
    return max(min(count, QUICK_FLOOR), count // QUICK_SHARE)


def is_full_run(markexpr: str) -> bool:
    """Whether ``-m markexpr`` is a run with the slow tests (the quick loop is 'not slow')."""
    return markexpr.replace(" ", "") != "notslow"
