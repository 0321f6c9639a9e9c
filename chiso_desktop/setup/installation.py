"""Setting up an installation: role, org unit, department, catalogs (``chiso init``, the wizard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.installed import find_catalog, install_catalog
from chiso_desktop.catalog.model import CatalogKind
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.i18n import _
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.installation import (
    check_unit_code,
    get_installation,
    require_installation,
    slug,
)
from chiso_desktop.store.models import Department, Installation, Officer, OrgUnit

ROLES = ("department", "office", "city")


@dataclass(frozen=True)
class InitRequest:
    role: str
    unit: str
    catalogs: tuple[str, ...] = ()
    plan: str = ""
    department: str = ""
    parent_body: str = ""
    place: str = ""
    officer: str = ""
    backup_officer: str = ""
    language: str = "vi"
    unit_code: str = ""
    """The official administrative unit code (mã đơn vị hành chính); how a city knows the ward."""


def _place_from_unit(unit: str) -> str:
    words = unit.split()
    lowered = [w.lower() for w in words]
    for prefix in ("phường", "xã", "đặc khu", "thị trấn"):
        if lowered and lowered[0] == prefix.split()[0]:
            return " ".join(words[len(prefix.split()):])
    return unit


def init_installation(session: Session, req: InitRequest) -> Installation:
    if get_installation(session) is not None:
        raise Refused(_("This database is already set up; a new installation needs another "
                        "database file."), cli_hint="--db OTHER-FILE")
    if req.role not in ROLES:
        raise UsageError(_("Role must be one of: {roles}").format(roles=", ".join(ROLES)))
    if not req.unit.strip():
        raise UsageError(_("Give the name of the ward or commune."), cli_hint="--unit NAME")
    plan = None
    catalog_ids = list(req.catalogs)
    if req.plan:
        plan = find_catalog(session, req.plan)
        if plan.kind is not CatalogKind.PLAN:
            raise UsageError(_("{id} is not a plan.").format(id=req.plan))
        if plan.base not in catalog_ids:
            catalog_ids.insert(0, plan.base)
    if not catalog_ids:
        raise UsageError(_("Choose at least one catalog of indicators."),
                         cli_hint="--catalog ID (see: chiso catalog list)")
    if req.role == "department" and not req.department:
        raise UsageError(_("A department installation needs its department."),
                         cli_hint="--department CODE")
    if plan and req.department and req.department not in {d.code for d in plan.departments}:
        raise UsageError(_("Department {code} is not in plan {plan}; known: {known}").format(
            code=req.department, plan=plan.id,
            known=", ".join(d.code for d in plan.departments)))

    admin_code = check_unit_code(req.unit_code) if req.unit_code.strip() else None
    if admin_code is not None and session.execute(select(OrgUnit.id).where(
            OrgUnit.admin_code == admin_code)).first() is not None:
        raise Refused(_("The code {code} is already used by another unit here.").format(
            code=admin_code))
    unit = OrgUnit(code=admin_code or slug(req.unit), name=req.unit.strip(),
                   parent_body=req.parent_body, admin_code=admin_code,
                   place=req.place or _place_from_unit(req.unit.strip()))
    session.add(unit)
    session.flush()
    for cid in catalog_ids:
        install_catalog(session, find_catalog(session, cid))
    if plan is not None:
        install_catalog(session, plan)
        for d in plan.departments:
            session.add(Department(org_unit_id=unit.id, code=d.code, name=d.name))
    elif req.department:
        session.add(Department(org_unit_id=unit.id, code=req.department, name=req.department))
    session.flush()
    if req.department and req.officer:
        dept = session.execute(select(Department).where(
            Department.org_unit_id == unit.id, Department.code == req.department)).scalar_one()
        dept.officers.append(Officer(name=req.officer, role="primary"))
        if req.backup_officer:
            dept.officers.append(Officer(name=req.backup_officer, role="backup"))
    inst = Installation(role=req.role, org_unit_id=unit.id, department_code=req.department,
                        language=req.language, next_sequence=1, created_at=datetime.now())
    session.add(inst)
    session.flush()
    append_audit(session, "init", req.officer, role=req.role, unit=req.unit,
                 unit_code=admin_code, catalogs=catalog_ids, plan=req.plan, department=req.department)
    return inst


def shipped_catalog_ids() -> list[str]:
    return list(builtin_catalogs())


def set_unit_code(session: Session, code: str, actor: str = "") -> OrgUnit:
    """Record the official code of an installation set up without one (once; never changed).

    A code is an identity the city enrolls; changing it would make the ward
    another ward, so a second, different code is refused.
    """
    inst = require_installation(session)
    code = check_unit_code(code)
    unit = inst.org_unit
    if unit.admin_code == code:
        return unit
    if unit.admin_code:
        raise Refused(_("This installation already has the code {code}; an official code is "
                        "not changed.").format(code=unit.admin_code))
    if session.execute(select(OrgUnit.id).where(OrgUnit.admin_code == code)).first():
        raise Refused(_("The code {code} is already used by another unit here.").format(
            code=code))
    unit.admin_code = code
    append_audit(session, "unit-code-set", actor, unit=unit.name, unit_code=code)
    return unit
