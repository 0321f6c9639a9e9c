"""Issue 12: a breakdown's summed total passes the door like any value.

Each part of a summed breakdown may have 15 digits; four of them can add up to 16, a
total the Office's import (and the city's) refuses as too long. Typing refuses it too,
naming the field, and stores nothing. The shipped catalogs type their totals, so the
Lào Cai set is used with ``B.4.1`` (mined output by mineral) summed, as a province's
own catalog may have it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.entry.ops import Entry, set_values
from chiso_desktop.errors import Refused
from chiso_desktop.periods.period import parse_period
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database
from chiso_desktop.store.models import DataValue
from tests.support.ward import file_state

Q2 = parse_period("2026Q2")
PARTS = ("apatit", "vang", "da", "khac")


@pytest.fixture
def commune(tmp_path: Path):
    base = builtin_catalogs()["laocai-2026"]
    summed = replace(base, id="laocai-summed", indicators=tuple(
        replace(ind, fields=tuple(replace(f, total="") if f.code == "B.4.1" else f
                                  for f in ind.fields)) for ind in base.indicators))
    db = open_database(tmp_path / "office.db")
    with db.session() as s, s.begin():
        install_catalog(s, summed)
        init_installation(s, InitRequest(role="office", unit="Xã Bảo Hà",
                                         catalogs=("laocai-summed",), department="VP"))
    yield db
    db.close()


def _set(db, *values: str) -> None:
    with db.session() as s, s.begin():
        set_values(s, Q2, [Entry(f"B.4.1[{combo}]", text) for combo, text in
                           zip(PARTS, values, strict=True)], actor="Lan", lang="vi")


def test_parts_adding_up_to_a_too_long_total_are_refused(commune, tmp_path: Path) -> None:
    before = file_state(tmp_path / "office.db")
    with pytest.raises(Refused) as refused:
        _set(commune, *["999.999.999.999.999"] * 4)
    message = str(refused.value)
    assert "B.4.1" in message and "3999999999999996" in message and "15" in message, message
    with commune.session() as s:
        assert s.query(DataValue).filter_by(field_code="B.4.1").count() == 0
    assert file_state(tmp_path / "office.db") == before


def test_parts_within_the_limit_give_their_total(commune) -> None:
    _set(commune, "99.999.999.999.999", "1", "0", "0")
    with commune.session() as s:
        total = s.query(DataValue).filter_by(field_code="B.4.1", combo="default").one()
    assert total.value == "100000000000000"
