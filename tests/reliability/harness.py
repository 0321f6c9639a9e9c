"""Helpers for the reliability tests: the ward with real bundles, kill-and-check runs.

A workload runs in a forked child that writes ``ACK …`` to a pipe only after
the commit it acknowledges has returned; the parent kills it with SIGKILL
after a random delay, then checks the database from outside.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import sqlite3
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support.cli import run
from tests.support.ward import PASSPHRASE, Ward
from tests.support.ward import build_ward as build_exchange_ward

Ack = Callable[[str], None]


@contextlib.contextmanager
def environment(root: Path) -> Iterator[None]:
    """The isolated profile the function-scoped conftest fixture gives, for module fixtures."""
    saved = dict(os.environ)
    os.environ.update({"HOME": str(root / "home"), "XDG_DATA_HOME": str(root / "home" / "d"),
                       "CHISO_PASSPHRASE": PASSPHRASE, "CHISO_USER": "Lan"})
    os.environ.pop("CHISO_DB", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def sha256(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def copy_db(src: Path, dest: Path) -> Path:
    """A consistent copy of a closed database (backup API, so no WAL is left behind)."""
    a, b = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dest


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@dataclass
class KillRun:
    acks: list[str]
    killed: bool  # False: the child had finished its work before the kill
    exit_code: int | None
    stderr: str


def kill_at_random(workload: Callable[[Ack], None], delay: float) -> KillRun:
    """Run ``workload`` in a forked child, SIGKILL it after ``delay`` seconds, collect ACKs."""
    r, w = os.pipe()
    er, ew = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(r)
            os.close(er)

            def ack(line: str) -> None:
                os.write(w, (line + "\n").encode("utf-8"))

            workload(ack)
        except BaseException:
            os.write(ew, traceback.format_exc().encode("utf-8"))
            code = 1
        os._exit(code)
    os.close(w)
    os.close(ew)
    deadline = time.monotonic() + delay
    status = 0
    finished = False
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            finished = True
            break
        time.sleep(0.002)
    if not finished:
        os.kill(pid, signal.SIGKILL)
        _done, status = os.waitpid(pid, 0)
    acks = _drain(r).splitlines()
    err = _drain(er)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return KillRun([a for a in acks if a.startswith("ACK ")], killed, exit_code, err)


def _drain(fd: int) -> str:
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode("utf-8", "replace")


def numeric_fields(db_path: Path, period: str, department: str) -> list[str]:
    """Codes of the entered (not computed) numeric fields a department reports for a period."""
    from chiso_desktop.catalog.model import FieldType
    from chiso_desktop.entry.scope import load_scope
    from chiso_desktop.periods.period import parse_period
    from chiso_desktop.store.db import open_database

    numeric = {FieldType.INTEGER, FieldType.MONEY, FieldType.DECIMAL, FieldType.PERCENT}
    db = open_database(db_path)
    try:
        with db.session() as s:
            scope = load_scope(s)
            return [f.code for _c, ind in scope.indicators(department, parse_period(period))
                    for f in ind.fields if not f.computed and f.type in numeric]
    finally:
        db.close()


def build_ward(root: Path, periods: Sequence[str]) -> Ward:
    """The exchange ward with KT, and one real bundle per period from KT (``ward.bundles``)."""
    ward = build_exchange_ward(root, ("KT",))
    kt = ward.departments["KT"]
    for n, period in enumerate(periods, 1):
        codes = numeric_fields(kt, period, "KT")
        run("--db", kt, "values", "set", "--period", period,
            *[f"{code}={n * 10 + i % 7}" for i, code in enumerate(codes)])
        out = root / f"kt-{period}.chiso"
        run("--db", kt, "export", "--period", period, "--out", out)
        ward.bundles.append(out)
    return ward
