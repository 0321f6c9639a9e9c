"""This installation's keys and the keys it trusts, kept in the database.

Private keys are stored encrypted with the passphrase (from CHISO_PASSPHRASE
or a prompt), so a copied database file alone cannot sign anything. Trust is
explicit: a key is enrolled for one department after its fingerprint was
compared, and it stays enrolled until revoked or replaced by a rotation the
old key signed.
"""

from __future__ import annotations

import base64
import getpass
import os
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import (
    InstallationKeys,
    PublicKeyCard,
    TrustedKey,
    export_public_key,
    fingerprint,
    load_sealing_key,
    load_signing_key,
    make_rotation_statement,
    needs_upgrade,
    passphrase_problem,
    private_key_to_pem,
    raw_public_key,
    read_public_key_file,
    short_fingerprint,
    verify_rotation_statement,
)
from chiso_desktop.bundle.canonical import StrictJSONError, strict_loads
from chiso_desktop.bundle.keys import kdf_description, kdf_params
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import OwnKey
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.models import Department, Installation, OrgUnit

SIGNING = "signing"
SEALING = "sealing"
OFFICE_ROLE = "office"
DEPARTMENT_ROLE = "department"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def passphrase(*, confirm: bool = False) -> str:
    """CHISO_PASSPHRASE for unattended use, otherwise a prompt (twice for a new key)."""
    env = os.environ.get("CHISO_PASSPHRASE")
    if env:
        return env
    first = getpass.getpass(_("Passphrase for this installation's private key: "))
    if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise UsageError(_("The two passphrases differ."))
    if not first:
        raise UsageError(_("A passphrase is required to protect the private key."))
    return first


def sender_department(inst: Installation) -> str:
    """The department name an installation signs as; the Office signs as 'office' unless it has a code."""
    return inst.department_code or (OFFICE_ROLE if inst.role == OFFICE_ROLE else inst.role)


def key_role(inst: Installation) -> str:
    return OFFICE_ROLE if inst.role in (OFFICE_ROLE, "city") else DEPARTMENT_ROLE


# -- own keys --------------------------------------------------------------------------------


def _own(session: Session, purpose: str) -> OwnKey | None:
    return session.execute(
        select(OwnKey).where(OwnKey.purpose == purpose, OwnKey.active).order_by(OwnKey.id.desc())
    ).scalars().first()


def has_keys(session: Session) -> bool:
    return _own(session, SIGNING) is not None


def own_fingerprint(session: Session) -> str | None:
    row = _own(session, SIGNING)
    return row.fingerprint if row else None


def own_fingerprints(session: Session) -> tuple[str, str] | None:
    """(short, full) fingerprint of the active signing key, or None before a key exists."""
    row = _own(session, SIGNING)
    if row is None:
        return None
    return short_fingerprint(unb64(row.public_key)), row.fingerprint


def require_own_fingerprint(session: Session) -> str:
    fp = own_fingerprint(session)
    if fp is None:
        raise UsageError(_("This installation has no key yet; it is made when the installation is set up."),
                         cli_hint="chiso keys fingerprint")
    return fp


def _protected(keys: InstallationKeys, secret: str) -> dict[str, str]:
    """Both private keys under one fresh salt: one scrypt run opens both."""
    salt, params = os.urandom(16), kdf_params()
    return {purpose: private_key_to_pem(key, secret, params=params, salt=salt).decode("ascii")
            for purpose, key in ((SIGNING, keys.signing), (SEALING, keys.sealing))}


def _store_keys(session: Session, keys: InstallationKeys, secret: str) -> None:
    now = datetime.now()
    stored = _protected(keys, secret)
    for purpose, key in ((SIGNING, keys.signing), (SEALING, keys.sealing)):
        public = raw_public_key(key)
        pem = stored[purpose]
        session.add(OwnKey(purpose=purpose, public_key=b64(public), private_pem=pem,
                           fingerprint=fingerprint(public), created_at=now, active=True,
                           kdf=kdf_description(pem.encode("ascii"))))
    session.flush()


def unit_names(session: Session) -> tuple[str, ...]:
    """Names a passphrase may not be: the ward's and the departments' names and codes."""
    names: list[str] = []
    for unit in session.execute(select(OrgUnit)).scalars():
        names += [unit.name, unit.code, unit.place]
    for dept in session.execute(select(Department)).scalars():
        names += [dept.name, dept.code]
    return tuple(n for n in names if n)


def check_new_passphrase(session: Session, secret: str) -> None:
    """The core's one passphrase rule (``bundle.keys.passphrase_problem``), as a refusal."""
    problem = passphrase_problem(secret, unit_names=unit_names(session))
    if problem is not None:
        raise UsageError(problem)


