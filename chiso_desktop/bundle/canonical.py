"""Strict JSON in and stable JSON out, shared by manifests, key cards and values.

Parsing refuses what Python's json would quietly accept (duplicate keys,
NaN, floats, invalid UTF-8, absurd nesting), because a signed document must
mean exactly one thing.
"""

from __future__ import annotations

import json
from typing import Any


class StrictJSONError(ValueError):
    """The bytes are not strict JSON as the bundle format defines it."""


def canonical_json(obj: Any) -> bytes:
    """Compact, key-sorted UTF-8 JSON: the bytes that get signed."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def pretty_json(obj: Any) -> bytes:
    """Key-sorted, indented UTF-8 JSON for files people may open."""
    return (
        json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    ).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise StrictJSONError("duplicate key in an object")
    return result


def _no_float(text: str) -> Any:
    raise StrictJSONError(f"fractional number {text!r} (decimals travel as strings)")


def _no_constant(text: str) -> Any:
    raise StrictJSONError(f"non-standard constant {text!r}")


def strict_loads(data: bytes, *, duplicates_checked_by_caller: bool = False) -> Any:
    """Parse UTF-8 JSON strictly; raise ``StrictJSONError`` for anything doubtful.

    ``duplicates_checked_by_caller`` skips the per-object Python hook that
    refuses duplicate keys (half the cost of a large values.json); only a
    caller that proves there are none by other means may set it.
    """
    try:
        text = data.decode("utf-8")
        return json.loads(
            text,
            object_pairs_hook=None if duplicates_checked_by_caller else _no_duplicates,
            parse_float=_no_float,
            parse_constant=_no_constant,
        )
    except StrictJSONError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError, TypeError) as exc:
        raise StrictJSONError(str(exc)) from exc
