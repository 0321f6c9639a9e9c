"""Fixtures for the bundle tests (helpers live in ward.py)."""

from __future__ import annotations

import pytest

from .ward import Forger, small_bundle


@pytest.fixture
def forger() -> Forger:
    return Forger()


@pytest.fixture(scope="session")
def bundle_bytes() -> bytes:
    return small_bundle()
