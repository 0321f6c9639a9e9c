"""This installation's key as people compare it: the short and full fingerprints."""

from __future__ import annotations

import base64

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle.keys import short_fingerprint
from chiso_desktop.store.exchange_models import OwnKey


def own_fingerprints(session: Session) -> tuple[str, str] | None:
    """(short, full) of the active signing key, or None before a key exists."""
    row = session.execute(select(OwnKey).where(OwnKey.purpose == "signing", OwnKey.active)
                          .order_by(OwnKey.id.desc())).scalars().first()
    if row is None:
        return None
    return short_fingerprint(base64.b64decode(row.public_key)), row.fingerprint


def spaced(full: str) -> str:
    """The 64 hex digits in groups of four, two lines, for reading aloud."""
    groups = [full[i:i + 4] for i in range(0, len(full), 4)]
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])
