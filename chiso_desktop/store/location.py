"""Where a database is: a SQLite file (``Path``) or a PostgreSQL URL (``str``).

Pure text handling, no SQLAlchemy, so the GUI can read ``--db`` before the core
loads. ``--db`` and ``CHISO_DB`` take a path (every ward's embedded SQLite) or
a ``postgresql://`` URL (a city's server, through psycopg 3); any other scheme
is refused with a message, never turned into a file name.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from chiso_desktop.errors import UsageError
from chiso_desktop.i18n import _

POSTGRESQL_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

Location = Path | str
"""A SQLite file (``Path``) or a PostgreSQL URL (``str``, normalised for psycopg 3)."""


def parse_location(value: str | Path) -> Location:
    """A ``--db``/``CHISO_DB`` value as a file path or a PostgreSQL URL; other schemes refused.

    A Windows path such as ``C:\\data\\chiso.db`` has no ``://`` and stays a path.
    """
    if isinstance(value, Path):
        return value
    m = _SCHEME.match(value)
    if m is None:
        return Path(value).expanduser()
    scheme = m.group(1).lower()
    if scheme not in POSTGRESQL_SCHEMES:
        raise UsageError(_(
            "The database {url} uses the scheme {scheme}://, which Chỉ số Desktop does not "
            "support. Give a file path (SQLite) or a postgresql:// address.").format(
            url=redact(value), scheme=scheme))
    url = "postgresql+psycopg://" + value[m.end():]
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise UsageError(_("The database address {url} is not valid: {reason}").format(
            url=redact(value), reason=exc)) from exc
    if not parts.path.strip("/"):
        raise UsageError(_("The database address {url} names no database; add it after the "
                           "last slash, e.g. postgresql://host/chiso.").format(url=redact(value)))
    return url


def is_postgresql(location: Location) -> bool:
    return isinstance(location, str)


def database_exists(location: Location) -> bool:
    """Whether there is a database to read: a non-empty file, or any server address."""
    if isinstance(location, str):
        return True
    return location.exists() and location.stat().st_size > 0


def local_anchor(location: Location) -> Path:
    """A file name on this PC for a database: itself, or one per server URL in the data folder.

    Instance locks and hand-off notes sit beside it: a server database is shared
    by design, and they only keep two windows of one user on this PC apart.
    """
    if isinstance(location, Path):
        return location.expanduser()
    from platformdirs import user_data_dir

    digest = hashlib.sha256(redact(location).encode()).hexdigest()[:16]
    folder = Path(user_data_dir("chiso-desktop", appauthor=False)) / "servers"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"pg-{digest}.db"


def redact(location: Location) -> str:
    """The location as shown to the user: a URL without its password."""
    if isinstance(location, Path):
        return str(location)
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", location)
