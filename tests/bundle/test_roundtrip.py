from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from chiso_desktop.bundle import (
    BundleRefused,
    BundleWriteError,
    Reason,
    SequenceGuard,
    TrustedKey,
    ValueRecord,
    build_bundle,
    fingerprint,
    values_to_json,
    verify,
    write_bundle,
)
from chiso_desktop.bundle.container import deflate
from tests.support.bundles import (
    CATALOG,
    DEPARTMENT,
    OFFICE,
    STRANGER,
    VALUES,
    fields,
    small_bundle,
    verify_kwargs,
)


def test_round_trip(bundle_bytes: bytes) -> None:
    result = verify(bundle_bytes, **verify_kwargs())
    assert result.values == VALUES
    m = result.manifest
    assert (m.kind, m.sequence, m.periods, m.catalog) == ("bundle", 7, ("202606",), CATALOG)
    assert m.sender.department == "KT" and m.sender.org_unit == "Phường Nhị Chiểu"
    assert m.sender.key_fingerprint == fingerprint(DEPARTMENT.signing)
    assert m.recipient_fingerprint == fingerprint(OFFICE.signing)
    assert m.counts == {"values": 4}
    assert result.payloads["values.json"] == values_to_json(VALUES)
    assert not result.sealed


def test_container_is_an_ordinary_zip(bundle_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(bundle_bytes)) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["manifest.json", "manifest.sig", "values.json"]
        assert zf.getinfo("values.json").compress_type == zipfile.ZIP_DEFLATED
        assert zf.read("values.json") == values_to_json(VALUES)


def test_extra_payloads_and_other_kinds() -> None:
    payloads = {"values.json": values_to_json(VALUES), "catalog.json": b'{"id": "x"}'}
    data = build_bundle(fields(), payloads, DEPARTMENT.signing).data
    assert verify(data, **verify_kwargs()).payloads == payloads
    setup = build_bundle(
        fields(kind="setup", recipient_fingerprint=None, periods=[]),
        {"plan.json": b"{}"},
        OFFICE.signing,
    ).data
    result = verify(
        setup,
        expected_recipient_fingerprint=None,
        trusted_keys={fingerprint(OFFICE.signing): TrustedKey("KT")},
        known_catalog_hashes=None,
        expected_kind="setup",
    )
    assert result.values is None and result.manifest.recipient_fingerprint is None


def test_sealed_round_trip() -> None:
    data = build_bundle(
        fields(), {"values.json": values_to_json(VALUES)}, DEPARTMENT.signing,
        sealed_to=OFFICE.sealing.public_key(),
    ).data  # fmt: skip
    assert data.startswith(b"CHISO-SEALED\x01")
    result = verify(data, **verify_kwargs())
    assert result.sealed and result.values == VALUES


def test_writer_refuses_to_make_a_bundle_a_reader_would_refuse() -> None:
    with pytest.raises(ValueError):
        build_bundle(fields(), {"../evil": b""}, DEPARTMENT.signing)
    with pytest.raises(ValueError):
        build_bundle(fields(recipient_fingerprint=None), {}, DEPARTMENT.signing)
    with pytest.raises(ValueError):
        build_bundle(
            fields(counts={"values": 3}),
            {"values.json": values_to_json(VALUES)},
            DEPARTMENT.signing,
        )
    with pytest.raises(ValueError):
        build_bundle(fields(periods=["2026-06"]), {}, DEPARTMENT.signing)


def test_write_bundle_to_disk(tmp_path: Path) -> None:
    target = tmp_path / "KT-202606.chiso"
    path, built = write_bundle(
        target, fields(), {"values.json": values_to_json(VALUES)}, DEPARTMENT.signing
    )
    assert path == target and target.read_bytes() == built.data
    assert verify(target.read_bytes(), **verify_kwargs()).raw_sha256 == built.sha256
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_failed_write_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "KT.chiso"
    target.write_bytes(b"previous export")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(BundleWriteError, match="No space left"):
        write_bundle(target, fields(), {"values.json": values_to_json(VALUES)}, DEPARTMENT.signing)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["KT.chiso"]


