"""What every CLI command gets: the parsed arguments and a lazily opened database."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chiso_desktop.store.db import Database, Location, database_exists
from chiso_desktop.store.opening import open_for_use

if TYPE_CHECKING:
    from chiso_desktop.exchange.importer import Handler


@dataclass
class Context:
    """``handlers``: the import table, put together once by ``main`` at start-up.

    ``db_path`` is a SQLite file or a PostgreSQL URL (see ``store.db.parse_location``).
    """

    db_path: Location
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    _db: Database | None = field(default=None, repr=False)

    @property
    def db_exists(self) -> bool:
        return database_exists(self.db_path)

    @property
    def shown_db(self) -> str:
        """The database as messages name it (a URL without its password)."""
        from chiso_desktop.store.db import redact

        return redact(self.db_path)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_for_use(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def out_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")
