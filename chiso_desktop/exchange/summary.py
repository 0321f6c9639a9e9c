"""The import summary as the Office clerk reads it: what each file is, whose, which period, and what to do.

The importer's refusal reasons are precise but technical ("manifest is not
valid JSON"); a clerk needs the consequence and the next step ("tệp bị hỏng
hoặc đã bị sửa — đề nghị phòng KT gửi lại"). Each line keeps the technical
reason as its ``detail``. Files that are not department bundles (setup
packages, key cards, workbooks, PDFs) are named for what they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from chiso_desktop.bundle.errors import Reason
from chiso_desktop.bundle.identify import (
    DAMAGED,
    KEY_CARD,
    KEY_ROTATION,
    PDF,
    SEALED,
    SPREADSHEET,
    UNKNOWN,
)
from chiso_desktop.exchange.importer import ALREADY_IMPORTED, EQUIVOCATION, IMPORTED, FileResult
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import parse_period

COUNTS = ("new", "changed", "unchanged", "conflicts")

_DAMAGED_REASONS = {
    Reason.TOO_LARGE, Reason.NOT_A_ZIP, Reason.UNSAFE_ENTRY_NAME, Reason.SYMLINK_ENTRY,
    Reason.DUPLICATE_ENTRY, Reason.UNSUPPORTED_ENTRY, Reason.COMPRESSION_RATIO,
    Reason.MISSING_ENTRY, Reason.UNEXPECTED_ENTRY, Reason.SIZE_MISMATCH, Reason.HASH_MISMATCH,
    Reason.NOT_CANONICAL, Reason.MALFORMED_JSON, Reason.MANIFEST_INVALID,
    Reason.SENDER_KEY_MISMATCH, Reason.BAD_SIGNATURE, Reason.VALUES_INVALID,
    Reason.COUNT_MISMATCH,
}


@dataclass(frozen=True)
class SummaryLine:
    """One row of the summary; ``detail`` is the technical reason (empty when imported)."""

    file: str
    name: str
    kind: str
    department: str
    period: str
    status: str
    result: str
    detail: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def kind_label(kind: str | None) -> str:
    return {
        "bundle": _("Data bundle"), "setup": _("Setup package"),
        "corrections": _("Correction request"), "receipt": _("Receipt"),
        SEALED: _("Encrypted bundle"), KEY_CARD: _("Key card"),
        KEY_ROTATION: _("Key change notice"), SPREADSHEET: _("Excel workbook"),
        PDF: _("PDF document"), DAMAGED: _("Damaged file"), UNKNOWN: _("Other file"),
    }.get(kind or "", _("Other file"))


def period_text(periods: tuple[str, ...], lang: str) -> str:
    labels = []
    for pid in periods:
        try:
            labels.append(parse_period(pid).label(lang))
        except ValueError:
            labels.append(pid)
    return ", ".join(labels)


def _status_word(status: str) -> str:
    words: dict[str, str] = {IMPORTED: _("Imported"), ALREADY_IMPORTED: _("Already imported")}
    return words.get(status, _("Not imported"))


def _not_a_bundle(kind: str | None, who: str) -> str | None:
    """What to do with a file that is not a department's data bundle, or None."""
    if kind == "setup":
        return _("This is a setup package for {department}, made by the Office: it is not "
                 "imported here. Open it on {department}'s computer when installing the "
                 "application there.").format(department=who)
    if kind in ("corrections", "receipt"):
        return _("This file goes from the Office to {department}: it is opened on "
                 "{department}'s computer, not imported here.").format(department=who)
    if kind == KEY_CARD:
        return _("This is the public key card of {department}: enrol it after comparing its "
                 "fingerprint with the department; it is not imported here.").format(
                     department=who)
    if kind == KEY_ROTATION:
        return _("This is a key change notice from {department}: apply it where the keys are "
                 "enrolled; it is not imported here.").format(department=who)
    if kind == SPREADSHEET:
        return _("This is an Excel workbook, not a data bundle: the department must send the "
                 ".chiso file that the application exports.")
    if kind == PDF:
        return _("This is a PDF document (a printed sheet, for example), not a data bundle: "
                 "nothing to import.")
    if kind == UNKNOWN:
        return _("This is not a Chỉ số Desktop file: nothing to import.")
    return None