def test_write_to_a_removed_drive(tmp_path: Path) -> None:
    with pytest.raises(BundleWriteError):
        write_bundle(
            tmp_path / "gone" / "KT.chiso", fields(), {"values.json": b"[]"}, DEPARTMENT.signing
        )


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"trusted_keys": {}}, Reason.UNKNOWN_KEY),
        (
            {"trusted_keys": {fingerprint(DEPARTMENT.signing): TrustedKey("KT", revoked=True)}},
            Reason.REVOKED_KEY,
        ),
        (
            {"trusted_keys": {fingerprint(DEPARTMENT.signing): TrustedKey("CA")}},
            Reason.WRONG_DEPARTMENT,
        ),
        ({"expected_recipient_fingerprint": fingerprint(STRANGER.signing)}, Reason.WRONG_RECIPIENT),
        ({"known_catalog_hashes": {"0" * 64}}, Reason.UNKNOWN_CATALOG),
        ({"expected_kind": "receipt"}, Reason.WRONG_KIND),
        (
            {
                "replay_guard": SequenceGuard(
                    seen_bundle_ids={"x"}, last_sequence={fingerprint(DEPARTMENT.signing): 7}
                )
            },
            Reason.REPLAY,
        ),
    ],
)
def test_trust_decisions(bundle_bytes: bytes, overrides: dict[str, object], reason: Reason) -> None:
    with pytest.raises(BundleRefused) as info:
        verify(bundle_bytes, **verify_kwargs(**overrides))
    assert info.value.reason == reason
    assert info.value.message


def test_replay_of_the_same_bundle_and_ordering_by_sequence(bundle_bytes: bytes) -> None:
    first = verify(bundle_bytes, **verify_kwargs())
    seen = SequenceGuard(seen_bundle_ids={first.manifest.bundle_id})
    with pytest.raises(BundleRefused) as info:
        verify(bundle_bytes, **verify_kwargs(replay_guard=seen))
    assert info.value.reason == Reason.REPLAY
    newer = small_bundle(
        sequence=8, created_at="2020-01-01T00:00:00+07:00"
    )  # older clock, newer number
    guard = SequenceGuard(last_sequence={fingerprint(DEPARTMENT.signing): 7})
    assert verify(newer, **verify_kwargs(replay_guard=guard)).manifest.sequence == 8


def test_sealed_bundle_needs_our_key() -> None:
    data = build_bundle(
        fields(), {"values.json": b"[]"}, DEPARTMENT.signing, sealed_to=OFFICE.sealing.public_key()
    ).data
    for key, reason in [
        (None, Reason.SEALED_NO_KEY),
        (STRANGER.sealing, Reason.SEALED_CANNOT_OPEN),
    ]:
        with pytest.raises(BundleRefused) as info:
            verify(data, **verify_kwargs(private_sealing_key=key))
        assert info.value.reason == reason


def test_repetitive_notes_still_make_a_bundle_the_reader_accepts() -> None:
    """A period whose long notes repeat one sentence deflates past the zip-bomb ratio.

    The writer then stores that payload as level-0 deflate: the export succeeds (it used
    to fail with a traceback) and the reader, unchanged, accepts the file.
    """
    note = ("Số liệu theo báo cáo tháng của phòng; " * 260)[:10_000]
    values = [ValueRecord(f"A.XIII.{n}.1", "202606", "value", str(n), note, 1, "Nguyễn Thị Hà")
              for n in range(1, 41)]
    payload = values_to_json(values)
    assert len(payload) > 100 * len(deflate(payload))  # would trip the ratio rule as deflated
    data = build_bundle(fields(), {"values.json": payload}, DEPARTMENT.signing).data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("values.json")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.file_size <= 100 * info.compress_size
    assert verify(data, **verify_kwargs()).values == values
