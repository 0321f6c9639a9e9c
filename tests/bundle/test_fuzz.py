"""Hypothesis: whatever the bytes, the verifier answers with a bundle or BundleRefused."""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso_desktop.bundle import BundleRefused, VerifiedBundle, verify
from chiso_desktop.bundle.sealed import MAGIC
from tests.support.bundles import (
    DEPARTMENT,
    PAYLOADS_FOR_FUZZ,
    Forger,
    canonical_container,
    small_bundle,
    verify_kwargs,
)
from tests.support.examples import example_count

BUNDLE = small_bundle()
FUZZ = settings(max_examples=example_count(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _verify(data: bytes) -> VerifiedBundle | None:
    try:
        return verify(data, **verify_kwargs())
    except BundleRefused as exc:
        assert exc.reason.value and exc.message
        return None


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    assert _verify(data) is None


@FUZZ
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_behind_the_zip_or_sealed_magic(tail: bytes) -> None:
    assert _verify(b"PK\x03\x04" + tail) is None
    assert _verify(MAGIC + tail) is None


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(0, len(BUNDLE) - 1), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_mutated_bundle(changes: list[tuple[int, int]]) -> None:
    data = bytearray(BUNDLE)
    for position, value in changes:
        data[position] = value
    result = _verify(bytes(data))
    assert result is None or bytes(data) == BUNDLE


@FUZZ
@given(st.integers(0, len(BUNDLE)), st.integers(0, 64), st.binary(max_size=64))
def test_spliced_bundle(start: int, length: int, insert: bytes) -> None:
    data = BUNDLE[:start] + insert + BUNDLE[start + length :]
    result = _verify(data)
    assert result is None or data == BUNDLE


names = st.text(
    alphabet=st.sampled_from("abcXYZ019._-/\\:\x00é"), min_size=0, max_size=20
) | st.sampled_from(["manifest.json", "manifest.sig", "values.json", "../values.json"])


@FUZZ
@given(st.lists(st.tuples(names, st.binary(max_size=256), st.booleans()), max_size=6))
def test_random_zip_files(entries: list[tuple[str, bytes, bool]]) -> None:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as zf:
        warnings.simplefilter("ignore")  # duplicate names are part of the point
        for name, content, deflated in entries:
            method = zipfile.ZIP_DEFLATED if deflated else zipfile.ZIP_STORED
            info = zipfile.ZipInfo(name or "x")
            info.compress_type = method
            zf.writestr(info, content)
    assert _verify(out.getvalue()) is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found += _paths(value, (*prefix, index))
    return found


MANIFEST = Forger().manifest(PAYLOADS_FOR_FUZZ)
PATHS = _paths(MANIFEST)


@settings(max_examples=example_count(400), deadline=None)
@given(st.sampled_from(PATHS), json_values)
def test_signed_manifest_with_one_field_replaced(path: tuple[Any, ...], value: Any) -> None:
    """Even a correctly signed manifest with any odd field only yields BundleRefused."""
    import copy

    doc = copy.deepcopy(MANIFEST)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    data = canonical_container(doc, PAYLOADS_FOR_FUZZ, DEPARTMENT.signing)
    _verify(data)  # accepted only if the replacement happened to be valid


@settings(max_examples=example_count(300), deadline=None)
@given(json_values)
def test_signed_values_json_of_any_shape(values: Any) -> None:
    import json

    payloads = {"values.json": json.dumps(values).encode()}
    doc = Forger().manifest(payloads, counts={"values": 1})
    result = _verify(canonical_container(doc, payloads, DEPARTMENT.signing))
    assert result is None or (result.values is not None and len(result.values) == 1)
