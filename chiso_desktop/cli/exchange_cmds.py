"""``chiso keys …``, ``setup-package``, ``init --from-setup``, ``export``, ``import``, ``conflicts …``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from chiso_desktop.bundle import (
    BundleRefused,
    KeyFileError,
    read_public_key_file,
)
from chiso_desktop.catalog.categories import cell_code
from chiso_desktop.cli.context import Context, err, one_line, out, out_json, terminal_safe
from chiso_desktop.cli.values_cmds import actor_name, period_arg
from chiso_desktop.errors import Refused, UsageError
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.conflicts import Decision, list_conflicts, resolve
from chiso_desktop.exchange.export import export_period
from chiso_desktop.exchange.importer import (
    ALREADY_IMPORTED,
    REFUSED,
    ImportStopped,
    import_files,
)
from chiso_desktop.exchange.setup_package import (
    install_setup,
    read_setup_package,
    write_setup_package,
)
from chiso_desktop.exchange.summary import summarize
from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.i18n import _, language, ngettext
from chiso_desktop.store.installation import get_installation, require_installation


def register(sub: Any) -> None:
    k = sub.add_parser("keys", help=_("this installation's keys and the keys it trusts"))
    ks = k.add_subparsers(dest="keys_command", required=True)
    f = ks.add_parser("fingerprint", help=_("show (creating if needed) this installation's key"))
    f.add_argument("--json", action="store_true")
    f.set_defaults(handler=cmd_fingerprint)
    e = ks.add_parser("export", help=_("write the public key card to hand over"))
    e.add_argument("--out", type=Path, required=True)
    e.set_defaults(handler=cmd_keys_export)
    t = ks.add_parser("trust", help=_("enroll a key card (or apply a rotation statement)"))
    t.add_argument("file", type=Path)
    t.add_argument("--department", required=True)
    t.add_argument("--replace", action="store_true",
                   help=_("revoke the department's current key in favour of this one"))
    t.add_argument("--yes", action="store_true", help=_("do not ask to confirm the fingerprint"))
    t.set_defaults(handler=cmd_keys_trust)
    r = ks.add_parser("revoke", help=_("revoke a department's keys"))
    r.add_argument("department")
    r.set_defaults(handler=cmd_keys_revoke)
    ro = ks.add_parser("rotate", help=_("new keys, with a statement signed by the old key"))
    ro.add_argument("--out", type=Path, required=True, help=_("where to write the statement"))
    ro.add_argument("--reason", default="")
    ro.set_defaults(handler=cmd_keys_rotate)

    sp = sub.add_parser("setup-package", help=_("write a department's signed setup package"))
    sp.add_argument("--department", required=True)
    sp.add_argument("--out", type=Path, required=True)
    sp.set_defaults(handler=cmd_setup_package)

    ex = sub.add_parser("export", help=_("write the period's signed bundle for the Office"))
    ex.add_argument("--period", required=True)
    ex.add_argument("--out", type=Path, required=True)
    ex.add_argument("--sealed", action="store_true", help=_("encrypt to the Office's key"))
    ex.set_defaults(handler=cmd_export)

    im = sub.add_parser("import", help=_("verify and merge bundles"))
    im.add_argument("files", nargs="+", type=Path)
    im.add_argument("--dry-run", action="store_true")
    im.add_argument("--accept-jump", action="store_true",
                    help=_("import a bundle held for review because its number jumps far ahead "
                           "(after checking with the sender)"))
    im.add_argument("--json", action="store_true")
    im.set_defaults(handler=cmd_import)

    c = sub.add_parser("conflicts", help=_("values held for review at import"))
    cs = c.add_subparsers(dest="conflicts_command", required=True)
    ls = cs.add_parser("list")
    ls.add_argument("--all", action="store_true", help=_("include resolved conflicts"))
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_conflicts_list)
    rs = cs.add_parser("resolve")
    rs.add_argument("id", type=int)
    rs.add_argument("--take", required=True, help="incoming | current | value=V")
    rs.add_argument("--reason", required=True)
    rs.set_defaults(handler=cmd_conflicts_resolve)


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    sys.stderr.write(terminal_safe(question) + " [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes", "c", "co", "có")


def _read_input(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {file}: {reason}").format(
            file=path, reason=exc.strerror or exc)) from exc


# -- keys ------------------------------------------------------------------------------------


def cmd_fingerprint(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s, s.begin():
        require_installation(s)
        fp = identity.ensure_keys(s)
        prints = identity.own_fingerprints(s)
    short = prints[0] if prints else ""
    if args.json:
        out_json({"fingerprint": fp, "short": short})
    else:
        out(short)
        out(fp)
    return 0


def _own_short(ctx: Context) -> str:
    """The short fingerprint of this installation's active signing key ("" before one)."""
    with ctx.db.session() as s:
        prints = identity.own_fingerprints(s)
    return prints[0] if prints else ""


