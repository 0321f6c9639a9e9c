"""The bundle manifest: what a bundle claims about itself, checked field by field.

The manifest is the signed part of a bundle. Its JSON bytes are signed
exactly as stored, so parsing here only has to make sure every field has the
one shape the spec (docs/bundle-format.md) allows; anything else is refused.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chiso_desktop.bundle.canonical import StrictJSONError, pretty_json, strict_loads
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.bundle.keys import ROLES, b64, b64_decode_32, fingerprint
from chiso_desktop.i18n import _

FORMAT = "chiso-bundle"
FORMAT_VERSION = 2
"""Version 2: value records carry their category option combination (``combo``).
Version 1 bundles are still read; their values are the fields' totals."""
HOUR_VERSION = 3
"""Version 3 is version 2 whose periods may be hours (``2026060114``); written only by a
bundle that holds an hour, so every other bundle stays readable by version 2 readers."""
READABLE_VERSIONS = (1, 2, 3)
KINDS = ("bundle", "setup", "corrections", "receipt")
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RESERVED_NAMES = (MANIFEST_NAME, SIGNATURE_NAME)

# Payload entries are flat, ASCII, and cannot be mistaken for a path on any OS.
ENTRY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\.[A-Za-z0-9_-]{1,16}){0,2}")
# DHIS2 period identifiers: year, half-year, quarter, month, ISO week, day; and our hour
# (a day and 00-23, format version 3).
PERIOD = re.compile(
    r"\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2]|W(0[1-9]|[1-4]\d|5[0-3])|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
    r"([01]\d|2[0-3])?)?"
)
HOUR_PERIOD_LENGTH = 10


def version_for(periods: Iterable[str]) -> int:
    """The lowest format version that can carry ``periods``: 3 with an hour, else 2."""
    return HOUR_VERSION if any(len(p) == HOUR_PERIOD_LENGTH for p in periods) else FORMAT_VERSION
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_TEXT = 500
_MAX_LIST = 10_000
MAX_SEQUENCE = 2**63 - 1


@dataclass(frozen=True)
class Sender:
    org_unit: str
    department: str
    role: str
    public_key: bytes  # raw Ed25519, 32 bytes

    @property
    def key_fingerprint(self) -> str:
        return fingerprint(self.public_key)


@dataclass(frozen=True)
class CatalogRef:
    id: str
    version: str
    content_hash: str


@dataclass(frozen=True)
class EntryRef:
    """One payload entry: its uncompressed size and hash, and the hash of its stored bytes."""

    name: str
    size: int
    sha256: str
    stored_sha256: str


@dataclass(frozen=True)
class Manifest:
    kind: str
    bundle_id: str
    created_at: str
    sender: Sender
    recipient_fingerprint: str | None
    catalog: CatalogRef
    periods: tuple[str, ...]
    sequence: int
    app_version: str
    counts: Mapping[str, int]
    entries: tuple[EntryRef, ...] = field(default=())
    format_version: int = FORMAT_VERSION

    def entry(self, name: str) -> EntryRef | None:
        return next((e for e in self.entries if e.name == name), None)

    def to_mapping(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "kind": self.kind,
            "bundle_id": self.bundle_id,
            "created_at": self.created_at,
            "sender": {
                "org_unit": self.sender.org_unit,
                "department": self.sender.department,
                "role": self.sender.role,
                "key_fingerprint": self.sender.key_fingerprint,
                "public_key": b64(self.sender.public_key),
            },
            "recipient": {"key_fingerprint": self.recipient_fingerprint},
            "catalog": {
                "id": self.catalog.id,
                "version": self.catalog.version,
                "content_hash": self.catalog.content_hash,
            },
            "periods": list(self.periods),
            "sequence": self.sequence,
            "app_version": self.app_version,
            "counts": dict(self.counts),
            "entries": [
                {
                    "name": e.name,
                    "size": e.size,
                    "sha256": e.sha256,
                    "stored_sha256": e.stored_sha256,
                }
                for e in self.entries
            ],
        }

    def to_bytes(self) -> bytes:
        """The manifest as stored in the bundle; validated first so we never sign junk."""
        data = pretty_json(self.to_mapping())
        manifest_from_bytes(data)
        return data


# -- parsing ------------------------------------------------------------------------------


def _invalid(detail: str) -> BundleRefused:
    return BundleRefused(
        Reason.MANIFEST_INVALID,
        _("The bundle's manifest is not valid: {detail}.").format(detail=detail),
    )


