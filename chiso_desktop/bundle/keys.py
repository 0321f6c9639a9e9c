"""Installation keys: Ed25519 for signing, X25519 for sealing, and how people compare them.

Every installation has one key pair of each kind. Private keys are stored
encrypted with a key derived from the passphrase by scrypt (memory-hard,
parameters costing about 0.25 s, recorded in the stored text so they can be
raised later); keys written by earlier versions as PBKDF2-protected PKCS#8
PEM still open, and ``needs_upgrade`` tells the store to re-protect them. Public keys travel as a small self-signed
JSON "key card"; the Office enrolls a department's key after comparing the
short fingerprint read aloud or on paper. All cryptography comes from the
``cryptography`` package.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from chiso_desktop.bundle.canonical import (
    StrictJSONError,
    canonical_json,
    pretty_json,
    strict_loads,
)
from chiso_desktop.bundle.errors import KeyFileError, WrongPassphrase
from chiso_desktop.i18n import _

PrivateKey = Ed25519PrivateKey | X25519PrivateKey
PublicKey = Ed25519PublicKey | X25519PublicKey

ROLES = ("department", "office")
KEY_CARD_FORMAT = "chiso-public-key"
ROTATION_FORMAT = "chiso-key-rotation"
SHORT_FINGERPRINT_BYTES = 10

_RFC4648 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = bytes.maketrans(_RFC4648, _CROCKFORD)
_HEX64 = re.compile(r"[0-9a-f]{64}")


# -- generation and storage ---------------------------------------------------------------


def generate_keypair() -> Ed25519PrivateKey:
    """A new Ed25519 signing key for this installation."""
    return Ed25519PrivateKey.generate()


def generate_sealing_keypair() -> X25519PrivateKey:
    """A new X25519 key so others can seal files to this installation."""
    return X25519PrivateKey.generate()


@dataclass(frozen=True)
class InstallationKeys:
    """The two private keys one installation owns."""

    signing: Ed25519PrivateKey
    sealing: X25519PrivateKey

    @classmethod
    def generate(cls) -> InstallationKeys:
        return cls(generate_keypair(), generate_sealing_keypair())


def _passphrase_bytes(passphrase: str | bytes) -> bytes:
    # NFC so a passphrase typed with Vietnamese diacritics opens the key on every OS.
    if isinstance(passphrase, str):
        passphrase = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    if not passphrase:
        raise KeyFileError(_("A passphrase is required to protect the private key."))
    return passphrase


PRIVATE_KEY_FORMAT = "chiso-private-key"


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost: memory is 128 · r · n bytes, time grows with n · r · p."""

    n: int
    r: int
    p: int

    def as_json(self) -> dict[str, Any]:
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p}

    def at_least(self, other: KdfParams) -> bool:
        return self.n * self.r * self.p >= other.n * other.r * other.p and \
            self.n * self.r >= other.n * other.r


DEFAULT_KDF = KdfParams(n=2**17, r=6, p=1)
"""96 MiB and about 0.25 s on the reference office PC (measured in
tests/bundle/test_key_protection.py); a guess costs an attacker the same."""

TEST_KDF_ENV = "CHISO_TEST_KDF_LOG2N"
"""Tests only: scrypt n = 2**value for keys written in this process (lower than the
default, never higher), so a test suite that makes hundreds of keys stays fast. Keys
written so are upgraded to the default at their next unlock without it."""

_KEK_CACHE: dict[bytes, bytes] = {}
_KEK_CACHE_SIZE = 8


def kdf_params() -> KdfParams:
    """The parameters new keys are protected with."""
    raw = os.environ.get(TEST_KDF_ENV, "")
    if raw.isdigit() and 1 <= int(raw) < DEFAULT_KDF.n.bit_length() - 1:
        return KdfParams(n=2 ** int(raw), r=DEFAULT_KDF.r, p=1)
    return DEFAULT_KDF


def _kek(password: bytes, salt: bytes, params: KdfParams) -> bytes:
    """The key-encryption key; cached by a digest of its inputs within this process, so
    one operation that opens the signing and the sealing key (same salt) pays once."""
    tag = hashlib.sha256(b"%d:%d:%d:" % (params.n, params.r, params.p) + salt + b"\0"
                         + password).digest()
    cached = _KEK_CACHE.get(tag)
    if cached is not None:
        return cached
    kek = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p).derive(password)
    if len(_KEK_CACHE) >= _KEK_CACHE_SIZE:
        _KEK_CACHE.pop(next(iter(_KEK_CACHE)))
    _KEK_CACHE[tag] = kek
    return kek


