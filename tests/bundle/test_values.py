from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest

from chiso_desktop.bundle import BundleRefused, Reason, ValueRecord, parse_values, values_to_json
from tests.support.bundles import VALUES


def _record(**overrides: Any) -> dict[str, Any]:
    base = {
        "code": "A.1.1",
        "period": "202606",
        "state": "value",
        "value": "9275",
        "note": "",
        "revision": 1,
        "officer": "Hà",
        "combo": "default",
    }
    base.update(overrides)
    return base


def test_round_trip_keeps_states_apart_from_zero() -> None:
    parsed = parse_values(values_to_json(VALUES), periods={"202606"})
    assert parsed == VALUES
    assert [r.value for r in parsed if r.state != "value"] == [None, None]


def test_text_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Không phát sinh")
    [record] = parse_values(json.dumps([_record(note=nfd)]).encode())
    assert record.note == unicodedata.normalize("NFC", nfd)


@pytest.mark.parametrize(
    "record",
    [
        _record(state="zero"),
        _record(state="value", value=None),
        _record(state="value", value=9275),
        _record(state="not-applicable", value="0"),
        _record(state="missing", value=""),
        _record(revision=True),
        _record(revision=-1),
        _record(revision="1"),
        _record(code=""),
        _record(code=5),
        _record(period="2026-06"),
        _record(period=202606),
        _record(note=None),
        _record(officer=["x"]),
        _record(value="a\x00b"),
        {k: v for k, v in _record().items() if k != "note"},
        {**_record(), "extra": 1},
    ],
)
def test_malformed_records_are_refused(record: dict[str, Any]) -> None:
    with pytest.raises(BundleRefused) as info:
        parse_values(json.dumps([record]).encode())
    assert info.value.reason == Reason.VALUES_INVALID


def test_duplicates_and_undeclared_periods_are_refused() -> None:
    with pytest.raises(BundleRefused):
        parse_values(json.dumps([_record(), _record(value="1")]).encode())
    with pytest.raises(BundleRefused):
        parse_values(json.dumps([_record()]).encode(), periods={"202605"})


_DUPLICATE_KEYS = [
    # the same key twice, as a writer would put it and with the tricks a forger might try
    b'[{"code":"A.1.1","code":"A.1.2","note":"","officer":"H","period":"202606",'
    b'"revision":1,"state":"value","value":"1"}]',
    b'[{"code" :"A.1.1","note":"","officer":"H","period":"202606","revision":1,'
    b'"state":"value","value":"1","value":"2"}]',
    b'[{"\\u0063ode":"A.1.1","code":"A.1.2","note":"","officer":"H","period":"202606",'
    b'"revision":1,"state":"value","value":"1"}]',
    b'[{"code":"A.1.1","note":"","officer":"H","period":"202606","revision":1,'
    b'"state":"value","value":"1"},{"code":"A.1.2","note":"","officer":"H",'
    b'"period":"202606","period":"202607","revision":1,"state":"value","value":"1"}]',
    # one ":" more for the repeated key, one fewer written as an escape
    b'[{"code":"A.1.1","note":"10\\u003a30","officer":"H","period":"202606","revision":1,'
    b'"state":"value","state":"value","value":"1"}]',
]


@pytest.mark.parametrize("data", _DUPLICATE_KEYS)
def test_duplicate_keys_in_a_record_are_refused(data: bytes) -> None:
    with pytest.raises(BundleRefused) as info:
        parse_values(data)
    assert info.value.reason == Reason.MALFORMED_JSON


@pytest.mark.parametrize(
    "text", ["code", "10:30", '"code"', 'say "code": 1', "\\u0063ode", '"value":"x"']
)
def test_key_names_inside_text_are_just_text(text: str) -> None:
    records = [
        ValueRecord("A.1.1", "202606", "value", "1", text, 1, "Hà"),
        ValueRecord("A.1.2", "202606", "value", text, "", 1, text),
    ]
    assert parse_values(values_to_json(records)) == records


@pytest.mark.parametrize("data", [b"", b"{", b"[1.5]", b'{"a": 1}', b"\xff"])
def test_not_a_list_of_records(data: bytes) -> None:
    with pytest.raises(BundleRefused) as info:
        parse_values(data)
    assert info.value.reason in {Reason.MALFORMED_JSON, Reason.VALUES_INVALID}


def test_writer_refuses_records_the_reader_would_refuse() -> None:
    with pytest.raises(BundleRefused):
        values_to_json([ValueRecord("A.1", "202606", "missing", "0")])


def test_same_code_in_two_periods_is_fine_but_not_twice_in_one() -> None:
    two = [_record(period="202605"), _record(period="202606")]
    assert len(parse_values(json.dumps(two).encode(), periods={"202605", "202606"})) == 2
    with pytest.raises(BundleRefused):
        parse_values(json.dumps([*two, _record(period="202605", value="2")]).encode())


def test_large_file_takes_the_fast_path_and_matches_the_slow_one() -> None:
    records = [
        ValueRecord(f"A.{i}.1", "202606" if i % 2 else "2026Q2", "value", str(i), "", 1, "Hà")
        for i in range(2000)
    ]
    records.append(ValueRecord("B.1", "202606", "missing", None, "Không phát sinh", 0, ""))
    data = values_to_json(records)
    assert parse_values(data) == records
    # The same content with one NFD note goes the slow way and comes back NFC.
    nfd = data.replace("Không".encode(), unicodedata.normalize("NFD", "Không").encode())
    assert nfd != data and parse_values(nfd) == records


def test_version_1_records_have_no_combo_and_are_totals() -> None:
    """Bundles written before category combinations existed still read."""
    old = _record()
    del old["combo"]
    [record] = parse_values(json.dumps([old]).encode(), format_version=1)
    assert record.combo == "default" and record.value == "9275"
    with pytest.raises(BundleRefused):
        parse_values(json.dumps([old]).encode())  # version 2 requires the key
    with pytest.raises(BundleRefused):
        parse_values(json.dumps([_record()]).encode(), format_version=1)


def test_combinations_travel_and_may_share_code_and_period() -> None:
    records = [
        ValueRecord("A.X.1.1", "2026", "value", "7", combo="default"),
        ValueRecord("A.X.1.1", "2026", "value", "3", combo="nam.thanh-thi"),
        ValueRecord("A.X.1.1", "2026", "value", "4", combo="nu.thanh-thi"),
    ]
    assert parse_values(values_to_json(records)) == records
    with pytest.raises(BundleRefused):
        values_to_json([*records, records[1]])


@pytest.mark.parametrize("combo", ["", "Nam", "a b", "x" * 65, 5, None, "a:b"])
def test_bad_combos_are_refused(combo: Any) -> None:
    with pytest.raises(BundleRefused, match=r"invalid combo|wrong"):
        parse_values(json.dumps([_record(combo=combo)]).encode())
