"""Who this installation belongs to: reading the one ``installations`` row.

Setting an installation up installs catalogs, so that operation lives above the
store in ``setup/installation.py``; this module needs nothing but the models.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.errors import UsageError
from chiso_desktop.i18n import _
from chiso_desktop.store.models import Department, Installation, Officer

UNIT_CODE = re.compile(r"[0-9]{2,5}")
"""An official administrative unit code: 2 digits for a province or city, 5 for a commune."""


def check_unit_code(code: str) -> str:
    """The code as stored, or UsageError saying what a code looks like."""
    code = code.strip()
    if not UNIT_CODE.fullmatch(code):
        raise UsageError(_("The administrative unit code must be the official number of the "
                           "ward or commune (mã đơn vị hành chính), 2 to 5 digits, e.g. 11311."))
    return code


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "unit"


_INSTALLATION_ID = "chiso_installation_id"
"""session.info: the id of the installation row, once read in this session."""


def get_installation(session: Session) -> Installation | None:
    """The one installation row; after the first read in a session, from its identity map.

    A window's refresh asks for it dozens of times (each report and status function
    starts here); only the first is a query, later ones cost a dictionary lookup (or a
    read by primary key once a commit has expired the row)."""
    known = session.info.get(_INSTALLATION_ID)
    if known is not None:
        inst = session.get(Installation, known)
        if inst is not None:
            return inst
    inst = session.execute(select(Installation)).scalar_one_or_none()
    if inst is not None:
        session.info[_INSTALLATION_ID] = inst.id
    return inst


def require_installation(session: Session) -> Installation:
    inst = get_installation(session)
    if inst is None:
        raise UsageError(
            _("This database is not set up yet; start Chỉ số Desktop to set it up."),
            cli_hint="chiso init --role department|office --unit NAME --catalog ID"
        )
    return inst


@dataclass(frozen=True)
class Identity:
    """Who this installation belongs to, as the window shows it."""

    role: str
    unit_name: str
    department: str
    department_name: str
    officer: str


def read_identity(session: Session) -> Identity | None:
    """The installation's role, unit, department and primary officer; None before setup."""
    inst = get_installation(session)
    if inst is None:
        return None
    dept = session.execute(select(Department).where(
        Department.org_unit_id == inst.org_unit_id,
        Department.code == inst.department_code)).scalar_one_or_none()
    officer = ""
    if dept is not None:
        primary = session.execute(select(Officer).where(
            Officer.department_id == dept.id, Officer.role == "primary")).scalars().first()
        officer = primary.name if primary else ""
    return Identity(inst.role, inst.org_unit.name, inst.department_code,
                    dept.name if dept else inst.department_code, officer)