def cmd_keys_export(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s, s.begin():
        inst = require_installation(s)
        identity.ensure_keys(s)
        card = identity.public_key_card(s, inst)
    atomic_write_bytes(args.out, card)
    out(_("Wrote the public key card to {file}. Fingerprint: {fp}").format(
        file=args.out, fp=_own_short(ctx)))
    return 0


def cmd_keys_trust(ctx: Context, args: argparse.Namespace) -> int:
    data = _read_input(args.file)
    try:
        card = None if identity.is_rotation(data) else read_public_key_file(data)
    except KeyFileError as exc:
        raise Refused(exc.message) from exc
    if card is not None and not args.yes and sys.stdin.isatty() and not _confirm(_(
            "Fingerprint {fp} for department {department}. Does it match what the "
            "department read out?").format(fp=card.short_fingerprint, department=args.department)):
        err(_("Not enrolled."))
        return 3
    with ctx.db.session() as s, s.begin():
        require_installation(s)
        try:
            enrolled = identity.trust_file(s, data, args.department, replace=args.replace,
                                           actor=actor_name())
        except KeyFileError as exc:
            raise Refused(exc.message) from exc
    out(_("Enrolled key {fp} for department {department}.").format(
        fp=enrolled.short_fingerprint, department=args.department))
    if enrolled.replaced:
        out(_("It replaces key {old}, which is no longer accepted.").format(
            old=enrolled.replaced[:16]))
    return 0


def cmd_keys_revoke(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s, s.begin():
        require_installation(s)
        fps = identity.revoke(s, args.department, actor_name())
    out(ngettext("Revoked {n} key of department {department}.",
                 "Revoked {n} keys of department {department}.", len(fps)).format(
        n=len(fps), department=args.department))
    return 0


def cmd_keys_rotate(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s, s.begin():
        inst = require_installation(s)
        statement = identity.rotate(s, inst, args.reason)
        atomic_write_bytes(args.out, statement)
    out(_("New key created; hand {file} to the Office (chiso keys trust {file} --department "
          "CODE).").format(file=args.out))
    return 0


# -- setup -----------------------------------------------------------------------------------


def cmd_setup_package(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s, s.begin():
        written = write_setup_package(s, args.department, args.out)
    out(_("Wrote setup package {file} for department {department} ({catalogs} catalogs, "
          "{assignments} indicators). Office fingerprint: {fp}").format(
        file=written.path, department=written.department, catalogs=written.catalogs,
        assignments=written.assignments, fp=written.office_short_fingerprint))
    return 0


def init_from_setup(ctx: Context, args: argparse.Namespace) -> int:
    """``chiso init --from-setup FILE [--yes]`` on a department's new database."""
    data = _read_input(Path(args.from_setup))
    package = read_setup_package(data)
    out(_("Setup package for department {department} of {unit}.").format(
        department=package.department, unit=package.unit))
    out(_("Office key fingerprint: {fp}").format(fp=package.office_short_fingerprint))
    if not getattr(args, "yes", False) and not _confirm(
            _("Does this match the fingerprint the Office gave you?")):
        err(_("Not set up. Compare the fingerprint with the Office, then run again (or add "
              "--yes)."))
        return 3
    with ctx.db.session() as s, s.begin():
        if get_installation(s) is not None:
            raise Refused(_("This database is already set up. Use another --db file for a new "
                            "installation."))
        inst = install_setup(s, package, officer=getattr(args, "officer", "") or "")
        fp = identity.require_own_fingerprint(s)
        unit = inst.org_unit.name
    out(_("Set up department {department} of {unit} in {db}.").format(
        department=package.department, unit=unit, db=ctx.shown_db))
    out(_("Your key fingerprint (read it to the Office): {fp}").format(
        fp=_own_short(ctx)))
    out(fp)
    return 0


# -- export / import -------------------------------------------------------------------------


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    period = period_arg(args.period)
    with ctx.db.session() as s, s.begin():
        done = export_period(s, period, args.out, sealed=args.sealed, actor=actor_name())
    out(_("Wrote {file}: {n} values of {period}, number {sequence}{sealed}.").format(
        file=done.path, n=done.values, period=period.label(language()), sequence=done.sequence,
        sealed=_(", sealed") if done.sealed else ""))
    return 0


IMPORT_GROUP = 50
"""Files committed together by ``chiso import`` (group commit; each file still all-or-nothing)."""


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        require_installation(s)
        identity.require_own_fingerprint(s)
    stopped: ImportStopped | None = None
    try:
        results = import_files(ctx.db, args.files, handlers=ctx.handlers, dry_run=args.dry_run,
                               actor=actor_name(), accept_jump=args.accept_jump,
                               group=IMPORT_GROUP)
    except ImportStopped as exc:  # say truthfully which files were saved and which not
        stopped, results = exc, exc.committed
    refused = any(r.status == REFUSED for r in results) or stopped is not None
    if args.json:
        out_json([r.as_json() for r in results])
    else:
        for r in results:
            if r.status == REFUSED:
                line = summarize(r, {}, language())  # the words the import page shows
                out(_("{file}: {result}").format(file=one_line(r.file), result=line.result))
                out("    " + _("Detail: {detail}").format(detail=one_line(line.detail)))
            elif r.status == ALREADY_IMPORTED:
                out(_("{file}: already imported, nothing to do").format(file=r.file))
            else:
                c = r.counts
                out(_("{file}: {department} — {new} new, {changed} changed, {unchanged} "
                      "unchanged, {conflicts} conflicts").format(
                    file=r.file, department=r.sender, new=c.get("new", 0),
                    changed=c.get("changed", 0), unchanged=c.get("unchanged", 0),
                    conflicts=c.get("conflicts", 0)))
    if stopped is not None:
        for name in stopped.not_imported:
            err(_("{file}: not imported (nothing of it was saved)").format(file=one_line(name)))
        err(str(stopped))
    if args.dry_run:
        (err if args.json else out)(_("Dry run: nothing was written."))
    return 3 if refused else 0


# -- conflicts -------------------------------------------------------------------------------


def cmd_conflicts_list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.session() as s:
        rows = list_conflicts(s, include_resolved=args.all)
        data = [{"id": c.id, "code": cell_code(c.field_code, c.combo), "period": c.period,
                 "kind": c.kind,
                 "current_state": c.current_state, "current_value": c.current_value,
                 "incoming_state": c.incoming_state, "incoming_value": c.incoming_value,
                 "department": c.sender_department, "officer": c.officer,
                 "bundle_id": c.bundle_id, "status": c.status, "resolution": c.resolution or None,
                 "reason": c.reason or None} for c in rows]
    if args.json:
        out_json(data)
        return 0
    if not data:
        out(_("No open conflicts."))
    for d in data:
        out(one_line(f"#{d['id']:<4} {d['code']:<14} {d['period']:<8} {d['kind']:<13} "
                     f"{d['current_value'] or d['current_state'] or '—'} ← "
                     f"{d['incoming_value'] or d['incoming_state']} ({d['department']})"))
    return 0


def cmd_conflicts_resolve(ctx: Context, args: argparse.Namespace) -> int:
    decision = Decision.parse(args.take)
    with ctx.db.session() as s, s.begin():
        c = resolve(s, args.id, decision, reason=args.reason, actor=actor_name(),
                    lang=language())
        code, period = c.field_code, c.period
    out(_("Conflict {id} ({code}, {period}) resolved: {take}.").format(
        id=args.id, code=code, period=period, take=decision.take))
    return 0


__all__ = ["BundleRefused", "init_from_setup", "register"]
