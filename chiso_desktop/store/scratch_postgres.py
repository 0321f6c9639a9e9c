"""A throwaway PostgreSQL server for tests and benchmarks: initdb, pg_ctl, gone after.

The server runs from Debian's (or any) PostgreSQL binaries in a temporary
folder, listens on 127.0.0.1 on a free port and on a socket in that folder,
trusts local connections and skips fsync (it holds nothing worth keeping).
PostgreSQL refuses to run as root, so under root (CI containers) it runs as
the ``postgres`` system user (created by Debian's package) through
``runuser``, and the folder is handed to that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

SUPERUSER = "chiso"


class NoPostgres(RuntimeError):
    """No PostgreSQL binaries (initdb, pg_ctl) on this machine."""


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: PATH, CHISO_PG_BINDIR, or Debian's layout."""
    configured = os.environ.get("CHISO_PG_BINDIR")
    if configured and (Path(configured) / "initdb").exists():
        return Path(configured)
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ScratchServer:
    bindir: Path
    root: Path
    port: int
    runas: list[str]
    _names: Iterator[int] = field(default_factory=lambda: count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def tool(self, name: str) -> str:
        return str(self.bindir / name)

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.runas, *args], check=True, capture_output=True, text=True,
                              timeout=timeout, cwd=self.root)

    def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = name or f"t{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.run(self.tool("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop",
                     timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


def start(*, fsync: bool = False) -> ScratchServer:
    """Start a server; the caller stops it (``server.stop()``). Raises NoPostgres."""
    bindir = find_bindir()
    if bindir is None:
        raise NoPostgres("initdb/pg_ctl not found (install Debian's postgresql package)")
    root = Path(tempfile.mkdtemp(prefix="chiso-pg-"))
    runas: list[str] = []
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise NoPostgres("running as root and there is no 'postgres' user to run the "
                             "server as") from exc
        os.chown(root, user.pw_uid, user.pw_gid)
        root.chmod(0o700)
        runas = ["runuser", "-u", "postgres", "--"]
    server = ScratchServer(bindir, root, _free_port(), runas)
    try:
        server.run(server.tool("initdb"), "-D", str(server.data), "-U", SUPERUSER,
                   "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")
        extra = "" if fsync else " -F -c synchronous_commit=off -c full_page_writes=off"
        for attempt in range(3):
            options = (f"-h 127.0.0.1 -p {server.port} -k {root} -c max_connections=60 "
                       f"-c shared_buffers=64MB{extra}")
            try:
                server.run(server.tool("pg_ctl"), "-D", str(server.data), "-l",
                           str(root / "server.log"), "-o", options, "-w", "-t", "60", "start")
                break
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                server.port = _free_port()  # taken meanwhile by another process
                time.sleep(0.2)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log = root / "server.log"
        detail = getattr(exc, "stderr", "") or ""
        if log.exists():
            detail += log.read_text(errors="replace")[-2000:]
        server.stop()
        raise RuntimeError(f"the scratch PostgreSQL server did not start: {detail}") from exc
    return server