def forget_unlocked_keys() -> None:
    """Drop the cached key-encryption keys (the end of an operation, a test)."""
    _KEK_CACHE.clear()


def _algorithm(key: PrivateKey) -> str:
    return "Ed25519" if isinstance(key, Ed25519PrivateKey) else "X25519"


def private_key_to_pem(key: PrivateKey, passphrase: str | bytes, *,
                       params: KdfParams | None = None, salt: bytes | None = None) -> bytes:
    """The private key as stored: scrypt-derived key, ChaCha20-Poly1305, parameters beside it.

    ASCII JSON (the column and the name are from the PEM days). ``salt`` may be
    shared by the keys one installation stores together, so one unlock derives once.
    """
    password = _passphrase_bytes(passphrase)
    params = params or kdf_params()
    salt = salt or os.urandom(16)
    nonce = os.urandom(12)
    header = {"format": PRIVATE_KEY_FORMAT, "format_version": 1, "algorithm": _algorithm(key),
              "kdf": {**params.as_json(), "salt": b64(salt)}, "cipher": "ChaCha20-Poly1305",
              "nonce": b64(nonce)}
    raw = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                            serialization.NoEncryption())
    sealed = ChaCha20Poly1305(_kek(password, salt, params)).encrypt(
        nonce, raw, canonical_json(header))
    return json.dumps({**header, "ciphertext": b64(sealed)}, sort_keys=True).encode("ascii")


def legacy_private_key_to_pem(key: PrivateKey, passphrase: str | bytes) -> bytes:
    """PKCS#8 PEM with cryptography's PBES2 (PBKDF2, 2,048 rounds): how keys were kept
    before scrypt. Only to test that such keys still open and are upgraded."""
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.BestAvailableEncryption(_passphrase_bytes(passphrase)),
    )


def _stored_header(data: bytes) -> dict[str, Any] | None:
    if not data.lstrip().startswith(b"{"):
        return None
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise KeyFileError(_("The key file is damaged.")) from None
    if not isinstance(doc, dict) or doc.get("format") != PRIVATE_KEY_FORMAT:
        raise KeyFileError(_("The file is not an encrypted private key."))
    return doc


