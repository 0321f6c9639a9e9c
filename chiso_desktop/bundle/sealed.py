"""Sealing: a whole bundle encrypted to one recipient's X25519 key, for email.

Layout: ``CHISO-SEALED\\x01`` | ephemeral X25519 public key (32) | nonce (12) |
ChaCha20-Poly1305 ciphertext with tag. The key is HKDF-SHA256 of the X25519
shared secret, salted with both public keys; the header is authenticated
as associated data. Sealing hides the content; the signature inside still
proves who wrote it.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.bundle.keys import raw_public_key
from chiso_desktop.i18n import _

MAGIC = b"CHISO-SEALED\x01"
_KEY_SIZE = 32
_NONCE_SIZE = 12
_TAG_SIZE = 16
HEADER_SIZE = len(MAGIC) + _KEY_SIZE + _NONCE_SIZE
_INFO = b"chiso-sealed/1 chacha20poly1305"


def is_sealed(data: bytes) -> bool:
    return data[: len(MAGIC)] == MAGIC


def _derive(shared: bytes, ephemeral_raw: bytes, recipient_raw: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral_raw + recipient_raw, info=_INFO
    ).derive(shared)


def seal(data: bytes, recipient: X25519PublicKey) -> bytes:
    """Encrypt ``data`` so only the holder of ``recipient``'s private key can read it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = raw_public_key(ephemeral)
    key = _derive(ephemeral.exchange(recipient), ephemeral_raw, raw_public_key(recipient))
    nonce = os.urandom(_NONCE_SIZE)
    header = MAGIC + ephemeral_raw + nonce
    return header + ChaCha20Poly1305(key).encrypt(nonce, data, header)


def unseal(data: bytes, private: X25519PrivateKey | None) -> bytes:
    """Decrypt a sealed file; ``BundleRefused`` when it is not for us or was altered."""
    if private is None:
        raise BundleRefused(
            Reason.SEALED_NO_KEY,
            _("The bundle is sealed and no sealing key was given to open it."),
        )
    if len(data) < HEADER_SIZE + _TAG_SIZE:
        raise BundleRefused(Reason.SEALED_CANNOT_OPEN, _("The sealed bundle is truncated."))
    ephemeral_raw = data[len(MAGIC) : len(MAGIC) + _KEY_SIZE]
    nonce = data[len(MAGIC) + _KEY_SIZE : HEADER_SIZE]
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        key = _derive(shared, ephemeral_raw, raw_public_key(private))
        return ChaCha20Poly1305(key).decrypt(nonce, data[HEADER_SIZE:], data[:HEADER_SIZE])
    except (InvalidTag, ValueError) as exc:
        raise BundleRefused(
            Reason.SEALED_CANNOT_OPEN,
            _(
                "The sealed bundle cannot be opened with our key: it is for someone else or damaged."
            ),
        ) from exc
