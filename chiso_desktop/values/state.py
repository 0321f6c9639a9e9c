"""The typed states the core stores and compares: of a value, a period's report, its approval,
a conflict.

"Không phát sinh" (nothing happened / not applicable) is a state of its own,
never a zero: a ward with no fires reports zero fires, a ward with no port
reports "not applicable" for port traffic.

They are ``StrEnum``s: each member *is* its text, so the database columns, the
bundle format and ``--json`` output keep the same strings, and a row read back
compares equal to its member.
"""

from __future__ import annotations

from enum import StrEnum


class ValueState(StrEnum):
    VALUE = "value"
    NOT_APPLICABLE = "not-applicable"
    MISSING = "missing"


class ReportStatus(StrEnum):
    """A department's report of one period: draft → ready → submitted (→ received at the Office)."""

    DRAFT = "draft"
    READY = "ready"
    SUBMITTED = "submitted"
    RECEIVED = "received"


class ApprovalStatus(StrEnum):
    """The Office's approval of a period: open → complete → locked (→ reopened → locked)."""

    OPEN = "open"
    COMPLETE = "complete"
    LOCKED = "locked"
    REOPENED = "reopened"


class ConflictStatus(StrEnum):
    """A conflict held for review at the Office."""

    OPEN = "open"
    RESOLVED = "resolved"
