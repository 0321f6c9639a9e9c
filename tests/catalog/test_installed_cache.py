"""The installed catalogs and the scope are read once per process, never stale.

A window's refresh asks for the installed catalogs, the scope and the installation dozens
of times; each is kept after the first read (``catalog/installed.py: active_catalogs``,
``entry/scope.py: load_scope``, ``store/installation.py: get_installation``), by what
identifies its content, so a changed database is never answered from the cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, update

from chiso_desktop.catalog import installed
from chiso_desktop.catalog.installed import active_catalogs, install_catalog
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.catalog.serialize import catalog_from_json, catalog_to_json, content_hash
from chiso_desktop.entry import scope as scope_module
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.store.db import Database
from chiso_desktop.store.installation import get_installation
from chiso_desktop.store.models import InstalledCatalog


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_every_shipped_catalog_hashes_the_same_after_it_is_stored() -> None:
    """So an installed catalog is found by its hash (else it would be parsed every time)."""
    for catalog in builtin_catalogs().values():
        stored = catalog_from_json(catalog_to_json(catalog))
        assert content_hash(stored) == content_hash(catalog), catalog.id


def test_the_scope_is_built_once_and_follows_an_install(installed_db: Database) -> None:
    with installed_db.session() as s:
        first, again = load_scope(s), load_scope(s)
        assert first is again
        assert all(digest is not None for digest, _c in active_catalogs(s))
    with installed_db.session() as s, s.begin():
        install_catalog(s, builtin_catalogs()["laocai-2026"])
    with installed_db.session() as s:
        after = load_scope(s)
        assert after is not first and "laocai-2026" in {c.id for c in after.catalogs}


def test_a_body_changed_outside_the_app_is_read_as_stored(installed_db: Database,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """A stored body that no longer hashes to its row's hash is parsed from the row (in a
    process that has not seen the real catalog of that hash), and never kept."""
    with installed_db.session() as s:
        row = s.query(InstalledCatalog).filter_by(catalog_id="nhichieu-cchc-2026").one()
        body, cached = row.body, load_scope(s)
    document = json.loads(body)
    document["catalog"]["title"] += " (sửa ngoài ứng dụng)"
    edited = json.dumps(document, ensure_ascii=False)
    with installed_db.session() as s, s.begin():
        s.execute(update(InstalledCatalog).where(
            InstalledCatalog.catalog_id == "nhichieu-cchc-2026").values(body=edited))
    # As a freshly started app finds it.
    monkeypatch.setattr(installed, "_BY_HASH", {})
    monkeypatch.setattr(scope_module, "_SCOPES", {})
    with installed_db.session() as s:
        active = dict((c.id, digest) for digest, c in active_catalogs(s))
        assert active["nhichieu-cchc-2026"] is None
        scope = load_scope(s)
        assert scope is not cached
        titles = {c.id: c.title for c in scope.catalogs}
        assert titles["nhichieu-cchc-2026"].endswith(" (sửa ngoài ứng dụng)")
        assert load_scope(s) is not scope  # parsed again, never kept
    assert all(c.id != "nhichieu-cchc-2026" for c in installed._BY_HASH.values())


def test_the_installation_is_read_once_per_session(installed_db: Database) -> None:
    with installed_db.session() as s:
        first = get_installation(s)
        with statements(installed_db) as seen:
            assert get_installation(s) is first
        assert seen == []
