"""The one way in: bytes from a USB stick or an email → a VerifiedBundle, or BundleRefused.

Checks run cheapest and most fundamental first, and nothing is decompressed
before the manifest's signature and the sender's key have been accepted:

1. size, sealing (unseal with our key), zip structure (names, types, sizes, ratio);
2. manifest JSON and schema, sender key ⇔ fingerprint, signature;
3. trust: the key is enrolled, not revoked, for that department; the recipient
   is us; the kind is expected; the catalog version is known;
4. every payload entry is exactly the one the manifest lists, bounded
   decompression, sizes and hashes; the file is byte-for-byte canonical;
5. values.json shape and counts; the replay guard.

Trust decisions come from the caller (the store), so this module stays pure.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Collection, Container, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from chiso_desktop.bundle.container import (
    DEFAULT_LIMITS,
    Limits,
    RawContainer,
    StoredEntry,
    check_canonical,
    inflate_bounded,
    open_container,
)
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.bundle.manifest import (
    MANIFEST_NAME,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    Manifest,
    manifest_from_bytes,
)
from chiso_desktop.bundle.sealed import is_sealed, unseal
from chiso_desktop.bundle.sign import SIGNATURE_SIZE, verify_manifest_signature
from chiso_desktop.bundle.values import VALUES_NAME, ValueRecord, parse_values
from chiso_desktop.i18n import _


@dataclass(frozen=True)
class TrustedKey:
    """An enrolled key as the store knows it: the claims a bundle signed by it must make.

    ``role`` and ``org_unit`` None means "not recorded" (not checked).
    """

    department: str
    revoked: bool = False
    role: str | None = None
    org_unit: str | None = None


class ReplayGuard(Protocol):
    """Store hook: raise ``BundleRefused(Reason.REPLAY, ...)`` for a bundle seen before."""

    def check(self, manifest: Manifest) -> None: ...


@dataclass(frozen=True)
class SequenceGuard:
    """Refuse a bundle already imported, or older than the newest from its sender.

    Bundles are ordered by the sender's ``sequence``, never by ``created_at``.
    """

    last_sequence: Mapping[str, int] = field(default_factory=dict)  # key fingerprint → sequence
    seen_bundle_ids: Container[str] = frozenset()

    def check(self, manifest: Manifest) -> None:
        if manifest.bundle_id in self.seen_bundle_ids:
            raise BundleRefused(Reason.REPLAY, _("This bundle has already been imported."))
        last = self.last_sequence.get(manifest.sender.key_fingerprint)
        if last is not None and manifest.sequence <= last:
            raise BundleRefused(
                Reason.REPLAY,
                _(
                    "This bundle (number {sequence}) is not newer than one already imported "
                    "from the same sender (number {last})."
                ).format(sequence=manifest.sequence, last=last),
            )


@dataclass(frozen=True)
class VerifiedBundle:
    """Everything in a bundle that passed every check; safe to hand to the store."""

    manifest: Manifest
    payloads: dict[str, bytes]
    raw_sha256: str  # of the file exactly as received (sealed or not)
    values: list[ValueRecord] | None
    sealed: bool = False
    manifest_sha256: str = ""  # of manifest.json as signed: the same bundle resealed keeps it


def _signed_manifest(container: RawContainer, limits: Limits) -> Manifest:
    return _signed_manifest_bytes(container, limits)[0]


def _signed_manifest_bytes(container: RawContainer, limits: Limits) -> tuple[Manifest, bytes]:
    manifest_bytes = container.reserved(MANIFEST_NAME, limits.max_manifest_size)
    signature = container.reserved(SIGNATURE_NAME, SIGNATURE_SIZE)
    manifest = manifest_from_bytes(manifest_bytes)
    verify_manifest_signature(manifest.sender.public_key, manifest_bytes, signature)
    return manifest, manifest_bytes


def _payloads(container: RawContainer, manifest: Manifest) -> dict[str, bytes]:
    """Each payload exactly as the manifest lists it; then the layout must be canonical."""
    present = set(container.infos) - set(RESERVED_NAMES)
    listed = {e.name for e in manifest.entries}
    if present - listed:
        raise BundleRefused(
            Reason.UNEXPECTED_ENTRY,
            _("The bundle contains {name}, which its manifest does not list.").format(
                name=sorted(present - listed)[0]
            ),
        )
    if listed - present:
        raise BundleRefused(
            Reason.MISSING_ENTRY,
            _("The bundle lacks {name}, which its manifest lists.").format(
                name=sorted(listed - present)[0]
            ),
        )
    damaged = _("The bundle's entry {name} does not match its manifest; it was altered or damaged.")
    payloads: dict[str, bytes] = {}
    stored_entries: list[StoredEntry] = []
    for name in RESERVED_NAMES:
        info = container.infos[name]
        raw = container.stored[name]
        stored_entries.append(StoredEntry(name, info.compress_type, raw, len(raw), zlib.crc32(raw)))
    for entry in manifest.entries:
        info = container.infos[entry.name]
        raw = container.stored[entry.name]
        if info.file_size != entry.size:
            raise BundleRefused(Reason.SIZE_MISMATCH, damaged.format(name=entry.name))
        if hashlib.sha256(raw).hexdigest() != entry.stored_sha256:
            raise BundleRefused(Reason.HASH_MISMATCH, damaged.format(name=entry.name))
        if info.compress_type != 8:
            raise BundleRefused(Reason.NOT_CANONICAL, damaged.format(name=entry.name))
        content = inflate_bounded(raw, entry.size)
        if content is None:
            raise BundleRefused(Reason.SIZE_MISMATCH, damaged.format(name=entry.name))
        if hashlib.sha256(content).hexdigest() != entry.sha256:
            raise BundleRefused(Reason.HASH_MISMATCH, damaged.format(name=entry.name))
        payloads[entry.name] = content
        stored_entries.append(StoredEntry(entry.name, 8, raw, entry.size, zlib.crc32(content)))
    check_canonical(container, stored_entries)
    return payloads


def _check_trust(
    manifest: Manifest,
    *,
    expected_recipient_fingerprint: str | None,
    trusted_keys: Mapping[str, TrustedKey],
    known_catalog_hashes: Collection[str] | Mapping[str, Collection[tuple[str, str]]] | None,
    expected_kind: str | Collection[str] | None,
) -> None:
    sender = manifest.sender
    trusted = trusted_keys.get(sender.key_fingerprint)
    if trusted is None:
        raise BundleRefused(
            Reason.UNKNOWN_KEY,
            _(
                "The bundle is signed by a key that is not enrolled ({department}, {org_unit})."
            ).format(department=sender.department, org_unit=sender.org_unit),
        )
    if trusted.revoked:
        raise BundleRefused(
            Reason.REVOKED_KEY, _("The bundle is signed by a key that has been revoked.")
        )
    if trusted.department != sender.department:
        raise BundleRefused(
            Reason.WRONG_DEPARTMENT,
            _(
                "The bundle claims department {claimed}, but its key is enrolled for {enrolled}."
            ).format(claimed=sender.department, enrolled=trusted.department),
        )
    if trusted.role is not None and trusted.role != sender.role:
        raise BundleRefused(
            Reason.WRONG_ROLE,
            _(
                "The bundle claims to come from a {claimed}, but its key is enrolled for a "
                "{enrolled}; it is refused. Check the key with the sender."
            ).format(claimed=sender.role, enrolled=trusted.role),
        )
    if trusted.org_unit is not None and trusted.org_unit != sender.org_unit:
        raise BundleRefused(
            Reason.WRONG_ORG_UNIT,
            _(
                "The bundle claims to come from {claimed}, but its key is enrolled for "
                "{enrolled}; it is refused. Check the key with the sender."
            ).format(claimed=sender.org_unit, enrolled=trusted.org_unit),
        )
    if (
        expected_recipient_fingerprint is not None
        and manifest.recipient_fingerprint != expected_recipient_fingerprint
    ):
        raise BundleRefused(
            Reason.WRONG_RECIPIENT, _("The bundle is addressed to someone else, not to us.")
        )
    if expected_kind is not None:
        kinds = {expected_kind} if isinstance(expected_kind, str) else set(expected_kind)
        if manifest.kind not in kinds:
            raise BundleRefused(
                Reason.WRONG_KIND,
                _("The file is a {kind} package, which cannot be imported here.").format(
                    kind=manifest.kind
                ),
            )
    if (
        known_catalog_hashes is not None
        and manifest.catalog.content_hash not in known_catalog_hashes
    ):
        raise BundleRefused(
            Reason.UNKNOWN_CATALOG,
            _(
                "The bundle was made with catalog {id} version {version}, which is not installed here."
            ).format(id=manifest.catalog.id, version=manifest.catalog.version),
        )
    if isinstance(known_catalog_hashes, Mapping):
        names = known_catalog_hashes[manifest.catalog.content_hash]
        if (manifest.catalog.id, manifest.catalog.version) not in names:
            raise BundleRefused(
                Reason.CATALOG_MISMATCH,
                _(
                    "The bundle names catalog {id} version {version}, but its content hash is "
                    "that of another catalog installed here; it is refused."
                ).format(id=manifest.catalog.id, version=manifest.catalog.version),
            )


def _values(manifest: Manifest, payloads: Mapping[str, bytes]) -> list[ValueRecord] | None:
    if VALUES_NAME not in payloads:
        if manifest.kind == "bundle":
            raise BundleRefused(Reason.MISSING_ENTRY, _("The bundle has no values.json."))
        return None
    values = parse_values(payloads[VALUES_NAME], periods=set(manifest.periods),
                          format_version=manifest.format_version)
    if manifest.counts.get("values") != len(values):
        raise BundleRefused(
            Reason.COUNT_MISMATCH,
            _("The bundle says it holds {declared} values but holds {actual}.").format(
                declared=manifest.counts.get("values"), actual=len(values)
            ),
        )
    return values


def _unsealed(data: bytes, private_sealing_key: X25519PrivateKey | None, limits: Limits) -> bytes:
    if len(data) > limits.max_file_size + 1024:
        raise BundleRefused(Reason.TOO_LARGE, _("The file is larger than any bundle may be."))
    if not is_sealed(data):
        return data
    inner = unseal(data, private_sealing_key)
    if is_sealed(inner):
        raise BundleRefused(Reason.NOT_A_ZIP, _("The sealed bundle holds another sealed file."))
    return inner


def check_integrity(
    data: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[Manifest, dict[str, bytes]]:
    """Structure, signature and hashes only — NOT a trust decision; the writer's self-check."""
    container = open_container(data, limits)
    manifest = _signed_manifest(container, limits)
    payloads = _payloads(container, manifest)
    _values(manifest, payloads)
    return manifest, payloads


