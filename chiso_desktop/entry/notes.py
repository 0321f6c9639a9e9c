"""What the catalogs say about one data item: notes and particulars, for tooltips and the info panel.

The decision's transcription keeps notes at three levels — the indicator,
its data item, and the plan's assignment ("Báo cáo trong phạm vi quản
lý") — and the particulars a clerk needs to know whom to ask (agency,
frequency, scope, disaggregation, source). This read model gathers them
in the UI language's labels, so the GUI only lays them out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from chiso_desktop.catalog.model import Catalog, CatalogKind, Field, Indicator
from chiso_desktop.i18n import _


@dataclass(frozen=True)
class ItemInfo:
    """The labelled particulars and notes of one data item, in display order."""

    title: str
    facts: tuple[tuple[str, str], ...]
    notes: tuple[tuple[str, str], ...]

    def tooltip(self) -> str:
        """Plain text: the title, then each note on its own line."""
        lines = [self.title] + [f"{label}: {text}" for label, text in self.notes]
        return "\n".join(lines)


def assignment_notes(catalogs: Iterable[Catalog]) -> dict[str, str]:
    """Indicator code → the plan's note on its assignment (plans only)."""
    found: dict[str, str] = {}
    for cat in catalogs:
        if cat.kind is CatalogKind.PLAN:
            for a in cat.assignments:
                if a.note:
                    found[a.indicator] = a.note
    return found


def item_info(indicator: Indicator, field: Field | None = None,
              assignment_note: str = "") -> ItemInfo:
    """The info panel's content for ``field`` of ``indicator`` (or the indicator alone)."""
    number = f"{indicator.number}. " if indicator.number else ""
    title = f"{indicator.code} — {number}{indicator.name}"
    if field is not None and field.label and field.label != indicator.name:
        title += f" · {field.label}"
    frequency = indicator.frequency_text or ", ".join(f.value for f in indicator.frequencies)
    facts = tuple((label, text) for label, text in (
        (_("Responsible agency"), indicator.agency),
        (_("Frequency"), frequency),
        (_("Scope"), indicator.scope),
        (_("Disaggregation"), indicator.disaggregation),
        (_("Data source"), indicator.source),
    ) if text)
    notes = tuple((label, text) for label, text in (
        (_("Note on the indicator"), indicator.note),
        (_("Note on the data item"), field.note if field is not None else ""),
        (_("Note of the plan"), assignment_note),
    ) if text)
    return ItemInfo(title, facts, notes)
