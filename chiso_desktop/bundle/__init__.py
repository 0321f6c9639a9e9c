"""Signed .chiso bundles: keys, the zip container, sealing, and the verifier.

Pure code without database access. The store calls ``verify`` on import and
``write_bundle`` on export; trust decisions (enrolled keys, known catalogs,
replay) are passed in. The format is specified in docs/bundle-format.md.
"""

from __future__ import annotations

from chiso_desktop.bundle.container import DEFAULT_LIMITS, EXTENSION, Limits
from chiso_desktop.bundle.errors import (
    BundleRefused,
    BundleWriteError,
    KeyFileError,
    Reason,
    WrongPassphrase,
)
from chiso_desktop.bundle.keys import (
    DEFAULT_KDF,
    MIN_PASSPHRASE,
    InstallationKeys,
    KdfParams,
    PublicKeyCard,
    RotationStatement,
    export_public_key,
    fingerprint,
    generate_keypair,
    generate_sealing_keypair,
    load_private_key,
    load_sealing_key,
    load_signing_key,
    make_rotation_statement,
    needs_upgrade,
    normalize_short_fingerprint,
    passphrase_problem,
    private_key_to_pem,
    raw_public_key,
    read_public_key_file,
    short_fingerprint,
    verify_rotation_statement,
)
from chiso_desktop.bundle.manifest import KINDS, CatalogRef, EntryRef, Manifest, Sender
from chiso_desktop.bundle.sealed import is_sealed
from chiso_desktop.bundle.values import VALUES_NAME, ValueRecord, parse_values, values_to_json
from chiso_desktop.bundle.verify import (
    ReplayGuard,
    SequenceGuard,
    TrustedKey,
    VerifiedBundle,
    verify,
)
from chiso_desktop.bundle.writer import BuiltBundle, ManifestFields, build_bundle, write_bundle

__all__ = [
    "DEFAULT_KDF",
    "DEFAULT_LIMITS",
    "EXTENSION",
    "KINDS",
    "MIN_PASSPHRASE",
    "VALUES_NAME",
    "BuiltBundle",
    "BundleRefused",
    "BundleWriteError",
    "CatalogRef",
    "EntryRef",
    "InstallationKeys",
    "KdfParams",
    "KeyFileError",
    "Limits",
    "Manifest",
    "ManifestFields",
    "PublicKeyCard",
    "Reason",
    "ReplayGuard",
    "RotationStatement",
    "Sender",
    "SequenceGuard",
    "TrustedKey",
    "ValueRecord",
    "VerifiedBundle",
    "WrongPassphrase",
    "build_bundle",
    "export_public_key",
    "fingerprint",
    "generate_keypair",
    "generate_sealing_keypair",
    "is_sealed",
    "load_private_key",
    "load_sealing_key",
    "load_signing_key",
    "make_rotation_statement",
    "needs_upgrade",
    "normalize_short_fingerprint",
    "parse_values",
    "passphrase_problem",
    "private_key_to_pem",
    "raw_public_key",
    "read_public_key_file",
    "short_fingerprint",
    "values_to_json",
    "verify",
    "verify_rotation_statement",
    "write_bundle",
]
