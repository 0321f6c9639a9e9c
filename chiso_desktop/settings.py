"""Typed settings stored in the database's ``settings`` table.

Each setting is declared once with its type and default; reading a key that
was never written gives the default, and a stored text that no longer parses
falls back to the default instead of breaking start-up. The table carries a
schema version; :data:`UPGRADES` holds ordered steps that rename or convert
keys when a release changes them. Core code: no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.store.models import Setting

T = TypeVar("T")

SCHEMA_KEY = "settings.schema"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    default: T
    parse: Callable[[str], T]
    dump: Callable[[T], str] = str  # type: ignore[assignment]


def _bool(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(text)
    return text == "true"


def _language(text: str) -> str:
    if text not in ("vi", "en"):
        raise ValueError(text)
    return text


LANGUAGE: Key[str] = Key("ui.language", "vi", _language)
PARENT_BODY: Key[str] = Key("unit.parent_body", "", str)
PLACE: Key[str] = Key("unit.place", "", str)
SIGNER_NAME: Key[str] = Key("signature.name", "", str)
SIGNER_POSITION: Key[str] = Key("signature.position", "", str)
SIGNING_MODE: Key[str] = Key("signature.mode", "TM.", str)
"""``TM.`` (on behalf of) or ``KT.`` (deputy signing), as printed above the title."""
RECIPIENTS: Key[str] = Key("report.recipients", "Như trên;Lưu: VT", str)
"""The "Nơi nhận:" lines of printed reports, separated by semicolons."""
ACTOR: Key[str] = Key("entry.actor", "", str)
"""The officer name recorded in the history of values entered at this desk."""
EXPORT_FOLDER: Key[str] = Key("export.folder", "", str)
CONFIRM_MARK_READY: Key[bool] = Key("entry.confirm_mark_ready", True, _bool,
                                    lambda v: "true" if v else "false")

ALL_KEYS: tuple[Key[Any], ...] = (LANGUAGE, PARENT_BODY, PLACE, SIGNER_NAME, SIGNER_POSITION,
                                  SIGNING_MODE, RECIPIENTS, ACTOR, EXPORT_FOLDER,
                                  CONFIRM_MARK_READY)

Upgrade = Callable[[Session], None]
UPGRADES: dict[int, Upgrade] = {}
"""``{n: step}`` upgrades the stored settings from version n-1 to n (none yet)."""


def get(session: Session, key: Key[T]) -> T:
    row = session.get(Setting, key.name)
    if row is None:
        return key.default
    try:
        return key.parse(row.value)
    except ValueError:
        return key.default


def put(session: Session, key: Key[T], value: T) -> None:
    key.parse(key.dump(value))  # refuse a value that could not be read back
    row = session.get(Setting, key.name)
    if row is None:
        session.add(Setting(key=key.name, value=key.dump(value)))
    else:
        row.value = key.dump(value)


def schema_version(session: Session) -> int:
    row = session.get(Setting, SCHEMA_KEY)
    return int(row.value) if row is not None and row.value.isdigit() else 0


def upgrade(session: Session) -> int:
    """Run pending upgrade steps in order; returns the version reached."""
    current = schema_version(session)
    for version in range(current + 1, SCHEMA_VERSION + 1):
        step = UPGRADES.get(version)
        if step is not None:
            step(session)
    if current != SCHEMA_VERSION:
        row = session.get(Setting, SCHEMA_KEY)
        if row is None:
            session.add(Setting(key=SCHEMA_KEY, value=str(SCHEMA_VERSION)))
        else:
            row.value = str(SCHEMA_VERSION)
    return SCHEMA_VERSION


def stored(session: Session) -> dict[str, str]:
    return {r.key: r.value for r in session.execute(select(Setting)).scalars()}
