"""What a file claims to be, read without trusting it: for the import summary, not for import.

A folder on a USB stick holds more than department bundles: the Office's own
setup packages, key cards, cover sheets as PDF, Excel workbooks. Before (or
after) verification refuses such a file, the summary should say what it is
and which department and period it names. Nothing here is verified —
:mod:`chiso_desktop.bundle.verify` alone decides what is imported — so
these facts are only ever shown as "what the file says".
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass

from chiso_desktop.bundle.container import RawContainer, inflate_bounded, open_container
from chiso_desktop.bundle.errors import BundleRefused
from chiso_desktop.bundle.keys import KEY_CARD_FORMAT, ROTATION_FORMAT
from chiso_desktop.bundle.manifest import MANIFEST_NAME, Manifest, manifest_from_bytes
from chiso_desktop.bundle.sealed import is_sealed

# Kinds of file beyond the manifest kinds (bundle, setup, corrections, receipt).
SEALED = "sealed"
KEY_CARD = "key-card"
KEY_ROTATION = "key-rotation"
SPREADSHEET = "spreadsheet"
PDF = "pdf"
DAMAGED = "damaged"
UNKNOWN = "unknown"

_PEEK_LIMIT = 256 * 1024
SETUP_ENTRY = "setup.json"  # the setup package's document (exchange/setup_package.py)


@dataclass(frozen=True)
class FileFacts:
    """What the file says about itself (unverified)."""

    kind: str
    department: str = ""
    org_unit: str = ""
    periods: tuple[str, ...] = ()
    sender_role: str = ""


def _setup_department(container: RawContainer, manifest: Manifest) -> str | None:
    """The department a setup package is for (``setup.json``, docs/bundle-format.md)."""
    entry = manifest.entry(SETUP_ENTRY)
    stored = container.stored.get(SETUP_ENTRY)
    if entry is None or stored is None or entry.size > _PEEK_LIMIT:
        return None
    info = container.infos[SETUP_ENTRY]
    raw = stored if info.compress_type == zipfile.ZIP_STORED else \
        inflate_bounded(stored, entry.size)
    try:
        doc = json.loads((raw or b"").decode("utf-8"))
        return str(doc["department"]["code"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None


def _damaged(data: bytes) -> FileFacts:
    """A container that fails the checks: whatever its manifest still says, if anything."""
    try:
        container = open_container(data)
        doc = json.loads(container.stored[MANIFEST_NAME].decode("utf-8"))
        sender = doc.get("sender") or {}
        periods = doc.get("periods") or ()
        return FileFacts(DAMAGED, str(sender.get("department") or ""),
                         str(sender.get("org_unit") or ""),
                         tuple(str(p) for p in periods if isinstance(p, str)))
    except (BundleRefused, KeyError, UnicodeDecodeError, ValueError, AttributeError, TypeError):
        return FileFacts(DAMAGED)


def identify(data: bytes, name: str = "") -> FileFacts:
    """The file's kind and, for our containers, the department and periods it names."""
    if is_sealed(data):
        return FileFacts(SEALED)
    if data.startswith(b"%PDF"):
        return FileFacts(PDF)
    if data.startswith(b"PK"):
        head = data[:_PEEK_LIMIT]
        if b"[Content_Types].xml" in head or b"xl/workbook" in data:
            return FileFacts(SPREADSHEET)
        try:
            container = open_container(data)
            manifest = manifest_from_bytes(container.stored[MANIFEST_NAME])
        except (BundleRefused, KeyError):
            return _damaged(data)
        s = manifest.sender
        department = s.department
        if manifest.kind == "setup":
            department = _setup_department(container, manifest) or ""
        return FileFacts(manifest.kind, department, s.org_unit, tuple(manifest.periods),
                         s.role)
    stripped = data[:_PEEK_LIMIT].lstrip()
    if stripped.startswith(b"{"):
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            doc = None
        if isinstance(doc, dict):
            if doc.get("format") == KEY_CARD_FORMAT:
                return FileFacts(KEY_CARD, str(doc.get("department") or ""),
                                 str(doc.get("org_unit") or ""))
            if doc.get("format") == ROTATION_FORMAT:
                return FileFacts(KEY_ROTATION, str(doc.get("department") or ""),
                                 str(doc.get("org_unit") or ""))
    if name.lower().endswith(".chiso"):
        return FileFacts(DAMAGED)
    return FileFacts(UNKNOWN)
