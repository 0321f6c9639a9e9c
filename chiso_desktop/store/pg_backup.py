"""``chiso backup`` and ``chiso restore`` on PostgreSQL: pg_dump and pg_restore, verified.

A backup is ``pg_dump --format=custom`` of the database (written to a
temporary name, then renamed). Before it is trusted — right after writing,
and before every restore — it is verified the way a SQLite backup is: restored
into a throw-away database on the same server (the user needs CREATEDB), brought
to the current schema, its hash chains checked and its contents counted; the
throw-away database is dropped after. A restore of another unit's backup needs
``force``; the database it replaces is dumped first beside the backup
(``*.before-restore-STAMP.dump``), then the dump is restored with ``--clean``
in one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.store.backup import BackupInfo, Restored, _verify_contents
from chiso_desktop.store.location import redact


def libpq_url(url: str) -> str:
    """The URL as libpq's tools take it (no SQLAlchemy driver suffix)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    from chiso_desktop.store.scratch_postgres import find_bindir

    bindir = find_bindir()
    if bindir is not None and (bindir / name).exists():
        return str(bindir / name)
    raise Refused(_("{tool} is not installed on this computer; install the PostgreSQL client "
                    "tools (Debian: postgresql-client) and try again.").format(tool=name))


def _run(args: list[str], what: str) -> None:
    try:
        subprocess.run(args, check=True, capture_output=True, text=True, timeout=3600)
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()
        raise Refused(_("{what} failed: {reason}").format(
            what=what, reason=detail[-1] if detail else exc.returncode)) from exc


def dump_to(url: str, dest: Path) -> Path:
    """pg_dump of the database at ``url`` into ``dest`` (custom format, atomically renamed)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    try:
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              f"--file={tmp}", f"--dbname={libpq_url(url)}"], "pg_dump")
        tmp.replace(dest)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return dest


def _with_database(url: str, name: str) -> str:
    head, _sep, tail = url.rpartition("/")
    query = ("?" + tail.split("?", 1)[1]) if "?" in tail else ""
    return f"{head}/{name}{query}"


@contextlib.contextmanager
def _scratch_database(url: str) -> Iterator[str]:
    """A throw-away database on the server of ``url``, dropped after."""
    import psycopg

    name = f"chiso_verify_{secrets.token_hex(4)}"
    admin = libpq_url(_with_database(url, "postgres"))
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    except psycopg.Error as exc:
        raise Refused(_("A backup is checked in a temporary database on the server, and it "
                        "could not be created ({reason}); the user needs the CREATEDB "
                        "right.").format(reason=str(exc).strip())) from exc
    try:
        yield _with_database(url, name)
    finally:
        with contextlib.suppress(psycopg.Error), psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def verify_dump(url: str, path: Path) -> BackupInfo:
    """Check a dump before it is trusted: restored elsewhere, migrated, chains intact."""
    path = Path(path)
    if not path.is_file():
        raise Refused(_("{file} does not exist.").format(file=path))
    _run([_tool("pg_restore"), "--list", str(path)],
         _("Reading {file} as a PostgreSQL backup").format(file=path))
    with _scratch_database(url) as scratch:
        _run([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              f"--dbname={libpq_url(scratch)}", str(path)],
             _("Restoring {file} for checking").format(file=path))
        import psycopg

        with psycopg.connect(libpq_url(scratch)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        from chiso_desktop.store.backup import known_revisions

        if row is None or row[0] not in known_revisions():
            raise Refused(_("{file} was written by another version of Chỉ số Desktop "
                            "(schema {rev}); it cannot be restored by this version.").format(
                file=path, rev=row[0] if row else "?"))
        return _verify_contents(path, scratch, row[0])  # type: ignore[arg-type]


def _current_unit(url: str) -> tuple[str, str] | None:
    import psycopg

    try:
        with psycopg.connect(libpq_url(url)) as conn:
            row = conn.execute("SELECT o.code, o.name FROM installation i JOIN org_units o "
                               "ON o.id = i.org_unit_id LIMIT 1").fetchone()
    except psycopg.Error:
        return None
    return (row[0], row[1]) if row else None


def restore_dump(backup: Path, url: str, *, force: bool = False) -> Restored:
    """Replace the database at ``url`` by a verified dump, keeping a dump of what it replaces."""
    backup = Path(backup)
    info = verify_dump(url, backup)
    here = _current_unit(url)
    if here is not None and info.org_unit_code is not None and here[0] != info.org_unit_code \
            and not force:
        raise Refused(_("{file} is a backup of {other}, but this database belongs to {unit}. "
                        "Nothing was changed; choose a backup of this ward.").format(
            file=backup, other=info.org_unit, unit=here[1]),
            cli_hint="--force replaces it anyway")
    safety = None
    if here is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        safety = dump_to(url, backup.with_name(f"{backup.stem}.before-restore-{stamp}.dump"))
    _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={libpq_url(url)}", str(backup)],
         _("Restoring {file} into {db}").format(file=backup, db=redact(url)))
    return Restored(info, safety)

