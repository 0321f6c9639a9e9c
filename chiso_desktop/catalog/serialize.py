"""Catalog ⇄ plain mapping, and the content hash that pins a catalog version.

The mapping has the same shape as the TOML file, so a catalog that went out to
Excel and came back hashes the same as the shipped file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields as dc_fields
from decimal import Decimal
from enum import Enum
from typing import Any

from chiso_desktop.catalog.load import HOUR_FORMAT, catalog_from_mapping
from chiso_desktop.catalog.model import Catalog, Frequency

_HEAD_KEYS = (
    "id", "version", "kind", "title", "document", "issuer", "issued", "replaces",
    "base", "description", "department_lead_days", "office_lead_days",
)
_LIST_KEYS = ("categories", "groups", "indicators", "departments", "assignments", "deadlines",
              "tasks")


def _format_needed(catalog: Catalog) -> int:
    if any(Frequency.HOUR in ind.frequencies for ind in catalog.indicators):
        return HOUR_FORMAT
    if (bool(catalog.categories) or any(g.description or g.examples for g in catalog.groups)
            or any(ind.months for ind in catalog.indicators)):
        return 2
    return 1


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        for f in dc_fields(value):
            v = getattr(value, f.name)
            if v is None or v == "" or v == () or v is False:
                continue
            out[f.name] = _plain(v)
        return out
    return value


def catalog_to_mapping(catalog: Catalog) -> dict[str, Any]:
    head = {k: _plain(getattr(catalog, k)) for k in _HEAD_KEYS}
    head = {k: v for k, v in head.items() if v not in ("", 0)}
    # The lowest format that can say it: a catalog without version 2 (3) content keeps the
    # canonical text, hence the content hash, that bundles and databases already name.
    fmt = _format_needed(catalog)
    data: dict[str, Any] = {"format": fmt, "catalog": head}
    for key in _LIST_KEYS:
        items = _plain(getattr(catalog, key))
        if items:
            data[key] = items
    return data


def catalog_to_json(catalog: Catalog) -> str:
    return json.dumps(catalog_to_mapping(catalog), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def catalog_from_json(text: str) -> Catalog:
    return catalog_from_mapping(json.loads(text), "stored catalog")


def content_hash(catalog: Catalog) -> str:
    """SHA-256 of the canonical JSON; what bundles name to prove the version."""
    return hashlib.sha256(catalog_to_json(catalog).encode("utf-8")).hexdigest()
