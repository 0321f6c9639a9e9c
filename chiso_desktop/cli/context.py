"""What every CLI command gets: the parsed arguments and a lazily opened database."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chiso_desktop.store.db import Database
from chiso_desktop.store.opening import open_for_use


@dataclass
class Context:
    db_path: Path
    _db: Database | None = field(default=None, repr=False)

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
