"""An installation with Lào Cai 2026.2 (C.1-C.5 by day, with a note of the loss) upgrades to
the shipped 2026.3 (by the hour): old values stay, old bundles still verify, hours open."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from chiso_desktop.catalog import installed as installed_module
from chiso_desktop.catalog.installed import version_key
from chiso_desktop.catalog.model import Catalog, Frequency
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.catalog.serialize import catalog_to_mapping
from tests.support.cli import ok, run_cli

HOURLY = ("C.1", "C.2", "C.3", "C.4", "C.5")


def as_before(shipped: Catalog) -> Catalog:
    """What version 2026.2 said: the hourly rows by day only."""
    old_note = "Văn bản ghi tần suất \"Giờ/ Ngày\"; tần suất theo giờ chưa được hỗ trợ."
    return dataclasses.replace(shipped, version="2026.2", indicators=tuple(
        dataclasses.replace(ind, frequencies=(Frequency.DAY,), note=old_note)
        if ind.code in HOURLY else ind for ind in shipped.indicators))


def test_upgrade_from_the_daily_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = builtin_catalogs()["laocai-2026"]
    assert version_key(shipped.version) >= version_key("2026.3")  # hourly since 2026.3
    assert catalog_to_mapping(shipped)["format"] == 3
    old = as_before(shipped)
    assert catalog_to_mapping(old)["format"] == 2  # an older reader can still read the old one
    db = tmp_path / "office.db"
    with monkeypatch.context() as m:  # the application as it was before
        m.setattr(installed_module, "builtin_catalogs", lambda: {"laocai-2026": old})
        ok(run_cli("--db", db, "init", "--role", "office", "--unit", "Xã Bảo Hà",
                   "--catalog", "laocai-2026", "--department", "VP"))
    ok(run_cli("--db", db, "values", "set", "--period", "20260601", "C.1.4=30"))
    refused = run_cli("--db", db, "values", "set", "--period", "2026060114", "C.1.4=12,5")
    assert refused.code == 3  # 2026.2 has no hours

    done = ok(run_cli("--db", db, "catalog", "install", "laocai-2026"))
    assert shipped.version in done.out
    listed = ok(run_cli("--db", db, "catalog", "list", "--json")).json()
    [row] = [r for r in listed if r["id"] == "laocai-2026"]
    assert row["version"] == shipped.version and row["installed"]

    ok(run_cli("--db", db, "values", "set", "--period", "14h 01/6/2026", "C.1.4=12,5"))
    day = ok(run_cli("--db", db, "values", "list", "--period", "20260601", "--json")).json()
    assert any(v["code"] == "C.1.4" and v["value"] == "30" for v in _values(day))
    hour = ok(run_cli("--db", db, "values", "list", "--period", "2026060114", "--json")).json()
    assert any(v["code"] == "C.1.4" and v["value"] == "12.5" for v in _values(hour))
    ok(run_cli("--db", db, "audit", "verify"))
    again = ok(run_cli("--db", db, "catalog", "install", "laocai-2026"))  # idempotent
    assert shipped.version in again.out


def _values(doc: object) -> list[dict[str, object]]:
    if isinstance(doc, dict):
        doc = doc.get("values", doc.get("fields", []))
    assert isinstance(doc, list)
    return [v for v in doc if isinstance(v, dict)]


def test_the_hourly_catalog_survives_the_workbook(tmp_path: Path) -> None:
    from chiso_desktop.catalog.excel import export_catalog_xlsx, import_catalog_xlsx
    from chiso_desktop.catalog.serialize import content_hash

    shipped = builtin_catalogs()["laocai-2026"]
    path = tmp_path / "laocai.xlsx"
    export_catalog_xlsx(shipped, path)
    back = import_catalog_xlsx(path)
    assert back == shipped and content_hash(back) == content_hash(shipped)
    assert back.indicator("C.1") is not None
    assert back.indicator("C.1").frequencies == (Frequency.HOUR, Frequency.DAY)


def test_hour_needs_format_3_and_no_plan_rule() -> None:
    from chiso_desktop.catalog.load import CatalogError, catalog_from_mapping

    data = catalog_to_mapping(builtin_catalogs()["laocai-2026"])
    data["format"] = 2
    with pytest.raises(CatalogError, match="'hour' needs format = 3"):
        catalog_from_mapping(data)
    plan = catalog_to_mapping(builtin_catalogs()["nhichieu-202-2026"])
    plan["deadlines"] = [{"frequency": "hour", "day": 1, "month": 0, "text": "?"}]
    with pytest.raises(CatalogError, match="fixed deadline"):
        catalog_from_mapping(plan)
