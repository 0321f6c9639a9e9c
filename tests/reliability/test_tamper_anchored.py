"""Tamper suite: every kind of edit made before the last anchor is found by ``audit verify``.

An Office database with imported values and their history, a conflict resolved,
a period locked, enrolled keys, imported bundles and installed catalogs, then a
signed anchor (``chiso backup`` makes one). Each test case edits a copy with
plain SQL, as someone with the file and the source code would, some also
recomputing every hash chain and seal afterwards; ``verify_installation``
must report a finding for every one. The figures go to docs/reliability.md.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from chiso_desktop.exchange.anchors import verify_installation
from chiso_desktop.store import chain
from chiso_desktop.store.db import make_engine, open_database
from chiso_desktop.store.models import DEFAULT_COMBO
from tests.support.cli import run_cli
from tests.support.ward import KT_VALUES, MONTH, Ward

Tamper = Callable[[sqlite3.Connection], None]


def _recompute_everything(path: Path) -> None:
    """What an attacker with the source code does after editing: rebuild every unkeyed hash."""
    con = sqlite3.connect(path)
    for name, (_table, columns) in chain.CHAINS.items():
        extra = ", combo" if name == "value_history" else ""
        rows = con.execute(f"SELECT {', '.join(columns)}{extra} FROM {name} ORDER BY id").fetchall()
        prev = ""
        for row in rows:
            values = list(row[:len(columns)])
            if extra and row[-1] != DEFAULT_COMBO:
                values.append(row[-1])
            digest = chain.chain_digest(prev, chain._row_text(values))
            con.execute(f"UPDATE {name} SET prev_hash=?, row_hash=? WHERE id=?",
                        (prev, digest, row[0]))
            prev = digest
        if name == "audit_log":
            con.commit()
    con.execute("DELETE FROM row_seals")
    con.commit()
    con.close()
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        chain.seal_existing(conn)
        # the seal chain is then rebuilt too (seal_existing appends a fresh chain)
    engine.dispose()


def _sql(*statements: str) -> Tamper:
    def run(con: sqlite3.Connection) -> None:
        for st in statements:
            con.execute(st)
    return run


TAMPERS: dict[str, Tamper] = {
    "delete the last history rows and revert the values": _sql(
        "UPDATE data_values SET value=(SELECT old_value FROM value_history h WHERE h.value_id="
        "data_values.id ORDER BY h.id DESC LIMIT 1), state=coalesce((SELECT old_state FROM "
        "value_history h WHERE h.value_id=data_values.id ORDER BY h.id DESC LIMIT 1), state) "
        "WHERE id IN (SELECT value_id FROM value_history WHERE id > (SELECT max(id) - 3 FROM "
        "value_history))",
        "DELETE FROM value_history WHERE id > (SELECT max(id) - 3 FROM value_history)"),
    "delete the whole audit log": _sql("DELETE FROM audit_log"),
    "delete the audit log's tail": _sql(
        "DELETE FROM audit_log WHERE id > (SELECT max(id) - 4 FROM audit_log)"),
    "delete a current value": _sql("DELETE FROM data_values WHERE id = (SELECT min(id) FROM "
                                   "data_values)"),
    "edit a value": _sql("UPDATE data_values SET value='1' WHERE id = (SELECT min(id) FROM "
                         "data_values WHERE state='value')"),
    "edit a note": _sql("UPDATE data_values SET note='sửa' WHERE id = (SELECT min(id) FROM "
                        "data_values)"),
    "edit a revision": _sql("UPDATE data_values SET revision=revision+7 WHERE id = (SELECT "
                            "min(id) FROM data_values)"),
    "edit provenance (sender key)": _sql(
        "UPDATE data_values SET sender_fingerprint='" + "0" * 64 + "' WHERE source='bundle'"),
    "edit provenance (source)": _sql(
        "UPDATE data_values SET source='local' WHERE source='bundle'"),
    "clear locally_changed (1 → 0)": _sql(
        "UPDATE data_values SET locally_changed=0 WHERE locally_changed=1"),
    "unlock a locked period": _sql("UPDATE period_locks SET status='open'"),
    "erase an approval": _sql("DELETE FROM period_locks"),
    "add an attacker's trusted key": _sql(
        "INSERT INTO trusted_keys (role, org_unit, department_code, fingerprint, public_key, "
        "sealing_key, enrolled_at) VALUES ('department', 'Phường Nhị Chiểu', 'KT', '"
        + "a" * 64 + "', 'AAAA', '', '2026-01-01 00:00:00.000000')"),
    "un-revoke / re-point a trusted key": _sql(
        "UPDATE trusted_keys SET department_code='VHXH' WHERE department_code='KT'"),
    "delete an imported bundle (reopen replay)": _sql(
        "DELETE FROM imported_bundles WHERE id = (SELECT max(id) FROM imported_bundles)"),
    "edit a conflict's resolution": _sql("UPDATE conflicts SET resolution='take-incoming'"),
    "delete a conflict": _sql("DELETE FROM conflicts"),
    "edit an installed catalog's body": _sql(
        "UPDATE catalogs SET body=replace(body, 'Tổng', 'Tong') WHERE id=1"),
    "edit an anchor's statement": _sql("UPDATE anchors SET statement=replace(statement, "
                                       "'\"count\":', '\"count\": ')"),
}

RECOMPUTED: dict[str, Tamper] = {
    "recompute all: unlock a locked month, change its value, erase the approval": _sql(
        "UPDATE period_locks SET status='open'",
        "UPDATE data_values SET value='12345' WHERE period='" + MONTH + "' AND field_code='D.3.1'",
        "UPDATE value_history SET new_value='12345' WHERE id=(SELECT max(id) FROM value_history "
        "WHERE field_code='D.3.1' AND period='" + MONTH + "')",
        "DELETE FROM audit_log WHERE action='period-locked'"),
    "recompute all: delete the last history rows and revert the values": TAMPERS[
        "delete the last history rows and revert the values"],
    "recompute all: delete the audit tail": TAMPERS["delete the audit log's tail"],
    "recompute all: add an attacker's trusted key": TAMPERS["add an attacker's trusted key"],
    "recompute all: delete an imported bundle": TAMPERS[
        "delete an imported bundle (reopen replay)"],
    "recompute all: edit a conflict's resolution": TAMPERS["edit a conflict's resolution"],
    "recompute all: edit a catalog body": TAMPERS["edit an installed catalog's body"],
    "recompute all: clear locally_changed": TAMPERS["clear locally_changed (1 → 0)"],
}


@pytest.fixture(scope="module")
def anchored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tamper")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHISO_PASSPHRASE", "test passphrase")
        mp.setenv("HOME", str(root / "home"))
        ward = Ward(run_cli, root / "w")
        ward.add_department("KT")
        # The Office types D.3.1 itself, so KT's bundle brings a conflict it resolves.
        assert ward.run("VP", "values", "set", "--period", MONTH, "D.3.1=11.000", "--reason",
                        "số của Chi cục").code == 0
        assert ward.run("KT", "values", "set", "--period", MONTH, *KT_VALUES).code == 0
        bundle = root / "kt.chiso"
        assert ward.run("KT", "export", "--period", MONTH, "--out", bundle).code == 0
        assert ward.run("VP", "import", bundle).code == 0
        conflicts = ward.run("VP", "conflicts", "list", "--json").json()
        assert conflicts, "the fixture needs a conflict"
        assert ward.run("VP", "conflicts", "resolve", conflicts[0]["id"], "--take", "current",
                        "--reason", "giữ số của Chi cục").code == 0
        assert ward.run("VP", "finalize", "--period", MONTH, "--approver", "Nguyễn Văn Thành",
                        "--position", "Chủ tịch UBND phường").code == 0
        assert ward.run("VP", "backup", "--out", root / "b.db").code == 0  # signs an anchor
        db = open_database(ward.office)
        with db.session() as s:
            report = verify_installation(s)
        db.close()
        assert report.ok, report.findings
        # only the "anchored" audit entry itself follows the anchor
        assert report.anchor is not None and sum(report.unanchored.values()) == 1
        return ward.office


RESULTS: dict[str, bool] = {}


def _detected(anchored: Path, tmp_path: Path, tamper: Tamper, recompute: bool) -> list:
    copy = tmp_path / "copy.db"
    shutil.copy(anchored, copy)
    con = sqlite3.connect(copy)
    con.execute("PRAGMA foreign_keys=OFF")
    tamper(con)
    con.commit()
    con.close()
    if recompute:
        _recompute_everything(copy)
    db = open_database(copy)
    with db.session() as s:
        findings = verify_installation(s).findings
    db.close()
    return findings


@pytest.mark.parametrize("name", list(TAMPERS))
def test_each_edit_is_detected(anchored: Path, tmp_path: Path, name: str) -> None:
    findings = _detected(anchored, tmp_path, TAMPERS[name], recompute=False)
    RESULTS[name] = bool(findings)
    assert findings, f"not detected: {name}"


@pytest.mark.parametrize("name", list(RECOMPUTED))
def test_each_edit_with_every_hash_recomputed_is_detected(anchored: Path, tmp_path: Path,
                                                         name: str) -> None:
    findings = _detected(anchored, tmp_path, RECOMPUTED[name], recompute=True)
    RESULTS[name] = bool(findings)
    assert findings, f"not detected after recomputing every chain: {name}"
    # what finds it is the signed anchor (or a seal), not an unkeyed hash alone
    assert any(f.problem.startswith("anchored") or f.problem.startswith("row-") or
               f.problem in ("differs-from-history", "value-deleted") for f in findings)


def test_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """Print tried / detected (run after the cases above, in file order)."""
    tried, detected = len(RESULTS), sum(RESULTS.values())
    with capsys.disabled():
        print(f"\ntamper suite: {detected} of {tried} edits detected")
    assert tried == 0 or detected == tried
