"""A small ward for the bundle tests: one department, the Office, a catalog hash, bundle makers."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from chiso_desktop.bundle import (
    CatalogRef,
    InstallationKeys,
    ManifestFields,
    TrustedKey,
    ValueRecord,
    build_bundle,
    fingerprint,
    values_to_json,
)
from chiso_desktop.bundle.canonical import pretty_json

CATALOG = CatalogRef("hp-2081-2026", "2026.1", hashlib.sha256(b"catalog").hexdigest())

# Generated once per session: key generation is cheap, but tests compare across fixtures.
DEPARTMENT = InstallationKeys.generate()
OFFICE = InstallationKeys.generate()
STRANGER = InstallationKeys.generate()

VALUES = [
    ValueRecord("A.XIII.1.1", "202606", "value", "9275", "Theo báo cáo tháng", 1, "Nguyễn Thị Hà"),
    ValueRecord("A.XIII.1.2", "202606", "value", "51.9", "", 2, "Nguyễn Thị Hà"),
    ValueRecord("A.XIII.2.1", "202606", "not-applicable", None, "Không phát sinh", 1, ""),
    ValueRecord("A.XIII.3.1", "202606", "missing", None, "", 0, ""),
]


def fields(**overrides: Any) -> ManifestFields:
    base: dict[str, Any] = {
        "kind": "bundle",
        "org_unit": "Phường Nhị Chiểu",
        "department": "KT",
        "role": "department",
        "recipient_fingerprint": fingerprint(OFFICE.signing),
        "catalog": CATALOG,
        "periods": ["202606"],
        "sequence": 7,
        "created_at": "2026-06-20T08:30:00+07:00",
    }
    base.update(overrides)
    return ManifestFields(**base)


def small_bundle(**overrides: Any) -> bytes:
    return build_bundle(
        fields(**overrides), {"values.json": values_to_json(VALUES)}, DEPARTMENT.signing
    ).data


def verify_kwargs(**overrides: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "expected_recipient_fingerprint": fingerprint(OFFICE.signing),
        "trusted_keys": {fingerprint(DEPARTMENT.signing): TrustedKey("KT")},
        "known_catalog_hashes": {CATALOG.content_hash},
        "private_sealing_key": OFFICE.sealing,
    }
    kwargs.update(overrides)
    return kwargs


@dataclass
class Forger:
    """Builds containers by hand with zipfile, signing whatever manifest it is given."""

    key: Ed25519PrivateKey = field(default_factory=lambda: DEPARTMENT.signing)

    def manifest(self, payloads: Mapping[str, bytes], **overrides: Any) -> dict[str, Any]:
        """A schema-valid manifest dict for ``payloads`` (stored hashes per zipfile's deflate)."""
        from chiso_desktop.bundle.container import deflate
        from chiso_desktop.bundle.keys import b64, raw_public_key

        public = raw_public_key(self.key)
        doc: dict[str, Any] = {
            "format": "chiso-bundle",
            "format_version": 2,
            "kind": "bundle",
            "bundle_id": "0b6f6a1e-2f0e-4a57-9c55-5f1f0d7e9a11",
            "created_at": "2026-06-20T08:30:00+07:00",
            "sender": {
                "org_unit": "Phường Nhị Chiểu",
                "department": "KT",
                "role": "department",
                "key_fingerprint": hashlib.sha256(public).hexdigest(),
                "public_key": b64(public),
            },
            "recipient": {"key_fingerprint": fingerprint(OFFICE.signing)},
            "catalog": {
                "id": CATALOG.id,
                "version": CATALOG.version,
                "content_hash": CATALOG.content_hash,
            },
            "periods": ["202606"],
            "sequence": 7,
            "app_version": "0.1.0",
            "counts": {"values": len(VALUES)},
            "entries": [
                {
                    "name": name,
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "stored_sha256": hashlib.sha256(deflate(content)).hexdigest(),
                }
                for name, content in sorted(payloads.items())
            ],
        }
        doc.update(overrides)
        return doc

    def zip(
        self,
        manifest: bytes | dict[str, Any] | None,
        payloads: Mapping[str, bytes],
        *,
        signature: bytes | None = None,
        extra: Callable[[zipfile.ZipFile], None] | None = None,
    ) -> bytes:
        manifest_bytes = manifest if isinstance(manifest, bytes | None) else pretty_json(manifest)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            if manifest_bytes is not None:
                zf.writestr("manifest.json", manifest_bytes, compress_type=zipfile.ZIP_STORED)
                sig = signature if signature is not None else self.key.sign(manifest_bytes)
                zf.writestr("manifest.sig", sig, compress_type=zipfile.ZIP_STORED)
            for name, content in payloads.items():
                zf.writestr(name, content)
            if extra is not None:
                extra(zf)
        return out.getvalue()


def canonical_container(
    manifest: bytes | dict[str, Any], payloads: Mapping[str, bytes], key: Ed25519PrivateKey
) -> bytes:
    """A bundle in the exact canonical layout, around any manifest, signed by ``key``.

    Payloads are deflated as a forger would, without the writer's care to stay within
    the reader's ratio rule, so a forged zip bomb really is one.
    """
    from chiso_desktop.bundle.container import (
        StoredEntry,
        build_zip,
        canonical_order,
        deflate,
        stored_entry,
    )

    manifest_bytes = manifest if isinstance(manifest, bytes) else pretty_json(manifest)
    stored = {
        name: StoredEntry(name, zipfile.ZIP_DEFLATED, deflate(content), len(content),
                          zlib.crc32(content))
        for name, content in payloads.items()
    }
    stored["manifest.json"] = stored_entry("manifest.json", manifest_bytes, compress=False)
    stored["manifest.sig"] = stored_entry("manifest.sig", key.sign(manifest_bytes), compress=False)
    return build_zip([stored[name] for name in canonical_order(list(stored))])


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite an entry's uncompressed size in both its local and central headers."""
    import struct

    out = bytearray(data)
    encoded = name.encode()
    pos = 0
    while (local := out.find(b"PK\x03\x04", pos)) != -1:
        if out[local + 30 : local + 30 + len(encoded)] == encoded:
            struct.pack_into("<I", out, local + 22, size)
        pos = local + 4
    pos = 0
    while (central := out.find(b"PK\x01\x02", pos)) != -1:
        if out[central + 46 : central + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", out, central + 24, size)
        pos = central + 4
    return bytes(out)


PAYLOADS_FOR_FUZZ = {"values.json": values_to_json(VALUES)}
