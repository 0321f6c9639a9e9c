"""Entry point of ``chiso``: argument parsing, dispatch and exit codes.

Exit codes: 0 success, 2 usage error, 3 input refused. A user error never
shows a traceback; an unexpected error does, because it is a bug to report.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from chiso_desktop import __version__
from chiso_desktop.catalog.installed import CatalogNotFound
from chiso_desktop.catalog.load import CatalogError
from chiso_desktop.cli import (
    audit_cmds,
    backup_cmds,
    catalog_cmds,
    dhis2_cmds,
    exchange_cmds,
    init_cmd,
    office_cmds,
    values_cmds,
)
from chiso_desktop.cli.context import Context, err
from chiso_desktop.errors import UserError
from chiso_desktop.i18n import _, init_from_environment
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.paths import default_db_path
from chiso_desktop.store.db import (
    OPERATIONAL_ERRORS,
    DatabaseError,
    Location,
    parse_location,
    storage_message,
)

Handler = Callable[[Context, argparse.Namespace], int]

COMMAND_MODULES = [catalog_cmds, init_cmd, values_cmds, exchange_cmds, office_cmds, backup_cmds,
                   audit_cmds, dhis2_cmds]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        err(_("Usage error: {message}").format(message=message))
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="chiso", description=_("Chỉ số Desktop: indicator reporting"))
    parser.add_argument("--version", action="version", version=f"chiso {__version__}")
    parser.add_argument("--db", help=_("database file, or a postgresql:// address (default: "
                                       "user data folder, or the CHISO_DB variable)"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _restore_advice(db_path: Location) -> str:
    """Point at the latest backup that verifies, so a damaged database is one command away."""
    from chiso_desktop.store.backup import latest_good_backup

    if not isinstance(db_path, Path):
        return _("Ask the server's administrator to check the PostgreSQL server; a backup "
                 "written with chiso backup can be restored with: chiso restore FILE")
    good = latest_good_backup(db_path)
    if good is None:
        return _("No good automatic backup was found; if you have a backup file, restore it "
                 "with: chiso restore FILE")
    return _("The latest good backup is {file}. Restore it with: chiso restore \"{file}\"").format(
        file=good)


def main(argv: Sequence[str] | None = None) -> int:
    init_from_environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        ctx = Context(db_path=parse_location(args.db or default_db_path()),
                      handlers=import_handlers())
    except UserError as exc:
        err(str(exc))
        return exc.exit_code
    try:
        return handler(ctx, args)
    except UserError as exc:
        err(str(exc))
        if exc.cli_hint:
            err("  → " + exc.cli_hint)
        return exc.exit_code
    except CatalogNotFound as exc:
        err(str(exc))
        err("  → chiso catalog list")
        return 3
    except CatalogError as exc:
        err(_("The catalog was refused:"))
        for p in exc.problems:
            err(f"  - {p}")
        return 3
    except DatabaseError as exc:
        err(_("The database {path} cannot be opened: {reason}.").format(path=ctx.shown_db,
                                                                        reason=exc))
        err(_restore_advice(ctx.db_path))
        return 3
    except OPERATIONAL_ERRORS as exc:
        message = storage_message(exc, ctx.shown_db)
        if message is None:
            raise
        err(message)
        return 3
    except BrokenPipeError:
        # The reader (``| head``) went away: not an error of ours or the user's.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the final flush
        return 0
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