def ensure_keys(session: Session, secret: str | None = None) -> str:
    """Generate this installation's key pairs unless they exist; return the fingerprint."""
    existing = own_fingerprint(session)
    if existing is not None:
        return existing
    keys = InstallationKeys.generate()
    secret = secret if secret is not None else passphrase(confirm=True)
    check_new_passphrase(session, secret)
    _store_keys(session, keys, secret)
    fp = fingerprint(keys.signing)
    append_audit(session, "key-generated", fingerprint=fp)
    return fp


def load_keys(session: Session, secret: str | None = None) -> InstallationKeys:
    """Open the private keys; the passphrase is asked only when needed.

    Keys protected more weakly than today's parameters (PBKDF2 from before
    migration 0004_trust, or cheaper scrypt) are re-protected now, in the caller's
    transaction, since the passphrase just proved right.
    """
    signing_row, sealing_row = _own(session, SIGNING), _own(session, SEALING)
    if signing_row is None or sealing_row is None:
        raise UsageError(_("This installation has no key yet; it is made when the installation is set up."),
                         cli_hint="chiso keys fingerprint")
    secret = secret if secret is not None else passphrase()
    keys = InstallationKeys(
        signing=load_signing_key(signing_row.private_pem.encode("ascii"), secret),
        sealing=load_sealing_key(sealing_row.private_pem.encode("ascii"), secret),
    )
    wanted = kdf_params()
    if any(needs_upgrade(r.private_pem.encode("ascii"), wanted)
           for r in (signing_row, sealing_row)):
        stored = _protected(keys, secret)
        for row in (signing_row, sealing_row):
            old = row.kdf
            row.private_pem = stored[row.purpose]
            row.kdf = kdf_description(row.private_pem.encode("ascii"))
        session.flush()
        append_audit(session, "key-reprotected", fingerprint=signing_row.fingerprint,
                     old=old, new=signing_row.kdf)
    return keys


def own_sealing_private(session: Session, secret: str | None = None) -> X25519PrivateKey:
    return load_keys(session, secret).sealing


def public_key_card(session: Session, inst: Installation, secret: str | None = None) -> bytes:
    """The self-signed key card a department hands to the Office (or the Office to the city)."""
    keys = load_keys(session, secret)
    return export_public_key(keys, org_unit=inst.org_unit.name, department=sender_department(inst),
                             role=key_role(inst), org_unit_code=inst.org_unit.admin_code or "")


def rotate(session: Session, inst: Installation, reason: str, secret: str | None = None) -> bytes:
    """New key pairs; the old signing key signs a statement handing over to them."""
    old = load_keys(session, secret)
    for row in session.execute(select(OwnKey).where(OwnKey.active)).scalars():
        row.active = False
    new = InstallationKeys.generate()
    secret = secret if secret is not None else passphrase()
    check_new_passphrase(session, secret)
    _store_keys(session, new, secret)
    statement = make_rotation_statement(
        old.signing, raw_public_key(new.signing), org_unit=inst.org_unit.name,
        department=sender_department(inst), role=key_role(inst),
        new_sealing_public=raw_public_key(new.sealing), reason=reason)
    append_audit(session, "key-rotated", old=fingerprint(old.signing),
                 new=fingerprint(new.signing), reason=reason)
    return statement


# -- trusted keys ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolled:
    fingerprint: str
    short_fingerprint: str
    department: str
    role: str
    replaced: str | None = None


def trusted_rows(session: Session) -> list[TrustedKeyRow]:
    return list(session.execute(select(TrustedKeyRow).order_by(TrustedKeyRow.id)).scalars())


def trust_list(session: Session) -> dict[str, TrustedKey]:
    """What the verifier needs: fingerprint → department and revocation."""
    return {r.fingerprint: TrustedKey(r.department_code, r.revoked_at is not None, r.role,
                                      r.org_unit)
            for r in trusted_rows(session)}


def active_keys_of(session: Session, department: str) -> list[TrustedKeyRow]:
    return list(session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.department_code == department, TrustedKeyRow.revoked_at.is_(None))).scalars())


def office_key(session: Session) -> TrustedKeyRow:
    """The Office key bundles are addressed to; refused when none is enrolled."""
    row = session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.role == OFFICE_ROLE, TrustedKeyRow.revoked_at.is_(None))
        .order_by(TrustedKeyRow.id.desc())).scalars().first()
    if row is None:
        raise Refused(_("The Office's key is not enrolled here, so nothing can be addressed to it. "
                        "Set this installation up from the Office's setup package, or ask the "
                        "Office for its key card."),
                      cli_hint="chiso keys trust FILE --department CODE")
    return row


def sealing_public(row: TrustedKeyRow) -> X25519PublicKey:
    if not row.sealing_key:
        raise Refused(_("The enrolled key of {department} has no sealing key.").format(
            department=row.department_code))
    return X25519PublicKey.from_public_bytes(unb64(row.sealing_key))


