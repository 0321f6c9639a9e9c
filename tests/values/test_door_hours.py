"""The one door takes hour periods only for fields that report by the hour ("Giờ/Ngày")."""

from __future__ import annotations

import pytest

from chiso_desktop.catalog.load import load_catalog_file
from chiso_desktop.catalog.model import Catalog, Field, Indicator
from chiso_desktop.catalog.registry import catalogs_dir
from chiso_desktop.values import door


@pytest.fixture(scope="module")
def laocai() -> Catalog:
    return load_catalog_file(catalogs_dir() / "laocai-2026.toml")


def _pair(catalog: Catalog, code: str) -> tuple[Field, Indicator]:
    for ind in catalog.indicators:
        for f in ind.fields:
            if f.code == code:
                return f, ind
    raise AssertionError(code)


@pytest.mark.parametrize("period, rule", [
    ("2026060114", None), ("2026060100", None), ("2026060123", None), ("20260601", None),
    ("2026060124", door.PERIOD), ("20260601 24", door.PERIOD), ("2026023114", door.PERIOD),
    ("202606011", door.PERIOD), ("20260601140", door.PERIOD), ("202606", door.FREQUENCY),
])
def test_an_hourly_field(laocai: Catalog, period: str, rule: str | None) -> None:
    field, ind = _pair(laocai, "C.1.4")  # lượng mưa, mm: "Giờ/ Ngày"
    got = door.check_value(field, ind, field.code, period, "value", "12.5")
    assert (got.rule if got else None) == rule
    fast = door.first_rejection([(field.code, period, "value", "12.5", "")],
                                {field.code: (field, ind)})
    assert (fast.rule if fast else None) == rule


def test_a_field_not_reported_by_the_hour(laocai: Catalog) -> None:
    field, ind = _pair(laocai, "A.1.1")
    got = door.check_value(field, ind, field.code, "2026060114", "value", "5")
    assert got is not None and got.rule == door.FREQUENCY
    assert "14h 01/6/2026" in got.message