def stored_kdf(data: bytes) -> KdfParams | None:
    """The scrypt parameters a stored key was protected with; None for a legacy PEM."""
    doc = _stored_header(data)
    if doc is None:
        return None
    kdf = doc.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise KeyFileError(_("The key file uses a protection this application does not know."))
    try:
        return KdfParams(int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
    except (KeyError, TypeError, ValueError):
        raise KeyFileError(_("The key file is damaged.")) from None


def needs_upgrade(data: bytes, wanted: KdfParams | None = None) -> bool:
    """True for a legacy PBKDF2 key, or one protected more cheaply than ``wanted``."""
    params = stored_kdf(data)
    return params is None or not params.at_least(wanted or DEFAULT_KDF)


def kdf_description(data: bytes) -> str:
    """What protects a stored key, as recorded next to it (``OwnKey.kdf``)."""
    params = stored_kdf(data)
    if params is None:
        return '{"name":"pbkdf2-sha256"}'
    return json.dumps(params.as_json(), sort_keys=True, separators=(",", ":"))


def _open_scrypt(doc: dict[str, Any], password: bytes) -> PrivateKey:
    try:
        kdf = doc["kdf"]
        params = KdfParams(int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(doc["nonce"], validate=True)
        sealed = base64.b64decode(doc["ciphertext"], validate=True)
        algorithm = doc["algorithm"]
        header = {k: v for k, v in doc.items() if k != "ciphertext"}
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise KeyFileError(_("The key file is damaged.")) from None
    if params.n < 2 or params.n > 2**22 or params.r > 64 or params.p > 16 or len(nonce) != 12:
        raise KeyFileError(_("The key file is damaged."))
    try:
        raw = ChaCha20Poly1305(_kek(password, salt, params)).decrypt(
            nonce, sealed, canonical_json(header))
    except Exception as exc:  # InvalidTag: wrong passphrase or altered file
        raise WrongPassphrase(_("The passphrase is wrong, or the key file is damaged.")) from exc
    if algorithm == "Ed25519":
        return Ed25519PrivateKey.from_private_bytes(raw)
    if algorithm == "X25519":
        return X25519PrivateKey.from_private_bytes(raw)
    raise KeyFileError(_("The key file holds a kind of key this application does not use."))


def load_private_key(pem: bytes, passphrase: str | bytes) -> PrivateKey:
    """Open a stored key (scrypt, or a legacy PBKDF2 PEM); ``WrongPassphrase`` when the
    passphrase does not fit."""
    password = _passphrase_bytes(passphrase)
    doc = _stored_header(pem)
    if doc is not None:
        return _open_scrypt(doc, password)
    if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" not in pem:
        raise KeyFileError(_("The file is not an encrypted private key."))
    try:
        key = serialization.load_pem_private_key(pem, password=password)
    except ValueError as exc:
        # cryptography reports a failed decryption and a damaged file alike; for an
        # encrypted PEM the wrong passphrase is by far the common case.
        raise WrongPassphrase(_("The passphrase is wrong, or the key file is damaged.")) from exc
    except (TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(_("The file is not a usable private key.")) from exc
    if not isinstance(key, Ed25519PrivateKey | X25519PrivateKey):
        raise KeyFileError(_("The key file holds a kind of key this application does not use."))
    return key


MIN_PASSPHRASE = 10


def passphrase_problem(passphrase: str, *, unit_names: tuple[str, ...] = ()) -> str | None:
    """Why a new passphrase is refused, or None: the one rule for the CLI and the GUI.

    At least 10 characters, not only spaces, and not the name of the ward or
    department (the first thing an attacker tries).
    """
    text = unicodedata.normalize("NFC", passphrase)
    if not text.strip():
        return _("The passphrase cannot be only spaces; choose at least {n} characters.").format(
            n=MIN_PASSPHRASE)
    if len(text) < MIN_PASSPHRASE:
        return _("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE)

    def plain(value: str) -> str:
        return "".join(unicodedata.normalize("NFC", value).casefold().split())

    if any(name and plain(text) == plain(name) for name in unit_names):
        return _("The passphrase cannot be the name of the ward or department; choose "
                 "something others cannot guess.")
    return None


def load_signing_key(pem: bytes, passphrase: str | bytes) -> Ed25519PrivateKey:
    key = load_private_key(pem, passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(_("The key file does not hold a signing key."))
    return key


def load_sealing_key(pem: bytes, passphrase: str | bytes) -> X25519PrivateKey:
    key = load_private_key(pem, passphrase)
    if not isinstance(key, X25519PrivateKey):
        raise KeyFileError(_("The key file does not hold a sealing key."))
    return key


# -- public keys and fingerprints ---------------------------------------------------------


def raw_public_key(key: PrivateKey | PublicKey) -> bytes:
    """The 32 raw bytes of a public key (of the public half, for a private key)."""
    if isinstance(key, Ed25519PrivateKey | X25519PrivateKey):
        key = key.public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw(key: bytes | PrivateKey | PublicKey) -> bytes:
    return key if isinstance(key, bytes) else raw_public_key(key)


def fingerprint(key: bytes | PrivateKey | PublicKey) -> str:
    """Full fingerprint: lowercase hex SHA-256 of the raw public key."""
    return hashlib.sha256(_raw(key)).hexdigest()


def short_fingerprint(key: bytes | PrivateKey | PublicKey) -> str:
    """First 80 bits of the fingerprint in Crockford base32, e.g. ``K7QD-3MZP-8W1X-C0RT``.

    Crockford's alphabet has no I, L, O or U, so it survives being read aloud.
    """
    digest = hashlib.sha256(_raw(key)).digest()[:SHORT_FINGERPRINT_BYTES]
    text = base64.b32encode(digest).translate(_TO_CROCKFORD).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize_short_fingerprint(text: str) -> str:
    """What a person typed, in the form ``short_fingerprint`` prints (O→0, I/L→1)."""
    cleaned = re.sub(r"[\s-]", "", text.upper()).translate(str.maketrans("OIL", "011"))
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def public_key_from_raw(raw: bytes) -> Ed25519PublicKey:
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64_decode_32(text: Any) -> bytes | None:
    """Strict base64 of exactly 32 bytes, or None."""
    if not isinstance(text, str) or len(text) != 44:
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == 32 and b64(raw) == text else None


def _b64_decode_sig(text: Any) -> bytes | None:
    if not isinstance(text, str) or len(text) != 88:
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == 64 else None


# -- self-signed documents (key card, rotation statement) ---------------------------------


def _sign_document(body: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    signature = key.sign(canonical_json(body))
    return pretty_json({**body, "signature": b64(signature)})


def _open_document(
    data: bytes, expected_format: str, keys: set[str],
    versions: dict[int, set[str]] | None = None,
) -> tuple[dict[str, Any], bytes]:
    """Parse a signed JSON document; return its body and the signature bytes.

    ``versions`` maps a later format version to the fields it adds to ``keys``.
    """
    try:
        doc = strict_loads(data)
    except StrictJSONError as exc:
        raise KeyFileError(_("The file is not valid JSON.")) from exc
    if not isinstance(doc, dict) or doc.get("format") != expected_format:
        raise KeyFileError(_("The file is not of the expected kind."))
    version = doc.get("format_version")
    extra = (versions or {}).get(version, set()) if type(version) is int else set()
    if version != 1 and not extra:
        raise KeyFileError(_("The file was written by a newer version of the application."))
    keys = keys | extra
    if set(doc) != keys | {"signature"}:
        raise KeyFileError(_("The file has missing or unknown fields."))
    signature = _b64_decode_sig(doc["signature"])
    if signature is None:
        raise KeyFileError(_("The file's signature is malformed."))
    body = {k: v for k, v in doc.items() if k != "signature"}
    for key in keys - {"format_version"}:
        if not isinstance(body[key], str):
            raise KeyFileError(_("The file has a field of the wrong type."))
    return body, signature


def _check_signature(public: Ed25519PublicKey, signature: bytes, body: dict[str, Any]) -> bool:
    try:
        public.verify(signature, canonical_json(body))
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class PublicKeyCard:
    """What an installation hands over for enrollment: who it is and its two public keys."""

    org_unit: str
    department: str
    role: str
    public_key: bytes
    sealing_public_key: bytes
    created_at: str = ""
    org_unit_code: str = ""
    """The official administrative unit code (card format version 2); "" on version 1 cards."""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.public_key)


_CARD_KEYS = {
    "format", "format_version", "org_unit", "department", "role", "algorithm",
    "public_key", "fingerprint", "short_fingerprint", "sealing_algorithm",
    "sealing_public_key", "created_at",
}  # fmt: skip


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def export_public_key(
    keys: InstallationKeys,
    *,
    org_unit: str,
    department: str,
    role: str,
    created_at: str | None = None,
    org_unit_code: str = "",
) -> bytes:
    """The key card as JSON, self-signed so the sealing key is bound to the fingerprint.

    With ``org_unit_code`` the card is format version 2 and names the unit's
    official code, which is how a city tells wards apart.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    public = raw_public_key(keys.signing)
    body = {
        "format": KEY_CARD_FORMAT,
        "format_version": 1,
        "org_unit": _nfc(org_unit),
        "department": _nfc(department),
        "role": role,
        "algorithm": "Ed25519",
        "public_key": b64(public),
        "fingerprint": fingerprint(public),
        "short_fingerprint": short_fingerprint(public),
        "sealing_algorithm": "X25519",
        "sealing_public_key": b64(raw_public_key(keys.sealing)),
        "created_at": created_at or datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if org_unit_code:
        body["format_version"] = 2
        body["org_unit_code"] = org_unit_code
    return _sign_document(body, keys.signing)


def read_public_key_file(data: bytes) -> PublicKeyCard:
    """Parse and check a key card; the fingerprints in it are recomputed, not trusted."""
    body, signature = _open_document(data, KEY_CARD_FORMAT, _CARD_KEYS,
                                     {2: {"org_unit_code"}})
    public = b64_decode_32(body["public_key"])
    sealing = b64_decode_32(body["sealing_public_key"])
    if public is None or sealing is None:
        raise KeyFileError(_("The key file holds a malformed public key."))
    if body["algorithm"] != "Ed25519" or body["sealing_algorithm"] != "X25519":
        raise KeyFileError(_("The key file uses an algorithm this application does not use."))
    if body["role"] not in ROLES or not body["department"]:
        raise KeyFileError(_("The key file names no valid role or department."))
    if body["fingerprint"] != fingerprint(public) or body["short_fingerprint"] != short_fingerprint(
        public
    ):
        raise KeyFileError(_("The fingerprint written in the key file does not match its key."))
    if not _check_signature(public_key_from_raw(public), signature, body):
        raise KeyFileError(_("The key file's signature is not valid; it may have been altered."))
    return PublicKeyCard(
        org_unit=_nfc(body["org_unit"]),
        department=_nfc(body["department"]),
        role=body["role"],
        public_key=public,
        sealing_public_key=sealing,
        created_at=body["created_at"],
        org_unit_code=body.get("org_unit_code", ""),
    )


# -- key rotation -------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationStatement:
    """The old key's signed word that a new key replaces it."""

    org_unit: str
    department: str
    role: str
    old_public_key: bytes
    new_public_key: bytes
    new_sealing_public_key: bytes | None
    reason: str
    created_at: str

    @property
    def old_fingerprint(self) -> str:
        return fingerprint(self.old_public_key)

    @property
    def new_fingerprint(self) -> str:
        return fingerprint(self.new_public_key)


_ROTATION_KEYS = {
    "format", "format_version", "org_unit", "department", "role", "old_public_key",
    "old_fingerprint", "new_public_key", "new_fingerprint", "new_sealing_public_key",
    "reason", "created_at",
}  # fmt: skip


def make_rotation_statement(
    old_private: Ed25519PrivateKey,
    new_public: Ed25519PublicKey | bytes,
    *,
    org_unit: str,
    department: str,
    role: str,
    new_sealing_public: X25519PublicKey | bytes | None = None,
    reason: str = "",
    created_at: str | None = None,
) -> bytes:
    """A statement, signed by the old key, that ``new_public`` takes over from it."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    old_raw = raw_public_key(old_private)
    new_raw = _raw(new_public)
    if new_raw == old_raw:
        raise ValueError("the new key must differ from the old key")
    body = {
        "format": ROTATION_FORMAT,
        "format_version": 1,
        "org_unit": _nfc(org_unit),
        "department": _nfc(department),
        "role": role,
        "old_public_key": b64(old_raw),
        "old_fingerprint": fingerprint(old_raw),
        "new_public_key": b64(new_raw),
        "new_fingerprint": fingerprint(new_raw),
        "new_sealing_public_key": b64(_raw(new_sealing_public)) if new_sealing_public else "",
        "reason": _nfc(reason),
        "created_at": created_at or datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return _sign_document(body, old_private)


def verify_rotation_statement(
    statement: bytes, old_public: Ed25519PublicKey | bytes
) -> RotationStatement:
    """Check that the enrolled ``old_public`` key signed this rotation; return its content."""
    body, signature = _open_document(statement, ROTATION_FORMAT, _ROTATION_KEYS)
    old_raw = _raw(old_public)
    claimed_old = b64_decode_32(body["old_public_key"])
    new_raw = b64_decode_32(body["new_public_key"])
    sealing = b64_decode_32(body["new_sealing_public_key"])
    if (
        claimed_old is None
        or new_raw is None
        or (body["new_sealing_public_key"] and sealing is None)
    ):
        raise KeyFileError(_("The rotation statement holds a malformed key."))
    if claimed_old != old_raw:
        raise KeyFileError(
            _("The rotation statement is for a different key than the enrolled one.")
        )
    if body["old_fingerprint"] != fingerprint(old_raw) or body["new_fingerprint"] != fingerprint(
        new_raw
    ):
        raise KeyFileError(_("The fingerprints in the rotation statement do not match its keys."))
    if new_raw == old_raw or body["role"] not in ROLES:
        raise KeyFileError(_("The rotation statement is not valid."))
    if not _check_signature(public_key_from_raw(old_raw), signature, body):
        raise KeyFileError(
            _("The rotation statement is not signed by the enrolled key; it may be forged.")
        )
    return RotationStatement(
        org_unit=_nfc(body["org_unit"]),
        department=_nfc(body["department"]),
        role=body["role"],
        old_public_key=old_raw,
        new_public_key=new_raw,
        new_sealing_public_key=sealing,
        reason=_nfc(body["reason"]),
        created_at=body["created_at"],
    )


def is_full_fingerprint(text: Any) -> bool:
    return isinstance(text, str) and _HEX64.fullmatch(text) is not None
