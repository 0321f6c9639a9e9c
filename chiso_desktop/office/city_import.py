"""What the city's import and "Wards and keys" pages show, in a city officer's words.

The import itself is the importer's (``exchange.importer.import_files`` with
``office.handlers.import_handlers()``, as ``chiso import`` runs it at a city);
this module only reads. An imported file is named by the ward its signing key
was enrolled for (the verified identity); a refused file by what it says it
is, marked as unverified. Each refusal says what to do next, in the city's
terms: a ward that is not enrolled yet is enrolled on "Wards and keys" after
comparing the fingerprint of its Office's key card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import read_public_key_file, short_fingerprint
from chiso_desktop.bundle.errors import Reason
from chiso_desktop.bundle.identify import DAMAGED, KEY_CARD, KEY_ROTATION, identify
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.importer import ALREADY_IMPORTED, IMPORTED, FileResult, ImportStatus
from chiso_desktop.exchange.summary import COUNTS, kind_label, period_text, refusal_text
from chiso_desktop.i18n import _
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import OrgUnit


def wards_page_title() -> str:
    """The title of the city's key page, which the messages name (one text for both)."""
    return _("Wards and keys")


@dataclass(frozen=True)
class CityImportLine:
    """One file of a city's import: the ward (verified when imported), period, result."""

    file: str
    name: str
    ward: str
    code: str
    verified: bool
    """The ward comes from the enrolled key (True) or is only what the file says (False)."""
    period: str
    status: ImportStatus
    result: str
    detail: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _enrolled_wards(session: Session, bundle_ids: Sequence[str]) -> dict[str, OrgUnit]:
    """Bundle id → the ward its sender key is enrolled for."""
    if not bundle_ids:
        return {}
    rows = session.execute(
        select(ImportedBundle.bundle_id, OrgUnit)
        .join(TrustedKeyRow, TrustedKeyRow.fingerprint == ImportedBundle.sender_fingerprint)
        .join(OrgUnit, OrgUnit.id == TrustedKeyRow.org_unit_id)
        .where(ImportedBundle.bundle_id.in_(list(bundle_ids)))).all()
    return {bid: unit for bid, unit in rows}


def _claimed_unit(path: str) -> str:
    try:
        return identify(Path(path).read_bytes(), path).org_unit
    except OSError:
        return ""


def city_refusal_text(result: FileResult, ward: str) -> str:
    """Why a ward's file was refused at the city, and what to do next."""
    who = ward or _("the ward that sent it")
    page = wards_page_title()
    if result.kind == KEY_CARD:
        return _("This is a key card, not a data bundle: enroll it on the page \"{page}\" "
                 "after comparing its fingerprint with the ward's Office.").format(page=page)
    if result.kind == KEY_ROTATION:
        return _("This is a key change notice of {ward}: apply it on the page \"{page}\"; it "
                 "is not imported here.").format(ward=who, page=page)
    if result.kind not in (None, "bundle", DAMAGED):
        return _("This is not a ward's consolidated bundle ({kind}): nothing to import here. "
                 "A city imports the bundle each ward's Office writes after approving and "
                 "locking the period.").format(kind=kind_label(result.kind))
    reason = result.reason or ""
    if reason == Reason.UNKNOWN_KEY:
        return _("The key that signed this file is not enrolled at this city. If {ward} is "
                 "one of your wards, enroll the key card its Office sent on the page "
                 "\"{page}\" (compare the fingerprint with them first), then import the file "
                 "again.").format(ward=who, page=page)
    if reason == Reason.REVOKED_KEY:
        return _("The file is signed with a key of {ward} that was replaced or revoked: ask "
                 "the ward's Office to write the bundle again with its current key.").format(
                     ward=who)
    if reason == Reason.WRONG_RECIPIENT:
        return _("The file is addressed to another city or province, not to this one: ask "
                 "{ward} to enroll this city's key card (export it on the page \"{page}\") and "
                 "write the bundle again.").format(ward=who, page=page)
    if reason == Reason.WRONG_KIND:
        return _("This is a department's bundle or another kind of file: a city imports only "
                 "the consolidated bundle of each ward's Office.")
    if reason == Reason.UNKNOWN_CATALOG:
        return _("The file uses an indicator set that is not installed at this city: install "
                 "that set in Settings, or ask {ward} which set it reports against.").format(
                     ward=who)
    if reason == Reason.REPLAY:
        return _("The file is older than one already imported from {ward}: nothing to "
                 "do.").format(ward=who)
    return refusal_text(reason, who)


