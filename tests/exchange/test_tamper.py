"""Every altered, truncated, replayed or misaddressed bundle is refused and writes nothing.

Store level: the importer runs against the Office database, which is then
closed; its file checksum and a dump of every table must be what they were.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from chiso_desktop.bundle import CatalogRef, ValueRecord
from chiso_desktop.exchange.importer import (
    ALREADY_IMPORTED,
    EXCHANGE_HANDLERS,
    IMPORTED,
    REFUSED,
    Handlers,
    import_files,
)
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.store.chain import verify_chain
from chiso_desktop.store.db import open_database
from chiso_desktop.store.models import DataValue
from tests.support.cli import run
from tests.support.ward import PASSPHRASE, build_ward, file_state, make_bundle

RECORDS = [
    ValueRecord("A.XIII.1.1", "2026S1", "value", "9275", "", 1, "Nguyễn Thị Hà"),
    ValueRecord("A.XIII.1.2", "2026S1", "value", "51.9", "", 1, "Nguyễn Thị Hà"),
    ValueRecord("A.XIII.2.1", "2026S1", "not-applicable", None, "Không phát sinh", 1, ""),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Office + KT, one bundle (sequence 5) already imported; copied fresh for each test."""
    root = tmp_path_factory.mktemp("ward")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHISO_PASSPHRASE", PASSPHRASE)
        mp.setenv("HOME", str(root / "home"))
        ward = build_ward(root, ("KT",))
        first = make_bundle(ward.dbs["KT"], RECORDS, sequence=5)
        (root / "first.chiso").write_bytes(first)
        run("--db", ward.office, "import", root / "first.chiso")
        yield root


