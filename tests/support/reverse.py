"""A pytest plugin that runs the collected tests last to first (``-p tests.support.reverse``).

Used by ``tests/test_order.py`` to show that no test depends on another having run first.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.reverse()
