"""Catalogs installed in a database: several side by side, each pinned by hash."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Catalog, CatalogKind
from chiso_desktop.catalog.registry import builtin_catalogs, resolve_plan
from chiso_desktop.catalog.serialize import catalog_from_json, catalog_to_json, content_hash
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.models import DataValue, InstalledCatalog, PlanAssignment


class CatalogNotFound(LookupError):
    pass


def install_catalog(session: Session, catalog: Catalog) -> InstalledCatalog:
    """Install (or re-activate) a catalog; a newer version of the same id supersedes."""
    digest = content_hash(catalog)
    existing = session.execute(
        select(InstalledCatalog).where(InstalledCatalog.catalog_id == catalog.id)
    ).scalars().all()
    for row in existing:
        if row.active and row.version != catalog.version:
            _check_new_headings(session, _parsed(row.body), catalog)
    for row in existing:
        if row.version == catalog.version:
            if row.content_hash != digest:
                raise ValueError(
                    _("Catalog {id} version {version} is already installed with different "
                      "content; give the new one another version number.").format(
                        id=catalog.id, version=catalog.version)
                )
            row.active = True
            return row
        row.active = False
    if catalog.kind is CatalogKind.PLAN:
        base = find_catalog(session, catalog.base)
        resolve_plan(catalog, base)  # refuses a plan naming unknown indicators
    row = InstalledCatalog(
        catalog_id=catalog.id, version=catalog.version, kind=catalog.kind.value,
        title=catalog.title, document=catalog.document, content_hash=digest,
        body=catalog_to_json(catalog), active=True, installed_at=datetime.now(),
    )
    session.add(row)
    session.flush()
    for a in catalog.assignments:
        session.add(PlanAssignment(plan_id=row.id, indicator_code=a.indicator,
                                   department_code=a.department))
    return row


def _check_new_headings(session: Session, old: Catalog, new: Catalog) -> None:
    """Refuse a version that turns rows holding values or notes into headings.

    A heading holds no value, so such a value would be shown nowhere afterwards;
    the officer clears it (having kept it if needed) and installs again.
    """
    was_heading = {f.code for f in old.all_fields() if f.heading}
    became = {f.code for f in new.all_fields() if f.heading} - was_heading
    if not became:
        return
    held = session.execute(
        select(DataValue.field_code, DataValue.period).where(
            DataValue.catalog_id == new.id, DataValue.field_code.in_(sorted(became)),
            (DataValue.state != "missing") | (DataValue.note != ""))
        .order_by(DataValue.period, DataValue.field_code)).all()
    if not held:
        return
    shown = ", ".join(f"{code} ({period})" for code, period in held[:10])
    if len(held) > 10:
        shown += ", …"
    raise Refused(
        _("Version {version} of catalog {id} makes these rows headings, which hold no value, "
          "but values or notes are stored on them here: {rows}. Nothing was changed. Clear "
          "those values and notes (keep a copy if they are still needed), then install the "
          "new version again.").format(version=new.version, id=new.id, rows=shown),
        cli_hint="chiso values set --period PERIOD CODE= --note CODE=")


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """``2026.10`` after ``2026.2``: numeric pieces compare as numbers."""
    pieces = version.replace("-", ".").split(".")
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in pieces)


def installed_rows(session: Session) -> list[InstalledCatalog]:
    return list(session.execute(
        select(InstalledCatalog).where(InstalledCatalog.active).order_by(InstalledCatalog.id)
    ).scalars())


@lru_cache(maxsize=32)
def _parsed(body: str) -> Catalog:
    """Catalogs are immutable: parse each stored body once per process."""
    return catalog_from_json(body)


_BY_HASH: dict[str, Catalog] = {}
"""Content hash → the catalog parsed from a stored body that hashes to it (process-wide)."""
_BY_HASH_LIMIT = 64


def installed_catalogs(session: Session) -> list[Catalog]:
    """The active catalogs, in installation order."""
    return [catalog for _digest, catalog in active_catalogs(session)]


def active_catalogs(session: Session) -> list[tuple[str | None, Catalog]]:
    """The active catalogs, in installation order, each with the content hash it is known by
    (None for a stored body that does not hash to its row's hash).

    Only the content hashes are read each time; a body is read and parsed only the
    first time its hash is seen in this process, and kept under that hash only when the
    parsed catalog does hash to it. The window asks for the installed catalogs many
    times per refresh, and a body is hundreds of kilobytes of JSON.

    A body that does not hash to its row's hash was changed outside the app (the catalogs
    table is sealed: ``audit verify`` names the row); it is parsed from the row on every
    call, unless this process already holds the catalog of that hash, which is then the
    one used: the hash is what bundles and seals pin a catalog by.
    """
    rows = session.execute(select(InstalledCatalog.id, InstalledCatalog.content_hash).where(
        InstalledCatalog.active).order_by(InstalledCatalog.id)).all()
    unknown = [row_id for row_id, digest in rows if digest not in _BY_HASH]
    fresh: dict[int, Catalog] = {}
    if unknown:
        for row_id, digest, body in session.execute(select(
                InstalledCatalog.id, InstalledCatalog.content_hash, InstalledCatalog.body)
                .where(InstalledCatalog.id.in_(unknown))):
            catalog = _parsed(body)
            if content_hash(catalog) == digest:
                if len(_BY_HASH) >= _BY_HASH_LIMIT:
                    _BY_HASH.clear()
                _BY_HASH[digest] = catalog
            else:
                fresh[row_id] = catalog
    return [(None, fresh[row_id]) if row_id in fresh else (digest, _BY_HASH[digest])
            for row_id, digest in rows]


def find_catalog(session: Session, catalog_id: str, *, resolved: bool = False) -> Catalog:
    """An installed catalog by id, falling back to the shipped ones."""
    row = session.execute(
        select(InstalledCatalog).where(
            InstalledCatalog.catalog_id == catalog_id, InstalledCatalog.active)
    ).scalar_one_or_none()
    if row is not None:
        cat = _parsed(row.body)
    else:
        shipped = builtin_catalogs().get(catalog_id)
        if shipped is None:
            raise CatalogNotFound(
                _("No catalog with id {id} is shipped with this version or installed here.").format(
                    id=catalog_id)
            )
        cat = shipped
    if resolved and cat.kind is CatalogKind.PLAN:
        return resolve_plan(cat, find_catalog(session, cat.base))
    return cat


def known_hashes(session: Session) -> set[str]:
    return set(session.execute(select(InstalledCatalog.content_hash)).scalars())


def catalog_names_by_hash(session: Session) -> dict[str, frozenset[tuple[str, str]]]:
    """Content hash → the (catalog id, version) installed with it: what a bundle's catalog
    claim must agree with."""
    names: dict[str, set[tuple[str, str]]] = {}
    for digest, cid, version in session.execute(select(
            InstalledCatalog.content_hash, InstalledCatalog.catalog_id, InstalledCatalog.version)):
        names.setdefault(digest, set()).add((cid, version))
    return {digest: frozenset(v) for digest, v in names.items()}


def add_catalog(session: Session, catalog: Catalog, *, actor: str = "",
                source_file: str | None = None) -> InstalledCatalog:
    """A person installs ``catalog`` (shipped, or read from ``source_file``): with its audit row.

    ``install_catalog`` is the building block; setting up an installation uses it
    and writes its own ``init`` audit row. Any other install goes through here, so
    none leaves the audit log without a trace.
    """
    row = install_catalog(session, catalog)
    if source_file is not None:
        append_audit(session, "catalog-import", actor, id=catalog.id, version=catalog.version,
                     hash=row.content_hash, file=source_file)
    else:
        append_audit(session, "catalog-install", actor, id=catalog.id, version=catalog.version)
    return row
