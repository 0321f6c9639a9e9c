"""Every tampered, truncated or malformed bundle is refused with BundleRefused — nothing else."""

from __future__ import annotations

import io
import stat
import warnings
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from chiso_desktop.bundle import (
    BundleRefused,
    Limits,
    Reason,
    build_bundle,
    values_to_json,
    verify,
)
from chiso_desktop.bundle.canonical import pretty_json
from chiso_desktop.bundle.keys import b64, raw_public_key
from tests.support.bundles import (
    DEPARTMENT,
    OFFICE,
    STRANGER,
    VALUES,
    Forger,
    canonical_container,
    fields,
    patch_declared_size,
    verify_kwargs,
)

PAYLOADS = {"values.json": values_to_json(VALUES)}


def reason_for(data: bytes, **overrides: Any) -> Reason:
    with pytest.raises(BundleRefused) as info:
        verify(data, **verify_kwargs(**overrides))
    assert info.value.message
    return info.value.reason


# -- every byte -------------------------------------------------------------------------


def _accepted(data: bytes) -> bool:
    try:
        verify(data, **verify_kwargs())
    except BundleRefused:
        return False
    return True


@pytest.mark.parametrize("mask", [0x01, 0x80, 0xFF])
def test_every_single_byte_change_is_refused(bundle_bytes: bytes, mask: int) -> None:
    accepted = []
    for i in range(len(bundle_bytes)):
        tampered = bytearray(bundle_bytes)
        tampered[i] ^= mask
        if _accepted(bytes(tampered)):
            accepted.append(i)
    assert accepted == []


def test_truncation_at_every_length_is_refused(bundle_bytes: bytes) -> None:
    assert [n for n in range(len(bundle_bytes)) if _accepted(bundle_bytes[:n])] == []


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d + b"\x00",
        lambda d: b"\x00" + d,
        lambda d: d + d,
        lambda d: d[:100] + d[101:],
        lambda d: d[:100] + b"x" + d[100:],
    ],
)
def test_insertions_and_deletions_are_refused(
    bundle_bytes: bytes, change: Callable[[bytes], bytes]
) -> None:
    assert not _accepted(change(bundle_bytes))


def test_every_single_byte_change_of_a_sealed_bundle_is_refused() -> None:
    sealed = build_bundle(
        fields(), PAYLOADS, DEPARTMENT.signing, sealed_to=OFFICE.sealing.public_key()
    ).data
    assert _accepted(sealed)
    for i in range(len(sealed)):
        tampered = bytearray(sealed)
        tampered[i] ^= 0x01
        assert not _accepted(bytes(tampered)), i
    assert [n for n in range(len(sealed)) if _accepted(sealed[:n])] == []


# -- containers built by hand ---------------------------------------------------------------


def test_a_hand_built_zip_with_valid_signature_is_still_not_canonical(forger: Forger) -> None:
    data = forger.zip(forger.manifest(PAYLOADS), PAYLOADS)
    assert reason_for(data) == Reason.NOT_CANONICAL


@pytest.mark.parametrize(
    "name",
    [
        "../values.json",
        "../../etc/passwd",
        "/etc/passwd",
        "/values.json",
        "dir\\values.json",
        "..\\values.json",
        "C:values.json",
        "C:/values.json",
        "dir/values.json",
        "dir/",
        "",
        "a\x01b",
    ],
)
def test_unsafe_entry_names(forger: Forger, name: str) -> None:
    def add(zf: zipfile.ZipFile) -> None:
        zf.writestr(zipfile.ZipInfo(name or "placeholder"), b"x")

    data = forger.zip(forger.manifest(PAYLOADS), PAYLOADS, extra=add)
    if not name:
        data = data.replace(b"placeholder", b"\x00" * len("placeholder"))
    assert reason_for(data) in {Reason.UNSAFE_ENTRY_NAME, Reason.NOT_A_ZIP}
    if name:
        assert reason_for(data) == Reason.UNSAFE_ENTRY_NAME


