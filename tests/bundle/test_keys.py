from __future__ import annotations

import hashlib
import json
import re
import unicodedata

import pytest
from cryptography.hazmat.primitives import serialization

from chiso_desktop import i18n
from chiso_desktop.bundle import (
    InstallationKeys,
    KeyFileError,
    WrongPassphrase,
    export_public_key,
    fingerprint,
    generate_keypair,
    generate_sealing_keypair,
    load_private_key,
    load_sealing_key,
    load_signing_key,
    make_rotation_statement,
    normalize_short_fingerprint,
    private_key_to_pem,
    raw_public_key,
    read_public_key_file,
    short_fingerprint,
    verify_rotation_statement,
)


@pytest.fixture(autouse=True)
def _english_messages() -> None:
    """These tests match the English source text of the messages."""
    i18n.set_language("en")


CROCKFORD_GROUPS = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")


def test_private_key_round_trip_through_encrypted_pem() -> None:
    key = generate_keypair()
    pem = private_key_to_pem(key, "mật khẩu dài")
    assert json.loads(pem)["kdf"]["name"] == "scrypt"
    loaded = load_signing_key(pem, "mật khẩu dài")
    assert raw_public_key(loaded) == raw_public_key(key)


def test_sealing_key_is_stored_the_same_way() -> None:
    key = generate_sealing_keypair()
    loaded = load_sealing_key(private_key_to_pem(key, "pw"), "pw")
    assert raw_public_key(loaded) == raw_public_key(key)


def test_wrong_passphrase_is_a_clear_error() -> None:
    pem = private_key_to_pem(generate_keypair(), "right")
    with pytest.raises(WrongPassphrase, match="passphrase"):
        load_private_key(pem, "wrong")


def test_passphrase_is_compared_in_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Hải Phòng")
    pem = private_key_to_pem(generate_keypair(), nfd)
    load_private_key(pem, unicodedata.normalize("NFC", "Hải Phòng"))


def test_empty_passphrase_and_unencrypted_or_garbage_files_are_refused() -> None:
    key = generate_keypair()
    with pytest.raises(KeyFileError):
        private_key_to_pem(key, "")
    plain = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(KeyFileError):
        load_private_key(plain, "pw")
    with pytest.raises(KeyFileError):
        load_private_key(b"not a key", "pw")


def test_key_of_the_wrong_kind_is_refused() -> None:
    pem = private_key_to_pem(generate_sealing_keypair(), "pw")
    with pytest.raises(KeyFileError):
        load_signing_key(pem, "pw")


def test_fingerprints() -> None:
    raw = bytes(range(32))
    assert fingerprint(raw) == hashlib.sha256(raw).hexdigest()
    short = short_fingerprint(raw)
    assert CROCKFORD_GROUPS.fullmatch(short)
    # Pinned: changing the scheme would break every enrolled key comparison.
    assert short == "CC6W-TAB6-RGSP-D48J"
    key = generate_keypair()
    assert (
        short_fingerprint(key)
        == short_fingerprint(key.public_key())
        == short_fingerprint(raw_public_key(key))
    )


def test_short_fingerprint_as_a_person_types_it() -> None:
    assert normalize_short_fingerprint("zghg 9rkv 5t2x jomb") == "ZGHG-9RKV-5T2X-J0MB"
    assert normalize_short_fingerprint("K7QD-IL00") == "K7QD-1100"


def _card(keys: InstallationKeys) -> bytes:
    return export_public_key(keys, org_unit="Phường Nhị Chiểu", department="KT", role="department")


def test_key_card_round_trip() -> None:
    keys = InstallationKeys.generate()
    card = read_public_key_file(_card(keys))
    assert card.public_key == raw_public_key(keys.signing)
    assert card.sealing_public_key == raw_public_key(keys.sealing)
    assert (card.org_unit, card.department, card.role) == ("Phường Nhị Chiểu", "KT", "department")
    assert card.fingerprint == fingerprint(keys.signing)
    assert card.short_fingerprint == short_fingerprint(keys.signing)


@pytest.mark.parametrize("field", ["sealing_public_key", "department", "fingerprint", "org_unit"])
def test_altered_key_card_is_refused(field: str) -> None:
    keys, other = InstallationKeys.generate(), InstallationKeys.generate()
    doc = json.loads(_card(keys))
    replacement = json.loads(_card(other))
    doc[field] = replacement[field] if field != "department" else "CA"
    if field == "org_unit":
        doc[field] = "Phường Khác"
    with pytest.raises(KeyFileError):
        read_public_key_file(json.dumps(doc).encode())


@pytest.mark.parametrize("data", [b"", b"{}", b"[]", b"\xff", b'{"format": "chiso-public-key"}'])
def test_malformed_key_card_is_refused(data: bytes) -> None:
    with pytest.raises(KeyFileError):
        read_public_key_file(data)


def _rotation(old: InstallationKeys, new: InstallationKeys) -> bytes:
    return make_rotation_statement(
        old.signing,
        new.signing.public_key(),
        org_unit="Phường Nhị Chiểu",
        department="KT",
        role="department",
        new_sealing_public=new.sealing.public_key(),
        reason="Máy tính mới",
    )


def test_rotation_statement_verifies_against_the_old_key() -> None:
    old, new = InstallationKeys.generate(), InstallationKeys.generate()
    statement = verify_rotation_statement(_rotation(old, new), old.signing.public_key())
    assert statement.new_public_key == raw_public_key(new.signing)
    assert statement.new_sealing_public_key == raw_public_key(new.sealing)
    assert statement.old_fingerprint == fingerprint(old.signing)
    assert statement.reason == "Máy tính mới"


def test_rotation_statement_for_another_key_is_refused() -> None:
    old, new, other = (InstallationKeys.generate() for _ in range(3))
    with pytest.raises(KeyFileError):
        verify_rotation_statement(_rotation(old, new), other.signing.public_key())


def test_forged_rotation_statements_are_refused() -> None:
    old, new, attacker = (InstallationKeys.generate() for _ in range(3))
    # The attacker signs a statement naming the enrolled key as "old".
    doc = json.loads(_rotation(attacker, new))
    honest = json.loads(_rotation(old, new))
    doc["old_public_key"], doc["old_fingerprint"] = (
        honest["old_public_key"],
        honest["old_fingerprint"],
    )
    with pytest.raises(KeyFileError, match="forged"):
        verify_rotation_statement(json.dumps(doc).encode(), old.signing.public_key())
    # A genuine statement redirected to the attacker's key.
    redirected = dict(honest)
    attacker_doc = json.loads(_rotation(old, attacker))
    redirected["new_public_key"] = attacker_doc["new_public_key"]
    redirected["new_fingerprint"] = attacker_doc["new_fingerprint"]
    with pytest.raises(KeyFileError):
        verify_rotation_statement(json.dumps(redirected).encode(), old.signing.public_key())
    with pytest.raises(KeyFileError):
        verify_rotation_statement(b"garbage", old.signing.public_key())
