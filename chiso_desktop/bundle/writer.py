"""Make a bundle: manifest, signature, payloads → canonical .chiso bytes → disk, atomically."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from chiso_desktop import __version__
from chiso_desktop.bundle.container import (
    DEFAULT_LIMITS,
    Limits,
    build_zip,
    canonical_order,
    stored_entry,
)
from chiso_desktop.bundle.errors import BundleRefused
from chiso_desktop.bundle.keys import raw_public_key
from chiso_desktop.bundle.manifest import (
    ENTRY_NAME,
    MANIFEST_NAME,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    CatalogRef,
    EntryRef,
    Manifest,
    Sender,
    version_for,
)
from chiso_desktop.bundle.sealed import seal
from chiso_desktop.bundle.sign import sign_manifest
from chiso_desktop.bundle.values import VALUES_NAME, parse_values
from chiso_desktop.bundle.verify import check_integrity
from chiso_desktop.fileio.atomic_file import atomic_write_bytes


@dataclass(frozen=True)
class ManifestFields:
    """What the caller decides about a bundle; hashes, sizes and the key are filled in."""

    kind: str
    org_unit: str
    department: str
    role: str
    recipient_fingerprint: str | None
    catalog: CatalogRef
    periods: Sequence[str]
    sequence: int
    counts: Mapping[str, int] = field(default_factory=dict)
    app_version: str = __version__
    bundle_id: str | None = None
    created_at: str | None = None


@dataclass(frozen=True)
class BuiltBundle:
    data: bytes  # what goes to disk (sealed if asked)
    manifest: Manifest
    sha256: str  # of ``data``


def build_bundle(
    fields: ManifestFields,
    payloads: Mapping[str, bytes],
    signing_key: Ed25519PrivateKey,
    *,
    sealed_to: X25519PublicKey | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> BuiltBundle:
    """Bundle bytes in memory; refuses (ValueError) to make a bundle a reader would refuse."""
    for name in payloads:
        if name in RESERVED_NAMES or not ENTRY_NAME.fullmatch(name):
            raise ValueError(f"not an allowed payload name: {name!r}")
    counts = dict(fields.counts)
    if VALUES_NAME in payloads:
        n = len(parse_values(payloads[VALUES_NAME], periods=set(fields.periods)))
        if counts.setdefault("values", n) != n:
            raise ValueError(f"counts['values'] is {counts['values']}, values.json holds {n}")
    stored = {
        name: stored_entry(name, content, compress=True, limits=limits)
        for name, content in payloads.items()
    }
    manifest = Manifest(
        kind=fields.kind,
        bundle_id=fields.bundle_id or str(uuid.uuid4()),
        created_at=fields.created_at or datetime.now(UTC).isoformat(timespec="seconds"),
        sender=Sender(fields.org_unit, fields.department, fields.role, raw_public_key(signing_key)),
        recipient_fingerprint=fields.recipient_fingerprint,
        catalog=fields.catalog,
        periods=tuple(fields.periods),
        sequence=fields.sequence,
        app_version=fields.app_version,
        counts=counts,
        entries=tuple(
            EntryRef(
                name=name,
                size=len(payloads[name]),
                sha256=hashlib.sha256(payloads[name]).hexdigest(),
                stored_sha256=hashlib.sha256(stored[name].stored).hexdigest(),
            )
            for name in sorted(payloads)
        ),
        format_version=version_for(fields.periods),
    )
    try:
        manifest_bytes = manifest.to_bytes()
    except BundleRefused as exc:
        raise ValueError(exc.message) from exc
    stored[MANIFEST_NAME] = stored_entry(MANIFEST_NAME, manifest_bytes, compress=False)
    stored[SIGNATURE_NAME] = stored_entry(
        SIGNATURE_NAME, sign_manifest(signing_key, manifest_bytes), compress=False
    )
    data = build_zip([stored[name] for name in canonical_order(list(stored))])
    try:
        check_integrity(data, limits)
    except BundleRefused as exc:
        raise ValueError(f"the bundle would be refused: {exc.message}") from exc
    if sealed_to is not None:
        data = seal(data, sealed_to)
    return BuiltBundle(data, manifest, hashlib.sha256(data).hexdigest())


def write_bundle(
    path: str | os.PathLike[str],
    fields: ManifestFields,
    payloads: Mapping[str, bytes],
    signing_key: Ed25519PrivateKey,
    sealed_to: X25519PublicKey | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Path, BuiltBundle]:
    """Build and write a bundle atomically; ``BundleWriteError`` if the disk fails."""
    built = build_bundle(fields, payloads, signing_key, sealed_to=sealed_to, limits=limits)
    return atomic_write_bytes(Path(path), built.data), built