def refusal_text(reason: str | None, who: str) -> str:
    """The refusal in a clerk's words, with the next step."""
    if reason == EQUIVOCATION:
        return _("{department} sent two different files with the same number: this one is "
                 "refused and the case is recorded. Call {department} to find out which is "
                 "right.").format(department=who)
    try:
        code = Reason(reason or "")
    except ValueError:
        return _("The file could not be imported. Ask {department} to send it again; if it "
                 "happens again, give the detail below to the person who supports the "
                 "application.").format(department=who)
    if code in _DAMAGED_REASONS:
        return _("The file is damaged or was altered — ask {department} to send it "
                 "again.").format(department=who)
    return {
        Reason.UNSUPPORTED_VERSION: _("The file was made by a newer version of the "
                                      "application: update Chỉ số Desktop here, then import "
                                      "it again."),
        Reason.UNKNOWN_KEY: _("The signing key of {department} is not enrolled at this "
                              "Office: enrol the department's key (compare its fingerprint "
                              "with them first), then import the file again."),
        Reason.REVOKED_KEY: _("The file is signed with a key that was revoked: ask "
                              "{department} to export again with their new key."),
        Reason.WRONG_DEPARTMENT: _("The file is signed with a key that belongs to another "
                                   "department: ask {department} to check and send it "
                                   "again."),
        Reason.WRONG_RECIPIENT: _("The file is addressed to another office, not this one: "
                                  "check where {department} sent it."),
        Reason.WRONG_KIND: _("This kind of file is not imported here."),
        Reason.UNKNOWN_CATALOG: _("The file uses an indicator set that is not installed here: "
                                  "install the new set, or ask {department} to use the "
                                  "current setup package."),
        Reason.REPLAY: _("The file is older than one already imported from {department}: "
                         "nothing to do."),
        Reason.SEQUENCE_JUMP: _("The file's number jumps far ahead of the last file from "
                                "{department}: files may be missing in between, or it was "
                                "not made by them. Call {department} to confirm they sent "
                                "it, then import it again accepting the jump (button "
                                "“Import confirmed files…”)."),
        Reason.SEALED_NO_KEY: _("The file is encrypted and cannot be opened here: check that "
                                "it was meant for this Office."),
        Reason.SEALED_CANNOT_OPEN: _("The file is encrypted for another office or the "
                                     "passphrase was wrong: check both and import it "
                                     "again."),
    }.get(code, _("The file could not be imported.")).format(department=who)


def summarize(result: FileResult, departments: Mapping[str, str], lang: str) -> SummaryLine:
    """The summary line of one imported or refused file."""
    code = result.sender or ""
    department = departments.get(code, code)
    who = department or _("the department that sent it")
    detail = ""
    if result.status == IMPORTED:
        conflicts = result.counts.get("conflicts", 0)
        text = _status_word(result.status)
        if conflicts:
            text += " — " + _("review the conflicts on the Conflicts page")
    elif result.status == ALREADY_IMPORTED:
        text = _status_word(result.status) + " — " + _("nothing changed")
    else:
        explanation = _not_a_bundle(result.kind, who) or refusal_text(result.reason, who)
        text = _status_word(result.status) + ": " + explanation
        detail = f"{result.message} [{result.reason}]" if result.message else \
            f"[{result.reason}]"
    return SummaryLine(
        file=result.file, name=Path(result.file).name, kind=kind_label(result.kind),
        department=department, period=period_text(result.periods, lang),
        status=result.status, result=text, detail=detail,
        counts={k: result.counts.get(k, 0) for k in COUNTS})
