"""Writing the Office's signed files (corrections, receipts, consolidated bundles).

Same container and key as every other bundle: the installation's next
sequence number, the catalog reference the exchange uses, a recipient, and a
row in ``exported_bundles`` so the file can be traced later.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from chiso_desktop.bundle import BuiltBundle, CatalogRef, ManifestFields, write_bundle
from chiso_desktop.bundle.canonical import StrictJSONError, strict_loads
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.catalog.installed import installed_rows
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.anchors import ANCHOR_ENTRY, anchor_payload, make_anchor
from chiso_desktop.exchange.setup_package import catalog_ref
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import ExportedBundle
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import require_installation


def department_key(session: Session, department: str) -> TrustedKeyRow:
    """The enrolled key a file for ``department`` is addressed to."""
    rows = identity.active_keys_of(session, department)
    if not rows:
        raise Refused(_("No key is enrolled for department {department}; enroll its key card "
                        "first on the page \"Departments and keys\".").format(
            department=department),
            cli_hint=f"chiso keys trust FILE --department {department}")
    return rows[-1]


def write_signed(session: Session, *, kind: str, out: Path, payloads: Mapping[str, bytes],
                 periods: Sequence[str], recipient: str, counts: Mapping[str, int] | None = None,
                 actor: str = "", secret: str | None = None,
                 catalog: CatalogRef | None = None) -> tuple[Path, BuiltBundle]:
    """Sign and write one file to ``recipient`` (a key fingerprint), in the caller's transaction.

    ``catalog`` is the catalog the manifest names (default: the plan, else the first set).
    """
    inst = require_installation(session)
    keys = identity.load_keys(session, secret)
    # A consolidated bundle (kind "bundle" from the Office) is what finalizing sends.
    anchor = make_anchor(session, {"receipt": "receipt", "corrections": "corrections"}.get(
        kind, "finalize"), keys=keys, actor=actor)
    payloads = {**payloads, ANCHOR_ENTRY: anchor_payload(anchor)}
    sequence = inst.next_sequence
    inst.next_sequence = sequence + 1
    fields = ManifestFields(
        kind=kind, org_unit=inst.org_unit.name, department=identity.sender_department(inst),
        role=identity.key_role(inst), recipient_fingerprint=recipient,
        catalog=catalog or catalog_ref(installed_rows(session)), periods=tuple(periods),
        sequence=sequence,
        counts=dict(counts or {}))
    path, built = write_bundle(out, fields, payloads, keys.signing)
    session.add(ExportedBundle(bundle_id=built.manifest.bundle_id, kind=kind, sequence=sequence,
                               periods=json.dumps(list(periods)), file_sha256=built.sha256,
                               path=str(path), created_at=datetime.now()))
    append_audit(session, f"{kind}-exported", actor, bundle_id=built.manifest.bundle_id,
                 periods=list(periods), recipient=recipient, sequence=sequence)
    return path, built


def load_payload(payloads: Mapping[str, bytes], name: str) -> dict[str, object]:
    """A JSON object payload of a verified file; anything else refuses the file."""
    data = payloads.get(name)
    if data is None:
        raise BundleRefused(Reason.MISSING_ENTRY, _("The file has no {name}.").format(name=name))
    try:
        doc = strict_loads(data)
    except StrictJSONError as exc:
        raise BundleRefused(Reason.MALFORMED_JSON,
                            _("The file's {name} is not valid JSON.").format(name=name)) from exc
    if not isinstance(doc, dict):
        raise BundleRefused(Reason.VALUES_INVALID,
                            _("The file's {name} is not an object.").format(name=name))
    return doc


def text_field(doc: Mapping[str, object], key: str, name: str, limit: int = 10_000) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise BundleRefused(Reason.VALUES_INVALID, _("The file's {name} has no valid {key}.")
                            .format(name=name, key=key))
    return value
