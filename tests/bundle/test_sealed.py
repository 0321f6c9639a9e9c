from __future__ import annotations

import pytest

from chiso_desktop.bundle import BundleRefused, InstallationKeys, Reason
from chiso_desktop.bundle.sealed import HEADER_SIZE, MAGIC, is_sealed, seal, unseal


def test_seal_and_unseal() -> None:
    office = InstallationKeys.generate()
    sealed = seal(b"a signed bundle", office.sealing.public_key())
    assert sealed.startswith(MAGIC) and is_sealed(sealed)
    assert b"a signed bundle" not in sealed
    assert unseal(sealed, office.sealing) == b"a signed bundle"
    # Fresh ephemeral key and nonce every time.
    assert seal(b"x", office.sealing.public_key()) != seal(b"x", office.sealing.public_key())


def test_header_is_authenticated() -> None:
    office = InstallationKeys.generate()
    sealed = bytearray(seal(b"payload", office.sealing.public_key()))
    sealed[HEADER_SIZE - 1] ^= 1  # last nonce byte
    with pytest.raises(BundleRefused) as info:
        unseal(bytes(sealed), office.sealing)
    assert info.value.reason == Reason.SEALED_CANNOT_OPEN


def test_wrong_key_missing_key_and_truncation() -> None:
    office, other = InstallationKeys.generate(), InstallationKeys.generate()
    sealed = seal(b"payload", office.sealing.public_key())
    cases = [
        (sealed, other.sealing, Reason.SEALED_CANNOT_OPEN),
        (sealed, None, Reason.SEALED_NO_KEY),
        (sealed[:HEADER_SIZE], office.sealing, Reason.SEALED_CANNOT_OPEN),
        (MAGIC + bytes(80), office.sealing, Reason.SEALED_CANNOT_OPEN),  # all-zero ephemeral key
    ]
    for data, key, reason in cases:
        with pytest.raises(BundleRefused) as info:
            unseal(data, key)
        assert info.value.reason == reason
