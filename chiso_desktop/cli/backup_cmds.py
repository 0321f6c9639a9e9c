"""``chiso backup --out FILE`` and ``chiso restore FILE [--force]``.

Restore never trusts a file blindly: the backup is verified first (integrity,
a Chỉ số schema this version knows, intact hash chains), a backup of another
org unit needs --force, the database it replaces is kept in backups/, and
no window of the app may have the database open meanwhile.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from chiso_desktop.cli.context import Context, out
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.exchange.anchors import anchor_if_keys
from chiso_desktop.fileio.atomic_file import atomic_write_path
from chiso_desktop.fileio.instance_lock import acquire_instance_lock
from chiso_desktop.i18n import _
from chiso_desktop.store.backup import backup_to, restore_backup, verify_backup


def register(sub: Any) -> None:
    b = sub.add_parser("backup", help=_("write a verified copy of the database"))
    b.add_argument("--out", type=Path, required=True, help=_("backup file to write"))
    b.set_defaults(handler=cmd_backup)

    r = sub.add_parser("restore", help=_("replace the database by a backup (verified first)"))
    r.add_argument("file", type=Path)
    r.add_argument("--force", action="store_true",
                   help=_("restore even a backup of another ward or commune"))
    r.set_defaults(handler=cmd_restore)


def _database_file(ctx: Context) -> Path:
    """The SQLite file these commands copy; a server database is backed up by its server."""
    if not isinstance(ctx.db_path, Path):
        raise UsageError(_("This database is on a PostgreSQL server: back it up and restore it "
                           "with the server's own tools (pg_dump, pg_restore)."))
    return ctx.db_path


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    if not isinstance(ctx.db_path, Path):
        return _backup_server(ctx, args)
    db_file = _database_file(ctx)
    ctx.db  # noqa: B018 - opens (and migrates) the database, so a broken one says so
    if args.out.resolve() == db_file.resolve():
        raise Refused(_("The backup cannot be written over the database itself."))
    with ctx.db.session() as s, s.begin():
        # The copy carries a signed anchor: a restored copy edited meanwhile is found.
        anchor_if_keys(s, "backup")
    with atomic_write_path(args.out) as tmp:
        backup_to(db_file, tmp)
    info = verify_backup(args.out)
    out(_("Backup written to {file}: {unit}, {values} values, {history} history rows; "
          "verified.").format(file=args.out, unit=info.org_unit or "—", values=info.values,
                              history=info.history_rows))
    return 0


def _backup_server(ctx: Context, args: argparse.Namespace) -> int:
    """PostgreSQL: pg_dump, then the dump is verified in a throw-away database."""
    from chiso_desktop.store.pg_backup import dump_to, verify_dump

    url = str(ctx.db_path)
    with ctx.db.session() as s, s.begin():
        anchor_if_keys(s, "backup")
    ctx.close()
    dump_to(url, args.out)
    info = verify_dump(url, args.out)
    out(_("Backup written to {file}: {unit}, {values} values, {history} history rows; "
          "verified.").format(file=args.out, unit=info.org_unit or "—", values=info.values,
                              history=info.history_rows))
    return 0


def _restore_server(ctx: Context, args: argparse.Namespace) -> int:
    from chiso_desktop.store.pg_backup import restore_dump

    ctx.close()
    restored = restore_dump(args.file, str(ctx.db_path), force=args.force)
    info = restored.info
    out(_("Restored {file} into {db}: {unit}, {values} values.").format(
        file=args.file, db=ctx.shown_db, unit=info.org_unit or "—", values=info.values))
    if restored.safety_copy is not None:
        out(_("The database it replaced is kept in {file}.").format(file=restored.safety_copy))
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    if not isinstance(ctx.db_path, Path):
        return _restore_server(ctx, args)
    db_file = _database_file(ctx)
    with acquire_instance_lock(db_file):
        ctx.close()
        restored = restore_backup(args.file, db_file, force=args.force)
    info = restored.info
    out(_("Restored {file} into {db}: {unit}, {values} values.").format(
        file=args.file, db=ctx.db_path, unit=info.org_unit or "—", values=info.values))
    if restored.safety_copy is not None:
        out(_("The database it replaced is kept in {file}.").format(file=restored.safety_copy))
    return 0