@pytest.fixture
def ward(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHISO_PASSPHRASE", PASSPHRASE)
    for name in ("office.db", "kt.db", "first.chiso"):
        shutil.copy(template / name, tmp_path / name)
    return tmp_path


def _import(office: Path, data: bytes, tmp: Path, handlers: Handlers | None = None) -> list:
    """Import ``data`` with the application's table (or ``handlers``)."""
    handlers = import_handlers() if handlers is None else handlers
    path = tmp / f"in-{secrets.token_hex(4)}.chiso"
    path.write_bytes(data)
    db = open_database(office)
    try:
        return import_files(db, [path], handlers=handlers, actor="test")
    finally:
        db.close()
        path.unlink()


def assert_refused_untouched(office: Path, data: bytes, tmp: Path, reason: str | None = None,
                             handlers: Handlers | None = None) -> str:
    before = file_state(office)
    results = _import(office, data, tmp, handlers)
    assert results[0].status == REFUSED, results[0]
    if reason is not None:
        assert results[0].reason == reason, results[0]
    after = file_state(office)
    assert after[1] == before[1], "a table changed"
    assert after[0] == before[0], "the database file changed"
    return results[0].reason


def _valid(ward: Path, sequence: int = 6, value: str = "9300") -> bytes:
    records = [RECORDS[0]._replace(value=value), *RECORDS[1:]]
    return make_bundle(ward / "kt.db", records, sequence=sequence)


def test_the_untampered_bundle_imports(ward: Path) -> None:
    results = _import(ward / "office.db", _valid(ward), ward)
    assert results[0].status == IMPORTED
    assert results[0].counts == {"new": 0, "changed": 1, "unchanged": 2, "conflicts": 0}
    db = open_database(ward / "office.db")
    try:
        with db.session() as s:
            assert verify_chain(s) == []  # bulk-written history rows sit in the hash chain
            row = s.execute(select(DataValue).where(DataValue.field_code == "A.XIII.1.1")
                            ).scalar_one()
            assert (row.value, row.source, row.department_code, row.updated_by) == (
                "9300", "bundle", "KT", "Nguyễn Thị Hà")
            assert row.bundle_id == results[0].bundle_id and row.sender_fingerprint
    finally:
        db.close()


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


@pytest.mark.slow
def test_single_byte_changes_every_seventh_byte(ward: Path) -> None:
    data = _valid(ward)
    reasons = {assert_refused_untouched(ward / "office.db", _flip(data, i), ward)
               for i in range(0, len(data), 7)}
    assert "bad-signature" in reasons or "hash-mismatch" in reasons


@pytest.mark.slow
def test_single_byte_changes_every_byte(ward: Path) -> None:
    data = _valid(ward)
    for i in range(len(data)):
        assert_refused_untouched(ward / "office.db", _flip(data, i), ward)


@pytest.mark.parametrize("keep", [0, 1, 4, 30, 0.5, -1, -22])
def test_truncations(ward: Path, keep: float) -> None:
    data = _valid(ward)
    n = int(len(data) * keep) if isinstance(keep, float) else keep % len(data)
    assert_refused_untouched(ward / "office.db", data[:n], ward)


def test_a_late_older_sequence_is_imported_and_keeps_the_newer_values(ward: Path) -> None:
    """Mail delivers out of order: an unseen lower number is imported, and the values the
    newer bundle set (same revision) are kept."""
    office = ward / "office.db"
    results = _import(office, _valid(ward, sequence=4), ward)
    assert results[0].status == IMPORTED, results[0]
    assert results[0].counts["changed"] == 0 and results[0].counts["older"] >= 1
    db = open_database(office)
    with db.session() as s:
        values = {r[0]: r[1] for r in s.execute(select(DataValue.field_code, DataValue.value))}
    db.close()
    assert values["A.XIII.1.1"] == "9275"


def test_same_bundle_again_is_a_noop(ward: Path) -> None:
    office = ward / "office.db"
    before = file_state(office)
    results = _import(office, (ward / "first.chiso").read_bytes(), ward)
    assert results[0].status == ALREADY_IMPORTED
    assert file_state(office) == before


def test_equivocation_is_refused_and_recorded(ward: Path) -> None:
    office = ward / "office.db"
    twin = _valid(ward, sequence=5, value="1")  # same sequence as the imported one
    before = file_state(office)
    results = _import(office, twin, ward)
    assert (results[0].status, results[0].reason) == (REFUSED, "equivocation")
    after = file_state(office)
    changed = set(after[1].splitlines()) ^ set(before[1].splitlines())
    tables = {line.split('"')[1] for line in changed}
    assert tables == {"audit_log", "imported_bundles", "row_seals"}  # the flag is sealed
    assert any("bundle-equivocation" in line for line in changed)
    assert "'9275'" in after[1]  # the value stays as the first bundle set it


def test_revoked_key(ward: Path) -> None:
    run("--db", ward / "office.db", "keys", "revoke", "KT")
    assert_refused_untouched(ward / "office.db", _valid(ward), ward, "revoked-key")


def test_wrong_recipient(ward: Path) -> None:
    data = make_bundle(ward / "kt.db", RECORDS, sequence=6,
                       recipient=hashlib.sha256(b"someone else").hexdigest())
    assert_refused_untouched(ward / "office.db", data, ward, "wrong-recipient")


def test_unknown_catalog(ward: Path) -> None:
    ref = CatalogRef("nhichieu-202-2026", "2027.1", hashlib.sha256(b"other").hexdigest())
    data = make_bundle(ward / "kt.db", RECORDS, sequence=6, catalog=ref)
    assert_refused_untouched(ward / "office.db", data, ward, "unknown-catalog")


def test_unknown_field_code(ward: Path) -> None:
    records = [ValueRecord("Z.99.1", "2026S1", "value", "1", "", 1, "")]
    data = make_bundle(ward / "kt.db", records, sequence=6)
    assert_refused_untouched(ward / "office.db", data, ward, "values-invalid")


def test_not_a_number_for_a_number_field(ward: Path) -> None:
    records = [ValueRecord("A.XIII.1.1", "2026S1", "value", "9.275,5", "", 1, "")]
    data = make_bundle(ward / "kt.db", records, sequence=6)
    assert_refused_untouched(ward / "office.db", data, ward, "values-invalid")


def test_refused_file_in_a_batch_leaves_the_others(ward: Path) -> None:
    office = ward / "office.db"
    good, bad = ward / "good.chiso", ward / "bad.chiso"
    good.write_bytes(_valid(ward))
    bad.write_bytes(_flip(_valid(ward, sequence=7), 100))
    db = open_database(office)
    try:
        results = import_files(db, [bad, good], handlers=import_handlers())
    finally:
        db.close()
    assert [r.status for r in results] == [REFUSED, IMPORTED]


def test_other_kinds_plug_into_the_importer(ward: Path) -> None:
    """A kind the table does not name is refused; a table that names it imports it."""
    from chiso_desktop.bundle import ManifestFields, build_bundle
    from chiso_desktop.catalog.installed import installed_rows
    from chiso_desktop.exchange import identity
    from chiso_desktop.exchange.setup_package import catalog_ref
    from chiso_desktop.store.installation import require_installation

    db = open_database(ward / "kt.db")
    try:
        with db.session() as s:
            inst = require_installation(s)
            fields = ManifestFields(
                kind="receipt", org_unit=inst.org_unit.name, department="KT", role="department",
                recipient_fingerprint=identity.office_key(s).fingerprint,
                catalog=catalog_ref(installed_rows(s)), periods=("2026S1",), sequence=9)
            data = build_bundle(fields, {"receipt.json": b'{"ok":true}'},
                                identity.load_keys(s, PASSPHRASE).signing).data
    finally:
        db.close()
    assert_refused_untouched(ward / "office.db", data, ward, "wrong-kind", EXCHANGE_HANDLERS)
    seen: list[bytes] = []

    def on_receipt(ctx, verified):
        seen.append(verified.payloads["receipt.json"])
        return {"receipts": 1}

    results = _import(ward / "office.db", data, ward, {**EXCHANGE_HANDLERS, "receipt": on_receipt})
    assert (results[0].status, results[0].counts) == (IMPORTED, {"receipts": 1})
    assert seen == [b'{"ok":true}']