def _object(value: Any, keys: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid(f"{where} is not an object")
    if set(value) != keys:
        missing = sorted(keys - set(value))
        unknown = sorted(set(value) - keys)
        raise _invalid(f"{where}: missing {missing}, unknown {unknown}")
    return value


def _text(value: Any, where: str, *, empty: bool = True, limit: int = _MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > limit or (not empty and not value):
        raise _invalid(f"{where} must be text")
    if any(unicodedata.category(c) == "Cc" for c in value):
        raise _invalid(f"{where} contains control characters")
    if unicodedata.normalize("NFC", value) != value:
        raise _invalid(f"{where} is not in Unicode NFC")
    return value


def _int(value: Any, where: str, maximum: int = MAX_SEQUENCE) -> int:
    # bool is an int in Python; in the format it is not.
    if type(value) is not int or not 0 <= value <= maximum:
        raise _invalid(f"{where} must be a non-negative integer")
    return value


def _hex64(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise _invalid(f"{where} must be 64 lowercase hex digits")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or len(value) > _MAX_LIST:
        raise _invalid(f"{where} must be a list")
    return value


_TOP = {
    "format", "format_version", "kind", "bundle_id", "created_at", "sender", "recipient",
    "catalog", "periods", "sequence", "app_version", "counts", "entries",
}  # fmt: skip


def manifest_from_mapping(doc: Any) -> Manifest:
    """Check a parsed manifest against the version 1 or 2 schema (the same manifest)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BundleRefused(Reason.MANIFEST_INVALID, _("The file is not a Chỉ số bundle."))
    if type(doc.get("format_version")) is not int or \
            doc["format_version"] not in READABLE_VERSIONS:
        raise BundleRefused(
            Reason.UNSUPPORTED_VERSION,
            _(
                "The bundle uses format version {version}, which this application cannot read."
            ).format(version=str(doc.get("format_version"))[:20]),
        )
    _object(doc, _TOP, "manifest")
    kind = doc["kind"]
    if kind not in KINDS:
        raise _invalid("unknown kind")
    bundle_id = _text(doc["bundle_id"], "bundle_id", empty=False, limit=36)
    try:
        parsed_id = uuid.UUID(bundle_id)
    except ValueError:
        raise _invalid("bundle_id is not a UUID") from None
    if str(parsed_id) != bundle_id or parsed_id.version != 4:
        raise _invalid("bundle_id is not a lowercase UUID4")
    created_at = _text(doc["created_at"], "created_at", empty=False, limit=40)
    try:
        datetime.fromisoformat(created_at)
    except ValueError:
        raise _invalid("created_at is not an ISO 8601 time") from None

    s = _object(
        doc["sender"], {"org_unit", "department", "role", "key_fingerprint", "public_key"}, "sender"
    )
    role = s["role"]
    if role not in ROLES:
        raise _invalid("sender.role is unknown")
    public_key = b64_decode_32(s["public_key"])
    if public_key is None:
        raise _invalid("sender.public_key is not a base64 Ed25519 key")
    claimed = _hex64(s["key_fingerprint"], "sender.key_fingerprint")
    if fingerprint(public_key) != claimed:
        raise BundleRefused(
            Reason.SENDER_KEY_MISMATCH,
            _("The sender's key does not match the fingerprint the bundle claims."),
        )
    sender = Sender(
        org_unit=_text(s["org_unit"], "sender.org_unit"),
        department=_text(s["department"], "sender.department", empty=False, limit=50),
        role=role,
        public_key=public_key,
    )

    r = _object(doc["recipient"], {"key_fingerprint"}, "recipient")
    recipient = r["key_fingerprint"]
    if recipient is None:
        if kind != "setup":
            raise _invalid("only a setup package may have no recipient")
    else:
        recipient = _hex64(recipient, "recipient.key_fingerprint")

    c = _object(doc["catalog"], {"id", "version", "content_hash"}, "catalog")
    catalog = CatalogRef(
        id=_text(c["id"], "catalog.id", empty=False, limit=100),
        version=_text(c["version"], "catalog.version", limit=100),
        content_hash=_hex64(c["content_hash"], "catalog.content_hash"),
    )

    periods = tuple(_list(doc["periods"], "periods"))
    for p in periods:
        if not isinstance(p, str) or not PERIOD.fullmatch(p):
            raise _invalid("periods holds an invalid period identifier")
    if len(set(periods)) != len(periods):
        raise _invalid("periods holds a duplicate")
    if doc["format_version"] < HOUR_VERSION and version_for(periods) == HOUR_VERSION:
        raise _invalid("an hour period needs format version 3")

    counts_doc = doc["counts"]
    if not isinstance(counts_doc, dict) or len(counts_doc) > 100:
        raise _invalid("counts must be an object")
    counts = {
        _text(k, "counts key", empty=False, limit=50): _int(v, f"counts.{k}")
        for k, v in counts_doc.items()
    }

    entries: list[EntryRef] = []
    for i, item in enumerate(_list(doc["entries"], "entries")):
        e = _object(item, {"name", "size", "sha256", "stored_sha256"}, f"entries[{i}]")
        name = e["name"]
        if not isinstance(name, str) or not ENTRY_NAME.fullmatch(name) or name in RESERVED_NAMES:
            raise _invalid(f"entries[{i}].name is not an allowed entry name")
        entries.append(
            EntryRef(
                name=name,
                size=_int(e["size"], f"entries[{i}].size"),
                sha256=_hex64(e["sha256"], f"entries[{i}].sha256"),
                stored_sha256=_hex64(e["stored_sha256"], f"entries[{i}].stored_sha256"),
            )
        )
    names = [e.name for e in entries]
    if len({n.lower() for n in names}) != len(names):
        raise _invalid("entries name the same file twice")

    return Manifest(
        kind=kind,
        bundle_id=bundle_id,
        created_at=created_at,
        sender=sender,
        recipient_fingerprint=recipient,
        catalog=catalog,
        periods=periods,
        sequence=_int(doc["sequence"], "sequence"),
        app_version=_text(doc["app_version"], "app_version", limit=50),
        counts=counts,
        entries=tuple(entries),
        format_version=doc["format_version"],
    )


def manifest_from_bytes(data: bytes) -> Manifest:
    """Parse the stored manifest bytes; ``BundleRefused`` for anything off-spec."""
    try:
        doc = strict_loads(data)
    except StrictJSONError as exc:
        raise BundleRefused(
            Reason.MALFORMED_JSON, _("The bundle's manifest is not valid JSON.")
        ) from exc
    return manifest_from_mapping(doc)
