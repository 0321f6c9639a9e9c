"""Replay rules that survive real mail, sender claims checked against enrolment, per-file batches."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chiso_desktop.bundle import CatalogRef, ManifestFields, build_bundle, values_to_json
from chiso_desktop.bundle.values import ValueRecord
from tests.support.cli import run_cli
from tests.support.prebuilt import Location, Prebuilt
from tests.support.ward import KT_VALUES, MONTH, PASSPHRASE, Ward, make_bundle

OTHER = "202609"


def _import(ward: Ward, *files: Path, extra: tuple[str, ...] = ()) -> list[dict]:
    res = ward.run("VP", "import", *files, *extra, "--json")
    return res.json()  # type: ignore[return-value]


def _ward(root: Path, office: Location) -> Ward:
    ward = Ward(run_cli, root)
    ward.add_department("KT")
    return ward


@pytest.fixture
def ward(prebuilt: Prebuilt, tmp_path: Path) -> Ward:
    """The test-plan ward with KT enrolled (a copy: tests/support/prebuilt.py)."""
    return prebuilt.copy(tmp_path / "w", _ward)


def _export(ward: Ward, n: int, period: str, value: str) -> Path:
    first = not any((ward.root / f"kt-{i}.chiso").exists() for i in range(1, n))
    reason = () if first else ("--reason", f"sửa lần {n}")
    assert ward.run("KT", "values", "set", "--period", period, *reason, f"D.3.1={value}",
                    *KT_VALUES[1:]).code == 0
    out = ward.root / f"kt-{n}.chiso"
    assert ward.run("KT", "export", "--period", period, "--out", out).code == 0
    return out


def _value(ward: Ward, period: str) -> str:
    return ward.sql("VP", "SELECT value FROM data_values WHERE field_code='D.3.1' AND period=?",
                    period)[0][0]


def test_exports_delivered_1_3_2_5_4_lose_nothing(ward: Ward) -> None:
    plan = [(1, MONTH, "100"), (2, OTHER, "200"), (3, MONTH, "300"), (4, OTHER, "400"),
            (5, MONTH, "500")]
    files = {n: _export(ward, n, period, value) for n, period, value in plan}
    statuses = []
    for n in (1, 3, 2, 5, 4):  # one mail at a time, as they arrive
        (result,) = _import(ward, files[n])
        statuses.append(result["status"])
    assert statuses == ["imported"] * 5
    assert _value(ward, MONTH) == "500"  # the newest export of MONTH won, not the last to arrive
    assert _value(ward, OTHER) == "400"
    assert ward.sql("VP", "SELECT count(*) FROM imported_bundles WHERE kind='bundle'") == [(5,)]
    assert ward.run("VP", "audit", "verify").code == 0
    # delivered again (a forwarded mail): each is a no-op
    assert {r["status"] for r in _import(ward, *files.values())} == {"already-imported"}


def test_seen_number_or_bundle_id_with_other_content_is_equivocation(ward: Ward) -> None:
    genuine = _export(ward, 1, MONTH, "100")
    assert _import(ward, genuine)[0]["status"] == "imported"
    bundle_id = ward.run("VP", "import", genuine, "--json").json()[0]["bundle_id"]
    # Same bundle id, other bytes (a different number too): equivocation, not "already imported"
    twin = _craft(ward, sequence=77, bundle_id=bundle_id)
    (res,) = _import(ward, twin)
    assert (res["status"], res["reason"]) == ("refused", "equivocation")
    # Same sequence number (1) as the genuine one, another bundle: equivocation
    same_number = _craft(ward, sequence=1)
    (res,) = _import(ward, same_number)
    assert (res["status"], res["reason"]) == ("refused", "equivocation")
    actions = ward.sql("VP", "SELECT action FROM audit_log WHERE action='bundle-equivocation'")
    assert len(actions) == 2
    assert _value(ward, MONTH) == "100"


def test_a_huge_sequence_jump_is_held_and_later_exports_still_import(ward: Ward) -> None:
    huge = _craft(ward, sequence=2**63 - 1)
    (res,) = _import(ward, huge)
    assert (res["status"], res["reason"]) == ("refused", "sequence-jump")
    assert ward.sql("VP", "SELECT count(*) FROM imported_bundles WHERE kind='bundle'") == [(0,)]
    genuine = _export(ward, 1, MONTH, "100")
    assert _import(ward, genuine)[0]["status"] == "imported"  # not locked out
    assert _value(ward, MONTH) == "100"
    # after checking with the sender, a person may accept the jump
    jump = _craft(ward, sequence=20_000, value="150")
    assert _import(ward, jump)[0]["reason"] == "sequence-jump"
    assert _import(ward, jump, extra=("--accept-jump",))[0]["status"] == "imported"


@pytest.mark.parametrize(("claim", "reason"), [
    ({"org_unit": "Phường Khác"}, "wrong-org-unit"),
    ({"role": "office"}, "wrong-role"),
    ({"catalog_id": "hp-2081-2026"}, "catalog-mismatch"),
])
def test_claims_are_checked_against_the_enrolment(ward: Ward, claim: dict, reason: str) -> None:
    data = _craft(ward, sequence=3, **claim)
    (res,) = _import(ward, data)
    assert (res["status"], res["reason"]) == ("refused", reason), res
    assert ward.sql("VP", "SELECT count(*) FROM data_values") == [(0,)]


def test_one_refused_file_never_stops_a_department_batch(ward: Ward) -> None:
    """A receipt for a bundle never sent from here is refused; the next file still imports."""
    first = _export(ward, 1, MONTH, "100")
    before_second = ward.root / "kt-before-second.db"
    shutil.copy(ward.db("KT"), before_second)
    second = _export(ward, 2, OTHER, "200")
    ids = [r["bundle_id"] for r in _import(ward, first, second)]
    receipts = []
    for n, bundle_id in enumerate(ids, 1):
        out = ward.root / f"receipt-{n}.chiso"
        assert ward.run("VP", "receipt", "--bundle", bundle_id, "--out", out).code == 0
        receipts.append(out)
    garbage = ward.root / "garbage.chiso"
    garbage.write_bytes(b"not a bundle")
    res = ward.chiso("--db", before_second, "import", receipts[1], garbage, receipts[0], "--json")
    assert res.code == 3
    results = res.json()
    assert [(r["status"], r.get("reason")) for r in results] == [
        ("refused", "not-applicable"), ("refused", "not-a-zip"), ("imported", None)]
    assert "was not exported from here" in results[0]["message"] or results[0]["message"]


def _craft(ward: Ward, *, sequence: int, value: str = "999", bundle_id: str | None = None,
           org_unit: str | None = None, role: str = "department",
           catalog_id: str | None = None) -> Path:
    records = [ValueRecord("D.3.1", MONTH, "value", value, "", 50, "Nguyễn Văn An")]
    if bundle_id is None and catalog_id is None:
        data = make_bundle(ward.db("KT"), records, sequence=sequence, org_unit=org_unit,
                           role=role)
    else:
        data = _build(ward, records, sequence, bundle_id, catalog_id)
    path = ward.root / f"crafted-{sequence}-{bundle_id or ''}-{catalog_id or ''}.chiso"
    path.write_bytes(data)
    return path


def _build(ward: Ward, records: list[ValueRecord], sequence: int, bundle_id: str | None,
           catalog_id: str | None) -> bytes:
    from chiso_desktop.catalog.installed import installed_rows
    from chiso_desktop.exchange import identity
    from chiso_desktop.exchange.setup_package import catalog_ref
    from chiso_desktop.store.db import open_database
    from chiso_desktop.store.installation import require_installation

    db = open_database(ward.db("KT"))
    try:
        with db.session() as s:
            inst = require_installation(s)
            keys = identity.load_keys(s, PASSPHRASE)
            ref = catalog_ref(installed_rows(s))
            if catalog_id is not None:  # a real catalog's hash, another catalog's name
                ref = CatalogRef(catalog_id, ref.version, ref.content_hash)
            fields = ManifestFields(
                kind="bundle", org_unit=inst.org_unit.name, department=inst.department_code,
                role="department", recipient_fingerprint=identity.office_key(s).fingerprint,
                catalog=ref, periods=(MONTH,), sequence=sequence, bundle_id=bundle_id)
            return build_bundle(fields, {"values.json": values_to_json(records)},
                                keys.signing).data
    finally:
        db.close()


def test_open_conflicts_and_unanchored_rows_verify(ward: Ward) -> None:
    """Rows written by the merge's Core statements (conflicts) are sealed like the rest."""
    assert ward.run("VP", "values", "set", "--period", MONTH, "D.3.1=11.000", "--reason",
                    "số của Chi cục").code == 0
    bundle = _export(ward, 1, MONTH, "100")
    (res,) = _import(ward, bundle)
    assert res["conflicts"] == 1
    second = _export(ward, 2, MONTH, "150")  # supersedes the open conflict
    assert _import(ward, second)[0]["conflicts"] == 1
    check = ward.run("VP", "audit", "verify", "--json")
    assert check.code == 0, check.out
    report = check.json()
    assert report["anchor"] is None  # the Office has signed nothing yet
    assert report["not_yet_anchored"]["row_seals"] > 0
    # the department's export signed its anchor; the Office keeps KT's last heads
    heads = ward.run("VP", "audit", "heads", "--json").json()
    assert [(h["department"], h["number"]) for h in heads] == [("KT", 2)]
    kt = ward.run("KT", "audit", "verify", "--json").json()
    assert kt["ok"] and kt["anchor"]["number"] == 2 and kt["anchor"]["kind"] == "export"
