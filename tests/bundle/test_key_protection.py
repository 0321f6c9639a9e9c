"""Private keys resist guessing: scrypt at ≈0.25 s, old PBKDF2 keys upgraded, one passphrase rule."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from chiso_desktop import i18n
from chiso_desktop.bundle import DEFAULT_KDF, InstallationKeys, WrongPassphrase, raw_public_key
from chiso_desktop.bundle.keys import (
    TEST_KDF_ENV,
    forget_unlocked_keys,
    legacy_private_key_to_pem,
    load_signing_key,
    needs_upgrade,
    passphrase_problem,
    private_key_to_pem,
    stored_kdf,
)
from chiso_desktop.errors import UsageError
from chiso_desktop.exchange import identity
from chiso_desktop.store.db import make_engine, open_database, upgrade
from chiso_desktop.store.exchange_models import OwnKey
from chiso_desktop.store.models import AuditEntry

SECRET = "test passphrase"


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_language("en")


def _unlock_seconds(pem: bytes, secret: str) -> float:
    forget_unlocked_keys()
    start = time.perf_counter()
    load_signing_key(pem, secret)
    return time.perf_counter() - start


def test_work_factor_of_the_default_protection(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The default costs a guess ≈0.25 s and 96 MiB; the old PBKDF2 PEM cost under 1 ms."""
    monkeypatch.delenv(TEST_KDF_ENV)
    key = InstallationKeys.generate().signing
    pem = private_key_to_pem(key, SECRET)
    assert stored_kdf(pem) == DEFAULT_KDF
    memory = 128 * DEFAULT_KDF.n * DEFAULT_KDF.r
    assert memory == 96 * 2**20
    scrypt_s = min(_unlock_seconds(pem, SECRET) for _ in range(3))
    legacy = legacy_private_key_to_pem(key, SECRET)
    pbkdf2_s = min(_unlock_seconds(legacy, SECRET) for _ in range(3))
    with capsys.disabled():
        print(f"\nkey unlock: scrypt n=2^{DEFAULT_KDF.n.bit_length() - 1} r={DEFAULT_KDF.r} "
              f"p={DEFAULT_KDF.p} {scrypt_s * 1000:.0f} ms ({1 / scrypt_s:.1f} guesses/s, "
              f"{memory >> 20} MiB each); legacy PBKDF2 {pbkdf2_s * 1000:.2f} ms "
              f"({1 / pbkdf2_s:.0f} guesses/s)")
    # ≈0.25 s on the reference machine; the band allows for a loaded shared CI host.
    assert 0.1 < scrypt_s < 2.0
    assert scrypt_s > 50 * pbkdf2_s
    # A wrong guess costs the same derivation and is refused.
    forget_unlocked_keys()
    with pytest.raises(WrongPassphrase):
        load_signing_key(pem, "wrong passphrase")


def test_test_setting_only_lowers_the_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    key = InstallationKeys.generate().signing
    assert stored_kdf(private_key_to_pem(key, SECRET)).n == 2**10  # conftest's setting
    monkeypatch.setenv(TEST_KDF_ENV, "30")  # higher than the default: ignored
    assert stored_kdf(private_key_to_pem(key, SECRET)) == DEFAULT_KDF
    monkeypatch.setenv(TEST_KDF_ENV, "10")
    cheap = private_key_to_pem(key, SECRET)
    assert needs_upgrade(cheap)  # a key written so is raised at its next real unlock


def test_parameters_are_stored_next_to_the_key_and_bound_to_it() -> None:
    key = InstallationKeys.generate().signing
    doc = json.loads(private_key_to_pem(key, SECRET))
    assert doc["kdf"]["name"] == "scrypt" and {"n", "r", "p", "salt"} <= set(doc["kdf"])
    doc["kdf"]["n"] //= 2  # an attacker halving the recorded cost breaks the key
    with pytest.raises(WrongPassphrase):
        load_signing_key(json.dumps(doc).encode(), SECRET)


def test_old_pbkdf2_keys_open_after_the_migration_and_are_reprotected(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0002")
    keys = InstallationKeys.generate()
    with engine.begin() as conn:
        for purpose, key in (("signing", keys.signing), ("sealing", keys.sealing)):
            conn.exec_driver_sql(
                "INSERT INTO own_keys (purpose, public_key, private_pem, fingerprint, "
                "created_at, active) VALUES (?, ?, ?, ?, ?, 1)",
                (purpose, identity.b64(raw_public_key(key)),
                 legacy_private_key_to_pem(key, SECRET).decode(), "fp-" + purpose,
                 datetime(2026, 1, 1).isoformat(sep=" ")))
    engine.dispose()

    db = open_database(path)  # migrates 0002 → head
    with db.session() as s:
        rows = list(s.execute(select(OwnKey)).scalars())
        assert {r.kdf for r in rows} == {'{"name":"pbkdf2-sha256"}'}
        assert all(r.private_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----") for r in rows)
    with db.session() as s, s.begin():
        opened = identity.load_keys(s, SECRET)  # the next successful unlock
    assert raw_public_key(opened.signing) == raw_public_key(keys.signing)
    with db.session() as s:
        rows = list(s.execute(select(OwnKey)).scalars())
        assert all(json.loads(r.kdf)["name"] == "scrypt" for r in rows)
        assert all(not needs_upgrade(r.private_pem.encode(), stored_kdf(r.private_pem.encode()))
                   for r in rows)
        # both keys share one salt: one derivation opens both
        salts = {json.loads(r.private_pem)["kdf"]["salt"] for r in rows}
        assert len(salts) == 1
        actions = [a.action for a in s.execute(select(AuditEntry)).scalars()]
        assert "key-reprotected" in actions
    forget_unlocked_keys()
    with db.session() as s:
        again = identity.load_keys(s, SECRET)
        assert raw_public_key(again.sealing) == raw_public_key(keys.sealing)
        with pytest.raises(WrongPassphrase):
            forget_unlocked_keys()
            identity.load_keys(s, "another passphrase")
    db.close()


@pytest.mark.parametrize(("passphrase", "ok"), [
    ("", False), ("          ", False), ("\t \n  \u3000     ", False), ("short", False),
    ("123456789", False), ("Phường Nhị Chiểu", False), ("phường  nhị chiểu", False),
    ("Nhị Chiểu", False), ("mật khẩu dài", True), ("test passphrase", True),
])
def test_one_passphrase_rule(passphrase: str, ok: bool) -> None:
    names = ("Phường Nhị Chiểu", "nhi-chieu", "Nhị Chiểu")
    assert (passphrase_problem(passphrase, unit_names=names) is None) is ok


def test_the_cli_refuses_a_weak_passphrase_for_a_new_key(chiso, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "o.db"
    assert chiso("--db", db, "init", "--role", "office", "--unit", "Phường Nhị Chiểu",
                 "--catalog", "hp-2081-2026").code == 0
    for weak in ("x", "          ", "Phường Nhị Chiểu"):
        monkeypatch.setenv("CHISO_PASSPHRASE", weak)
        res = chiso("--db", db, "keys", "fingerprint")
        assert res.code == 2, res
    monkeypatch.setenv("CHISO_PASSPHRASE", "a long enough one")
    assert chiso("--db", db, "keys", "fingerprint").code == 0


def test_core_rule_raises_usage_error(tmp_path: Path) -> None:
    db = open_database(tmp_path / "k.db")
    with db.session() as s, pytest.raises(UsageError):
        identity.ensure_keys(s, "tiny")
    db.close()
