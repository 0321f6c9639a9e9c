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


def _unsafe(ch: str) -> bool:
    """Characters a terminal may act on: C0/C1 controls (ESC starts colour, cursor and
    title sequences, CR overwrites a line) and the bidirectional overrides that make
    text display in another order than it is stored."""
    code = ord(ch)
    return (code < 0x20 and ch != "\n") or 0x7F <= code <= 0x9F or \
        0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x200E, 0x200F, 0x061C)


def terminal_safe(text: str) -> str:
    """``text`` with every unsafe character shown as an escape (``\\x1b``, ``\\u202e``),
    so a note, a name or a history row typed (or received in a bundle) with control
    characters cannot rewrite the terminal. Newlines are kept: the CLI's own layout."""
    if not any(map(_unsafe, text)):
        return text
    return "".join((f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
                   if _unsafe(c) else c for c in text)


def one_line(text: object) -> str:
    """A stored text (note, name, reason, history value) shown on one row of output: its
    newlines are escaped too, so it cannot add a line that looks like the CLI's own."""
    return terminal_safe(str(text)).replace("\n", "\\n")


def _json_safe(text: str) -> str:
    """JSON escapes C0 already; C1 controls and bidi overrides become ``\\uXXXX`` too
    (still the same JSON string)."""
    if not any(map(_unsafe, text)):
        return text
    return "".join(f"\\u{ord(c):04x}" if _unsafe(c) and c != "\n" else c for c in text)


def out(text: str = "") -> None:
    sys.stdout.write(terminal_safe(text) + "\n")


def out_json(data: Any) -> None:
    sys.stdout.write(_json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=str))
                     + "\n")


def err(text: str) -> None:
    sys.stderr.write(terminal_safe(text) + "\n")
