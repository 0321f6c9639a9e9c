"""Why a bundle or key file was refused, as a stable code plus a translated message.

The code is for machines (CLI ``--json``, the import log, tests); the message
is for the person at the desk. ``BundleRefused`` is the only exception the
verifier lets out, whatever the bytes were.
"""

from __future__ import annotations

from enum import StrEnum

from chiso_desktop.errors import Refused, UserError
from chiso_desktop.fileio.atomic_file import WriteFailed


class Reason(StrEnum):
    """Refusal reason codes; the values are part of the file format spec."""

    TOO_LARGE = "too-large"
    NOT_A_ZIP = "not-a-zip"
    UNSAFE_ENTRY_NAME = "unsafe-entry-name"
    SYMLINK_ENTRY = "symlink-entry"
    DUPLICATE_ENTRY = "duplicate-entry"
    UNSUPPORTED_ENTRY = "unsupported-entry"
    COMPRESSION_RATIO = "compression-ratio"
    MISSING_ENTRY = "missing-entry"
    UNEXPECTED_ENTRY = "unexpected-entry"
    SIZE_MISMATCH = "size-mismatch"
    HASH_MISMATCH = "hash-mismatch"
    NOT_CANONICAL = "not-canonical"
    MALFORMED_JSON = "malformed-json"
    MANIFEST_INVALID = "manifest-invalid"
    UNSUPPORTED_VERSION = "unsupported-version"
    SENDER_KEY_MISMATCH = "sender-key-mismatch"
    BAD_SIGNATURE = "bad-signature"
    UNKNOWN_KEY = "unknown-key"
    REVOKED_KEY = "revoked-key"
    WRONG_DEPARTMENT = "wrong-department"
    WRONG_RECIPIENT = "wrong-recipient"
    WRONG_KIND = "wrong-kind"
    UNKNOWN_CATALOG = "unknown-catalog"
    VALUES_INVALID = "values-invalid"
    COUNT_MISMATCH = "count-mismatch"
    REPLAY = "replay"
    SEALED_NO_KEY = "sealed-no-key"
    SEALED_CANNOT_OPEN = "sealed-cannot-open"
    WRONG_ROLE = "wrong-role"
    WRONG_ORG_UNIT = "wrong-org-unit"
    CATALOG_MISMATCH = "catalog-mismatch"
    EQUIVOCATION = "equivocation"
    SEQUENCE_JUMP = "sequence-jump"
    ANCHOR_INVALID = "anchor-invalid"


class BundleRefused(Refused):
    """A bundle was refused; nothing from it may be used."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __repr__(self) -> str:
        return f"BundleRefused({self.reason.value!r}, {self.message!r})"


class KeyFileError(UserError):
    """A key file, public key card or rotation statement is unusable."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassphrase(KeyFileError):
    """The passphrase does not open the private key file."""


BundleWriteError = WriteFailed
"""Writing a bundle to disk failed; no partial file was left behind."""
