"""Heading rows (``kind = "heading"``): shown, never entered, never counted."""

from __future__ import annotations

from typing import Any

import pytest

from chiso_desktop.catalog.load import CatalogError, catalog_from_mapping
from chiso_desktop.catalog.serialize import catalog_from_json, catalog_to_json, content_hash
from chiso_desktop.office.plan import DueIndicator
from chiso_desktop.values.door import HEADING, check_value


def mapping(**heading_extra: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "catalog": {"id": "t", "version": "1", "kind": "indicator-set", "title": "T",
                    "document": "1/QĐ"},
        "groups": [{"code": "A", "name": "Nhóm A"}],
        "indicators": [{"code": "A.1", "name": "Dân số", "group": "A",
                        "frequencies": ["month"], "fields": [
            {"code": "A.1.0", "label": "I. Dân số", "kind": "heading", **heading_extra},
            {"code": "A.1.1", "label": "Dân số trung bình", "unit": "Người", "type": "integer"},
        ]}],
    }


def test_a_heading_is_read_kept_by_the_hash_and_not_counted() -> None:
    cat = catalog_from_mapping(mapping())
    head, value = cat.indicators[0].fields
    assert head.heading and not value.heading
    back = catalog_from_json(catalog_to_json(cat))
    assert back == cat and content_hash(back) == content_hash(cat)
    plain = mapping()
    del plain["indicators"][0]["fields"][0]["kind"]
    assert content_hash(catalog_from_mapping(plain)) != content_hash(cat)
    due = DueIndicator(cat, cat.indicators[0], "VP")
    assert [f.code for f in due.entered_fields] == ["A.1.1"]


def test_the_value_door_refuses_a_heading() -> None:
    cat = catalog_from_mapping(mapping())
    head = cat.indicators[0].fields[0]
    refused = check_value(head, cat.indicators[0], "A.1.0", "202601", "value", "5")
    assert refused is not None and refused.rule == HEADING


@pytest.mark.parametrize(("extra", "needle"), [
    ({"kind": "title"}, "is not 'heading'"),
    ({"formula": "{A.1.1}"}, "is a heading"),
])
def test_bad_headings_are_refused(extra: dict[str, Any], needle: str) -> None:
    with pytest.raises(CatalogError) as err:
        catalog_from_mapping(mapping(**extra))
    assert needle in str(err.value)


@pytest.mark.parametrize("cid,code", [("nhichieu-cchc-2026", "BM1.3"), ("laocai-2026", "B.14.1")])
def test_a_bundle_naming_a_shipped_heading_is_refused_saying_so(cid: str, code: str) -> None:
    """A department still on the version before the headings may send one: refused, with why."""
    from chiso_desktop.bundle import BundleRefused, ValueRecord
    from chiso_desktop.catalog.registry import builtin_catalogs
    from chiso_desktop.entry.scope import build_scope
    from chiso_desktop.exchange.merge import check_record
    from chiso_desktop.i18n import set_language
    from chiso_desktop.values.door import first_rejection

    scope = build_scope([builtin_catalogs()[cid]])
    rec = ValueRecord(code, "2026S1", "value", "Đã kiểm tra", "", 1, "Lan")
    set_language("vi")
    with pytest.raises(BundleRefused) as info:
        check_record(rec, scope.ref(code))
    assert code in str(info.value) and "tiêu đề" in str(info.value)
    rejection = first_rejection([(code, "2026S1", "value", "5", "")], scope.door_fields(),
                                scope.door_compiled())
    assert rejection is not None and rejection.rule == HEADING
