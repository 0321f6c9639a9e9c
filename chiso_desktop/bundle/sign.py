"""Ed25519 signature over the exact manifest bytes."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.i18n import _

SIGNATURE_SIZE = 64


def sign_manifest(key: Ed25519PrivateKey, manifest_bytes: bytes) -> bytes:
    """The 64 raw signature bytes stored as ``manifest.sig``."""
    return key.sign(manifest_bytes)


def verify_manifest_signature(public_raw: bytes, manifest_bytes: bytes, signature: bytes) -> None:
    """Refuse unless ``signature`` is the claimed sender key's signature of the manifest."""
    if len(signature) != SIGNATURE_SIZE:
        raise BundleRefused(Reason.BAD_SIGNATURE, _("The bundle's signature is malformed."))
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError) as exc:
        raise BundleRefused(
            Reason.BAD_SIGNATURE,
            _("The bundle's signature is not valid: it was altered or not signed by its sender."),
        ) from exc
