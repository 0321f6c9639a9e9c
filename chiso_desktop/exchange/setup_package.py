"""The Office's setup package: everything a department needs to start, in one signed file.

Same container as a bundle (kind ``setup``, no recipient): ``setup.json``
describes the ward, the department, its assignments and the Office's public
keys; ``catalog-N.json`` carry the catalogs as their canonical JSON bodies,
so the department installs byte-for-byte what the Office has and the hashes
in later bundles match. The department trusts the Office key only after a
person compared its fingerprint.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from chiso_desktop.bundle import (
    BundleRefused,
    CatalogRef,
    Manifest,
    ManifestFields,
    Reason,
    TrustedKey,
    fingerprint,
    raw_public_key,
    short_fingerprint,
    verify,
    write_bundle,
)
from chiso_desktop.bundle.canonical import StrictJSONError, canonical_json, strict_loads
from chiso_desktop.bundle.keys import b64_decode_32
from chiso_desktop.bundle.verify import check_integrity
from chiso_desktop.catalog.installed import install_catalog, installed_rows
from chiso_desktop.catalog.model import CatalogKind
from chiso_desktop.catalog.serialize import catalog_from_json, content_hash
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.exchange import identity
from chiso_desktop.i18n import _
from chiso_desktop.setup.installation import InitRequest, init_installation
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import ExportedBundle, ImportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import Installation, InstalledCatalog

SETUP_NAME = "setup.json"
SETUP_FORMAT = "chiso-setup"


def _catalog_entry(index: int) -> str:
    return f"catalog-{index}.json"


def _primary(rows: list[InstalledCatalog]) -> InstalledCatalog:
    """The catalog a package or bundle names in its manifest: the plan, else the first set."""
    plans = [r for r in rows if r.kind == CatalogKind.PLAN.value]
    return plans[0] if plans else rows[0]


def catalog_ref(rows: list[InstalledCatalog]) -> CatalogRef:
    row = _primary(rows)
    return CatalogRef(row.catalog_id, row.version, row.content_hash)


@dataclass(frozen=True)
class SetupWritten:
    path: Path
    department: str
    bundle_id: str
    catalogs: int
    assignments: int
    office_fingerprint: str
    office_short_fingerprint: str


def build_setup_document(session: Session, inst: Installation, department: str,
                         rows: list[InstalledCatalog], office_public: bytes,
                         office_sealing: bytes) -> dict[str, Any]:
    plan_row = next((r for r in rows if r.kind == CatalogKind.PLAN.value), None)
    assignments: list[dict[str, str]] = []
    department_name = department
    if plan_row is not None:
        plan = catalog_from_json(plan_row.body)
        names = {d.code: d.name for d in plan.departments}
        if department not in names:
            raise UsageError(_("Department {code} is not in plan {plan}; known: {known}").format(
                code=department, plan=plan.id, known=", ".join(names)))
        department_name = names[department]
        assignments = [{"indicator": a.indicator, "department": a.department}
                       for a in plan.assignments if a.department == department]
    unit = inst.org_unit
    return {
        "format": SETUP_FORMAT,
        "format_version": 1,
        "org_unit": {"code": unit.code, "name": unit.name, "parent_body": unit.parent_body,
                     "place": unit.place, "kind": unit.kind},
        "department": {"code": department, "name": department_name},
        "plan": plan_row.catalog_id if plan_row is not None else "",
        "catalogs": [{"id": r.catalog_id, "version": r.version, "kind": r.kind,
                      "content_hash": r.content_hash, "entry": _catalog_entry(i)}
                     for i, r in enumerate(rows, start=1)],
        "assignments": assignments,
        "office": {"org_unit": unit.name, "department": identity.sender_department(inst),
                   "public_key": identity.b64(office_public),
                   "sealing_public_key": identity.b64(office_sealing),
                   "fingerprint": fingerprint(office_public)},
    }


def write_setup_package(session: Session, department: str, out: Path,
                        secret: str | None = None) -> SetupWritten:
    """Sign and write a setup package for one department (Office only)."""
    inst = require_installation(session)
    if inst.role not in ("office", "city"):
        raise UsageError(_("Only the Office writes setup packages."))
    rows = installed_rows(session)
    if not rows:
        raise UsageError(_("No catalog is installed."))
    identity.ensure_keys(session, secret)
    keys = identity.load_keys(session, secret)
    public, sealing = raw_public_key(keys.signing), raw_public_key(keys.sealing)
    doc = build_setup_document(session, inst, department, rows, public, sealing)
    payloads = {SETUP_NAME: canonical_json(doc)}
    for i, r in enumerate(rows, start=1):
        payloads[_catalog_entry(i)] = r.body.encode("utf-8")
    sequence = inst.next_sequence
    inst.next_sequence = sequence + 1
    fields = ManifestFields(
        kind="setup", org_unit=inst.org_unit.name, department=identity.sender_department(inst),
        role="office", recipient_fingerprint=None, catalog=catalog_ref(rows), periods=(),
        sequence=sequence, counts={"catalogs": len(rows), "assignments": len(doc["assignments"])})
    path, built = write_bundle(out, fields, payloads, keys.signing)
    session.add(ExportedBundle(bundle_id=built.manifest.bundle_id, kind="setup", sequence=sequence,
                               periods=json.dumps([]), file_sha256=built.sha256, path=str(path),
                               created_at=datetime.now()))
    append_audit(session, "setup-package-written", department=department,
                 bundle_id=built.manifest.bundle_id)
    return SetupWritten(path, department, built.manifest.bundle_id, len(rows),
                        len(doc["assignments"]), fingerprint(public), short_fingerprint(public))


# -- the department side ---------------------------------------------------------------------


@dataclass(frozen=True)
class SetupPackage:
    """A verified setup package, not yet installed."""

    manifest: Manifest
    doc: dict[str, Any]
    catalog_bodies: dict[str, str]  # entry name → canonical JSON
    raw_sha256: str

    @property
    def office_fingerprint(self) -> str:
        return self.manifest.sender.key_fingerprint

    @property
    def office_short_fingerprint(self) -> str:
        return short_fingerprint(self.manifest.sender.public_key)

    @property
    def department(self) -> str:
        return str(self.doc["department"]["code"])

    @property
    def unit(self) -> str:
        return str(self.doc["org_unit"]["name"])


def _malformed(detail: str) -> BundleRefused:
    return BundleRefused(Reason.MANIFEST_INVALID,
                         _("The setup package is not valid: {detail}.").format(detail=detail))


def _check_doc(doc: Any, manifest: Manifest, payloads: dict[str, bytes]) -> dict[str, str]:
    if not isinstance(doc, dict) or doc.get("format") != SETUP_FORMAT or \
            doc.get("format_version") != 1:
        raise _malformed("setup.json")
    try:
        office = doc["office"]
        unit, dept = doc["org_unit"], doc["department"]
        if not (isinstance(unit["name"], str) and unit["name"].strip()
                and isinstance(dept["code"], str) and dept["code"]):
            raise _malformed("org_unit/department")
        public = b64_decode_32(office["public_key"])
        sealing = b64_decode_32(office["sealing_public_key"])
        catalogs = doc["catalogs"]
        assert isinstance(catalogs, list) and catalogs
    except (KeyError, TypeError, AssertionError) as exc:
        raise _malformed("setup.json") from exc
    if public is None or sealing is None or public != manifest.sender.public_key:
        raise _malformed(_("the Office key in it is not the key that signed it"))
    bodies: dict[str, str] = {}
    hashes = set()
    for c in catalogs:
        entry = c.get("entry") if isinstance(c, dict) else None
        if entry not in payloads or entry == SETUP_NAME:
            raise _malformed("catalogs")
        body = payloads[entry].decode("utf-8")
        try:
            actual = content_hash(catalog_from_json(body))
        except Exception as exc:
            raise _malformed(f"catalog {c.get('id')!s:.60}") from exc
        if actual != c.get("content_hash"):
            raise BundleRefused(Reason.HASH_MISMATCH, _(
                "The setup package's catalog {id} does not match its declared hash.").format(
                id=str(c.get("id"))[:60]))
        hashes.add(actual)
        bodies[entry] = body
    if manifest.catalog.content_hash not in hashes:
        raise _malformed("catalog reference")
    return bodies


def read_setup_package(data: bytes) -> SetupPackage:
    """Verify signature and structure; the signer is trusted only for this check.

    Whether the signer really is our Office is for a person to decide by its
    fingerprint (``office_short_fingerprint``) before ``install_setup``.
    """
    manifest, _payloads = check_integrity(data)
    if manifest.kind != "setup":
        raise BundleRefused(Reason.WRONG_KIND, _("The file is not a setup package."))
    trusted = {manifest.sender.key_fingerprint: TrustedKey(manifest.sender.department)}
    verified = verify(data, expected_recipient_fingerprint=None, trusted_keys=trusted,
                      known_catalog_hashes=None, expected_kind="setup")
    if SETUP_NAME not in verified.payloads:
        raise BundleRefused(Reason.MISSING_ENTRY, _("The setup package has no setup.json."))
    try:
        doc = strict_loads(verified.payloads[SETUP_NAME])
    except StrictJSONError as exc:
        raise BundleRefused(Reason.MALFORMED_JSON, _("The setup package is not valid JSON.")) \
            from exc
    bodies = _check_doc(doc, verified.manifest, verified.payloads)
    return SetupPackage(verified.manifest, doc, bodies, verified.raw_sha256)


def install_setup(session: Session, package: SetupPackage, *, officer: str = "",
                  secret: str | None = None, backup_officer: str = "") -> Installation:
    """Set up a department installation from a confirmed package, in the caller's transaction."""
    doc = package.doc
    catalogs = doc["catalogs"]
    plan_id = doc.get("plan") or ""
    for c in catalogs:
        install_catalog(session, catalog_from_json(package.catalog_bodies[c["entry"]]))
    unit = doc["org_unit"]
    req = InitRequest(
        role="department", unit=unit["name"],
        catalogs=tuple(c["id"] for c in catalogs if c.get("kind") != CatalogKind.PLAN.value
                       and c["id"] != plan_id),
        plan=plan_id, department=package.department, parent_body=unit.get("parent_body", ""),
        place=unit.get("place", ""), officer=officer, backup_officer=backup_officer)
    try:
        inst = init_installation(session, req)
    except ValueError as exc:
        raise Refused(str(exc)) from exc
    office = doc["office"]
    identity.trust_office(session, org_unit=office.get("org_unit", ""),
                          department=package.manifest.sender.department,
                          public=package.manifest.sender.public_key,
                          sealing=b64_decode_32(office["sealing_public_key"]) or b"")
    m = package.manifest
    session.add(ImportedBundle(
        bundle_id=m.bundle_id, kind="setup", file_sha256=package.raw_sha256,
        sender_fingerprint=m.sender.key_fingerprint, sender_org_unit=m.sender.org_unit,
        department_code=m.sender.department, sequence=m.sequence, periods="[]",
        catalog_id=m.catalog.id, imported_at=datetime.now(),
        counts=json.dumps(dict(m.counts), sort_keys=True)))
    identity.ensure_keys(session, secret)
    append_audit(session, "setup-installed", officer, bundle_id=m.bundle_id,
                 office=m.sender.key_fingerprint, department=package.department)
    return inst