def verify(
    data: bytes,
    *,
    expected_recipient_fingerprint: str | None,
    trusted_keys: Mapping[str, TrustedKey],
    known_catalog_hashes: Collection[str] | Mapping[str, Collection[tuple[str, str]]] | None,
    private_sealing_key: X25519PrivateKey | None = None,
    expected_kind: str | Collection[str] | None = None,
    replay_guard: ReplayGuard | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> VerifiedBundle:
    """Verify a bundle completely; raise ``BundleRefused`` and nothing else for bad input.

    ``expected_recipient_fingerprint=None`` skips the recipient check and
    ``known_catalog_hashes=None`` the catalog check — only for a setup package,
    which arrives before its recipient has a key and brings its own catalog.
    """
    raw_sha256 = hashlib.sha256(data).hexdigest()
    inner = _unsealed(data, private_sealing_key, limits)
    container = open_container(inner, limits)
    manifest, manifest_bytes = _signed_manifest_bytes(container, limits)
    _check_trust(
        manifest,
        expected_recipient_fingerprint=expected_recipient_fingerprint,
        trusted_keys=trusted_keys,
        known_catalog_hashes=known_catalog_hashes,
        expected_kind=expected_kind,
    )
    payloads = _payloads(container, manifest)
    values = _values(manifest, payloads)
    if replay_guard is not None:
        replay_guard.check(manifest)
    return VerifiedBundle(
        manifest=manifest,
        payloads=payloads,
        raw_sha256=raw_sha256,
        values=values,
        sealed=inner is not data,
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
    )
