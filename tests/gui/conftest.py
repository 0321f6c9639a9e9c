"""Department installations (Nhị Chiểu plan, with the CCHC forms) in a temp folder.

``installed_db`` is the Office's own department VP as a department installation:
it reports the CCHC forms (Biểu mẫu 1–7), which the plan assigns to no other
department. ``kt_db`` is KT, which sees only its plan indicators by default.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from chiso_desktop.exchange.identity import ensure_keys
from chiso_desktop.store.db import Database, open_database
from chiso_desktop.store.installation import InitRequest, init_installation

TODAY = date(2026, 6, 10)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "chiso.db")
    yield database
    database.close()


def _install(db: Database, department: str) -> Database:
    with db.session() as s, s.begin():
        init_installation(s, InitRequest(
            role="department", unit="Phường Nhị Chiểu", plan="nhichieu-202-2026",
            catalogs=("nhichieu-cchc-2026",), department=department, officer="Nguyễn Văn An",
            parent_body="UBND THÀNH PHỐ HẢI PHÒNG"))
        ensure_keys(s, "test passphrase")
    return db


@pytest.fixture
def installed_db(db: Database) -> Database:
    return _install(db, "VP")


@pytest.fixture
def kt_db(db: Database) -> Database:
    return _install(db, "KT")
