"""Who this installation belongs to: reading the one ``installations`` row.

Setting an installation up installs catalogs, so that operation lives above the
store in ``setup/installation.py``; this module needs nothing but the models.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.errors import UsageError
from chiso_desktop.i18n import _
from chiso_desktop.store.models import Installation


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "unit"


def get_installation(session: Session) -> Installation | None:
    return session.execute(select(Installation)).scalar_one_or_none()


def require_installation(session: Session) -> Installation:
    inst = get_installation(session)
    if inst is None:
        raise UsageError(
            _("This database is not set up yet. Run: chiso init --role department|office "
              "--unit NAME --catalog ID")
        )
    return inst
