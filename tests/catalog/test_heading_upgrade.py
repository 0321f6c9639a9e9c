"""An installation on the CCHC forms 2026.1 (headings as text fields) upgrades to 2026.2.

Values on the other rows stay; a value or note stored on a row that becomes a heading
would be shown nowhere afterwards, so the upgrade is refused, naming the rows, until
the officer clears them (the old values stay in their history).
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from chiso_desktop.catalog.installed import install_catalog, version_key
from chiso_desktop.catalog.model import Catalog, FieldType
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.paths import resources_dir
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import open_database

CCHC = "nhichieu-cchc-2026"
SAMPLE = tomllib.loads((resources_dir() / "samples" / "nhichieu-cchc-2026S1.toml")
                       .read_text(encoding="utf-8"))["values"]


def version_2026_1() -> Catalog:
    """The shipped forms as 2026.1 had them: the ten headings were text fields."""
    new = builtin_catalogs()[CCHC]
    return replace(new, version="2026.1", indicators=tuple(
        replace(ind, fields=tuple(
            replace(f, kind="", type=FieldType.TEXT, note="Mục tiêu đề, không có số liệu riêng.")
            if f.heading else f for f in ind.fields))
        for ind in new.indicators))


@pytest.fixture
def old_office(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    db = open_database(path)
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(role="office", unit="Phường Nhị Chiểu",
                                         unit_code="11311", plan="nhichieu-202-2026"))
        install_catalog(s, version_2026_1())
    db.close()
    return path


def vp(chiso, db: Path) -> dict:
    status = chiso("--db", db, "status", "--period", "2026S1", "--json").json()
    return next(d for d in status["departments"] if d["code"] == "VP")


def active_version(chiso, db: Path) -> str:
    listed = chiso("--db", db, "catalog", "list", "--json").json()
    return next(c["version"] for c in listed if c["id"] == CCHC and c.get("installed"))


def test_an_installed_2026_1_upgrades_cleanly_keeping_every_value(chiso, old_office: Path) -> None:
    values = [f"{code}={value}" for code, value in SAMPLE.items()]
    assert chiso("--db", old_office, "values", "set", "--period", "2026S1", *values).code == 0
    assert vp(chiso, old_office)["expected"] == 69  # the ten headings counted as missing
    result = chiso("--db", old_office, "catalog", "install", CCHC)
    assert result.code == 0, result.err
    assert "2026.2" in result.out
    assert active_version(chiso, old_office) == "2026.2"
    after = vp(chiso, old_office)
    assert (after["expected"], after["received"]) == (59, 55)
    listed = {r["code"]: r for r in chiso("--db", old_office, "values", "list", "--period",
                                          "2026S1", "--json").json()}
    assert {c: listed[c]["value"] for c in SAMPLE} == SAMPLE
    assert chiso("--db", old_office, "catalog", "install", CCHC).code == 0  # again: no-op
    assert active_version(chiso, old_office) == "2026.2"


def test_the_shipped_version_never_downgrades_a_newer_one(chiso, old_office: Path) -> None:
    db = open_database(old_office)
    with db.session() as s, s.begin():
        install_catalog(s, replace(builtin_catalogs()[CCHC], version="2026.10"))
    db.close()
    result = chiso("--db", old_office, "catalog", "install", CCHC)
    assert result.code == 3 and "2026.10" in result.err
    assert active_version(chiso, old_office) == "2026.10"


def test_a_value_on_a_row_that_becomes_a_heading_blocks_the_upgrade(
        chiso, old_office: Path) -> None:
    assert chiso("--db", old_office, "values", "set", "--period", "2026S1", "BM1.1=7",
                 "BM1.3=Đã kiểm tra 2 đơn vị", "--note", "BM4.1=biên chế 2026").code == 0
    before = old_office.read_bytes()
    result = chiso("--db", old_office, "catalog", "install", CCHC)
    assert result.code == 3, (result.out, result.err)
    assert "BM1.3 (2026S1)" in result.err and "BM4.1 (2026S1)" in result.err
    assert "tiêu đề" in result.err and "Traceback" not in result.err
    assert old_office.read_bytes() == before  # nothing changed
    assert active_version(chiso, old_office) == "2026.1"
    # The officer clears them (the history keeps what they held) and installs again.
    assert chiso("--db", old_office, "values", "set", "--period", "2026S1", "BM1.3=",
                 "--note", "BM4.1=").code == 0
    assert chiso("--db", old_office, "catalog", "install", CCHC).code == 0
    assert active_version(chiso, old_office) == "2026.2"
    history = chiso("--db", old_office, "values", "history", "BM1.3", "--period", "2026S1",
                    "--json").json()
    assert [h["new_value"] for h in history] == ["Đã kiểm tra 2 đơn vị", None]
    assert vp(chiso, old_office)["received"] == 1
    # Neither the grid's form nor an export names the heading any more.
    listed = chiso("--db", old_office, "values", "list", "--period", "2026S1").out
    assert "Traceback" not in listed


def test_versions_compare_as_numbers() -> None:
    assert version_key("2026.10") > version_key("2026.2") > version_key("2026.1")
