"""Expensive setups (a ward through the CLI, an Office with bundles) built once, copied per test.

A ward with three departments takes ≈1.5 s of CPU to set up through ``chiso``; the suite
asks for the same few wards dozens of times. The session fixture ``prebuilt``
(``tests/support/fixtures.py``) builds each distinct setup once per session (and per
xdist worker) in a folder of its own, then hands every test a *copy*: the folder copied
to the test's ``dest``, and each PostgreSQL database cloned with ``CREATE DATABASE …
TEMPLATE``. Tests stay independent: each one changes its own files and databases.

Under pytest-xdist the SQLite setups are shared by the workers of one run: the first worker
to ask builds it in the run's common temporary folder (under a file lock) and leaves its
result there, pickled; the others wait for it and copy the same files. PostgreSQL setups
stay per worker (each worker has its own scratch server).

Use::

    def _reporting_ward(root: Path, office: Location) -> Ward:   # module level, no state
        ward = Ward(run_cli, root, office=office)
        ...
        return ward

    @pytest.fixture
    def ward(prebuilt: Prebuilt, tmp_path: Path, backend: str) -> Ward:
        return prebuilt.copy(tmp_path / "ward", _reporting_ward, backend=backend)

Rules for a builder:

- it takes the folder to build in and the Office's database location (a file in that
  folder, or a new database on the scratch PostgreSQL server for ``backend="postgresql"``)
  and depends on nothing else (no monkeypatched clock, no test's tmp_path);
- it returns plain data: paths, ids, :class:`~tests.support.ward.Ward` objects, lists and
  dicts of them; no open ``Database``. Every path under the build folder (and the
  database URL) in what it returns is rewritten to the copy's;
- it builds what a test may change, not what a test must *not* share: two copies of one
  setup have the same keys and installation ids, so a test that needs two *different*
  wards (a bundle from another ward is refused) builds the second one itself or uses a
  second builder.

Stored paths inside the databases (``exported_bundles.path``) keep naming the build
folder, which lives until the session ends; nothing reads them back.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import os
import pickle
import shutil
import sqlite3
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
Location = Path | str
Builder = Callable[[Path, Location], T]


class Prebuilt:
    """Builds each (builder, backend) once in ``folder`` and copies it for every test.

    ``shared``: a folder every xdist worker of this run sees, where SQLite setups are built
    once for all of them (None: this process builds its own).
    """

    def __init__(self, folder: Path, pg_server: Callable[[], Any],
                 shared: Path | None = None) -> None:
        self.folder = folder
        self.shared = shared
        self._pg_server = pg_server
        self._built: dict[tuple[str, str], tuple[Path, str | None, Any]] = {}
        self._copies = 0

    def copy(self, dest: Path, build: Builder[T], *, backend: str = "sqlite") -> T:
        """A fresh copy, at ``dest``, of what ``build`` made (made now if it is the first)."""
        key = (f"{build.__module__}.{build.__qualname__}", backend)
        if key not in self._built:
            if self.shared is not None and backend == "sqlite":
                self._built[key] = self._build_shared(build, key[0])
            else:
                self._built[key] = self._build(build, backend)
        root, url, result = self._built[key]
        new_url = self._clone(url) if url is not None else None
        shutil.copytree(root, dest, dirs_exist_ok=True)
        return _rebase(result, root, dest, url, new_url)  # type: ignore[no-any-return]

    def _build_shared(self, build: Builder[T], name: str) -> tuple[Path, str | None, T]:
        """The SQLite setup built once for every worker of the run, in ``self.shared``."""
        assert self.shared is not None
        folder = self.shared / name.replace(".", "-")
        with _held(folder.with_name(folder.name + ".lock")):
            done = folder / "result.pickle"
            if done.exists():
                root, result = pickle.loads(done.read_bytes())
                return root, None, result
            root, _url, result = self._build(build, "sqlite", folder / "build")
            try:
                data = pickle.dumps((root, result))
            except (pickle.PicklingError, TypeError, AttributeError):
                return root, None, result  # only this worker's: the others build their own
            done.write_bytes(data)
            return root, None, result

    def _build(self, build: Builder[T], backend: str, root: Path | None = None
               ) -> tuple[Path, str | None, T]:
        n = len(self._built) + 1
        if root is None:
            root = self.folder / f"{n}-{build.__name__.strip('_')}-{backend}"
        url: str | None = None
        if backend == "postgresql":
            url = self._pg_server().create_database()
            office: Location = url
        else:
            office = root / "office.db"
        home = root.parent / f"{root.name}-home"
        with pytest.MonkeyPatch.context() as mp:
            # Nothing the builder writes to the profile leaks into the test that asked first.
            mp.setenv("HOME", str(home))
            mp.setenv("XDG_DATA_HOME", str(home / "data"))
            mp.setenv("XDG_CONFIG_HOME", str(home / "config"))
            result = build(root, office)
        _settle(root)
        return root, url, result

    def _clone(self, url: str) -> str:
        """A new database on the scratch server with ``url``'s contents."""
        import psycopg

        server = self._pg_server()
        template = url.rsplit("/", 1)[1]
        self._copies += 1
        new = f"{template}_copy{self._copies}"
        with psycopg.connect(server.url(), autocommit=True) as conn:
            # Pooled connections the builder left open would make the copy fail.
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (template,))
            conn.execute(f'CREATE DATABASE "{new}" TEMPLATE "{template}"')
        return str(server.url(new))


@contextlib.contextmanager
def _held(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``, waiting for it (POSIX: ``shared`` is None elsewhere)."""
    import fcntl

    with open(path, "a+b") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _settle(root: Path) -> None:
    """Close what the builder left open and fold each SQLite WAL into its database."""
    gc.collect()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith("-wal"):
                db = Path(dirpath) / name[: -len("-wal")]
                con = sqlite3.connect(db)
                try:
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    con.close()


def _rebase(value: Any, old: Path, new: Path, old_url: str | None, new_url: str | None) -> Any:
    """``value`` with every path under ``old`` moved under ``new``, and the database URL."""

    def move(v: Any) -> Any:
        if isinstance(v, Path):
            return new / v.relative_to(old) if v.is_relative_to(old) else v
        if isinstance(v, str):
            if old_url is not None and v == old_url:
                return new_url
            if v.startswith(str(old)) and Path(v).is_relative_to(old):
                return str(new / Path(v).relative_to(old))
            return v
        if isinstance(v, list):
            return [move(x) for x in v]
        if isinstance(v, tuple):
            return type(v)(*map(move, v)) if hasattr(v, "_fields") else tuple(map(move, v))
        if isinstance(v, dict):
            return {k: move(x) for k, x in v.items()}
        if isinstance(v, (set, frozenset)):
            return type(v)(move(x) for x in v)
        if v is None or isinstance(v, (int, float, bytes, bool)) or callable(v) or isinstance(
                v, (types.ModuleType, type)):
            return v
        if hasattr(v, "__dict__"):
            clone = copy.copy(v)
            clone.__dict__.update({k: move(x) for k, x in v.__dict__.items()})
            return clone
        return v

    return move(value)
