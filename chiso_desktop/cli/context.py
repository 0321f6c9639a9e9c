"""What every CLI command gets: the parsed arguments and a lazily opened database."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from chiso_desktop.store.db import Database, Location, database_exists, open_database, parse_location


def default_db_path() -> Location:
    """``CHISO_DB`` (a path or a postgresql:// URL), else chiso.db in the user's data folder."""
    env = os.environ.get("CHISO_DB")
    if env:
        return parse_location(env)
    return Path(user_data_dir("chiso-desktop", appauthor=False)) / "chiso.db"


@dataclass
class Context:
    db_path: Location
    """A SQLite file or a PostgreSQL URL (see ``store.db.parse_location``)."""
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
            self._db = open_database(self.db_path)
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