def _add_trusted(session: Session, *, role: str, org_unit: str, department: str, public: bytes,
                 sealing: bytes | None) -> TrustedKeyRow:
    fp = fingerprint(public)
    existing = session.execute(
        select(TrustedKeyRow).where(TrustedKeyRow.fingerprint == fp)).scalar_one_or_none()
    if existing is not None:
        if existing.revoked_at is not None:
            raise Refused(_("Key {fp} was revoked; a revoked key cannot be enrolled again.").format(
                fp=short_fingerprint(public)))
        if existing.department_code != department:
            raise Refused(_("Key {fp} is already enrolled for department {department}.").format(
                fp=short_fingerprint(public), department=existing.department_code))
        return existing
    row = TrustedKeyRow(role=role, org_unit=org_unit, department_code=department,
                        fingerprint=fp, public_key=b64(public),
                        sealing_key=b64(sealing) if sealing else "", enrolled_at=datetime.now())
    session.add(row)
    session.flush()
    return row


def trust_card(session: Session, card: PublicKeyCard, department: str, *,
               replace: bool = False, actor: str = "") -> Enrolled:
    """Enroll a key card for ``department`` (after the fingerprint was compared)."""
    if card.department != department:
        raise Refused(_("The key file is for department {card}, not {department}.").format(
            card=card.department, department=department))
    current = [r for r in active_keys_of(session, department) if r.fingerprint != card.fingerprint]
    if current and not replace:
        raise Refused(_("Department {department} already has an enrolled key ({fp}). Revoke it "
                        "first, or replace it with the new key card.").format(
            department=department, fp=short_fingerprint(unb64(current[0].public_key))))
    row = _add_trusted(session, role=card.role, org_unit=card.org_unit, department=department,
                       public=card.public_key, sealing=card.sealing_public_key)
    now = datetime.now()
    for old in current:
        old.revoked_at, old.replaced_by = now, row.fingerprint
    append_audit(session, "key-trusted", actor, department=department, fingerprint=row.fingerprint,
                 role=card.role, replaced=[o.fingerprint for o in current])
    return Enrolled(row.fingerprint, card.short_fingerprint, department, card.role,
                    current[0].fingerprint if current else None)


def apply_rotation(session: Session, statement: bytes, department: str,
                   actor: str = "") -> Enrolled:
    """Replace an enrolled key by the one its signed rotation statement names."""
    try:
        doc = strict_loads(statement)
        old_fp = doc.get("old_fingerprint") if isinstance(doc, dict) else None
    except StrictJSONError:
        old_fp = None
    old = session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.fingerprint == str(old_fp))).scalar_one_or_none()
    if old is None or old.revoked_at is not None:
        raise Refused(_("The rotation statement is for a key that is not enrolled here."))
    rot = verify_rotation_statement(statement, unb64(old.public_key))
    if rot.department != department or old.department_code != department:
        raise Refused(_("The rotation statement is for department {card}, not {department}.").format(
            card=rot.department, department=department))
    row = _add_trusted(session, role=old.role, org_unit=rot.org_unit, department=department,
                       public=rot.new_public_key, sealing=rot.new_sealing_public_key)
    old.revoked_at, old.replaced_by = datetime.now(), row.fingerprint
    append_audit(session, "key-rotation-applied", actor, department=department,
                 old=old.fingerprint, new=row.fingerprint, reason=rot.reason)
    return Enrolled(row.fingerprint, short_fingerprint(rot.new_public_key), department, old.role,
                    old.fingerprint)


def is_rotation(data: bytes) -> bool:
    try:
        doc = strict_loads(data)
    except StrictJSONError:
        return False
    return isinstance(doc, dict) and doc.get("format") == "chiso-key-rotation"


def trust_file(session: Session, data: bytes, department: str, *, replace: bool = False,
               actor: str = "") -> Enrolled:
    """A key card or a rotation statement, whichever the file is."""
    if is_rotation(data):
        return apply_rotation(session, data, department, actor)
    return trust_card(session, read_public_key_file(data), department, replace=replace,
                      actor=actor)


def trust_office(session: Session, *, org_unit: str, department: str, public: bytes,
                 sealing: bytes) -> TrustedKeyRow:
    """A department records its Office's key (from the setup package it confirmed)."""
    row = _add_trusted(session, role=OFFICE_ROLE, org_unit=org_unit, department=department,
                       public=public, sealing=sealing)
    append_audit(session, "key-trusted", department=department, fingerprint=row.fingerprint,
                 role=OFFICE_ROLE)
    return row


def revoke(session: Session, department: str, actor: str = "") -> list[str]:
    """Revoke every active key of a department; bundles signed by them are refused from now."""
    rows = active_keys_of(session, department)
    if not rows:
        raise Refused(_("No active key is enrolled for department {department}.").format(
            department=department))
    now = datetime.now()
    for r in rows:
        r.revoked_at = now
    fps = [r.fingerprint for r in rows]
    append_audit(session, "key-revoked", actor, department=department, fingerprints=fps)
    return fps
