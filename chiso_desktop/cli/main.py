"""Entry point of ``chiso``: argument parsing, dispatch and exit codes.

Exit codes: 0 success, 2 usage error, 3 input refused. A user error never
shows a traceback; an unexpected error does, because it is a bug to report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from chiso_desktop import __version__
from chiso_desktop.catalog.installed import CatalogNotFound
from chiso_desktop.catalog.load import CatalogError
from chiso_desktop.cli import catalog_cmds, exchange_cmds, init_cmd, values_cmds
from chiso_desktop.cli.context import Context, default_db_path, err
from chiso_desktop.errors import UserError
from chiso_desktop.i18n import _, init_from_environment
from chiso_desktop.store.db import DatabaseError

Handler = Callable[[Context, argparse.Namespace], int]

COMMAND_MODULES = [catalog_cmds, init_cmd, values_cmds, exchange_cmds]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        err(_("Usage error: {message}").format(message=message))
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="chiso", description=_("Chỉ số Desktop: indicator reporting"))
    parser.add_argument("--version", action="version", version=f"chiso {__version__}")
    parser.add_argument("--db", type=Path, help=_("database file (default: user data folder, "
                                                   "or the CHISO_DB variable)"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    init_from_environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    ctx = Context(db_path=args.db or default_db_path())
    try:
        return handler(ctx, args)
    except UserError as exc:
        err(str(exc))
        return exc.exit_code
    except CatalogNotFound as exc:
        err(str(exc))
        return 3
    except CatalogError as exc:
        err(_("The catalog was refused:"))
        for p in exc.problems:
            err(f"  - {p}")
        return 3
    except DatabaseError as exc:
        err(_("The database {path} cannot be opened: {reason}. If it was damaged, restore "
              "the latest backup with: chiso restore FILE").format(path=ctx.db_path, reason=exc))
        return 3
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