def city_import_lines(session: Session, results: Sequence[FileResult], lang: str
                      ) -> list[CityImportLine]:
    """The summary lines of a city's import, one per file, in the order imported."""
    wards = _enrolled_wards(session, [r.bundle_id for r in results if r.bundle_id])
    lines = []
    for r in results:
        unit = wards.get(r.bundle_id or "")
        ward, code = (unit.name, unit.admin_code or "") if unit else (_claimed_unit(r.file), "")
        detail = ""
        if r.status == IMPORTED:
            text = _("Imported into the city")
            revision = r.counts.get("revision")
            if revision:
                text += " — " + _("approved revision {n}").format(n=revision)
            if r.counts.get("conflicts"):
                text += " — " + _("some values differ from an earlier revision and are held; "
                                  "ask the ward which is right")
        elif r.status == ALREADY_IMPORTED:
            text = _("Already imported — the same file came in before; nothing changed")
        else:
            text = _("Not imported: {why}").format(why=city_refusal_text(r, ward))
            detail = f"{r.message} [{r.reason}]" if r.message else f"[{r.reason}]"
        lines.append(CityImportLine(
            file=r.file, name=Path(r.file).name, ward=ward, code=code, verified=unit is not None,
            period=period_text(r.periods, lang), status=r.status, result=text, detail=detail,
            counts={k: r.counts.get(k, 0) for k in COUNTS}))
    return lines


# -- wards and their keys ----------------------------------------------------------------------


@dataclass(frozen=True)
class WardKey:
    """A ward of the city with the key its Office enrolled (revoked ones too, for the audit)."""

    code: str
    name: str
    short_fingerprint: str
    enrolled_at: datetime
    revoked_at: datetime | None
    replaced_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class CityKeys:
    own_short: str
    wards: list[WardKey]

    @property
    def active_wards(self) -> int:
        return len({w.code for w in self.wards if w.active})


def city_keys(session: Session) -> CityKeys:
    """The city's own fingerprint and every ward key, by ward name then enrolment."""
    require_installation(session)
    prints = identity.own_fingerprints(session) or ("", "")
    rows = session.execute(
        select(TrustedKeyRow, OrgUnit).join(OrgUnit, OrgUnit.id == TrustedKeyRow.org_unit_id)
        .order_by(OrgUnit.name, TrustedKeyRow.enrolled_at)).all()
    wards = [WardKey(u.admin_code or u.code, u.name,
                     short_fingerprint(identity.unb64(k.public_key)), k.enrolled_at,
                     k.revoked_at, k.replaced_by) for k, u in rows]
    return CityKeys(prints[0], wards)


@dataclass(frozen=True)
class WardCard:
    """A ward Office's key card (or key change notice) as read, before anyone trusts it."""

    data: bytes
    rotation: bool
    org_unit: str = ""
    code: str = ""
    department: str = ""
    role: str = ""
    short_fingerprint: str = ""


def read_ward_card(data: bytes) -> WardCard:
    """Read a card for the comparison (``bundle.KeyFileError`` when it is no key card)."""
    if identity.is_rotation(data):
        return WardCard(data, rotation=True)
    card = read_public_key_file(data)
    return WardCard(data, False, card.org_unit, card.org_unit_code, card.department, card.role,
                    card.short_fingerprint)

