"""What the Office's "Departments and keys" page shows, read in one session into plain records.

The departments of the ward (from the plan) with the key each has enrolled,
the city's key, every key ever enrolled (revoked ones too, for the audit),
and this installation's own fingerprint. A key card is previewed before it is
enrolled so a person compares its fingerprint first (``card_preview``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import read_public_key_file, short_fingerprint
from chiso_desktop.exchange import identity
from chiso_desktop.i18n import _
from chiso_desktop.store.exchange_models import ExportedBundle
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import Department

CITY = "city"


def key_state(revoked_at: datetime | None, replaced_by: str | None) -> str:
    """A key's state as the key lists show it: in use, replaced on a day, revoked on a day
    (the Office's list of every enrolled key and the city's list of wards alike)."""
    if revoked_at is None:
        return _("in use")
    day = revoked_at.strftime("%d/%m/%Y")
    if replaced_by:
        return _("replaced on {date}").format(date=day)
    return _("revoked on {date}").format(date=day)


@dataclass(frozen=True)
class KeyRow:
    department: str
    role: str
    org_unit: str
    fingerprint: str
    short_fingerprint: str
    enrolled_at: datetime
    revoked_at: datetime | None
    replaced_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class DepartmentKeys:
    code: str
    name: str
    key: KeyRow | None
    """The active enrolled key, None when the department has none yet."""


@dataclass(frozen=True)
class KeysOverview:
    own_short: str
    own_full: str
    departments: list[DepartmentKeys]
    city: KeyRow | None
    history: list[KeyRow]
    setup_packages: int


@dataclass(frozen=True)
class CardPreview:
    """A key card as read from its file, before anyone trusts it."""

    data: bytes
    org_unit: str
    department: str
    role: str
    fingerprint: str
    short_fingerprint: str


def _row(r: TrustedKeyRow) -> KeyRow:
    return KeyRow(r.department_code, r.role, r.org_unit, r.fingerprint,
                  short_fingerprint(identity.unb64(r.public_key)), r.enrolled_at, r.revoked_at,
                  r.replaced_by)


def keys_overview(session: Session) -> KeysOverview:
    """The Office's departments with their keys, the city key and the full trust history."""
    inst = require_installation(session)
    prints = identity.own_fingerprints(session) or ("", "")
    rows = [_row(r) for r in identity.trusted_rows(session)]
    active = {r.department: r for r in rows if r.active}
    depts = session.execute(select(Department).where(
        Department.org_unit_id == inst.org_unit_id).order_by(Department.id)).scalars()
    departments = [DepartmentKeys(d.code, d.name, active.get(d.code)) for d in depts
                   if d.code != inst.department_code]
    setups = len(session.execute(select(ExportedBundle.id).where(
        ExportedBundle.kind == "setup")).all())
    return KeysOverview(prints[0], prints[1], departments, active.get(CITY), rows, setups)


def card_preview(data: bytes) -> CardPreview:
    """Read a key card (refused with ``KeyFileError`` when it is not one)."""
    card = read_public_key_file(data)
    return CardPreview(data, card.org_unit, card.department, card.role, card.fingerprint,
                       card.short_fingerprint)


def fingerprints_match(shown: str, heard: str) -> bool:
    """What a person typed as read aloud (any case, spaces, O for 0) against the card's."""
    from chiso_desktop.bundle.keys import normalize_short_fingerprint

    return bool(heard.strip()) and normalize_short_fingerprint(heard) == \
        normalize_short_fingerprint(shown)
