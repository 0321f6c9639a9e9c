"""Row seals cover a ward's identity (seal format 2), and seals of format 1 still verify.

At a city each ward is an org unit found by its official code, and each enrolled
key names the org unit it speaks for. An edit of either, made with another SQLite
tool, would move one ward's values and imports to another: ``audit verify`` must
name it. Databases sealed before format 2 existed verify as they did, and their
migration seals the ward identities.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command

from chiso_desktop.exchange.anchors import verify_installation
from chiso_desktop.store.chain import SEAL_FORMAT, seal_existing
from chiso_desktop.store.db import alembic_config, current_revision, make_engine, open_database
from tests.support.cli import run_cli
from tests.support.prebuilt import Prebuilt
from tests.support.ward import demo_city, run_sql


@pytest.fixture(scope="module")
def city_demo(tmp_path_factory: pytest.TempPathFactory, prebuilt: Prebuilt) -> Path:
    return prebuilt.copy(tmp_path_factory.mktemp("city"), demo_city).city  # type: ignore[no-any-return]


@pytest.fixture
def city(city_demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "city.db"
    shutil.copy(city_demo, copy)
    return copy


def _verify(path: Path) -> tuple[int, str]:
    result = run_cli("--db", path, "audit", "verify")
    return result.code, result.out + result.err


def test_every_ward_and_key_is_sealed_in_the_new_format(city: Path) -> None:
    assert SEAL_FORMAT == 2
    wards = run_sql(city, "SELECT count(*) FROM org_units")[0][0]
    sealed = run_sql(city, "SELECT count(DISTINCT row_id) FROM row_seals "
                           "WHERE table_name = 'org_units' AND format = 2")[0][0]
    assert wards == 3 and sealed == 3  # the city and its two wards
    assert _verify(city)[0] == 0


def test_a_wards_code_changed_in_sql_is_found(city: Path) -> None:
    """Give Xã Đông Hà another code: its values would show under that code."""
    run_sql(city, "UPDATE org_units SET admin_code = '11399' WHERE name = 'Xã Đông Hà'")
    code, text = _verify(city)
    assert code == 3
    assert "org_units" in text and "Xã Đông Hà, mã 11399" in text
    assert "mã đơn vị hành chính hoặc tên của xã, phường khác với dấu niêm phong" in text


def test_two_wards_swapping_codes_is_found(city: Path) -> None:
    """Swap two wards' codes: each one's values would show under the other's code."""
    units = {name: (uid, code) for uid, name, code in run_sql(
        city, "SELECT id, name, admin_code FROM org_units WHERE kind = 'ward'")}
    (a, code_a), (b, code_b) = units["Xã Đông Hà"], units["Phường Nhị Chiểu"]
    run_sql(city, "UPDATE org_units SET admin_code = NULL WHERE id = ?", a)  # the code is unique
    run_sql(city, "UPDATE org_units SET admin_code = ? WHERE id = ?", code_a, b)
    run_sql(city, "UPDATE org_units SET admin_code = ? WHERE id = ?", code_b, a)
    code, text = _verify(city)
    assert code == 3
    assert text.count("mã đơn vị hành chính hoặc tên") == 2


def test_a_key_moved_to_another_ward_is_found(city: Path) -> None:
    """A ward's key re-pointed at another ward: its next bundles would land there."""
    ids = dict(run_sql(city, "SELECT name, id FROM org_units"))
    run_sql(city, "UPDATE trusted_keys SET org_unit_id = ? WHERE org_unit_id = ?",
            ids["Phường Nhị Chiểu"], ids["Xã Đông Hà"])
    code, text = _verify(city)
    assert code == 3
    assert "trusted_keys" in text and "khóa của Xã Đông Hà" in text


def test_seals_of_format_1_still_verify_and_the_upgrade_seals_the_wards(city: Path) -> None:
    """A database as the release before format 2 left it: every seal format 1, no column."""
    engine = make_engine(f"sqlite:///{city}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_ward_codes")
        seal_existing(conn, seal_format=1)  # what that release's seals covered
    assert current_revision(engine) == "0005_ward_codes"
    engine.dispose()
    columns = {r[1] for r in run_sql(city, "PRAGMA table_info(row_seals)")}
    assert "format" not in columns
    assert run_sql(city, "SELECT count(*) FROM row_seals WHERE table_name = 'org_units'") == [(0,)]

    db = open_database(city)  # upgrades to format 2
    with db.session() as s:
        report = verify_installation(s)
    db.close()
    assert report.findings == []
    old = run_sql(city, "SELECT count(*) FROM row_seals WHERE format = 1")[0][0]
    assert old > 0  # the other tables keep their format 1 seals, and they verify
    assert run_sql(city, "SELECT count(*) FROM row_seals WHERE table_name = 'org_units' "
                         "AND format = 2") == [(3,)]
    run_sql(city, "UPDATE org_units SET admin_code = '11399' WHERE name = 'Xã Đông Hà'")
    assert _verify(city)[0] == 3


def test_a_value_moved_to_another_ward_is_found(city: Path) -> None:
    """UPDATE data_values SET org_unit_id: the value's bundle was signed by another ward."""
    ids = dict(run_sql(city, "SELECT name, id FROM org_units"))
    moved = run_sql(city, "SELECT id FROM data_values WHERE org_unit_id = ? ORDER BY id LIMIT 1",
                    ids["Xã Đông Hà"])[0][0]
    others = run_sql(city, "SELECT field_code, period, combo FROM data_values WHERE id = ?",
                     moved)[0]
    run_sql(city, "DELETE FROM data_values WHERE org_unit_id = ? AND field_code = ? AND "
                  "period = ? AND combo = ?", ids["Phường Nhị Chiểu"], *others)
    run_sql(city, "UPDATE data_values SET org_unit_id = ? WHERE id = ?", ids["Phường Nhị Chiểu"],
            moved)
    code, text = _verify(city)
    assert code == 3
    assert f"data_values, dòng {moved}" in text
    assert "nằm dưới một xã, phường khác với nơi có khóa đã ký gói số liệu" in text
