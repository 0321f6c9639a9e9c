"""The gettext catalogs: every message translated, placeholders kept, languages switch.

Users read Vietnamese by default; a message left untranslated, or a translation
that drops a ``{name}`` placeholder, shows English or crashes ``str.format`` in
front of a clerk, so these checks guard the catalog as messages are added.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from chiso_desktop import i18n
from chiso_desktop.i18n_tools import po_path, untranslated

KNOWN = "* = installed in this database"
KNOWN_VI = "* = đã cài trong cơ sở dữ liệu này"

PERCENT_SPEC = re.compile(
    r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
ACCELERATOR = re.compile(r"&(?!&)")


def _catalog_messages(lang: str) -> Iterator[Message]:
    with Path(po_path(lang)).open("rb") as f:
        catalog = read_po(f, locale=lang)
    for msg in catalog:
        if msg.id:
            yield msg


def _pairs(msg: Message) -> Iterator[tuple[str, str]]:
    """(source, translation) pairs; Vietnamese plurals all map to the plural msgid."""
    if isinstance(msg.id, str):
        yield msg.id, str(msg.string)
        return
    singular, plural = msg.id[0], msg.id[1]
    for i, text in enumerate(msg.string):
        yield (singular if i == 0 and len(msg.string) > 1 else plural), text


def _brace_fields(text: str) -> set[tuple[str, str | None, str | None]]:
    """The ``{name!conv:spec}`` fields; a translation may repeat one, not drop or invent one."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return {("<unbalanced>", None, None)}
    return {(name, conv, spec) for _lit, name, spec, conv in parsed if name is not None}


def _percent_specs(text: str) -> list[str]:
    return sorted(PERCENT_SPEC.findall(text))


def _vi_pairs() -> list[tuple[str | None, str, str]]:
    return [(msg.context, src, text) for msg in _catalog_messages("vi")
            for src, text in _pairs(msg) if text]


def test_every_message_has_a_vietnamese_translation() -> None:
    assert untranslated("vi") == []


def test_vietnamese_header_declares_one_plural_form() -> None:
    text = Path(po_path("vi")).read_text(encoding="utf-8")
    assert '"Language: vi\\n"' in text
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in text
    en = Path(po_path("en")).read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in en


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plural_messages_fill_every_form(lang: str) -> None:
    expected = 1 if lang == "vi" else 2
    plurals = [m for m in _catalog_messages(lang) if isinstance(m.id, tuple)]
    assert plurals
    for msg in plurals:
        assert len(msg.string) == expected, msg.id
        assert all(msg.string), msg.id


def test_translations_keep_brace_placeholders() -> None:
    wrong = [(ctx, src, text) for ctx, src, text in _vi_pairs()
             if _brace_fields(src) != _brace_fields(text)]
    assert wrong == []


def test_translations_keep_percent_placeholders() -> None:
    wrong = [(ctx, src, text) for ctx, src, text in _vi_pairs()
             if _percent_specs(src) != _percent_specs(text)]
    assert wrong == []


def test_translations_keep_one_accelerator() -> None:
    wrong = [(ctx, src, text) for ctx, src, text in _vi_pairs()
             if len(ACCELERATOR.findall(src)) != len(ACCELERATOR.findall(text))]
    assert wrong == []


def test_translations_are_nfc() -> None:
    wrong = [text for _ctx, _src, text in _vi_pairs()
             if unicodedata.normalize("NFC", text) != text]
    assert wrong == []


def test_set_language_switches_gettext() -> None:
    i18n.set_language("vi")
    assert i18n._(KNOWN) == KNOWN_VI
    i18n.set_language("en")
    assert i18n._(KNOWN) == KNOWN
    i18n.set_language("vi")
    assert i18n._(KNOWN) == KNOWN_VI


def test_plurals_render_in_both_languages() -> None:
    singular, plural = "{n} day left (due {date})", "{n} days left (due {date})"
    i18n.set_language("en")
    assert i18n.ngettext(singular, plural, 1) == singular
    assert i18n.ngettext(singular, plural, 3) == plural
    i18n.set_language("vi")
    vi_one = i18n.ngettext(singular, plural, 1)
    assert vi_one == i18n.ngettext(singular, plural, 3)
    assert vi_one.format(n=3, date="30/06/2026") == "Còn 3 ngày (hạn nộp 30/06/2026)"


def test_cli_prints_vietnamese_by_default(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    from chiso_desktop.cli.main import main

    monkeypatch.delenv("CHISO_LANG", raising=False)
    i18n.set_language("en")  # main() must pick Vietnamese itself
    code = main(["--db", str(tmp_path / "chiso.db"), "catalog", "list"])
    out = capsys.readouterr().out
    assert code == 0
    assert KNOWN_VI in out
    assert KNOWN not in out


def test_cli_prints_english_when_asked(capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    from chiso_desktop.cli.main import main

    monkeypatch.setenv("CHISO_LANG", "en")
    code = main(["--db", str(tmp_path / "chiso.db"), "catalog", "list"])
    out = capsys.readouterr().out
    assert code == 0
    assert KNOWN in out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_message_is_listed_twice(lang: str) -> None:
    """Two entries for one (context, msgid) pair: gettext keeps only the first, silently.

    The union merge of the catalogs can produce such pairs when two people translate the
    same English word for different screens; give one of them a ``pgettext`` context.
    """
    text = Path(po_path(lang)).read_text(encoding="utf-8")
    seen: set[tuple[str | None, str]] = set()
    twice = []
    for block in text.split("\n\n"):
        ctx = re.search(r'^msgctxt "(.*)"$', block, re.M)
        mid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not mid:
            continue
        key = (ctx.group(1) if ctx else None, "".join(re.findall(r'"(.*)"', mid.group(1))))
        if key[1] and key in seen:
            twice.append(key)
        seen.add(key)
    assert not twice, f"listed twice in {lang}: {twice}"