def test_symlink_entry(forger: Forger) -> None:
    def add(zf: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("notes.txt")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, b"/etc/passwd")

    data = forger.zip(forger.manifest(PAYLOADS), PAYLOADS, extra=add)
    assert reason_for(data) == Reason.SYMLINK_ENTRY


@pytest.mark.parametrize("twin", ["values.json", "VALUES.json", "manifest.json"])
def test_duplicate_entries(forger: Forger, twin: str) -> None:
    def add(zf: zipfile.ZipFile) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            zf.writestr(twin, b"[]")

    data = forger.zip(forger.manifest(PAYLOADS), PAYLOADS, extra=add)
    assert reason_for(data) == Reason.DUPLICATE_ENTRY


def test_entry_not_in_the_manifest(forger: Forger) -> None:
    data = forger.zip(forger.manifest(PAYLOADS), {**PAYLOADS, "extra.txt": b"hello"})
    assert reason_for(data) == Reason.UNEXPECTED_ENTRY


def test_manifest_entry_missing(forger: Forger) -> None:
    listed = {**PAYLOADS, "notes.txt": b"hello"}
    data = forger.zip(forger.manifest(listed), PAYLOADS)
    assert reason_for(data) == Reason.MISSING_ENTRY


@pytest.mark.parametrize("drop", ["manifest.json", "manifest.sig"])
def test_manifest_or_signature_missing(forger: Forger, drop: str) -> None:
    data = forger.zip(forger.manifest(PAYLOADS), PAYLOADS)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != drop:
                dst.writestr(info, src.read(info.filename))
    assert reason_for(out.getvalue()) == Reason.MISSING_ENTRY


def test_empty_zip_and_not_a_zip(forger: Forger) -> None:
    assert reason_for(forger.zip(None, {})) == Reason.MISSING_ENTRY
    assert reason_for(b"PK\x05\x06" + bytes(18)) == Reason.MISSING_ENTRY  # the empty zip
    for junk in (b"", b"PK", b"PK\x05\x06", b"hello world" * 10, bytes(1000)):
        assert reason_for(junk) == Reason.NOT_A_ZIP


def test_entry_over_the_size_limits(bundle_bytes: bytes) -> None:
    assert reason_for(bundle_bytes, limits=Limits(max_entry_size=200)) == Reason.TOO_LARGE
    assert reason_for(bundle_bytes, limits=Limits(max_total_size=1000)) == Reason.TOO_LARGE
    assert reason_for(bundle_bytes, limits=Limits(max_manifest_size=100)) == Reason.TOO_LARGE


def test_file_over_the_size_limit() -> None:
    huge = b"PK" + bytes(Limits(max_total_size=1000).max_file_size + 2048)
    assert reason_for(huge, limits=Limits(max_total_size=1000)) == Reason.TOO_LARGE


def test_zip_bomb_ratio(forger: Forger) -> None:
    bomb = {"values.json": bytes(10 * 1024 * 1024)}
    data = canonical_container(forger.manifest(bomb), bomb, DEPARTMENT.signing)
    assert reason_for(data) == Reason.COMPRESSION_RATIO


def test_declared_size_lie_is_caught_by_the_bounded_read(forger: Forger) -> None:
    content = b"[" + b" " * 5000 + b"]"
    manifest = forger.manifest({"values.json": content}, counts={"values": 0})
    manifest["entries"][0]["size"] = 10
    data = patch_declared_size(
        canonical_container(manifest, {"values.json": content}, DEPARTMENT.signing),
        "values.json",
        10,
    )
    assert reason_for(data) == Reason.SIZE_MISMATCH


def test_unknown_compression_method(forger: Forger) -> None:
    def add(zf: zipfile.ZipFile) -> None:
        zf.writestr("notes.txt", b"hello" * 100, compress_type=zipfile.ZIP_BZIP2)

    data = forger.zip(forger.manifest(PAYLOADS), PAYLOADS, extra=add)
    assert reason_for(data) == Reason.UNSUPPORTED_ENTRY


