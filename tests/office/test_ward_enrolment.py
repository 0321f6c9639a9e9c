"""Enrolling a ward's key card at a city: the clash checks are indexed queries on the code and
the comparison form of the name (``org_units.name_key``, migration 0008), on both backends,
and a city installed before that migration keeps its wards and gets their keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from chiso_desktop.bundle import InstallationKeys, export_public_key
from chiso_desktop.errors import Refused
from chiso_desktop.office.consolidated import enroll_ward
from chiso_desktop.store.db import make_engine, open_database, parse_location, upgrade
from chiso_desktop.store.models import OrgUnit, unit_name_key

pytestmark = pytest.mark.real_migrations

BEFORE = "0007_values_period_unit_index"


def _card(name: str, code: str) -> bytes:
    return export_public_key(InstallationKeys.generate(), org_unit=name, department="VP",
                             role="office", org_unit_code=code)


def _url(location: str) -> str:
    where = parse_location(location)
    return where if isinstance(where, str) else f"sqlite:///{where}"


def _old_city(location: str) -> None:
    """A city as migration 0007 left it: its own unit, two wards with active keys, one
    ward whose key was revoked; written by hand, since today's models have the new column."""
    engine = make_engine(_url(location))
    upgrade(engine, BEFORE)
    now = "2026-11-01 09:00:00.000000"  # as SQLAlchemy stores it on SQLite
    units = [(1, "31", "31", "Thành phố Hải Phòng"), (2, "11401", "11401", "Xã Đông  Hà"),
             (3, "11311", "11311", "PHƯỜNG NHỊ CHIỂU"), (4, "11500", "11500", "Xã Cũ")]
    with engine.begin() as conn:
        for uid, code, admin, name in units:
            conn.execute(text("INSERT INTO org_units (id, code, admin_code, name, parent_body, "
                              "place, kind) VALUES (:id, :code, :admin, :name, '', '', 'ward')"),
                         {"id": uid, "code": code, "admin": admin, "name": name})
        conn.execute(text("INSERT INTO installation (id, role, org_unit_id, department_code, "
                          "language, next_sequence, created_at) VALUES (1, 'city', 1, '', 'vi', "
                          "1, :now)"), {"now": now})
        for n, uid in enumerate((2, 3, 4), start=1):
            conn.execute(text(
                "INSERT INTO trusted_keys (role, org_unit, department_code, fingerprint, "
                "public_key, sealing_key, enrolled_at, revoked_at, org_unit_id) VALUES "
                "('office', '', 'VP', :fp, 'x', '', :now, :revoked, :uid)"),
                {"fp": f"{n:064x}", "now": now, "uid": uid,
                 "revoked": now if uid == 4 else None})
        if engine.dialect.name == "postgresql":  # ids written by hand: move the sequence on
            conn.execute(text("SELECT setval('org_units_id_seq', 4)"))
    engine.dispose()


def test_an_old_city_upgrades_and_enrolment_finds_clashes_by_index(db_location: str) -> None:
    _old_city(db_location)
    db = open_database(db_location)  # migrates 0007 → head
    try:
        with db.session() as s:
            rows = s.execute(select(OrgUnit.id, OrgUnit.name, OrgUnit.name_key)
                             .order_by(OrgUnit.id)).all()
        assert rows == [(1, "Thành phố Hải Phòng", "thành phố hải phòng"),
                        (2, "Xã Đông  Hà", "xã đông hà"),
                        (3, "PHƯỜNG NHỊ CHIỂU", "phường nhị chiểu"),
                        (4, "Xã Cũ", "xã cũ")]

        def enroll(name: str, code: str) -> OrgUnit:
            with db.session() as s, s.begin():
                return enroll_ward(s, _card(name, code), "test")

        def refused(name: str, code: str) -> str:
            with pytest.raises(Refused) as caught, db.session() as s, s.begin():
                enroll_ward(s, _card(name, code), "test")
            return str(caught.value)

        # The same name, spelt with other case and spacing, under another code: refused.
        assert "Xã Đông  Hà" in refused("  xã ĐÔNG hà ", "11409")
        assert "PHƯỜNG NHỊ CHIỂU" in refused("Phường Nhị Chiểu", "11312")
        # Another ward's code under a new name: refused.
        assert "11401" in refused("Xã Khác", "11401")
        # The city's own code is no ward's.
        assert "31" in refused("Xã Lạ", "31")
        # Diacritic twins stay two wards.
        twin = enroll("Xã Đồng Hà", "11402")
        assert (twin.admin_code, twin.name_key) == ("11402", "xã đồng hà")
        # A ward whose only key was revoked takes a new card (by its code).
        assert enroll("Xã Cũ", "11500").id == 4
        with db.session() as s:
            assert s.execute(select(OrgUnit.name_key).where(OrgUnit.admin_code == "11402")
                             ).scalar_one() == unit_name_key("Xã Đồng Hà")
            active = s.execute(text("SELECT count(*) FROM trusted_keys WHERE revoked_at IS "
                                    "NULL AND org_unit_id IS NOT NULL")).scalar_one()
        assert active == 4  # 11401, 11311, the twin, the revoked ward's new key
    finally:
        db.close()


def test_the_name_key_follows_the_name() -> None:
    unit = OrgUnit(code="x", name="Xã  Đồng\tHà")
    assert unit.name_key == "xã đồng hà"
    unit.name = "Phường Mới"
    assert unit.name_key == "phường mới"
    # NFD input (a name typed on another keyboard) is the same name as its NFC form.
    import unicodedata

    assert unit_name_key(unicodedata.normalize("NFD", "Xã Đông Hà")) == unit_name_key(
        "Xã Đông Hà")
    assert unit_name_key("Xã Đông Hà") != unit_name_key("Xã Đồng Hà")


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    """0008 comes off cleanly and back on with the keys recomputed."""
    from alembic import command

    from chiso_desktop.store.db import alembic_config

    location = str(tmp_path / "city.db")
    _old_city(location)
    open_database(location).close()
    engine = make_engine(_url(location))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, BEFORE)
    with engine.connect() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(org_units)")]
        assert "name_key" not in columns
        assert conn.exec_driver_sql("SELECT count(*) FROM org_units").scalar() == 4
    engine.dispose()
    db = open_database(location)
    with db.session() as s:
        assert s.execute(select(OrgUnit.name_key).where(OrgUnit.id == 2)).scalar_one() == \
            "xã đông hà"
    db.close()
