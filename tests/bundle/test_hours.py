"""Hour periods in bundles: format version 3 only when a bundle holds an hour (docs/bundle-format.md)."""

from __future__ import annotations

import pytest

from chiso_desktop.bundle import (
    BundleRefused,
    Reason,
    ValueRecord,
    build_bundle,
    values_to_json,
    verify,
)
from chiso_desktop.bundle.manifest import PERIOD, version_for
from tests.support.bundles import DEPARTMENT, Forger, canonical_container, fields, verify_kwargs

HOURLY = [ValueRecord("C.1.4", "2026060114", "value", "12.5", "Trạm Bảo Hà", 1, "Lò Văn Minh")]


def test_an_hourly_bundle_is_version_3_and_reads_back() -> None:
    data = build_bundle(fields(periods=["2026060114"]), {"values.json": values_to_json(HOURLY)},
                        DEPARTMENT.signing).data
    got = verify(data, **verify_kwargs())
    assert got.manifest.format_version == 3
    assert got.manifest.periods == ("2026060114",)
    assert [r.period for r in got.values] == ["2026060114"]


def test_other_bundles_stay_version_2() -> None:
    assert version_for(["202606", "20260601"]) == 2
    assert version_for(["20260601", "2026060114"]) == 3


@pytest.mark.parametrize("period", ["2026060124", "2026060199", "202606011", "2026060114 "])
def test_no_such_hour_passes_the_shape(period: str) -> None:
    assert PERIOD.fullmatch(period) is None


def test_hour_period_ids_pass_the_shape() -> None:
    assert all(PERIOD.fullmatch(f"20260601{h:02d}") for h in range(24))


def test_a_version_2_manifest_with_an_hour_is_refused(forger: Forger) -> None:
    payloads = {"values.json": values_to_json(HOURLY)}
    manifest = forger.manifest(payloads, periods=["2026060114"], counts={"values": 1})
    assert manifest["format_version"] == 2
    data = canonical_container(manifest, payloads, DEPARTMENT.signing)
    with pytest.raises(BundleRefused) as info:
        verify(data, **verify_kwargs())
    assert info.value.reason is Reason.MANIFEST_INVALID
    manifest["format_version"] = 3
    got = verify(canonical_container(manifest, payloads, DEPARTMENT.signing), **verify_kwargs())
    assert got.manifest.periods == ("2026060114",)
