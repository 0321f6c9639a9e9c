"""Finding data items by code, name or note, the way a clerk types: with or without accents.

``dan so`` finds "Dân số", ``D.3`` finds every item of indicator D.3, and a
word of a value's note or of the catalog's notes finds that item. The entry
grid filters its rows with :func:`row_matches` (Ctrl+F).
"""

from __future__ import annotations

import unicodedata

from chiso_desktop.entry.form import Row


def fold(text: str) -> str:
    """Lower case without diacritics (``Đ`` → ``d``), so typing without accents still finds."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def row_matches(row: Row, query: str, plan_note: str = "") -> bool:
    """Every word of ``query`` appears in the item's codes, names or notes."""
    words = fold(query).split()
    if not words:
        return True
    ind, field = row.indicator, row.field
    haystack = fold(" ".join((row.code, ind.code, ind.name, field.label, row.label, row.note,
                              ind.note, field.note, plan_note)))
    return all(word in haystack for word in words)
