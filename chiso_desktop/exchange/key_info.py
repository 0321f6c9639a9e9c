"""This installation's key as people compare it: the short and full fingerprints."""

from __future__ import annotations

from chiso_desktop.exchange.identity import own_fingerprints

__all__ = ["own_fingerprints", "spaced"]


def spaced(full: str) -> str:
    """The 64 hex digits in groups of four, two lines, for reading aloud."""
    groups = [full[i:i + 4] for i in range(0, len(full), 4)]
    return " ".join(groups[:8]) + "\n" + " ".join(groups[8:])
