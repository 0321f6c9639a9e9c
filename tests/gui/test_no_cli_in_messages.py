"""No message the window can show sends a clerk to the command line.

Every message extracted from the package (Python ``_()`` strings and ``.ui``
strings) except those used only under ``chiso_desktop/cli/`` may reach the
GUI: the GUI shows core errors as they are. Neither the English source nor its
Vietnamese translation may name a ``chiso`` subcommand or a ``--flag``; the
CLI prints such hints from ``UserError.cli_hint`` instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from chiso_desktop.cli.main import build_parser
from chiso_desktop.i18n_tools import extract_all
from chiso_desktop.paths import i18n_dir


def _subcommands() -> list[str]:
    parser = build_parser()
    names: list[str] = []
    for action in parser._actions:  # argparse keeps subparsers here
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):
            names += list(choices)
    return names


def command_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _subcommands()), key=len, reverse=True))
    return re.compile(rf"(?<![.\w])chiso(?:-desktop)?\s+(?:{words})\b|(?<![\w-])--[a-z][a-z-]+")


def gui_reachable_messages() -> dict[str, list[str]]:
    """msgid (first form) → where it is used, for every message used outside ``cli/``."""
    out: dict[str, list[str]] = {}
    for message in extract_all():
        if not message.id:
            continue
        places = [loc for loc, _line in message.locations]
        if all(p.startswith("chiso_desktop/cli/") for p in places):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            out[text] = places
    return out


def test_the_pattern_finds_command_lines() -> None:
    pattern = command_pattern()
    assert pattern.search("enroll it with: chiso keys trust FILE --department CODE")
    assert pattern.search("give a reason (--reason)")
    assert pattern.search("Chạy lệnh chiso export --period 202606")
    assert not pattern.search("Drop .chiso files here")
    assert not pattern.search("Chỉ số Desktop — Nhị Chiểu")


def test_no_gui_reachable_message_names_a_cli_command() -> None:
    pattern = command_pattern()
    messages = gui_reachable_messages()
    assert len(messages) > 500  # the scan really covers the package
    bad = {text: places for text, places in messages.items() if pattern.search(text)}
    assert not bad, "\n".join(f"{p[0]}: {t!r}" for t, p in bad.items())


def test_no_translation_of_them_names_a_cli_command() -> None:
    pattern = command_pattern()
    messages = gui_reachable_messages()
    for lang in ("vi", "en"):
        path = Path(i18n_dir()) / lang / "LC_MESSAGES" / "chiso.po"
        with path.open("rb") as f:
            catalog = read_po(f)
        bad = []
        for entry in catalog:
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            if not entry.id or not any(i in messages for i in ids):
                continue
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            bad += [s for s in strings if s and pattern.search(s)]
        assert not bad, f"{lang}: {bad}"
