"""A department installation (Nhị Chiểu plan, KT, with the CCHC forms) in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from chiso_desktop.exchange.identity import ensure_keys
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.db import Database, open_database

TODAY = date(2026, 6, 10)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "chiso.db")
    yield database
    database.close()


@pytest.fixture
def installed_db(db: Database) -> Database:
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(
            role="department", unit="Phường Nhị Chiểu", plan="nhichieu-202-2026",
            catalogs=("nhichieu-cchc-2026",), department="KT", officer="Nguyễn Văn An",
            parent_body="UBND THÀNH PHỐ HẢI PHÒNG"))
        ensure_keys(s, "test passphrase")
    return db