@pytest.mark.parametrize(
    "manifest",
    [
        b"{not json",
        b"",
        b"\xff\xfe{}",
        b'{"format": "chiso-bundle", "format": "chiso-bundle"}',
        b'{"format_version": NaN}',
        b'{"format_version": 1.0}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_malformed_manifest_json(forger: Forger, manifest: bytes) -> None:
    data = canonical_container(manifest, PAYLOADS, DEPARTMENT.signing)
    assert reason_for(data) in {Reason.MALFORMED_JSON, Reason.TOO_LARGE}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return apply


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_set("format", "zip"), Reason.MANIFEST_INVALID),
        (_set("format_version", 4), Reason.UNSUPPORTED_VERSION),
        (_set("format_version", "1"), Reason.UNSUPPORTED_VERSION),
        (_set("format_version", True), Reason.UNSUPPORTED_VERSION),
        (_set("kind", "payment"), Reason.MANIFEST_INVALID),
        (_set("bundle_id", "not-a-uuid"), Reason.MANIFEST_INVALID),
        (_set("bundle_id", "0B6F6A1E-2F0E-4A57-9C55-5F1F0D7E9A11"), Reason.MANIFEST_INVALID),
        (_set("bundle_id", "0b6f6a1e-2f0e-1a57-9c55-5f1f0d7e9a11"), Reason.MANIFEST_INVALID),
        (_set("created_at", "yesterday"), Reason.MANIFEST_INVALID),
        (_set("sequence", "7"), Reason.MANIFEST_INVALID),
        (_set("sequence", True), Reason.MANIFEST_INVALID),
        (_set("sequence", -1), Reason.MANIFEST_INVALID),
        (_set("sequence", 2**64), Reason.MANIFEST_INVALID),
        (_set("periods", "202606"), Reason.MANIFEST_INVALID),
        (_set("periods", ["2026-06"]), Reason.MANIFEST_INVALID),
        (_set("periods", ["202606", "202606"]), Reason.MANIFEST_INVALID),
        (_set("counts", {"values": "4"}), Reason.MANIFEST_INVALID),
        (_set("counts", []), Reason.MANIFEST_INVALID),
        (_set("sender", None), Reason.MANIFEST_INVALID),
        (_set("sender.role", "admin"), Reason.MANIFEST_INVALID),
        (_set("sender.department", ""), Reason.MANIFEST_INVALID),
        (_set("sender.org_unit", 5), Reason.MANIFEST_INVALID),
        (_set("sender.org_unit", "Phu\u031bo\u031b\u0300ng"), Reason.MANIFEST_INVALID),
        (_set("sender.public_key", "AAAA"), Reason.MANIFEST_INVALID),
        (_set("sender.key_fingerprint", "ABC"), Reason.MANIFEST_INVALID),
        (_set("recipient", {}), Reason.MANIFEST_INVALID),
        (_set("recipient.key_fingerprint", None), Reason.MANIFEST_INVALID),
        (_set("catalog.content_hash", "sha256:abc"), Reason.MANIFEST_INVALID),
        (_set("catalog.id", ["x"]), Reason.MANIFEST_INVALID),
        (_set("entries", {}), Reason.MANIFEST_INVALID),
        (_set("entries.0.size", "10"), Reason.MANIFEST_INVALID),
        (_set("entries.0.size", -1), Reason.MANIFEST_INVALID),
        (_set("entries.0.name", "../values.json"), Reason.MANIFEST_INVALID),
        (_set("entries.0.name", "manifest.sig"), Reason.MANIFEST_INVALID),
        (_set("entries.0.sha256", None), Reason.MANIFEST_INVALID),
        (_set("entries.0.stored_sha256", _DELETE), Reason.MANIFEST_INVALID),
        (_set("app_version", _DELETE), Reason.MANIFEST_INVALID),
        (_set("surprise", 1), Reason.MANIFEST_INVALID),
        (_set("entries.0.sha256", "0" * 64), Reason.HASH_MISMATCH),
        (_set("entries.0.stored_sha256", "0" * 64), Reason.HASH_MISMATCH),
        (_set("entries.0.size", 3), Reason.SIZE_MISMATCH),
        (_set("counts", {"values": 5}), Reason.COUNT_MISMATCH),
        (_set("periods", ["202605"]), Reason.VALUES_INVALID),
    ],
)
def test_wrong_manifest_fields(
    forger: Forger, change: Callable[[dict[str, Any]], None], reason: Reason
) -> None:
    manifest = forger.manifest(PAYLOADS)
    change(manifest)
    data = canonical_container(manifest, PAYLOADS, DEPARTMENT.signing)
    assert reason_for(data) == reason


def test_the_unchanged_hand_forged_manifest_is_accepted(forger: Forger) -> None:
    """Control for the cases above: the forger's manifest itself is valid."""
    data = canonical_container(forger.manifest(PAYLOADS), PAYLOADS, DEPARTMENT.signing)
    assert verify(data, **verify_kwargs()).values == VALUES


def test_values_json_is_required_in_a_bundle(forger: Forger) -> None:
    data = canonical_container(forger.manifest({}), {}, DEPARTMENT.signing)
    assert reason_for(data) == Reason.MISSING_ENTRY


@pytest.mark.parametrize(
    "values",
    [
        b"{}",
        b'[{"code": "A.1"}]',
        b'[{"code": "A.1", "period": "202606", "state": "zero", "value": null, "note": "",'
        b' "revision": 0, "officer": ""}]',
        b'[{"code": "A.1", "period": "202606", "state": "value", "value": 5, "note": "",'
        b' "revision": 0, "officer": ""}]',
    ],
)
def test_malformed_values_json_in_a_signed_bundle(forger: Forger, values: bytes) -> None:
    payloads = {"values.json": values}
    data = canonical_container(
        forger.manifest(payloads, counts={"values": 1}), payloads, DEPARTMENT.signing
    )
    assert reason_for(data) == Reason.VALUES_INVALID


# -- signatures and keys --------------------------------------------------------------------


def test_forged_signature(forger: Forger) -> None:
    manifest = forger.manifest(PAYLOADS)
    for signature in (bytes(64), b"\x01" * 64, b"", b"x" * 63):
        data = forger.zip(manifest, PAYLOADS, signature=signature)
        assert reason_for(data) == Reason.BAD_SIGNATURE


def test_signature_by_another_key_than_the_sender_claimed(forger: Forger) -> None:
    data = canonical_container(forger.manifest(PAYLOADS), PAYLOADS, STRANGER.signing)
    assert reason_for(data) == Reason.BAD_SIGNATURE


def test_sender_key_that_does_not_match_its_fingerprint(forger: Forger) -> None:
    manifest = forger.manifest(PAYLOADS)
    manifest["sender"]["public_key"] = b64(raw_public_key(STRANGER.signing))
    data = canonical_container(manifest, PAYLOADS, STRANGER.signing)
    assert reason_for(data) == Reason.SENDER_KEY_MISMATCH


def test_validly_signed_by_a_key_that_is_not_enrolled() -> None:
    data = build_bundle(fields(), PAYLOADS, STRANGER.signing).data
    assert reason_for(data) == Reason.UNKNOWN_KEY


def test_signature_is_over_the_exact_manifest_bytes(forger: Forger) -> None:
    original = pretty_json(forger.manifest(PAYLOADS))
    reformatted = original.replace(b"\n", b"\r\n")
    signature = DEPARTMENT.signing.sign(original)
    data = forger.zip(reformatted, PAYLOADS, signature=signature)
    assert reason_for(data) == Reason.BAD_SIGNATURE


def test_too_many_entries_and_archive_comment(bundle_bytes: bytes, forger: Forger) -> None:
    assert reason_for(bundle_bytes, limits=Limits(max_entries=2)) == Reason.UNSUPPORTED_ENTRY

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.comment = b"hidden"
        zf.writestr("manifest.json", b"{}")
    assert reason_for(out.getvalue()) == Reason.NOT_A_ZIP
